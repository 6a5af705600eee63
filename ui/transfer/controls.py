"""The page's state (its one settings table bound to session state and the URL) and its sidebar."""

from __future__ import annotations

import streamlit as st

from engine.transfer.config import TransferConfig
from ui.url_state import PageState

STATE = PageState("pages/transfer_learning.py", TransferConfig)
VIEW = "transfer_learning"


def sidebar_config() -> TransferConfig:
    """The sidebar's widgets (from the settings table); returns the validated config."""
    with st.sidebar:
        st.header("The new task")
        STATE.widget("source", horizontal=False)
        if STATE.value("source") == "demo":
            for name in ("classes", "per_class", "data_seed"):
                STATE.widget(name)
        st.header("The networks")
        STATE.widget("cut")
        STATE.widget("head_units")
        st.header("Training")
        for name in ("epochs", "learning_rate", "warmup", "finetune_lr", "batch_size", "seed"):
            STATE.widget(name)
    return STATE.config()
