"""The code tabs of the three basics pages: plain numpy (and Keras) that runs as pasted.

Each snippet builds the page's own data (the bundled table, or the same seeded
generator), trains with the page's settings and prints what the page shows, so a
learner can check the page's numbers in a notebook. Tests execute every snippet.
"""

from __future__ import annotations

from engine.basics import data
from engine.basics.config import GDConfig, LinearConfig, LogisticConfig
from engine.basics.functions import FUNCTIONS

_SCALING_CODE = {
    "none": "shift, scale = 0.0, 1.0                   # no feature scaling",
    "minmax": "shift, scale = x.min(), x.max() - x.min()  # min-max to [0, 1]",
    "standardize": "shift, scale = x.mean(), x.std()          # standardize (mean 0, std 1)",
}


def _array(values) -> str:
    return "np.array([" + ", ".join(f"{float(v):g}" for v in values) + "])"


def gd_code(cfg: GDConfig) -> str:
    """The slides' loop on the chosen function, with the page's start, rate and steps."""
    f_expr, df_expr = FUNCTIONS[cfg.fn].python.split("|")
    return f"""import numpy as np

def f(x):
    return {f_expr}

def derivative(x):
    return {df_expr}

def gradient_descent(initial_x, learning_rate={cfg.lr!r}, steps={cfg.steps}):
    x = initial_x
    for step in range(steps):
        x -= learning_rate * derivative(x)  # x_new = x - lr * f'(x)
        print(step + 1, x, f(x))
    return x

gradient_descent({cfg.x0!r})
"""


def linear_data_code(cfg: LinearConfig, csv: tuple[str, str, str] | None = None) -> str:
    """Lines that define ``x`` and ``y`` as the page does (``csv``: file name, x and y columns)."""
    if cfg.data == "house":
        d = data.house_prices()
        return f"x = {_array(d.x)}  # {d.x_name}, slide 001\ny = {_array(d.y)}  # {d.y_name}"
    if cfg.data == "house8":
        d = data.house_prices_003()
        return f"x = {_array(d.x)}  # {d.x_name}, slides 003\ny = {_array(d.y)}  # {d.y_name}"
    if cfg.data == "balloon":
        return (
            f"data_rng = np.random.default_rng({cfg.seed})\n"
            f"x = data_rng.uniform(5.0, 45.0, {cfg.n})                          # balloon weight (g)\n"
            f"y = 95.0 - 1.6 * x + data_rng.normal(0.0, 3.0, {cfg.n})           # height reached (m)"
        )
    if cfg.data == "line":
        return (
            f"data_rng = np.random.default_rng({cfg.seed})\n"
            f"x = np.sort(data_rng.uniform(-1.0, 10.0, {cfg.n}))\n"
            f"y = 2.0 * x + 1.0 + data_rng.normal(0.0, {cfg.noise!r}, {cfg.n})  # around y = 2x + 1"
        )
    name, x_col, y_col = csv or ("your_data.csv", "x", "y")
    return (
        "import pandas as pd\n\n"
        f"table = pd.read_csv({name!r}, sep=None, engine='python')[[{x_col!r}, {y_col!r}]].dropna()\n"
        f"x, y = table[{x_col!r}].to_numpy(float), table[{y_col!r}].to_numpy(float)"
    )


def linear_code(cfg: LinearConfig, batch_size: int, csv: tuple[str, str, str] | None = None) -> str:
    """Gradient descent on the MSE as the page runs it, then the closed form and scikit-learn."""
    return f"""import numpy as np
from sklearn.linear_model import LinearRegression

{linear_data_code(cfg, csv)}

{_SCALING_CODE[cfg.scaling]}
x_s = (x - shift) / scale
w, b, lr = 0.0, 0.0, {cfg.lr!r}
rng = np.random.default_rng({cfg.seed})
for epoch in range({cfg.epochs}):
    order = rng.permutation(len(x_s))
    for start in range(0, len(x_s), {batch_size}):       # batch size {batch_size}
        i = order[start:start + {batch_size}]
        error = (w * x_s[i] + b) - y[i]
        w -= lr * 2 * np.mean(error * x_s[i])             # dMSE/dw
        b -= lr * 2 * np.mean(error)                      # dMSE/db
w_data, b_data = w / scale, b - w / scale * shift       # the same line in the data's units
print("gradient descent:", w_data, b_data, np.mean((w_data * x + b_data - y) ** 2))

# the closed form (normal equation) and scikit-learn give the best line directly
A = np.column_stack([x, np.ones_like(x)])
w_best, b_best = np.linalg.solve(A.T @ A, A.T @ y)
model = LinearRegression().fit(x.reshape(-1, 1), y)
print("normal equation:", w_best, b_best, "scikit-learn:", model.coef_[0], model.intercept_)
"""


