"""The page configs of the activation, backprop and softmax pages: one declared table each.

Every field is declared once with :func:`engine.urlstate.setting` (URL key, default, range or
choices, label); :class:`engine.urlstate.UrlConfig` parses, validates, encodes and reports the
link values it cannot use. Cross-field rules live in each class's ``check()``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, ClassVar

from engine.neuralmath.activations import ACTIVATIONS, DEFAULT_ALPHA
from engine.neuralmath.backprop import EXAMPLES, default_values, leaf_names
from engine.neuralmath.softmax import SLIDE_LOGITS
from engine.playground.datasets import CLASSIFICATION_SETS, DATASET_LABELS, n_classes
from engine.urlstate import UrlConfig, require, setting

COLLAPSE_SETS: tuple[str, ...] = tuple(d for d in CLASSIFICATION_SETS if n_classes(d) == 2)
NONLINEAR_FOR_COLLAPSE: tuple[str, ...] = ("tanh", "relu", "sigmoid", "elu")
MAX_CLASSES = 6
LOGIT_LIMIT = 10.0
MAX_SHIFT = 1000.0
VALUE_LIMIT = 100.0  #: the backprop page's inputs and weights stay within ±100
FALLBACK_ALPHA = 0.1  #: alpha of the activations without one of their own (unused by them)

_ACT_LABELS = {key: act.label for key, act in ACTIVATIONS.items()}


def default_alpha(act: str) -> float:
    """The α an activation starts with (leaky ReLU 0.1 as the slides, ELU 1)."""
    return DEFAULT_ALPHA.get(act, FALLBACK_ALPHA)


# --------------------------------------------------------------------------- activations


@dataclasses.dataclass(frozen=True)
class ActivationsConfig(UrlConfig):
    """The activation page: the function explorer, the vanishing-gradient demo, the linear collapse.

    ``x``: the input read out; ``alpha``: leaky-ReLU slope / ELU scale (its default depends on
    ``act``); ``depth``: layers in the gradient demo; ``z``, ``weight``: the pre-activation and
    weight of the toy chain; ``seed``, ``width``: the measured deep net; ``collapse_*``: data,
    hidden layers and comparison activation of the "why non-linearity" demo, trained only when
    ``train`` is on (it loads TensorFlow).
    """

    PRIMARY: ClassVar[tuple[str, ...]] = ("act",)

    act: str = setting("sigmoid", choices=_ACT_LABELS, label="Activation", describe="activation")
    x: float = setting(
        0.0,
        low=-8.0,
        high=8.0,
        step=0.01,
        label="Input x",
        help="The neuron's pre-activation z = w·x + b.",
        describe="x",
    )
    alpha: float = setting(
        FALLBACK_ALPHA,
        low=0.0,
        high=3.0,
        step=0.01,
        label="α (leaky slope / ELU scale)",
        help="Leaky ReLU: the slope for x < 0 (slides: 0.1). ELU: the value it saturates to is −α.",
        describe="alpha",
    )
    overlay: bool = setting(False, key="all", label="Show the other activations in grey")
    depth: int = setting(10, low=1, high=50, label="Layers N", describe="the depth")
    z: float = setting(
        0.0, low=-6.0, high=6.0, step=0.1, label="Pre-activation z at every layer", describe="z"
    )
    weight: float = setting(
        1.0, key="w", low=0.1, high=5.0, step=0.1, label="Weight w at every layer", describe="the weight"
    )
    seed: int = setting(0, low=0, high=2**31 - 1, widget="number", label="Weight seed", describe="the seed")
    width: int = setting(8, low=2, high=64, label="Neurons per layer", describe="the width")
    collapse_data: str = setting(
        "circle",
        key="data",
        choices={d: DATASET_LABELS[d] for d in COLLAPSE_SETS},
        label="Data (playground)",
        describe="two-class data set",
    )
    collapse_layers: int = setting(
        3, key="layers", low=1, high=6, label="Hidden layers (4 neurons each)", describe="the hidden layers"
    )
    collapse_act: str = setting(
        "tanh",
        key="vs",
        choices={k: _ACT_LABELS[k] for k in NONLINEAR_FOR_COLLAPSE},
        label="Compare with",
        describe="comparison activation",
    )
    train: bool = setting(False)

    def with_activation(self, act: str) -> ActivationsConfig:
        """This config with activation ``act`` and that activation's own default α."""
        return dataclasses.replace(self, act=act, alpha=default_alpha(act))

    @classmethod
    def link_base(cls, primary: Mapping[str, Any]) -> ActivationsConfig:
        return cls().with_activation(primary.get("act", cls().act))


