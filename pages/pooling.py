"""Pooling: max and average side by side, on the slides' 4x4 example and on a photo."""

from __future__ import annotations

import numpy as np
import streamlit as st
from PIL import Image

from engine.conv.config import PoolConfig
from engine.conv.examples import POOL4
from engine.conv.images import available_samples, load_sample
from engine.conv.pool import pool2d, pool_geometry, pool_trace
from engine.conv.shapes import SizeError, size_report
from ui.conv.explain import size_latex
from ui.conv.figures import grid_figure
from ui.url_state import config_from_state, ensure_state, remember, set_fields

P = "pl_"
SAMPLES = {s.key: s for s in available_samples()}
WIN_COLOR, MAX_COLOR = "#0877bd", "#d62728"

TRIES: tuple[tuple[str, str, dict], ...] = (
    (
        "The slides' 4x4 example",
        "2x2 windows, stride 2: each output is the largest of four numbers "
        "(7, 9, 8, 4); the average keeps a bit of every cell.",
        {"grid": "slides", "size": 2, "stride": 2, "padding": "valid"},
    ),
    (
        "Overlapping windows",
        "Pool 3, stride 2 (as in AlexNet): windows share cells, so one large number can win twice.",
        {"grid": "random", "grid_size": 7, "size": 3, "stride": 2, "padding": "valid"},
    ),
    (
        "Padding 'same'",
        "Odd sizes: 'same' pads the right/bottom so no cell is dropped; padded cells never win a max "
        "and are not averaged.",
        {"grid": "random", "grid_size": 5, "size": 2, "stride": 2, "padding": "same"},
    ),
    (
        "Cells left out",
        "5x5 with 2x2 'valid' pooling: the last row and column are never looked at (grey).",
        {"grid": "random", "grid_size": 5, "size": 2, "stride": 2, "padding": "valid"},
    ),
    (
        "Pool a photo three times",
        "Each 2x2 pooling quarters the pixels: 512 → 256 → 128 → 64. Max keeps bright "
        "details (thin lines survive), average blurs them.",
        {"image": "camera", "levels": 3, "size": 2, "stride": 2},
    ),
)


def _apply(fields: dict) -> None:
    set_fields(P, **fields)


def _grid(cfg: PoolConfig) -> np.ndarray:
    if cfg.grid == "slides":
        return POOL4
    return (
        np.random.default_rng(cfg.seed)
        .integers(0, 10, size=(cfg.grid_size, cfg.grid_size))
        .astype(np.float64)
    )


st.title("Pooling: max and average")
for problem in ensure_state(P, PoolConfig):
    st.warning(f"The link had a setting this page cannot use, so it was skipped: {problem}")
if st.session_state[P + "image"] not in SAMPLES:
    st.session_state[P + "image"] = next(iter(SAMPLES))

with st.sidebar:
    st.header("Pooling window")
    st.slider("Pool size (K×K)", 1, 5, key=P + "size")
    st.slider("Stride", 1, 5, key=P + "stride", help="Keras's default stride is the pool size.")
    st.radio("Padding", ["valid", "same"], key=P + "padding", horizontal=True)
    st.header("Numbers")
    st.radio(
        "Grid",
        ["slides", "random"],
        key=P + "grid",
        horizontal=True,
        format_func={"slides": "slides' 4x4", "random": "random"}.get,
    )
    random_grid = st.session_state[P + "grid"] == "random"
    st.slider("Random grid size", 3, 10, key=P + "grid_size", disabled=not random_grid)
    st.number_input("Seed", 0, 2**31 - 1, key=P + "seed", disabled=not random_grid)
    st.header("Photo")
    st.selectbox("Image", list(SAMPLES), format_func=lambda k: SAMPLES[k].title, key=P + "image")
    st.slider("Pool the photo this many times", 1, 4, key=P + "levels")

cfg = config_from_state(P, PoolConfig).validated()
remember(P, cfg)
grid = _grid(cfg)
n = grid.shape[0]
st.caption(
    (
        "Numbers: the slides' 4x4 example (slides 002). "
        if cfg.grid == "slides"
        else f"Numbers: random integers 0-9, seed {cfg.seed}. "
    )
    + f"Photo: {SAMPLES[cfg.image].credit}. All computed on this server, offline."
)

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
cells = [(i, j) for i in range(oh) for j in range(ow)]
pick = st.select_slider(
    "Output cell to explain",
    options=range(len(cells)),
    format_func=lambda k: f"row {cells[k][0]}, column {cells[k][1]}",
    key="pl_cell",
)
ci, cj = cells[min(pick, len(cells) - 1)]
t_max = pool_trace(grid[:, :, None], ci, cj, 0, cfg.size, cfg.stride, "max", cfg.padding)

