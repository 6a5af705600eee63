"""The optimizer race's whole configuration: one frozen dataclass that round-trips through the URL.

Learning rates are per racer; momentum, ρ, β and ε per optimizer family, as in
Keras. ``noise``/``batch`` shape the stochastic racers' gradients.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from typing import Any

from engine.optim.surfaces import SURFACES, get_surface
from engine.url_values import decode_scalar

#: racer key -> (label, colour). Order = legend order.
RACERS: dict[str, tuple[str, str]] = {
    "gd": ("GD", "#1f2430"),
    "sgd": ("SGD (1 sample)", "#8a919c"),
    "minibatch": ("Mini-batch", "#17becf"),
    "momentum": ("Momentum", "#1f77b4"),
    "nesterov": ("Nesterov", "#9467bd"),
    "adagrad": ("Adagrad", "#2ca02c"),
    "adadelta": ("Adadelta", "#bcbd22"),
    "rmsprop": ("RMSprop", "#ff7f0e"),
    "adam": ("Adam", "#d62728"),
}
RACER_KEYS: tuple[str, ...] = tuple(RACERS)

LEARNING_RATES: tuple[float, ...] = (
    0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.003, 0.005, 0.01, 0.02, 0.03, 0.05,
    0.1, 0.2, 0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7, 1.0, 1.5, 2.0, 3.0, 5.0, 10.0,
)  # fmt: skip
EPSILONS: tuple[float, ...] = (1e-10, 1e-8, 1e-7, 1e-6, 1e-4, 1e-3, 1e-2, 0.1, 1.0)
ADAGRAD_INITS: tuple[float, ...] = (0.0, 1e-6, 1e-4, 1e-3, 0.01, 0.1, 0.5, 1.0)
BETA2S: tuple[float, ...] = (0.9, 0.95, 0.99, 0.999, 0.9999)
SPEEDS: tuple[int, ...] = (1, 2, 5, 10, 20, 30, 60, 120, 240, 480)
MAX_STEPS: tuple[int, ...] = (200, 500, 1000, 2000, 5000, 10000)
MAX_BATCH = 60


class ConfigError(ValueError):
    """A value is out of range; the message says which and why."""


def lr_field(racer: str) -> str:
    """The config field holding ``racer``'s learning rate."""
    return f"lr_{racer}"


_ROSEN = get_surface("rosenbrock")


