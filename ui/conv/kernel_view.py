"""The parts of *Kernels on real images* below the images: the input photo, one pixel's arithmetic,
the filter bank, the formula and the code."""

from __future__ import annotations

import numpy as np
import streamlit as st

from engine.conv.config import KernelConfig
from engine.conv.conv import conv_trace
from engine.conv.imagefilter import filter_image, to_gray
from engine.conv.images import ImageError, LoadedImage, Sample, load_image_bytes, load_sample
from engine.conv.kernels import KERNELS
from ui.url_state import PageState

#: The filter bank: six hand-made filters, each followed by ReLU as in a CNN.
BANK = ("sobel_left", "sobel_right", "sobel_top", "sobel_bottom", "outline", "gaussian5")


@st.cache_data(max_entries=8, show_spinner=False)
def _decode_upload(data: bytes) -> LoadedImage:
    return load_image_bytes(data)


def input_image(cfg: KernelConfig, upload, samples: dict[str, Sample]) -> tuple[LoadedImage, str]:
    """The photo to filter and where it comes from; a bad upload is explained and the run stops."""
    first = next(iter(samples))
    if cfg.image != "upload":
        return load_sample(cfg.image), samples[cfg.image].credit
    if upload is None:
        st.info(
            "Upload an image in the sidebar (it stays in this browser tab only; the link cannot carry it). "
            f"Meanwhile the {samples[first].title.split(' (')[0].lower()} is shown.",
            icon=":material/upload:",
        )
        return load_sample(first), samples[first].credit
    try:
        image = _decode_upload(upload.getvalue())
    except ImageError as err:
        st.error(f"This upload cannot be used: {err}", icon=":material/broken_image:")
        st.stop()
    return image, f"your upload {upload.name!r} (processed on this server, not stored)"


def pixel_tab(
    state: PageState, cfg: KernelConfig, image: LoadedImage, kernel: np.ndarray, out: np.ndarray, pad: int
) -> None:
    """One output pixel: its window, the kernel, the products and their sum."""
    st.markdown(
        "The output pixel is the sum of the window times the kernel: the same arithmetic as on "
        "*Convolution, step by step*, on real pixel values."
    )
    a, b, c = st.columns(3)
    oh, ow = out.shape[:2]
    row = a.number_input("Output row", 0, oh - 1, oh // 2, key=state.key("px_row"))
    col = b.number_input("Output column", 0, ow - 1, ow // 2, key=state.key("px_col"))
    names = ["grey"] if (cfg.color == "gray" or image.is_gray) else ["red", "green", "blue"]
    chan = c.selectbox("Channel", range(len(names)), format_func=lambda i: names[i], key=state.key("px_chan"))
    pixels = image.pixels
    plane = to_gray(pixels) if cfg.color == "gray" else np.asarray(pixels, dtype=np.float32)
    plane = plane if plane.ndim == 2 else plane[..., chan]
    padded = np.pad(plane, pad, mode="constant" if cfg.padding == "zero" else "reflect") if pad else plane
    tr = conv_trace(padded[:, :, None], kernel[:, :, None, None], None, int(row), int(col), 0, cfg.stride, 0)
    c1, c2, c3 = st.columns(3)
    c1.markdown("Window (input pixels)")
    c1.dataframe(
        tr.window[:, :, 0],
        hide_index=True,
        column_config={str(i): st.column_config.NumberColumn(format="%.4g") for i in range(kernel.shape[0])},
    )
    c2.markdown("× kernel")
    c2.dataframe(tr.weights[:, :, 0], hide_index=True)
    c3.markdown("= products")
    c3.dataframe(tr.products[:, :, 0], hide_index=True)
    value = tr.out if not cfg.relu else max(tr.out, 0.0)
    held = float(out[row, col] if out.ndim == 2 else out[row, col, chan])
    st.markdown(
        f"Sum of the products = **{tr.total:.4g}**"
        + (f" → ReLU → **{value:.4g}**" if cfg.relu else "")
        + f" (the output image holds {held:.4g})."
    )


def bank_tab(cfg: KernelConfig, pixels: np.ndarray) -> None:
    """Six hand-made filters on the grayscale image, stacked as one layer's feature maps."""
    st.markdown(
        "A conv layer applies a whole **bank** of filters to the same input and stacks the results as channels "
        "(slides 003: *filter bank → feature maps*). Here six hand-made filters on the grayscale image, each "
        "followed by ReLU as in a CNN; a trained network learns its own."
    )
    grey = to_gray(pixels)
    cols = st.columns(3)
    shapes = set()
    for n, name in enumerate(BANK):
        fmap = filter_image(grey, KERNELS[name].array, "gray", cfg.padding, cfg.stride, relu=True)
        shapes.add(fmap.shape[:2])
        top = max(float(np.percentile(fmap, 99.5)), 1e-6)
        cols[n % 3].image(np.clip(fmap / top * 255.0, 0, 255).astype(np.uint8), width="stretch")
        cols[n % 3].caption(
            f"{KERNELS[name].title} → ReLU: {fmap.shape[1]}×{fmap.shape[0]}, max {fmap.max():.0f}"
        )
    sizes = sorted({KERNELS[name].array.shape[0] for name in BANK})
    widest = sizes[-1]
    one_size = (
        ""
        if len(sizes) == 1
        else f" A real layer has one kernel size: the {', '.join(f'{s}×{s}' for s in sizes[:-1])} filters would sit "
        f"zero-padded in {widest}×{widest} windows."
    )
    if len(shapes) == 1:
        (h, w) = next(iter(shapes))
        stacked = f"Stacked, these {len(BANK)} maps are one {h}×{w}×{len(BANK)} output: "
    else:
        stacked = (
            "With valid padding the larger filters' maps come out smaller; padded alike, they stack into "
        )
    st.caption(
        stacked + f"a Conv2D({len(BANK)}, {widest}) layer's activations.{one_size} Each map runs from 0 "
        "(black) to its own 99.5th percentile (white)."
    )


def kernel_math(cfg: KernelConfig, k: int, n_out: int) -> None:
    """The formula, per channel vs a CNN layer, and this output's multiply-adds."""
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
        f"- This output took one multiply-add per kernel weight per pixel: {k * k} × {n_out:,} "
        f"= {k * k * n_out:,}."
    )


def filter_code(cfg: KernelConfig, kernel: np.ndarray, pad: int) -> str:
    """numpy/scipy code that applies this kernel the way the page does."""
    krow = ", ".join("[" + ", ".join(f"{v:.4g}" for v in r) + "]" for r in kernel)
    mode = "L" if cfg.color == "gray" else "RGB"
    border = "constant" if cfg.padding != "reflect" else "mirror"
    return (
        f"""import numpy as np
from PIL import Image
from scipy import ndimage

kernel = np.array([{krow}])
img = np.asarray(Image.open("photo.png").convert("{mode}"), dtype=np.float32)
# cross-correlation, as CNNs compute it (ndimage.convolve would flip the kernel)
channels = [img] if img.ndim == 2 else [img[..., c] for c in range(3)]
out = np.stack([ndimage.correlate(ch, kernel, mode="{border}")
                for ch in channels], axis=-1)
"""
        + (
            f"out = out[{pad}:-{pad}, {pad}:-{pad}]  # valid: drop the margin\n"
            if cfg.padding == "valid" and pad
            else ""
        )
        + ("" if cfg.stride == 1 else f"out = out[::{cfg.stride}, ::{cfg.stride}]  # stride\n")
        + ("out = np.maximum(out, 0)  # ReLU\n" if cfg.relu else "")
        + "shown = np.clip(out, 0, 255).astype(np.uint8)\n"
    )
