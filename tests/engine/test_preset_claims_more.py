"""Preset claims the presets' own tests left unchecked (issue 14, section 1): gradient descent,
image kernels, pooling, softmax, SVM and the activation page's gradient demo. Each preset runs
through the engine as its page runs it."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from scipy import ndimage

from engine.basics.config import GDConfig
from engine.basics.functions import FUNCTIONS
from engine.basics.gd1d import Trace1D, behaviour, run_gd_1d
from engine.basics.presets import GD_PRESETS
from engine.classical import svm
from engine.classical.svm_config import SVM_PRESETS, SvmConfig
from engine.conv.config import KernelConfig, PoolConfig
from engine.conv.imagefilter import filter_image, to_display, to_gray
from engine.conv.images import load_sample
from engine.conv.kernels import kernel_from_text
from engine.conv.pool import pool2d
from engine.conv.presets import KERNEL_PRESETS, POOL_PRESETS
from engine.neuralmath.activations import evaluate
from engine.neuralmath.config import ActivationsConfig, SoftmaxConfig
from engine.neuralmath.presets import ACTIVATION_GRADIENT_PRESETS, SOFTMAX_PRESETS, sci
from engine.neuralmath.softmax import softmax_table
from engine.neuralmath.vanishing import chain_gradients, deep_net_gradients
from engine.presets import Preset


def _by_title(presets: tuple[Preset, ...], start: str) -> Preset:
    return next(p for p in presets if p.title.startswith(start))


# ---- gradient descent on one variable ------------------------------------------------------------


def _gd(title: str, **changes: float) -> tuple[GDConfig, Trace1D]:
    cfg = dataclasses.replace(_by_title(GD_PRESETS, title).applied_to(GDConfig()), **changes)
    return cfg, run_gd_1d(FUNCTIONS[cfg.fn], cfg.x0, cfg.lr, cfg.steps)


def test_too_small_is_still_far_after_40_steps() -> None:
    cfg, trace = _gd("Too small")
    assert cfg.steps == 40 and trace.steps == 40
    assert abs(trace.xs[-1] - 5.0) > 0.15 * abs(cfg.x0 - 5.0)  # a fifth of the way still to go


def test_just_right_takes_big_then_small_steps() -> None:
    _, trace = _gd("Just right")
    moves = np.abs(np.diff(trace.xs))
    assert np.all(np.diff(moves) < 0) and moves[-1] < 1e-3 * moves[0]
    assert np.all(trace.xs <= 5.0)  # never overshoots


def test_too_big_zig_zags_closer_each_time_and_far_too_big_further() -> None:
    for title, closer in (("Too big: overshoots", True), ("Far too big", False)):
        _, trace = _gd(title)
        off = trace.xs - 5.0
        assert np.all(np.sign(off[1:]) == -np.sign(off[:-1])), title  # jumps past 5 every step
        assert np.all(np.diff(np.abs(off)) < 0) == closer, title
        assert np.all(np.diff(np.abs(off)) > 0) != closer, title
    _, settles = _gd("Too big: overshoots", steps=60)
    assert abs(settles.xs[-1] - 5.0) < 1e-4  # it does settle


def test_two_valleys_the_start_decides() -> None:
    cfg, right = _gd("Two valleys")
    fn = FUNCTIONS[cfg.fn]
    _, left = _gd("Two valleys", x0=-0.5)
    assert right.xs[-1] == pytest.approx(max(fn.minima), abs=1e-3)  # the right-hand valley ...
    assert left.xs[-1] == pytest.approx(min(fn.minima), abs=1e-3)  # ... or the left-hand one
    assert fn(left.xs[-1]) < fn(right.xs[-1]) - 1.0  # the left one is deeper: the right is local


def test_stuck_in_a_bump_until_a_larger_rate() -> None:
    cfg, stuck = _gd("Stuck in a bump")
    fn = FUNCTIONS[cfg.fn]
    assert np.all(np.diff(stuck.ys) <= 0)  # straight downhill into the nearest valley ...
    assert abs(stuck.xs[-1] - cfg.x0) < 0.5 and behaviour(stuck, fn) == "local minimum"
    assert fn.minima[0] == pytest.approx(-0.74, abs=0.005)
    assert fn(stuck.xs[-1]) > fn(fn.minima[0]) + 5.0  # ... far above the global minimum
    _, bolder = _gd("Stuck in a bump", lr=0.5)
    assert abs(bolder.xs[-1] - stuck.xs[-1]) > 2.0 and fn(bolder.xs[-1]) < fn(stuck.xs[-1]) - 1.0


def test_flat_bottom_steps_shrink_and_the_wall_explodes() -> None:
    cfg, trace = _gd("Flat bottom")
    moves = np.abs(np.diff(trace.xs))
    assert np.all(np.diff(moves) < 0) and moves[-1] < 0.01 * moves[0]
    assert trace.xs[-1] - 1.0 > 0.1  # still short of the minimum after 60 steps
    _, wall = _gd("Flat bottom", x0=4.5, lr=0.2)
    assert behaviour(wall, FUNCTIONS[cfg.fn]) == "diverged"


# ---- image kernels ---------------------------------------------------------------------------------


def _kernel(title: str) -> tuple[KernelConfig, np.ndarray]:
    cfg = _by_title(KERNEL_PRESETS, title).applied_to(KernelConfig())
    return cfg, kernel_from_text(cfg.weights)


def _run(cfg: KernelConfig, kernel: np.ndarray, img: np.ndarray) -> np.ndarray:
    """The page's call (pages/image_kernels.py)."""
    return filter_image(img, kernel, cfg.color, cfg.padding, cfg.stride, cfg.relu)


