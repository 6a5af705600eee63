"""From image to classifier: every layer's output shape and parameter count, editable, checked by Keras."""

from __future__ import annotations

import streamlit as st

from engine.conv.cnn import compute_shapes, keras_code, parse_spec
from engine.conv.config import CnnConfig
from engine.conv.presets import CNN_PRESETS
from ui.conv.cnn_table import keras_check, layer_editor, params_figure, reset_editor, shape_table
from ui.page_kit import apply_preset, share_tab, what_to_try
from ui.url_state import PageState

STATE = PageState(__file__, CnnConfig)


def _show_network() -> None:
    """After a preset: the layer editor restarts from the preset's layers."""
    reset_editor(STATE, STATE.value("layers"))


st.title("From image to classifier: CNN shapes")
STATE.open()

with st.sidebar:
    st.header("Input image")
    for name in ("height", "width", "channels"):
        STATE.widget(name)
    st.header("Networks")
    for i, preset in enumerate(CNN_PRESETS):
        st.button(
            preset.title,
            key=STATE.key(f"network_{i}"),
            on_click=apply_preset,
            args=(STATE, preset, _show_network),
            width="stretch",
        )

what_to_try(  # above the layers and the table they change
    STATE, CNN_PRESETS, "the slides' networks, LeNet-5, TinyVGG, two classic mistakes", after=_show_network
)
layer_editor(STATE)
cfg = STATE.config()
STATE.remember(cfg)
layers = parse_spec(cfg.layers)
table = compute_shapes(cfg.input_shape, layers)

st.caption(
    "Shapes are computed here with the same rules as Keras (no TensorFlow needed); the button below "
    "builds the real Keras model to compare. No data, no download."
)
shape_table(table)
st.plotly_chart(params_figure(table), key=STATE.key("params"), config={"displayModeBar": False})
keras_check(STATE, table, layers)

math_tab, code_tab, link_tab = st.tabs(["How it works", "Keras code", "Share"])
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
    st.code(keras_code(cfg.input_shape, layers), language="python")
with link_tab:
    share_tab(
        STATE,
        cfg,
        f"This link opens this network: the input size and the layer list (`layers={cfg.layers}`).",
    )
