"""The optimizer race's presets: valid configs on their surfaces, and the numbers their lessons quote."""

from __future__ import annotations

import numpy as np
import pytest

from engine.optim.config import LEARNING_RATES, RACER_KEYS, RaceConfig
from engine.optim.surfaces import get_surface
from ui.optim.presets import PRESETS


def test_every_preset_starts_from_its_surfaces_defaults_and_keeps_the_seed() -> None:
    for preset in PRESETS:
        cfg = preset.applied_to(RaceConfig(seed=7))
        surface = get_surface(cfg.surface, cfg.seed)
        assert cfg.seed == 7, preset.title
        changed = set(preset.values)
        if not {"start_x", "start_y"} & changed:
            assert (cfg.start_x, cfg.start_y) == surface.start, preset.title
        assert all(cfg.lr(r) in LEARNING_RATES for r in RACER_KEYS), preset.title


def test_the_diverging_presets_limit_is_the_valleys_curvature() -> None:
    """'GD's learning rate 0.6 is above 2/4 = 0.5 (curvature 4)': the Hessian's largest eigenvalue,
    by finite differences of the surface's own gradient, is 4, and 0.6 > 2/4 diverges."""
    preset = next(p for p in PRESETS if p.title == "Too-high learning rate diverges")
    cfg = preset.applied_to(RaceConfig())
    surface = get_surface(cfg.surface)
    h = 1e-4
    p0 = np.array(surface.minimum, dtype=float)
    hessian = np.column_stack(
        [(surface.grad_vec(p0 + h * e) - surface.grad_vec(p0 - h * e)) / (2 * h) for e in np.eye(2)]
    )
    curvature = float(np.linalg.eigvalsh((hessian + hessian.T) / 2).max())
    assert curvature == pytest.approx(4.0, rel=1e-6)
    assert cfg.lr_gd == 0.6 and cfg.lr_gd > 2 / curvature
    assert (
        f"2/{curvature:g} = {2 / curvature:g}" in preset.lesson
        and f"curvature {curvature:g}" in preset.lesson
    )


def _finished_race(title: str):
    from engine.optim.race import Race

    race = Race(next(p for p in PRESETS if p.title == title).applied_to(RaceConfig()))
    race.step(race.cfg.max_steps)
    return {v.key: v for v in race.views()}, race


def test_saddle_adam_and_rmsprop_leave_at_once_gd_waits() -> None:
    """'GD waits a long time before it slides off; Adam and RMSprop leave at once' — and the
    race's leader (first to the minimum) is never GD."""
    from engine.optim.race import leader

    views, race = _finished_race("Saddle point: Adam escapes")

    def left_ridge(key: str) -> int:  # first step with |y| > 0.5 (half way to a valley at y = ±1)
        return int(np.argmax(np.abs(views[key].path[:, 1]) > 0.5))

    assert left_ridge("adam") < 20 and left_ridge("rmsprop") < 20
    assert left_ridge("gd") > 5 * max(left_ridge("adam"), left_ridge("rmsprop"))
    assert views["adam"].reached_at is not None and views["adam"].reached_at < (
        views["gd"].reached_at or 10**9
    )
    assert leader(race.views()).key in ("adam", "rmsprop")


def test_the_leader_is_nobody_at_step_0_and_never_a_diverged_racer() -> None:
    from engine.optim.race import Race, leader

    race = Race(
        next(p for p in PRESETS if p.title == "Too-high learning rate diverges").applied_to(RaceConfig())
    )
    assert leader(race.views()) is None
    race.step(race.cfg.max_steps)
    assert race.views()[0].key == "gd" and race.views()[0].diverged_at is not None
    assert leader(race.views()).key != "gd"