def _photo(key: str) -> np.ndarray:
    try:
        return load_sample(key).pixels
    except ValueError:
        pytest.skip("the sample photo's package is not installed")


#: A dark left half (50) and a bright right half (200), 20x20 grey.
STEP = np.where(np.arange(20)[None, :] < 10, 50.0, 200.0) * np.ones((20, 1))


def test_sharpen_keeps_flat_areas_and_halos_edges() -> None:
    cfg, k = _kernel("Sharpen the astronaut")
    out = _run(dataclasses.replace(cfg, color="gray"), k, STEP)
    inner = out[2:-2]  # away from the zero padding
    np.testing.assert_allclose(inner[:, 2:8], 50.0)
    np.testing.assert_allclose(inner[:, 12:18], 200.0)  # flat areas keep their brightness
    assert inner[:, 9].max() < 50.0 - 100 and inner[:, 10].min() > 200.0 + 100  # the halo


def test_excessive_sharpen_multiplies_texture() -> None:
    photo = to_gray(_photo("astronaut"))
    gains = {}
    for title in ("Sharpen the astronaut", "Excessive sharpen"):
        cfg, k = _kernel(title)
        assert k.sum() == pytest.approx(1.0)  # "sum to 1 too"
        out = _run(dataclasses.replace(cfg, color="gray"), k, photo)[1:-1, 1:-1]
        gains[title] = float(np.std(out - photo[1:-1, 1:-1]))
    assert gains["Excessive sharpen"] > 2 * gains["Sharpen the astronaut"]


def test_signed_edges_show_both_sides_that_clipping_hides() -> None:
    cfg, k = _kernel("Edges, in signed colours")
    assert cfg.display == "signed"
    flat = _run(cfg, k, np.full((9, 9), 120.0))[1:-1, 1:-1]
    np.testing.assert_allclose(flat, 0.0, atol=1e-4)  # flat areas are 0
    step = _run(cfg, k, STEP)[2:-2]
    assert step[:, 9].min() < -100 and step[:, 10].max() > 100  # the two sides of the edge
    out = _run(cfg, k, _photo(cfg.image))[1:-1, 1:-1]
    negative = out < -10
    assert 0.3 < negative.mean() / (np.abs(out) > 10).mean() < 0.7  # about half the response
    assert np.all(to_display(out, "clip")[negative] == 0)  # clipped, the negative half is black


def test_right_sobel_relu_keeps_edges_brightening_to_the_right() -> None:
    cfg, k = _kernel("Right Sobel + ReLU")
    assert cfg.relu
    rising = _run(cfg, k, STEP)[2:-2]
    falling = _run(cfg, k, STEP[:, ::-1])[2:-2]
    assert rising[:, 9:11].min() > 100  # brighter to the right: kept
    assert falling[:, 1:-1].max() == 0.0  # darker to the right: ReLU drops it
    no_relu = _run(dataclasses.replace(cfg, relu=False), k, STEP[:, ::-1])[2:-2]
    assert no_relu[:, 9:11].max() < -100


