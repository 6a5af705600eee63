"""Code a learner can copy for each section: standalone scripts that reproduce the page's numbers."""

from __future__ import annotations

from engine.workflow.generalization import early
from engine.workflow.generalization.config import GenConfig
from engine.workflow.generalization.imbalance import TEST_SIZE

_DATA = """import numpy as np

n, noise, seed = {n}, {noise:g}, {seed}
rng = np.random.default_rng(seed)
x = rng.uniform(-1, 1, n)
y = np.sin(np.pi * x) + noise * rng.standard_normal(n)

# the page's split: shuffle, then {train} % train, {val} % validation, {test} % test
n_val, n_test = max(1, round(n * {val} / 100)), max(1, round(n * {test} / 100))
n_train = n - n_val - n_test
order = np.random.default_rng(seed + 1).permutation(n)
train, val, test = order[:n_train], order[n_train : n_train + n_val], order[n_train + n_val :]
"""

_POLY = """from sklearn.linear_model import LinearRegression
from sklearn.metrics import mean_squared_error
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures


def fit(degree):
    model = make_pipeline(PolynomialFeatures(degree, include_bias=False), LinearRegression())
    return model.fit(x[train].reshape(-1, 1), y[train])


def error(model, part):
    return mean_squared_error(y[part], model.predict(x[part].reshape(-1, 1)))


for degree in range(1, 16):
    model = fit(degree)
    print(f"degree {{degree:2d}}: train MSE {{error(model, train):.4f}}, validation MSE {{error(model, val):.4f}}")

model = fit({degree})
print("degree {degree} coefficients:", model[-1].intercept_, model[-1].coef_)
"""

_SPLIT = """
# 1. choose the degree on the validation set (the test set is not looked at)
val_errors = {{d: error(fit(d), val) for d in range(1, 16)}}
best = min(val_errors, key=val_errors.get)
print("degree picked on validation:", best)

# 2. touch the test set ONCE, to report how the chosen model does on unseen data
print(f"test MSE of degree {{best}}: {{error(fit(best), test):.4f}}")
"""

_KFOLD = """from sklearn.linear_model import LinearRegression
from sklearn.model_selection import KFold, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures

X = x[np.sort(np.concatenate([train, val]))].reshape(-1, 1)  # the test points stay out
t = y[np.sort(np.concatenate([train, val]))]
model = make_pipeline(PolynomialFeatures({degree}, include_bias=False), LinearRegression())
cv = KFold(n_splits={k}, shuffle=True, random_state=seed)
for i, (tr, va) in enumerate(cv.split(X)):
    print(f"fold {{i + 1}}: validation points {{va.tolist()}}")
scores = -cross_val_score(model, X, t, cv=cv, scoring="neg_mean_squared_error")
print("MSE per fold:", scores.round(4))
print(f"CV MSE = {{scores.mean():.4f}} ± {{scores.std():.4f}}")
"""

_EARLY = """import keras
import numpy as np

from engine.playground.datasets import make_dataset  # this repository's 2-D generators

keras.utils.set_random_seed({seed})
data = make_dataset("{dataset}", {n}, {noise:g}, {frac:g}, {seed})  # name, points, label noise, train share, seed
{l2_line}
model = keras.Sequential(
    [keras.Input(shape=(2,))]
    + [keras.layers.Dense(units, activation="relu", kernel_regularizer=l2) for units in {hidden}]
    + [keras.layers.Dense(1, activation="sigmoid", kernel_regularizer=l2)]
)
model.compile(optimizer=keras.optimizers.Adam({lr:g}), loss="binary_crossentropy", metrics=["accuracy"])
callbacks = {callbacks}
history = model.fit(
    data.x_train, data.y_train, validation_data=(data.x_test, data.y_test),
    epochs={epochs}, batch_size={batch}, callbacks=callbacks, verbose=0,
)
val_loss = np.array(history.history["val_loss"])
print("epochs run:", len(val_loss), " best epoch:", int(val_loss.argmin()) + 1, " best val loss:", val_loss.min())
print("val loss of the model handed back:", model.evaluate(data.x_test, data.y_test, verbose=0)[0])
"""

