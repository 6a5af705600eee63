"""k-nearest neighbours: the plane coloured by the vote, k chosen by k-fold, the distance lesson timed live."""

from __future__ import annotations

import streamlit as st

from engine.classical import knn
from engine.classical.knn_code import distance_code, sklearn_code
from engine.classical.knn_config import (
    PRESETS,
    KnnConfig,
    accuracies,
    curve_kmax,
    effective_folds,
    effective_k,
    kfold,
    make_data,
    plane_vote,
    probe_vote,
)
from ui.classical.knn_explain import distance_latex, exact_hit, vote_latex
from ui.classical.knn_figures import plane_figure
from ui.classical.knn_sections import (
    click_bar,
    data_caption,
    kfold_chart,
    lazy_section,
    mnist_section,
    picked,
    sidebar,
    timing_section,
)
from ui.page_kit import preset_rows, share_tab
from ui.url_state import PageState

STATE = PageState(__file__, KnnConfig)
PLANE = STATE.key("plane")
TABS = ["Choosing k (k-fold)", "No training needed", "Loops vs vectorized", "MNIST digits", "Code", "Share"]


def _limits(cfg: KnnConfig, data) -> tuple[int, int]:
    """k and the folds the data allow, with a message when the settings ask for more."""
    k, folds, n = effective_k(cfg, data), effective_folds(cfg, data), len(data.x_train)
    if k < cfg.k:
        st.warning(
            f"k = {cfg.k} is more than the {n} training points: using k = {k}, so every point votes "
            "everywhere (more points, or a smaller k, make the vote local again).",
            icon=":material/warning:",
        )
    if folds < cfg.folds:
        st.warning(f"{cfg.folds} folds need at least {cfg.folds} training points: using {folds}.")
    if len(set(data.y_train.tolist())) < data.n_classes:
        st.info("Some class has no training point at all: the vote can never pick it. Add points or raise n.")
    return k, folds


def _vote_panel(cfg: KnnConfig, data, k: int):
    p = probe_vote(cfg)
    nearest = data.x_train[p.idx[0]]
    st.latex(distance_latex(cfg.metric, p.point, nearest, float(p.dist[0])))
    st.latex(vote_latex(p, cfg.weights, k))
    if cfg.metric == "cosine" and p.point == (0.0, 0.0):
        st.info("Cosine distance has no angle at the origin: every point is at distance 1 from it.")
    elif exact_hit(p) and cfg.weights == "distance":
        st.info("The query sits on a training point (d = 0): with distance votes that point alone decides.")
    return p


def _kfold_tab(cfg: KnnConfig, data, curve, k: int, folds: int) -> None:
    best = curve.best_k
    st.markdown(
        f"The {len(data.x_train)} training points are cut into **{folds} folds** (shuffled with seed {cfg.seed}); "
        f"each fold in turn is held out while the others vote. Mean validation accuracy is best at "
        f"**k = {best}** ({curve.val_acc[best - 1]:.1%}); training accuracy at k = 1 is "
        f"{curve.train_acc[0]:.0%}: each point is its own nearest neighbour."
    )
    left, right = st.columns([3, 1], vertical_alignment="center")
    right.button(
        f"Use it: k = {best}",
        key=STATE.key("use_best"),
        on_click=STATE.set,
        kwargs={"k": best},
        disabled=best == cfg.k,
        type="primary",
        width="stretch",
    )
    left.latex(
        rf"\text{{CV}}(k) = \frac{{1}}{{{folds}}}\sum_{{f=1}}^{{{folds}}} \text{{acc}}_f(k),"
        rf"\qquad \text{{CV}}({k}) = {curve.val_acc[min(k, len(curve.ks)) - 1]:.3f}"
        if k <= len(curve.ks)
        else rf"\text{{CV}}(k) = \frac{{1}}{{{folds}}}\sum_{{f=1}}^{{{folds}}} \text{{acc}}_f(k)"
    )
    st.plotly_chart(kfold_chart(cfg, k, folds), key=STATE.key("kfold_chart"))
    st.caption(
        "The test points stay out of this: they are scored once, at the chosen k (the metric above the plane). "
        "Checked against scikit-learn's cross_validate with the same KFold split."
    )


st.title("k-nearest neighbours")
STATE.open()
sidebar(STATE)
cfg = STATE.config()
STATE.remember(cfg)
data = make_data(cfg)
st.caption(data_caption(cfg, data))
k, folds = _limits(cfg, data)

with st.expander("What to try: five lessons, one click each", expanded=False, icon=":material/lightbulb:"):
    preset_rows(STATE, PRESETS, widths=(1.2, 3.4))

train_acc, test_acc = accuracies(cfg)
curve = kfold(cfg)
m1, m2, m3, m4 = st.columns(4)
m1.metric("k", k)
m2.metric("Training accuracy", f"{train_acc:.1%}")
m3.metric("Test accuracy", f"{test_acc:.1%}", help=f"{len(data.x_test)} held-out points")
m4.metric(f"Best k by {folds}-fold", curve.best_k)

click_bar(STATE, cfg)
probe = _vote_panel(cfg, data, k)
axis, pred, share = plane_vote(cfg)
st.plotly_chart(
    plane_figure(
        axis, pred, share, data, probe, show_test=cfg.show_test, metric_label=knn.METRICS[cfg.metric], k=k
    ),
    key=PLANE,
    on_select=lambda: picked(STATE, PLANE),
    selection_mode="points",
    config={"displayModeBar": False},
)
STATE.widget("show_test")
st.caption(
    "Each cell of the plane is coloured by the class that wins its vote, stronger where the vote is "
    "unanimous, lighter where it is split. Circled: the query's k neighbours."
)

tabs = st.tabs(TABS, key=STATE.key("tab"), on_change="rerun")
with tabs[0]:
    _kfold_tab(cfg, data, curve, k, folds)
with tabs[1]:
    if tabs[1].open:
        lazy_section(STATE, cfg)
with tabs[2]:
    if tabs[2].open:
        timing_section(STATE, cfg)
with tabs[3]:
    if tabs[3].open:
        mnist_section(STATE, cfg, k)
with tabs[4]:
    st.markdown("This page's experiment in scikit-learn (the page's numpy vote equals it, tested):")
    st.code(sklearn_code(cfg, folds, curve_kmax(cfg, data)), language="python")
    st.markdown("The slides' distance matrix three ways, timed (the **Loops vs vectorized** tab):")
    st.code(distance_code(cfg.time_test, cfg.time_train), language="python")
with tabs[5]:
    share_tab(
        STATE,
        cfg,
        "This link opens the same data (set, size, noise, seed and the points you clicked in), the same k, "
        "distance and votes, the same query point and the same k-fold settings.",
    )
