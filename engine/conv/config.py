"""The four pages' frozen configs; each round-trips through URL query parameters.

``to_params()`` writes only values that differ from the defaults; ``from_params()``
never raises: a bad value is skipped (and reported) and the default kept.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from typing import Any, ClassVar

from engine.conv.cnn import SLIDES_SPEC, SpecError, parse_spec
from engine.conv.examples import CONV_EXAMPLES
from engine.conv.imagefilter import COLORS, DISPLAYS, PADDINGS
from engine.conv.images import SAMPLES_BY_KEY
from engine.conv.kernels import KERNELS, KernelError, kernel_from_text


class ConfigError(ValueError):
    """A value out of range; the message says which and why."""


def _decode(raw: str, like: Any) -> Any:
    if isinstance(like, bool):
        if raw.lower() in ("1", "true", "yes", "on"):
            return True
        if raw.lower() in ("0", "false", "no", "off"):
            return False
        raise ValueError("expected 0 or 1")
    if isinstance(like, int):
        return int(raw)
    if isinstance(like, float):
        value = float(raw)
        if not math.isfinite(value):
            raise ValueError("not a finite number")
        return value
    return str(raw)


def _encode(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


class UrlConfig:
    """Mixin for frozen dataclasses: ``checks()`` lists (ok, why) pairs; URL names in ``PARAMS``."""

    PARAMS: ClassVar[dict[str, str]] = {}

    def checks(self) -> list[tuple[bool, str]]:
        return []

    def validated(self):
        for ok, why in self.checks():
            if not ok:
                raise ConfigError(why)
        return self

    def to_params(self) -> dict[str, str]:
        default = type(self)()
        return {
            self.PARAMS[f.name]: _encode(getattr(self, f.name))
            for f in dataclasses.fields(self)
            if getattr(self, f.name) != getattr(default, f.name)
        }

    @classmethod
    def from_params(cls, params: Mapping[str, str]):
        default = cls()
        values: dict[str, Any] = {}
        problems: list[str] = []
        for field in dataclasses.fields(cls):
            key = cls.PARAMS[field.name]
            if key not in params:
                continue
            try:
                candidate = _decode(str(params[key]), getattr(default, field.name))
                dataclasses.replace(default, **{field.name: candidate}).validated()
            except (ValueError, TypeError) as err:
                problems.append(f"ignored {key}={params[key]!r}: {err}")
                continue
            values[field.name] = candidate
        config = dataclasses.replace(default, **values)
        try:
            config.validated()
        except ConfigError as err:
            problems.append(f"ignored the link's settings: {err}")
            config = default
        return config, problems


STEP_EXAMPLES = (*CONV_EXAMPLES, "random")
MAX_STEP_SIZE = 9
MAX_STEP_PAD = 3


@dataclasses.dataclass(frozen=True)
class StepConfig(UrlConfig):
    """Convolution step by step. ``example`` is a slides example or "random" (then the sizes apply)."""

    example: str = "cs231n"
    size: int = 5
    channels: int = 3
    filters: int = 2
    kernel: int = 3
    padding: int = 1
    stride: int = 2
    dilation: int = 1
    seed: int = 0

    PARAMS: ClassVar[dict[str, str]] = {
        "example": "ex",
        "size": "n",
        "channels": "c",
        "filters": "f",
        "kernel": "k",
        "padding": "p",
        "stride": "s",
        "dilation": "d",
        "seed": "seed",
    }

    def checks(self) -> list[tuple[bool, str]]:
        return [
            (self.example in STEP_EXAMPLES, f"unknown example {self.example!r}"),
            (2 <= self.size <= MAX_STEP_SIZE, f"the input size must be 2-{MAX_STEP_SIZE}"),
            (1 <= self.channels <= 3, "1-3 channels"),
            (1 <= self.filters <= 3, "1-3 filters"),
            (1 <= self.kernel <= 5, "the kernel size must be 1-5"),
            (0 <= self.padding <= MAX_STEP_PAD, f"padding must be 0-{MAX_STEP_PAD}"),
            (1 <= self.stride <= 4, "the stride must be 1-4"),
            (1 <= self.dilation <= 3, "the dilation must be 1-3"),
            (0 <= self.seed < 2**31, "the seed must be a non-negative integer"),
        ]


@dataclasses.dataclass(frozen=True)
class KernelConfig(UrlConfig):
    """Kernels on real images. ``weights`` is the kernel text (``"0,-1,0;-1,5,-1;0,-1,0"``)."""

    image: str = "astronaut"
    preset: str = "sharpen"
    weights: str = "0,-1,0;-1,5,-1;0,-1,0"
    color: str = "rgb"
    padding: str = "zero"
    stride: int = 1
    relu: bool = False
    display: str = "clip"

    PARAMS: ClassVar[dict[str, str]] = {
        "image": "img",
        "preset": "kernel",
        "weights": "w",
        "color": "color",
        "padding": "pad",
        "stride": "s",
        "relu": "relu",
        "display": "show",
    }

    def checks(self) -> list[tuple[bool, str]]:
        try:
            kernel_from_text(self.weights)
            kernel_ok, why = True, ""
        except KernelError as err:
            kernel_ok, why = False, str(err)
        return [
            (self.image in SAMPLES_BY_KEY or self.image == "upload", f"unknown image {self.image!r}"),
            (self.preset in KERNELS or self.preset == "custom", f"unknown kernel {self.preset!r}"),
            (kernel_ok, why),
            (self.color in COLORS, f"color must be one of {list(COLORS)}"),
            (self.padding in PADDINGS, f"padding must be one of {list(PADDINGS)}"),
            (1 <= self.stride <= 4, "the stride must be 1-4"),
            (self.display in DISPLAYS, f"display must be one of {list(DISPLAYS)}"),
        ]


@dataclasses.dataclass(frozen=True)
class PoolConfig(UrlConfig):
    """Pooling: the grid (slides' 4x4 or a random one) and an image, pooled with the same settings."""

    grid: str = "slides"
    grid_size: int = 6
    seed: int = 0
    size: int = 2
    stride: int = 2
    padding: str = "valid"
    image: str = "camera"
    levels: int = 1

    PARAMS: ClassVar[dict[str, str]] = {
        "grid": "grid",
        "grid_size": "n",
        "seed": "seed",
        "size": "k",
        "stride": "s",
        "padding": "pad",
        "image": "img",
        "levels": "levels",
    }

    def checks(self) -> list[tuple[bool, str]]:
        return [
            (self.grid in ("slides", "random"), "grid must be 'slides' or 'random'"),
            (3 <= self.grid_size <= 10, "the random grid size must be 3-10"),
            (0 <= self.seed < 2**31, "the seed must be a non-negative integer"),
            (1 <= self.size <= 5, "the pool size must be 1-5"),
            (1 <= self.stride <= 5, "the stride must be 1-5"),
            (self.padding in ("valid", "same"), "padding must be 'valid' or 'same'"),
            (self.image in SAMPLES_BY_KEY, f"unknown image {self.image!r}"),
            (1 <= self.levels <= 4, "pool the image 1-4 times"),
        ]


@dataclasses.dataclass(frozen=True)
class CnnConfig(UrlConfig):
    """CNN shapes: the input size and the layer spec (see :mod:`engine.conv.cnn`)."""

    height: int = 28
    width: int = 28
    channels: int = 1
    layers: str = SLIDES_SPEC

    PARAMS: ClassVar[dict[str, str]] = {"height": "h", "width": "w", "channels": "c", "layers": "layers"}

    def checks(self) -> list[tuple[bool, str]]:
        try:
            parse_spec(self.layers)
            spec_ok, why = True, ""
        except SpecError as err:
            spec_ok, why = False, str(err)
        return [
            (1 <= self.height <= 1024 and 1 <= self.width <= 1024, "height and width must be 1-1024"),
            (1 <= self.channels <= 512, "channels must be 1-512"),
            (spec_ok, why),
        ]
