"""The page's settings bound to session state and the URL, and its sidebar."""

from __future__ import annotations

import streamlit as st

from engine.sequences.forecast.config import MODELS, ForecastConfig
from ui.url_state import PageState

STATE = PageState("pages/rnn_forecast.py", ForecastConfig)
PICK = STATE.key("models_pick")


def _models_changed() -> None:
    chosen = tuple(k for k in MODELS if k in st.session_state[PICK])
    if not chosen:
        st.toast("Keep at least one network.")
        return
    STATE.set(models=chosen)


def _models_widget() -> None:
    """The networks as a multiselect (a list) mirrored into the config's tuple."""
    spec = ForecastConfig.field_info("models").spec
    st.session_state[PICK] = list(STATE.value("models"))
    st.multiselect(spec.label, list(MODELS), key=PICK, format_func=MODELS.get, on_change=_models_changed)


def sidebar_config() -> ForecastConfig:
    """Every setting in the sidebar (grouped); returns the validated config."""
    with st.sidebar:
        st.header("The series")
        STATE.widget("series")
        generated = STATE.value("series") != "stock"
        if generated:
            STATE.widget("n_points")
            STATE.widget("noise")
        else:
            STATE.widget("ticker")
        st.header("Windows")
        STATE.widget("window")
        STATE.widget("horizon")
        st.header("The networks")
        _models_widget()
        STATE.widget("units")
        STATE.widget("layers")
        st.header("Training")
        STATE.widget("optimizer")
        STATE.widget("learning_rate")
        STATE.widget("batch_size")
        STATE.widget("epochs")
        STATE.widget("seed")
    return STATE.config()
