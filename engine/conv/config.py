"""The four convolution pages' configs: one declared table each (URL key, range, choices, label).

:mod:`engine.urlstate` turns each table into validation, link parsing and link
writing. The kernel text and the CNN layer spec are plain ``str`` settings whose
own parsers run in :meth:`check` (a bad one raises ``ConfigError`` naming the field).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, ClassVar

from engine.conv.cnn import SLIDES_SPEC, SpecError, parse_spec
from engine.conv.examples import CONV_EXAMPLES
from engine.conv.imagefilter import COLORS, DISPLAYS, PADDINGS
from engine.conv.images import SAMPLES_BY_KEY
from engine.conv.kernels import KERNELS, KernelError, kernel_from_text, kernel_to_text
from engine.urlstate import ConfigError, UrlConfig, setting

__all__ = ["CnnConfig", "ConfigError", "KernelConfig", "PoolConfig", "StepConfig"]

SEED_MAX = 2**31 - 1

# --------------------------------------------------------------------------- convolution, step by step

#: The slides' examples, then random values (whose sizes the learner chooses).
STEP_EXAMPLES: dict[str, str] = {
    **{key: ex.title for key, ex in CONV_EXAMPLES.items()},
    "random": "Random values (any sizes)",
}
MAX_STEP_SIZE = 9
MAX_STEP_PAD = 3


def example_sizes(example: str) -> dict[str, int]:
    """A slides example's own input size, channels, filters and kernel size ({} for "random")."""
    ex = CONV_EXAMPLES.get(example)
    if ex is None:
        return {}
    return {
        "size": ex.x.shape[0],
        "channels": ex.x.shape[2],
        "filters": ex.w.shape[3],
        "kernel": ex.w.shape[0],
    }


@dataclasses.dataclass(frozen=True)
class StepConfig(UrlConfig):
    """Convolution step by step. ``example`` is a slides example or "random" (then the sizes apply)."""

    PRIMARY: ClassVar[tuple[str, ...]] = ("example",)

    example: str = setting("cs231n", key="ex", choices=STEP_EXAMPLES, label="Example", describe="example")
    size: int = setting(
        5, key="n", low=2, high=MAX_STEP_SIZE, label="Input size N (N×N)", describe="the input size"
    )
    channels: int = setting(
        3, key="c", low=1, high=3, label="Input channels C", describe="the input channels"
    )
    filters: int = setting(
        2, key="f", low=1, high=3, label="Filters F (output channels)", describe="the filters"
    )
    kernel: int = setting(3, key="k", low=1, high=5, label="Kernel size K (K×K)", describe="the kernel size")
    padding: int = setting(
        1, key="p", low=0, high=MAX_STEP_PAD, label="Padding P (zeros on each side)", describe="the padding"
    )
    stride: int = setting(2, key="s", low=1, high=4, label="Stride S", describe="the stride")
    dilation: int = setting(
        1, key="d", low=1, high=3, label="Dilation D (gap between kernel taps)", describe="the dilation"
    )
    seed: int = setting(0, low=0, high=SEED_MAX, widget="number", label="Random seed", describe="the seed")

    @classmethod
    def link_base(cls, primary: Mapping[str, Any]) -> StepConfig:
        """A slides example's own sizes are its defaults (a link need not repeat them)."""
        base = dataclasses.replace(cls(), **primary)
        return dataclasses.replace(base, **example_sizes(base.example))

    def with_example(self, example: str) -> StepConfig:
        """Pick ``example`` as its own widget does: its sizes, padding and stride, dilation 1."""
        ex = CONV_EXAMPLES.get(example)
        if ex is None:
            return dataclasses.replace(self, example=example)
        return dataclasses.replace(
            self, example=example, padding=ex.padding, stride=ex.stride, dilation=1, **example_sizes(example)
        )


# --------------------------------------------------------------------------- kernels on real images

IMAGE_CHOICES: dict[str, str] = {
    **{key: s.title for key, s in SAMPLES_BY_KEY.items()},
    "upload": "Upload your own…",
}
PRESET_CHOICES: dict[str, str] = {
    **{key: k.title for key, k in KERNELS.items()},
    "custom": "Custom (your edits)",
}


def preset_weights(preset: str, fallback: str) -> str:
    """A preset kernel's text (``fallback`` for "custom")."""
    return kernel_to_text(KERNELS[preset].array) if preset in KERNELS else fallback


