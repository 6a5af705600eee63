""" "What to try" in the MNIST lab: the slides' experiments, one button each."""

from __future__ import annotations

from engine.mnist.models import ModelSpec, count_params
from engine.presets import Preset


def _params(kind: str) -> int:
    """The trainable parameters of a lab network at its default width (the engine's count)."""
    return count_params(ModelSpec(kind))


def params_text(n: int) -> str:
    """A parameter count as a lesson says it: 1.2 M, 62 k."""
    return f"{n / 1e6:.1f} M" if n >= 1e6 else f"{n / 1e3:.0f} k"


#: Each preset starts from the defaults and keeps the learner's data set, seed and digit on show.
_KEEP = ("dataset", "seed", "browse")

_DENSE = {"model": "dense", "activation": "sigmoid", "hidden_units": 128, "epochs": 5, "batch_size": 32}

PRESETS: tuple[Preset, ...] = (
    Preset(
        "Slides' dense network",
        "Flatten → Dense(128, sigmoid) → Dense(10, softmax), plain SGD, 5 epochs, as in the slides "
        "(they got about 89 % on all 60,000 digits). With a few thousand digits expect less.",
        {**_DENSE, "optimizer": "sgd", "learning_rate": 0.01},
        keep=_KEEP,
    ),
    Preset(
        "Sigmoid vs ReLU: ReLU",
        "Same network and optimizer as the slides' dense network, hidden activation ReLU: "
        "gradients do not saturate, so SGD learns much faster. Compare the curves with the previous preset.",
        {**_DENSE, "activation": "relu", "optimizer": "sgd", "learning_rate": 0.01},
        keep=_KEEP,
    ),
    Preset(
        "SGD vs Adam: Adam",
        "The slides' dense network again, but Adam instead of SGD: a learning rate per weight, "
        "adapted as it trains. Accuracy after 5 epochs jumps.",
        {**_DENSE, "optimizer": "adam", "learning_rate": 0.001},
        keep=_KEEP,
    ),
    Preset(
        "No normalization",
        "Pixels stay 0-255 instead of 0-1 (ReLU, SGD 0.01): every first-layer sum is 255x larger, the "
        "first updates overshoot and the ReLUs die: accuracy stays at chance, about 10 %. Tick "
        "'Normalise pixels' again and the same network learns (over 75 % in 5 epochs). (With the "
        "slides' sigmoid at this small learning rate the raw pixels act like a bigger step and even "
        "help; scaling is what makes one learning rate work for every network.)",
        {**_DENSE, "activation": "relu", "optimizer": "sgd", "learning_rate": 0.01, "normalize": False},
        keep=_KEEP,
    ),
    Preset(
        "Remove Flatten",
        "The slides ask: what if you remove Flatten()? The lab shows the shapes and why Keras "
        "refuses to train, instead of crashing.",
        {**_DENSE, "flatten": False},
        keep=_KEEP,
    ),
    Preset(
        "Slides' CNN (default)",
        "Conv(32) → Pool → Conv(32) → Pool → Dense(128) → softmax with Adam: about 97 % on the "
        "held-out digits in well under a minute. Look at the filters and feature maps afterwards.",
        {},
        keep=_KEEP,
    ),
    Preset(
        "Deep CNN with dropout (deck 002)",
        f"Conv(32) → Conv(64) → Pool → Dropout(0.25) → Dense(128) → Dropout(0.5): {params_text(_params('cnn_slides'))} "
        "parameters, "
        "slower per epoch, strong regularisation.",
        {"model": "cnn_slides", "dropout": 0.5, "epochs": 4, "batch_size": 128},
        keep=_KEEP,
    ),
    Preset(
        "LeNet-style CNN",
        "LeCun's classic layout (6 and 16 filters of 5x5, then 120 and 84 units): only "
        f"{params_text(_params('lenet'))} parameters, yet it beats the dense networks with "
        f"{params_text(_params('dense'))} and {params_text(_params('mlp'))}.",
        {"model": "lenet", "epochs": 10},
        keep=_KEEP,
    ),
    Preset(
        "Overfitting",
        "A wide MLP (1024 units) on only 500 digits for 30 epochs: training accuracy reaches 100 % "
        "while validation loss turns upward. Then set dropout to 0.5 and compare.",
        {"model": "mlp", "hidden_units": 1024, "train_size": 500, "epochs": 30, "batch_size": 32},
        keep=_KEEP,
    ),
)

#: The Draw a digit page's presets: each changes one setting of the current page (the rest stays).
DRAW_PRESETS: tuple[Preset, ...] = (
    Preset(
        "Preprocessing off",
        "Draw a small digit in a corner first: preprocessing crops, scales and centres it, so the model "
        "still reads it. This switches *MNIST-style preprocessing* off: the same drawing, squashed as it "
        "is, is often misread (the slides: *make sure your handwriting is quite centered*).",
        {"preprocess": False},
        from_defaults=False,
    ),
    Preset(
        "A thin pen",
        "Stroke width 6 instead of 20: a very thin (or very thick) pen changes the grey levels the "
        "network sees; the pretrained model was trained with thicker and thinner strokes, so it copes.",
        {"stroke_width": 6},
        from_defaults=False,
    ),
    Preset(
        "Held-out test digits",
        "Real MNIST images the network never trained on, instead of the canvas: press the dice for "
        "another one and compare the answer with the true label.",
        {"source": "test"},
        from_defaults=False,
    ),
    Preset(
        "Your lab model",
        "Train your own network in the MNIST lab first (say the slides' dense network), then press "
        "this: dense networks are far more sensitive to where the digit sits.",
        {"model": "lab"},
        from_defaults=False,
    ),
    Preset(
        "Back to the defaults",
        "The canvas, the pretrained CNN, preprocessing on, stroke width 20, the path shown.",
        {},
        keep=("sample",),
    ),
)
