""" "What to try" presets of the four convolution pages; every number in a lesson is computed here.

UI-free: a lesson's sizes, parameter counts and sums come from the same engine the
pages use (:func:`engine.conv.step.build_problem`, :func:`engine.conv.pool.pool2d`,
:func:`engine.conv.cnn.compute_shapes`), so a lesson cannot disagree with its page.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from engine.conv.cnn import (
    CATS_DOGS_SPEC,
    SLIDES_002_SPEC,
    SLIDES_SPEC,
    ShapeTable,
    compute_shapes,
    parse_spec,
)
from engine.conv.config import KernelConfig, StepConfig, preset_weights
from engine.conv.examples import POOL4
from engine.conv.kernels import KERNELS
from engine.conv.pool import pool2d
from engine.conv.shapes import effective_kernel
from engine.conv.step import StepProblem, build_problem
from engine.presets import Preset


def _x(*dims: int) -> str:
    return "×".join(str(d) for d in dims)


_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _count(n: int) -> str:
    """Small counts in words, as in running text."""
    return _WORDS[n] if 0 <= n < len(_WORDS) else str(n)


def _rows_cols(n: int) -> str:
    return "row and column" if n == 1 else f"{n} rows and columns"


# --------------------------------------------------------------------------- convolution, step by step


def _step(
    title: str, lesson: Callable[[StepProblem], str], example: str | None = None, **values: Any
) -> Preset:
    """A preset that sets ``values`` (after choosing ``example`` with its own sizes); the learner's
    random seed is kept. ``lesson`` is written from the problem the preset opens."""
    build = (lambda c: c.with_example(example)) if example else None
    preset = Preset(title, "", values, from_defaults=False, build=build)
    return dataclasses.replace(preset, lesson=lesson(build_problem(preset.applied_to(StepConfig()))))


def _slides_example(p: StepProblem) -> str:
    n, c, k, f = p.size, p.channels, p.kernel, p.filters
    o = p.out_shape
    total = float(p.out[0, 0, 0]) if p.out is not None else 0.0
    bias = float(p.b[0])
    return (
        f"{_x(n, n, c)} input padded to {_x(n + 2 * p.padding, n + 2 * p.padding, c)}, {_count(f)} {_x(k, k, c)} "
        f"filters, stride {p.stride}: a {_x(*o)} output. Each output number is {k * k * c} products plus a "
        f"bias. Press **Cell ▶** and check the first cell: {total - bias:g} + bias {bias:g} = **{total:g}**."
    )


def _sharpen(p: StepProblem) -> str:
    x = p.x[:, :, 0]
    return (
        f"5 × centre − 4 neighbours. Check the first cell: 5·{x[0, 0]:g} − {x[0, 1]:g} − {x[1, 0]:g} − 0 − 0 "
        f"= **{p.out[0, 0, 0]:g}**."
    )


STEP_PRESETS: tuple[Preset, ...] = (
    _step("The slides' example", _slides_example, "cs231n", padding=1, stride=2, dilation=1),
    _step(
        "Stride 1 instead of 2",
        lambda p: (
            f"The window moves one cell at a time: the output grows to {_x(*p.out_shape)}, "
            "neighbouring windows overlap."
        ),
        "cs231n",
        padding=1,
        stride=1,
        dilation=1,
    ),
    _step(
        "No padding",
        lambda p: (
            f"Without the ring of zeros the {_x(p.size, p.size)} input gives only a "
            f"{_x(*p.out_shape[:2])} output at stride {p.stride}: the border pixels are used less often, "
            "and the output shrinks."
        ),
        "cs231n",
        padding=0,
        stride=2,
        dilation=1,
    ),
    _step(
        "X-shaped kernel (slides 002)",
        lambda p: (
            "A binary image and a kernel shaped like an X: the output is largest "
            f"({p.out.max():g}) where the image has an X."
        ),
        "xkernel",
        padding=0,
        stride=1,
        dilation=1,
    ),
    _step("Sharpen (slides 000)", _sharpen, "sharpen", padding=1, stride=1, dilation=1),
    _step(
        "Vertical edges (slides 003)",
        lambda p: (
            "Left column minus right column: the big negative numbers mark where the "
            f"{_x(p.size, p.size)} image turns brighter to the right. A {_x(p.kernel, p.kernel)} filter on "
            f"{_x(p.size, p.size)} without padding loses a {(p.kernel - 1) // 2}-pixel margin: "
            f"{_x(*p.out_shape[:2])}."
        ),
        "edge6",
        padding=0,
        stride=1,
        dilation=1,
    ),
    _step(
        "A stride that does not fit",
        lambda p: (
            f"Stride {p.stride} on the padded {_x(p.size + 2 * p.padding, p.size + 2 * p.padding)}: "
            f"({p.size + 2 * p.padding} − {p.kernel})/{p.stride} is not whole, so the last "
            f"{_rows_cols(p.report.leftover)} are never reached (tinted red). Keras silently drops them."
        ),
        "cs231n",
        padding=1,
        stride=3,
        dilation=1,
    ),
    _step(
        "Dilation 2",
        lambda p: (
            f"The {_x(p.kernel, p.kernel)} filter's taps are spread {p.dilation} apart, so it sees a "
            f"{_x(effective_kernel(p.kernel, p.dilation), effective_kernel(p.kernel, p.dilation))} area with "
            f"{p.kernel * p.kernel} weights: a larger view, same parameter count."
        ),
        example="random",
        size=7,
        channels=1,
        filters=1,
        kernel=3,
        padding=0,
        stride=1,
        dilation=2,
    ),
    _step(
        "An impossible combination",
        lambda p: (
            f"A {_x(p.kernel, p.kernel)} kernel on a {_x(p.size, p.size)} input without padding does "
            "not fit even once: the page explains instead of failing."
        ),
        example="random",
        size=3,
        channels=1,
        filters=1,
        kernel=5,
        padding=0,
        stride=1,
        dilation=1,
    ),
)

# --------------------------------------------------------------------------- kernels on real images


def _kernel(title: str, lesson: str, **values: Any) -> Preset:
    """From the defaults: ``values`` and the chosen preset's own weights."""
    weights = preset_weights(values["preset"], KernelConfig().weights)
    return Preset(title, lesson, {**values, "weights": weights})