@dataclasses.dataclass(frozen=True)
class RaceConfig:
    """Everything that defines one race (defaults: Rosenbrock, all nine racers)."""

    surface: str = "rosenbrock"
    start_x: float = _ROSEN.start[0]
    start_y: float = _ROSEN.start[1]
    racers: tuple[str, ...] = RACER_KEYS
    speed: int = 60
    max_steps: int = 2000
    seed: int = 1
    noise: float = _ROSEN.noise
    batch: int = 8
    lr_gd: float = _ROSEN.default_lrs["gd"]
    lr_sgd: float = _ROSEN.default_lrs["sgd"]
    lr_minibatch: float = _ROSEN.default_lrs["minibatch"]
    lr_momentum: float = _ROSEN.default_lrs["momentum"]
    lr_nesterov: float = _ROSEN.default_lrs["nesterov"]
    lr_adagrad: float = _ROSEN.default_lrs["adagrad"]
    lr_adadelta: float = _ROSEN.default_lrs["adadelta"]
    lr_rmsprop: float = _ROSEN.default_lrs["rmsprop"]
    lr_adam: float = _ROSEN.default_lrs["adam"]
    momentum: float = 0.9
    nesterov_momentum: float = 0.9
    adagrad_init: float = 0.1
    eps_adagrad: float = 1e-7
    rho_adadelta: float = 0.95
    eps_adadelta: float = 1e-7
    rho_rmsprop: float = 0.9
    eps_rmsprop: float = 1e-7
    beta1: float = 0.9
    beta2: float = 0.999
    eps_adam: float = 1e-7

    def lr(self, racer: str) -> float:
        return float(getattr(self, lr_field(racer)))

    def race_key(self) -> tuple[Any, ...]:
        """Everything but the speed: a change here restarts the race."""
        return tuple(getattr(self, f.name) for f in dataclasses.fields(self) if f.name != "speed")

    def for_surface(self, key: str) -> RaceConfig:
        """This config on surface ``key`` with that surface's start, noise and learning rates."""
        s = get_surface(key, self.seed)
        lrs = {lr_field(r): v for r, v in s.default_lrs.items()}
        return dataclasses.replace(
            self, surface=key, start_x=s.start[0], start_y=s.start[1], noise=s.noise, **lrs
        )

    # ---- validation --------------------------------------------------------
    def validated(self) -> RaceConfig:
        """Return self if every value is in range, else raise :class:`ConfigError`."""
        finite = all(
            math.isfinite(getattr(self, f.name)) for f in dataclasses.fields(self) if f.type == "float"
        )
        if not finite:
            raise ConfigError("every number must be finite")
        if self.surface not in SURFACES:
            raise ConfigError(f"unknown surface {self.surface!r}")
        if not 0 <= self.seed < 2**31:
            raise ConfigError("the seed must be a non-negative integer")
        x0, x1, y0, y1 = get_surface(self.surface, self.seed).domain
        if not (x0 <= self.start_x <= x1 and y0 <= self.start_y <= y1):
            raise ConfigError(
                f"the start point ({self.start_x:g}, {self.start_y:g}) is outside the surface's "
                f"plot [{x0:g}, {x1:g}] × [{y0:g}, {y1:g}]"
            )
        checks: list[tuple[bool, str]] = [
            (len(self.racers) >= 1, "choose at least one optimizer"),
            (
                tuple(r for r in RACER_KEYS if r in self.racers) == self.racers,
                "optimizers must be listed once each, in the order " + ", ".join(RACER_KEYS),
            ),
            (1 <= self.speed <= 1000, "the speed must be 1-1000 steps per second"),
            (10 <= self.max_steps <= 20000, "the race length must be 10-20000 steps"),
            (0.0 <= self.noise <= 100.0, "the gradient noise must be 0-100"),
            (1 <= self.batch <= MAX_BATCH, f"the mini-batch size must be 1-{MAX_BATCH}"),
            (0.0 <= self.momentum < 1.0, "momentum must be in [0, 1)"),
            (0.0 <= self.nesterov_momentum < 1.0, "Nesterov momentum must be in [0, 1)"),
            (0.0 <= self.adagrad_init <= 10.0, "Adagrad's initial accumulator must be 0-10"),
            (0.0 < self.rho_adadelta < 1.0, "Adadelta's ρ must be in (0, 1)"),
            (0.0 < self.rho_rmsprop < 1.0, "RMSprop's ρ must be in (0, 1)"),
            (0.0 <= self.beta1 < 1.0, "Adam's β₁ must be in [0, 1)"),
            (0.0 < self.beta2 < 1.0, "Adam's β₂ must be in (0, 1)"),
        ]
        for racer in RACER_KEYS:
            checks.append((0.0 < self.lr(racer) <= 10.0, f"the learning rate of {racer} must be in (0, 10]"))
        for name in ("eps_adagrad", "eps_adadelta", "eps_rmsprop", "eps_adam"):
            checks.append((0.0 < getattr(self, name) <= 1.0, f"{name} must be in (0, 1]"))
        for ok, why in checks:
            if not ok:
                raise ConfigError(why)
        return self

    # ---- URL round trip ----------------------------------------------------
    def base(self) -> RaceConfig:
        """The defaults this config is told apart from in a link: its surface's defaults."""
        return dataclasses.replace(RaceConfig(), seed=self.seed).for_surface(self.surface)

    def to_params(self) -> dict[str, str]:
        """Query parameters for a shareable link: the surface and seed when not the defaults,
        then every value that differs from that surface's defaults."""
        default, base = RaceConfig(), self.base()
        out: dict[str, str] = {}
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            reference = default if field.name in ("surface", "seed") else base
            if value != getattr(reference, field.name):
                out[field.name] = _encode(value)
        return out

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> tuple[RaceConfig, list[str]]:
        """Parse query parameters; bad values fall back to defaults and are reported."""
        default = cls()
        values: dict[str, Any] = {}
        problems: list[str] = []
        for field in dataclasses.fields(cls):
            if field.name not in params:
                continue
            text = params[field.name]
            try:
                values[field.name] = _decode(text, getattr(default, field.name))
            except (ValueError, TypeError) as err:
                problems.append(f"ignored {field.name}={text!r}: {err}")
        seed, surface = values.get("seed", default.seed), values.get("surface", default.surface)
        if not (isinstance(seed, int) and 0 <= seed < 2**31):
            seed = default.seed
        # a link to a surface starts from that surface's defaults
        base = dataclasses.replace(default, seed=seed).for_surface(
            surface if surface in SURFACES else default.surface
        )
        config = base
        for name, value in values.items():
            candidate = dataclasses.replace(config, **{name: value})
            try:
                candidate.validated()
            except ConfigError as err:
                if name in ("start_x", "start_y"):
                    config = candidate  # checked together below
                    continue
                problems.append(f"ignored {name}={params[name]!r}: {err}")
                continue
            config = candidate
        try:
            config.validated()
        except ConfigError as err:
            problems.append(f"ignored the link's start point: {err}")
            config = dataclasses.replace(config, start_x=base.start_x, start_y=base.start_y)
            try:
                config.validated()
            except ConfigError as err2:
                problems.append(f"ignored the link's settings: {err2}")
                config = default
        return config, problems


def _encode(value: Any) -> str:
    if isinstance(value, tuple):
        return ",".join(value) if value else "-"
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def _decode(text: str, like: Any) -> Any:
    """Parse ``text`` into the type of ``like`` (the field's default)."""
    if isinstance(like, tuple):
        parts = [p for p in text.split(",") if p and p != "-"]
        unknown = [p for p in parts if p not in RACER_KEYS]
        if unknown:
            raise ValueError(f"unknown optimizer {unknown[0]!r}")
        return tuple(r for r in RACER_KEYS if r in parts)
    return decode_scalar(text, like)
