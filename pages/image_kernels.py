"""Kernels on real images: the slides' "Photoshop filters", editable, on bundled photos or an upload."""

from __future__ import annotations

import numpy as np
import streamlit as st

from engine.conv.config import KernelConfig
from engine.conv.conv import conv_trace
from engine.conv.imagefilter import (
    COLORS,
    DISPLAYS,
    PADDINGS,
    display_range,
    filter_image,
    to_display,
    to_gray,
)
from engine.conv.images import ImageError, LoadedImage, available_samples, load_image_bytes, load_sample
from engine.conv.kernels import KERNELS, kernel_from_text, kernel_to_text
from engine.conv.shapes import size_report
from ui.conv.explain import size_latex
from ui.conv.figures import value_scale_figure
from ui.conv.kernel_editor import kernel_editor, matching_preset, reset_editor, resized
from ui.url_state import config_from_state, ensure_state, remember, set_fields

P = "kn_"
BANK_TAB = "A filter bank (feature maps)"
SAMPLES = {s.key: s for s in available_samples()}
IMAGE_OPTIONS = [*SAMPLES, "upload"]
PRESET_OPTIONS = [*KERNELS, "custom"]

TRIES: tuple[tuple[str, str, dict], ...] = (
    (
        "Sharpen the astronaut",
        "Sharpen's weights sum to 1: flat areas keep their brightness, edges get a halo.",
        {"image": "astronaut", "preset": "sharpen", "display": "clip", "color": "rgb"},
    ),
    (
        "Excessive sharpen",
        "The slides' −7 kernel: its weights sum to 1 too, but every speck of texture is multiplied.",
        {"image": "astronaut", "preset": "excessive_sharpen", "display": "clip", "color": "rgb"},
    ),
    (
        "Edges, in signed colours",
        "Weights summing to 0 make flat areas 0 (white); blue and red are the two sides "
        "of every edge. Clipping (the default view) would hide the negative half.",
        {"image": "camera", "preset": "edges_all", "display": "signed", "color": "gray"},
    ),
    (
        "Right Sobel + ReLU",
        "As in a CNN layer: ReLU keeps only the positive responses, i.e. edges that get "
        "brighter to the right.",
        {"image": "camera", "preset": "sobel_right", "display": "stretch", "color": "gray", "relu": True},
    ),
    (
        "Blur, then look at the margin",
        "Valid padding: a 5x5 Gaussian loses 2 pixels on every side (see the sizes "
        "under the images and the formula).",
        {"image": "chelsea", "preset": "gaussian5", "padding": "valid", "display": "clip", "color": "rgb"},
    ),
    (
        "Stride 2 halves the image",
        "The kernel jumps two pixels at a time: a quarter of the output pixels.",
        {"image": "coins", "preset": "box_blur", "stride": 2, "display": "clip", "color": "gray"},
    ),
    (
        "Emboss the coins",
        "A one-sided kernel: relief lit from the top-left.",
        {"image": "coins", "preset": "emboss", "display": "clip", "color": "gray"},
    ),
)


def _apply_preset_kernel() -> None:
    key = st.session_state[P + "preset"]
    if key in KERNELS:
        text = kernel_to_text(KERNELS[key].array)
        st.session_state[P + "weights"] = text
        reset_editor(P, text)


def _resize_kernel() -> None:
    if st.session_state[P + "ksize"] is None:  # the selected segment was clicked again
        return
    size = int(st.session_state[P + "ksize"])
    k = resized(kernel_from_text(st.session_state[P + "weights"]), size)
    text = kernel_to_text(k)
    set_fields(P, weights=text, preset=matching_preset(k))
    reset_editor(P, text)


def _try(fields: dict) -> None:
    defaults = KernelConfig()
    set_fields(P, color=defaults.color, padding=defaults.padding, stride=1, relu=False, display="clip")
    set_fields(P, **fields)
    _apply_preset_kernel()


@st.cache_data(max_entries=8, show_spinner=False)
def _decode_upload(data: bytes) -> LoadedImage:
    return load_image_bytes(data)


st.title("Kernels on real images")
for problem in ensure_state(P, KernelConfig):
    st.warning(f"The link had a setting this page cannot use, so it was skipped: {problem}")
if st.session_state[P + "image"] not in IMAGE_OPTIONS:  # a sample whose package is missing
    st.session_state[P + "image"] = next(iter(SAMPLES))

editor_col, in_col, out_col = st.columns([1.05, 2, 2], gap="medium")
with editor_col:
    st.markdown("**Kernel** (edit any number)")
    kernel = kernel_editor(P, P + "weights", P + "preset")
    total = float(kernel.sum())
    st.caption(
        f"Weights sum to **{total:.4g}**: "
        + (
            "brightness is kept."
            if abs(total - 1) < 1e-6
            else "flat areas become 0 (an edge detector)."
            if abs(total) < 1e-6
            else f"flat areas are multiplied by {total:.3g}."
        )
    )

