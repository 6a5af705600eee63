"""The scikit-learn code the SVM page shows: it reproduces the page's fit and runs standalone."""

from __future__ import annotations

from engine.classical.svm_config import SvmConfig

_KERNEL_BY_HAND = {
    "linear": "K = x @ sv.T",
    "poly": "K = ({gamma!r} * x @ sv.T + {coef0!r}) ** {degree}",
    "rbf": "K = np.exp(-{gamma!r} * ((x[:, None, :] - sv[None, :, :]) ** 2).sum(axis=2))",
}
_LIFT = {"radius": "x[:, 0] ** 2 + x[:, 1] ** 2", "product": "x[:, 0] * x[:, 1]"}


def _svc_args(cfg: SvmConfig) -> str:
    args = [f'kernel="{cfg.kernel}"', f"C={cfg.C!r}"]
    if cfg.kernel != "linear":
        args.append(f"gamma={cfg.gamma!r}")
    if cfg.kernel == "poly":
        args += [f"degree={cfg.degree}", f"coef0={cfg.coef0!r}"]
    return ", ".join(args)


def svm_code(cfg: SvmConfig) -> str:
    """Fit the page's SVC, print its numbers, and recompute its decision function by hand."""
    by_hand = _KERNEL_BY_HAND[cfg.kernel].format(gamma=cfg.gamma, coef0=cfg.coef0, degree=cfg.degree)
    return f"""import numpy as np
from sklearn.svm import SVC

# This app's generators: exactly the page's points and split
from engine.playground.datasets import make_dataset

data = make_dataset(
    "{cfg.dataset}", n_points={cfg.n_points}, noise={cfg.noise / 100!r}, train_fraction={(100 - cfg.val_percent) / 100!r}, seed={cfg.seed}
)
model = SVC({_svc_args(cfg)})
model.fit(data.x_train, data.y_train)
print("support vectors:", len(model.support_), "of", len(data.x_train))
print("train accuracy:", model.score(data.x_train, data.y_train))
print("validation accuracy:", model.score(data.x_test, data.y_test))

# The decision function by hand, over the support vectors x_i:
# f(x) = sum_i alpha_i y_i K(x_i, x) + b  (dual_coef_ holds alpha_i y_i)
x, sv = data.x_test[:5].astype(float), model.support_vectors_
{by_hand}
print(K @ model.dual_coef_[0] + model.intercept_[0])
print(model.decision_function(x))  # the same numbers
"""


def lift_code(cfg: SvmConfig) -> str:
    """The kernel trick by hand: add the third feature and fit a linear SVM (continues :func:`svm_code`)."""
    return f"""# Continues the snippet above: lift the points to 3-D and fit a plane
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


def lift(x):
    return np.column_stack([x, {_LIFT[cfg.lift]}])


plane = make_pipeline(StandardScaler(), SVC(kernel="linear", C=1000.0))
plane.fit(lift(data.x_train), data.y_train)
accuracy = plane.score(lift(data.x_train), data.y_train)
print("a plane in 3-D separates", accuracy, "of the training points")
"""
