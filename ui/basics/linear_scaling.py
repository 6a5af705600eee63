"""Linear regression page, section 4: several features, and why feature scaling matters."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from engine.basics import data
from engine.basics.linear import ScalingReport
from engine.basics.linear_fit import ScalingSlice, scaling_reports, scaling_slice
from engine.basics.scaling import SCALINGS
from ui.basics.linear_hand import COLORS
from ui.url_state import PageState


def scaling_figure(cut: ScalingSlice) -> go.Figure:
    """Loss contours over the area and age weights (others at their best) with a GD path."""
    fig = go.Figure()
    fig.add_trace(
        go.Contour(
            x=cut.wi,
            y=cut.wj,
            z=np.log10(cut.loss),
            colorscale="Blues",
            reversescale=True,
            ncontours=30,
            showscale=False,
            hovertemplate="w_area %{x:.4g}<br>w_age %{y:.4g}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=cut.path[:, 0],
            y=cut.path[:, 1],
            mode="lines+markers",
            name=f"gradient descent, {len(cut.path) - 1} steps",
            line={"color": COLORS["line"], "width": 2},
            marker={"size": 5},
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[cut.best[0]],
            y=[cut.best[1]],
            mode="markers",
            name="minimum",
            marker={"symbol": "star", "size": 18, "color": COLORS["best"]},
        )
    )
    first, second = cut.names
    fig.update_xaxes(title_text=f"weight of {first}", range=[cut.wi[0], cut.wi[-1]], constrain="domain")
    fig.update_yaxes(
        title_text=f"weight of {second}", range=[cut.wj[0], cut.wj[-1]], scaleanchor="x", scaleratio=1
    )
    fig.update_layout(
        height=520,
        margin={"l": 60, "r": 20, "t": 20, "b": 50},
        legend={"orientation": "h", "y": -0.15},
    )
    return fig


@st.cache_data(max_entries=16)
def _cached_figure(seed: int, kind: str, lr: float) -> go.Figure:
    return scaling_figure(scaling_slice(seed, kind, lr))


def scaling_rows(reports: tuple[ScalingReport, ...]) -> list[dict[str, str]]:
    return [
        {
            "scaling": SCALINGS[r.kind],
            "condition number (λmax/λmin)": f"{r.condition:,.0f}",
            "learning rate used (1/λmax)": f"{r.lr:.3g}",
            "updates to converge": f"{r.steps:,}" if r.steps else f"not within {r.max_steps:,}",
        }
        for r in reports
    ]


def scaling_section(state: PageState, seed: int, kind: str) -> None:
    """The scaling radio, the steps-to-converge table and the contours of the chosen scaling."""
    mv = data.house_multivariate(seed)
    st.caption(
        f"Data: **{mv.source}**, 100 houses: area 22-300 m², 1-5 bedrooms, age 1-115 years → price. "
        "Same model ŷ = w₁·area + w₂·bedrooms + w₃·age + b."
    )
    left, right = st.columns([1, 1.6])
    with left:
        state.widget("mv_scaling")
        reports = scaling_reports(seed)
        st.table(pd.DataFrame(scaling_rows(reports)), hide_index=True)
        chosen = next(r for r in reports if r.kind == kind)
        st.markdown(
            "Each row runs batch gradient descent from zero with the largest safe learning rate "
            "(1/λmax of the loss's curvature) until the loss is within 0.1 % of the best. "
            "The **condition number** is how much more curved the steepest direction is than the "
            "flattest one: the contours' elongation, squared."
        )
        if chosen.kind == "none":
            st.warning(
                "Raw units: the area (hundreds) and the bias (1) live on very different scales, so the "
                "bowl is a long thin valley; a safe step for its steep side crawls along its floor."
            )
        else:
            st.success(
                f"{SCALINGS[chosen.kind]}: the contours are much rounder, so the steps head to the minimum."
            )
    with right:
        st.plotly_chart(_cached_figure(seed, kind, chosen.lr), key=state.key("mv_fig"))
        st.caption(
            "Loss over the area and age weights (bedrooms weight and bias held at their best), equal axis scales."
        )
