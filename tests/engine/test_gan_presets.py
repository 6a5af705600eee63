"""Every "What to try" lesson of the GAN page, checked through the engine (fixed seed, as the page runs it)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np
import pytest

from engine.generative.gan.config import GanConfig
from engine.generative.gan.model import GanModel
from engine.generative.gan.presets import PRESETS
from engine.generative.gan.run import GanRun
from engine.live.scheduler import ComputeScheduler
from engine.tf_runtime import get_tf

BY_TITLE = {p.title: p for p in PRESETS}


@pytest.fixture(scope="module")
def make() -> Iterator[Callable[[str], GanRun]]:
    get_tf()
    made: list[GanRun] = []
    scheduler = ComputeScheduler(1, quantum_s=60.0)

    def factory(title: str) -> GanRun:
        run = GanRun(BY_TITLE[title].applied_to(GanConfig()), scheduler=scheduler)
        made.append(run)
        return run

    yield factory
    for run in made:
        run.stop()


@pytest.fixture(scope="module")
def balanced(make) -> list:
    """The balanced preset's snapshots at steps 1000 and 2000."""
    run = make("Balanced rates")
    return [run.train_now(1000), run.train_now(1000)]


def test_every_preset_is_valid_and_has_a_lesson() -> None:
    assert len({p.title for p in PRESETS}) == len(PRESETS)
    for preset in PRESETS:
        cfg = preset.applied_to(GanConfig(seed=9, lr_d=0.1))
        assert cfg.seed == 1  # the lessons are claims about seed 1
        assert len(preset.lesson) > 80


def test_mode_collapse_puts_every_fake_on_one_spot(make) -> None:
    run = make("Mode collapse")
    run.train_now(1000)
    for _ in range(8):  # steps 1000..3000: collapsed all along, never more than one mode
        snap = run.train_now(250)
        assert snap.coverage.covered <= 1
        assert float(np.max(np.std(snap.view.fake, axis=0))) < 0.05
    assert snap.step == 3000


def test_balanced_rates_cover_all_eight_modes(balanced) -> None:
    first, second = balanced
    assert first.step == 1000 and first.coverage.covered == 8 and first.coverage.total == 8
    assert second.coverage.covered == 8 and second.coverage.on_data > 0.9


def test_one_noise_dimension_leaves_points_between_the_modes(make, balanced) -> None:
    run = make("1-D noise")
    snap = run.train_now(2000)
    assert snap.config.noise_dim == 1
    assert snap.coverage.covered < 8
    assert snap.coverage.on_data < balanced[1].coverage.on_data - 0.15


def test_minimax_arrows_shrink_when_d_rejects_the_fakes(make) -> None:
    run = make("Minimax loss")
    snap = run.train_now(300)
    assert snap.objective.d_fake < 0.3
    minimax = np.linalg.norm(snap.view.push, axis=1).mean()
    nonsat_view = GanModel.view(run.model, "nonsat", run.real_shown)
    nonsat = np.linalg.norm(nonsat_view.push, axis=1).mean()
    assert nonsat > 2.0 * minimax


@pytest.mark.parametrize("title", ["Grid of 9", "Two moons"])
def test_other_distributions_are_covered(make, title) -> None:
    snap = make(title).train_now(1000)
    assert snap.coverage.covered == snap.coverage.total
