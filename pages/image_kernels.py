"""Kernels on real images: the slides' "Photoshop filters", editable, on bundled photos or an upload."""

from __future__ import annotations

import numpy as np
import streamlit as st

from engine.conv.config import IMAGE_CHOICES, KernelConfig, preset_weights
from engine.conv.imagefilter import display_range, filter_image, to_display, to_gray
from engine.conv.images import available_samples
from engine.conv.kernels import KERNELS, kernel_from_text, kernel_to_text
from engine.conv.presets import KERNEL_PRESETS
from engine.conv.shapes import size_report
from ui.conv.explain import size_latex
from ui.conv.figures import value_scale_figure
from ui.conv.kernel_editor import kernel_editor, matching_preset, reset_editor, resized, weight_sum_caption
from ui.conv.kernel_view import bank_tab, filter_code, input_image, kernel_math, pixel_tab
from ui.page_kit import share_tab, what_to_try
from ui.url_state import PageState

STATE = PageState(__file__, KernelConfig)
BANK_TAB = "A filter bank (feature maps)"
SAMPLES = {s.key: s for s in available_samples()}
IMAGE_OPTIONS = [*SAMPLES, "upload"]
#: The "What to try" rows whose photo is installed.
TRIES = tuple(p for p in KERNEL_PRESETS if p.values["image"] in SAMPLES)


def _apply_preset_kernel() -> None:
    """Choosing a preset loads its weights into the editor."""
    key = STATE.value("preset")
    if key in KERNELS:
        text = preset_weights(key, STATE.value("weights"))
        STATE.set(weights=text)
        reset_editor(STATE, text)


def _resize_kernel() -> None:
    if STATE.value("ksize") is None:  # the selected segment was clicked again
        return
    k = resized(kernel_from_text(STATE.value("weights")), int(STATE.value("ksize")))
    text = kernel_to_text(k)
    STATE.set(weights=text, preset=matching_preset(k))
    reset_editor(STATE, text)


def _show_tried_kernel() -> None:
    reset_editor(STATE, STATE.value("weights"))


st.title("Kernels on real images")
STATE.open()
if STATE.value("image") not in IMAGE_OPTIONS:  # a sample whose package is missing
    STATE.set(image=next(iter(SAMPLES)))
what_to_try(STATE, TRIES, "the slides' Photoshop filters, one click each", after=_show_tried_kernel)

# A 3x3 grid (64 px a column) fits beside the images; 5x5 and 7x7 (330-460 px) get their own row.
if kernel_from_text(STATE.value("weights")).shape[0] <= 3:
    editor_col, in_col, out_col = st.columns([1.5, 2, 2], gap="medium")
else:
    editor_col = st.container()
    in_col, out_col = st.columns(2, gap="medium")
with editor_col:
    st.markdown("**Kernel** (edit any number)")
    kernel = kernel_editor(STATE)
    st.caption(weight_sum_caption(kernel))

with st.sidebar:
    st.header("Photo")
    st.selectbox("Image", IMAGE_OPTIONS, key=STATE.key("image"), format_func=IMAGE_CHOICES.get)
    upload = None
    if STATE.value("image") == "upload":
        upload = st.file_uploader(
            "PNG, JPEG, GIF, BMP, TIFF or WebP (≤ 15 MB)",
            type=["png", "jpg", "jpeg", "gif", "bmp", "tif", "tiff", "webp"],
            key=STATE.key("upload"),
        )
    st.header("Kernel")
    STATE.widget("preset", on_change=_apply_preset_kernel)
    st.session_state[STATE.key("ksize")] = kernel.shape[0]
    st.segmented_control(
        "Kernel size",
        [1, 3, 5, 7],
        key=STATE.key("ksize"),
        on_change=_resize_kernel,
        help="Grow (zero-padded) or crop the kernel around its centre.",
    )
    STATE.widget("color", horizontal=False)
    STATE.widget("padding")
    STATE.widget("stride")
    STATE.widget("relu")
    STATE.widget("display", horizontal=False)

cfg = STATE.config()
STATE.remember(cfg)
image, source = input_image(cfg, upload, SAMPLES)
for note in image.notes:
    st.info(note, icon=":material/info:")

pixels = image.pixels
h, w = pixels.shape[:2]
k = kernel.shape[0]
pad = 0 if cfg.padding == "valid" else k // 2
rep_h, rep_w = size_report(h, k, cfg.stride, pad), size_report(w, k, cfg.stride, pad)
if rep_h.problem or rep_w.problem:
    st.error(f"No output: {rep_h.problem or rep_w.problem}")
    st.stop()
out = filter_image(pixels, kernel, cfg.color, cfg.padding, cfg.stride, cfg.relu)
lo, hi = display_range(out, cfg.display)
gray_in = cfg.color == "gray" and not image.is_gray

with in_col:
    st.image(
        to_gray(pixels).astype(np.uint8) if gray_in else pixels,
        caption=f"Input: {w}×{h}" + (" (shown as grayscale)" if gray_in else ""),
        width="stretch",
    )
with out_col:
    st.image(
        to_display(out, cfg.display),
        caption=f"Output: {out.shape[1]}×{out.shape[0]}, values {out.min():.0f} to {out.max():.0f}",
        width="stretch",
    )
    st.plotly_chart(
        value_scale_figure(out, lo, hi, cfg.display == "signed", cfg.display == "abs"),
        key=STATE.key("scale"),
        config={"displayModeBar": False},
    )
with editor_col:
    preset = KERNELS.get(cfg.preset)
    st.markdown(f"**{preset.title}**: {preset.lesson}" if preset else "**Custom kernel**: your own numbers.")

st.caption(f"Image: {source}. Everything runs on this server; nothing is downloaded.")
st.markdown(f"**Output size** (height; width alike with W = {w}), padding P = {pad} per side:")
st.latex(size_latex(rep_h, "H_{out}", "H", dilation=False))

pixel, bank, math_tab, code_tab, link_tab = st.tabs(
    ["Look inside one pixel", BANK_TAB, "How it works", "Code", "Share"],
    key=STATE.key("tab"),
    on_change="rerun",
)
with pixel:
    pixel_tab(STATE, cfg, image, kernel, out, pad)
with bank:
    if bank.open:  # six extra filters: only computed while this tab is shown
        bank_tab(cfg, pixels)
with math_tab:
    kernel_math(cfg, k, out.size)
with code_tab:
    st.code(filter_code(cfg, kernel, pad), language="python")
with link_tab:
    share_tab(
        STATE,
        cfg,
        "This link opens this photo with this kernel (its numbers travel in the link) and these settings. "
        "An uploaded photo stays in your browser tab: the link cannot carry it.",
    )
