"""Section 1 of the page: the new task's data, from the demo, the learner's drawings or a zip."""

from __future__ import annotations

import re

import numpy as np
import streamlit as st

from engine.mnist.preprocess import preprocess_drawing
from engine.transfer.config import TransferConfig
from engine.transfer.data import MAX_CLASSES, MIN_PER_CLASS, TaskData, TaskProblem, demo_task, split_task
from engine.transfer.zipdata import MAX_ZIP_BYTES, read_class_zip
from ui.mnist.draw_input import CANVAS_PX
from ui.transfer.controls import STATE
from ui.transfer.figures import tiles

DRAWINGS = STATE.key("drawings")  #: {class name: [(28, 28) float32 inputs]}, this session only
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _-]{0,19}$")
MAX_DRAWINGS = 40  #: per class
STROKE = 18


@st.cache_data(max_entries=8, show_spinner=False)
def cached_demo(classes: int, per_class: int, seed: int) -> TaskData:
    return demo_task(classes, per_class, seed)


def drawings() -> dict[str, list[np.ndarray]]:
    return st.session_state.setdefault(DRAWINGS, {})


def _gallery(task: TaskData) -> None:
    """A few training images per class, with the class names in Keras's order."""
    cols = st.columns(len(task.class_names))
    for k, (col, name) in enumerate(zip(cols, task.class_names, strict=True)):
        imgs = task.x_train[task.y_train == k][:6]
        col.image(tiles(imgs, 3, scale=2), caption=f"{k}: {name}", width="stretch")


def demo_section(cfg: TransferConfig) -> TaskData:
    task = cached_demo(cfg.classes, cfg.per_class, cfg.data_seed)
    st.caption(
        f"**Data:** {task.source}; nothing is downloaded. Change the number of classes and images "
        "in the sidebar, or pick **Your drawings** / **A zip of class folders**."
    )
    _gallery(task)
    return task


# ---- drawing ------------------------------------------------------------------------------------
def _generation() -> int:
    return int(st.session_state.get(STATE.key("canvas_generation"), 0))


def clear_canvas() -> None:
    st.session_state[STATE.key("canvas_generation")] = _generation() + 1


def canvas() -> np.ndarray | None:
    """The drawing canvas (white ink on black, as the digit recognizer learned); its RGBA image."""
    try:
        from streamlit_drawable_canvas import st_canvas
    except Exception as err:  # 0.13 cannot register outside a running server (e.g. under AppTest)
        st.info(f"The drawing canvas is not available here ({type(err).__name__}).", icon=":material/draw:")
        return None
    result = st_canvas(
        stroke_width=STROKE,
        stroke_color="#FFFFFF",
        background_color="#000000",
        update_streamlit=True,
        height=CANVAS_PX,
        width=CANVAS_PX,
        drawing_mode="freedraw",
        return_image_data=True,
        key=STATE.key(f"canvas_{_generation()}"),
    )
    return result.image_data


def add_class() -> None:
    name = str(st.session_state.get(STATE.key("new_class"), "")).strip()
    store = drawings()
    if not NAME.match(name):
        st.session_state[STATE.key("draw_problem")] = (
            "A class name is 1-20 letters, digits, spaces, '-' or '_', starting with a letter or digit."
        )
    elif name in store:
        st.session_state[STATE.key("draw_problem")] = f"There is a class {name!r} already."
    elif len(store) >= MAX_CLASSES:
        st.session_state[STATE.key("draw_problem")] = f"At most {MAX_CLASSES} classes."
    else:
        store[name] = []
        st.session_state[STATE.key("drawing_class")] = name
        st.session_state[STATE.key("new_class")] = ""


def add_drawing(name: str, image: np.ndarray) -> None:
    store = drawings()
    if name in store and len(store[name]) < MAX_DRAWINGS:
        store[name].append(image)
    clear_canvas()


def delete_class(name: str) -> None:
    drawings().pop(name, None)


def delete_last(name: str) -> None:
    if drawings().get(name):
        drawings()[name].pop()


def _class_table(store: dict[str, list[np.ndarray]]) -> None:
    for name in sorted(store):
        a, b, c, d = st.columns([1.3, 4, 1, 1], vertical_alignment="center")
        a.markdown(f"**{name}** · {len(store[name])}")
        if store[name]:
            b.image(tiles(np.asarray(store[name][-12:]), 12, scale=1), width="stretch")
        else:
            b.caption("no drawings yet")
        c.button(
            "Undo",
            key=STATE.key(f"undo_{name}"),
            on_click=delete_last,
            args=(name,),
            help="Delete its last drawing",
        )
        d.button(
            "Delete",
            key=STATE.key(f"del_{name}"),
            on_click=delete_class,
            args=(name,),
            help="Delete this class",
        )


def draw_section() -> tuple[TaskData | None, np.ndarray | None]:
    """The class manager and canvas; returns the task (or None) and the current drawing's input."""
    store = drawings()
    st.caption(
        f"Make 2-{MAX_CLASSES} classes of your own (a check mark, a star, a letter...), draw a few examples "
        f"of each (3 or more; at least {MIN_PER_CLASS}). They stay in this session only, never on disk."
    )
    left, right = st.columns([1.05, 1.6], gap="medium")
    with left:
        a, b = st.columns([2, 1], vertical_alignment="bottom")
        a.text_input("New class name", key=STATE.key("new_class"), max_chars=20, placeholder="e.g. star")
        b.button("Add class", key=STATE.key("add_class"), on_click=add_class, width="stretch")
        problem = st.session_state.pop(STATE.key("draw_problem"), None)
        if problem:
            st.warning(problem, icon=":material/warning:")
        current = None
        if store:
            target = st.radio(
                "Draw an example of", sorted(store), key=STATE.key("drawing_class"), horizontal=True
            )
            image = canvas()
            prepared = preprocess_drawing(image) if image is not None else None
            current = None if prepared is None or prepared.empty else prepared.image
            x, y = st.columns(2)
            x.button(
                f"Add to {target}",
                key=STATE.key("add_drawing"),
                on_click=add_drawing,
                args=(target, current),
                disabled=current is None,
                type="primary",
                width="stretch",
            )
            y.button("Clear", key=STATE.key("clear"), on_click=clear_canvas, width="stretch")
    with right:
        if store:
            _class_table(store)
        else:
            st.info("Add a class name on the left to start drawing.", icon=":material/draw:")
    try:
        return split_task(store, 0, "your drawings (this session)"), current
    except TaskProblem as err:
        if store:
            st.info(f"Not a task yet: {err}", icon=":material/info:")
        return None, current


def upload_section() -> TaskData | None:
    st.caption(
        "A zip of **one folder per class** with the images inside (png, jpg, gif, bmp), as "
        "`keras.utils.image_dataset_from_directory` reads a folder: `check/1.png`, `circle/1.png`... "
        f"The class names are the folder names, sorted. At most {MAX_ZIP_BYTES // 2**20} MB, {MAX_CLASSES} "
        "classes; read in memory, nothing is written to disk."
    )
    upload = st.file_uploader("Zip of class folders", type=["zip"], key=STATE.key("zip"))
    if upload is None:
        return None
    try:
        report = read_class_zip(upload.getvalue())
    except TaskProblem as err:
        st.error(str(err), icon=":material/folder_off:")
        return None
    for note in report.notes:
        st.warning(note, icon=":material/info:")
    counts = ", ".join(f"{name} ({n})" for name, n in report.per_class.items())
    st.success(
        f"class_names = {list(report.task.class_names)}: {counts} images.", icon=":material/folder_zip:"
    )
    _gallery(report.task)
    return report.task