def linear_keras_code(cfg: LinearConfig, batch_size: int) -> str:
    """The same model as one Keras neuron (continues the numpy code: ``x_s``, ``y``, ``shift``, ``scale``)."""
    return f"""# Continues the snippet above: x_s (scaled x) and y
import keras

model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1, kernel_initializer="zeros")])
model.compile(optimizer=keras.optimizers.SGD(learning_rate={cfg.lr!r}), loss="mse")
history = model.fit(x_s, y, epochs={cfg.epochs}, batch_size={batch_size}, verbose=0)
(w_k,), b_k = model.layers[0].get_weights()
print("Keras:", w_k[0] / scale, b_k[0] - w_k[0] / scale * shift)  # in the data's units
"""


def admissions_data_code(seed: int, n: int = 100) -> str:
    """Lines that draw the page's students (:func:`engine.basics.data.admissions`)."""
    return f"""data_rng = np.random.default_rng({seed})
X = data_rng.uniform(30.0, 100.0, ({n}, 2))                 # exam 1 and exam 2 scores
logit = (X[:, 0] + 1.1 * X[:, 1] - 140.0) / 6.0
y = (data_rng.uniform(0.0, 1.0, {n}) < 1.0 / (1.0 + np.exp(-logit))).astype(float)  # admitted"""


def logistic_code(cfg: LogisticConfig, batch_size: int) -> str:
    """Gradient descent on the binary cross-entropy as the page runs it, then its scores."""
    return f"""import numpy as np
from sklearn.metrics import accuracy_score, confusion_matrix

def sigmoid(z):
    return 1 / (1 + np.exp(-z))

# the page's 100 students (generated): X (n, 2) exam scores, y (n,) 1 if admitted else 0
{admissions_data_code(cfg.seed)}

X_s = (X - X.mean(axis=0)) / X.std(axis=0)          # standardize: mean 0, std 1 per score
w, b, lr = np.zeros(2), 0.0, {cfg.lr!r}
rng = np.random.default_rng({cfg.seed})
for epoch in range({cfg.epochs}):
    order = rng.permutation(len(y))
    for start in range(0, len(y), {batch_size}):
        i = order[start:start + {batch_size}]
        z = sigmoid(X_s[i] @ w + b)                  # predicted probabilities
        w -= lr * X_s[i].T @ (z - y[i]) / len(i)     # dJ/dw = X^T (z - y) / n
        b -= lr * np.mean(z - y[i])

p = sigmoid(X_s @ w + b)
pred = (p >= {cfg.threshold!r}).astype(int)
print(accuracy_score(y, pred))
print(confusion_matrix(y, pred))
"""


def logistic_keras_code(cfg: LogisticConfig, batch_size: int) -> str:
    """The same classifiers in Keras (continues the numpy code: ``X_s``, ``y``)."""
    return f"""# Continues the snippet above: X_s (standardized scores) and y
import keras
from sklearn.datasets import make_blobs

model = keras.Sequential([
    keras.Input(shape=(2,)),
    keras.layers.Dense(1, activation="sigmoid", kernel_initializer="zeros"),
])
model.compile(optimizer=keras.optimizers.SGD(learning_rate={cfg.lr!r}),
              loss=keras.losses.BinaryCrossentropy(), metrics=["accuracy"])
model.fit(X_s, y, epochs={cfg.epochs}, batch_size={batch_size}, verbose=0)

# multi-class: softmax over 3 outputs, on the page's three blobs
X3, y3 = make_blobs(n_samples=150, centers=[[-3.0, -2.0], [3.0, -1.5], [0.0, 3.0]],
                    cluster_std={cfg.mc_spread!r}, random_state={cfg.seed})
softmax_model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(3, activation="softmax")])
softmax_model.compile(optimizer=keras.optimizers.SGD(learning_rate={cfg.mc_lr!r}),
                      loss=keras.losses.SparseCategoricalCrossentropy(), metrics=["accuracy"])
softmax_model.fit(X3, y3, epochs={cfg.mc_epochs}, batch_size=len(y3), verbose=0)
"""
