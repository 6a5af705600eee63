"""Linear regression page, section 1: the data (bundled, generated or an uploaded CSV)."""

from __future__ import annotations

import html

import streamlit as st

from engine.basics import data
from engine.basics.config import GENERATED
from engine.basics.csv_data import MAX_BYTES, CsvError, pick_xy, read_csv
from engine.basics.data import Dataset1D
from ui.url_state import PageState


def dataset_for(state: PageState, key: str) -> Dataset1D | None:
    """The bundled or generated data set ``key`` with the widgets' seed, size and noise (None: CSV)."""
    if key == "house":
        return data.house_prices()
    if key == "house8":
        return data.house_prices_003()
    seed, n = int(state.value("seed")), int(state.value("n"))
    if key == "balloon":
        return data.balloons(seed, n=n)
    if key == "line":
        return data.line_data(seed, n=n, noise=float(state.value("noise")))
    return None


def data_controls(state: PageState) -> str:
    """The data set, noise, points and seed widgets; returns the chosen data set's key."""
    c1, c2, c3, c4 = st.columns([2.4, 1.2, 1.2, 1.2])
    state.widget("data", c1)
    kind = state.value("data")
    c2.slider("Noise (std)", 0.0, 20.0, step=0.5, key=state.key("noise"), disabled=kind != "line")
    c3.slider("Points", 5, 500, step=5, key=state.key("n"), disabled=kind not in GENERATED)
    c4.number_input("Seed", 0, 2**31 - 1, step=1, key=state.key("seed"), disabled=kind not in GENERATED)
    return kind


def csv_dataset(state: PageState) -> tuple[Dataset1D | None, tuple[str, str, str] | None]:
    """The uploader and column pickers: the chosen columns as data, and (file, x, y) for the code tab."""
    upload = st.file_uploader(
        "CSV file (a header row, at least two numeric columns, up to 5 MB)",
        type=["csv", "txt"],
        key=state.key("upload"),
        max_upload_size=MAX_BYTES // (1024 * 1024),
    )
    if upload is None:
        st.info("Upload a CSV to fit a line to your own data; meanwhile the page waits here.")
        return None, None
    try:
        table = read_csv(upload.getvalue(), upload.name)
    except CsvError as err:
        st.error(str(err), icon=":material/error:")
        return None, None
    for note in table.notes:
        st.warning(note)
    cols = list(table.numeric_columns)
    left, right = st.columns(2)
    x_col = left.selectbox("x column", cols, index=0, key=state.key("xcol"))
    y_col = right.selectbox("y column", cols, index=min(1, len(cols) - 1), key=state.key("ycol"))
    try:
        x, y, note = pick_xy(table, x_col, y_col)
    except CsvError as err:
        st.error(str(err), icon=":material/error:")
        return None, None
    if note:
        st.warning(note)
    # names from a file end up in chart titles: escape them so they stay plain text
    ds = Dataset1D(
        x, y, html.escape(x_col), html.escape(y_col), f"your upload {upload.name!r} ({len(x)} rows)"
    )
    return ds, (upload.name, x_col, y_col)
