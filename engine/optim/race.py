"""The race itself (no threads): racers stepping on one surface from one start point.

Every racer keeps its whole path and loss in append-only buffers, so a snapshot
can hand out read-only views without copying. A racer whose position or loss
stops being finite (or explodes) is marked diverged at that step and stops;
the others go on.
"""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np

from engine.optim.config import RACERS, RaceConfig
from engine.optim.optimizers import SGD, Adadelta, Adagrad, Adam, Optimizer, RMSprop
from engine.optim.surfaces import Surface, get_surface

#: beyond this distance from the origin (or loss) a racer counts as diverged
EXPLODED = 1e6
_generations = itertools.count(1)

GRADIENTS: dict[str, str] = {
    "gd": "exact",
    "sgd": "sample",
    "minibatch": "batch",
}


def make_optimizer(racer: str, cfg: RaceConfig) -> Optimizer:
    """The numpy optimizer ``racer`` uses under ``cfg``."""
    lr = cfg.lr(racer)
    if racer in ("gd", "sgd", "minibatch"):
        return SGD(learning_rate=lr)
    if racer == "momentum":
        return SGD(learning_rate=lr, momentum=cfg.momentum)
    if racer == "nesterov":
        return SGD(learning_rate=lr, momentum=cfg.nesterov_momentum, nesterov=True)
    if racer == "adagrad":
        return Adagrad(learning_rate=lr, initial_accumulator_value=cfg.adagrad_init, epsilon=cfg.eps_adagrad)
    if racer == "adadelta":
        return Adadelta(learning_rate=lr, rho=cfg.rho_adadelta, epsilon=cfg.eps_adadelta)
    if racer == "rmsprop":
        return RMSprop(learning_rate=lr, rho=cfg.rho_rmsprop, epsilon=cfg.eps_rmsprop)
    if racer == "adam":
        return Adam(learning_rate=lr, beta_1=cfg.beta1, beta_2=cfg.beta2, epsilon=cfg.eps_adam)
    raise KeyError(racer)


@dataclasses.dataclass(frozen=True)
class RacerView:
    """One racer at one moment (arrays are read-only views; never mutated).

    Attributes:
        path: (n, 2) positions at steps 0..n-1; loss: (n,) losses there.
        diverged_at / reached_at: the step it blew up / first got within the
            surface's tolerance of the minimum (None if not).
        state: the optimizer's state, name -> tuple of floats (per parameter),
            plus ``t``; ``g`` is the last gradient, ``delta`` the last update.
    """

    key: str
    label: str
    color: str
    path: np.ndarray
    loss: np.ndarray
    diverged_at: int | None
    reached_at: int | None
    state: dict[str, tuple[float, ...]]

    @property
    def position(self) -> tuple[float, float]:
        return float(self.path[-1, 0]), float(self.path[-1, 1])

    @property
    def current_loss(self) -> float:
        return float(self.loss[-1])


class Racer:
    """An optimizer plus its gradient source, path and loss history."""

    def __init__(self, key: str, cfg: RaceConfig, surface: Surface, capacity: int) -> None:
        self.key = key
        self.label, self.color = RACERS[key]
        if key == "minibatch":
            self.label = f"Mini-batch ({cfg.batch})"
        self.optimizer = make_optimizer(key, cfg)
        self.optimizer.reset((2,))
        self.gradient = GRADIENTS.get(key, "exact")
        self.batch = {"exact": 0, "sample": 1, "batch": cfg.batch}[self.gradient]
        self.noise = cfg.noise
        self.surface = surface
        # every stochastic racer has its own seeded stream, the same on every reset
        self.rng = np.random.default_rng([cfg.seed, list(RACERS).index(key)])
        self.path = np.zeros((capacity, 2))
        self.loss = np.zeros(capacity)
        self.path[0] = (cfg.start_x, cfg.start_y)
        self.loss[0] = float(surface.value(cfg.start_x, cfg.start_y))
        self.n = 1
        self.diverged_at: int | None = None
        self.reached_at: int | None = 0 if self._reached(self.loss[0]) else None
        self.theta = self.path[0].copy()

    def _reached(self, loss: float) -> bool:
        return loss - self.surface.f_min <= self.surface.tol

    def gradient_at(self, theta: np.ndarray) -> np.ndarray:
        if self.gradient == "exact":
            return self.surface.grad_vec(theta)
        return self.surface.stochastic_grad(theta, self.batch, self.noise, self.rng)

    def step(self) -> None:
        """One update (no-op once diverged)."""
        if self.diverged_at is not None:
            return
        g = self.gradient_at(self.theta)
        new = self.optimizer.step(self.theta, g)
        loss = self.surface.value_at(new)
        step = self.n
        if (
            not (np.isfinite(new).all() and np.isfinite(loss))
            or np.abs(new).max() > EXPLODED
            or loss > EXPLODED**2
        ):
            self.diverged_at = step
            return
        self.theta = new
        self.path[step] = new
        self.loss[step] = loss
        self.n = step + 1
        if self.reached_at is None and self._reached(loss):
            self.reached_at = step

    def view(self) -> RacerView:
        path, loss = self.path[: self.n], self.loss[: self.n]
        path.flags.writeable = False
        loss.flags.writeable = False
        state = {
            name: tuple(float(v) for v in np.atleast_1d(value))
            for name, value in self.optimizer.state.items()
        }
        return RacerView(
            self.key, self.label, self.color, path, loss, self.diverged_at, self.reached_at, state
        )


def leader(views: tuple[RacerView, ...]) -> RacerView | None:
    """Who leads the race: the first to reach the minimum (ties: the lower loss); while nobody
    has, the lowest loss. Diverged racers never lead; None at step 0 (nobody has moved)."""
    alive = [v for v in views if v.diverged_at is None and len(v.loss) > 1]
    if not alive:
        return None
    arrived = [v for v in alive if v.reached_at is not None]
    if arrived:
        return min(arrived, key=lambda v: (v.reached_at, v.current_loss))
    return min(alive, key=lambda v: v.current_loss)


class Race:
    """All chosen racers on ``cfg``'s surface, released from ``cfg``'s start point."""

    def __init__(self, cfg: RaceConfig) -> None:
        self.cfg = cfg.validated()
        self.surface = get_surface(cfg.surface, cfg.seed)
        self.reset()

    def reset(self) -> None:
        """Back to step 0 (the stochastic racers replay the same noise)."""
        capacity = self.cfg.max_steps + 1
        self.racers = [Racer(k, self.cfg, self.surface, capacity) for k in self.cfg.racers]
        self.steps = 0
        self.generation = next(_generations)

    @property
    def finished(self) -> bool:
        return self.steps >= self.cfg.max_steps

    @property
    def all_diverged(self) -> bool:
        return all(r.diverged_at is not None for r in self.racers)

    def step(self, n: int = 1) -> list[Racer]:
        """Advance every live racer ``n`` steps (fewer at the race's end); returns the newly diverged."""
        n = max(0, min(n, self.cfg.max_steps - self.steps))
        before = {r.key for r in self.racers if r.diverged_at is not None}
        with np.errstate(all="ignore"):  # overflow is expected: it is how a racer diverges
            for racer in self.racers:
                for _ in range(n):
                    if racer.diverged_at is not None:
                        break
                    racer.step()
        self.steps += n
        return [r for r in self.racers if r.diverged_at is not None and r.key not in before]

    def views(self) -> tuple[RacerView, ...]:
        return tuple(r.view() for r in self.racers)
