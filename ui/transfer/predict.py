"""Sections 3 and 4: predict on a new image with the three trained networks; the base's feature maps."""

from __future__ import annotations

import numpy as np
import streamlit as st

from engine.transfer.data import TaskData
from engine.transfer.demo import DEMO_CLASSES, demo_images
from engine.transfer.features import discriminative_channels, feature_maps
from engine.transfer.models import RACERS
from engine.transfer.run import TransferRun
from engine.transfer.zipdata import image_to_input
from ui.transfer.controls import STATE
from ui.transfer.figures import feature_map_figure, prediction_figure, tiles

NEW_SHAPE = STATE.key("new_shape")


def _next_shape() -> None:
    st.session_state[NEW_SHAPE] = int(st.session_state.get(NEW_SHAPE, 0)) + 1


def _demo_input(task: TaskData, seed: int) -> tuple[np.ndarray, str]:
    """A shape never used in training or validation (its own seeded stream), picked by a counter."""
    n = int(st.session_state.get(NEW_SHAPE, 0))
    k = len(task.class_names)
    images, labels = demo_images(k, n // k + 1, seed, stream=2)
    pick = (n % k) * (n // k + 1) + n // k
    st.button("Another new shape", key=STATE.key("another"), on_click=_next_shape, icon=":material/casino:")
    return images[pick], f"a new {DEMO_CLASSES[labels[pick]]} (never seen in training)"


def _upload_input() -> tuple[np.ndarray | None, str]:
    upload = st.file_uploader(
        "Or an image file", type=["png", "jpg", "jpeg", "gif", "bmp"], key=STATE.key("image")
    )
    if upload is None:
        return None, ""
    if upload.size > 5 * 2**20:
        st.error("That image is over 5 MB.", icon=":material/image_not_supported:")
        return None, ""
    try:
        image = image_to_input(upload.getvalue())
    except ValueError as err:
        st.error(f"Not a readable image: {err}", icon=":material/image_not_supported:")
        return None, ""
    if image is None:
        st.warning("Nothing drawn in that image.", icon=":material/image_not_supported:")
        return None, ""
    return image, f"your image {upload.name!r}"


def render_predict(
    run: TransferRun, task: TaskData, source: str, seed: int, drawn: np.ndarray | None
) -> None:
    left, right = st.columns([1, 2.4], gap="medium")
    with left:
        image, what = None, ""
        if source == "demo":
            image, what = _demo_input(task, seed)
        elif source == "draw" and drawn is not None:
            image, what = drawn, "the drawing on the canvas above"
        uploaded, up_what = _upload_input()
        if uploaded is not None:
            image, what = uploaded, up_what
        if image is None:
            st.info(
                "Draw on the canvas above, or upload an image, to ask the three networks.",
                icon=":material/draw:",
            )
            return
        st.image(tiles(image[None], 1, scale=6), caption=f"Input (28x28): {what}", width=200)
    probs = {key: p[0] for key, p in run.predict(image[None]).items()}
    with right:
        verdicts = " · ".join(
            f"**{RACERS[key]}**: {task.class_names[int(np.argmax(p))]} ({p.max():.0%})"
            for key, p in probs.items()
        )
        st.container(key=STATE.key("verdicts")).markdown(verdicts)
        st.plotly_chart(prediction_figure(probs, task.class_names, RACERS), key=STATE.key("pred_chart"))


@st.cache_data(max_entries=16, show_spinner=False)
def _maps(cut: str, key: str, images: np.ndarray, labels: np.ndarray) -> tuple[str, np.ndarray, list[int]]:
    layer, maps = feature_maps(cut, images)
    return layer, maps, discriminative_channels(maps, labels, 7)


def render_feature_maps(task: TaskData, cut: str) -> None:
    first = [int(np.flatnonzero(task.y_train == k)[0]) for k in range(len(task.class_names))]
    layer, all_maps, channels = _maps(cut, task.key, task.x_train, task.y_train)
    st.caption(
        f"The pretrained base (frozen: the same for every epoch) on one training image per class: the 7 "
        f"channels of {layer} whose average differs most between your classes. The head reads features "
        "like these; from scratch, a network must first learn them from your few images."
    )
    st.plotly_chart(
        feature_map_figure(task.x_train[first], all_maps[first], channels, task.class_names, layer),
        key=STATE.key("maps_chart"),
    )
