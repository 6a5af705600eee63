"""Draw a digit: a CNN reads your handwriting, with MNIST-style preprocessing and every layer shown."""

from __future__ import annotations

import numpy as np
import streamlit as st

from engine.mnist.config import DrawConfig
from ui.mnist.draw import (
    NOT_TRAINED,
    ActiveModel,
    lab_model,
    lab_model_problem,
    model_input_image,
    pretrained_card,
    pretrained_model,
    recognise,
    render_path,
    render_prediction,
)
from ui.mnist.draw_input import canvas_input, test_digit_input
from ui.mnist.explain_draw import render_about_model, render_how_it_works, render_what_to_try
from ui.mnist.figures import grey_image
from ui.mnist.presets import DRAW_PRESETS
from ui.mnist.state import DRAW_STATE as STATE
from ui.page_kit import share_tab, what_to_try

SHARE_BLURB = (
    "This link opens the page with these settings (model, input, test digit, stroke width, "
    "preprocessing, path); the drawing itself is not part of it. *The model trained in the "
    "MNIST lab* lives in one session: a link that picks it falls back to the pretrained CNN "
    "until the session that opens it has trained one."
)


def _fragment_config() -> DrawConfig:
    """The config as the widgets hold it now (a fragment rerun sees its own widgets' changes)."""
    try:
        return STATE.raw_config().validated()
    except (TypeError, ValueError):
        return STATE.last


st.title("Draw a digit")
STATE.open()

lab = lab_model()
lab_problem = lab_model_problem() if lab is None else None
if STATE.value("model") == "lab" and lab is None:
    STATE.set(model="pretrained")
    st.info(f"{lab_problem}: using the pretrained digit recognizer.", icon=":material/info:")

with st.sidebar:
    st.subheader("Model")
    STATE.widget("model", horizontal=False)
    if lab_problem == NOT_TRAINED:
        st.caption("(Train a network in the MNIST lab to use it here; it stays in this session.)")
    elif lab_problem:
        st.caption("(The lab's network was trained on Fashion-MNIST, not digits: it cannot be used here.)")
    st.subheader("Input")
    STATE.widget("source", horizontal=False)
    STATE.widget("stroke_width")
    STATE.widget("preprocess")
    STATE.widget("show_path")

cfg = STATE.config()
STATE.remember(cfg)

if cfg.model == "lab" and lab is not None:
    active = lab
else:
    card = pretrained_card()
    acc = card.get("test_accuracy")
    active = ActiveModel(
        pretrained_model(),
        "pretrained",
        "Pretrained CNN bundled with the app"
        + (f": {acc:.1%} on {card.get('test_images', 0):,} held-out MNIST digits" if acc else ""),
    )
st.caption(f"Model: {active.description}. Everything runs on this server, offline.")


def _input_column(rec, cfg: DrawConfig) -> None:
    st.markdown("**What the model gets** (28 x 28)")
    if rec is None or rec.prepared.empty:
        st.image(grey_image(np.zeros((28, 28), np.float32), 8), width=224)
        st.caption("Empty so far.")
        return
    st.image(model_input_image(rec), width=224)
    p = rec.prepared
    if cfg.preprocess and p.bbox is not None:
        st.caption(
            f"Ink cropped to {p.bbox[2] - p.bbox[0]}x{p.bbox[3] - p.bbox[1]} px, scaled to "
            f"{p.scaled_shape[0]}x{p.scaled_shape[1]}, centre of mass moved to "
            f"({p.center_of_mass[0]:.1f}, {p.center_of_mass[1]:.1f})."
        )
    elif not cfg.preprocess:
        st.caption("No preprocessing: the whole canvas squashed to 28x28. Compare with the toggle on.")
    st.caption(
        f"Model time: preprocessing {rec.preprocess_ms:.1f} ms + network {rec.inference_ms:.1f} ms "
        f"= <span data-testid='draw-model-ms'>{rec.model_ms:.1f}</span> ms",
        unsafe_allow_html=True,
    )


def _prediction_column(rec, label: int | None) -> None:
    if rec is None or rec.prepared.empty:
        reason = rec.prepared.reason if rec is not None else "Draw a digit."
        st.markdown(
            f"<div data-testid='draw-empty' style='font-size:34px;font-weight:600;color:#5f6673;"
            f"margin-top:40px'>{'Draw a digit' if rec is None or 'empty' in reason else reason}</div>",
            unsafe_allow_html=True,
        )
        st.caption("The network only answers when there is a digit to read.")
        return
    render_prediction(rec)
    if label is not None:
        right = int(np.argmax(rec.probs)) == label
        (st.success if right else st.error)(f"True label: {label}")


@st.fragment
def drawing_area(active: ActiveModel) -> None:
    """Canvas, 28x28 input, prediction, path and explanations: a stroke reruns only this part.

    The config is read from session state here (not passed in) so a widget inside the
    fragment (the test digit number) takes effect on the fragment's own rerun.
    """
    cfg = _fragment_config()
    draw_col, input_col, pred_col = st.columns([1.15, 1, 1.35], gap="medium")
    label: int | None = None
    with draw_col:
        if cfg.source == "canvas":
            canvas_image = canvas_input(cfg)
        else:
            cfg, canvas_image, label = test_digit_input(cfg)
    rec = (
        recognise(canvas_image, active, cfg.preprocess, cfg.stroke_width)
        if canvas_image is not None
        else None
    )
    with input_col:
        _input_column(rec, cfg)
    with pred_col:
        _prediction_column(rec, label)

    if rec is not None and not rec.prepared.empty and cfg.show_path:
        st.subheader("The drawing's path through the network")
        st.caption(
            "Each square is one feature map (bright = strongly active), left to right the channels of one "
            "layer; then the dense layers' units and the softmax. Early layers find strokes and edges, later "
            "ones respond to parts of digits."
        )
        render_path(rec)

    how_tab, about_tab, link_tab = st.tabs(["How it works", "About the model", "Share"])
    with how_tab:
        render_how_it_works(rec)
    with about_tab:
        render_about_model(pretrained_card(), lab)
    with link_tab:
        share_tab(STATE, cfg, SHARE_BLURB)
    STATE.remember(cfg)


# Outside the fragment, so a preset reruns the whole page (the sidebar shows its settings too).
with what_to_try(STATE, DRAW_PRESETS, "preprocessing, a thin pen, test digits, your lab model"):
    render_what_to_try()
drawing_area(active)