with st.sidebar:
    st.header("Photo")
    st.selectbox(
        "Image",
        IMAGE_OPTIONS,
        key=P + "image",
        format_func=lambda k: "Upload your own…" if k == "upload" else SAMPLES[k].title,
    )
    upload = None
    if st.session_state[P + "image"] == "upload":
        upload = st.file_uploader(
            "PNG, JPEG, GIF, BMP, TIFF or WebP (≤ 15 MB)",
            type=["png", "jpg", "jpeg", "gif", "bmp", "tif", "tiff", "webp"],
            key="kn_upload",
        )
    st.header("Kernel")
    st.selectbox(
        "Preset",
        PRESET_OPTIONS,
        key=P + "preset",
        on_change=_apply_preset_kernel,
        format_func=lambda k: "Custom (your edits)" if k == "custom" else KERNELS[k].title,
    )
    st.session_state[P + "ksize"] = kernel.shape[0]
    st.segmented_control(
        "Kernel size",
        [1, 3, 5, 7],
        key=P + "ksize",
        on_change=_resize_kernel,
        help="Grow (zero-padded) or crop the kernel around its centre.",
    )
    st.radio("Colour", list(COLORS), format_func=COLORS.get, key=P + "color")
    st.selectbox("Padding", list(PADDINGS), format_func=PADDINGS.get, key=P + "padding")
    st.slider("Stride", 1, 4, key=P + "stride")
    st.toggle("ReLU after the kernel (max(0, v), as in a CNN layer)", key=P + "relu")
    st.radio("Show the output as", list(DISPLAYS), format_func=DISPLAYS.get, key=P + "display")

cfg = config_from_state(P, KernelConfig).validated()
remember(P, cfg)

image: LoadedImage | None = None
source = ""
if cfg.image == "upload":
    if upload is None:
        st.info(
            "Upload an image in the sidebar (it stays in this browser tab only; the link cannot carry it). "
            "Meanwhile the astronaut is shown.",
            icon=":material/upload:",
        )
        image, source = load_sample(next(iter(SAMPLES))), SAMPLES[next(iter(SAMPLES))].credit
    else:
        try:
            image = _decode_upload(upload.getvalue())
            source = f"your upload {upload.name!r} (processed on this server, not stored)"
        except ImageError as err:
            st.error(f"This upload cannot be used: {err}", icon=":material/broken_image:")
            st.stop()
else:
    image, source = load_sample(cfg.image), SAMPLES[cfg.image].credit
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
shown = to_display(out, cfg.display)
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
        shown,
        caption=f"Output: {out.shape[1]}×{out.shape[0]}, values {out.min():.0f} to {out.max():.0f}",
        width="stretch",
    )
    st.plotly_chart(
        value_scale_figure(out, lo, hi, cfg.display == "signed", cfg.display == "abs"),
        key="kn_scale",
        config={"displayModeBar": False},
    )
with editor_col:
    preset = KERNELS.get(cfg.preset)
    st.markdown(f"**{preset.title}**: {preset.lesson}" if preset else "**Custom kernel**: your own numbers.")

st.caption(f"Image: {source}. Everything runs on this server; nothing is downloaded.")
st.markdown(f"**Output size** (height; width alike with W = {w}), padding P = {pad} per side:")
st.latex(size_latex(rep_h, "H_{out}", "H", dilation=False))

try_tab, pixel_tab, bank_tab, math_tab, code_tab = st.tabs(
    ["What to try", "Look inside one pixel", BANK_TAB, "How it works", "Code"],
    key="kn_tab",
    on_change="rerun",
)
with try_tab:
    for i, (title, lesson, fields) in enumerate(TRIES):
        if fields["image"] not in SAMPLES:
            continue
        left, right = st.columns([1.3, 3], vertical_alignment="center")
        left.button(title, key=f"kn_try_{i}", on_click=_try, args=(fields,), width="stretch")
        right.markdown(lesson)
