"""Support vector machines on the playground's 2-D sets: fits, kernels, the 3-D lift (UI-free).

scikit-learn's :class:`~sklearn.svm.SVC` does the fitting. numpy is written only where the
computation is the lesson, and the tests check it against scikit-learn:

* :func:`kernel_matrix`: the linear, polynomial and RBF kernels
  (``sklearn.metrics.pairwise``'s ``linear_kernel`` / ``polynomial_kernel`` / ``rbf_kernel``);
* :func:`decision_by_hand`: ``f(x) = sum_i alpha_i y_i K(x_i, x) + b`` from the support
  vectors and dual coefficients (``SVC.decision_function``);
* :func:`rbf_series`: the RBF kernel as a sum over every power of ``x . z``, the infinite
  feature map of the slides, truncated.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

from engine.classical.svm_config import SvmConfig
from engine.playground.datasets import DOMAIN, Dataset, make_dataset

__all__ = [
    "HEAT_C",
    "HEAT_GAMMAS",
    "LiftFit",
    "SvmDataError",
    "SvmFit",
    "decision_by_hand",
    "decision_grid",
    "fit_lifted",
    "fit_svm",
    "fit_verdict",
    "grid_resolution",
    "kernel_matrix",
    "level_lines",
    "lift",
    "load_data",
    "poly_feature_count",
    "rbf_series",
    "validation_grid",
]

#: libsvm's iteration cap: a badly scaled polynomial fit stops (with a warning) instead of hanging.
MAX_ITER = 100_000
#: The C and gamma of the validation heatmap (RBF kernel).
HEAT_C: tuple[float, ...] = (0.1, 1.0, 10.0, 100.0)
HEAT_GAMMAS: tuple[float, ...] = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0)
#: Train minus validation accuracy above this reads as overfitting.
OVERFIT_GAP = 0.1
#: Both accuracies below this read as underfitting.
UNDERFIT_ACC = 0.8


class SvmDataError(ValueError):
    """The data cannot be fitted (e.g. the training split holds a single class)."""


@dataclass(frozen=True, eq=False)
class SvmFit:
    """A fitted SVC and what the page shows of it.

    Attributes:
        model: the fitted :class:`~sklearn.svm.SVC`.
        support: indices of the support vectors in the training set.
        support_vectors: ``(n_sv, 2)`` their coordinates.
        dual_coef: ``(n_sv,)`` ``alpha_i * y_i`` with ``y_i = +-1`` (class 1 is +1).
        intercept: ``b``.
        train_acc, val_acc: accuracies on the training and validation points.
        converged: False when libsvm stopped at :data:`MAX_ITER`.
        w: the weight vector of the linear kernel (``None`` for the others).
    """

    model: SVC
    support: np.ndarray
    support_vectors: np.ndarray
    dual_coef: np.ndarray
    intercept: float
    train_acc: float
    val_acc: float
    converged: bool
    w: np.ndarray | None

    @property
    def n_support(self) -> int:
        return len(self.support)

    def n_on_margin(self, C: float, rtol: float = 1e-6) -> int:
        """Support vectors with ``0 < alpha < C`` ("free"): they lie exactly on ``f(x) = +-1``."""
        return int(np.sum(np.abs(self.dual_coef) < C * (1 - rtol)))

    @property
    def margin_width(self) -> float | None:
        """``2 / ||w||`` for the linear kernel."""
        return None if self.w is None else float(2.0 / np.linalg.norm(self.w))


def load_data(cfg: SvmConfig) -> Dataset:
    """The page's points: the playground's generator, shuffled and split into train/validation."""
    return make_dataset(cfg.dataset, cfg.n_points, cfg.noise / 100, (100 - cfg.val_percent) / 100, cfg.seed)


def make_svc(kernel: str, C: float, gamma: float, degree: int, coef0: float) -> SVC:
    """The SVC the page fits (the same call the page's code shows)."""
    return SVC(kernel=kernel, C=C, gamma=gamma, degree=degree, coef0=coef0, max_iter=MAX_ITER)


def _check_classes(y: np.ndarray) -> None:
    if len(np.unique(y)) < 2:
        raise SvmDataError(
            f"the training split holds only class {int(y[0])}: an SVM needs points of both classes. "
            "Use more points, a smaller validation share or another seed."
        )


def fit_svm(data: Dataset, cfg: SvmConfig) -> SvmFit:
    """Fit ``cfg``'s SVC on ``data``'s training split. Raises :class:`SvmDataError` for one class."""
    _check_classes(data.y_train)
    model = make_svc(cfg.kernel, cfg.C, cfg.gamma, cfg.degree, cfg.coef0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        model.fit(data.x_train, data.y_train)
    converged = not any(issubclass(w.category, ConvergenceWarning) for w in caught)
    val_acc = float(model.score(data.x_test, data.y_test)) if len(data.y_test) else float("nan")
    return SvmFit(
        model=model,
        support=model.support_.copy(),
        support_vectors=model.support_vectors_.copy(),
        dual_coef=model.dual_coef_[0].copy(),
        intercept=float(model.intercept_[0]),
        train_acc=float(model.score(data.x_train, data.y_train)),
        val_acc=val_acc,
        converged=converged,
        w=model.coef_[0].copy() if cfg.kernel == "linear" else None,
    )


# --------------------------------------------------------------------------- kernels by hand


def kernel_matrix(
    a: np.ndarray, b: np.ndarray, kernel: str, gamma: float = 1.0, degree: int = 3, coef0: float = 1.0
) -> np.ndarray:
    """``K[i, j] = K(a_i, b_j)`` for ``(n, d)`` and ``(m, d)`` points.

    linear: ``a . b``; poly: ``(gamma a . b + coef0) ** degree``; rbf: ``exp(-gamma ||a - b||^2)``.
    """
    a = np.atleast_2d(np.asarray(a, dtype=np.float64))
    b = np.atleast_2d(np.asarray(b, dtype=np.float64))
    dot = a @ b.T
    if kernel == "linear":
        return dot
    if kernel == "poly":
        return (gamma * dot + coef0) ** degree
    if kernel == "rbf":
        sq = (a**2).sum(1)[:, None] + (b**2).sum(1)[None, :] - 2.0 * dot
        return np.exp(-gamma * np.maximum(sq, 0.0))
    raise ValueError(f"unknown kernel {kernel!r}")


def decision_by_hand(fit: SvmFit, points: np.ndarray, cfg: SvmConfig) -> np.ndarray:
    """``f(x) = sum_i alpha_i y_i K(x_i, x) + b`` over the support vectors, for ``(n, 2)`` points."""
    k = kernel_matrix(points, fit.support_vectors, cfg.kernel, cfg.gamma, cfg.degree, cfg.coef0)
    return k @ fit.dual_coef + fit.intercept


def decision_terms(fit: SvmFit, point: np.ndarray, cfg: SvmConfig) -> np.ndarray:
    """The terms ``alpha_i y_i K(x_i, point)`` of the decision value, largest magnitude first."""
    k = kernel_matrix(point, fit.support_vectors, cfg.kernel, cfg.gamma, cfg.degree, cfg.coef0)[0]
    terms = k * fit.dual_coef
    return terms[np.argsort(-np.abs(terms), kind="stable")]


def rbf_series(a: np.ndarray, b: np.ndarray, gamma: float, n_terms: int) -> np.ndarray:
    """Partial sums of ``exp(-g|a|^2) exp(-g|b|^2) sum_k (2g a.b)^k / k!`` for 1..n_terms terms.

    Each power ``k`` is a dot product of explicit degree-``k`` features of ``a`` and ``b``;
    the series needs every ``k`` to reach ``exp(-g|a - b|^2)``: an infinite feature map.
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    scale = math.exp(-gamma * float(a @ a)) * math.exp(-gamma * float(b @ b))
    t = 2.0 * gamma * float(a @ b)
    terms = [t**k / math.factorial(k) for k in range(n_terms)]
    return scale * np.cumsum(terms)


def poly_feature_count(degree: int, coef0: float, n_features: int = 2) -> int:
    """How many monomials the polynomial kernel's feature map holds (all degrees <= d when r > 0)."""
    if coef0 > 0:
        return math.comb(degree + n_features, n_features)
    return math.comb(degree + n_features - 1, n_features - 1)


# --------------------------------------------------------------------------- views


def grid_resolution(cfg: SvmConfig) -> int:
    """Grid points per axis for the shaded plane: 81 (0.15 units apart), 161 for an RBF kernel whose
    reach ``1 / sqrt(gamma)`` is shorter than a few cells (gamma >= 10), so its islands show."""
    return 161 if cfg.kernel == "rbf" and cfg.gamma >= 10 else 81


def decision_grid(model: SVC, resolution: int = 81) -> tuple[np.ndarray, np.ndarray]:
    """The plane's axis values and ``decision_function`` on the ``resolution``-square grid over the domain."""
    axis = np.linspace(-DOMAIN, DOMAIN, resolution)
    xx, yy = np.meshgrid(axis, axis)
    z = model.decision_function(np.column_stack([xx.ravel(), yy.ravel()]))
    return axis, z.reshape(resolution, resolution)


def level_lines(axis: np.ndarray, decision: np.ndarray, level: float) -> np.ndarray:
    """The curves where the gridded ``decision`` equals ``level``, as ``(n, 2)`` (x1, x2) points,
    separate curves split by a NaN row (one plotly line trace; far lighter than a contour trace)."""
    from skimage.measure import find_contours  # scikit-image: marching squares

    step = float(axis[1] - axis[0])
    parts = []
    for curve in find_contours(np.asarray(decision, dtype=np.float64), level):
        parts += [axis[0] + curve[:, ::-1] * step, np.full((1, 2), np.nan)]
    return np.vstack(parts) if parts else np.empty((0, 2))


def fit_verdict(train_acc: float, val_acc: float) -> tuple[str, str]:
    """("underfit" | "overfit" | "good", a sentence with the numbers)."""
    nums = f"train {train_acc:.0%}, validation {val_acc:.0%}"
    if train_acc < UNDERFIT_ACC and val_acc < UNDERFIT_ACC:
        return "underfit", f"Underfitting ({nums}): the boundary is too simple for these data."
    if train_acc - val_acc > OVERFIT_GAP:
        return "overfit", f"Overfitting ({nums}): the boundary learned the training points, not the shape."
    return (
        "good",
        f"A good fit ({nums}): the validation points are classified about as well as the training ones.",
    )


def validation_grid(data: Dataset, cs=HEAT_C, gammas=HEAT_GAMMAS) -> np.ndarray:
    """Validation accuracy of RBF SVCs, ``(len(gammas), len(cs))``.

    One RBF Gram matrix per gamma serves every C (``kernel="precomputed"``): the same fits as
    ``SVC(kernel="rbf")``, without recomputing the kernel for each C.
    """
    _check_classes(data.y_train)
    out = np.empty((len(gammas), len(cs)))
    for i, gamma in enumerate(gammas):
        k_train = kernel_matrix(data.x_train, data.x_train, "rbf", gamma)
        k_val = kernel_matrix(data.x_test, data.x_train, "rbf", gamma)
        for j, c in enumerate(cs):
            model = SVC(kernel="precomputed", C=c, max_iter=MAX_ITER)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                model.fit(k_train, data.y_train)
            out[i, j] = float(np.mean(model.predict(k_val) == data.y_test))
    return out


# --------------------------------------------------------------------------- the 3-D lift


def lift(points: np.ndarray, kind: str) -> np.ndarray:
    """``(n, 3)``: ``x1, x2`` and the third feature ``x1^2 + x2^2`` (radius) or ``x1 * x2`` (product)."""
    p = np.asarray(points, dtype=np.float64)
    if kind == "radius":
        z = p[:, 0] ** 2 + p[:, 1] ** 2
    elif kind == "product":
        z = p[:, 0] * p[:, 1]
    else:
        raise ValueError(f"unknown lift {kind!r}")
    return np.column_stack([p, z])


@dataclass(frozen=True)
class LiftFit:
    """A linear SVM on the lifted features: the plane ``w . (x1, x2, z) + b = 0`` in data units."""

    w: np.ndarray
    b: float
    accuracy: float

    @property
    def separates(self) -> bool:
        return self.accuracy == 1.0

    def side(self, lifted: np.ndarray) -> np.ndarray:
        """``w . p + b`` for ``(n, 3)`` lifted points (positive: class 1)."""
        return lifted @ self.w + self.b

    def plane_z(self, x1: np.ndarray, x2: np.ndarray) -> np.ndarray | None:
        """The plane's height over ``(x1, x2)``; ``None`` when it stands vertical (w3 = 0)."""
        if abs(self.w[2]) < 1e-12 * max(1.0, float(np.abs(self.w).max())):
            return None
        return -(self.w[0] * x1 + self.w[1] * x2 + self.b) / self.w[2]

    def circle(self) -> tuple[float, float, float] | None:
        """For the radius lift: the plane's cut seen in 2-D, a circle ``(centre x1, centre x2, radius)``.

        ``w1 x1 + w2 x2 + w3 (x1^2 + x2^2) + b = 0`` completes to
        ``(x1 - c1)^2 + (x2 - c2)^2 = c1^2 + c2^2 - b / w3`` with ``c = -(w1, w2) / (2 w3)``.
        ``None`` when there is no such circle (w3 = 0 or a negative squared radius).
        """
        if abs(self.w[2]) < 1e-12:
            return None
        c1, c2 = -self.w[0] / (2 * self.w[2]), -self.w[1] / (2 * self.w[2])
        r2 = c1**2 + c2**2 - self.b / self.w[2]
        return (float(c1), float(c2), float(np.sqrt(r2))) if r2 > 0 else None


def fit_lifted(x: np.ndarray, y: np.ndarray, kind: str, C: float = 1000.0) -> LiftFit:
    """A linear SVC on the lifted (and standardized) points; the plane is returned in data units."""
    _check_classes(y)
    lifted = lift(x, kind)
    scaler = StandardScaler().fit(lifted)
    model = SVC(kernel="linear", C=C, max_iter=MAX_ITER)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(scaler.transform(lifted), y)
    w_std, b_std = model.coef_[0], float(model.intercept_[0])
    w = w_std / scaler.scale_
    b = b_std - float(w @ scaler.mean_)
    return LiftFit(w=w, b=b, accuracy=float(model.score(scaler.transform(lifted), y)))
