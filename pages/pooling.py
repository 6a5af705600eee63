"""Pooling: max and average side by side, on the slides' 4x4 example and on a photo."""

from __future__ import annotations

import streamlit as st

from engine.conv.config import POOL_IMAGES, PoolConfig
from engine.conv.images import available_samples
from engine.conv.pool import pool2d, pool_geometry
from engine.conv.presets import POOL_PRESETS
from engine.conv.shapes import SizeError, size_report
from ui.conv.explain import size_latex
from ui.conv.pool_view import cell_sentence, grid_panels, pool_grid, pooled_photo
from ui.page_kit import share_tab, what_to_try
from ui.url_state import PageState

STATE = PageState(__file__, PoolConfig)
SAMPLES = {s.key: s for s in available_samples()}

st.title("Pooling: max and average")
STATE.open()
if STATE.value("image") not in SAMPLES:
    STATE.set(image=next(iter(SAMPLES)))

with st.sidebar:
    st.header("Pooling window")
    for name in ("size", "stride", "padding"):
        STATE.widget(name)
    st.header("Numbers")
    STATE.widget("grid")
    random_grid = STATE.value("grid") == "random"
    STATE.widget("grid_size", disabled=not random_grid)
    STATE.widget("seed", disabled=not random_grid)
    st.header("Photo")
    st.selectbox("Image", list(SAMPLES), format_func=POOL_IMAGES.get, key=STATE.key("image"))
    STATE.widget("levels")

cfg = STATE.config()
STATE.remember(cfg)
grid = pool_grid(cfg)
n = grid.shape[0]
st.caption(
    (
        "Numbers: the slides' 4x4 example (slides 002). "
        if cfg.grid == "slides"
        else f"Numbers: random integers 0-9, seed {cfg.seed}. "
    )
    + f"Photo: {SAMPLES[cfg.image].credit}. All computed on this server, offline."
)
what_to_try(STATE, POOL_PRESETS, "the slides' example, overlap, padding, cells left out, a photo")

try:
    pads, oh, ow = pool_geometry(n, n, cfg.size, cfg.stride, cfg.padding)
except SizeError as err:
    st.error(f"No output for these settings: {err}", icon=":material/block:")
    st.stop()
rep = size_report(n, cfg.size, cfg.stride, pads[0])
st.latex(
    size_latex(rep, "O", dilation=False)
    + (r"\quad(\text{same: } \lceil N/S \rceil)" if cfg.padding == "same" else "")
)
if cfg.stride < cfg.size:
    st.info("Stride < pool size: the windows overlap, so a cell can be part of several windows.")
if rep.leftover and cfg.padding == "valid":
    st.warning(
        f"The last {rep.leftover} row(s) and column(s) are never inside a window (grey): 'valid' pooling "
        "drops them. Padding 'same' keeps them."
    )

mx = pool2d(grid[:, :, None], cfg.size, cfg.stride, "max", cfg.padding)
av = pool2d(grid[:, :, None], cfg.size, cfg.stride, "avg", cfg.padding)
(ci, cj), t_max = grid_panels(STATE, grid, cfg, mx, av, pads[1][0])
st.markdown(cell_sentence(t_max, float(av.out[ci, cj, 0]), cfg.size))
st.subheader("On a photo: the size reduction")
pooled_photo(cfg)

math_tab, code_tab, link_tab = st.tabs(["How it works", "Keras code", "Share"])
with math_tab:
    st.latex(
        r"\text{max: } o[i,j] = \max_{a,b < K} x[iS + a,\, jS + b] \qquad "
        r"\text{average: } o[i,j] = \frac{1}{K^2}\sum_{a,b < K} x[iS + a,\, jS + b]"
    )
    st.markdown(
        "- Pooling has **no weights**: nothing to learn, it only shrinks the feature map (a 2×2 pool keeps "
        "25 % of the values, the slides' 'quarters your convolved images').\n"
        "- **Max** keeps the strongest response in each window: 'is the feature somewhere here?', robust to "
        "small shifts. **Average** keeps the mean brightness of the window.\n"
        "- Each channel is pooled separately: the number of channels does not change.\n"
        "- During training, the gradient of a max pool flows only to the winning cell (the red one)."
    )
with code_tab:
    st.code(
        f"""import numpy as np
import keras

x = np.array({grid.astype(int).tolist()}, dtype="float32")[None, :, :, None]  # (batch, H, W, channels)
print(keras.layers.MaxPooling2D(pool_size={cfg.size}, strides={cfg.stride}, padding="{cfg.padding}")(x)[0, :, :, 0])
print(keras.layers.AveragePooling2D(pool_size={cfg.size}, strides={cfg.stride}, padding="{cfg.padding}")(x)[0, :, :, 0])
""",
        language="python",
    )
with link_tab:
    share_tab(
        STATE,
        cfg,
        "This link opens the same numbers (the slides' grid, or the random grid's size and seed), the same "
        "pooling window and the same photo.",
    )
