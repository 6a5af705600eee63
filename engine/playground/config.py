"""The playground's whole configuration as one frozen, validated dataclass.

It round-trips through URL query parameters (:meth:`PlaygroundConfig.to_params`
/ :meth:`PlaygroundConfig.from_params`) so a shared link reopens the same
experiment: same data, same seed, same initial weights.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from engine.playground import datasets
from engine.playground.features import DEFAULT_FEATURES, FEATURES
from engine.urlstate import ConfigError, UrlConfig, setting

__all__ = ["ConfigError", "PlaygroundConfig"]

ACTIVATIONS: dict[str, str] = {
    "relu": "ReLU",
    "tanh": "tanh",
    "sigmoid": "sigmoid",
    "linear": "linear",
    "leaky_relu": "leaky ReLU",
    "elu": "ELU",
}
INITIALIZERS: dict[str, str] = {
    "glorot_uniform": "Glorot uniform (Keras default)",
    "he_normal": "He normal",
    "tfp_uniform": "uniform ±0.5, bias 0.1 (TF Playground)",
    "zeros": "zeros (watch symmetry break down)",
}
OPTIMIZERS: dict[str, str] = {
    "sgd": "SGD",
    "momentum": "SGD + momentum (0.9)",
    "rmsprop": "RMSprop",
    "adagrad": "Adagrad",
    "adam": "Adam",
}
LOSSES: dict[str, str] = {"cross_entropy": "cross-entropy", "mse": "mean squared error"}
REGULARIZERS: dict[str, str] = {"none": "none", "l1": "L1", "l2": "L2"}
LEARNING_RATES: tuple[float, ...] = (
    0.00001,
    0.0001,
    0.001,
    0.003,
    0.01,
    0.03,
    0.1,
    0.3,
    1.0,
    3.0,
    10.0,
)
REG_RATES: tuple[float, ...] = (0.0, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)

MAX_LAYERS = 6
MAX_NEURONS = 8
MAX_BATCH = 64
MAX_DROPOUT = 0.8


@dataclasses.dataclass(frozen=True)
class PlaygroundConfig(UrlConfig):
    """Everything that defines a playground experiment (one declared table: URL key, range, label).

    ``noise`` and ``train_percent`` use TF Playground's slider units (percent).
    """

    dataset: str = setting(
        "circle",
        key="data",
        choices=datasets.CLASSIFICATION_SETS + datasets.REGRESSION_SETS,
        describe="data set",
    )
    noise: int = setting(0, low=0, high=80, describe="the noise (%)")
    train_percent: int = setting(50, key="train", low=10, high=90, describe="the training share (%)")
    n_points: int = setting(500, key="n", low=20, high=2000, describe="the number of points")
    seed: int = setting(1, low=0, high=2**31 - 1, describe="the data seed")
    init_seed: int = setting(1, key="wseed", low=0, high=2**31 - 1, describe="the weight seed")
    features: tuple[str, ...] = setting(
        DEFAULT_FEATURES, key="f", choices=FEATURES, ordered=True, min_len=1, describe="the input features"
    )
    hidden: tuple[int, ...] = setting(
        (4, 2), key="net", low=1, high=MAX_NEURONS, max_len=MAX_LAYERS, describe="each hidden layer's size"
    )
    activation: str = setting("tanh", key="act", choices=ACTIVATIONS, describe="activation")
    initializer: str = setting("glorot_uniform", key="init", choices=INITIALIZERS, describe="initializer")
    regularization: str = setting("none", key="reg", choices=REGULARIZERS, describe="regularization")
    reg_rate: float = setting(
        0.0, key="rr", choices=REG_RATES, grid=True, label="Rate", describe="the regularization rate"
    )
    dropout: float = setting(0.0, key="drop", low=0.0, high=MAX_DROPOUT, describe="dropout")
    learning_rate: float = setting(
        0.03,
        key="lr",
        choices=LEARNING_RATES,
        grid=True,
        label="Learning rate",
        help="Changes take effect at once, without a reset.",
        describe="the learning rate",
    )
    batch_size: int = setting(10, key="bs", low=1, high=MAX_BATCH, describe="the batch size")
    optimizer: str = setting("sgd", key="opt", choices=OPTIMIZERS, describe="optimizer")
    loss: str = setting("cross_entropy", choices=LOSSES, describe="loss")
    show_test: bool = setting(False, key="test")
    discretize: bool = setting(False, key="disc")

    # ---- derived -----------------------------------------------------------
    @property
    def is_regression(self) -> bool:
        return datasets.is_regression(self.dataset)

    @property
    def n_classes(self) -> int:
        """2 for binary sets, 3-4 for blobs, 0 for regression."""
        return datasets.n_classes(self.dataset)

    @property
    def n_outputs(self) -> int:
        """Output units: 1 (sigmoid or linear) or k (softmax)."""
        return self.n_classes if self.n_classes > 2 else 1

    @property
    def effective_loss(self) -> str:
        """Regression always trains on MSE."""
        return "mse" if self.is_regression else self.loss

    def data_key(self) -> tuple[Any, ...]:
        """What defines the data set: change it and the points change."""
        return (self.dataset, self.noise, self.train_percent, self.n_points, self.seed)

    def model_key(self) -> tuple[Any, ...]:
        """What needs a freshly built network (a new Keras model and new compiled functions).

        Everything else changes on the running network: the learning rate and
        batch size at once; the data set, noise, split and number of points swap
        the data and go back to epoch 0 with the same initial weights (as TF
        Playground resets); a new data seed swaps the data and keeps training
        (Regenerate); a new weight seed re-draws the weights.
        """
        return (
            self.is_regression,
            self.n_outputs,
            self.features,
            self.hidden,
            self.activation,
            self.initializer,
            self.regularization,
            self.reg_rate,
            self.dropout,
            self.optimizer,
            self.effective_loss,
        )