def test_valid_blur_loses_two_pixels_per_side_and_stride_2_keeps_a_quarter() -> None:
    cfg, k = _kernel("Blur, then look at the margin")
    photo = _photo(cfg.image)
    assert k.shape == (5, 5)
    assert _run(cfg, k, photo).shape[:2] == (photo.shape[0] - 4, photo.shape[1] - 4)
    cfg, k = _kernel("Stride 2 halves")
    photo = _photo(cfg.image)
    out = _run(cfg, k, photo)
    assert out.size / to_gray(photo).size == pytest.approx(0.25, rel=0.01)


def test_emboss_lights_raised_shapes_from_the_top_left() -> None:
    cfg, k = _kernel("Emboss")
    square = np.full((30, 30), 60.0)
    square[10:20, 10:20] = 180.0
    out = _run(cfg, k, square)
    centre = out[15, 15]
    assert out[10, 10:19].min() > centre + 100 and out[10:19, 10].min() > centre + 100  # lit edges
    assert out[19, 11:20].max() < 0 and out[11:20, 19].max() < 0  # shadowed edges
    assert k[0, 0] < 0 < k[-1, -1]  # one-sided: dark weights top-left, bright bottom-right


# ---- pooling ---------------------------------------------------------------------------------------


def _pool(title: str) -> tuple[PoolConfig, np.ndarray]:
    """The preset's config and its grid (as ``ui.conv.pool_view.pool_grid`` draws it), (H, W, 1)."""
    cfg = _by_title(POOL_PRESETS, title).applied_to(PoolConfig())
    rng = np.random.default_rng(cfg.seed)
    grid = rng.integers(0, 10, size=(cfg.grid_size, cfg.grid_size)).astype(np.float64)
    return cfg, grid[:, :, None]


def test_overlapping_windows_let_one_number_win_twice() -> None:
    cfg, grid = _pool("Overlapping windows")
    res = pool2d(grid, cfg.size, cfg.stride, "max", cfg.padding)
    winners = [tuple(cell) for cell in res.argmax[:, :, 0].reshape(-1, 2)]
    assert cfg.size > cfg.stride and len(set(winners)) < len(winners)


def test_same_padding_drops_no_cell_and_pads_never_count() -> None:
    cfg, grid = _pool("Padding 'same'")
    mx = pool2d(grid, cfg.size, cfg.stride, "max", cfg.padding)
    av = pool2d(grid, cfg.size, cfg.stride, "avg", cfg.padding)
    assert mx.out.shape[:2] == (3, 3) and mx.pads == ((0, 1), (0, 1))  # right/bottom
    looked_at = {tuple(c) for c in mx.argmax[:, :, 0].reshape(-1, 2)}
    assert all(0 <= r < 5 and 0 <= c < 5 for r, c in looked_at)  # padded cells never win
    assert av.out[2, 2, 0] == grid[4, 4, 0]  # the corner window averages its one real cell
    assert av.out[0, 2, 0] == pytest.approx(grid[0:2, 4, 0].mean())


def test_valid_pooling_never_looks_at_the_last_row_and_column() -> None:
    cfg, grid = _pool("Cells left out")
    changed = grid.copy()
    changed[-1, :, 0] = changed[:, -1, 0] = 99.0
    for mode in ("max", "avg"):
        a = pool2d(grid, cfg.size, cfg.stride, mode, cfg.padding).out
        b = pool2d(changed, cfg.size, cfg.stride, mode, cfg.padding).out
        assert a.shape[:2] == (2, 2)
        np.testing.assert_array_equal(a, b)


def test_max_pooling_keeps_thin_bright_lines_average_blurs_them() -> None:
    cfg = _by_title(POOL_PRESETS, "Pool a photo").applied_to(PoolConfig())
    lines = np.zeros((64, 64, 1))
    lines[:, 5::8] = 255.0  # one-pixel bright lines every 8 columns
    x = {"max": lines, "avg": lines}
    for _ in range(cfg.levels):
        x = {mode: pool2d(v, cfg.size, cfg.stride, mode).out for mode, v in x.items()}
    assert x["max"].shape == (8, 8, 1) and np.all(x["max"][:, :, 0].max(axis=0) == 255.0)
    assert x["avg"].max() < 255.0 / 4  # smeared into a faint grey


