"""Linear regression page, section 2: fit the line by hand (sliders, residuals, the MSE written out)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from engine.basics import linear
from engine.basics.data import Dataset1D
from ui.basics.common import f3
from ui.numbers import signed
from ui.url_state import LINK_PROBLEM, PageState

COLORS = {"data": "#0877bd", "line": "#f28e2b", "best": "#1f9d55", "resid": "#d1342f"}


def slider_range(center: float, scale: float) -> tuple[float, float, float]:
    """(low, high, step) of a slider around ``center``, wide enough for ``scale``."""
    half = 3.0 * max(abs(center), scale, 1e-6)
    step = float(f"{half / 150:.1g}")
    lo = float(np.floor((center - half) / step) * step)
    hi = float(np.ceil((center + half) / step) * step)
    return lo, hi, step


def _from_link(state: PageState, name: str, value: float) -> bool:
    """Whether ``value`` of field ``name`` is what the address bar's link says."""
    raw = st.query_params.get(state.cls.field_info(name).key)
    try:
        return raw is not None and float(raw) == value
    except ValueError:
        return False


def _clamped_slider(state: PageState, name: str, bounds: tuple[float, float, float]) -> float:
    """A slider over this data's range; a value outside it is moved in (and a link's is reported)."""
    lo, hi, step = bounds
    value = float(state.value(name))
    clamped = float(min(max(value, lo), hi))
    if clamped != value:
        state.set(**{name: clamped})
        if _from_link(state, name, value):
            key = state.cls.field_info(name).key
            problem = f"{key}={value:g}: outside this data's slider range ({lo:g} to {hi:g}), so {clamped:g} is used"
            st.warning(LINK_PROBLEM.format(problem=problem), icon=":material/link_off:")
    label = state.cls.field_info(name).spec.label
    return st.slider(label, lo, hi, step=step, key=state.key(name), format="%.4g")


def _residuals(x: np.ndarray, y: np.ndarray, pred: np.ndarray) -> tuple[list, list]:
    rx: list = []
    ry: list = []
    for xi, yi, pi in zip(x, y, pred, strict=True):
        rx += [xi, xi, None]
        ry += [yi, pi, None]
    return rx, ry


def manual_figure(ds: Dataset1D, w: float, b: float, best: tuple[float, float]) -> go.Figure:
    """Data, the hand-set line with its residuals, and the best line (dashed)."""
    x, y = ds.x, ds.y
    span = np.ptp(x) or 1.0
    grid = np.array([x.min() - 0.05 * span, x.max() + 0.05 * span])
    rx, ry = _residuals(x, y, w * x + b)
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=rx, y=ry, mode="lines", name="residual y − ŷ", line={"color": COLORS["resid"], "width": 2}
        )
    )
    fig.add_trace(
        go.Scatter(
            x=grid,
            y=best[0] * grid + best[1],
            mode="lines",
            name="best line (normal equation)",
            line={"color": COLORS["best"], "dash": "dash"},
        )
    )
    fig.add_trace(
        go.Scatter(
            x=grid,
            y=w * grid + b,
            mode="lines",
            name=f"your line ŷ = {f3(w)}·x{signed(b, f3)}",
            line={"color": COLORS["line"], "width": 3},
        )
    )
    fig.add_trace(
        go.Scatter(x=x, y=y, mode="markers", name="data", marker={"size": 10, "color": COLORS["data"]})
    )
    y_all = np.concatenate([y, best[0] * grid + best[1], w * grid + b])
    pad = 0.15 * (np.ptp(y_all) or 1.0)
    fig.update_yaxes(range=[float(y_all.min() - pad), float(y_all.max() + pad)], title_text=ds.y_name)
    fig.update_xaxes(title_text=ds.x_name)
    fig.update_layout(
        height=420,
        margin={"l": 60, "r": 20, "t": 20, "b": 50},
        legend={"orientation": "h", "y": -0.2},
    )
    return fig


def mse_latex(ds: Dataset1D, w: float, b: float, max_terms: int = 4) -> str:
    """MSE = (1/n)[(y₁ − ŷ₁)² + …] = value, written with the first residuals."""
    r = ds.y - (w * ds.x + b)
    n = len(r)
    terms = " + ".join(f"({f3(v)})^2" for v in r[:max_terms]).replace("−", "-")
    more = r" + \dots" if n > max_terms else ""
    value = f3(float(np.mean(r**2))).replace("−", "-")
    return rf"\text{{MSE}} = \frac{{1}}{{{n}}}\left[{terms}{more}\right] = {value}"


def _recentre_for_new_data(state: PageState, ds: Dataset1D, data_id: str) -> None:
    """A hand line drawn for other data starts flat through this data's mean: after a new data
    set, an upload or other columns (unless the same action also set w and b, like the slides'
    lines or a preset), and on a link that opens other data than the default houses without its
    own ``w``/``b`` (the defaults 0.1 and 60 are the houses' line)."""
    w, b = float(state.value("w")), float(state.value("b"))
    before = st.session_state.get(state.key("hand_data"))  # (data_id, w, b) of the last run
    if before is None:
        link_line = _from_link(state, "w", w) or _from_link(state, "b", b)
        if link_line or data_id == state.cls().data:
            return
    elif before[0] == data_id or (w, b) != (before[1], before[2]):
        return
    state.set(w=0.0, b=float(np.round(np.mean(ds.y), 2)))


def hand_fit(state: PageState, ds: Dataset1D, best: tuple[float, float], data_id: str) -> None:
    """The w and b sliders, the learner's MSE against the best, the figure and the formula.

    ``data_id`` names the data (its key, or the upload and its columns): when it changes, the
    hand line is re-centred on the new data."""
    _recentre_for_new_data(state, ds, data_id)
    slope_scale = (np.std(ds.y) / (np.std(ds.x) or 1.0)) or 1.0
    w_bounds = slider_range(best[0], slope_scale)
    b_bounds = slider_range(best[1], float(np.std(ds.y)) + abs(best[0]) * float(np.abs(ds.x).max()))
    left, right = st.columns([1, 2.2])
    with left:
        w_hand = float(_clamped_slider(state, "w", w_bounds))
        b_hand = float(_clamped_slider(state, "b", b_bounds))
        mse_hand = linear.mse(ds.x, ds.y, np.array([w_hand]), b_hand)
        mse_best = linear.mse(ds.x, ds.y, np.array([best[0]]), best[1])
        st.metric(
            "Your MSE", f3(mse_hand), delta=f"{f3(mse_hand - mse_best)} above the best", delta_color="inverse"
        )
        st.caption(
            f"Best possible (normal equation): w = {f3(best[0])}, b = {f3(best[1])}, MSE = {f3(mse_best)}"
        )
        st.button(
            "Snap to the best line",
            key=state.key("snap"),
            on_click=state.set,
            kwargs={"w": float(np.clip(best[0], *w_bounds[:2])), "b": float(np.clip(best[1], *b_bounds[:2]))},
        )
    with right:
        st.plotly_chart(manual_figure(ds, w_hand, b_hand, best), key=state.key("manual_fig"))
    st.latex(mse_latex(ds, w_hand, b_hand))
    st.session_state[state.key("hand_data")] = (data_id, w_hand, b_hand)
