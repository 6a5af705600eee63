"""Pure plotly figure builders of the recurrent-cell page (data in, ``go.Figure`` out).

Built as plain dicts in one ``go.Figure(data, layout)`` call (no make_subplots): a step change
must stay cheap. Colours: a line's colour is its cell (SimpleRNN, LSTM, GRU); in the heatmaps
blue-white-red is a value from -1 to 1 (states, candidates, inputs) and white-to-green a gate
from 0 to 1.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from engine.sequences.cell.analysis import CellRun
from engine.sequences.cell.cells import Trace
from engine.sequences.cell.config import CELLS

CELL_COLORS = {"rnn": "#1f77b4", "lstm": "#d62728", "gru": "#2ca02c"}
DIVERGING = [[0.0, "#2166ac"], [0.5, "#f7f7f7"], [1.0, "#b2182b"]]
GATE = [[0.0, "#ffffff"], [1.0, "#1b7837"]]
#: Rows of the step heatmap per cell: (label, trace key, is a gate in [0, 1]).
ROWS = {
    "rnn": (("hidden state h_t", "h", False),),
    "lstm": (
        ("forget gate f_t", "f", True),
        ("input gate i_t", "i", True),
        ("candidate c̃_t", "g", False),
        ("output gate o_t", "o", True),
        ("cell state c_t", "c", False),
        ("hidden state h_t", "h", False),
    ),
    "gru": (
        ("update gate z_t", "z", True),
        ("reset gate r_t", "r", True),
        ("candidate n_t", "n", False),
        ("hidden state h_t", "h", False),
    ),
}
#: Numbers are printed in the cells up to this many steps.
TEXT_STEPS = 24


def row_values(trace: Trace, key: str) -> np.ndarray:
    """``(T, H)`` values of a heatmap row: a state (steps 1..T) or a per-step part."""
    if key == "h":
        return trace.h[1:]
    if key == "c":
        return trace.c[1:]
    return trace.parts[key]


def _heat(values: np.ndarray, gate: bool, axis: int, show_text: bool, label: str) -> dict:
    n_steps, units = values.shape
    z = values.T
    span = 1.0 if gate else max(1.0, float(np.max(np.abs(z))) if z.size else 1.0)
    trace = {
        "type": "heatmap",
        "z": z,
        "x": np.arange(1, n_steps + 1),
        "y": [f"{j + 1}" for j in range(units)],
        "colorscale": GATE if gate else DIVERGING,
        "zmin": 0.0 if gate else -span,
        "zmax": 1.0 if gate else span,
        "showscale": False,
        "xgap": 1,
        "ygap": 1,
        "xaxis": "x",
        "yaxis": f"y{axis}" if axis > 1 else "y",
        "hovertemplate": f"{label}<br>t = %{{x}}, unit %{{y}}: %{{z:.4f}}<extra></extra>",
    }
    if show_text:
        trace["text"] = np.round(z, 2)
        trace["texttemplate"] = "%{text:.2f}"
        trace["textfont"] = {"size": 14 if n_steps <= 14 else 11}  # 11: a dense matrix, hover reads it
    return trace


def steps_figure(trace: Trace, step: int) -> go.Figure:
    """The unrolled cell: the input x_t on top, then one heatmap per gate/state (units x time);
    the selected step's column is framed."""
    kind, n_steps = trace.weights.kind, trace.n_steps
    rows = ROWS[kind]
    units = trace.weights.units
    show_text = n_steps <= TEXT_STEPS
    bar_px, row_px, gap_px = 110, 30 * units + 12, 36
    heights = [bar_px] + [row_px] * len(rows)
    plot_px = sum(heights) + gap_px * len(rows)
    data: list[dict] = []
    layout: dict = {}
    annotations = []
    top = 1.0
    for r, h in enumerate(heights):
        bottom = max(0.0, top - h / plot_px)
        axis = r + 1
        name = "yaxis" if axis == 1 else f"yaxis{axis}"
        if r == 0:
            x = trace.x[:, 0]
            data.append(
                {
                    "type": "bar",
                    "x": np.arange(1, n_steps + 1),
                    "y": x,
                    "marker": {"color": "#5f6673"},
                    "text": [f"{v:g}" for v in x] if show_text else None,
                    "textposition": "outside",
                    "cliponaxis": False,
                    "hovertemplate": "x_%{x} = %{y:.3f}<extra></extra>",
                }
            )
            lo, hi = float(min(0.0, x.min())), float(max(0.0, x.max()))
            pad = 0.3 * max(hi - lo, 1e-9)
            layout[name] = {
                "domain": [bottom, top],
                "range": [lo - pad, hi + pad],
                "zeroline": True,
                "zerolinecolor": "#9aa1ab",
                "showgrid": False,
                "title": {"text": "x_t"},
            }
        else:
            label, key, gate = rows[r - 1]
            data.append(_heat(row_values(trace, key), gate, axis, show_text, label))
            layout[name] = {
                "domain": [bottom, top],
                "autorange": "reversed",
                "showgrid": False,
                "title": {"text": "unit"},
                "tickfont": {"size": 14},
            }
            annotations.append(
                {
                    "text": f"<b>{label}</b>",
                    "xref": "paper",
                    "yref": "paper",
                    "x": 0.0,
                    "y": top,
                    "xanchor": "left",
                    "yanchor": "bottom",
                    "yshift": 4,
                    "showarrow": False,
                    "font": {"size": 14},
                }
            )
        top = max(0.0, bottom - gap_px / plot_px)
    shapes = [
        {
            "type": "rect",
            "xref": "x",
            "yref": "paper",
            "x0": step - 0.5,
            "x1": step + 0.5,
            "y0": 0,
            "y1": 1,
            "line": {"color": "#111111", "width": 3},
            "fillcolor": "rgba(0,0,0,0)",
        }
    ]
    layout.update(
        {
            "height": plot_px + 80,
            "margin": {"l": 70, "r": 10, "t": 20, "b": 60},
            "showlegend": False,
            "plot_bgcolor": "white",
            "xaxis": {
                "title": {"text": "time step t"},
                "dtick": 1 if n_steps <= 30 else 5,
                "range": [0.5, n_steps + 0.5],
                "anchor": f"y{len(heights)}",
            },
            "annotations": annotations,
            "shapes": shapes,
        }
    )
    return go.Figure(data, layout)


