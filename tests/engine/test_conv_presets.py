"""The convolution pages' "What to try" presets: valid configs, and every number in a lesson is the engine's."""

from __future__ import annotations

import numpy as np
import pytest

from engine.conv.cnn import build_keras_model, compute_shapes, dense_activation, parse_spec
from engine.conv.config import CnnConfig, KernelConfig, PoolConfig, StepConfig
from engine.conv.examples import POOL4_MAX, SHARPEN_FIRST_CELL
from engine.conv.imagefilter import to_gray
from engine.conv.images import load_sample
from engine.conv.kernels import KERNELS, kernel_from_text
from engine.conv.pool import pool2d
from engine.conv.presets import CNN_PRESETS, KERNEL_PRESETS, POOL_PRESETS, STEP_PRESETS
from engine.conv.step import build_problem

GROUPS = [
    (STEP_PRESETS, StepConfig),
    (KERNEL_PRESETS, KernelConfig),
    (POOL_PRESETS, PoolConfig),
    (CNN_PRESETS, CnnConfig),
]


def _by_title(presets, start: str):
    return next(p for p in presets if p.title.startswith(start))


@pytest.mark.parametrize(("presets", "cls"), GROUPS)
def test_every_preset_is_a_valid_config(presets, cls) -> None:
    assert len({p.title for p in presets}) == len(presets)
    for preset in presets:
        cfg = preset.applied_to(cls())
        assert cfg.validated() == cfg and preset.lesson


def test_kernel_presets_carry_their_own_weights() -> None:
    for preset in KERNEL_PRESETS:
        cfg = preset.applied_to(KernelConfig())
        np.testing.assert_allclose(kernel_from_text(cfg.weights), KERNELS[cfg.preset].array, atol=5e-6)
    sums = {key: KERNELS[key].array.sum() for key in ("sharpen", "excessive_sharpen", "edges_all")}
    assert f"sum to {sums['sharpen']:g}" in KERNEL_PRESETS[0].lesson
    assert f"{sums['edges_all']:g} make flat areas 0" in _by_title(KERNEL_PRESETS, "Edges").lesson


def test_step_lessons_quote_the_engine() -> None:
    slides = build_problem(STEP_PRESETS[0].applied_to(StepConfig()))
    o = slides.out.shape
    assert f"a {o[0]}×{o[1]}×{o[2]} output" in STEP_PRESETS[0].lesson
    assert f"= **{slides.out[0, 0, 0]:g}**" in STEP_PRESETS[0].lesson
    sharpen = _by_title(STEP_PRESETS, "Sharpen")
    assert (
        build_problem(sharpen.applied_to(StepConfig())).out[0, 0, 0] == SHARPEN_FIRST_CELL
    )  # the slide's 114
    assert f"**{SHARPEN_FIRST_CELL:g}**" in sharpen.lesson
    edges = _by_title(STEP_PRESETS, "Vertical edges")
    e = build_problem(edges.applied_to(StepConfig())).out.shape
    assert edges.lesson.endswith(f"{e[0]}×{e[1]}.")
    impossible = _by_title(STEP_PRESETS, "An impossible")
    assert build_problem(impossible.applied_to(StepConfig())).out is None


def test_pool_lessons_quote_the_engine() -> None:
    slides, photo = POOL_PRESETS[0], _by_title(POOL_PRESETS, "Pool a photo")
    assert (
        "(" + ", ".join(f"{v:g}" for v in POOL4_MAX.ravel()) + ")" in slides.lesson
    )  # the slides' printed max
    cfg = photo.applied_to(PoolConfig())
    try:
        x = to_gray(load_sample(cfg.image).pixels).astype(float)[:, :, None]
    except ValueError:
        pytest.skip("the sample photo's package is not installed")
    sides = [x.shape[0]]
    for _ in range(cfg.levels):
        x = pool2d(x, cfg.size, cfg.stride, "max").out
        sides.append(x.shape[0])
    assert " → ".join(map(str, sides)) in photo.lesson


def _conv(c_in: int, filters: int, k: int = 3) -> int:
    return (k * k * c_in + 1) * filters


def test_tinyvgg_parameters_are_computed_not_typed() -> None:
    """Issue 13: the lesson said 8,480; four 3x3 convs of 10 filters and a Dense(10) on 64x64x3 have more."""
    preset = _by_title(CNN_PRESETS, "CNN Explainer's TinyVGG")
    cfg = preset.applied_to(CnnConfig())
    side = 64
    for _ in range(2):  # two blocks: conv, conv (valid: -2 each), pool 2
        side = (side - 2 - 2) // 2
    by_hand = _conv(3, 10) + 3 * _conv(10, 10) + (side * side * 10 + 1) * 10
    table = compute_shapes(cfg.input_shape, parse_spec(cfg.layers))
    assert (
        table.total_params
        == by_hand
        == build_keras_model(cfg.input_shape, parse_spec(cfg.layers)).count_params()
    )
    assert f"{by_hand:,} parameters" in preset.lesson and "8,480" not in preset.lesson


def test_cats_vs_dogs_is_the_slides_network() -> None:
    """Slides 003: Conv2D 16/32/64 (3x3) each with MaxPooling2D(2, 2) on 150x150x3, Flatten,
    Dense(512, relu) three times, Dense(1, sigmoid)."""
    preset = _by_title(CNN_PRESETS, "Slides 003: cats vs dogs")
    cfg = preset.applied_to(CnnConfig())
    layers = parse_spec(cfg.layers)
    assert cfg.input_shape == (150, 150, 3)
    assert [(layer.kind, layer.size, layer.kernel) for layer in layers if layer.kind == "conv"] == [
        ("conv", 16, 3),
        ("conv", 32, 3),
        ("conv", 64, 3),
    ]
    assert [layer.kind for layer in layers].count("maxpool") == 3
    dense = [layer for layer in layers if layer.kind == "dense"]
    assert [layer.size for layer in dense] == [512, 512, 512, 1]
    assert [dense_activation(layer, i == len(dense) - 1) for i, layer in enumerate(dense)] == ["relu"] * 3 + [
        "sigmoid"
    ]
    table = compute_shapes(cfg.input_shape, layers)
    model = build_keras_model(cfg.input_shape, layers)
    assert model.layers[-1].get_config()["activation"] == "sigmoid"
    assert table.total_params == model.count_params()
    assert f"{table.total_params:,} parameters" in preset.lesson


def test_other_cnn_lessons_quote_the_engine() -> None:
    for preset in CNN_PRESETS:
        cfg = preset.applied_to(CnnConfig())
        table = compute_shapes(cfg.input_shape, parse_spec(cfg.layers))
        if "parameters" in preset.lesson and "million" not in preset.lesson:
            assert f"{table.total_params:,} parameters" in preset.lesson, preset.title
    mnist = CNN_PRESETS[0].applied_to(CnnConfig())
    table = compute_shapes(mnist.input_shape, parse_spec(mnist.layers))
    first_dense = next(r.params for r in table.rows if r.keras_type == "Dense")
    assert f"{100 * first_dense / table.total_params:.0f} % of them" in CNN_PRESETS[0].lesson
    too_many = _by_title(CNN_PRESETS, "Too many pools")
    cfg = too_many.applied_to(CnnConfig())
    table = compute_shapes(cfg.input_shape, parse_spec(cfg.layers))
    assert not table.ok and f"layer {len(table.rows) + 1}" in too_many.lesson