_IMBALANCE = """import numpy as np
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import classification_report, confusion_matrix, precision_recall_fscore_support
from sklearn.model_selection import train_test_split

X, y = make_classification(
    n_samples={n}, n_features=2, n_informative=2, n_redundant=0, n_clusters_per_class=1,
    weights=[{w0:g}], class_sep=0.4, flip_y=0.0, random_state={seed},
)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size={test_size:g}, stratify=y, random_state={seed})
print("positives in the test set:", y_test.sum(), "of", len(y_test))

{model}
proba = model.predict_proba(X_test)[:, 1]
pred = (proba >= {threshold:g}).astype(int)  # the threshold
print("accuracy:", (pred == y_test).mean())
print("confusion matrix [[TN, FP], [FN, TP]]:\\n", confusion_matrix(y_test, pred))
p, r, f1, _ = precision_recall_fscore_support(y_test, pred, average="binary", zero_division=0)
print(f"precision {{p:.3f}}  recall {{r:.3f}}  F1 {{f1:.3f}}")
print(classification_report(y_test, pred, zero_division=0))
"""

_ONEHOT = """import pandas as pd
from sklearn.preprocessing import OneHotEncoder

train = pd.DataFrame({train})
new = pd.DataFrame({new})

# pandas: encodes whatever table it is given
print(pd.get_dummies(train["{col}"], prefix="{col}", drop_first={drop_first}, dtype=int))
print(pd.get_dummies(new["{col}"], prefix="{col}", drop_first={drop_first}, dtype=int))  # other columns!

# scikit-learn: learns the categories on the training rows, then always gives those columns
encoder = OneHotEncoder(drop={drop}, handle_unknown="ignore", sparse_output=False, dtype=int)
encoder.fit(train[["{col}"]])
print(encoder.get_feature_names_out())
print(encoder.transform(train[["{col}"]]))
print(encoder.transform(new[["{col}"]]))  # an unseen category becomes all zeros
"""


def _data(cfg: GenConfig) -> str:
    return _DATA.format(
        n=cfg.n_points,
        noise=cfg.noise,
        seed=cfg.seed,
        train=cfg.train_pct,
        val=cfg.val_pct,
        test=cfg.test_pct,
    )


def poly_code(cfg: GenConfig) -> str:
    return _data(cfg) + "\n" + _POLY.format(degree=cfg.degree)


def split_code(cfg: GenConfig) -> str:
    return poly_code(cfg) + _SPLIT.format()


def kfold_code(cfg: GenConfig) -> str:
    return _data(cfg) + "\n" + _KFOLD.format(degree=cfg.degree, k=cfg.k)


def early_code(cfg: GenConfig) -> str:
    if cfg.patience > 0:
        callbacks = (
            f'[keras.callbacks.EarlyStopping(monitor="val_loss", patience={cfg.patience}, '
            f"restore_best_weights={cfg.restore})]"
        )
    else:
        callbacks = "[]  # no early stopping"
    return _EARLY.format(
        seed=cfg.es_seed,
        dataset=cfg.es_data,
        n=early.N_POINTS,
        noise=cfg.es_noise / 100,
        frac=early.TRAIN_FRACTION,
        l2_line=f"l2 = keras.regularizers.L2({cfg.l2:g})  # adds λ·Σw² to the loss"
        if cfg.l2 > 0
        else "l2 = None  # no L2 penalty",
        hidden=list(early.HIDDEN),
        lr=early.LEARNING_RATE,
        callbacks=callbacks,
        epochs=cfg.epochs,
        batch=early.BATCH,
    )


def imbalance_code(cfg: GenConfig) -> str:
    if cfg.model == "majority":
        model = (
            "from sklearn.dummy import DummyClassifier\n\n"
            'model = DummyClassifier(strategy="most_frequent").fit(X_train, y_train)  # always the majority class'
        )
    else:
        cw = '"balanced"' if cfg.class_weight == "balanced" else "None"
        model = f"model = LogisticRegression(class_weight={cw}).fit(X_train, y_train)"
    return _IMBALANCE.format(
        n=cfg.imb_n,
        w0=round(1 - cfg.minority_pct / 100, 4),
        seed=cfg.imb_seed,
        test_size=TEST_SIZE,
        model=model,
        threshold=cfg.threshold,
    )


def onehot_code(cfg: GenConfig, train: dict, new: dict, column: str) -> str:
    first = cfg.drop == "first"
    return _ONEHOT.format(
        train=train, new=new, col=column, drop_first=first, drop='"first"' if first else "None"
    )
