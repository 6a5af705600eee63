"""Linear regression page: the slides' four guessed lines, their printed costs and ours on the same table."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from engine.basics import data, linear
from engine.basics.linear_fit import CandidateLine, candidate_lines, slides_cost_scale
from ui.basics.common import f3
from ui.url_state import PageState


def candidate_table(lines: tuple[CandidateLine, ...]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "line ŷ = w₁x + w₀": [f"w₁ = {c.w:g}, w₀ = {c.b:g}" for c in lines],
            "slides' cost": [f"{c.slides_cost:.3f}" for c in lines],
            "J = ½·MSE here (the slides' cost)": [f"{c.half_mse:.3f}" for c in lines],
            "MSE here": [f"{c.mse:.3f}" for c in lines],
        }
    )


def explanation(lines: tuple[CandidateLine, ...], scale: float) -> str:
    """Why our numbers differ from the slides', with the numbers computed here."""
    ds = data.house_prices_003()
    w, b = linear.normal_equation(ds.x, ds.y)
    best = linear.mse(ds.x, ds.y, w, b) / 2
    gaps = [abs(c.half_mse - c.slides_cost) for c in lines]
    close, far = int(np.argmin(gaps)), int(np.argmax(gaps))
    both_fall = all(np.diff([c.half_mse for c in lines]) < 0) and all(
        np.diff([c.slides_cost for c in lines]) < 0
    )
    return (
        "The slides' cost is the *halved* mean, J = (1/2m) Σ (ŷ − y)². On the slides' own eight houses "
        f"it gives {lines[close].half_mse:.3f} for the line the slides score {lines[close].slides_cost:g}, "
        f"but {lines[far].half_mse:.3f} where they print {lines[far].slides_cost:g}. "
        "No other prices for these sizes would give the slides' four numbers: solved from the four "
        f"lines, a cost c·MSE that matched them all needs c = {f3(round(scale, 2))}, a negative weight on squared "
        "errors. So the slides' costs were computed on data other than the table they show. "
        + (
            "The lesson is the same with either set of numbers: each guess costs less than the one "
            f"before, and the best line, w₁ = {f3(float(w[0]))}, w₀ = {f3(b)} (normal equation), "
            f"costs J = {f3(best)}, less than all four."
            if both_fall
            else ""
        )
    )


def candidate_lines_section(state: PageState) -> None:
    """The table, the explanation and a button per line that puts it on the hand-fit sliders."""
    lines = candidate_lines()
    with st.expander("The slides' four guessed lines (slides 003), with their costs recomputed"):
        st.markdown(
            "Slides 003 guess four lines for their eight houses (size → price) and print a cost "
            "for each. Here they are next to this page's numbers on the same eight houses "
            "(the data set *House prices (slides 003)*)."
        )
        st.table(candidate_table(lines), hide_index=True)
        st.markdown(explanation(lines, slides_cost_scale()))
        for col, (i, line) in zip(st.columns(len(lines)), enumerate(lines), strict=True):
            col.button(
                f"Try w₁ = {line.w:g}, w₀ = {line.b:g}",
                key=state.key(f"candidate_{i}"),
                on_click=state.set,
                kwargs={"data": "house8", "w": line.w, "b": line.b},
                width="stretch",
            )
