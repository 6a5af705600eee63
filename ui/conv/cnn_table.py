"""The CNN page's editable layer table (``st.data_editor``) <-> the layer spec, its shape table,
the Keras check, and its figures."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from engine.conv.cnn import (
    KINDS,
    Layer,
    ShapeTable,
    SpecError,
    build_keras_model,
    keras_summary,
    parse_spec,
    to_spec,
)
from ui.plot_theme import SI_AXIS
from ui.url_state import PageState

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
    # Decades only (dtick=1: no "1000 9 8 7 6 ..." minor labels); counts read best as 10k, 100k.
    fig.update_yaxes(type="log", title_text="count (log scale)", dtick=1, **SI_AXIS)
    fig.update_layout(
        height=360,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        legend={"orientation": "h", "y": 1.12},
        bargap=0.35,
    )
    return fig


# ---------------------------------------------------------------------------- the page's parts


def reset_editor(state: PageState, spec: str) -> None:
    """Show ``spec`` in the layer editor from the next run on (drops pending edits and the Keras check)."""
    st.session_state[state.key("editor_base")] = spec
    st.session_state[state.key("editor_version")] = st.session_state.get(state.key("editor_version"), 0) + 1
    st.session_state.pop(state.key("keras"), None)


def layer_editor(state: PageState) -> None:
    """The editable layer table; a complete table becomes the page's ``layers`` field."""
    st.session_state.setdefault(state.key("editor_base"), state.value("layers"))
    st.markdown("**Layers** (edit any cell; add or delete rows at the bottom / with the row menu):")
    edited = st.data_editor(
        spec_to_frame(st.session_state[state.key("editor_base")]),
        key=state.key(f"editor_{st.session_state.get(state.key('editor_version'), 0)}"),
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        column_config={
            "layer": st.column_config.SelectboxColumn(
                "layer", options=list(KINDS), required=True, width="small"
            ),
            "filters / units": st.column_config.NumberColumn(min_value=1, max_value=8192, step=1),
            "kernel / pool": st.column_config.NumberColumn(min_value=1, max_value=11, step=1),
            "stride": st.column_config.NumberColumn(min_value=1, max_value=8, step=1),
            "padding": st.column_config.SelectboxColumn(options=["valid", "same"]),
            "dropout rate": st.column_config.NumberColumn(min_value=0.0, max_value=0.95, step=0.05),
        },
    )
    try:
        state.set(layers=frame_to_spec(edited))
    except SpecError as err:
        st.error(
            f"That table cannot be read: {err}. Showing the last complete network.",
            icon=":material/edit_off:",
        )


def shape_frame(table: ShapeTable) -> pd.DataFrame:
    """One row per layer (and the input): output shape, parameters and how both follow."""
    rows = [
        {
            "#": 0,
            "layer": "Input",
            "output shape": str(table.input_shape),
            "parameters": "0",
            "receptive field": "1×1",
            "how the shape follows": "the image",
            "how the parameters follow": "",
        }
    ]
    for r in table.rows:
        rows.append(
            {
                "#": r.index + 1,
                "layer": r.keras_type,
                "output shape": str(r.shape),
                "parameters": f"{r.params:,}",
                "receptive field": f"{r.receptive}×{r.receptive}" if r.receptive else "whole image",
                "how the shape follows": r.shape_math,
                "how the parameters follow": r.params_math,
            }
        )
    return pd.DataFrame(rows)


def shape_table(table: ShapeTable) -> None:
    """The shape table, each layer's warning, and the totals (or why the network cannot be built).

    A static table: every cell wraps, so no column is cut off on a 1280-pixel projector."""
    st.table(shape_frame(table).set_index("#"))
    st.caption(
        "**Receptive field**: how many input pixels (per side) one output value depends on; each "
        "K×K layer adds (K − 1) × the distance between neighbouring outputs."
    )
    for r in table.rows:
        if r.note:
            st.warning(f"Layer {r.index + 1} ({r.keras_type}): {r.note}", icon=":material/warning:")
    if table.problem:
        st.error(f"This network cannot be built: {table.problem}", icon=":material/block:")
        return
    dense = sum(r.params for r in table.rows if r.keras_type == "Dense")
    total = table.total_params
    c1, c2, c3 = st.columns(3)
    c1.metric("Total parameters", f"{total:,}")
    c2.metric(
        "In Dense layers",
        f"{dense:,}",
        f"{100 * dense / total:.0f} % of all" if total else None,
        delta_color="off",
        delta_arrow="off",
    )
    c3.metric("Final output", str(table.rows[-1].shape) if table.rows else str(table.input_shape))


def keras_check(state: PageState, table: ShapeTable, layers: tuple[Layer, ...]) -> None:
    """A button that builds the same network in Keras and compares every layer with ours."""
    check_key = (table.input_shape, to_spec(layers))
    if st.button(
        "Check against Keras's model.summary()",
        key=state.key("check"),
        icon=":material/fact_check:",
        disabled=bool(table.problem),
    ):
        with st.spinner("Building the Keras model (the first time loads TensorFlow: a few seconds)…"):
            try:
                model = build_keras_model(table.input_shape, layers)
                st.session_state[state.key("keras")] = (check_key, keras_summary(model), "")
            except Exception as err:  # Keras's own message is the point here
                st.session_state[state.key("keras")] = (check_key, None, f"{type(err).__name__}: {err}")
    result = st.session_state.get(state.key("keras"))
    if not result or result[0] != check_key:
        return
    _, summary, error = result
    if error:
        st.error(f"Keras refused this network: {error}")
        return
    keras_rows, keras_total, text = summary
    ours = [(r.keras_type, r.shape, r.params) for r in table.rows]
    if ours == keras_rows and keras_total == table.total_params:
        st.success(
            f"Keras agrees on every layer: same output shapes, {keras_total:,} parameters.",
            icon=":material/check_circle:",
        )
    else:
        st.error("Keras disagrees with this page (please report it): " + str(keras_rows))
    st.code(text, language=None)
