"""The CNN page's editable layer table (``st.data_editor``) <-> the layer spec, and its figures."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from engine.conv.cnn import KINDS, Layer, ShapeTable, SpecError, parse_spec, to_spec

COLUMNS = ["layer", "filters / units", "kernel / pool", "stride", "padding", "dropout rate"]


def spec_to_frame(spec: str) -> pd.DataFrame:
    """One row per layer; columns that do not apply to a layer are empty."""
    rows = []
    for layer in parse_spec(spec):
        conv, pool = layer.kind == "conv", layer.kind in ("maxpool", "avgpool")
        rows.append(
            {
                "layer": layer.kind,
                "filters / units": layer.size if layer.kind in ("conv", "dense") else None,
                "kernel / pool": layer.kernel if conv or pool else None,
                "stride": layer.stride if conv or pool else None,
                "padding": layer.padding if conv or pool else None,
                "dropout rate": layer.rate if layer.kind == "dropout" else None,
            }
        )
    frame = pd.DataFrame(rows, columns=COLUMNS)
    for col in ("filters / units", "kernel / pool", "stride"):
        frame[col] = frame[col].astype("Int64")
    return frame


def _num(value, default):
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return default
    return value


def frame_to_spec(frame: pd.DataFrame) -> str:
    """Rows back to a spec; raises :class:`SpecError` naming the row that is incomplete."""
    tokens = []
    for i, row in enumerate(frame.to_dict("records"), start=1):
        kind = row.get("layer")
        if kind is None or (isinstance(kind, float) and math.isnan(kind)):
            continue  # an empty new row
        if kind not in KINDS:
            raise SpecError(f"row {i}: unknown layer {kind!r}")
        size, kernel = _num(row.get("filters / units"), None), _num(row.get("kernel / pool"), None)
        stride, padding = _num(row.get("stride"), None), _num(row.get("padding"), None) or "valid"
        try:
            if kind == "conv":
                if size is None or kernel is None:
                    raise SpecError(f"row {i}: a conv layer needs a number of filters and a kernel size")
                layer = Layer(
                    "conv", size=int(size), kernel=int(kernel), stride=int(stride or 1), padding=padding
                )
            elif kind in ("maxpool", "avgpool"):
                k = int(kernel or 2)
                layer = Layer(kind, kernel=k, stride=int(stride or k), padding=padding)
            elif kind == "dense":
                if size is None:
                    raise SpecError(f"row {i}: a dense layer needs a number of units")
                layer = Layer("dense", size=int(size))
            elif kind == "dropout":
                layer = Layer("dropout", rate=float(_num(row.get("dropout rate"), 0.5)))
            else:
                layer = Layer("flatten")
        except (TypeError, ValueError) as err:
            raise SpecError(f"row {i}: {err}") from None
        tokens.append(layer.token())
    spec = ",".join(tokens)
    try:
        return to_spec(parse_spec(spec))  # validates the ranges
    except SpecError as err:
        raise SpecError(f"{err}") from None


def _human(n: int) -> str:
    return f"{n / 1e6:.2f} M" if n >= 1e6 else f"{n / 1e3:.1f} k" if n >= 1e4 else f"{n:,}"


def params_figure(table: ShapeTable) -> go.Figure:
    """Parameters (bars) and output values (line) per layer, on a log scale."""
    names = ["input"] + [f"{r.index + 1}. {r.keras_type}" for r in table.rows]
    values = [math.prod(table.input_shape)] + [math.prod(r.shape) for r in table.rows]
    params = [0] + [r.params for r in table.rows]
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            x=names,
            y=[p if p else None for p in params],
            name="parameters",
            marker_color="#e07b00",
            text=[_human(p) if p else "" for p in params],
            textposition="outside",
            hovertemplate="%{x}: %{customdata:,} parameters<extra></extra>",
            customdata=params,
        )
    )
    fig.add_trace(
        go.Scatter(
            x=names,
            y=values,
            name="output values (H·W·C)",
            mode="lines+markers",
            line={"color": "#0877bd", "width": 3},
            customdata=values,
            hovertemplate="%{x}: %{customdata:,} values<extra></extra>",
        )
    )
    fig.update_yaxes(type="log", title_text="count (log scale)")
    fig.update_layout(
        height=330,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        font={"size": 13},
        legend={"orientation": "h", "y": 1.12},
        bargap=0.35,
    )
    return fig