regions = np.full((n, n), -2)
for k, (i, j) in enumerate(cells):
    for r in pool_trace(grid[:, :, None], i, j, 0, cfg.size, cfg.stride, "max", cfg.padding).rows:
        for c in range(j * cfg.stride - pads[1][0], j * cfg.stride - pads[1][0] + cfg.size):
            if 0 <= r < n and 0 <= c < n and (regions[r, c] < 0 or cfg.stride >= cfg.size):
                regions[r, c] = k if cfg.stride >= cfg.size else 0
highlight: dict = {(r, c): WIN_COLOR for r in t_max.rows for c in t_max.cols if 0 <= r < n and 0 <= c < n}
for i, j in cells:  # every window's winner: red; the selected window's own: thick
    highlight[tuple(int(v) for v in mx.argmax[i, j, 0])] = (MAX_COLOR, 0.16, 3)
highlight[t_max.winner] = MAX_COLOR

cell_px = 58 if n <= 6 else 44
left, mid, right = st.columns([n + 1, oh + 2, oh + 2])
left.plotly_chart(
    grid_figure(
        grid,
        f"Input {n}×{n}: window of ({ci}, {cj}) blue, max winners red",
        highlight,
        regions,
        cell_px=cell_px,
    ),
    key="pl_in",
    config={"displayModeBar": False},
)
mid.plotly_chart(
    grid_figure(mx.out[:, :, 0], f"Max pool {oh}×{ow}", {(ci, cj): MAX_COLOR}, cell_px=cell_px),
    key="pl_max",
    config={"displayModeBar": False},
)
right.plotly_chart(
    grid_figure(
        av.out[:, :, 0], f"Average pool {oh}×{ow}", {(ci, cj): WIN_COLOR}, fmt="{:.3g}", cell_px=cell_px
    ),
    key="pl_avg",
    config={"displayModeBar": False},
)
vals = [v for v in t_max.window.reshape(-1) if np.isfinite(v)]
nums = ", ".join(f"{v:g}" for v in vals)
st.markdown(
    f"**Cell ({ci}, {cj})**: max({nums}) = **{t_max.out:g}** (the red-outlined cell, at row {t_max.winner[0]}, "
    f"column {t_max.winner[1]}) · average = ({' + '.join(f'{v:g}' for v in vals)}) / {len(vals)} = "
    f"**{av.out[ci, cj, 0]:.4g}**"
    + (
        f" (only the {len(vals)} real cells count; {cfg.size * cfg.size - len(vals)} are padding)"
        if len(vals) < cfg.size * cfg.size
        else ""
    )
)
st.subheader("On a photo: the size reduction")
photo = load_sample(cfg.image).pixels
gray = photo if photo.ndim == 2 else (photo.astype(np.float32) @ np.array([0.299, 0.587, 0.114], np.float32))
x = gray.astype(np.float64)[:, :, None]
levels_max, levels_avg = [x], [x]
problem = ""
for _ in range(cfg.levels):
    try:
        levels_max.append(pool2d(levels_max[-1], cfg.size, cfg.stride, "max", cfg.padding).out)
        levels_avg.append(pool2d(levels_avg[-1], cfg.size, cfg.stride, "avg", cfg.padding).out)
    except SizeError as err:
        problem = str(err)
        break
if problem:
    st.warning(f"Pooling stopped after {len(levels_max) - 1} time(s): {problem}")
h0, w0 = photo.shape[:2]
scale = 0.5 if w0 > 400 else 1.0  # the original is drawn at half its pixel size on wide photos
shown_w = int(w0 * scale)
a, b, c = st.columns(3)
a.image(gray.astype(np.uint8), width=shown_w)
a.caption(f"Original: {w0}×{h0} = {w0 * h0:,} pixels")
for col, imgs, name in ((b, levels_max, "Max"), (c, levels_avg, "Average")):
    out = np.clip(imgs[-1][:, :, 0], 0, 255).astype(np.uint8)
    hh, ww = out.shape
    col.image(out, width=max(int(ww * scale), 4))
    col.caption(
        f"{name} pooled {len(imgs) - 1}×: {ww}×{hh} = {ww * hh:,} pixels "
        f"({100 * ww * hh / (w0 * h0):.2g} % of the original), at the same scale"
    )
    zoomed = Image.fromarray(out).resize(
        (shown_w, max(1, round(shown_w * hh / ww))), Image.Resampling.NEAREST
    )
    col.image(np.asarray(zoomed), width=shown_w)
    col.caption(
        f"The same {ww}×{hh} pixels blown up to the original's size: "
        + ("bright thin details survive." if name == "Max" else "details are averaged away.")
    )
st.caption("Pooling works on each channel separately; here on the grayscale photo.")

try_tab, math_tab, code_tab = st.tabs(["What to try", "How it works", "Keras code"])
with try_tab:
    for i, (title, lesson, fields) in enumerate(TRIES):
        left_col, right_col = st.columns([1.3, 3], vertical_alignment="center")
        left_col.button(title, key=f"pl_try_{i}", on_click=_apply, args=(fields,), width="stretch")
        right_col.markdown(lesson)
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
