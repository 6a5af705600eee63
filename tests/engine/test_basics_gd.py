"""Gradient descent on one variable and the generic batch / mini-batch / stochastic loop."""

from __future__ import annotations

import numpy as np
import pytest

from engine.basics.functions import FUNCTIONS
from engine.basics.gd import batch_size_for, loss_exploding, run_gd
from engine.basics.gd1d import behaviour, run_gd_1d


@pytest.mark.parametrize("key", list(FUNCTIONS))
def test_derivatives_match_finite_differences(key: str) -> None:
    fn = FUNCTIONS[key]
    xs = np.linspace(*fn.x_range, 37)
    h = 1e-6
    numeric = (fn(xs + h) - fn(xs - h)) / (2 * h)
    np.testing.assert_allclose(fn.grad(xs), numeric, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("key", list(FUNCTIONS))
def test_listed_minima_are_stationary_and_lowest_nearby(key: str) -> None:
    fn = FUNCTIONS[key]
    for m in fn.minima:
        assert abs(float(fn.grad(m))) < 1e-5
        assert float(fn(m)) <= float(fn(np.array([m - 0.01, m + 0.01])).min())


def test_slides_parabola_example() -> None:
    """Slide 003: lr 0.1, 1000 iterations from 0 and from 10 end at 5 (4.999999999999999)."""
    fn = FUNCTIONS["parabola"]
    for start in (0.0, 10.0):
        trace = run_gd_1d(fn, start, 0.1, 1000)
        assert trace.xs[-1] == pytest.approx(5.0, abs=1e-12)


def test_trace_records_every_update() -> None:
    fn = FUNCTIONS["parabola"]
    trace = run_gd_1d(fn, 0.0, 0.1, 5)
    assert trace.steps == 5 and len(trace.grads) == 6
    for i in range(5):
        assert trace.xs[i + 1] == pytest.approx(trace.xs[i] - 0.1 * trace.grads[i])
    np.testing.assert_allclose(trace.ys, 2 * (trace.xs - 5) ** 2 + 3)
    # x - 5 shrinks by (1 - 4 lr) each step
    np.testing.assert_allclose(trace.xs - 5, -5 * 0.6 ** np.arange(6))


@pytest.mark.parametrize(
    ("lr", "steps", "expected"),
    [(0.01, 40, "crawling"), (0.1, 30, "converged"), (0.45, 30, "oscillating"), (0.55, 30, "diverged")],
)
def test_presets_behave_as_the_page_says(lr: float, steps: int, expected: str) -> None:
    fn = FUNCTIONS["parabola"]
    assert behaviour(run_gd_1d(fn, 0.0, lr, steps), fn) == expected


def test_blow_up_stops_the_trace_without_nan() -> None:
    fn = FUNCTIONS["quartic"]
    trace = run_gd_1d(fn, 5.0, 0.2, 100)
    assert trace.diverged_at is not None and trace.diverged_at < 100
    assert np.all(np.isfinite(trace.xs)) and np.all(np.isfinite(trace.ys))
    assert behaviour(trace, fn) == "diverged"


def test_non_convex_start_decides_the_valley() -> None:
    fn = FUNCTIONS["double_well"]
    right = run_gd_1d(fn, 3.0, 0.1, 200).xs[-1]
    left = run_gd_1d(fn, -0.5, 0.1, 200).xs[-1]
    assert right == pytest.approx(max(fn.minima), abs=1e-4)
    assert left == pytest.approx(min(fn.minima), abs=1e-4)
    assert fn(left) < fn(right)
    bumpy = FUNCTIONS["bumpy"]
    assert behaviour(run_gd_1d(bumpy, 5.0, 0.05, 100), bumpy) == "local minimum"


def test_batch_sizes() -> None:
    assert batch_size_for("batch", 30, 4) == 30
    assert batch_size_for("sgd", 30, 4) == 1
    assert batch_size_for("minibatch", 30, 4) == 4
    assert batch_size_for("minibatch", 3, 8) == 3
    with pytest.raises(ValueError):
        batch_size_for("adam", 3, 8)


def test_minibatches_cover_each_row_once_per_epoch() -> None:
    seen: list[np.ndarray] = []

    def grad(theta: np.ndarray, idx: np.ndarray) -> np.ndarray:
        seen.append(idx.copy())
        return np.zeros_like(theta)

    trace = run_gd(grad, lambda t: 1.0, np.zeros(2), n=10, lr=0.1, epochs=2, batch_size=3, seed=4)
    assert trace.steps == 8  # ceil(10 / 3) = 4 updates per epoch
    for epoch in range(2):
        rows = np.concatenate(seen[epoch * 4 : (epoch + 1) * 4])
        assert sorted(rows.tolist()) == list(range(10))
    np.testing.assert_allclose(trace.epochs[-1], 2.0)


def test_same_seed_same_run_and_divergence_flag() -> None:
    def grad(theta: np.ndarray, idx: np.ndarray) -> np.ndarray:
        return 2 * theta + idx.mean()

    def loss(theta: np.ndarray) -> float:
        return float(theta @ theta)

    a = run_gd(grad, loss, np.ones(2), n=9, lr=0.1, epochs=3, batch_size=2, seed=7)
    b = run_gd(grad, loss, np.ones(2), n=9, lr=0.1, epochs=3, batch_size=2, seed=7)
    np.testing.assert_array_equal(a.thetas, b.thetas)
    assert not loss_exploding(a)
    wild = run_gd(grad, loss, np.ones(2), n=9, lr=5.0, epochs=200, batch_size=9)
    assert wild.diverged_at is not None and loss_exploding(wild)
    assert np.all(np.isfinite(wild.thetas))


# ---- the page's presets: each one's lesson holds ------------------------------------------------

_EXPECTED_VERDICT = {
    "Too small: crawls": "crawling",
    "Just right": "converged",
    "Too big: overshoots and oscillates": "oscillating",
    "Far too big: diverges": "diverged",
    "Two valleys: the start decides": "converged",
    "Stuck in a bump": "local minimum",
    "Flat bottom: slows down near the end": "crawling",
}


def test_every_preset_shows_its_lesson() -> None:
    from engine.basics.config import GDConfig
    from engine.basics.presets import GD_PRESETS

    assert [p.title for p in GD_PRESETS] == list(_EXPECTED_VERDICT)
    for preset in GD_PRESETS:
        cfg = preset.applied_to(GDConfig(lr=0.3, steps=5))  # from the defaults, whatever the learner had
        fn = FUNCTIONS[cfg.fn]
        assert behaviour(run_gd_1d(fn, cfg.x0, cfg.lr, cfg.steps), fn) == _EXPECTED_VERDICT[preset.title]
    crawl = GD_PRESETS[0].applied_to(GDConfig())
    assert 1 - 4 * crawl.lr == pytest.approx(0.96)  # "only 4 % of the way to 5" per step
    right = run_gd_1d(FUNCTIONS["parabola"], 0.0, 0.1, 20)
    assert abs(right.xs[-1] - 5) < 1e-3  # "reaches 5 within about 20 steps"
