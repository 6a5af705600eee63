"""Logistic regression page, section 2: why not linear regression for classes (the tumor sizes)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from engine.basics import data
from engine.basics.logistic_fit import TumorFits, tumor_fits
from ui.basics.logistic_intro import CLASS_COLORS, LAYOUT
from ui.url_state import PageState

LINE_COLOR, LOGISTIC_COLOR = "#f28e2b", "#6a3d9a"


def _cut_lines(fig: go.Figure, fits: TumorFits) -> None:
    fig.add_hline(y=0.5, line_dash="dot", line_color="#999")
    for cut, color, name, where in (
        (fits.linear_cut, LINE_COLOR, "linear", "top left"),
        (fits.logistic_cut, LOGISTIC_COLOR, "logistic", "bottom right"),
    ):
        fig.add_vline(
            x=cut,
            line_color=color,
            line_dash="dash",
            annotation_text=f"{name} cut {cut:.2f}",
            annotation_position=where,
        )


@st.cache_data(max_entries=2)
def tumor_figure(big_tumor: bool) -> go.Figure:
    """The tumors, the least-squares line, the logistic curve and where each crosses 0.5."""
    fits = tumor_fits(big_tumor)
    grid = np.linspace(0, max(fits.x.max(), 8.0) + 1, 400)
    fig = go.Figure()
    for label, color, name in ((0, CLASS_COLORS[1], "benign (0)"), (1, CLASS_COLORS[0], "malignant (1)")):
        m = fits.y == label
        marker = {"size": 13, "color": color, "symbol": "circle" if label == 0 else "x"}
        fig.add_trace(go.Scatter(x=fits.x[m], y=fits.y[m], mode="markers", name=name, marker=marker))
    fig.add_trace(
        go.Scatter(
            x=grid,
            y=fits.line(grid),
            mode="lines",
            name="linear regression",
            line={"color": LINE_COLOR, "width": 3},
        )
    )
    fig.add_trace(
        go.Scatter(
            x=grid,
            y=fits.proba(grid),
            mode="lines",
            name="logistic regression σ(wx + b)",
            line={"color": LOGISTIC_COLOR, "width": 3},
        )
    )
    _cut_lines(fig, fits)
    fig.update_layout(
        height=380,
        xaxis_title="tumor size (cm)",
        yaxis_title="malignant?",
        yaxis_range=[-0.3, 1.3],
        legend={"orientation": "h", "y": -0.25},
        **LAYOUT,
    )
    return fig


def _query_truth() -> np.ndarray:
    """The slide's label of each queried tumor size (1: malignant)."""
    return np.array(
        [data.TUMOR_MALIGNANT[np.isclose(data.TUMOR_SIZE, q)][0] for q in data.TUMOR_QUERY], dtype=int
    )


def tumor_table(fits: TumorFits) -> pd.DataFrame:
    q = np.array(data.TUMOR_QUERY)
    lin, prob = fits.line(q), fits.proba(q)
    truth = _query_truth()
    return pd.DataFrame(
        {
            "tumor size": q,
            "truth": np.where(truth == 1, "malignant", "benign"),
            "linear ŷ": np.round(lin, 2),
            "linear says": np.where(lin >= 0.5, "malignant", "benign"),
            "logistic p": np.round(prob, 2),
            "logistic says": np.where(prob >= 0.5, "malignant", "benign"),
        }
    )


def tumor_section(state: PageState) -> None:
    """The toggle, the figure, the four tumors' verdicts and what the toggle changed."""
    big = bool(state.widget("big_tumor"))
    fits = tumor_fits(big)
    left, right = st.columns([1.6, 1])
    with left:
        st.plotly_chart(tumor_figure(big), key=state.key("tumor"))
    with right:
        st.table(tumor_table(fits), hide_index=True)
        q = np.array(data.TUMOR_QUERY)
        missed = q[(_query_truth() == 1) & (fits.line(q) < 0.5)]
        if big and len(missed):
            sizes = " and ".join(f"{v:g}" for v in missed)
            kept = bool(np.all(fits.proba(missed) >= 0.5))
            st.error(
                f"The line's 0.5 cut moved to {fits.linear_cut:.2f} cm: the {sizes} cm malignant "
                f"tumors are now called benign. The logistic cut is at {fits.logistic_cut:.2f} cm and "
                + ("still separates them." if kept else "misses them too.")
            )
        else:
            st.info(
                f"Here the line works: ŷ ≥ 0.5 from {fits.linear_cut:.2f} cm on (the slide's table). "
                "Now add the large tumor above."
            )
        st.caption("Line: numpy least squares. Logistic: scikit-learn's LogisticRegression (default L2).")
