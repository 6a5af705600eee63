"""Controls and page sections of the kNN page (pages/knn.py stays thin)."""

from __future__ import annotations

import dataclasses

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from engine.classical import knn, knn_mnist
from engine.classical.knn_config import KnnConfig, KnnData, keep_added, kfold, with_point
from engine.playground import datasets
from ui.classical.knn_figures import kfold_figure, lazy_figure, mnist_figure, timing_figure
from ui.url_state import PageState

CLICK_PROBE = "query"
LAZY_SIZES = (500, 1000, 2000, 3000, 4000, 5000)
LAZY_QUERIES = 1000


# --------------------------------------------------------------------------- sidebar and clicks


def sidebar(state: PageState) -> None:
    """Every setting of the page, in the sidebar."""

    def dataset_changed() -> None:
        state.set(added=keep_added(state.value("added"), state.value("dataset")))

    with st.sidebar:
        st.header("Data")
        state.widget("dataset", on_change=dataset_changed)
        for name in ("n_points", "noise", "train_percent", "seed"):
            state.widget(name)
        st.header("Model")
        for name in ("k", "metric", "weights"):
            state.widget(name)
        st.header("Query point")
        state.widget("probe_x")
        state.widget("probe_y")
        st.header("Choosing k")
        state.widget("folds")
        state.widget("k_max")


def click_modes(n_classes: int) -> dict[str, str]:
    modes = {CLICK_PROBE: "moves the query ✕"}
    modes.update({str(c): f"adds a class {c} point" for c in range(n_classes)})
    return modes


def picked(state: PageState, chart_key: str) -> None:
    """A click on the plane: move the query point, or add a training point of the chosen class."""
    event = st.session_state.get(chart_key)
    points = (event or {}).get("selection", {}).get("points", []) if isinstance(event, dict) else []
    if not points and event is not None and hasattr(event, "selection"):
        points = event.selection.points
    if not points:
        return
    x, y = float(points[0]["x"]), float(points[0]["y"])
    mode = st.session_state.get(state.key("click"), CLICK_PROBE)
    if mode == CLICK_PROBE:
        state.set(probe_x=round(float(np.clip(x, -6, 6)), 1), probe_y=round(float(np.clip(y, -6, 6)), 1))
    else:
        state.set(added=with_point(state.value("added"), x, y, int(mode)))


def click_bar(state: PageState, cfg: KnnConfig) -> None:
    """Above the plane: what a click does, and a button that removes the clicked-in points."""
    modes = click_modes(cfg.n_classes)
    if st.session_state.get(state.key("click")) not in modes:
        st.session_state[state.key("click")] = CLICK_PROBE
    left, right = st.columns([3.2, 1.2], vertical_alignment="bottom")
    left.radio(
        "A click on the plane", list(modes), format_func=modes.get, horizontal=True, key=state.key("click")
    )
    n_added = len(cfg.added) // 3
    right.button(
        f"Remove the {n_added} clicked point(s)",
        key=state.key("clear"),
        on_click=state.set,
        kwargs={"added": ()},
        disabled=n_added == 0,
        width="stretch",
    )


# --------------------------------------------------------------------------- cached figures

#: The settings the k-fold curve depends on (the query point, the test points' toggle... do not).
CURVE_FIELDS = (
    "dataset",
    "n_points",
    "noise",
    "train_percent",
    "seed",
    "added",
    "metric",
    "weights",
    "folds",
    "k_max",
)


@st.cache_resource(max_entries=64, show_spinner=False)
def _kfold_chart(curve_cfg: KnnConfig, k: int, folds: int) -> go.Figure:
    return kfold_figure(kfold(curve_cfg), k, folds)


def kfold_chart(cfg: KnnConfig, k: int, folds: int) -> go.Figure:
    """The k-fold figure, built once per curve and k (moving the query point reuses it; st.plotly_chart
    only reads a figure, so one object is shared)."""
    curve_cfg = dataclasses.replace(KnnConfig(), **{name: getattr(cfg, name) for name in CURVE_FIELDS})
    return _kfold_chart(curve_cfg, k, folds)


# --------------------------------------------------------------------------- "no training needed"


@st.cache_data(show_spinner=False, max_entries=8)
def _lazy_times(dataset: str, noise: int, seed: int, metric: str, k: int, run: int) -> knn.LazyTimes:
    queries = np.random.default_rng((seed, 2)).uniform(-6, 6, size=(LAZY_QUERIES, 2))

    def make(n: int):
        return datasets.generate_points(dataset, n, noise / 100, seed)

    return knn.fit_predict_times(make, LAZY_SIZES, queries, k, metric)


