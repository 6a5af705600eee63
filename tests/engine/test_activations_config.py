"""URL round trip of the page configs (activations, backprop, softmax), declared with ``setting()``."""

from __future__ import annotations

import dataclasses

import pytest

from engine.neuralmath.activations import DEFAULT_ALPHA
from engine.neuralmath.backprop import EXAMPLES, default_values, leaf_names
from engine.neuralmath.config import ActivationsConfig, BackpropConfig, SoftmaxConfig
from engine.urlstate import ConfigError

#: Every URL key the three pages have ever written (shared links must keep working).
URL_KEYS = {
    ActivationsConfig: {
        "act",
        "x",
        "alpha",
        "all",
        "depth",
        "z",
        "w",
        "seed",
        "width",
        "data",
        "layers",
        "vs",
        "train",
    },
    BackpropConfig: {"ex", "v", "lr", "step", "sample"},
    SoftmaxConfig: {"z", "T", "true", "zb", "shift"},
}


@pytest.mark.parametrize("cls", list(URL_KEYS))
def test_url_keys_are_kept(cls) -> None:
    assert {info.key for info in cls.fields_info()} == URL_KEYS[cls]


@pytest.mark.parametrize(
    "cfg",
    [
        ActivationsConfig(),
        ActivationsConfig(
            act="elu", alpha=1.0, x=-2.5, depth=30, overlay=True, train=True, collapse_data="xor"
        ),
        ActivationsConfig(act="leaky_relu", alpha=0.25, z=1.5, weight=2.0, seed=9, width=16),
        BackpropConfig(),
        dataclasses.replace(BackpropConfig.for_example("mlp"), step=5),
        BackpropConfig("bce", values=(0.9, -0.2, 1.0, -1.0, 0.5, 0.0), lr=0.1, step=3, sample=1),
        SoftmaxConfig(),
        SoftmaxConfig(logits=(1.0, -2.0, 3.5, 0.0), true_class=3),  # valid only together
        SoftmaxConfig(logits=(0.0, 1.0), temperature=0.5, true_class=1, binary_z=-3.0, shift=1000.0),
    ],
)
def test_round_trip(cfg) -> None:
    assert cfg.validated() == cfg
    again, problems = type(cfg).from_params(cfg.to_params())
    assert problems == []
    assert again == cfg


def test_defaults_give_empty_params() -> None:
    assert ActivationsConfig().to_params() == {}
    assert ActivationsConfig(act="elu", alpha=DEFAULT_ALPHA["elu"]).to_params() == {"act": "elu"}
    assert BackpropConfig.for_example("mlp").to_params() == {"ex": "mlp"}
    assert SoftmaxConfig().to_params() == {}


def test_alpha_and_backprop_defaults_follow_the_primary_field() -> None:
    assert ActivationsConfig.from_params({"act": "elu"})[0].alpha == DEFAULT_ALPHA["elu"]
    assert ActivationsConfig.from_params({"act": "relu"})[0].alpha == ActivationsConfig().alpha
    for key, ex in EXAMPLES.items():
        cfg, problems = BackpropConfig.from_params({"ex": key})
        assert problems == []
        assert (cfg.values, cfg.lr) == (default_values(ex), ex.lr)


def test_old_style_links_open_the_same_experiment() -> None:
    """The old codec wrote floats with ``%.10g`` ("6", "0.3", "2.33,9,0.56") and bools as 1/0."""
    act, problems = ActivationsConfig.from_params(
        {"act": "leaky_relu", "alpha": "0.3", "x": "-1.5", "depth": "20", "z": "1", "w": "0.5", "all": "1"}
    )
    assert problems == []
    assert act == ActivationsConfig(
        act="leaky_relu", alpha=0.3, x=-1.5, depth=20, z=1.0, weight=0.5, overlay=True
    )
    mlp = tuple(float(v) for v in range(12))
    bp, problems = BackpropConfig.from_params(
        {"ex": "mlp", "v": "0,1,2,3,4,5,6,7,8,9,10,11", "lr": "0.25", "step": "4"}
    )
    assert problems == []
    assert bp == BackpropConfig("mlp", values=mlp, lr=0.25, step=4)
    sm, problems = SoftmaxConfig.from_params({"z": "2.33,9,0.56,0,0", "T": "5", "true": "1", "shift": "1000"})
    assert problems == []
    assert sm == SoftmaxConfig(
        logits=(2.33, 9.0, 0.56, 0.0, 0.0), temperature=5.0, true_class=1, shift=1000.0
    )


