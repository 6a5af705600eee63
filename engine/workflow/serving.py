"""From notebook to app (slides 003's admissions classifier): train, compare with a leaky scaler,
serve one applicant.

The students are the logistic-regression page's (:func:`engine.basics.data.admissions`: two exam
scores, admitted 1/0). The model is scikit-learn's ``LogisticRegression`` on scaled scores.

* :func:`compare` fits the pipeline twice on the same training split: once with the scaler
  fitted on the training split only (correct), once with it fitted on all students (the leak:
  the test students' scores shape the scaler, so they reach the model).
* :func:`serve` answers one applicant as a served model does: the fitted scaler's transform,
  then the model's probability, every intermediate number kept for the page's formula.

UI-free (no streamlit, no plotly).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, log_loss
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import MinMaxScaler, StandardScaler

from engine.basics.data import admissions
from engine.presets import Preset
from engine.urlstate import ConfigError, UrlConfig, require, setting

SEED_MAX = 2**31 - 1
SCALERS: dict[str, str] = {
    "minmax": "MinMaxScaler (the slides': to [0, 1])",
    "standard": "StandardScaler (mean 0, std 1)",
}
C_GRID = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0)
#: The typo preset: one test student's exam 1 score written with an extra digit.
TYPO_FACTOR = 10.0
FEATURES = ("exam 1", "exam 2")
THRESHOLD = 0.5  # the slides' app: admitted when the model's output >= 0.5
#: Exact Newton steps: the same optimum as the default lbfgs, a few ms even on a busy server
#: (lbfgs on 2 features spends its time in BLAS threads).
SOLVER = "newton-cholesky"


@dataclasses.dataclass(frozen=True)
class ServingConfig(UrlConfig):
    """The notebook's data, split and model, and the applicant typed into the app's form."""

    seed: int = setting(
        1,
        low=0,
        high=SEED_MAX,
        widget="number",
        label="Data and split seed",
        help="Draws the students (the logistic-regression page's) and the train/test split.",
        describe="the seed",
    )
    n: int = setting(100, low=20, high=400, step=10, label="Students", describe="the number of students")
    test_pct: int = setting(
        20,
        key="test",
        low=10,
        high=50,
        step=5,
        label="Test split (%)",
        help="Share of the students held out: never used to fit the scaler or the model.",
        describe="the test share",
    )
    scaler: str = setting("minmax", choices=SCALERS, label="Scaler", widget="radio", describe="the scaler")
    C: float = setting(
        1.0,
        key="C",
        choices=C_GRID,
        grid=True,
        label="Regularization C (LogisticRegression)",
        help="Smaller C = stronger L2 penalty on the weights; scikit-learn's default is 1.",
        describe="C",
    )
    typo: bool = setting(
        False,
        label="A typo in the test split (one exam 1 score ×10)",
        help="One held-out student's exam 1 score is stored with an extra digit (e.g. 72 → 720).",
        widget="toggle",
    )
    exam1: float = setting(
        65.0,
        key="e1",
        low=0.0,
        high=100.0,
        step=0.5,
        label="Exam 1 score",
        widget="number",
        describe="exam 1",
    )
    exam2: float = setting(
        70.0,
        key="e2",
        low=0.0,
        high=100.0,
        step=0.5,
        label="Exam 2 score",
        widget="number",
        describe="exam 2",
    )

    def check(self) -> None:
        n_test = held_out(self.n, self.test_pct)
        require(self.n - n_test >= 10, "the training split needs at least 10 students", "n", "test_pct")


def held_out(n: int, test_pct: int) -> int:
    """How many students the split holds out (scikit-learn's rounding: ceil(n * share))."""
    return int(np.ceil(n * test_pct / 100.0))


class ServingError(ValueError):
    """The data cannot be split or fitted as asked (the message says why)."""


@dataclass(frozen=True)
class Split:
    """The students, split once; ``typo_row`` is the test row whose exam 1 was multiplied (or -1)."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    typo_row: int
    typo_true: float  # the typo student's real exam 1 score (nan without a typo)
    source: str

    @property
    def x_all(self) -> np.ndarray:
        return np.vstack([self.x_train, self.x_test])


@dataclass(frozen=True)
class PipelineFit:
    """A scaler and a model fitted on the training split, scored on the test split."""

    fitted_on: str  # "train" or "all"
    scaler: MinMaxScaler | StandardScaler
    model: LogisticRegression
    seen_min: np.ndarray  # (2,) lowest score of each exam among the rows the scaler was fitted on
    seen_max: np.ndarray
    train_accuracy: float
    test_accuracy: float
    test_log_loss: float
    test_outside: int  # test students with a score outside the range the scaler saw

    def weights_raw(self) -> tuple[np.ndarray, float]:
        """The model's boundary in exam-score units: p = sigmoid(w · x + b) on raw scores."""
        a, c = affine(self.scaler)  # x' = a * x + c
        w = self.model.coef_[0] * a
        b = float(self.model.intercept_[0] + self.model.coef_[0] @ c)
        return w, b


@dataclass(frozen=True)
class Leak:
    """The same split fitted twice: scaler on the training split (honest) vs on all students."""

    split: Split
    honest: PipelineFit
    leaked: PipelineFit

    @property
    def accuracy_gap(self) -> float:
        return self.leaked.test_accuracy - self.honest.test_accuracy

    @property
    def log_loss_gap(self) -> float:
        return self.leaked.test_log_loss - self.honest.test_log_loss

    @property
    def scaler_moved(self) -> bool:
        """Did the test students change what the scaler learned?"""
        return not np.allclose(scaler_params(self.honest.scaler), scaler_params(self.leaked.scaler))


def make_split(cfg: ServingConfig) -> Split:
    """The page's students split once (stratified when both classes allow it)."""
    ds = admissions(cfg.seed, cfg.n)
    y = ds.y.astype(int)
    counts = np.bincount(y, minlength=2)
    stratify = y if counts.min() >= 2 else None
    x_tr, x_te, y_tr, y_te = train_test_split(
        ds.x, y, test_size=cfg.test_pct / 100.0, random_state=cfg.seed, stratify=stratify
    )
    if len(np.unique(y_tr)) < 2:
        raise ServingError(
            f"The training split holds only students who were {'admitted' if y_tr[0] else 'not admitted'}: "
            "a classifier needs both classes. Try another seed or more students."
        )
    typo_row, typo_true = -1, float("nan")
    x_te = x_te.copy()
    if cfg.typo:
        typo_row, typo_true = 0, float(x_te[0, 0])
        x_te[0, 0] = typo_true * TYPO_FACTOR
    return Split(x_tr, y_tr, x_te, y_te, typo_row, typo_true, ds.source)


def new_scaler(kind: str) -> MinMaxScaler | StandardScaler:
    if kind not in SCALERS:
        raise ServingError(f"unknown scaler {kind!r}")
    return MinMaxScaler() if kind == "minmax" else StandardScaler()


def fit_pipeline(split: Split, cfg: ServingConfig, fitted_on: str) -> PipelineFit:
    """Fit the scaler on the training rows (``"train"``) or on all rows (``"all"``), then the model
    on the scaled training rows; score it on the scaled test rows."""
    seen = split.x_train if fitted_on == "train" else split.x_all
    scaler = new_scaler(cfg.scaler).fit(seen)
    model = LogisticRegression(C=cfg.C, solver=SOLVER).fit(scaler.transform(split.x_train), split.y_train)
    p_test = model.predict_proba(scaler.transform(split.x_test))[:, 1]
    lo, hi = seen.min(axis=0), seen.max(axis=0)
    outside = ((split.x_test < lo) | (split.x_test > hi)).any(axis=1)
    return PipelineFit(
        fitted_on=fitted_on,
        scaler=scaler,
        model=model,
        seen_min=lo,
        seen_max=hi,
        train_accuracy=float(model.score(scaler.transform(split.x_train), split.y_train)),
        test_accuracy=float(accuracy_score(split.y_test, (p_test >= THRESHOLD).astype(int))),
        test_log_loss=float(log_loss(split.y_test, p_test, labels=[0, 1])),
        test_outside=int(outside.sum()),
    )


def compare(cfg: ServingConfig) -> Leak:
    """The honest pipeline and the leaky one on the same split."""
    split = make_split(cfg)
    return Leak(split, fit_pipeline(split, cfg, "train"), fit_pipeline(split, cfg, "all"))


# ---- the scaler as numbers ---------------------------------------------------------------------


def affine(scaler: MinMaxScaler | StandardScaler) -> tuple[np.ndarray, np.ndarray]:
    """(a, c) with ``scaler.transform(x) == a * x + c`` per column."""
    if isinstance(scaler, MinMaxScaler):
        return np.asarray(scaler.scale_, float), np.asarray(scaler.min_, float)
    scale = np.asarray(scaler.scale_, float)
    return 1.0 / scale, -np.asarray(scaler.mean_, float) / scale


def scaler_params(scaler: MinMaxScaler | StandardScaler) -> tuple[np.ndarray, np.ndarray]:
    """What the formula shows: (min, max - min) for min-max, (mean, std) for standardization."""
    if isinstance(scaler, MinMaxScaler):
        return np.asarray(scaler.data_min_, float), np.asarray(scaler.data_range_, float)
    return np.asarray(scaler.mean_, float), np.asarray(scaler.scale_, float)


@dataclass(frozen=True)
class Served:
    """One applicant through the served pipeline, every step as numbers."""

    kind: str  # "minmax" or "standard"
    x: np.ndarray  # (2,) raw scores
    shift: np.ndarray  # min or mean
    spread: np.ndarray  # max - min or std
    x_scaled: np.ndarray  # (2,) = (x - shift) / spread
    w: np.ndarray  # (2,) the model's weights on scaled inputs
    b: float
    z: float
    p: float  # P(admitted)
    admitted: bool
    outside: tuple[bool, bool]  # each score outside the range the scaler was fitted on


def serve(
    scaler: MinMaxScaler | StandardScaler, model: LogisticRegression, exam1: float, exam2: float
) -> Served:
    """What the app answers for one applicant: x' = scaler(x), z = w · x' + b, p = sigmoid(z)."""
    x = np.array([exam1, exam2], dtype=float)
    shift, spread = scaler_params(scaler)
    spread_safe = np.where(spread > 0, spread, 1.0)  # scikit-learn maps a constant column this way
    x_scaled = (x - shift) / spread_safe
    w = np.asarray(model.coef_[0], float)
    b = float(model.intercept_[0])
    z = float(w @ x_scaled + b)
    p = float(1.0 / (1.0 + np.exp(-z)))
    if isinstance(scaler, MinMaxScaler):
        lo, hi = scaler.data_min_, scaler.data_max_
        outside = tuple(bool(v) for v in (x < lo) | (x > hi))
    else:  # beyond 3 standard deviations: far from anything the scaler saw
        outside = tuple(bool(v) for v in np.abs(x_scaled) > 3.0)
    return Served(
        "minmax" if isinstance(scaler, MinMaxScaler) else "standard",
        x,
        shift,
        spread_safe,
        x_scaled,
        w,
        b,
        z,
        p,
        p >= THRESHOLD,
        outside,  # type: ignore[arg-type]
    )


def same_predictions(
    a: tuple[MinMaxScaler | StandardScaler, LogisticRegression],
    b: tuple[MinMaxScaler | StandardScaler, LogisticRegression],
    x: np.ndarray,
) -> float:
    """The largest |Δ P(admitted)| between two (scaler, model) pairs over the rows ``x``."""
    pa = a[1].predict_proba(a[0].transform(x))[:, 1]
    pb = b[1].predict_proba(b[0].transform(x))[:, 1]
    return float(np.max(np.abs(pa - pb)))


# ---- "what to try" -------------------------------------------------------------------------------


PRESETS: Sequence[Preset] = (
    Preset(
        "A typo in the test split",
        "One held-out student's exam 1 score has an extra digit. Fitted on **all** students, the scaler "
        "stretches to fit it and every training student is squashed: the model changes and its test "
        "accuracy drops. Fitted on the training split, the scaler and the model do not move at all.",
        {"typo": True},
        keep=("seed",),
    ),
    Preset(
        "Applicant below the range",
        "Exam scores of 20 and 25: lower than any training student's, so the min-max scaler gives x′ < 0. "
        "The model still answers (it extrapolates a straight line), and the app warns about it.",
        {"exam1": 20.0, "exam2": 25.0},
        keep=("seed", "n", "test_pct", "scaler", "C"),
        from_defaults=False,
    ),
    Preset(
        "A borderline applicant",
        "Scores of 65 and 63 sit on the boundary: the probability is close to 0.5. One point less on "
        "exam 2 and the decision flips.",
        {"exam1": 65.0, "exam2": 63.0},
        keep=("seed", "n", "test_pct", "scaler", "C"),
        from_defaults=False,
    ),
    Preset(
        "Standardize instead",
        "StandardScaler instead of min-max: other numbers in x′ and in the weights, the same admitted "
        "or not for this applicant: the scaler is part of the model and must be shipped with it.",
        {"scaler": "standard"},
        keep=("seed", "exam1", "exam2"),
    ),
    Preset(
        "Strong regularization (C = 0.01)",
        "A heavy penalty keeps the weights small: every probability is pulled toward 0.5 (this "
        "applicant's too) and the test log loss rises toward log 2 ≈ 0.69, the score of a coin flip.",
        {"C": 0.01},
        keep=("seed",),
    ),
)


__all__ = [
    "C_GRID",
    "FEATURES",
    "PRESETS",
    "SCALERS",
    "THRESHOLD",
    "ConfigError",
    "Leak",
    "PipelineFit",
    "Served",
    "ServingConfig",
    "ServingError",
    "Split",
    "affine",
    "compare",
    "fit_pipeline",
    "held_out",
    "make_split",
    "same_predictions",
    "scaler_params",
    "serve",
]