# ---- softmax ----------------------------------------------------------------------------------------


def _softmax(title: str, **changes: object):
    cfg = dataclasses.replace(_by_title(SOFTMAX_PRESETS, title).applied_to(SoftmaxConfig()), **changes)
    return cfg, softmax_table(cfg.logits, cfg.temperature, cfg.true_class)


def test_cold_temperature_is_nearly_one_hot_and_harsh_on_mistakes() -> None:
    cfg, cold = _softmax("Cold temperature")
    _, usual = _softmax("Cold temperature", temperature=1.0)
    assert cold.probs.max() > 0.999 and np.argmax(cold.probs) == np.argmax(cfg.logits)
    assert cold.probs.max() > usual.probs.max()  # the gaps are exaggerated
    assert np.abs(cold.grad).max() < 0.01 < np.abs(usual.grad).max()  # right and cold: tiny gradient
    _, cold_wrong = _softmax("Cold temperature", true_class=1)
    _, wrong = _softmax("Cold temperature", true_class=1, temperature=1.0)
    assert np.abs(cold_wrong.grad).max() > 4 * np.abs(wrong.grad).max()  # wrong and cold: ÷T
    lesson = _by_title(SOFTMAX_PRESETS, "Cold temperature").lesson
    assert f"{np.abs(cold_wrong.grad).max():.2f}" in lesson and f"{cold.probs[0]:.4f}" in lesson


def test_hot_temperature_flattens_toward_uniform() -> None:
    cfg, hot = _softmax("Hot temperature")
    _, usual = _softmax("Hot temperature", temperature=1.0)
    uniform = 1 / len(cfg.logits)
    assert np.abs(hot.probs - uniform).max() < 0.5 * np.abs(usual.probs - uniform).max()
    shown = ", ".join(f"{p:.2f}" for p in hot.probs)
    assert shown in _by_title(SOFTMAX_PRESETS, "Hot temperature").lesson


def test_confident_and_wrong_pulls_the_wrong_class_down() -> None:
    cfg, t = _softmax("Confident and wrong")
    assert np.argmax(t.probs) == 0 != cfg.true_class
    assert t.grad[cfg.true_class] < 0 < t.grad[0]  # gradient descent: z₁ up, z₀ down


# ---- SVM ----------------------------------------------------------------------------------------------


def test_rbf_only_support_vectors_matter() -> None:
    """ "Move any other point (outside the margin) and nothing changes"."""
    cfg = _by_title(SVM_PRESETS, "RBF: the kernel trick").applied_to(SvmConfig())
    data = svm.load_data(cfg)
    fit = svm.fit_svm(data, cfg)
    others = np.setdiff1d(np.arange(len(data.y_train)), fit.support)
    f = fit.model.decision_function(data.x_train[others])
    assert np.all(np.abs(f) > 1.0)  # every other point is outside the margin
    moved = data.x_train.copy()
    radius = np.linalg.norm(moved[others], axis=1, keepdims=True)
    inward = (f > 0)[:, None]  # the disc's side: pull inwards; the ring's: push outwards
    moved[others] *= np.where(inward, 0.9, 1.0 + 0.5 / np.maximum(radius, 1e-9))
    assert np.all(np.abs(fit.model.decision_function(moved[others])) > 1.0)
    refit = svm.fit_svm(dataclasses.replace(data, x_train=moved), cfg)
    t = np.linspace(-5, 5, 21)
    plane = np.column_stack([a.ravel() for a in np.meshgrid(t, t)])
    np.testing.assert_allclose(
        refit.model.decision_function(plane), fit.model.decision_function(plane), atol=1e-3
    )
    assert set(refit.support) == set(fit.support)


def _islands(title: str, **changes: float) -> list[tuple[int, float]]:
    """The preset's islands on the page's shaded plane: (training point, island area in units²) for
    every region of one predicted class that is cut off from the plot's edges and holds a single
    training point."""
    cfg = dataclasses.replace(_by_title(SVM_PRESETS, title).applied_to(SvmConfig()), **changes)
    data = svm.load_data(cfg)
    fit = svm.fit_svm(data, cfg)
    axis, z = svm.decision_grid(fit.model, svm.grid_resolution(cfg))
    step = float(axis[1] - axis[0])
    cols, rows = np.rint((data.x_train - axis[0]) / step).astype(int).T
    found = []
    for region in (z > 0, z <= 0):
        labels, n = ndimage.label(region)
        edge = set(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]]).tolist())
        for k in set(range(1, n + 1)) - edge:
            inside = np.flatnonzero(labels[rows, cols] == k)
            if len(inside) == 1:
                found.append((int(inside[0]), float((labels == k).sum()) * step**2))
    return found


