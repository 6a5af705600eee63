"""Every linear- and logistic-regression preset does what its lesson says (issue 14, section 1).

Each preset is applied as the page applies it (``preset.applied_to(current)``, here the page's
defaults with data seed 1) and run through the engine; each claim of its text is a number.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from engine.basics import data, linear
from engine.basics.config import LinearConfig, LogisticConfig
from engine.basics.data import Dataset1D
from engine.basics.gd import Trace, loss_exploding
from engine.basics.linear_fit import Fit1D, fit_1d
from engine.basics.logistic_fit import (
    AdmissionFit,
    boundary_points,
    fit_admissions,
    fit_multiclass,
    scores,
    sklearn_weights,
    tumor_fits,
)
from engine.basics.presets import (
    LINEAR_PRESETS,
    LOGISTIC_DEFAULTS,
    LOGISTIC_MULTICLASS_PRESETS,
    LOGISTIC_PRESETS,
    LOGISTIC_TRAINING_PRESETS,
    LOGISTIC_TUMOR_PRESETS,
)
from engine.presets import Preset

BUILT_IN = ("house", "house8", "balloon", "line")


def _by_title(presets: tuple[Preset, ...], title: str) -> Preset:
    return next(p for p in presets if p.title == title)


def _dataset(cfg: LinearConfig) -> Dataset1D:
    """The page's data for ``cfg`` (as ``ui.basics.linear_data.dataset_for`` builds it)."""
    return {
        "house": data.house_prices,
        "house8": data.house_prices_003,
        "balloon": lambda: data.balloons(cfg.seed, n=cfg.n),
        "line": lambda: data.line_data(cfg.seed, n=cfg.n, noise=cfg.noise),
    }[cfg.data]()


def _linear(title: str, current: LinearConfig | None = None) -> tuple[LinearConfig, Fit1D]:
    cfg = _by_title(LINEAR_PRESETS, title).applied_to(current or LinearConfig())
    return cfg, fit_1d(_dataset(cfg), cfg)


def _upward_decades(trace: Trace) -> float:
    """How far the loss curve climbs in all, in decades of the page's log-scale loss chart."""
    jumps = np.diff(np.log10(trace.losses))
    return float(jumps[jumps > 0].sum())


def _turn_degrees(trace: Trace) -> np.ndarray:
    """The angle between consecutive steps of the path on the contours, one per update pair."""
    steps = np.diff(trace.thetas, axis=0)
    a, b = steps[1:], steps[:-1]
    cos = (a * b).sum(axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))
    return np.degrees(np.arccos(np.clip(cos, -1.0, 1.0)))


def _distance_to_star(fit: Fit1D) -> np.ndarray:
    """Each point of the path's distance to the normal equation's (w, b), in the trained units."""
    return np.linalg.norm(fit.trace.thetas - np.array(fit.best_scaled), axis=1)


# ---- linear regression -------------------------------------------------------------------------


def test_presets_keep_the_learners_data_except_raw_square_feet() -> None:
    current = LinearConfig(data="balloon", seed=7, n=40)
    for preset in LINEAR_PRESETS:
        cfg = preset.applied_to(current)
        if preset.title == "No feature scaling: raw square feet":
            assert cfg.data == "house"  # its story needs slide 001's areas
        elif preset.title == "Noisy generated data":
            assert (cfg.data, cfg.noise, cfg.n, cfg.seed) == ("line", 4.0, 60, 7)
        else:
            assert (cfg.data, cfg.seed, cfg.n) == ("balloon", 7, 40)


@pytest.mark.parametrize("kind", BUILT_IN)
def test_batch_heads_straight_for_the_star(kind: str) -> None:
    """Smooth (the loss never rises), straight (no turns) and ends on the closed-form star."""
    _, fit = _linear("Batch gradient descent", LinearConfig(data=kind))
    trace = fit.trace
    assert trace.batch_size == len(fit.ds.y) and not loss_exploding(trace)
    assert np.all(np.diff(trace.losses) <= 1e-12 * trace.losses[:-1])
    assert _turn_degrees(trace).max() < 1.0
    np.testing.assert_allclose(fit.unscaled(trace.steps), fit.best, rtol=1e-3, atol=1e-3)
    assert trace.losses[-1] == pytest.approx(fit.mse(*fit.best), rel=1e-3)


