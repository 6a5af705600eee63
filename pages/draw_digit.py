"""Draw a digit: a CNN reads your handwriting, with MNIST-style preprocessing and every layer shown."""

from __future__ import annotations

import numpy as np
import streamlit as st

from engine.mnist.config import DRAW_MODELS, DRAW_SOURCES, MAX_STROKE, MIN_STROKE, ConfigError, DrawConfig
from ui.mnist.data import load_data, source_caption
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
from ui.mnist.explain_draw import render_about_model, render_how_it_works, render_what_to_try
from ui.mnist.figures import grey_image
from ui.url_state import config_from_state, ensure_state, remember, set_fields, share_url

D = "draw_"
CANVAS_PX = 280


def _clear() -> None:
    st.session_state["draw_canvas_generation"] = st.session_state.get("draw_canvas_generation", 0) + 1


def _next_sample(n: int) -> None:
    set_fields(D, sample=int(np.random.default_rng().integers(n)))


def _canvas(stroke_width: int) -> tuple[np.ndarray | None, str | None]:
    """The drawing as RGBA (None before the first stroke), or a reason why there is no canvas."""
    try:
        from streamlit_drawable_canvas import st_canvas
    except Exception as err:  # 0.13 cannot register outside a running server (e.g. under AppTest)
        return None, f"The drawing canvas is not available here ({type(err).__name__})."
    generation = st.session_state.get("draw_canvas_generation", 0)
    result = st_canvas(
        stroke_width=stroke_width,
        stroke_color="#FFFFFF",
        background_color="#000000",
        update_streamlit=True,
        height=CANVAS_PX,
        width=CANVAS_PX,
        drawing_mode="freedraw",
        return_image_data=True,
        key=f"draw_canvas_{generation}",
    )
    return result.image_data, None


st.title("Draw a digit")
for problem in ensure_state(D, DrawConfig):
    st.warning(f"The link had a setting this page cannot use, so it was skipped: {problem}")

lab = lab_model()
lab_problem = lab_model_problem() if lab is None else None
if st.session_state[D + "model"] == "lab" and lab is None:
    st.session_state[D + "model"] = "pretrained"
    st.info(f"{lab_problem}: using the pretrained digit recognizer.", icon=":material/info:")

with st.sidebar:
    st.subheader("Model")
    st.radio(
        "Recognise with",
        list(DRAW_MODELS),
        key=D + "model",
        format_func=DRAW_MODELS.get,
        help="Train a network on the MNIST lab page, then come back and pick it here.",
    )
    if lab_problem == NOT_TRAINED:
        st.caption("(Train a network in the MNIST lab to use it here; it stays in this session.)")
    elif lab_problem:
        st.caption("(The lab's network was trained on Fashion-MNIST, not digits: it cannot be used here.)")
    st.subheader("Input")
    st.radio("Digit from", list(DRAW_SOURCES), key=D + "source", format_func=DRAW_SOURCES.get)
    st.slider("Stroke width (canvas px)", MIN_STROKE, MAX_STROKE, step=2, key=D + "stroke_width")
    st.toggle(
        "MNIST-style preprocessing",
        key=D + "preprocess",
        help="Off: the whole canvas is squashed to 28x28 without cropping, scaling or centring: "
        "see what the model gets without it.",
    )
    st.toggle("Show the path through the network", key=D + "show_path")

try:
    cfg = config_from_state(D, DrawConfig).validated()
except ConfigError as err:
    st.error(f"That setting is not possible: {err}. Using the defaults instead.")
    cfg = DrawConfig()
remember(D, cfg)

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


