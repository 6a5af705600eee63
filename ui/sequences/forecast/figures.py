"""Pure figure builders of the time-series page (one colour per network, everywhere)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from engine.sequences.forecast.data import Series

#: One colour per network on the whole page (live view, tables, figures).
COLORS: dict[str, str] = {"rnn": "#e8710a", "lstm": "#0877bd", "gru": "#2ca02c"}
TRUTH = "#1f2430"
FONT = {"size": 15, "color": "#1f2430"}


def series_figure(series: Series, window: int) -> go.Figure:
    """The whole series, its training part and validation range, and one window drawn in."""
    n, n_train = len(series), series.n_train
    x = list(series.dates) if series.dates else np.arange(n)
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(x=x[:n_train], y=series.values[:n_train], name="training part", line={"color": TRUTH})
    )
    fig.add_trace(
        go.Scatter(
            x=x[n_train - 1 :],
            y=series.values[n_train - 1 :],
            name="validation range (never trained on)",
            line={"color": TRUTH, "dash": "dot"},
        )
    )
    lo = n_train - window
    fig.add_vrect(
        x0=x[lo],
        x1=x[n_train - 1],
        fillcolor="#f59322",
        opacity=0.15,
        line_width=0,
        annotation_text=f"the last window ({window} values) seeds the forecast",
        annotation_position="top left",
        annotation_font=FONT,
    )
    fig.update_layout(
        height=360,
        margin={"l": 60, "r": 20, "t": 40, "b": 50},
        legend={"orientation": "h", "y": -0.2},
        xaxis_title="date (weekly)" if series.dates else "time step t",
        yaxis_title=series.unit,
        plot_bgcolor="white",
    )
    fig.update_xaxes(showgrid=True, gridcolor="#e4e7eb")
    fig.update_yaxes(showgrid=True, gridcolor="#e4e7eb")
    return fig


def series_frame(series: Series) -> pd.DataFrame:
    """The series as a table (for the Data tab and its CSV download)."""
    part = np.where(np.arange(len(series)) < series.n_train, "train", "validation")
    first = {"date": list(series.dates)} if series.dates else {"t": np.arange(len(series))}
    return pd.DataFrame({**first, "value": series.values, "part": part})
