"""Tests for engine.playground.config (pure Python, fast)."""

from __future__ import annotations

import dataclasses

import pytest

from engine.playground import config as pc
from engine.playground.config import ConfigError, PlaygroundConfig
from engine.playground.features import FEATURES

NON_DEFAULT_CONFIGS = [
    PlaygroundConfig(hidden=()),
    PlaygroundConfig(features=FEATURES),
    PlaygroundConfig(
        dataset="spiral",
        noise=35,
        train_percent=70,
        n_points=1000,
        seed=12345,
        init_seed=7,
        features=("x1", "x2", "sinx1", "sinx2"),
        hidden=(8, 8, 8, 8, 8, 8),
        activation="relu",
        initializer="he_normal",
        regularization="l2",
        reg_rate=0.003,
        dropout=0.25,
        learning_rate=0.3,
        batch_size=64,
        optimizer="adam",
        loss="mse",
        show_test=True,
        discretize=True,
    ),
    PlaygroundConfig(
        dataset="reg-gauss",
        hidden=(1,),
        activation="leaky_relu",
        initializer="tfp_uniform",
        regularization="l1",
        reg_rate=10.0,
        learning_rate=0.00001,
        batch_size=1,
        optimizer="momentum",
        n_points=20,
        train_percent=10,
        seed=0,
        init_seed=2**31 - 1,
    ),
    PlaygroundConfig(dataset="blobs4", features=("x1x2",), hidden=(3, 1), optimizer="adagrad", dropout=0.8),
]


def test_defaults_are_valid() -> None:
    cfg = PlaygroundConfig()
    assert cfg.validated() is cfg
    assert cfg.to_params() == {}
    assert PlaygroundConfig.from_params({}) == (cfg, [])
    assert cfg.learning_rate in pc.LEARNING_RATES
    assert cfg.reg_rate in pc.REG_RATES
    assert cfg.activation in pc.ACTIVATIONS
    assert cfg.initializer in pc.INITIALIZERS
    assert cfg.optimizer in pc.OPTIMIZERS
    assert cfg.loss in pc.LOSSES
    assert cfg.regularization in pc.REGULARIZERS


def test_derived_properties() -> None:
    assert PlaygroundConfig(dataset="circle").n_outputs == 1
    assert PlaygroundConfig(dataset="circle").n_classes == 2
    assert not PlaygroundConfig(dataset="xor").is_regression
    assert PlaygroundConfig(dataset="blobs3").n_outputs == 3
    assert PlaygroundConfig(dataset="blobs4").n_outputs == 4
    reg = PlaygroundConfig(dataset="reg-plane", loss="cross_entropy")
    assert reg.is_regression
    assert reg.n_classes == 0
    assert reg.n_outputs == 1
    assert reg.effective_loss == "mse"
    assert PlaygroundConfig(loss="mse").effective_loss == "mse"
    assert PlaygroundConfig().effective_loss == "cross_entropy"


@pytest.mark.parametrize("cfg", NON_DEFAULT_CONFIGS, ids=lambda c: f"{c.dataset}-{len(c.hidden)}")
def test_params_round_trip(cfg: PlaygroundConfig) -> None:
    cfg.validated()
    params = cfg.to_params()
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in params.items())
    # only the fields that differ from the defaults are written
    default = PlaygroundConfig()
    changed = [f.name for f in dataclasses.fields(cfg) if getattr(cfg, f.name) != getattr(default, f.name)]
    assert len(params) == len(changed)
    back, problems = PlaygroundConfig.from_params(params)
    assert problems == []
    assert back == cfg


def test_encoding_of_special_values() -> None:
    assert PlaygroundConfig(hidden=()).to_params() == {"net": "-"}
    assert PlaygroundConfig(hidden=(8, 1)).to_params() == {"net": "8,1"}
    assert PlaygroundConfig(show_test=True).to_params() == {"test": "1"}
    assert PlaygroundConfig(features=FEATURES).to_params() == {"f": ",".join(FEATURES)}
    assert PlaygroundConfig(learning_rate=0.3).to_params() == {"lr": "0.3"}
    cfg, problems = PlaygroundConfig.from_params({"net": "", "test": "true", "disc": "false"})
    assert problems == []
    assert cfg.hidden == ()
    assert cfg.show_test is True
    assert cfg.discretize is False


