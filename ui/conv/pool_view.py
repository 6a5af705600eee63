"""The pooling page's two views: the numbers grid (input, max, average) and the pooled photo."""

from __future__ import annotations

import numpy as np
import streamlit as st
from PIL import Image

from engine.conv.config import PoolConfig
from engine.conv.examples import POOL4
from engine.conv.imagefilter import to_gray
from engine.conv.images import load_sample
from engine.conv.pool import PoolResult, PoolTrace, pool2d, pool_trace
from engine.conv.shapes import SizeError
from ui.conv.figures import grid_figure
from ui.url_state import PageState

WIN_COLOR, MAX_COLOR = "#0877bd", "#d62728"


def pool_grid(cfg: PoolConfig) -> np.ndarray:
    """The numbers: the slides' 4x4 or seeded random integers 0-9."""
    if cfg.grid == "slides":
        return POOL4
    rng = np.random.default_rng(cfg.seed)
    return rng.integers(0, 10, size=(cfg.grid_size, cfg.grid_size)).astype(np.float64)


def _regions(grid: np.ndarray, cfg: PoolConfig, cells: list[tuple[int, int]], col_pad: int) -> np.ndarray:
    """Which window each input cell belongs to (-2: none; all 0 when windows overlap)."""
    n = grid.shape[0]
    regions = np.full((n, n), -2)
    apart = cfg.stride >= cfg.size
    for k, (i, j) in enumerate(cells):
        for r in pool_trace(grid[:, :, None], i, j, 0, cfg.size, cfg.stride, "max", cfg.padding).rows:
            for c in range(j * cfg.stride - col_pad, j * cfg.stride - col_pad + cfg.size):
                if 0 <= r < n and 0 <= c < n and (regions[r, c] < 0 or apart):
                    regions[r, c] = k if apart else 0
    return regions


def grid_panels(
    state: PageState, grid: np.ndarray, cfg: PoolConfig, mx: PoolResult, av: PoolResult, col_pad: int
) -> tuple[tuple[int, int], PoolTrace]:
    """The cell picker and the three grids; returns the picked cell and its max-pool trace."""
    n = grid.shape[0]
    oh, ow = mx.out.shape[:2]
    cells = [(i, j) for i in range(oh) for j in range(ow)]
    pick = st.select_slider(
        "Output cell to explain",
        options=range(len(cells)),
        format_func=lambda k: f"row {cells[k][0]}, column {cells[k][1]}",
        key=state.key("cell"),
    )
    ci, cj = cells[min(pick, len(cells) - 1)]
    t_max = pool_trace(grid[:, :, None], ci, cj, 0, cfg.size, cfg.stride, "max", cfg.padding)
    highlight: dict = {(r, c): WIN_COLOR for r in t_max.rows for c in t_max.cols if 0 <= r < n and 0 <= c < n}
    for i, j in cells:  # every window's winner: red; the selected window's own: thick
        highlight[tuple(int(v) for v in mx.argmax[i, j, 0])] = (MAX_COLOR, 0.16, 3)
    highlight[t_max.winner] = MAX_COLOR

    cell_px = 58 if n <= 6 else 44
    title = f"Input {n}×{n}: window of ({ci}, {cj}) blue, max winners red"
    figures = (
        (grid_figure(grid, title, highlight, _regions(grid, cfg, cells, col_pad), cell_px=cell_px), "in"),
        (grid_figure(mx.out[:, :, 0], f"Max pool {oh}×{ow}", {(ci, cj): MAX_COLOR}, cell_px=cell_px), "max"),
        (
            grid_figure(
                av.out[:, :, 0],
                f"Average pool {oh}×{ow}",
                {(ci, cj): WIN_COLOR},
                fmt="{:.3g}",
                cell_px=cell_px,
            ),
            "avg",
        ),
    )
    for column, (fig, name) in zip(st.columns([n + 1, oh + 2, oh + 2]), figures, strict=True):
        column.plotly_chart(fig, key=state.key(name), config={"displayModeBar": False})
    return (ci, cj), t_max


def cell_sentence(t_max: PoolTrace, average: float, size: int) -> str:
    """The picked cell's max and average written out."""
    vals = [v for v in t_max.window.reshape(-1) if np.isfinite(v)]
    nums = ", ".join(f"{v:g}" for v in vals)
    text = (
        f"**Cell ({t_max.i}, {t_max.j})**: max({nums}) = **{t_max.out:g}** (the red-outlined cell, at row "
        f"{t_max.winner[0]}, column {t_max.winner[1]}) · average = ({' + '.join(f'{v:g}' for v in vals)}) / "
        f"{len(vals)} = **{average:.4g}**"
    )
    if len(vals) < size * size:
        text += f" (only the {len(vals)} real cells count; {size * size - len(vals)} are padding)"
    return text


def pooled_photo(cfg: PoolConfig) -> None:
    """The grayscale photo pooled ``cfg.levels`` times, max and average, at scale and blown up."""
    photo = load_sample(cfg.image).pixels
    gray = to_gray(photo)
    x = gray.astype(np.float64)[:, :, None]
    levels = {"Max": [x], "Average": [x]}
    try:
        for _ in range(cfg.levels):
            for name, mode in (("Max", "max"), ("Average", "avg")):
                levels[name].append(pool2d(levels[name][-1], cfg.size, cfg.stride, mode, cfg.padding).out)
    except SizeError as err:
        st.warning(f"Pooling stopped after {len(levels['Average']) - 1} time(s): {err}")
        levels["Max"] = levels["Max"][: len(levels["Average"])]
    h0, w0 = photo.shape[:2]
    scale = 0.5 if w0 > 400 else 1.0  # the original is drawn at half its pixel size on wide photos
    shown_w = int(w0 * scale)
    a, b, c = st.columns(3)
    a.image(gray.astype(np.uint8), width=shown_w)
    a.caption(f"Original: {w0}×{h0} = {w0 * h0:,} pixels")
    for col, (name, imgs) in zip((b, c), levels.items(), strict=True):
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
