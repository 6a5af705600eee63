"""The architectures page's sections (Streamlit): overview, block walk, separable convolution,
Keras summary, all models side by side and ILSVRC by year. Numbers come from the engine."""

from __future__ import annotations

import streamlit as st

from engine.architectures import cache
from engine.architectures.blocks import Block, blocks, diagram
from engine.architectures.catalog import ARCHITECTURES, build_call
from engine.architectures.code import download_mb
from engine.architectures.config import ArchConfig
from engine.architectures.counting import conv_vs_separable
from engine.architectures.ilsvrc import HUMAN_SOURCE, HUMAN_TOP5_ERROR, HUMAN_URL, ILSVRC, first_below_human
from engine.architectures.info import ArchInfo
from ui.architectures.figures import block_figure, blocks_figure, human, ilsvrc_figure
from ui.url_state import LINK_PROBLEM, PageState

PLOT = {"displayModeBar": False}


def load(cfg: ArchConfig) -> ArchInfo | None:
    """The model's info: from this server's cache, or built once in a worker (with a spinner)."""
    arch = ARCHITECTURES[cfg.model]
    if cache.is_cached(cfg.model):
        return cache.get_info(cfg.model)
    text = (
        f"Building {arch.title} in a worker process (once per server: TensorFlow loads there; "
        "later visits, from anyone, are instant)..."
    )
    try:
        with st.spinner(text, show_time=True):
            return cache.get_info(cfg.model)
    except cache.BuildError as err:
        st.error(
            f"{arch.title} could not be built: {err}. Reload the page to try again.", icon=":material/block:"
        )
        return None


def overview(info: ArchInfo) -> None:
    """Headline numbers, the paper, what building cost, and the pretrained-weights note."""
    arch = ARCHITECTURES[info.key]
    cols = st.columns([1.35, 0.7, 1.1, 1.1, 1.0])
    cols[0].metric("Input", "x".join(map(str, info.input_shape)))
    cols[1].metric("Depth", info.depth, help="Longest input-to-output path counted in weight layers.")
    _note_metric(cols[2], "Parameters", human(info.total_params), f"{info.trainable_params:,} trainable")
    cols[3].metric(
        "Multiply-adds / image", human(info.macs), help="Conv2D, DepthwiseConv2D, SeparableConv2D, Dense."
    )
    cols[4].metric(
        "Weights file", _size_text(download_mb(info.total_params)), help="4 bytes per float32 weight."
    )
    st.markdown(f"**{arch.title}** ({arch.year}): {arch.idea}. Paper: [{arch.paper}]({arch.url}).")
    call = build_call(info.key, '"imagenet"')
    weights = (
        f"Pretrained ImageNet weights are not shipped (the app runs offline, and they weigh about "
        f"{file_size(info.total_params)}): with internet, `{call}` downloads them into ~/.keras/models."
        if call
        else "Keras ships no pretrained weights for it; the page only counts, it never trains it."
    )
    st.caption(
        f"Built by Keras on this server with random weights (never downloaded), in a worker process: "
        f"{info.build_seconds:.1f} s and {info.build_mb:,.0f} MB of resident memory there, given back when "
        f"the worker exited; the server keeps only the layer table. {weights}"
    )


def file_size(params: int) -> str:
    """A float32 weights file's size, in MB (KB below 1 MB)."""
    mb = download_mb(params)
    return f"{mb:,.0f} MB" if mb >= 1 else f"{mb * 1024:,.0f} KB"


def block_walk(state: PageState, info: ArchInfo) -> Block:
    """Choose a block (clamped to this model's), chart all blocks, draw and count the chosen one."""
    parts = blocks(info)
    asked = int(state.value("block"))
    if asked >= len(parts):  # only a link can ask for that (a new model starts at block 0)
        state.set(block=len(parts) - 1)
        problem = f"b={asked}: {ARCHITECTURES[info.key].title} has {len(parts)} blocks, showing the last one"
        st.warning(LINK_PROBLEM.format(problem=problem), icon=":material/link_off:")
    st.select_slider(
        "Block",
        options=list(range(len(parts))),
        format_func=lambda i: f"{i}: {parts[i].title}",
        key=state.key("block"),
        help="Walk the model from input to output, one block at a time.",
    )
    index = int(state.value("block"))
    block = parts[index]
    st.plotly_chart(blocks_figure(parts, index), config=PLOT)
    st.subheader(f"Block {index}: {block.title} ({block.kind})")
    names = {layer.name for layer in info.layers}
    entry = info.layer(block.entry[0]).shape if block.entry and block.entry[0] in names else info.input_shape
    text, params, macs = st.columns([2.2, 1, 1])
    text.markdown(block_text(block))
    _note_metric(
        params,
        "Block parameters",
        f"{block.params:,}",
        f"{block.params / info.total_params:.1%} of the model",
    )
    _note_metric(
        macs, "Block multiply-adds", human(block.macs), f"{block.macs / max(info.macs, 1):.1%} of the model"
    )
    st.plotly_chart(block_figure(block, diagram(block), entry), config=PLOT, width="content")
    st.caption(
        "Each box: a layer (blue: it has weights), the layers folded into it (BN: batch normalisation, act: "
        "activation, pad: zero padding), its output shape, then weights · multiply-adds per image."
    )
    with st.expander(f"The {len(block.layers)} Keras layers of this block"):
        st.dataframe(_rows(block.layers), hide_index=True)
    return block