@pytest.mark.parametrize("kind", BUILT_IN)
def test_stochastic_zig_zags_and_mini_batch_is_in_between(kind: str) -> None:
    current = LinearConfig(data=kind)
    _, batch = _linear("Batch gradient descent", current)
    _, sgd = _linear("Stochastic (one row per update)", current)
    mini_cfg, mini = _linear("Mini-batch of 2", current)
    n = len(sgd.ds.y)
    # cheap updates: one row each, n per epoch; mini-batch: ceil(n/2) per epoch, batch: 1
    assert sgd.trace.batch_size == 1 and sgd.trace.steps == n * 30
    assert mini.trace.steps == int(np.ceil(n / 2)) * mini_cfg.epochs and mini.trace.steps > mini_cfg.epochs
    # the rate and epochs of the stochastic preset: only the batch size differs
    sgd_cfg = _by_title(LINEAR_PRESETS, "Stochastic (one row per update)").applied_to(current)
    assert (mini_cfg.lr, mini_cfg.epochs) == (sgd_cfg.lr, sgd_cfg.epochs)
    # the loss curve: batch never climbs, one row per update climbs most, two rows about half
    assert _upward_decades(batch.trace) == 0.0
    assert np.sum(np.diff(sgd.trace.losses) > 0) >= n
    assert 0.0 < _upward_decades(mini.trace) < 0.6 * _upward_decades(sgd.trace)
    # the stochastic path zig-zags (sharp turns) and ends close to, not on, the star
    assert np.median(_turn_degrees(sgd.trace)) > 45.0
    dist = _distance_to_star(sgd)
    assert 0.0 < dist[-1] < 0.1 * dist[0]
    for fit in (sgd, mini):
        assert not loss_exploding(fit.trace)


@pytest.mark.parametrize("kind", BUILT_IN)
def test_learning_rate_too_high_bounces_outwards(kind: str) -> None:
    cfg, fit = _linear("Learning rate too high", LinearConfig(data=kind))
    assert cfg.lr == 1.1 and cfg.scaling == "standardize"
    assert loss_exploding(fit.trace)  # the page's "Diverged" message
    dist = _distance_to_star(fit)
    assert np.all(np.diff(dist[1:]) > 0) and dist[-1] > 100 * dist[0]
    w_off = fit.trace.thetas[:, 0] - fit.best_scaled[0]
    assert np.all(np.sign(w_off[1:]) != np.sign(w_off[:-1]))  # it bounces across the valley


def test_raw_square_feet_explode_or_crawl() -> None:
    cfg, fit = _linear("No feature scaling: raw square feet", LinearConfig(data="line"))
    assert cfg.scaling == "none" and cfg.lr == 3e-7 and cfg.epochs == 100
    assert (fit.ds.x.min(), fit.ds.x.max()) == (750.0, 1450.0)
    for lr in (0.1, 1e-6):
        assert loss_exploding(fit_1d(fit.ds, dataclasses.replace(cfg, lr=lr)).trace), lr
    trace = fit.trace
    assert not loss_exploding(trace) and np.all(np.diff(trace.losses) <= 0)
    w, b = fit.unscaled(trace.steps)
    through_origin = float(fit.ds.x @ fit.ds.y / (fit.ds.x @ fit.ds.x))
    assert w == pytest.approx(through_origin, rel=1e-3)  # the slope of a line through 0 ...
    assert abs(w - fit.best[0]) > 0.3 * fit.best[0]  # ... not the best line's
    assert abs(b) < 0.01 < 60 < fit.best[1]
    # b is still stuck near 0 after thousands of updates
    long = linear.train(fit.ds.x, fit.ds.y, cfg.lr, 5000, len(fit.ds.y))
    assert long.steps == 5000 and abs(long.thetas[-1, 1]) < 0.1
    # standardized, the same data reaches the star at the page's usual rate
    scaled = fit_1d(fit.ds, dataclasses.replace(cfg, scaling="standardize", lr=0.1))
    np.testing.assert_allclose(scaled.unscaled(scaled.trace.steps), fit.best, rtol=1e-3)


