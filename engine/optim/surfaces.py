"""2-D loss surfaces for the optimizer race: values, exact gradients, stochastic gradients.

A surface maps parameters ``(x, y)`` to a loss. ``value`` and ``grad`` take
arrays of any (equal) shape. ``stochastic_grad`` is what SGD (batch 1) and
mini-batch racers see: the analytic surfaces add seeded Gaussian noise of
standard deviation ``noise/√batch`` (the spread of an average of ``batch``
per-example gradients); the model surface really samples its training examples.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from functools import lru_cache

import numpy as np
from scipy.optimize import minimize

Array = np.ndarray


@dataclasses.dataclass(frozen=True)
class Surface:
    """One loss surface.

    Attributes:
        key, label, blurb: identifier, display name, one-line description.
        formula: LaTeX of the loss.
        domain: (x_min, x_max, y_min, y_max) drawn on the page.
        minimum: (x, y) of the global minimum; ``f_min`` its loss.
        start: default start point.
        log_contours: draw contour levels of log(f − f_min) (steep surfaces).
        axis_names: names of the two parameters.
        default_lrs: per racer, a learning rate that makes a fair race here.
        tol: a racer "reaches the minimum" when its loss is within ``tol`` of f_min.
    """

    key: str
    label: str
    blurb: str
    formula: str
    domain: tuple[float, float, float, float]
    minimum: tuple[float, float]
    f_min: float
    start: tuple[float, float]
    log_contours: bool
    default_lrs: dict[str, float]
    tol: float = 1e-3
    noise: float = 1.0
    axis_names: tuple[str, str] = ("x", "y")
    value_fn: Callable[[Array, Array], Array] = dataclasses.field(default=None, repr=False)  # type: ignore
    grad_fn: Callable[[Array, Array], tuple[Array, Array]] = dataclasses.field(default=None, repr=False)  # type: ignore
    sample_grad_fn: Callable[[Array, Array], Array] | None = dataclasses.field(default=None, repr=False)
    n_examples: int = 0

    def value(self, x: Array | float, y: Array | float) -> Array:
        """Loss at (x, y); same shape as the inputs."""
        return self.value_fn(np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64))

    def grad(self, x: Array | float, y: Array | float) -> tuple[Array, Array]:
        """(∂f/∂x, ∂f/∂y) at (x, y)."""
        return self.grad_fn(np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64))

    def grad_vec(self, p: Array) -> Array:
        """Gradient at the point ``p`` (shape (2,)) as shape (2,)."""
        # numpy scalars, not 0-d arrays: ~10x less overhead per step, same float64 maths
        gx, gy = self.grad_fn(np.float64(p[0]), np.float64(p[1]))
        return np.array([float(gx), float(gy)])

    def value_at(self, p: Array) -> float:
        """Loss at the point ``p`` (shape (2,))."""
        return float(self.value_fn(np.float64(p[0]), np.float64(p[1])))

    def stochastic_grad(self, p: Array, batch: int, noise: float, rng: np.random.Generator) -> Array:
        """A gradient estimate from ``batch`` examples (shape (2,)); ``noise`` only for analytic surfaces."""
        if self.sample_grad_fn is not None:
            idx = rng.choice(self.n_examples, size=min(batch, self.n_examples), replace=False)
            return self.sample_grad_fn(p, idx)
        return self.grad_vec(p) + rng.normal(0.0, noise / np.sqrt(batch), size=2)

    def grid(self, n: int = 161) -> tuple[Array, Array, Array]:
        """(xs (n,), ys (n,), f (n, n) with row i at ys[i]) over the domain."""
        x0, x1, y0, y1 = self.domain
        xs, ys = np.linspace(x0, x1, n), np.linspace(y0, y1, n)
        X, Y = np.meshgrid(xs, ys)
        return xs, ys, self.value(X, Y)


# ---- analytic surfaces --------------------------------------------------------------------------
def _rosenbrock(x: Array, y: Array) -> Array:
    return (1 - x) ** 2 + 100 * (y - x * x) ** 2


def _rosenbrock_grad(x: Array, y: Array) -> tuple[Array, Array]:
    return -2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)


def _valley(x: Array, y: Array) -> Array:
    return 0.1 * x * x + 2.0 * y * y


def _valley_grad(x: Array, y: Array) -> tuple[Array, Array]:
    return 0.2 * x, 4.0 * y


def _saddle(x: Array, y: Array) -> Array:
    return x * x + 0.25 * y**4 - 0.5 * y * y


def _saddle_grad(x: Array, y: Array) -> tuple[Array, Array]:
    return 2 * x, y**3 - y


def _plateau(x: Array, y: Array) -> Array:
    return 1.0 - np.exp(-0.5 * (x * x + 2 * y * y))


def _plateau_grad(x: Array, y: Array) -> tuple[Array, Array]:
    e = np.exp(-0.5 * (x * x + 2 * y * y))
    return x * e, 2 * y * e


def _beale_terms(x: Array, y: Array) -> tuple[Array, Array, Array]:
    return 1.5 - x + x * y, 2.25 - x + x * y * y, 2.625 - x + x * y**3


def _beale(x: Array, y: Array) -> Array:
    a, b, c = _beale_terms(x, y)
    return a * a + b * b + c * c


def _beale_grad(x: Array, y: Array) -> tuple[Array, Array]:
    a, b, c = _beale_terms(x, y)
    gx = 2 * a * (y - 1) + 2 * b * (y * y - 1) + 2 * c * (y**3 - 1)
    gy = 2 * a * x + 4 * b * x * y + 6 * c * x * y * y
    return gx, gy


# ---- noisy bowl: a bowl with seeded ripples --------------------------------------------------------
RIPPLES = 6
RIPPLE_AMPLITUDE = 0.12


def _ripple_params(seed: int) -> tuple[Array, Array]:
    """(RIPPLES, 2) wave vectors and (RIPPLES,) phases drawn from ``seed``."""
    rng = np.random.default_rng(seed)
    angles = rng.uniform(0, np.pi, RIPPLES)
    freq = rng.uniform(2.0, 4.0, RIPPLES)
    waves = np.column_stack([np.cos(angles), np.sin(angles)]) * freq[:, None]
    return waves, rng.uniform(0, 2 * np.pi, RIPPLES)


def _noisy_bowl(seed: int) -> tuple[Callable, Callable]:
    waves, phases = _ripple_params(seed)

    def value(x: Array, y: Array) -> Array:
        out = 0.25 * (x * x + y * y)
        for (wx, wy), ph in zip(waves, phases, strict=True):
            out = out + RIPPLE_AMPLITUDE * np.sin(wx * x + wy * y + ph)
        return out

    def grad(x: Array, y: Array) -> tuple[Array, Array]:
        gx, gy = 0.5 * x, 0.5 * y
        for (wx, wy), ph in zip(waves, phases, strict=True):
            c = RIPPLE_AMPLITUDE * np.cos(wx * x + wy * y + ph)
            gx, gy = gx + c * wx, gy + c * wy
        return gx, gy

    return value, grad


# ---- a real small model: logistic regression over (w, b) -------------------------------------------
N_EXAMPLES = 60


def logistic_data(seed: int) -> tuple[Array, Array]:
    """(x (N,), y (N,) in {0,1}): one un-scaled feature (mean 2, sd 1.5) and noisy labels."""
    rng = np.random.default_rng(seed)
    x = rng.normal(2.0, 1.5, N_EXAMPLES)
    p = 1.0 / (1.0 + np.exp(-(1.5 * (x - 2.0))))
    y = (rng.uniform(size=N_EXAMPLES) < p).astype(np.float64)
    return x, y


def _logistic(seed: int) -> tuple[Callable, Callable, Callable]:
    xd, yd = logistic_data(seed)

    def _z(w: Array, b: Array) -> Array:
        return np.multiply.outer(w, xd) + b[..., None]

    def value(w: Array, b: Array) -> Array:
        z = _z(w, b)
        # BCE of sigmoid(z), written stably: log(1 + e^z) − y·z
        return np.mean(np.logaddexp(0.0, z) - yd * z, axis=-1)

    def grad(w: Array, b: Array) -> tuple[Array, Array]:
        r = 1.0 / (1.0 + np.exp(-_z(w, b))) - yd
        return np.mean(r * xd, axis=-1), np.mean(r, axis=-1)

    def sample_grad(p: Array, idx: Array) -> Array:
        z = p[0] * xd[idx] + p[1]
        r = 1.0 / (1.0 + np.exp(-z)) - yd[idx]
        return np.array([np.mean(r * xd[idx]), np.mean(r)])

    return value, grad, sample_grad


def _argmin(value: Callable, grad: Callable, guess: tuple[float, float]) -> tuple[tuple[float, float], float]:
    res = minimize(
        lambda p: float(value(np.array(p[0]), np.array(p[1]))),
        np.array(guess, dtype=np.float64),
        jac=lambda p: np.array([float(g) for g in grad(np.array(p[0]), np.array(p[1]))]),
        method="BFGS",
        options={"gtol": 1e-10},
    )
    return (float(res.x[0]), float(res.x[1])), float(res.fun)


def _lrs(**values: float) -> dict[str, float]:
    return dict(values)


SURFACE_LABELS: dict[str, str] = {
    "rosenbrock": "Rosenbrock's banana valley",
    "valley": "Narrow valley (stretched bowl)",
    "saddle": "Saddle point",
    "plateau": "Plateau around a well",
    "beale": "Beale's function",
    "noisy_bowl": "Noisy bowl (seeded ripples)",
    "logistic": "Real model: logistic regression (w, b)",
}
SURFACES: tuple[str, ...] = tuple(SURFACE_LABELS)


@lru_cache(maxsize=32)
def get_surface(key: str, seed: int = 1) -> Surface:
    """The surface ``key``; ``seed`` shapes the noisy bowl's ripples and the model's data."""
    if key == "rosenbrock":
        return Surface(
            key,
            SURFACE_LABELS[key],
            "A curved, flat-bottomed valley: easy to fall into, slow to follow to the minimum at (1, 1).",
            r"f(x,y) = (1-x)^2 + 100\,(y-x^2)^2",
            (-2.0, 2.0, -1.0, 3.0),
            (1.0, 1.0),
            0.0,
            (-1.5, 2.5),
            True,
            _lrs(
                gd=0.001,
                sgd=0.001,
                minibatch=0.001,
                momentum=0.001,
                nesterov=0.001,
                adagrad=0.5,
                adadelta=1.0,
                rmsprop=0.01,
                adam=0.05,
            ),
            tol=1e-3,
            noise=5.0,
            value_fn=_rosenbrock,
            grad_fn=_rosenbrock_grad,
        )
    if key == "valley":
        return Surface(
            key,
            SURFACE_LABELS[key],
            "A bowl 20× steeper across than along: plain GD zig-zags across, momentum rolls along.",
            r"f(x,y) = 0.1\,x^2 + 2\,y^2",
            (-5.0, 5.0, -2.5, 2.5),
            (0.0, 0.0),
            0.0,
            (-4.5, 2.0),
            False,
            _lrs(
                gd=0.4,
                sgd=0.4,
                minibatch=0.4,
                momentum=0.1,
                nesterov=0.1,
                adagrad=1.0,
                adadelta=1.0,
                rmsprop=0.05,
                adam=0.2,
            ),
            tol=1e-3,
            noise=0.5,
            value_fn=_valley,
            grad_fn=_valley_grad,
        )
    if key == "saddle":
        return Surface(
            key,
            SURFACE_LABELS[key],
            "Start on the ridge of a saddle at (0, 0): the way down (±y) is almost flat at first.",
            r"f(x,y) = x^2 + \tfrac14 y^4 - \tfrac12 y^2",
            (-2.0, 2.0, -2.0, 2.0),
            (0.0, 1.0),
            -0.25,
            (1.8, 0.001),
            False,
            _lrs(
                gd=0.05,
                sgd=0.05,
                minibatch=0.05,
                momentum=0.05,
                nesterov=0.05,
                adagrad=0.3,
                adadelta=1.0,
                rmsprop=0.02,
                adam=0.05,
            ),
            tol=1e-3,
            noise=0.3,
            value_fn=_saddle,
            grad_fn=_saddle_grad,
        )
    if key == "plateau":
        return Surface(
            key,
            SURFACE_LABELS[key],
            "Almost flat far from a narrow well at (0, 0): tiny gradients stall plain GD.",
            r"f(x,y) = 1 - e^{-\frac12 (x^2 + 2y^2)}",
            (-4.0, 4.0, -4.0, 4.0),
            (0.0, 0.0),
            0.0,
            (3.5, 2.5),
            False,
            _lrs(
                gd=1.0,
                sgd=1.0,
                minibatch=1.0,
                momentum=1.0,
                nesterov=1.0,
                adagrad=1.0,
                adadelta=1.0,
                rmsprop=0.05,
                adam=0.1,
            ),
            tol=1e-3,
            noise=0.02,
            value_fn=_plateau,
            grad_fn=_plateau_grad,
        )
    if key == "beale":
        return Surface(
            key,
            SURFACE_LABELS[key],
            "Flat basins and steep walls; the minimum is at (3, 0.5).",
            r"f(x,y) = (1.5-x+xy)^2 + (2.25-x+xy^2)^2 + (2.625-x+xy^3)^2",
            (-4.5, 4.5, -4.5, 4.5),
            (3.0, 0.5),
            0.0,
            (1.0, 1.6),
            True,
            _lrs(
                gd=0.002,
                sgd=0.002,
                minibatch=0.002,
                momentum=0.002,
                nesterov=0.002,
                adagrad=0.5,
                adadelta=1.0,
                rmsprop=0.01,
                adam=0.05,
            ),
            tol=1e-3,
            noise=2.0,
            value_fn=_beale,
            grad_fn=_beale_grad,
        )
    if key == "noisy_bowl":
        value, grad = _noisy_bowl(seed)
        where, f_min = _global_min(value, grad, (-3.0, 3.0, -3.0, 3.0))
        return Surface(
            key,
            SURFACE_LABELS[key],
            f"A round bowl with seeded ripples (seed {seed}): little dents trap plain GD.",
            r"f(x,y) = \tfrac14 (x^2+y^2) + 0.12 \sum_{k=1}^{6} \sin(\mathbf w_k \cdot (x,y) + \varphi_k)",
            (-3.0, 3.0, -3.0, 3.0),
            where,
            f_min,
            (2.5, -2.5),
            False,
            _lrs(
                gd=0.1,
                sgd=0.1,
                minibatch=0.1,
                momentum=0.05,
                nesterov=0.05,
                adagrad=0.5,
                adadelta=1.0,
                rmsprop=0.02,
                adam=0.05,
            ),
            tol=1e-3,
            noise=0.3,
            value_fn=value,
            grad_fn=grad,
        )
    if key == "logistic":
        value, grad, sample_grad = _logistic(seed)
        where, f_min = _argmin(value, grad, (1.0, -2.0))
        wx, by = where
        return Surface(
            key,
            SURFACE_LABELS[key],
            f"Mean binary cross-entropy of a 1-feature logistic regression on {N_EXAMPLES} "
            f"seeded points (seed {seed}); the feature is not scaled, so w and b are tangled.",
            r"L(w,b) = \frac1N \sum_i \mathrm{BCE}\big(y_i, \sigma(w\,x_i + b)\big)",
            (wx - 3.0, wx + 3.0, by - 6.0, by + 6.0),
            where,
            f_min,
            (wx - 2.5, by + 5.0),
            True,
            _lrs(
                gd=0.3,
                sgd=0.3,
                minibatch=0.3,
                momentum=0.1,
                nesterov=0.1,
                adagrad=1.0,
                adadelta=1.0,
                rmsprop=0.05,
                adam=0.1,
            ),
            tol=1e-3,
            axis_names=("w", "b"),
            value_fn=value,
            grad_fn=grad,
            sample_grad_fn=sample_grad,
            n_examples=N_EXAMPLES,
        )
    raise KeyError(f"unknown surface {key!r}")


def _global_min(
    value: Callable, grad: Callable, domain: tuple[float, float, float, float]
) -> tuple[tuple[float, float], float]:
    """Global minimum inside ``domain``: best grid point, refined with BFGS."""
    x0, x1, y0, y1 = domain
    xs, ys = np.linspace(x0, x1, 241), np.linspace(y0, y1, 241)
    X, Y = np.meshgrid(xs, ys)
    F = value(X, Y)
    i, j = np.unravel_index(int(np.argmin(F)), F.shape)
    return _argmin(value, grad, (float(X[i, j]), float(Y[i, j])))
