"""Frozen, validated page configs of the activation, backprop and softmax pages.

Each round-trips through URL query parameters: ``to_params()`` writes only the
values that differ from the defaults, ``from_params(params)`` never raises and
returns ``(config, problems)`` with one human-readable line per ignored value.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from typing import Any, TypeVar

from engine.neuralmath.activations import ACTIVATIONS, DEFAULT_ALPHA
from engine.neuralmath.backprop import EXAMPLES, default_values, leaf_names
from engine.neuralmath.softmax import SLIDE_LOGITS
from engine.playground.datasets import CLASSIFICATION_SETS, n_classes
from engine.url_values import decode_scalar

C = TypeVar("C")

COLLAPSE_SETS: tuple[str, ...] = tuple(d for d in CLASSIFICATION_SETS if n_classes(d) == 2)
NONLINEAR_FOR_COLLAPSE: tuple[str, ...] = ("tanh", "relu", "sigmoid", "elu")
MAX_CLASSES = 6
LOGIT_LIMIT = 10.0
MAX_SHIFT = 1000.0


def _encode(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, tuple):
        return ",".join(_encode(v) for v in value) if value else "-"
    if isinstance(value, float):
        return f"{value:.10g}"
    return str(value)


def _decode(text: str, like: Any) -> Any:
    if isinstance(like, tuple):
        return tuple(float(p) for p in text.split(",")) if text not in ("", "-") else ()
    return decode_scalar(text, like)


def _from_params(
    cls: type[C], names: Mapping[str, str], params: Mapping[str, str], default: C
) -> tuple[C, list[str]]:
    """Field by field; a bad value is skipped with a problem line, then the whole is validated."""
    decoded: dict[str, Any] = {}
    problems: list[str] = []
    for field in dataclasses.fields(cls):  # type: ignore[arg-type]
        key = names[field.name]
        if key in params:
            try:
                decoded[field.name] = _decode(params[key], getattr(default, field.name))
            except (ValueError, TypeError) as err:
                problems.append(f"ignored {key}={params[key]!r}: {err}")
    try:  # fields that depend on each other (a class index and the logits) are valid together
        return dataclasses.replace(default, **decoded).validated(), problems  # type: ignore[attr-defined,type-var]
    except ValueError:
        pass
    values: dict[str, Any] = {}
    for name, candidate in decoded.items():
        try:
            dataclasses.replace(default, **{name: candidate}).validated()  # type: ignore[attr-defined]
        except (ValueError, TypeError) as err:
            problems.append(f"ignored {names[name]}={params[names[name]]!r}: {err}")
            continue
        values[name] = candidate
    config = dataclasses.replace(default, **values)  # type: ignore[type-var]
    try:
        config.validated()  # type: ignore[attr-defined]
    except ValueError as err:
        problems.append(f"ignored the link's settings: {err}")
        config = default
    return config, problems


def _to_params(config: Any, names: Mapping[str, str], default: Any) -> dict[str, str]:
    return {
        names[f.name]: _encode(getattr(config, f.name))
        for f in dataclasses.fields(config)
        if getattr(config, f.name) != getattr(default, f.name)
    }


def _check(checks: list[tuple[bool, str]]) -> None:
    for ok, why in checks:
        if not ok:
            raise ValueError(why)


# --------------------------------------------------------------------------- activations


@dataclasses.dataclass(frozen=True)
class ActivationsConfig:
    """The activation page: the function explorer, the vanishing-gradient demo, the linear collapse.

    ``x``: the input read out; ``alpha``: leaky-ReLU slope / ELU scale; ``depth``: layers in the
    gradient demo; ``z``, ``weight``: the pre-activation and weight of the toy chain; ``seed``,
    ``width``: the measured deep net; ``collapse_*``: data, hidden layers and comparison activation
    of the "why non-linearity" demo, trained only when ``train`` is on (it loads TensorFlow).
    """

    act: str = "sigmoid"
    x: float = 0.0
    alpha: float = 0.1
    overlay: bool = False
    depth: int = 10
    z: float = 0.0
    weight: float = 1.0
    seed: int = 0
    width: int = 8
    collapse_data: str = "circle"
    collapse_layers: int = 3
    collapse_act: str = "tanh"
    train: bool = False

    def validated(self) -> ActivationsConfig:
        _check(
            [
                (self.act in ACTIVATIONS, f"unknown activation {self.act!r}"),
                (-8.0 <= self.x <= 8.0, "x must be in [-8, 8]"),
                (0.0 <= self.alpha <= 3.0, "alpha must be in [0, 3]"),
                (1 <= self.depth <= 50, "the depth must be 1-50 layers"),
                (-6.0 <= self.z <= 6.0, "z must be in [-6, 6]"),
                (0.1 <= self.weight <= 5.0, "the weight must be in [0.1, 5]"),
                (0 <= self.seed < 2**31, "the seed must be a non-negative integer"),
                (2 <= self.width <= 64, "the width must be 2-64"),
                (self.collapse_data in COLLAPSE_SETS, f"unknown two-class data set {self.collapse_data!r}"),
                (1 <= self.collapse_layers <= 6, "1-6 hidden layers"),
                (self.collapse_act in NONLINEAR_FOR_COLLAPSE, f"unknown activation {self.collapse_act!r}"),
            ]
        )
        return self

    def to_params(self) -> dict[str, str]:
        default = dataclasses.replace(ActivationsConfig(), alpha=DEFAULT_ALPHA.get(self.act, 0.1))
        return _to_params(self, _ACT_NAMES, default)

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> tuple[ActivationsConfig, list[str]]:
        default = cls()
        act = params.get("act", default.act)
        if act in ACTIVATIONS:
            default = dataclasses.replace(default, alpha=DEFAULT_ALPHA.get(act, 0.1))
        return _from_params(cls, _ACT_NAMES, params, default)


_ACT_NAMES = {
    "act": "act",
    "x": "x",
    "alpha": "alpha",
    "overlay": "all",
    "depth": "depth",
    "z": "z",
    "weight": "w",
    "seed": "seed",
    "width": "width",
    "collapse_data": "data",
    "collapse_layers": "layers",
    "collapse_act": "vs",
    "train": "train",
}


# --------------------------------------------------------------------------- backprop


@dataclasses.dataclass(frozen=True)
class BackpropConfig:
    """The backprop page: which example, its leaf values (graph order), learning rate, step, sample.

    ``values`` is empty for the example's defaults; ``step`` runs 0..``2 n_ops + 1`` (see
    :mod:`engine.neuralmath.backprop`); ``sample`` picks the data point of the SGD example.
    """

    example: str = "expr"
    values: tuple[float, ...] = ()
    lr: float = 0.01
    step: int = 0
    sample: int = 0

    def leaves(self) -> dict[str, float]:
        ex = EXAMPLES[self.example]
        vals = self.values or default_values(ex)
        leaves = dict(zip(leaf_names(ex), vals, strict=True))
        return {**leaves, **ex.samples[self.sample]} if len(ex.samples) > 1 else leaves

    def validated(self) -> BackpropConfig:
        _check([(self.example in EXAMPLES, f"unknown example {self.example!r}")])
        ex = EXAMPLES[self.example]
        _check(
            [
                (
                    not self.values or len(self.values) == len(leaf_names(ex)),
                    f"this example needs {len(leaf_names(ex))} values",
                ),
                (
                    all(math.isfinite(v) and abs(v) <= 100 for v in self.values),
                    "values must be in [-100, 100]",
                ),
                (
                    math.isfinite(self.lr) and 0.0001 <= self.lr <= 10,
                    "the learning rate must be in [0.0001, 10]",
                ),
                (0 <= self.step <= ex.n_steps, f"the step must be 0-{ex.n_steps}"),
                (0 <= self.sample < len(ex.samples), "no such sample"),
            ]
        )
        return self

    def to_params(self) -> dict[str, str]:
        default = (
            BackpropConfig(self.example, lr=EXAMPLES[self.example].lr)
            if self.example in EXAMPLES
            else BackpropConfig()
        )
        out = _to_params(self, _BP_NAMES, default)
        if self.example != BackpropConfig.example:
            out["ex"] = self.example
        if self.example in EXAMPLES and self.values == default_values(EXAMPLES[self.example]):
            out.pop("v", None)
        return out

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> tuple[BackpropConfig, list[str]]:
        default = cls()
        ex = params.get("ex", default.example)
        if ex in EXAMPLES:
            default = BackpropConfig(ex, lr=EXAMPLES[ex].lr)
        return _from_params(cls, _BP_NAMES, params, default)


_BP_NAMES = {"example": "ex", "values": "v", "lr": "lr", "step": "step", "sample": "sample"}


# --------------------------------------------------------------------------- softmax


@dataclasses.dataclass(frozen=True)
class SoftmaxConfig:
    """The softmax page: ``logits`` (2-6 classes, each within ±10), ``temperature``, the
    ``true_class`` of the loss, the logit ``binary_z`` of the one-sigmoid-output comparison and
    the constant ``shift`` added to every logit in the numerical-stability demo."""

    logits: tuple[float, ...] = SLIDE_LOGITS
    temperature: float = 1.0
    true_class: int = 0
    binary_z: float = 1.0
    shift: float = 0.0

    def validated(self) -> SoftmaxConfig:
        _check(
            [
                (2 <= len(self.logits) <= MAX_CLASSES, f"2-{MAX_CLASSES} logits"),
                (
                    all(math.isfinite(v) and abs(v) <= LOGIT_LIMIT for v in self.logits),
                    f"logits must be in [-{LOGIT_LIMIT:g}, {LOGIT_LIMIT:g}]",
                ),
                (
                    math.isfinite(self.temperature) and 0.05 <= self.temperature <= 10,
                    "the temperature must be 0.05-10",
                ),
                (0 <= self.true_class < len(self.logits), "the true class must be one of the classes"),
                (math.isfinite(self.binary_z) and abs(self.binary_z) <= 8, "z must be in [-8, 8]"),
                (
                    math.isfinite(self.shift) and 0 <= self.shift <= MAX_SHIFT,
                    f"the shift must be 0-{MAX_SHIFT:g}",
                ),
            ]
        )
        return self

    def to_params(self) -> dict[str, str]:
        return _to_params(self, _SM_NAMES, SoftmaxConfig())

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> tuple[SoftmaxConfig, list[str]]:
        return _from_params(cls, _SM_NAMES, params, cls())


_SM_NAMES = {"logits": "z", "temperature": "T", "true_class": "true", "binary_z": "zb", "shift": "shift"}