@dataclasses.dataclass(frozen=True)
class KernelConfig(UrlConfig):
    """Kernels on real images. ``weights`` is the kernel text (``"0,-1,0;-1,5,-1;0,-1,0"``)."""

    PRIMARY: ClassVar[tuple[str, ...]] = ("preset",)

    image: str = setting("astronaut", key="img", choices=IMAGE_CHOICES, label="Image", describe="image")
    preset: str = setting("sharpen", key="kernel", choices=PRESET_CHOICES, label="Preset", describe="kernel")
    weights: str = setting("0,-1,0;-1,5,-1;0,-1,0", key="w", describe="the kernel's weights")
    color: str = setting("rgb", choices=COLORS, widget="radio", label="Colour", describe="colour mode")
    padding: str = setting(
        "zero",
        key="pad",
        choices=PADDINGS,
        label="Padding",
        describe="padding",
        help="Zeros: a border of zeros keeps the size (Keras padding='same'). None: the output loses "
        "a margin (Keras padding='valid'). Mirror: the border pixels reflected, same size, no dark frame.",
    )
    stride: int = setting(1, key="s", low=1, high=4, label="Stride", describe="the stride")
    relu: bool = setting(
        False, widget="toggle", label="ReLU after the kernel (max(0, v), as in a CNN layer)", describe="ReLU"
    )
    display: str = setting(
        "clip", key="show", choices=DISPLAYS, widget="radio", label="Show the output as", describe="display"
    )

    @classmethod
    def link_base(cls, primary: Mapping[str, Any]) -> KernelConfig:
        """A preset's own weights are its default (``?kernel=emboss`` alone opens emboss's numbers)."""
        base = dataclasses.replace(cls(), **primary)
        return dataclasses.replace(base, weights=preset_weights(base.preset, base.weights))

    def check(self) -> None:
        try:
            kernel_from_text(self.weights)
        except KernelError as err:
            raise ConfigError(f"the kernel's weights: {err}", ("weights",)) from None

    def with_preset(self, preset: str) -> KernelConfig:
        """Choose a preset kernel: its weights replace the current ones."""
        return dataclasses.replace(self, preset=preset, weights=preset_weights(preset, self.weights))


# --------------------------------------------------------------------------- pooling

GRIDS: dict[str, str] = {"slides": "slides' 4x4", "random": "random"}
POOL_PADDINGS: tuple[str, ...] = ("valid", "same")
POOL_IMAGES: dict[str, str] = {key: s.title for key, s in SAMPLES_BY_KEY.items()}


@dataclasses.dataclass(frozen=True)
class PoolConfig(UrlConfig):
    """Pooling: the grid (slides' 4x4 or a random one) and an image, pooled with the same settings."""

    grid: str = setting("slides", choices=GRIDS, widget="radio", label="Grid", describe="grid")
    grid_size: int = setting(
        6, key="n", low=3, high=10, label="Random grid size", describe="the random grid size"
    )
    seed: int = setting(0, low=0, high=SEED_MAX, widget="number", label="Seed", describe="the seed")
    size: int = setting(2, key="k", low=1, high=5, label="Pool size (K×K)", describe="the pool size")
    stride: int = setting(
        2,
        key="s",
        low=1,
        high=5,
        label="Stride",
        help="Keras's default stride is the pool size.",
        describe="the stride",
    )
    padding: str = setting(
        "valid", key="pad", choices=POOL_PADDINGS, widget="radio", label="Padding", describe="padding"
    )
    image: str = setting("camera", key="img", choices=POOL_IMAGES, label="Image", describe="image")
    levels: int = setting(
        1,
        low=1,
        high=4,
        label="Pool the photo this many times",
        describe="how many times the photo is pooled",
    )


# --------------------------------------------------------------------------- CNN shapes


@dataclasses.dataclass(frozen=True)
class CnnConfig(UrlConfig):
    """CNN shapes: the input size and the layer spec (see :mod:`engine.conv.cnn`)."""

    height: int = setting(
        28, key="h", low=1, high=1024, widget="number", label="Height", describe="the height"
    )
    width: int = setting(28, key="w", low=1, high=1024, widget="number", label="Width", describe="the width")
    channels: int = setting(
        1,
        key="c",
        low=1,
        high=512,
        widget="number",
        label="Channels (1 = grey, 3 = RGB)",
        describe="the channels",
    )
    layers: str = setting(SLIDES_SPEC, describe="the layer list")

    def check(self) -> None:
        try:
            parse_spec(self.layers)
        except SpecError as err:
            raise ConfigError(f"the layer list: {err}", ("layers",)) from None

    @property
    def input_shape(self) -> tuple[int, int, int]:
        return (self.height, self.width, self.channels)