def _note_metric(container, label: str, value: str, note: str) -> None:
    """A metric with a grey note under it (a fact, not a change)."""
    container.metric(label, value, note, delta_color="off", delta_arrow="off")


def _rows(layers) -> list[dict]:
    return [
        {
            "layer": layer.name,
            "type": layer.kind,
            "output shape": "x".join(map(str, layer.shape)),
            "parameters": layer.params,
            "trainable": layer.trainable,
            "multiply-adds": layer.macs,
            "inputs": ", ".join(layer.inputs),
        }
        for layer in layers
    ]


def block_text(block: Block) -> str:
    """What this kind of block does, in two sentences."""
    kind = block.kind
    adds = [layer for layer in block.layers if layer.kind == "Add"]
    if "residual" in kind and adds:
        shortcut_convs = [n for n in adds[0].inputs if n in {layer.name for layer in block.layers}]
        identity = len(shortcut_convs) < len(adds[0].inputs)
        how = (
            "The shortcut is the identity: it adds x unchanged, with no weights."
            if identity
            else "The shortcut is a 1x1 convolution (a projection), because the shape changes here."
        )
        return f"**Residual connection**: the block computes y = F(x) + x, so it only has to learn a change of x. {how}"
    if "inception" in kind:
        cats = [layer for layer in block.layers if layer.kind == "Concatenate"]
        depth = cats[-1].shape[-1] if cats else 0
        return (
            "**Inception module**: parallel branches (1x1, larger kernels factorised into smaller ones, pooling) "
            f"look at the same input; their outputs are stacked along the channels ({depth} here)."
        )
    if "separable" in kind or "inverted" in kind:
        return (
            "**Depthwise separable convolution**: one k x k filter per input channel (depthwise), then a 1x1 "
            "convolution mixing the channels (pointwise): far fewer weights and multiply-adds (tab below)."
        )
    if "head" in kind:
        return "**Classifier head**: dense layers from the last feature maps to the 1000 ImageNet classes."
    return "**Convolutions and pooling**: each convolution sees a k x k window of all input channels."


def separable_section(state: PageState, cfg: ArchConfig, info: ArchInfo) -> None:
    """A normal k x k convolution vs a depthwise separable one: formula with live numbers."""
    cols = st.columns(4)
    for col, name in zip(cols, ("sep_size", "sep_in", "sep_out", "sep_k"), strict=True):
        state.widget(name, col)
    c = conv_vs_separable(cfg.sep_size, cfg.sep_in, cfg.sep_out, cfg.sep_k)
    k2 = c.k * c.k
    st.latex(
        rf"\text{{normal: }} k^2 C_{{in}} C_{{out}} = {k2}\cdot{c.c_in:,}\cdot{c.c_out:,} = {c.normal_params:,}"
        r"\text{ weights}".replace(",", "{,}")
    )
    st.latex(
        rf"\text{{separable: }} \underbrace{{k^2 C_{{in}}}}_{{\text{{depthwise}}}} + "
        rf"\underbrace{{C_{{in}} C_{{out}}}}_{{\text{{pointwise}}}} = {c.depthwise_params:,} + {c.pointwise_params:,}"
        rf" = {c.separable_params:,}".replace(",", "{,}")
    )
    st.latex(
        rf"\frac{{\text{{separable}}}}{{\text{{normal}}}} = \frac{{1}}{{C_{{out}}}} + \frac{{1}}{{k^2}} = "
        rf"\frac{{1}}{{{c.c_out}}} + \frac{{1}}{{{k2}}} = {c.closed_form_ratio:.4f}"
    )
    a, b = st.columns(2)
    _note_metric(a, "Multiply-adds, normal", human(c.normal_macs), f"H·W·k²·C_in·C_out, H = W = {c.size}")
    _note_metric(b, "Multiply-adds, separable", human(c.separable_macs), f"{c.macs_ratio:.1%} of normal")
    st.caption(
        "A normal convolution mixes space and channels at once: every output channel has a k x k x C_in kernel. "
        "The separable one splits the job: each input channel is filtered alone (k x k x 1), then 1x1 "
        "convolutions mix channels. Weights only (no biases), stride 1, 'same' padding."
    )
    count, actual, normal = info.separable_savings()
    if count:
        st.info(
            f"In {ARCHITECTURES[info.key].title}: {count} SeparableConv2D layers with {actual:,} weights; normal "
            f"convolutions of the same shapes would need {normal:,} ({normal / actual:.1f}x more).",
            icon=":material/calculate:",
        )