def _minus(value: float) -> str:
    return f"{value:g}".replace("-", "−")


def _weight_sum(name: str) -> str:
    return _minus(KERNELS[name].array.sum())


KERNEL_PRESETS: tuple[Preset, ...] = (
    _kernel(
        "Sharpen the astronaut",
        f"Sharpen's weights sum to {_weight_sum('sharpen')}: flat areas keep their brightness, edges get a halo.",
        image="astronaut",
        preset="sharpen",
    ),
    _kernel(
        "Excessive sharpen",
        f"The slides' {_minus(KERNELS['excessive_sharpen'].array.min())} kernel: its weights sum to "
        f"{_weight_sum('excessive_sharpen')} too, but every speck of texture is multiplied.",
        image="astronaut",
        preset="excessive_sharpen",
    ),
    _kernel(
        "Edges, in signed colours",
        f"Weights summing to {_weight_sum('edges_all')} make flat areas 0 (white); blue and red are the two "
        "sides of every edge. Clipping (the default view) would hide the negative half.",
        image="camera",
        preset="edges_all",
        display="signed",
        color="gray",
    ),
    _kernel(
        "Right Sobel + ReLU",
        "As in a CNN layer: ReLU keeps only the positive responses, i.e. edges that get brighter to the right.",
        image="camera",
        preset="sobel_right",
        display="stretch",
        color="gray",
        relu=True,
    ),
    _kernel(
        "Blur, then look at the margin",
        f"Valid padding: a {_x(*KERNELS['gaussian5'].array.shape)} Gaussian loses "
        f"{KERNELS['gaussian5'].array.shape[0] // 2} pixels on every side (see the sizes under the images "
        "and the formula).",
        image="chelsea",
        preset="gaussian5",
        padding="valid",
    ),
    _kernel(
        "Stride 2 halves the image",
        "The kernel jumps two pixels at a time: a quarter of the output pixels.",
        image="coins",
        preset="box_blur",
        stride=2,
        color="gray",
    ),
    _kernel(
        "Emboss the coins",
        "A one-sided kernel: relief lit from the top-left.",
        image="coins",
        preset="emboss",
        color="gray",
    ),
)

