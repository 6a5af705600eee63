"""The playground's whole configuration as one frozen, validated dataclass.

It round-trips through URL query parameters (:meth:`PlaygroundConfig.to_params`
/ :meth:`PlaygroundConfig.from_params`) so a shared link reopens the same
experiment: same data, same seed, same initial weights.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from typing import Any

from engine.playground import datasets
from engine.playground.features import DEFAULT_FEATURES, validate_features
from engine.url_values import decode_scalar

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


class ConfigError(ValueError):
    """A configuration value is out of range; the message says which and why."""


@dataclasses.dataclass(frozen=True)
class PlaygroundConfig:
    """Everything that defines a playground experiment.

    ``noise`` and ``train_percent`` use TF Playground's slider units (percent).
    """

    dataset: str = "circle"
    noise: int = 0
    train_percent: int = 50
    n_points: int = 500
    seed: int = 1
    init_seed: int = 1
    features: tuple[str, ...] = DEFAULT_FEATURES
    hidden: tuple[int, ...] = (4, 2)
    activation: str = "tanh"
    initializer: str = "glorot_uniform"
    regularization: str = "none"
    reg_rate: float = 0.0
    dropout: float = 0.0
    learning_rate: float = 0.03
    batch_size: int = 10
    optimizer: str = "sgd"
    loss: str = "cross_entropy"
    show_test: bool = False
    discretize: bool = False

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

    # ---- validation --------------------------------------------------------
    def validated(self) -> PlaygroundConfig:
        """Return self if every value is in range, else raise :class:`ConfigError`."""
        checks: list[tuple[bool, str]] = [
            (
                self.dataset in datasets.CLASSIFICATION_SETS + datasets.REGRESSION_SETS,
                f"unknown data set {self.dataset!r}",
            ),
            (0 <= self.noise <= 80, "noise must be between 0 and 80 %"),
            (10 <= self.train_percent <= 90, "the training share must be 10-90 %"),
            (20 <= self.n_points <= 2000, "the number of points must be 20-2000"),
            (0 <= self.seed < 2**31, "the data seed must be a non-negative integer"),
            (0 <= self.init_seed < 2**31, "the weight seed must be a non-negative integer"),
            (0 <= len(self.hidden) <= MAX_LAYERS, f"at most {MAX_LAYERS} hidden layers"),
            (
                all(1 <= n <= MAX_NEURONS for n in self.hidden),
                f"each hidden layer has 1-{MAX_NEURONS} neurons",
            ),
            (self.activation in ACTIVATIONS, f"unknown activation {self.activation!r}"),
            (self.initializer in INITIALIZERS, f"unknown initializer {self.initializer!r}"),
            (self.regularization in REGULARIZERS, f"unknown regularization {self.regularization!r}"),
            (0.0 <= self.reg_rate <= 10.0, "the regularization rate must be 0-10"),
            (0.0 <= self.dropout <= MAX_DROPOUT, f"dropout must be 0-{MAX_DROPOUT}"),
            (
                math.isfinite(self.learning_rate) and 0.0 < self.learning_rate <= 10.0,
                "the learning rate must be in (0, 10]",
            ),
            (1 <= self.batch_size <= MAX_BATCH, f"the batch size must be 1-{MAX_BATCH}"),
            (self.optimizer in OPTIMIZERS, f"unknown optimizer {self.optimizer!r}"),
            (self.loss in LOSSES, f"unknown loss {self.loss!r}"),
        ]
        for ok, why in checks:
            if not ok:
                raise ConfigError(why)
        if validate_features(self.features) != self.features:
            raise ConfigError(
                "features must be listed once each, in the order x1, x2, x1sq, x2sq, x1x2, sinx1, sinx2"
            )
        return self

    # ---- URL round trip ----------------------------------------------------
    def to_params(self) -> dict[str, str]:
        """Query parameters for a shareable link (only values that differ from defaults)."""
        default = PlaygroundConfig()
        out: dict[str, str] = {}
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if value != getattr(default, field.name):
                out[_PARAM_NAMES[field.name]] = _encode(value)
        return out

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> tuple[PlaygroundConfig, list[str]]:
        """Parse query parameters; bad values fall back to defaults.

        Returns the config and a list of human-readable problems (empty if none),
        so a page can say what it ignored instead of failing.
        """
        default = cls()
        values: dict[str, Any] = {}
        problems: list[str] = []
        for field in dataclasses.fields(cls):
            key = _PARAM_NAMES[field.name]
            if key not in params:
                continue
            try:
                candidate = _decode(params[key], getattr(default, field.name))
                dataclasses.replace(default, **{field.name: candidate}).validated()
            except (ValueError, TypeError) as err:
                problems.append(f"ignored {key}={params[key]!r}: {err}")
                continue
            values[field.name] = candidate
        config = dataclasses.replace(default, **values)
        try:
            config.validated()
        except ConfigError as err:  # a combination that is invalid as a whole
            problems.append(f"ignored the link's settings: {err}")
            config = default
        return config, problems


_PARAM_NAMES: dict[str, str] = {
    "dataset": "data",
    "noise": "noise",
    "train_percent": "train",
    "n_points": "n",
    "seed": "seed",
    "init_seed": "wseed",
    "features": "f",
    "hidden": "net",
    "activation": "act",
    "initializer": "init",
    "regularization": "reg",
    "reg_rate": "rr",
    "dropout": "drop",
    "learning_rate": "lr",
    "batch_size": "bs",
    "optimizer": "opt",
    "loss": "loss",
    "show_test": "test",
    "discretize": "disc",
}


def _encode(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, tuple):
        return ",".join(str(v) for v in value) if value else "-"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _decode(text: str, like: Any) -> Any:
    """Parse ``text`` into the type of ``like`` (the field's default)."""
    if isinstance(like, tuple):
        parts = [] if text in ("", "-") else text.split(",")
        if isinstance(like[0], int):
            return tuple(int(p) for p in parts)
        return validate_features(parts)  # canonical order, duplicates dropped
    return decode_scalar(text, like)