@st.fragment
def drawing_area(active: ActiveModel) -> None:
    """Canvas, 28x28 input, prediction, path and explanations: a stroke reruns only this part.

    The config is read from session state here (not passed in) so a widget inside the
    fragment (the test digit number) takes effect on the fragment's own rerun.
    """
    try:
        cfg = config_from_state(D, DrawConfig).validated()
    except ConfigError:
        cfg = DrawConfig()

    draw_col, input_col, pred_col = st.columns([1.15, 1, 1.35], gap="medium")
    canvas_image: np.ndarray | None = None
    label: int | None = None
    with draw_col:
        if cfg.source == "canvas":
            st.markdown("**Draw one digit** (white on black), then let go of the mouse:")
            canvas_image, missing = _canvas(cfg.stroke_width)
            if missing:
                st.info(
                    f"{missing} Pick **A held-out test digit** in the sidebar to try the rest of the page.",
                    icon=":material/draw:",
                )
            else:
                st.button("Clear", icon=":material/delete:", key="draw_clear", on_click=_clear)
        else:
            data, _ = load_data("mnist")
            n = len(data.y_test)
            if cfg.sample >= n:
                set_fields(D, sample=0)
                cfg = DrawConfig(**{**cfg.__dict__, "sample": 0})
            a, b = st.columns([3, 1], vertical_alignment="bottom")
            a.number_input(f"Test digit (0-{n - 1})", 0, n - 1, step=1, key=D + "sample")
            b.button(
                "",
                icon=":material/casino:",
                key="draw_random",
                on_click=_next_sample,
                args=(n,),
                help="A random test digit",
            )
            digit = data.x_test[cfg.sample]
            label = int(data.y_test[cfg.sample])
            canvas_image = np.kron(digit, np.ones((10, 10), np.uint8))  # as if drawn on a 280 px canvas
            st.image(
                canvas_image,
                caption=f"test digit {cfg.sample} (label {label}), never used in training",
                width=CANVAS_PX,
            )
            st.caption(source_caption(data, full_hint="") + f" This page shows its {n:,} test images.")

    rec = None
    if canvas_image is not None:
        rec = recognise(canvas_image, active, cfg.preprocess)

    with input_col:
        st.markdown("**What the model gets** (28 x 28)")
        if rec is None or rec.prepared.empty:
            st.image(grey_image(np.zeros((28, 28), np.float32), 8), width=224)
            st.caption("Empty so far.")
        else:
            st.image(model_input_image(rec), width=224)
            p = rec.prepared
            if cfg.preprocess and p.bbox is not None:
                st.caption(
                    f"Ink cropped to {p.bbox[2] - p.bbox[0]}x{p.bbox[3] - p.bbox[1]} px, scaled to "
                    f"{p.scaled_shape[0]}x{p.scaled_shape[1]}, centre of mass moved to "
                    f"({p.center_of_mass[0]:.1f}, {p.center_of_mass[1]:.1f})."
                )
            elif not cfg.preprocess:
                st.caption(
                    "No preprocessing: the whole canvas squashed to 28x28. Compare with the toggle on."
                )
            st.caption(
                f"Model time: preprocessing {rec.preprocess_ms:.1f} ms + network {rec.inference_ms:.1f} ms "
                f"= <span data-testid='draw-model-ms'>{rec.model_ms:.1f}</span> ms",
                unsafe_allow_html=True,
            )

    with pred_col:
        if rec is None or rec.prepared.empty:
            reason = rec.prepared.reason if rec is not None else "Draw a digit."
            st.markdown(
                f"<div data-testid='draw-empty' style='font-size:34px;font-weight:600;color:#5f6673;"
                f"margin-top:40px'>{'Draw a digit' if rec is None or 'empty' in reason else reason}</div>",
                unsafe_allow_html=True,
            )
            st.caption("The network only answers when there is a digit to read.")
        else:
            render_prediction(rec)
            if label is not None:
                right = int(np.argmax(rec.probs)) == label
                (st.success if right else st.error)(f"True label: {label}")

    if rec is not None and not rec.prepared.empty and cfg.show_path:
        st.subheader("The drawing's path through the network")
        st.caption(
            "Each square is one feature map (bright = strongly active), left to right the channels of one "
            "layer; then the dense layers' units and the softmax. Early layers find strokes and edges, later "
            "ones respond to parts of digits."
        )
        render_path(rec)

    try_tab, how_tab, about_tab, share_tab = st.tabs(
        ["What to try", "How it works", "About the model", "Share"]
    )
    with try_tab:
        render_what_to_try()
    with how_tab:
        render_how_it_works(rec)
    with about_tab:
        render_about_model(pretrained_card(), lab)
    with share_tab:
        st.markdown(
            "This link opens the page with these settings (model, input, test digit, stroke width, "
            "preprocessing, path); the drawing itself is not part of it. *The model trained in the "
            "MNIST lab* lives in one session: a link that picks it falls back to the pretrained CNN "
            "until the session that opens it has trained one."
        )
        st.code(share_url(cfg.to_params(), "draw_digit"), language=None, wrap_lines=True)
    remember(D, cfg)


drawing_area(active)