def test_noisy_generated_data_stays_close_to_the_true_line() -> None:
    cfg, fit = _linear("Noisy generated data")
    assert (cfg.data, cfg.noise, cfg.n, len(fit.ds.y)) == ("line", 4.0, 60, 60)
    w, b = fit.unscaled(fit.trace.steps)
    assert w == pytest.approx(2.0, abs=0.15) and b == pytest.approx(1.0, abs=0.75)
    assert not loss_exploding(fit.trace)
    floors = []
    for noise in (cfg.noise, 2 * cfg.noise, 4 * cfg.noise):
        louder = dataclasses.replace(cfg, noise=noise)
        ds = _dataset(louder)
        floors.append(linear.mse(ds.x, ds.y, *linear.normal_equation(ds.x, ds.y)))
        assert fit_1d(ds, louder).trace.losses[-1] >= floors[-1] - 1e-9
    assert floors[0] > 8.0 and floors[1] > 3 * floors[0] and floors[2] > 3 * floors[1]


# ---- logistic regression: the tumors -------------------------------------------------------------


def test_the_23_cm_tumor_moves_the_line_not_the_logistic_cut() -> None:
    cfg = _by_title(LOGISTIC_TUMOR_PRESETS, "Add the 23 cm tumor").applied_to(LogisticConfig())
    assert cfg.big_tumor and cfg.lr == LogisticConfig().lr  # the rest of the page stays
    before, after = tumor_fits(False), tumor_fits(cfg.big_tumor)
    assert after.slope < 0.5 * before.slope  # dragged flat
    assert after.linear_cut > before.linear_cut + 0.8  # the 0.5 cut jumps right
    sizes = np.array([4.0, 4.3])
    assert np.all(before.line(sizes) >= 0.5) and np.all(after.line(sizes) < 0.5)  # now "benign"
    assert abs(after.logistic_cut - before.logistic_cut) < 0.01
    assert np.all(after.proba(sizes) >= 0.5)


# ---- logistic regression: training -------------------------------------------------------------


def _training(title: str) -> tuple[LogisticConfig, AdmissionFit]:
    cfg = _by_title(LOGISTIC_TRAINING_PRESETS, title).applied_to(LogisticConfig())
    return cfg, fit_admissions(cfg)


def _boundary_heights(fit: AdmissionFit, k: int, threshold: float = 0.5) -> np.ndarray:
    """Exam 2 where the boundary crosses the plot's left and right edges after update ``k``."""
    w, b = fit.weights(k)
    return np.array(boundary_points(w, b, threshold)[1])


def test_slow_learner_creeps() -> None:
    cfg, slow = _training("Slow learner")
    assert (cfg.lr, cfg.epochs, cfg.method) == (0.03, 300, "batch") and slow.trace.steps == 300
    default = fit_admissions(LogisticConfig())
    w_sk, b_sk = sklearn_weights(cfg.seed)
    best = np.array(boundary_points(w_sk, b_sk, 0.5)[1])

    def off(fit: AdmissionFit, k: int) -> float:
        return float(np.abs(_boundary_heights(fit, k) - best).max())

    assert off(slow, 1) < 6.0  # roughly the right way after one update (score points)
    assert off(slow, 300) < off(slow, 100) < off(slow, 1)  # creeping towards it ...
    assert off(slow, 300) > 2 * off(default, 100)  # ... slower than lr 0.5 in a third of the updates
    losses = slow.trace.losses
    assert np.all(np.diff(losses) < 0) and losses[-2] - losses[-1] > 1e-4  # still falling
    assert losses[-1] == pytest.approx(0.32, abs=0.01)
    assert default.trace.losses[-1] == pytest.approx(0.24, abs=0.01)