def _decades(values: np.ndarray) -> dict:
    """Log-axis ticks: one labelled tick per decade when the values span two or more."""
    values = values[np.isfinite(values) & (values > 0)]
    out: dict = {"tickfont": {"size": 14}}
    if values.size and np.log10(values.max() / values.min()) >= 2:
        out["dtick"] = 1 if np.log10(values.max() / values.min()) < 12 else 2
    return out


def gradient_figure(runs: dict[str, CellRun], wrt: str, selected: str, step: int) -> go.Figure:
    """||dL/d(state or input) at step t|| for every t, one line per cell, on a log axis."""
    data = []
    for kind, run in runs.items():
        curve = run.curve(wrt)
        what = "x_t" if wrt == "input" else ("c_t (cell path)" if kind == "lstm" else "h_t")
        data.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": f"{CELLS[kind]}: dL/d{what}",
                "x": np.arange(1, len(curve) + 1),
                "y": np.where(curve > 0, curve, np.nan),
                "line": {"color": CELL_COLORS[kind], "width": 4 if kind == selected else 2},
                "marker": {"size": 7 if kind == selected else 5},
                "hovertemplate": f"{CELLS[kind]}, t = %{{x}}: %{{y:.3e}}<extra></extra>",
            }
        )
    n_steps = len(next(iter(runs.values())).curve(wrt))
    layout = {
        "height": 420,
        "margin": {"l": 80, "r": 10, "t": 20, "b": 60},
        "plot_bgcolor": "white",
        "xaxis": {
            "title": {"text": "time step t (the loss is at the last step)"},
            "range": [0.5, n_steps + 0.5],
            "gridcolor": "#e4e7eb",
        },
        "yaxis": {
            "type": "log",
            "title": {"text": "gradient norm (log)"},
            **_decades(np.concatenate([r.curve(wrt) for r in runs.values()])),
            "gridcolor": "#e4e7eb",
            "exponentformat": "power",
        },
        "legend": {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
        "shapes": [
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": step,
                "x1": step,
                "y0": 0,
                "y1": 1,
                "line": {"color": "#5f6673", "dash": "dot", "width": 2},
            }
        ],
    }
    return go.Figure(data, layout)


def clipping_figure(run: CellRun) -> go.Figure:
    """Each step's share of dL/d(recurrent kernel) (its norm), before and after clipping."""
    contrib = run.grads.contrib
    t = np.arange(1, len(contrib) + 1)
    before = np.where(contrib > 0, contrib, np.nan)
    data = [
        {
            "type": "bar",
            "name": "before clipping",
            "x": t,
            "y": before,
            "marker": {"color": "#b8bec8"},
            "hovertemplate": "step %{x}: %{y:.3e}<extra>before</extra>",
        },
        {
            "type": "bar",
            "name": f"after clipping (× {run.factor:.3g})",
            "x": t,
            "y": before * run.factor,
            "marker": {"color": CELL_COLORS[run.kind]},
            "hovertemplate": "step %{x}: %{y:.3e}<extra>after</extra>",
        },
    ]
    layout = {
        "height": 360,
        "barmode": "group",
        "margin": {"l": 80, "r": 10, "t": 20, "b": 60},
        "plot_bgcolor": "white",
        "xaxis": {"title": {"text": "time step t"}},
        "yaxis": {
            "type": "log",
            "title": {"text": "‖step t's term of dL/dU‖"},
            **_decades(np.concatenate([contrib, contrib * run.factor])),
            "gridcolor": "#e4e7eb",
            "exponentformat": "power",
        },
        "legend": {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
    }
    return go.Figure(data, layout)
