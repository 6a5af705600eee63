"""The code a learner can copy: the notebook (train, check the leak, save) and the served app (load,
predict). Both follow the page's settings; the app's snippet continues the notebook's.
"""

from __future__ import annotations

from engine.basics.codegen import admissions_data_code
from engine.workflow.serving import SOLVER, ServingConfig
from engine.workflow.serving_io import FILE_NAMES, MODEL_TYPES, SCALER_TYPES

_SCALER_CLASS = {"minmax": "MinMaxScaler", "standard": "StandardScaler"}


def notebook_code(cfg: ServingConfig) -> str:
    """Train with the scaler fitted on the training split only, show the leak, save with skops."""
    scaler = _SCALER_CLASS[cfg.scaler]
    typo = "X_test[0, 0] *= 10  # a typo in one held-out score (72 -> 720)\n" if cfg.typo else ""
    return f"""import numpy as np
import skops.io as sio
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, log_loss
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import {scaler}

# the page's {cfg.n} students (generated): X (n, 2) exam scores, y (n,) 1 if admitted else 0
{admissions_data_code(cfg.seed, cfg.n)}
y = y.astype(int)
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size={cfg.test_pct / 100!r}, random_state={cfg.seed}, stratify=y
)
{typo}

def fit_and_score(scaler):
    model = LogisticRegression(C={cfg.C!r}, solver="{SOLVER}").fit(scaler.transform(X_train), y_train)
    p = model.predict_proba(scaler.transform(X_test))[:, 1]
    return model, accuracy_score(y_test, p >= 0.5), log_loss(y_test, p, labels=[0, 1])


scaler = {scaler}().fit(X_train)                          # right: the training split only
model, acc, loss = fit_and_score(scaler)
_, acc_leak, loss_leak = fit_and_score({scaler}().fit(np.vstack([X_train, X_test])))  # the leak
print(f"test accuracy {{acc:.3f}} (leak: {{acc_leak:.3f}}), log loss {{loss:.4f}} (leak: {{loss_leak:.4f}})")

# save both: the app needs the scaler's numbers as much as the model's weights
sio.dump(model, "{FILE_NAMES["model"]}")
sio.dump(scaler, "{FILE_NAMES["scaler"]}")
"""


def app_code(cfg: ServingConfig) -> str:
    """The served app: load both files with skops (types checked), then answer one applicant."""
    model_types = sorted(MODEL_TYPES)
    scaler_types = sorted(SCALER_TYPES)
    return f"""# Continues the snippet above (or any folder holding the two .skops files): the app
import numpy as np
import skops.io as sio


def load(path, allowed):
    # get_untrusted_types reads the file's type list without building anything
    unknown = sio.get_untrusted_types(file=path)
    if unknown:
        raise ValueError(f"{{path}} holds types this app does not trust: {{unknown}}")
    return sio.load(path, trusted=allowed)


model = load("{FILE_NAMES["model"]}", {model_types!r})
scaler = load("{FILE_NAMES["scaler"]}", {scaler_types!r})

exam1, exam2 = {cfg.exam1!r}, {cfg.exam2!r}  # in a script: float(input("Enter score for Exam 1: "))
scaled = scaler.transform(np.array([[exam1, exam2]]))      # a 1x2 matrix, as in training
p = model.predict_proba(scaled)[0, 1]                      # P(admitted)
print("x' =", scaled[0], f"p = {{p:.3f}}")
print("Admitted" if p >= 0.5 else "Sorry")
"""
