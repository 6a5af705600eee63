"""Optimizers in plain numpy, with every update rule written out and its state exposed.

Each optimizer follows Keras 3's exact conventions (``keras.optimizers.*``), so
the race on the page is what Keras would do on the same gradients
(``tests/engine/test_optim_keras.py`` checks 50 steps of each to 1e-5):

* **SGD** keeps Keras's velocity ``m = μ·m − η·g`` (the slides' ``v = γ·v + η·∇J``
  is ``v = −m``); ``θ ← θ + m``. **Nesterov** uses Keras's reformulation on the
  gradient at the current point, ``θ ← θ + μ·m − η·g``: the look-ahead form of the
  slides (gradient at ``θ − γ·v``) after the change of variables ``θ̃ = θ − γ·v``.
* **Adagrad** starts its accumulator at ``initial_accumulator_value`` (Keras: 0.1,
  not 0) and puts ε *inside* the root: ``θ ← θ − η·g / √(G + ε)``.
* **Adadelta**: ``E[g²] ← ρ·E[g²] + (1−ρ)·g²``; ``Δθ = −√(E[Δθ²] + ε)/√(E[g²] + ε)·g``;
  ``E[Δθ²] ← ρ·E[Δθ²] + (1−ρ)·Δθ²``; ``θ ← θ + η·Δθ`` (Keras keeps a learning rate;
  the paper's rule is η = 1).
* **RMSprop** (no momentum, not centered): ``v ← ρ·v + (1−ρ)·g²``;
  ``θ ← θ − η·g / √(v + ε)`` (ε inside the root).
* **Adam**: ``m ← m + (1−β₁)(g − m)``, ``v ← v + (1−β₂)(g² − v)``,
  ``θ ← θ − α_t·m / (√v + ε)`` with ``α_t = η·√(1−β₂ᵗ)/(1−β₁ᵗ)``. That is the
  bias-corrected ``η·m̂ / (√v̂ + ε̂)`` with ``ε̂ = ε·√(1−β₂ᵗ)`` (the paper's
  "ε hat" form); the state shows ``m̂ = m/(1−β₁ᵗ)`` and ``v̂ = v/(1−β₂ᵗ)``.

Parameters and gradients are float64 arrays of any shape (the race uses shape (2,)).
"""

from __future__ import annotations

import dataclasses
from typing import ClassVar

import numpy as np


@dataclasses.dataclass
class Optimizer:
    """Base class: ``step(theta, g)`` returns the new parameters and updates ``state``.

    ``state`` maps names to arrays shaped like ``theta`` (plus ``t``, the step
    count); it always holds the last gradient ``g`` and the last update ``delta``
    (``θ_new − θ``), so a page can show the rule with live numbers.
    """

    learning_rate: float = 0.01
    kind: ClassVar[str] = "base"
    state: dict[str, np.ndarray] = dataclasses.field(default_factory=dict, repr=False, kw_only=True)

    def reset(self, shape: tuple[int, ...] = (2,)) -> None:
        """Forget all state (back to step 0) for parameters of ``shape``."""
        zeros = np.zeros(shape)
        self.state = {"t": np.zeros(()), "g": zeros.copy(), "delta": zeros.copy()}
        self.state.update(self._init_state(shape))

    def _init_state(self, shape: tuple[int, ...]) -> dict[str, np.ndarray]:
        return {}

    def step(self, theta: np.ndarray, g: np.ndarray) -> np.ndarray:
        """One update: ``theta`` (any shape) and its gradient ``g`` -> new ``theta``."""
        if not self.state:
            self.reset(np.shape(theta))
        theta = np.asarray(theta, dtype=np.float64)
        g = np.asarray(g, dtype=np.float64)
        self.state["t"] = self.state["t"] + 1
        new = self._update(theta, g)
        self.state["g"] = g.copy()
        self.state["delta"] = new - theta
        return new

    def _update(self, theta: np.ndarray, g: np.ndarray) -> np.ndarray:  # pragma: no cover
        raise NotImplementedError


