"""k-means step by step (assign, update), choosing k, and Gaussian mixtures beside it."""

from __future__ import annotations

import dataclasses
import functools

import streamlit as st

from engine.classical.kmeans import KMeansConfig, data_problem
from engine.classical.kmeans_code import numpy_code, sklearn_code
from engine.classical.kmeans_presets import KMEANS_PRESETS
from ui.classical.kmeans_figures import inertia_figure, step_figure
from ui.classical.kmeans_view import (
    choosing_k_tab,
    data_caption,
    formula,
    how_tab,
    mixture_for,
    mixture_tab,
    place_centroid,
    points,
    scan_for,
    sidebar,
    sklearn_check,
    step_bar,
    step_message,
    trace_for,
)
from ui.page_kit import preset_rows, share_tab
from ui.url_state import PageState

STATE = PageState(__file__, KMeansConfig)
SHARE = (
    "This link opens exactly this experiment: the same data (seed), k, start (init seed or your clicked "
    "centroids), empty-cluster rule and step."
)


def _chart(cfg: KMeansConfig, x, view, init) -> None:
    """The step chart; in click mode a click places (or moves) a centroid."""
    clickable = cfg.init == "click"
    fig = step_figure(x, view, placed=cfg.placed_points[: cfg.k], clickable=clickable)
    if not clickable:
        st.plotly_chart(fig, config={"displayModeBar": False})
        return
    key = STATE.key(f"pick_{abs(hash(cfg.placed)) % 10**8}")  # a new chart (no old selection) per placement
    st.plotly_chart(
        fig,
        key=key,
        on_select=functools.partial(place_centroid, STATE, key, cfg.k),
        selection_mode="points",
        config={"displayModeBar": False},
    )


def _share_and_stop(cfg: KMeansConfig) -> None:
    with st.expander("Share"):
        share_tab(STATE, cfg, SHARE)
    st.stop()


st.title("k-means and clustering")
STATE.open()
sidebar(STATE)
cfg = STATE.config()
x, y = points(cfg)
st.caption(data_caption(cfg))
with st.expander(
    "What to try: a bad start, an empty cluster, stretched blobs, moons, choosing k",
    icon=":material/lightbulb:",
):
    preset_rows(STATE, KMEANS_PRESETS)

why = data_problem(cfg, x)
if why:
    STATE.remember(cfg)
    st.error(why, icon=":material/block:")
    _share_and_stop(cfg)

trace, init = trace_for(cfg)
if trace is None:
    STATE.remember(cfg)
    missing = cfg.k - len(cfg.placed_points)
    st.info(
        f"Click on the chart to place the centroids: {missing} more to go (k = {cfg.k}). Once all are "
        "placed, a click moves the nearest one there.",
        icon=":material/ads_click:",
    )
    _chart(cfg, x, None, None)
    _share_and_stop(cfg)

step_bar(STATE, trace.n_steps)
cfg = dataclasses.replace(cfg, step=int(STATE.value("step")))
STATE.remember(cfg)
view = trace.at(cfg.step)
kind, text = step_message(view, trace)
getattr(st, kind)(text)

scan = scan_for(cfg)
reference = float(scan.inertias[cfg.k - 1]) if cfg.k <= len(scan.ks) else None
value = trace.inertia_at(cfg.step)
left, right = st.columns([3, 2])
with left:
    _chart(cfg, x, view, init)
with right:
    st.plotly_chart(inertia_figure(trace, cfg.step, reference), config={"displayModeBar": False})
    a, b = st.columns(2)
    a.metric("Inertia now", "–" if value is None else f"{value:.1f}")
    b.metric("Final inertia", f"{trace.final_inertia:.1f}", f"{trace.n_iter} iterations", delta_color="off")
    if cfg.init == "click":
        st.caption("Click mode: a click on the chart moves the nearest centroid there (back to step 0).")

st.latex(formula(view, x, value))

k_tab, gmm_tab, how, code_tab, link_tab = st.tabs(
    ["Choosing k", "k-means vs Gaussian mixture", "How it works", "Code", "Share"]
)
with k_tab:
    choosing_k_tab(cfg, x, scan, trace.final_labels)
with gmm_tab:
    mixture_tab(cfg, mixture_for(cfg))
with how:
    how_tab(cfg, trace, sklearn_check(cfg))
with code_tab:
    st.markdown(
        "Lloyd's loop in numpy from this page's start, checked against scikit-learn (copy it into a notebook):"
    )
    st.code(numpy_code(cfg, init), language="python")
    st.markdown("Choosing k and the Gaussian mixture with scikit-learn:")
    st.code(sklearn_code(cfg), language="python")
with link_tab:
    share_tab(STATE, cfg, SHARE)