# --------------------------------------------------------------------------- pooling

_SLIDES_MAX = pool2d(POOL4[:, :, None], 2, 2, "max").out[:, :, 0]

#: Pooling presets change only the settings they name (from the current config).
POOL_PRESETS: tuple[Preset, ...] = (
    Preset(
        "The slides' 4x4 example",
        "2x2 windows, stride 2: each output is the largest of four numbers "
        f"({', '.join(f'{v:g}' for v in _SLIDES_MAX.ravel())}); the average keeps a bit of every cell.",
        {"grid": "slides", "size": 2, "stride": 2, "padding": "valid"},
        from_defaults=False,
    ),
    Preset(
        "Overlapping windows",
        "Pool 3, stride 2 (as in AlexNet): windows share cells, so one large number can win twice.",
        {"grid": "random", "grid_size": 7, "size": 3, "stride": 2, "padding": "valid"},
        from_defaults=False,
    ),
    Preset(
        "Padding 'same'",
        "Odd sizes: 'same' pads the right/bottom so no cell is dropped; padded cells never win a max "
        "and are not averaged.",
        {"grid": "random", "grid_size": 5, "size": 2, "stride": 2, "padding": "same"},
        from_defaults=False,
    ),
    Preset(
        "Cells left out",
        "5x5 with 2x2 'valid' pooling: the last row and column are never looked at (grey).",
        {"grid": "random", "grid_size": 5, "size": 2, "stride": 2, "padding": "valid"},
        from_defaults=False,
    ),
    Preset(
        "Pool a photo three times",
        "Each 2x2 pooling quarters the pixels: 512 → 256 → 128 → 64. Max keeps bright "
        "details (thin lines survive), average blurs them.",
        {"image": "camera", "levels": 3, "size": 2, "stride": 2},
        from_defaults=False,
    ),
)

# --------------------------------------------------------------------------- CNN shapes


@dataclasses.dataclass(frozen=True)
class CnnNetwork:
    """A named network of the CNN page: its input, its layer spec and its computed shape table."""

    title: str
    shape: tuple[int, int, int]
    spec: str

    @property
    def table(self) -> ShapeTable:
        return compute_shapes(self.shape, parse_spec(self.spec))

    def preset(self, lesson: Callable[[ShapeTable], str]) -> Preset:
        h, w, c = self.shape
        values = {"height": h, "width": w, "channels": c, "layers": self.spec}
        return Preset(self.title, lesson(self.table), values)


def _dense(table: ShapeTable) -> list[int]:
    """Parameters of each Dense layer, in order."""
    return [r.params for r in table.rows if r.keras_type == "Dense"]


def _pool_steps(table: ShapeTable) -> str:
    """Each pooling layer's height before → after ("148 → 74, 72 → 36")."""
    steps, before = [], table.input_shape[0]
    for r in table.rows:
        if r.keras_type.endswith("Pooling2D"):
            steps.append(f"{before} → {r.shape[0]}")
        before = r.shape[0]
    return ", ".join(steps)


def _sides(table: ShapeTable) -> str:
    """The height after each layer until the first impossible one ("28 → 14 → 7 → ?")."""
    sides = [table.input_shape[0]] + [r.shape[0] for r in table.rows if len(r.shape) == 3]
    return " → ".join(str(s) for s in sides) + (" → ?" if table.problem else "")


def _mnist(t: ShapeTable) -> str:
    return (
        f"Conv 32 → pool → conv 32 → pool → dense 128 → 10: {t.total_params:,} parameters, "
        f"{100 * _dense(t)[0] / t.total_params:.0f} % of them in the first Dense layer."
    )


