"""The optimizer race's whole configuration, declared once per field (URL key, range, label).

Learning rates are per racer; momentum, ρ, β and ε per optimizer family, as in
Keras. ``noise``/``batch`` shape the stochastic racers' gradients. A link is told
apart from its *surface's* defaults (start point, noise, fair learning rates):
``PRIMARY = ("surface", "seed")`` and :meth:`RaceConfig.link_base`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from engine.optim.surfaces import SURFACE_LABELS, get_surface
from engine.urlstate import ConfigError, UrlConfig, require, setting

__all__ = ["ConfigError", "RaceConfig"]

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
RHOS: tuple[float, ...] = (0.5, 0.8, 0.9, 0.95, 0.99, 0.999)
BETA1S: tuple[float, ...] = (0.0, 0.5, 0.8, 0.9, 0.95, 0.99)
BETA2S: tuple[float, ...] = (0.9, 0.95, 0.99, 0.999, 0.9999)
SPEEDS: tuple[int, ...] = (1, 2, 5, 10, 20, 30, 60, 120, 240, 480)  #: the speed slider's steps
MAX_STEPS: tuple[int, ...] = (200, 500, 1000, 2000, 5000, 10000)  #: the race-length slider's steps
MAX_SPEED = 1000  #: steps per second (a link may ask for any speed up to this)
MAX_RACE = 20000  #: the longest race (a link may ask for any length from 10 steps to this)
MIN_BATCH = 2
MAX_BATCH = 60
MAX_MOMENTUM = 0.99
MAX_SEED = 2**31 - 1


def lr_field(racer: str) -> str:
    """The config field holding ``racer``'s learning rate."""
    return f"lr_{racer}"


_ROSEN = get_surface("rosenbrock")


def _lr(racer: str, label: str) -> Any:
    """A racer's learning rate: one of :data:`LEARNING_RATES` (a link's value is snapped to it)."""
    return setting(
        _ROSEN.default_lrs[racer],
        choices=LEARNING_RATES,
        grid=True,
        label=label,
        describe=f"the learning rate of {racer}",
    )


def _grid(default: float, choices: tuple[float, ...], label: str, noun: str, help: str | None = None) -> Any:
    return setting(default, choices=choices, grid=True, label=label, describe=noun, help=help)


def _eps(family: str) -> Any:
    return _grid(1e-7, EPSILONS, f"{family} ε", f"{family}'s ε")


@dataclasses.dataclass(frozen=True)
class RaceConfig(UrlConfig):
    """Everything that defines one race (defaults: Rosenbrock, all nine racers).

    The URL keys are the field names. ``start_x``/``start_y`` have no range of their own:
    :meth:`check` keeps them on the surface's plot.
    """

    PRIMARY = ("surface", "seed")

    surface: str = setting(
        "rosenbrock",
        choices=SURFACE_LABELS,
        label="Loss surface",
        help="Changing the surface also loads its start point and learning rates that make a fair race.",
        describe="surface",
    )
    start_x: float = setting(_ROSEN.start[0], label="Start x", describe="the start x")
    start_y: float = setting(_ROSEN.start[1], label="Start y", describe="the start y")
    racers: tuple[str, ...] = setting(
        RACER_KEYS,
        choices={key: label for key, (label, _) in RACERS.items()},
        ordered=True,
        min_len=1,
        label="Optimizers in the race",
        describe="the list of optimizers",
    )
    speed: int = setting(
        60,
        low=1,
        high=MAX_SPEED,
        label="Speed (steps per second)",
        help="How fast the race plays. Changes at once, without restarting the race.",
        describe="the speed (steps per second)",
    )
    max_steps: int = setting(
        2000, low=10, high=MAX_RACE, label="Race length (steps)", describe="the race length (steps)"
    )
    seed: int = setting(
        1,
        low=0,
        high=MAX_SEED,
        widget="number",
        step=1,
        label="Seed",
        help="Seeds the gradient noise, the ripples and the model's data.",
        describe="the seed",
    )
    noise: float = setting(
        _ROSEN.noise,
        low=0.0,
        high=100.0,
        widget="number",
        step=0.1,
        fmt="%.2f",
        label="Gradient noise (σ of one sample)",
        help="SGD sees the exact gradient plus Gaussian noise of this size; a mini-batch of B averages "
        "B samples, so its noise is σ/√B. On the real model the racers really sample the data instead.",
        describe="the gradient noise",
    )
    batch: int = setting(
        8,
        low=MIN_BATCH,
        high=MAX_BATCH,
        clamp=True,
        label="Mini-batch size B",
        describe="the mini-batch size",
    )
    lr_gd: float = _lr("gd", "GD η")
    lr_sgd: float = _lr("sgd", "SGD η")
    lr_minibatch: float = _lr("minibatch", "Mini-batch η")
    lr_momentum: float = _lr("momentum", "Momentum η")
    lr_nesterov: float = _lr("nesterov", "Nesterov η")
    lr_adagrad: float = _lr("adagrad", "Adagrad η")
    lr_adadelta: float = _lr("adadelta", "Adadelta η")
    lr_rmsprop: float = _lr("rmsprop", "RMSprop η")
    lr_adam: float = _lr("adam", "Adam η")
    momentum: float = setting(
        0.9, low=0.0, high=MAX_MOMENTUM, clamp=True, step=0.01, label="Momentum μ (γ)", describe="momentum"
    )
    nesterov_momentum: float = setting(
        0.9,
        low=0.0,
        high=MAX_MOMENTUM,
        clamp=True,
        step=0.01,
        label="Nesterov μ (γ)",
        describe="Nesterov momentum",
    )
    adagrad_init: float = _grid(
        0.1,
        ADAGRAD_INITS,
        "Initial accumulator G₀",
        "Adagrad's initial accumulator",
        help="Keras starts G at 0.1 (initial_accumulator_value); the original paper at 0.",
    )
    eps_adagrad: float = _eps("Adagrad")
    rho_adadelta: float = _grid(0.95, RHOS, "Adadelta ρ", "Adadelta's ρ")
    eps_adadelta: float = _eps("Adadelta")
    rho_rmsprop: float = _grid(0.9, RHOS, "RMSprop ρ", "RMSprop's ρ")
    eps_rmsprop: float = _eps("RMSprop")
    beta1: float = _grid(0.9, BETA1S, "Adam β₁", "Adam's β₁")
    beta2: float = _grid(0.999, BETA2S, "Adam β₂", "Adam's β₂")
    eps_adam: float = _eps("Adam")

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

    # ---- the declared table's extras ----------------------------------------
    def check(self) -> None:
        """The start point must lie on the surface's plot (which, for the real model, follows the seed)."""
        x0, x1, y0, y1 = get_surface(self.surface, self.seed).domain
        require(
            x0 <= self.start_x <= x1 and y0 <= self.start_y <= y1,
            f"the start point ({self.start_x:g}, {self.start_y:g}) is outside the surface's "
            f"plot [{x0:g}, {x1:g}] × [{y0:g}, {y1:g}]",
            "start_x",
            "start_y",
        )

    @classmethod
    def link_base(cls, primary: Mapping[str, Any]) -> RaceConfig:
        """A link is told apart from its surface's defaults (start, noise, learning rates)."""
        default = cls()
        seeded = dataclasses.replace(default, seed=primary.get("seed", default.seed))
        return seeded.for_surface(primary.get("surface", default.surface))
