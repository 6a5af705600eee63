"""From image to classifier: every layer's output shape and parameter count, editable, checked by Keras."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from engine.conv.cnn import (
    KINDS,
    SLIDES_002_SPEC,
    SLIDES_SPEC,
    SpecError,
    build_keras_model,
    compute_shapes,
    keras_code,
    keras_summary,
    parse_spec,
)
from engine.conv.config import CnnConfig
from ui.conv.cnn_table import frame_to_spec, params_figure, spec_to_frame
from ui.url_state import config_from_state, ensure_state, remember, set_fields

P = "cn_"
PRESETS: tuple[tuple[str, str, tuple[int, int, int], str], ...] = (
    (
        "Slides 003: MNIST CNN",
        "Conv 32 → pool → conv 32 → pool → dense 128 → 10: 113,386 parameters, 90 % of "
        "them in the first Dense layer.",
        (28, 28, 1),
        SLIDES_SPEC,
    ),
    (
        "Slides 002: mnist_cnn.py",
        "Two convs before one pool: the 12×12×64 map flattens to 9,216 values, so the "
        "Dense layer alone has 1.18 million weights.",
        (28, 28, 1),
        SLIDES_002_SPEC,
    ),
    (
        "Slides 003: cats vs dogs",
        "150×150×3 photos, three conv/pool blocks: pooling shrinks 148 → 74 → 36 → 17.",
        (150, 150, 3),
        "conv:16:3,maxpool:2,conv:32:3,maxpool:2,conv:64:3,maxpool:2,flatten,dense:512,dense:1",
    ),
    (
        "LeNet-5 (1998)",
        "5×5 kernels and average pooling on 32×32 digits: only 61,706 parameters.",
        (32, 32, 1),
        "conv:6:5,avgpool:2,conv:16:5,avgpool:2,flatten,dense:120,dense:84,dense:10",
    ),
    (
        "CNN Explainer's TinyVGG",
        "64×64×3 input, four 3×3 convs of 10 filters, two pools: 8,480 parameters.",
        (64, 64, 3),
        "conv:10:3,conv:10:3,maxpool:2,conv:10:3,conv:10:3,maxpool:2,flatten,dense:10",
    ),
    (
        "Padding 'same' keeps the size",
        "With padding='same' a stride-1 conv keeps 28×28; only pooling shrinks.",
        (28, 28, 1),
        "conv:32:3:1:same,maxpool:2,conv:64:3:1:same,maxpool:2,flatten,dense:128,dense:10",
    ),
    (
        "Forgot Flatten",
        "Dense on a 3-D feature map works on each pixel's channels separately: the output stays "
        "a map (Keras allows it; it is rarely what you want).",
        (28, 28, 1),
        "conv:8:3,maxpool:2,dense:10",
    ),
    (
        "Too many pools",
        "28 → 14 → 7 → 3 → 1 → ?: the fifth pool has nothing left to pool. The page says where.",
        (28, 28, 1),
        "maxpool:2,maxpool:2,maxpool:2,maxpool:2,maxpool:2,flatten,dense:10",
    ),
)


def _editor_version() -> int:
    return st.session_state.get("cn_editor_version", 0)


def _load(index: int) -> None:
    _, _, (h, w, c), spec = PRESETS[index]
    set_fields(P, height=h, width=w, channels=c, layers=spec)
    st.session_state["cn_editor_base"] = spec
    st.session_state["cn_editor_version"] = _editor_version() + 1
    st.session_state.pop("cn_keras", None)


st.title("From image to classifier: CNN shapes")
for problem in ensure_state(P, CnnConfig):
    st.warning(f"The link had a setting this page cannot use, so it was skipped: {problem}")
st.session_state.setdefault("cn_editor_base", st.session_state[P + "layers"])

with st.sidebar:
    st.header("Input image")
    st.number_input("Height", 1, 1024, key=P + "height")
    st.number_input("Width", 1, 1024, key=P + "width")
    st.number_input("Channels (1 = grey, 3 = RGB)", 1, 512, key=P + "channels")
    st.header("Networks")
    for i, (title, _, _, _) in enumerate(PRESETS):
        st.button(title, key=f"cn_preset_{i}", on_click=_load, args=(i,), width="stretch")

st.markdown("**Layers** (edit any cell; add or delete rows at the bottom / with the row menu):")
edited = st.data_editor(
    spec_to_frame(st.session_state["cn_editor_base"]),
    key=f"cn_editor_{_editor_version()}",
    num_rows="dynamic",
    hide_index=True,
    width="stretch",
    column_config={
        "layer": st.column_config.SelectboxColumn("layer", options=list(KINDS), required=True, width="small"),
        "filters / units": st.column_config.NumberColumn(min_value=1, max_value=8192, step=1),
        "kernel / pool": st.column_config.NumberColumn(min_value=1, max_value=11, step=1),
        "stride": st.column_config.NumberColumn(min_value=1, max_value=8, step=1),
        "padding": st.column_config.SelectboxColumn(options=["valid", "same"]),
        "dropout rate": st.column_config.NumberColumn(min_value=0.0, max_value=0.95, step=0.05),
    },
)
try:
    spec = frame_to_spec(edited)
    parse_spec(spec)
    st.session_state[P + "layers"] = spec
except SpecError as err:
    st.error(
        f"That table cannot be read: {err}. Showing the last complete network.", icon=":material/edit_off:"
    )

cfg = config_from_state(P, CnnConfig).validated()
remember(P, cfg)
layers = parse_spec(cfg.layers)
shape_in = (cfg.height, cfg.width, cfg.channels)
table = compute_shapes(shape_in, layers)

st.caption(
    "Shapes are computed here with the same rules as Keras (no TensorFlow needed); the button below "
    "builds the real Keras model to compare. No data, no download."
)
rows = [
    {
        "#": 0,
        "layer": "Input",
        "output shape": str(shape_in),
        "parameters": 0,
        "how the shape follows": "the image",
        "how the parameters follow": "",
        "sees": "1×1",
    }
]
for r in table.rows:
    rows.append(
        {
            "#": r.index + 1,
            "layer": r.keras_type,
            "output shape": str(r.shape),
            "parameters": r.params,
            "how the shape follows": r.shape_math,
            "how the parameters follow": r.params_math,
            "sees": f"{r.receptive}×{r.receptive}" if r.receptive else "whole image",
        }
    )
st.dataframe(
    pd.DataFrame(rows),
    hide_index=True,
    width="stretch",
    column_config={
        "parameters": st.column_config.NumberColumn(format="localized"),
        "sees": st.column_config.TextColumn(
            "receptive field",
            help="How many input pixels (per side) one output value depends on: each K×K layer adds "
            "(K − 1) × the distance between neighbouring outputs.",
        ),
    },
)
for r in table.rows:
    if r.note:
        st.warning(f"Layer {r.index + 1} ({r.keras_type}): {r.note}", icon=":material/warning:")
if table.problem:
    st.error(f"This network cannot be built: {table.problem}", icon=":material/block:")
else:
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
    c3.metric("Final output", str(table.rows[-1].shape) if table.rows else str(shape_in))
st.plotly_chart(params_figure(table), key="cn_params", config={"displayModeBar": False})

check_key = (shape_in, cfg.layers)
if st.button(
    "Check against Keras's model.summary()",
    key="cn_check",
    icon=":material/fact_check:",
    disabled=bool(table.problem),
):
    with st.spinner("Building the Keras model (the first time loads TensorFlow: a few seconds)…"):
        try:
            model = build_keras_model(shape_in, layers)
            st.session_state["cn_keras"] = (check_key, keras_summary(model), "")
        except Exception as err:  # Keras's own message is the point here
            st.session_state["cn_keras"] = (check_key, None, f"{type(err).__name__}: {err}")
result = st.session_state.get("cn_keras")
if result and result[0] == check_key:
    _, summary, error = result
    if error:
        st.error(f"Keras refused this network: {error}")
    else:
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

try_tab, math_tab, code_tab, share_tab = st.tabs(["What to try", "How it works", "Keras code", "Share"])
with try_tab:
    for i, (title, lesson, _, _) in enumerate(PRESETS):
        left_col, right_col = st.columns([1.3, 3], vertical_alignment="center")
        left_col.button(title, key=f"cn_try_{i}", on_click=_load, args=(i,), width="stretch")
        right_col.markdown(lesson)
with math_tab:
    st.latex(
        r"\text{Conv2D: } H_{out} = \left\lfloor \frac{H - K}{S} \right\rfloor + 1 \;(\text{valid}),\quad "
        r"\left\lceil \frac{H}{S} \right\rceil \;(\text{same});\qquad \text{params} = (K\cdot K\cdot C_{in} + 1)"
        r"\cdot F"
    )
    st.latex(
        r"\text{Pooling: same sizes with } K = \text{pool};\ \text{no parameters.}\qquad "
        r"\text{Dense: params} = (n_{in} + 1)\cdot \text{units}"
    )
    st.markdown(
        "- A conv layer's parameter count does **not** depend on the image size: the same K×K×C filter slides "
        "everywhere (weight sharing). A Dense layer's does: every input value gets its own weight per unit.\n"
        "- That is why pooling before Flatten matters: each 2×2 pool divides the Dense layer's weights by 4.\n"
        "- Flatten only reshapes H×W×C into one long vector; Dropout changes nothing at inference."
    )
with code_tab:
    st.code(keras_code(shape_in, layers), language="python")
with share_tab:
    st.markdown("The address bar holds the input size and the layer list (`layers=`): share it.")
    st.code(cfg.layers, language=None)