@pytest.mark.parametrize(
    ("params", "key"),
    [
        ({"net": "9,9"}, "net"),
        ({"net": "4,0"}, "net"),
        ({"net": "1,1,1,1,1,1,1"}, "net"),
        ({"net": "a,b"}, "net"),
        ({"lr": "nan"}, "lr"),
        ({"lr": "inf"}, "lr"),
        ({"lr": "0"}, "lr"),
        ({"lr": "11"}, "lr"),
        ({"lr": "fast"}, "lr"),
        ({"f": "x1,x3"}, "f"),
        ({"f": "-"}, "f"),
        ({"noise": "99"}, "noise"),
        ({"noise": "1.5"}, "noise"),
        ({"data": "mnist"}, "data"),
        ({"n": "5"}, "n"),
        ({"train": "95"}, "train"),
        ({"seed": "-1"}, "seed"),
        ({"wseed": str(2**31)}, "wseed"),
        ({"act": "swish"}, "act"),
        ({"init": "ones"}, "init"),
        ({"reg": "l3"}, "reg"),
        ({"rr": "11"}, "rr"),
        ({"drop": "0.9"}, "drop"),
        ({"bs": "65"}, "bs"),
        ({"opt": "lbfgs"}, "opt"),
        ({"loss": "hinge"}, "loss"),
        ({"test": "yes"}, "test"),
    ],
)
def test_invalid_values_fall_back_to_defaults(params: dict[str, str], key: str) -> None:
    cfg, problems = PlaygroundConfig.from_params(params)
    assert cfg == PlaygroundConfig()
    assert len(problems) == 1
    assert problems[0].startswith(f"ignored {key}=")
    assert repr(params[key]) in problems[0]


def test_invalid_values_do_not_spoil_valid_ones() -> None:
    params = {"net": "9,9", "lr": "nan", "f": "x1,bogus", "noise": "99", "act": "relu", "seed": "42"}
    cfg, problems = PlaygroundConfig.from_params(params)
    assert cfg == PlaygroundConfig(activation="relu", seed=42)
    assert len(problems) == 4
    for key in ("net", "lr", "f", "noise"):
        assert any(p.startswith(f"ignored {key}=") for p in problems), key


def test_validated_rejects_out_of_range() -> None:
    bad = [
        PlaygroundConfig(hidden=(9,)),
        PlaygroundConfig(hidden=(1,) * 7),
        PlaygroundConfig(learning_rate=float("nan")),
        PlaygroundConfig(learning_rate=0.0),
        PlaygroundConfig(noise=81),
        PlaygroundConfig(dataset="nope"),
        PlaygroundConfig(batch_size=0),
        PlaygroundConfig(dropout=0.81),
        PlaygroundConfig(n_points=19),
    ]
    for cfg in bad:
        with pytest.raises(ConfigError):
            cfg.validated()
    with pytest.raises(ValueError):
        PlaygroundConfig(features=("x1", "bogus")).validated()
    with pytest.raises(ValueError):
        PlaygroundConfig(features=()).validated()


LIVE_FIELDS = {
    "dataset": "xor",
    "noise": 10,
    "train_percent": 60,
    "n_points": 300,
    "learning_rate": 0.3,
    "batch_size": 32,
    "seed": 99,
    "init_seed": 42,
    "show_test": True,
    "discretize": True,
}
NETWORK_FIELDS = {
    "features": ("x1", "x2", "x1x2"),
    "hidden": (3,),
    "activation": "relu",
    "initializer": "he_normal",
    "regularization": "l2",
    "reg_rate": 0.01,
    "dropout": 0.1,
    "optimizer": "adam",
    "loss": "mse",
}


def test_model_key_fields() -> None:
    base = PlaygroundConfig()
    assert set(LIVE_FIELDS) | set(NETWORK_FIELDS) == {f.name for f in dataclasses.fields(base)}
    for name, value in LIVE_FIELDS.items():
        changed = dataclasses.replace(base, **{name: value})
        assert changed != base
        assert changed.model_key() == base.model_key(), name
    for name, value in NETWORK_FIELDS.items():
        changed = dataclasses.replace(base, **{name: value})
        assert changed.model_key() != base.model_key(), name
    # all live fields at once still keep the network
    assert dataclasses.replace(base, **LIVE_FIELDS).model_key() == base.model_key()


def test_model_key_changes_with_the_problem_type() -> None:
    base = PlaygroundConfig()
    assert dataclasses.replace(base, dataset="spiral").model_key() == base.model_key()
    assert dataclasses.replace(base, dataset="blobs3").model_key() != base.model_key()
    assert dataclasses.replace(base, dataset="reg-plane").model_key() != base.model_key()


def test_model_key_uses_effective_loss() -> None:
    reg = PlaygroundConfig(dataset="reg-plane")
    assert dataclasses.replace(reg, loss="mse").model_key() == reg.model_key()


def test_data_key() -> None:
    base = PlaygroundConfig()
    assert dataclasses.replace(base, seed=5).data_key() != base.data_key()
    assert dataclasses.replace(base, init_seed=5).data_key() == base.data_key()
    assert dataclasses.replace(base, hidden=(1,)).data_key() == base.data_key()
    assert dataclasses.replace(base, noise=5).data_key() != base.data_key()