with pixel_tab:
    st.markdown(
        "The output pixel is the sum of the window times the kernel: the same arithmetic as on "
        "*Convolution, step by step*, on real pixel values."
    )
    a, b, c = st.columns(3)
    row = a.number_input(
        "Output row", 0, out.shape[0] - 1, min(out.shape[0] // 2, out.shape[0] - 1), key="kn_px_row"
    )
    col = b.number_input(
        "Output column", 0, out.shape[1] - 1, min(out.shape[1] // 2, out.shape[1] - 1), key="kn_px_col"
    )
    chan_names = ["grey"] if (cfg.color == "gray" or image.is_gray) else ["red", "green", "blue"]
    chan = c.selectbox(
        "Channel", range(len(chan_names)), format_func=lambda i: chan_names[i], key="kn_px_chan"
    )
    plane = to_gray(pixels) if cfg.color == "gray" else np.asarray(pixels, dtype=np.float32)
    plane = plane if plane.ndim == 2 else plane[..., chan]
    padded = np.pad(plane, pad, mode="constant" if cfg.padding == "zero" else "reflect") if pad else plane
    tr = conv_trace(padded[:, :, None], kernel[:, :, None, None], None, int(row), int(col), 0, cfg.stride, 0)
    fmt = "%.4g"
    c1, c2, c3 = st.columns(3)
    c1.markdown("Window (input pixels)")
    c1.dataframe(
        tr.window[:, :, 0],
        hide_index=True,
        column_config={str(i): st.column_config.NumberColumn(format=fmt) for i in range(k)},
    )
    c2.markdown("× kernel")
    c2.dataframe(tr.weights[:, :, 0], hide_index=True)
    c3.markdown("= products")
    c3.dataframe(tr.products[:, :, 0], hide_index=True)
    value = tr.out if not cfg.relu else max(tr.out, 0.0)
    st.markdown(
        f"Sum of the products = **{tr.total:.4g}**"
        + (f" → ReLU → **{value:.4g}**" if cfg.relu else "")
        + f" (the output image holds {float(out[row, col] if out.ndim == 2 else out[row, col, chan]):.4g})."
    )
with bank_tab:
    if bank_tab.open:  # six extra filters: only computed while this tab is shown
        st.markdown(
            "A conv layer applies a whole **bank** of filters to the same input and stacks the results as channels "
            "(slides 003: *filter bank → feature maps*). Here six hand-made filters on the grayscale image, each "
            "followed by ReLU as in a CNN; a trained network learns its own."
        )
        bank = ("sobel_left", "sobel_right", "sobel_top", "sobel_bottom", "outline", "gaussian5")
        grey = to_gray(pixels)
        cols = st.columns(3)
        for n, name in enumerate(bank):
            fmap = filter_image(grey, KERNELS[name].array, "gray", cfg.padding, cfg.stride, relu=True)
            top = max(float(np.percentile(fmap, 99.5)), 1e-6)
            cols[n % 3].image(np.clip(fmap / top * 255.0, 0, 255).astype(np.uint8), width="stretch")
            cols[n % 3].caption(
                f"{KERNELS[name].title} → ReLU: {fmap.shape[1]}×{fmap.shape[0]}, max {fmap.max():.0f}"
            )
        st.caption(
            f"Stacked, these six maps are one {out.shape[0]}×{out.shape[1]}×6 output: a Conv2D(6, {k}) layer's "
            "activations. Each map runs from 0 (black) to its own 99.5th percentile (white)."
        )
with math_tab:
    st.latex(
        r"\text{out}[i, j] = \sum_{a=0}^{K-1}\sum_{b=0}^{K-1} \text{img}_{pad}[iS + a,\; jS + b]\cdot k[a, b]"
        + (r"\quad\to\quad \max(0, \cdot)" if cfg.relu else "")
    )
    st.markdown(
        "- **Per channel**: the same kernel slides over red, green and blue separately (a *depthwise* "
        "convolution), so colours survive. **Grayscale** first mixes them: 0.299 R + 0.587 G + 0.114 B.\n"
        "- A CNN's Conv2D layer is different: each filter has its own K×K weights **per input channel** and sums "
        "over channels, giving one output channel per filter; and the weights are learned, not chosen.\n"
        "- Outputs are not limited to 0-255: edge kernels give negative values. *Clip* is what photo editors "
        "show; *signed colours* shows both signs; the histogram shows what is clipped.\n"
        f"- This output took one multiply-add per kernel weight per pixel: {k * k} × {out.size:,} "
        f"= {k * k * out.size:,}."
    )
with code_tab:
    krow = ", ".join("[" + ", ".join(f"{v:.4g}" for v in r) + "]" for r in kernel)
    st.code(
        f"""import numpy as np
from PIL import Image
from scipy import ndimage

kernel = np.array([{krow}])
img = np.asarray(Image.open("photo.png").convert("{"L" if cfg.color == "gray" else "RGB"}"), dtype=np.float32)
# cross-correlation, as CNNs compute it (ndimage.convolve would flip the kernel)
channels = [img] if img.ndim == 2 else [img[..., c] for c in range(3)]
out = np.stack([ndimage.correlate(ch, kernel, mode="{"constant" if cfg.padding != "reflect" else "mirror"}")
                for ch in channels], axis=-1)
"""
        + (
            ""
            if cfg.padding != "valid"
            else f"out = out[{pad}:-{pad}, {pad}:-{pad}]  # valid: drop the margin\n"
        )
        + ("" if cfg.stride == 1 else f"out = out[::{cfg.stride}, ::{cfg.stride}]  # stride\n")
        + ("out = np.maximum(out, 0)  # ReLU\n" if cfg.relu else "")
        + "shown = np.clip(out, 0, 255).astype(np.uint8)\n",
        language="python",
    )