# --------------------------------------------------------------------------- backprop


@dataclasses.dataclass(frozen=True)
class BackpropConfig(UrlConfig):
    """The backprop page: which example, its leaf values (graph order), learning rate, step, sample.

    ``values`` holds every leaf of the example (data and parameters, in graph order); its default
    and the learning rate's depend on ``example`` (:meth:`for_example`). ``step`` runs
    0..``2 n_ops + 1`` (see :mod:`engine.neuralmath.backprop`); ``sample`` picks the data point
    of the SGD example.
    """

    PRIMARY: ClassVar[tuple[str, ...]] = ("example",)

    example: str = setting(
        "expr",
        key="ex",
        choices={key: ex.title for key, ex in EXAMPLES.items()},
        widget="radio",
        label="Example",
        describe="example",
    )
    values: tuple[float, ...] = setting(
        default_values(EXAMPLES["expr"]),
        key="v",
        low=-VALUE_LIMIT,
        high=VALUE_LIMIT,
        describe="the inputs and weights",
    )
    lr: float = setting(
        EXAMPLES["expr"].lr,
        low=0.0001,
        high=10.0,
        step=0.01,
        fmt="%.4f",
        widget="number",
        label="Learning rate η",
        describe="the learning rate",
    )
    step: int = setting(0, low=0, describe="the step")
    sample: int = setting(0, low=0, describe="the data point")

    @classmethod
    def for_example(cls, example: str) -> BackpropConfig:
        """The example's own start: its (slides') values and learning rate, step 0, first sample."""
        ex = EXAMPLES[example]
        return cls(example=example, values=default_values(ex), lr=ex.lr)

    @classmethod
    def link_base(cls, primary: Mapping[str, Any]) -> BackpropConfig:
        return cls.for_example(primary.get("example", cls().example))

    def check(self) -> None:
        ex = EXAMPLES[self.example]
        n = len(leaf_names(ex))
        require(len(self.values) == n, f"the example {ex.title!r} needs {n} values", "values")
        require(self.step <= ex.n_steps, f"this example's steps run from 0 to {ex.n_steps}", "step")
        count = len(ex.samples)
        require(
            self.sample < count, f"this example has {count} data point{'s' if count > 1 else ''}", "sample"
        )

    def leaves(self) -> dict[str, float]:
        """Every leaf's value; the data leaves come from the chosen sample where there are several."""
        ex = EXAMPLES[self.example]
        leaves = dict(zip(leaf_names(ex), self.values, strict=True))
        return {**leaves, **ex.samples[self.sample]} if len(ex.samples) > 1 else leaves


# --------------------------------------------------------------------------- softmax


@dataclasses.dataclass(frozen=True)
class SoftmaxConfig(UrlConfig):
    """The softmax page: ``logits`` (2-6 classes, each within ±10), ``temperature``, the
    ``true_class`` of the loss, the logit ``binary_z`` of the one-sigmoid-output comparison and
    the constant ``shift`` added to every logit in the numerical-stability demo."""

    logits: tuple[float, ...] = setting(
        SLIDE_LOGITS,
        key="z",
        low=-LOGIT_LIMIT,
        high=LOGIT_LIMIT,
        min_len=2,
        max_len=MAX_CLASSES,
        describe="the logits",
    )
    temperature: float = setting(
        1.0,
        key="T",
        low=0.05,
        high=10.0,
        step=0.05,
        label="Temperature T",
        help="softmax(z / T): T < 1 sharpens, T > 1 flattens. T = 1 is the plain softmax.",
        describe="the temperature",
    )
    true_class: int = setting(0, key="true", low=0, label="True class (the label)", describe="the true class")
    binary_z: float = setting(
        1.0, key="zb", low=-8.0, high=8.0, step=0.1, label="logit z of the sigmoid output", describe="z"
    )
    shift: float = setting(
        0.0,
        low=0.0,
        high=MAX_SHIFT,
        step=10.0,
        label="Add a constant c to every logit",
        help="softmax(z + c) = softmax(z) mathematically. Numerically, e^(z + c) overflows past c ≈ 709.",
        describe="the shift",
    )

    def check(self) -> None:
        # only the class index is at fault: a link keeps its logits and drops the index
        n = len(self.logits)
        require(
            self.true_class < n,
            f"the true class must be one of the {n} classes of the logits (0-{n - 1})",
            "true_class",
        )
