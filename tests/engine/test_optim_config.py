"""RaceConfig: validation and the URL round trip."""

from __future__ import annotations

import dataclasses

import pytest

from engine.optim.config import RACER_KEYS, ConfigError, RaceConfig
from engine.optim.surfaces import get_surface


def test_defaults_are_valid_and_make_an_empty_query() -> None:
    cfg = RaceConfig().validated()
    assert cfg.racers == RACER_KEYS
    assert cfg.to_params() == {}


def test_round_trip() -> None:
    cfg = dataclasses.replace(
        RaceConfig().for_surface("saddle"),
        racers=("gd", "adam"),
        lr_adam=0.2,
        beta2=0.99,
        eps_adam=1e-4,
        speed=120,
        seed=9,
    )
    params = cfg.to_params()
    back, problems = RaceConfig.from_params(params)
    assert problems == []
    assert back == cfg
    assert params["racers"] == "gd,adam"


def test_a_surface_link_starts_from_that_surface_defaults() -> None:
    cfg, problems = RaceConfig.from_params({"surface": "plateau"})
    assert problems == []
    surface = get_surface("plateau")
    assert (cfg.start_x, cfg.start_y) == surface.start
    assert cfg.lr_adam == surface.default_lrs["adam"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"lr_gd": "abc"}, "lr_gd"),
        ({"lr_gd": "-1"}, "lr_gd"),
        ({"lr_adam": "nan"}, "lr_adam"),
        ({"racers": "gd,warp"}, "racers"),
        ({"racers": "-"}, "racers"),
        ({"surface": "moon"}, "surface"),
        ({"beta2": "1"}, "beta2"),
        ({"speed": "0"}, "speed"),
    ],
)
def test_bad_values_are_reported_not_fatal(params: dict[str, str], field: str) -> None:
    cfg, problems = RaceConfig.from_params(params)
    assert len(problems) == 1 and field in problems[0]
    assert getattr(cfg, field) == getattr(RaceConfig(), field)


def test_a_start_outside_the_plot_falls_back_to_the_surface_start() -> None:
    cfg, problems = RaceConfig.from_params({"surface": "valley", "start_x": "50", "start_y": "0"})
    assert problems and "start point" in problems[0]
    assert (cfg.start_x, cfg.start_y) == get_surface("valley").start
    assert cfg.surface == "valley"


def test_old_links_open_the_same_race() -> None:
    """Old links wrote floats as ``%.6g`` and only grid values; they parse to the same config."""
    cfg, problems = RaceConfig.from_params(
        {"surface": "saddle", "start_x": "0.25", "lr_adam": "0.2", "eps_adam": "0.0001", "beta2": "0.99"}
    )
    assert problems == []
    expected = dataclasses.replace(
        RaceConfig().for_surface("saddle"), start_x=0.25, lr_adam=0.2, eps_adam=1e-4, beta2=0.99
    )
    assert cfg == expected


def test_off_grid_and_out_of_range_link_values_are_snapped_or_clamped_and_said() -> None:
    cfg, problems = RaceConfig.from_params({"lr_gd": "0.0011", "batch": "1", "momentum": "0.995"})
    assert (cfg.lr_gd, cfg.batch, cfg.momentum) == (0.001, 2, 0.99)
    assert len(problems) == 3 and all(key in " ".join(problems) for key in ("lr_gd", "batch", "momentum"))


def test_a_links_defaults_follow_its_surface_and_seed() -> None:
    cfg = RaceConfig(seed=5).for_surface("logistic")
    assert cfg.to_params() == {"surface": "logistic", "seed": "5"}
    assert RaceConfig.from_params(cfg.to_params()) == (cfg, [])


def test_validation_messages() -> None:
    with pytest.raises(ConfigError, match="at least 1"):
        RaceConfig(racers=()).validated()
    with pytest.raises(ConfigError, match="outside") as err:
        RaceConfig(start_x=9.0).validated()
    assert err.value.fields == ("start_x", "start_y")
    with pytest.raises(ConfigError, match="order"):
        RaceConfig(racers=("adam", "gd")).validated()