def test_huge_gamma_draws_islands_round_single_points_inside_the_other_class() -> None:
    title = "Huge γ: overfitting"
    cfg = _by_title(SVM_PRESETS, title).applied_to(SvmConfig())
    data = svm.load_data(cfg)
    x, y = data.x_train, data.y_train
    reach = 1 / np.sqrt(cfg.gamma)  # exp(−γ d²) = 1/e at d = 1/√γ
    inside_other = []
    for point, area in _islands(title):
        nearest = np.argsort(np.linalg.norm(x - x[point], axis=1))[1:6]
        if np.all(y[nearest] != y[point]):  # the point's 5 nearest neighbours are all the other class
            assert area < 2 * np.pi * reach**2  # a small neighbourhood round the point
            inside_other.append(point)
    assert len(inside_other) >= 2
    assert not _islands(title, gamma=0.3)  # γ = 0.3: no islands


# ---- activations: vanishing and exploding gradients --------------------------------------------------


def _gradient_preset(title: str) -> tuple[str, ActivationsConfig]:
    preset = _by_title(ACTIVATION_GRADIENT_PRESETS, title)
    return preset.lesson, preset.applied_to(ActivationsConfig())


def _first_over_output(act: str, cfg: ActivationsConfig) -> float:
    """The page's caption: the measured net's first-layer / output-layer mean |dL/dW|."""
    g = deep_net_gradients(act, cfg.depth, cfg.width, cfg.seed).layer_grad
    return float(g[0] / g[-1])


def test_sigmoid_10_layers_a_millionth_at_best() -> None:
    lesson, cfg = _gradient_preset("Sigmoid, 10 layers")
    chain = chain_gradients(cfg.act, cfg.depth, cfg.z, cfg.weight)
    assert f"0.25¹⁰ ≈ {sci(float(chain[-1]))}" in lesson and chain[-1] == 0.25**10
    assert round(np.log10(chain[-1])) == -6  # "a millionth"
    best = max(chain_gradients(cfg.act, cfg.depth, z, cfg.weight)[-1] for z in np.linspace(-6, 6, 121))
    assert best == chain[-1]  # "at best": z = 0 is sigmoid's steepest point
    assert _first_over_output(cfg.act, cfg) < chain[-1]  # the measured net does no better


def test_relu_30_layers_stays_1_however_deep() -> None:
    lesson, cfg = _gradient_preset("ReLU, 30 layers")
    assert cfg.z > 0 and cfg.weight == 1.0
    depth = next(f for f in dataclasses.fields(ActivationsConfig) if f.name == "depth")
    deepest = depth.metadata["url"].high  # the slider's last value
    np.testing.assert_array_equal(chain_gradients(cfg.act, deepest, cfg.z, cfg.weight), 1.0)
    assert "stays 1 however deep" in lesson
    # The measured 30-layer net: ReLU's first layer keeps a fair share, sigmoid's nothing.
    assert _first_over_output("relu", cfg) > 0.1 and _first_over_output("sigmoid", cfg) < 1e-15


def test_tanh_weight_2_doubles_every_layer_and_glorot_keeps_it_near_1() -> None:
    lesson, cfg = _gradient_preset("Exploding: tanh, weight 2")
    slope = float(evaluate(cfg.act, np.array([cfg.z]))[1][0])
    assert f"tanh′(0) = {slope:g} times w = {cfg.weight:g}" in lesson
    chain = chain_gradients(cfg.act, cfg.depth, cfg.z, cfg.weight)
    np.testing.assert_allclose(chain[1:] / chain[:-1], 2.0)
    assert f"2²⁰ ≈ {sci(float(chain[-1]))}" in lesson
    # "Careful initialization (Glorot) keeps w·f′ near 1": the measured tanh net neither
    # vanishes nor explodes over the same 20 layers.
    assert 0.1 < _first_over_output(cfg.act, cfg) < 10
