"""URL round trip of the page configs (activations, backprop, softmax)."""

from __future__ import annotations

import dataclasses

import pytest

from engine.neuralmath.backprop import EXAMPLES, default_values
from engine.neuralmath.config import ActivationsConfig, BackpropConfig, SoftmaxConfig


@pytest.mark.parametrize(
    "cfg",
    [
        ActivationsConfig(),
        ActivationsConfig(
            act="elu", alpha=1.0, x=-2.5, depth=30, overlay=True, train=True, collapse_data="xor"
        ),
        ActivationsConfig(act="leaky_relu", alpha=0.25, z=1.5, weight=2.0, seed=9, width=16),
        BackpropConfig(),
        BackpropConfig("mlp", lr=0.5, step=5),
        BackpropConfig("bce", values=(0.9, -0.2, 1.0, -1.0, 0.5, 0.0), lr=0.1, step=3, sample=1),
        SoftmaxConfig(),
        SoftmaxConfig(logits=(1.0, -2.0, 3.5, 0.0), true_class=3),  # valid only together
        SoftmaxConfig(logits=(0.0, 1.0), temperature=0.5, true_class=1, binary_z=-3.0, shift=1000.0),
    ],
)
def test_round_trip(cfg) -> None:
    again, problems = type(cfg).from_params(cfg.to_params())
    assert problems == []
    assert again == cfg


def test_defaults_give_empty_params() -> None:
    assert ActivationsConfig().to_params() == {}
    assert ActivationsConfig(act="elu", alpha=1.0).to_params() == {"act": "elu"}
    assert BackpropConfig("mlp", lr=0.5, values=default_values(EXAMPLES["mlp"])).to_params() == {"ex": "mlp"}
    assert SoftmaxConfig().to_params() == {}


@pytest.mark.parametrize(
    ("cls", "params", "field"),
    [
        (ActivationsConfig, {"act": "nope"}, "act"),
        (ActivationsConfig, {"depth": "999"}, "depth"),
        (ActivationsConfig, {"x": "nan"}, "x"),
        (ActivationsConfig, {"x": "9.5"}, "x"),  # beyond the slider
        (ActivationsConfig, {"z": "-9"}, "z"),
        (ActivationsConfig, {"w": "0.05"}, "weight"),
        (SoftmaxConfig, {"T": "15"}, "temperature"),
        (SoftmaxConfig, {"zb": "9"}, "binary_z"),
        (BackpropConfig, {"lr": "0.00001"}, "lr"),
        (ActivationsConfig, {"data": "blobs3"}, "collapse_data"),
        (BackpropConfig, {"ex": "mlp", "v": "1,2"}, "values"),
        (BackpropConfig, {"step": "99"}, "step"),
        (BackpropConfig, {"lr": "abc"}, "lr"),
        (SoftmaxConfig, {"z": "1"}, "logits"),
        (SoftmaxConfig, {"z": "1,2", "true": "5"}, "true_class"),
        (SoftmaxConfig, {"T": "0"}, "temperature"),
        (SoftmaxConfig, {"z": "1,inf"}, "logits"),
        (SoftmaxConfig, {"z": "1000,1001"}, "logits"),
        (SoftmaxConfig, {"shift": "-1"}, "shift"),
    ],
)
def test_bad_params_are_reported_not_raised(cls, params, field) -> None:
    cfg, problems = cls.from_params(params)
    assert problems
    assert getattr(cfg, field) == getattr(cls.from_params({})[0], field) or field == "true_class"


def test_backprop_leaves_merge_the_sample() -> None:
    cfg = BackpropConfig("bce", lr=0.01, sample=1)
    leaves = cfg.leaves()
    assert (leaves["x1"], leaves["x2"], leaves["y"]) == (0.75, 0.6, 1.0)
    assert dataclasses.replace(cfg, sample=0).leaves()["y"] == 0.0