def summary_section(info: ArchInfo) -> None:
    """The layer table (from the model's layers) and Keras' own ``model.summary()``, totals compared."""
    ours = {
        "total": info.total_params,
        "trainable": info.trainable_params,
        "non_trainable": info.non_trainable_params,
    }
    keras_totals = info.summary_totals
    if ours == keras_totals and info.keras_count_params == info.total_params:
        st.success(
            f"The table's totals match `model.summary()` and `model.count_params()`: {info.total_params:,} "
            f"parameters, {info.trainable_params:,} trainable, {info.non_trainable_params:,} not trainable "
            "(batch-norm moving means and variances).",
            icon=":material/check_circle:",
        )
    else:
        st.error(f"Totals differ: table {ours}, Keras {keras_totals}.", icon=":material/error:")
    st.dataframe(_rows(info.layers), hide_index=True, height=320)
    with st.expander("Keras' own model.summary()"):
        st.code(info.summary_text, language=None)


def compare_section(state: PageState) -> None:
    """Every model built on this server so far, side by side; a button builds the others."""
    rows = []
    for key, arch in ARCHITECTURES.items():
        if not cache.is_cached(key):
            continue
        info = cache.get_info(key)
        rows.append(
            {
                "model": arch.title,
                "year": arch.year,
                "input": "x".join(map(str, info.input_shape)),
                "depth": info.depth,
                "parameters (M)": round(info.total_params / 1e6, 2),
                "multiply-adds (G)": round(info.macs / 1e9, 3),
                "weights file (MB)": round(download_mb(info.total_params)),
                "ImageNet top-1 (Keras)": f"{arch.imagenet_top1:.1%}" if arch.imagenet_top1 else "–",
                "build (s)": round(info.build_seconds, 1),
                "build memory (MB)": round(info.build_mb),
            }
        )
    st.dataframe(rows, hide_index=True)
    missing = [key for key in ARCHITECTURES if not cache.is_cached(key)]
    if missing:
        names = ", ".join(ARCHITECTURES[k].title for k in missing)
        st.caption(f"Not built on this server yet: {names}.")
        if st.button(
            f"Build the other {len(missing)} (a few seconds each, once per server)",
            key=state.key("build_all"),
        ):
            with st.spinner("Building in worker processes...", show_time=True):
                for key in missing:
                    try:
                        cache.get_info(key)
                    except cache.BuildError as err:
                        st.error(str(err))
            st.rerun()
    st.caption(
        "Build time and memory: measured in the worker process that built each model (random initialisation "
        "of every weight included). ImageNet top-1: accuracy of Keras' pretrained weights, from "
        "https://keras.io/api/applications/ (not shipped here)."
    )


def ilsvrc_section() -> None:
    """The challenge's winners by year, with a source per row and the human baseline."""
    st.plotly_chart(ilsvrc_figure(), config=PLOT)
    below = first_below_human()
    st.markdown(
        f"From 28.2 % to 2.25 % in seven years. AlexNet's 2012 win started the deep-learning era; in "
        f"{below.year} {below.model} ({below.top5_error} %) went below the {HUMAN_TOP5_ERROR} % of one "
        f"trained human annotator ([Karpathy]({HUMAN_URL}))."
    )
    rows = [
        f"| {w.year} | {w.team} | {w.model} | {w.top5_error:g} | {w.source} ([results]({w.url})) |"
        for w in ILSVRC
    ]
    st.markdown(
        "\n".join(["| year | team | model | top-5 error (%) | source |", "|---|---|---|---:|---|", *rows])
    )
    st.caption(f"Human: {HUMAN_SOURCE}. Figures: test-set top-5 error of the winning classification entry.")


def _size_text(mb: float) -> str:
    """A file size in MB of 2**20 bytes: "528 MB", "14.2 MB", "241 kB" (kB of 1,024 bytes)."""
    if mb >= 100:
        return f"{mb:,.0f} MB"
    return f"{mb:.1f} MB" if mb >= 1 else f"{mb * 1024:,.0f} kB"