def lazy_section(state: PageState, cfg: KnnConfig) -> None:
    st.markdown(
        "kNN has **no training step**: `fit` only stores the points. All the work — a distance to every "
        f"stored point — happens at `predict`. Timed now on this server, predicting {LAZY_QUERIES:,} random "
        f"queries with k = {cfg.k} and the {knn.METRICS[cfg.metric]} distance as the training set grows (best of 3):"
    )
    run = st.session_state.get(state.key("lazy_run"), 0)
    t = _lazy_times(cfg.dataset, cfg.noise, cfg.seed, cfg.metric, cfg.k, run)
    st.plotly_chart(lazy_figure(t), key=state.key("lazy_chart"))
    ratio = t.predict_s[-1] / max(t.fit_s[-1], 1e-9)
    st.markdown(
        f"At n = {t.sizes[-1]:,}: fit **{t.fit_s[-1] * 1000:.2f} ms**, predict **{t.predict_s[-1] * 1000:.1f} ms** "
        f"({ratio:,.0f}× longer). Predict grows with n (n × {LAZY_QUERIES:,} distances); a neural network is the "
        "opposite: slow to train, fast to predict."
    )
    st.button(
        "Time again",
        key=state.key("lazy_again"),
        on_click=lambda: st.session_state.__setitem__(state.key("lazy_run"), run + 1),
    )


# --------------------------------------------------------------------------- loops vs vectorized


def timing_section(state: PageState, cfg: KnnConfig) -> None:
    """The slides' lesson timed live: run when the tab opens (or the sizes change) and on request."""
    st.markdown(
        "The slides (001) compute the distance of every test image to every training image: **~50 s with two "
        "Python loops, ~0.5 s fully vectorized**. Here on the bundled MNIST digits (784 pixels each), at sizes "
        "small enough to answer in about a second:"
    )
    c1, c2 = st.columns(2)
    state.widget("time_test", c1)
    state.widget("time_train", c2)
    store = state.key("timing")
    sizes = (cfg.time_test, cfg.time_train)
    again = st.button("Time it again", key=state.key("time_again"), icon=":material/timer:")
    result = st.session_state.get(store)
    if again or result is None or result[0] != sizes:
        with st.spinner(f"Timing {cfg.time_test} × {cfg.time_train} distances four ways..."):
            result = (sizes, knn_mnist.time_lesson(*sizes))
        st.session_state[store] = result
    t = result[1]
    st.plotly_chart(timing_figure(t), key=state.key("timing_chart"))
    st.markdown(
        f"**{t.n_test} test × {t.n_train} training digits × {t.dim} pixels** "
        f"({t.n_test * t.n_train:,} distances): two loops **{t.seconds['two loops']:.3f} s**, no loop "
        f"**{t.seconds['no loop (numpy)'] * 1000:.1f} ms**: a **{t.speedup():,.0f}× speed-up** (one loop: "
        f"{t.speedup('two loops', 'one loop'):,.0f}×; scikit-learn: {t.speedup('two loops', 'scikit-learn'):,.0f}×). "
        f"The four matrices agree to {max(t.max_diff.values()):.1e}."
    )
    st.latex(r"\lVert a-b\rVert^2 = \lVert a\rVert^2 + \lVert b\rVert^2 - 2\,a\cdot b")
    st.caption(
        "The trick: expand the square, and the cross term for all pairs at once is one matrix product "
        f"({t.n_test}×{t.dim} · {t.dim}×{t.n_train}), which numpy hands to optimised BLAS code. The loops pay "
        "Python's overhead once per pair."
    )


# --------------------------------------------------------------------------- MNIST


def mnist_section(state: PageState, cfg: KnnConfig, k: int) -> None:
    st.markdown(
        f"The same vote on the bundled MNIST digits ({knn.WEIGHTS[cfg.weights].split(' (')[0]} votes, as in the "
        "sidebar). k is chosen by **5-fold cross-validation on the 4,000 training digits** (solid), then the "
        "**1,000 test digits** (dashed) are scored once at that k (★)."
    )
    with st.spinner("Finding every digit's neighbours (once per server process: a few seconds)..."):
        curves = {m: knn_mnist.mnist_curve(m, cfg.weights) for m in knn_mnist.MNIST_METRICS}
    st.plotly_chart(mnist_figure(curves, knn.METRICS, k), key=state.key("mnist_chart"))
    lines = [
        f"- **{knn.METRICS[m]}**: best k = **{c.best_k}** (validation {c.cv.val_acc[c.best_k - 1]:.1%}), "
        f"test accuracy **{c.test_at_best:.1%}** on {c.n_test:,} digits."
        for m, c in curves.items()
    ]
    st.markdown("\n".join(lines))
    d = knn_mnist.digits()
    st.caption(
        f"Data: {d.describe()} Pixels scaled to [0, 1]; L1 (Manhattan) is left out here: on 784 pixels it takes "
        "about 15 s on this server."
    )


def data_caption(cfg: KnnConfig, data: KnnData) -> str:
    added = f" + {data.n_added} point(s) you clicked in" if data.n_added else ""
    return (
        f"Data: **{datasets.DATASET_LABELS[cfg.dataset]}**, generated on this server by the playground's seeded "
        f"generator (seed {cfg.seed}, noise {cfg.noise} %): {len(data.x_train) - data.n_added} training points"
        f"{added}, {len(data.x_test)} held-out test points. Nothing is downloaded."
    )