def test_stochastic_boundary_jitters() -> None:
    cfg, sgd = _training("Stochastic updates")
    assert sgd.trace.batch_size == 1 and sgd.trace.steps == 100 * cfg.epochs
    batch = fit_admissions(dataclasses.replace(cfg, method="batch", epochs=cfg.epochs * 100))

    def moves(fit: AdmissionFit) -> np.ndarray:
        """The boundary's height mid-plot, update to update, after the first 100 updates."""
        heights = np.array([_boundary_heights(fit, k).mean() for k in range(100, fit.trace.steps + 1)])
        return np.diff(heights)

    jitter, smooth = moves(sgd), moves(batch)
    assert np.mean(np.sign(jitter[1:]) != np.sign(jitter[:-1])) > 0.3  # back and forth
    assert np.all(np.sign(smooth[1:]) == np.sign(smooth[:-1]))  # batch: one way only
    assert np.median(np.abs(jitter)) > 10 * np.median(np.abs(smooth))
    assert np.abs(jitter).sum() > 20 * abs(jitter.sum())  # wanders far more than it gets anywhere
    assert np.sum(np.diff(sgd.trace.losses) > 0) > 0.2 * sgd.trace.steps
    assert not loss_exploding(sgd.trace)


def test_cautious_threshold_trades_false_positives_for_misses() -> None:
    cfg, fit = _training("Cautious admissions (threshold 0.8)")
    assert cfg.threshold == 0.8 and (cfg.lr, cfg.epochs) == (0.5, 100)
    usual, cautious = scores(fit, 0.5), scores(fit, cfg.threshold)
    (_, fp_usual), (fn_usual, _) = usual.confusion
    (_, fp_cautious), (fn_cautious, _) = cautious.confusion
    assert fp_cautious < fp_usual and fn_cautious > fn_usual
    assert cautious.precision > usual.precision and cautious.recall < usual.recall
    # the boundary shifts towards higher scores (a stricter cut)
    shift = _boundary_heights(fit, fit.trace.steps, 0.8) - _boundary_heights(fit, fit.trace.steps, 0.5)
    assert np.all(shift > 5.0)


# ---- logistic regression: more classes -----------------------------------------------------------


def _region_disagreement(cfg: LogisticConfig) -> tuple[float, float, float]:
    """OvR and softmax accuracies, and the share of the page's 150x150 plane they classify apart."""
    mc = fit_multiclass(cfg)
    lo, hi = mc.blobs.x.min(axis=0) - 1.0, mc.blobs.x.max(axis=0) + 1.0
    gx, gy = np.meshgrid(np.linspace(lo[0], hi[0], 150), np.linspace(lo[1], hi[1], 150))
    plane = np.column_stack([gx.ravel(), gy.ravel()])
    apart = float(np.mean(mc.ovr.predict(plane) != mc.softmax.predict(plane)))
    return mc.acc_ovr, mc.acc_softmax, apart


def test_overlapping_blobs_lower_accuracy_with_nearly_the_same_regions() -> None:
    preset = _by_title(LOGISTIC_MULTICLASS_PRESETS, "Overlapping blobs")
    cfg = preset.applied_to(LogisticConfig())
    assert cfg.mc_spread == 3.0 and cfg.seed == 1
    ovr0, soft0, _ = _region_disagreement(LogisticConfig())
    ovr, soft, apart = _region_disagreement(cfg)
    assert ovr0 == pytest.approx(0.97, abs=0.01) and soft0 == pytest.approx(0.97, abs=0.01)
    assert ovr == pytest.approx(0.79, abs=0.01) and soft == pytest.approx(0.79, abs=0.01)
    assert 0.0 < apart < 0.02


def test_back_to_the_defaults_restores_every_setting() -> None:
    changed = LogisticConfig()
    for preset in LOGISTIC_PRESETS:
        if preset is not LOGISTIC_DEFAULTS:
            changed = preset.applied_to(changed)
    changed = dataclasses.replace(changed, seed=9, batch=3, mc_lr=0.05, mc_epochs=500).validated()
    assert changed != LogisticConfig()
    assert LOGISTIC_DEFAULTS.applied_to(changed) == LogisticConfig()
