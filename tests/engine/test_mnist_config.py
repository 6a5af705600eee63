"""The MNIST pages' declared settings: the URL keys old links use, grids, uniform link problems,
the whole-config check, and the presets (every one valid; their parameter counts from Keras)."""

from __future__ import annotations

import dataclasses

import pytest

from engine.mnist import config as mc
from engine.mnist.config import DrawConfig, LabConfig
from engine.mnist.models import build_model
from engine.urlstate import ConfigError
from ui.mnist.presets import DRAW_PRESETS, PRESETS, params_text

LAB_KEYS = (
    "data",
    "model",
    "act",
    "units",
    "drop",
    "opt",
    "lr",
    "epochs",
    "bs",
    "norm",
    "flatten",
    "n",
    "seed",
)
DRAW_KEYS = ("stroke", "prep", "model", "src", "test", "path")


def test_every_old_url_key_is_kept() -> None:
    assert tuple(info.key for info in LabConfig.fields_info()) == (*LAB_KEYS, "digit")
    assert tuple(info.key for info in DrawConfig.fields_info()) == DRAW_KEYS


def test_a_link_round_trips_and_defaults_need_no_parameters() -> None:
    cfg = LabConfig(
        dataset="fashion",
        model="mlp",
        activation="tanh",
        hidden_units=1024,
        dropout=0.35,
        optimizer="rmsprop",
        learning_rate=0.0003,
        epochs=30,
        batch_size=8,
        normalize=False,
        flatten=False,
        train_size=60000,
        seed=2**31 - 1,
        browse=999_999,
    )
    params = cfg.to_params()
    assert set(params) == {*LAB_KEYS, "digit"}
    assert LabConfig.from_params(params) == (cfg, [])
    assert LabConfig().to_params() == {} and DrawConfig().to_params() == {}
    draw = DrawConfig(
        stroke_width=6, preprocess=False, model="lab", source="test", sample=12, show_path=False
    )
    assert DrawConfig.from_params(draw.to_params()) == (draw, [])


def test_old_style_values_still_parse() -> None:
    """The old codec wrote floats with repr and booleans as 1/0 and accepted true/false."""
    cfg, problems = LabConfig.from_params({"lr": "0.0001", "drop": "0.5", "norm": "false", "flatten": "1"})
    assert problems == []
    assert (cfg.learning_rate, cfg.dropout, cfg.normalize, cfg.flatten) == (0.0001, 0.5, False, True)
    draw, problems = DrawConfig.from_params({"prep": "true", "path": "0", "stroke": "12"})
    assert problems == [] and (draw.preprocess, draw.show_path, draw.stroke_width) == (True, False, 12)


@pytest.mark.parametrize(
    ("key", "raw", "field", "expected"),
    [
        ("lr", "0.002", "learning_rate", 0.003),  # the nearest on a log scale (0.002/0.001 > 0.003/0.002)
        ("lr", "1e-4", "learning_rate", 0.0001),
        ("units", "100", "hidden_units", 128),
        ("bs", "50", "batch_size", 64),
        ("n", "3000", "train_size", 4000),
    ],
)
def test_grid_values_are_snapped_with_a_note(key: str, raw: str, field: str, expected) -> None:
    cfg, problems = LabConfig.from_params({key: raw})
    assert getattr(cfg, field) == expected
    on_grid = raw in ("1e-4",)
    assert len(problems) == (0 if on_grid else 1)
    if not on_grid:
        assert problems[0].startswith(f"{key}={raw!r}") and "nearest" in problems[0]


def test_bad_values_fall_back_to_the_defaults_with_uniform_messages() -> None:
    bad, problems = LabConfig.from_params(
        {"model": "resnet", "lr": "nan", "epochs": "999", "bs": "64", "drop": "0.9", "digit": "-1", "x": "1"}
    )
    assert bad == LabConfig()
    assert len(problems) == 6
    assert all(p.startswith("ignored ") for p in problems)
    draw, problems = DrawConfig.from_params({"stroke": "500", "src": "moon", "test": "abc"})
    assert draw == DrawConfig() and len(problems) == 3


def test_validated_checks_every_field() -> None:
    for wrong in (
        {"hidden_units": 100},
        {"learning_rate": 0.002},
        {"batch_size": 50},
        {"train_size": 3000},
        {"epochs": 0},
        {"dropout": mc.MAX_DROPOUT + 0.01},
        {"optimizer": "adagrad"},
        {"seed": -1},
    ):
        with pytest.raises(ConfigError) as err:
            dataclasses.replace(LabConfig(), **wrong).validated()
        assert err.value.fields == tuple(wrong)
    with pytest.raises(ConfigError):
        DrawConfig(stroke_width=mc.MAX_STROKE + 1).validated()


def test_every_preset_is_a_valid_config_and_keeps_the_learners_choices() -> None:
    current = LabConfig(dataset="fashion", seed=9, browse=33, epochs=2)
    for preset in PRESETS:
        cfg = preset.applied_to(current)
        assert (cfg.dataset, cfg.seed, cfg.browse) == ("fashion", 9, 33), preset.title
    assert PRESETS[[p.title for p in PRESETS].index("Slides' CNN (default)")].applied_to(current) == (
        dataclasses.replace(LabConfig(), dataset="fashion", seed=9, browse=33)
    )
    page = DrawConfig(stroke_width=30, source="test", sample=5)
    for preset in DRAW_PRESETS[:-1]:  # each changes one setting of the page as it is
        changed = {k for k, v in preset.applied_to(page).as_dict().items() if v != getattr(page, k)}
        assert changed <= set(preset.values), preset.title
    assert DRAW_PRESETS[-1].applied_to(page) == DrawConfig(sample=5)


@pytest.mark.parametrize(
    ("title", "kinds"),
    [("Deep CNN with dropout (deck 002)", ("cnn_slides",)), ("LeNet-style CNN", ("lenet", "dense", "mlp"))],
)
def test_preset_parameter_counts_are_keras_counts(title: str, kinds: tuple[str, ...]) -> None:
    """The lessons' parameter counts (1.2 M, 62 k, 102 k and 109 k) are what Keras builds."""
    lesson = next(p.lesson for p in PRESETS if p.title == title)
    for kind in kinds:
        keras_count = build_model(LabConfig(model=kind).spec).count_params()
        assert params_text(keras_count) in lesson, (kind, keras_count)
    assert params_text(1_199_882) == "1.2 M" and params_text(61_706) == "62 k"
