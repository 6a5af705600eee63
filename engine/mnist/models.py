"""The lab's models, as in the slides, built with seeded initializers.

Every model takes ``(None, 28, 28, 1)`` float images and ends in ``Dense(10, softmax)``.
Weights depend only on ``seed`` (each layer gets its own derived seed), so a
shared link rebuilds the very same initial network.
"""

from __future__ import annotations

import dataclasses

from engine.tf_runtime import get_tf

MODELS: dict[str, str] = {
    "cnn_small": "Slides' CNN (Conv32-Pool-Conv32-Pool-Dense)",
    "cnn_slides": "Slides' deep CNN (Conv32-Conv64-Pool-Dropout-Dense)",
    "lenet": "LeNet-style CNN (Conv6 5x5-Pool-Conv16 5x5-Pool-120-84)",
    "dense": "Slides' dense network (Flatten-Dense-softmax)",
    "mlp": "MLP with two hidden layers",
}
#: The same networks, named short enough for the sidebar's select box (MODELS is the caption).
MODEL_NAMES: dict[str, str] = {
    "cnn_small": "Slides' small CNN",
    "cnn_slides": "Slides' deep CNN",
    "lenet": "LeNet-style CNN",
    "dense": "Slides' dense network",
    "mlp": "MLP, 2 hidden layers",
}
CONV_MODELS = ("cnn_small", "cnn_slides", "lenet")
ACTIVATIONS: dict[str, str] = {"relu": "ReLU", "sigmoid": "sigmoid", "tanh": "tanh"}


@dataclasses.dataclass(frozen=True)
class ModelSpec:
    """What defines a lab network.

    Attributes:
        kind: a key of :data:`MODELS`.
        activation: hidden activation (conv and dense), a key of :data:`ACTIVATIONS`.
        hidden_units: width of the (first) hidden Dense layer.
        dropout: rate of the Dropout after the hidden Dense layer (0 = none).
        flatten: False reproduces the slides' "remove Flatten" experiment (see
            :func:`flatten_problem`); such a model is never trained.
    """

    kind: str = "cnn_small"
    activation: str = "relu"
    hidden_units: int = 128
    dropout: float = 0.0
    flatten: bool = True


def _init(seed: int, i: int):
    keras = get_tf().keras
    return keras.initializers.GlorotUniform(seed=seed * 1000 + i)


def layer_specs(spec: ModelSpec) -> list[tuple[str, dict]]:
    """The layers as (Keras class name, keyword arguments), input to output (no initializers)."""
    act = spec.activation
    units = spec.hidden_units
    layers: list[tuple[str, dict]] = []
    if spec.kind == "cnn_small":
        layers += [
            ("Conv2D", {"filters": 32, "kernel_size": (3, 3), "activation": act}),
            ("MaxPooling2D", {"pool_size": (2, 2)}),
            ("Conv2D", {"filters": 32, "kernel_size": (3, 3), "activation": act}),
            ("MaxPooling2D", {"pool_size": (2, 2)}),
        ]
    elif spec.kind == "cnn_slides":
        layers += [
            ("Conv2D", {"filters": 32, "kernel_size": (3, 3), "activation": act}),
            ("Conv2D", {"filters": 64, "kernel_size": (3, 3), "activation": act}),
            ("MaxPooling2D", {"pool_size": (2, 2)}),
            ("Dropout", {"rate": 0.25}),
        ]
    elif spec.kind == "lenet":
        layers += [
            ("Conv2D", {"filters": 6, "kernel_size": (5, 5), "padding": "same", "activation": act}),
            ("MaxPooling2D", {"pool_size": (2, 2)}),
            ("Conv2D", {"filters": 16, "kernel_size": (5, 5), "activation": act}),
            ("MaxPooling2D", {"pool_size": (2, 2)}),
        ]
    elif spec.kind not in ("dense", "mlp"):
        raise ValueError(f"unknown model {spec.kind!r}")
    if spec.flatten:
        layers.append(("Flatten", {}))
    if spec.kind == "lenet":
        layers += [
            ("Dense", {"units": 120, "activation": act}),
            ("Dense", {"units": 84, "activation": act}),
        ]
    elif spec.kind == "mlp":
        layers += [
            ("Dense", {"units": units, "activation": act}),
            ("Dense", {"units": max(units // 2, 10), "activation": act}),
        ]
    else:
        layers.append(("Dense", {"units": units, "activation": act}))
    if spec.dropout > 0:
        layers.append(("Dropout", {"rate": spec.dropout}))
    layers.append(("Dense", {"units": 10, "activation": "softmax"}))
    return layers


def build_model(spec: ModelSpec, seed: int = 0):
    """A Keras model for ``spec``; input ``(None, 28, 28, 1)``, output ``(None, 10)`` probabilities.

    With ``flatten=False`` the Dense layers act on the last axis only and the
    output is ``(None, rows, cols, 10)`` (the model is built to show shapes).
    """
    keras = get_tf().keras
    layers = [keras.Input(shape=(28, 28, 1), name="image")]
    for i, (cls, kwargs) in enumerate(layer_specs(spec)):
        kwargs = dict(kwargs)
        if cls in ("Conv2D", "Dense"):
            kwargs["kernel_initializer"] = _init(seed, i)
        if cls == "Dropout":
            kwargs["seed"] = seed * 1000 + i
        layers.append(getattr(keras.layers, cls)(**kwargs))
    return keras.Sequential(layers, name=spec.kind)


def flatten_problem(spec: ModelSpec) -> str | None:
    """Why the network cannot train without Flatten (None if it has one)."""
    if spec.flatten:
        return None
    model = build_model(spec)
    shape = tuple(model.output_shape)
    return (
        f"Without Flatten, Dense layers act on the last axis of each image only: the output has "
        f"shape {shape} per batch instead of (None, 10): one 10-way softmax per "
        f"{'pixel' if spec.kind in ('dense', 'mlp') else 'feature-map cell'} rather than one per "
        "image. Sparse categorical cross-entropy needs one probability vector per image to compare "
        "with its one label, so Keras stops with a shape error. Put Flatten back: it turns each "
        "(28, 28) image into a vector of 784 numbers before the first Dense layer."
    )


def count_params(spec: ModelSpec) -> int:
    """Trainable parameters, by formula (tested against Keras's ``count_params``)."""
    h = w = 28
    ch = 1
    total = 0
    n_in: int | None = None
    for cls, kw in layer_specs(spec):
        if cls == "Conv2D":
            k = kw["kernel_size"][0]
            total += (k * k * ch + 1) * kw["filters"]
            ch = kw["filters"]
            if kw.get("padding", "valid") == "valid":
                h, w = h - k + 1, w - k + 1
        elif cls == "MaxPooling2D":
            h, w = h // 2, w // 2
        elif cls == "Flatten":
            n_in = h * w * ch
        elif cls == "Dense":
            fan_in = n_in if n_in is not None else ch
            total += (fan_in + 1) * kw["units"]
            n_in = kw["units"]
            ch = kw["units"]
    return total