@dataclasses.dataclass
class SGD(Optimizer):
    """Keras ``SGD(learning_rate, momentum, nesterov)``; state ``m`` is Keras's velocity."""

    momentum: float = 0.0
    nesterov: bool = False
    kind: ClassVar[str] = "sgd"

    def _init_state(self, shape: tuple[int, ...]) -> dict[str, np.ndarray]:
        return {"m": np.zeros(shape)} if self.momentum else {}

    def _update(self, theta: np.ndarray, g: np.ndarray) -> np.ndarray:
        lr, mu = self.learning_rate, self.momentum
        if not mu:
            return theta - lr * g
        m = mu * self.state["m"] - lr * g
        self.state["m"] = m
        if self.nesterov:
            return theta + (mu * m - lr * g)
        return theta + m


@dataclasses.dataclass
class Adagrad(Optimizer):
    """Keras ``Adagrad``: ``G += g²``; ``θ -= η·g/√(G + ε)``; ``G`` starts at 0.1 in Keras."""

    initial_accumulator_value: float = 0.1
    epsilon: float = 1e-7
    kind: ClassVar[str] = "adagrad"

    def _init_state(self, shape: tuple[int, ...]) -> dict[str, np.ndarray]:
        return {"G": np.full(shape, float(self.initial_accumulator_value))}

    def _update(self, theta: np.ndarray, g: np.ndarray) -> np.ndarray:
        G = self.state["G"] + g * g
        self.state["G"] = G
        return theta - self.learning_rate * g / np.sqrt(G + self.epsilon)


@dataclasses.dataclass
class Adadelta(Optimizer):
    """Keras ``Adadelta``: running averages ``Eg2`` of g² and ``Edx2`` of Δθ²."""

    rho: float = 0.95
    epsilon: float = 1e-7
    kind: ClassVar[str] = "adadelta"

    def _init_state(self, shape: tuple[int, ...]) -> dict[str, np.ndarray]:
        return {"Eg2": np.zeros(shape), "Edx2": np.zeros(shape), "dx": np.zeros(shape)}

    def _update(self, theta: np.ndarray, g: np.ndarray) -> np.ndarray:
        rho, eps = self.rho, self.epsilon
        Eg2 = rho * self.state["Eg2"] + (1.0 - rho) * g * g
        dx = -np.sqrt(self.state["Edx2"] + eps) / np.sqrt(Eg2 + eps) * g
        self.state["Eg2"] = Eg2
        self.state["Edx2"] = rho * self.state["Edx2"] + (1.0 - rho) * dx * dx
        self.state["dx"] = dx
        return theta + self.learning_rate * dx


@dataclasses.dataclass
class RMSprop(Optimizer):
    """Keras ``RMSprop`` (momentum 0, not centered): ``v = ρv + (1−ρ)g²``; ``θ -= η·g/√(v + ε)``."""

    rho: float = 0.9
    epsilon: float = 1e-7
    kind: ClassVar[str] = "rmsprop"

    def _init_state(self, shape: tuple[int, ...]) -> dict[str, np.ndarray]:
        return {"v": np.zeros(shape)}

    def _update(self, theta: np.ndarray, g: np.ndarray) -> np.ndarray:
        v = self.rho * self.state["v"] + (1.0 - self.rho) * g * g
        self.state["v"] = v
        return theta - self.learning_rate * g / np.sqrt(v + self.epsilon)


@dataclasses.dataclass
class Adam(Optimizer):
    """Keras ``Adam``: moments ``m``, ``v``; bias-corrected ``m_hat``, ``v_hat`` shown as state."""

    beta_1: float = 0.9
    beta_2: float = 0.999
    epsilon: float = 1e-7
    kind: ClassVar[str] = "adam"

    def _init_state(self, shape: tuple[int, ...]) -> dict[str, np.ndarray]:
        z = np.zeros(shape)
        return {"m": z.copy(), "v": z.copy(), "m_hat": z.copy(), "v_hat": z.copy()}

    def _update(self, theta: np.ndarray, g: np.ndarray) -> np.ndarray:
        b1, b2, t = self.beta_1, self.beta_2, float(self.state["t"])
        m = self.state["m"] + (g - self.state["m"]) * (1.0 - b1)
        v = self.state["v"] + (g * g - self.state["v"]) * (1.0 - b2)
        alpha = self.learning_rate * np.sqrt(1.0 - b2**t) / (1.0 - b1**t)
        self.state.update(m=m, v=v, m_hat=m / (1.0 - b1**t), v_hat=v / (1.0 - b2**t))
        return theta - alpha * m / (np.sqrt(v) + self.epsilon)
