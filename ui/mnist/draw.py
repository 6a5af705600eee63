"""The draw page's pieces: the models it can use, recognition with timings, the path through the net."""

from __future__ import annotations

import dataclasses
import time

import numpy as np
import streamlit as st

from engine.mnist.inspect import LayerOutput, layer_outputs, path_layers
from engine.mnist.preprocess import Prepared, naive_resize, preprocess_drawing
from ui.live.session import session_runs
from ui.mnist.figures import colorize, feature_map_mosaic, grey_image, probability_figure
from ui.mnist.state import DRAW_STATE as STATE
from ui.numbers import count

LAB_VIEW = "mnist"


@dataclasses.dataclass(frozen=True)
class ActiveModel:
    """A model ready for inference: ``scale`` multiplies [0, 1] inputs (255 if trained unnormalised)."""

    model: object
    name: str
    description: str
    scale: float = 1.0


@st.cache_resource(show_spinner="Loading the pretrained recognizer…")
def pretrained_model():
    """The bundled recognizer, loaded once per process and warmed up (its graph traced)."""
    from engine.mnist.recognizer import load_recognizer

    model = load_recognizer()
    layer_outputs(model, np.zeros((28, 28), np.float32))
    return model


def pretrained_card() -> dict:
    from engine.mnist.recognizer import load_card

    return load_card()


NOT_TRAINED = "No model has been trained in the MNIST lab in this session yet"
NOT_DIGITS = (
    "The network in the MNIST lab was trained on Fashion-MNIST: its 10 outputs are clothes "
    "(T-shirt/top, trouser, … ankle boot), not the digits 0-9, so it cannot read a drawn digit. "
    "Train one on *MNIST digits* in the lab to use it here"
)


def lab_model_problem() -> str | None:
    """Why this session's lab model cannot read digits here (None when it can)."""
    run = session_runs().get(LAB_VIEW)
    if run is None or not run.snapshot().trained:
        return NOT_TRAINED
    if run.data.dataset != "mnist":  # the data it really trained on (a Fashion choice may fall back)
        return NOT_DIGITS
    return None


def lab_model() -> ActiveModel | None:
    """A copy of the digit model trained in the MNIST lab in this session (None if there is
    none, or it was trained on Fashion-MNIST: see :func:`lab_model_problem`)."""
    if lab_model_problem() is not None:
        return None
    run = session_runs().get(LAB_VIEW)
    snap = run.snapshot()
    cached = st.session_state.get(STATE.key("lab_model"))
    if cached is None or cached[0] != snap.step_key:
        model = run.copy_model()
        layer_outputs(model, np.zeros((28, 28), np.float32))
        cached = (snap.step_key, model)
        st.session_state[STATE.key("lab_model")] = cached
    from engine.mnist.models import MODELS

    cfg = snap.config
    val_acc = float(snap.history[-1, 4])
    return ActiveModel(
        cached[1],
        "lab",
        f"{MODELS[cfg.model]} from the MNIST lab, {count(snap.epoch, 'epoch')} on {snap.n_train:,} images "
        f"(validation accuracy {val_acc:.1%})",
        1.0 if cfg.normalize else 255.0,
    )


@dataclasses.dataclass(frozen=True)
class Recognition:
    """One drawing through the model: the input it got, every layer's output, timings in ms."""

    prepared: Prepared
    outputs: list[LayerOutput]
    preprocess_ms: float
    inference_ms: float

    @property
    def probs(self) -> np.ndarray:
        return self.outputs[-1].values

    @property
    def model_ms(self) -> float:
        return self.preprocess_ms + self.inference_ms


def recognise(
    canvas: np.ndarray, active: ActiveModel, preprocess: bool, stroke_width: float = 0.0
) -> Recognition:
    """Preprocess (or naively resize) and run the model once (a compiled call, no ``model.predict``).
    ``stroke_width``: the pen's width in canvas px (a click-sized mark is not read as a digit)."""
    t0 = time.perf_counter()
    prepared = preprocess_drawing(canvas, stroke_width) if preprocess else naive_resize(canvas)
    t1 = time.perf_counter()
    outputs = [] if prepared.empty else layer_outputs(active.model, prepared.image * active.scale)
    t2 = time.perf_counter()
    return Recognition(prepared, outputs, (t1 - t0) * 1000, (t2 - t1) * 1000)


def render_prediction(rec: Recognition) -> None:
    """The top digit with its confidence, and the probability bars."""
    probs = rec.probs
    top = int(np.argmax(probs))
    second = int(np.argsort(probs)[-2])
    st.markdown(
        f"<div style='font-size:20px;color:#5f6673'>The network reads</div>"
        f"<div data-testid='draw-prediction' style='font-size:96px;font-weight:700;line-height:1'>{top}</div>"
        f"<div style='font-size:22px'>with <b data-testid='draw-confidence'>{probs[top]:.1%}</b> "
        f"confidence</div>",
        unsafe_allow_html=True,
    )
    if probs[top] < 0.6:
        st.caption(f"Not sure: {second} gets {probs[second]:.0%}. Try drawing it larger and centred.")
    st.plotly_chart(
        probability_figure(probs, tuple(str(d) for d in range(10))),
        key=STATE.key("probs"),
        config={"displayModeBar": False},
    )


def render_path(rec: Recognition) -> None:
    """Every shown layer: conv/pool feature maps, dense activations, the softmax."""
    shown = path_layers(rec.outputs)
    for label, out in shown:
        values = out.values
        if out.is_map:
            h, w, c = values.shape
            title = f"**{label}** · {c} feature maps of {h}x{w}" + (" (first 32)" if c > 32 else "")
            st.markdown(title)
            st.image(feature_map_mosaic(values, cols=16, upscale=max(2, 84 // h)))
        elif out is shown[-1][1]:
            st.markdown("**softmax** · 10 probabilities (they sum to 1)")
            st.image(colorize(values[None, :], 0.0, 1.0)[0][None].repeat(36, 0).repeat(36, 1))
            st.caption("   ".join(f"{d}: {p:.2f}" for d, p in enumerate(values)))
        else:
            active = int(np.sum(values > 0))
            st.markdown(f"**{label}** · {values.size} units, {active} active (> 0)")
            hi = max(float(values.max()), 1e-6)
            st.image(
                colorize(values[None, :], 0.0, hi)[0][None]
                .repeat(24, 0)
                .repeat(max(1, 960 // values.size), 1)
            )


def model_input_image(rec: Recognition) -> np.ndarray:
    """The 28x28 input the model gets, upscaled for display."""
    return grey_image(rec.prepared.image, 8)