@pytest.mark.parametrize(
    ("cls", "params", "field"),
    [
        (ActivationsConfig, {"act": "nope"}, "act"),
        (ActivationsConfig, {"depth": "999"}, "depth"),
        (ActivationsConfig, {"x": "nan"}, "x"),
        (ActivationsConfig, {"x": "9.5"}, "x"),  # beyond the slider
        (ActivationsConfig, {"z": "-9"}, "z"),
        (ActivationsConfig, {"w": "0.05"}, "weight"),
        (ActivationsConfig, {"data": "blobs3"}, "collapse_data"),
        (ActivationsConfig, {"vs": "linear"}, "collapse_act"),
        (SoftmaxConfig, {"T": "15"}, "temperature"),
        (SoftmaxConfig, {"zb": "9"}, "binary_z"),
        (SoftmaxConfig, {"z": "1"}, "logits"),
        (SoftmaxConfig, {"z": "1,2,3,4,5,6,7"}, "logits"),
        (SoftmaxConfig, {"T": "0"}, "temperature"),
        (SoftmaxConfig, {"z": "1,inf"}, "logits"),
        (SoftmaxConfig, {"z": "1000,1001"}, "logits"),
        (SoftmaxConfig, {"shift": "-1"}, "shift"),
        (BackpropConfig, {"lr": "0.00001"}, "lr"),
        (BackpropConfig, {"step": "99"}, "step"),
        (BackpropConfig, {"lr": "abc"}, "lr"),
        (BackpropConfig, {"v": "1,2,300"}, "values"),
        (BackpropConfig, {"sample": "1"}, "sample"),  # expr has one data point
    ],
)
def test_bad_params_are_reported_not_raised(cls, params, field) -> None:
    cfg, problems = cls.from_params(params)
    assert len(problems) == 1
    assert getattr(cfg, field) == getattr(cls(), field)


def test_backprop_values_must_fit_the_example() -> None:
    cfg, problems = BackpropConfig.from_params({"ex": "mlp", "v": "1,2"})
    assert len(problems) == 1 and "needs 12 values" in problems[0]
    assert cfg == BackpropConfig.for_example("mlp")  # the example stays, its own values
    with pytest.raises(ConfigError) as err:
        BackpropConfig("mlp").validated()  # expr's three values
    assert err.value.fields == ("values",)


def test_a_class_index_must_fit_the_logits() -> None:
    """A link whose class is beyond its logits keeps the logits and drops the class."""
    cfg, problems = SoftmaxConfig.from_params({"z": "1,2", "true": "5"})
    assert cfg == SoftmaxConfig(logits=(1.0, 2.0))
    assert len(problems) == 1 and problems[0].startswith("ignored true ")
    with pytest.raises(ConfigError) as err:
        SoftmaxConfig(logits=(1.0, 2.0), true_class=2).validated()
    assert err.value.fields == ("true_class",)


def test_backprop_leaves_merge_the_sample() -> None:
    cfg = BackpropConfig.for_example("bce")
    assert len(cfg.values) == len(leaf_names(EXAMPLES["bce"]))
    leaves = dataclasses.replace(cfg, sample=1).leaves()
    assert (leaves["x1"], leaves["x2"], leaves["y"]) == (0.75, 0.6, 1.0)
    assert cfg.leaves()["y"] == 0.0