def _mnist_cnn_py(t: ShapeTable) -> str:
    pooled = next(r for r in t.rows if r.keras_type == "MaxPooling2D")
    flat = next(r for r in t.rows if r.keras_type == "Flatten")
    return (
        f"Two convs before one pool: the {_x(*pooled.shape)} map flattens to {flat.shape[0]:,} values, so the "
        f"first Dense layer alone has {_dense(t)[0] / 1e6:.2f} million parameters."
    )


def _cats_dogs(t: ShapeTable) -> str:
    dense = _dense(t)
    hidden = [r.shape[0] for r in t.rows if r.keras_type == "Dense"][:-1]
    return (
        f"{_x(*t.input_shape)} photos, three conv/pool blocks: each pool halves the map "
        f"({_pool_steps(t)}); then {_count(len(hidden))} Dense({hidden[0]}) layers and one sigmoid unit, as on the slide: "
        f"{t.total_params:,} parameters, {100 * dense[0] / t.total_params:.0f} % of them in the first Dense layer."
    )


def _lenet(t: ShapeTable) -> str:
    return f"5×5 kernels and average pooling on {_x(*t.input_shape[:2])} digits: only {t.total_params:,} parameters."


def _tinyvgg(t: ShapeTable) -> str:
    convs = sum(r.keras_type == "Conv2D" for r in t.rows)
    pools = sum(r.keras_type.endswith("Pooling2D") for r in t.rows)
    return (
        f"{_x(*t.input_shape)} input, {_count(convs)} 3×3 convs of 10 filters, {_count(pools)} pools: "
        f"{t.total_params:,} parameters."
    )


def _same(t: ShapeTable) -> str:
    side = t.input_shape[0]
    return f"With padding='same' a stride-1 conv keeps {_x(side, side)}; only pooling shrinks ({_sides(t)})."


def _too_many_pools(t: ShapeTable) -> str:
    return f"{_sides(t)}: layer {len(t.rows) + 1}, a pool, has nothing left to pool. The page says where."


CNN_NETWORKS: tuple[tuple[CnnNetwork, Callable[[ShapeTable], str]], ...] = (
    (CnnNetwork("Slides 003: MNIST CNN", (28, 28, 1), SLIDES_SPEC), _mnist),
    (CnnNetwork("Slides 002: mnist_cnn.py", (28, 28, 1), SLIDES_002_SPEC), _mnist_cnn_py),
    (CnnNetwork("Slides 003: cats vs dogs", (150, 150, 3), CATS_DOGS_SPEC), _cats_dogs),
    (
        CnnNetwork(
            "LeNet-5 (1998)",
            (32, 32, 1),
            "conv:6:5,avgpool:2,conv:16:5,avgpool:2,flatten,dense:120,dense:84,dense:10",
        ),
        _lenet,
    ),
    (
        CnnNetwork(
            "CNN Explainer's TinyVGG",
            (64, 64, 3),
            "conv:10:3,conv:10:3,maxpool:2,conv:10:3,conv:10:3,maxpool:2,flatten,dense:10",
        ),
        _tinyvgg,
    ),
    (
        CnnNetwork(
            "Padding 'same' keeps the size",
            (28, 28, 1),
            "conv:32:3:1:same,maxpool:2,conv:64:3:1:same,maxpool:2,flatten,dense:128,dense:10",
        ),
        _same,
    ),
    (
        CnnNetwork("Forgot Flatten", (28, 28, 1), "conv:8:3,maxpool:2,dense:10"),
        lambda t: (
            "Dense on a 3-D feature map works on each pixel's channels separately: the output stays "
            "a map (Keras allows it; it is rarely what you want)."
        ),
    ),
    (
        CnnNetwork(
            "Too many pools",
            (28, 28, 1),
            "maxpool:2,maxpool:2,maxpool:2,maxpool:2,maxpool:2,flatten,dense:10",
        ),
        _too_many_pools,
    ),
)
CNN_PRESETS: tuple[Preset, ...] = tuple(net.preset(lesson) for net, lesson in CNN_NETWORKS)
