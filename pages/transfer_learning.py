"""Transfer learning: a new task of your own on the digit recognizer's frozen base, live."""

from __future__ import annotations

import streamlit as st

from engine.live.run import RunStatus
from engine.transfer.codegen import folder_code, keras_code
from engine.transfer.data import TaskData
from engine.transfer.presets import PRESETS
from ui.live.controls import reset_run
from ui.live.kit import session_run, transport_bar
from ui.live.session import session_runs
from ui.live.view import live_view
from ui.numbers import count
from ui.page_kit import preset_rows, share_tab
from ui.transfer.controls import STATE, VIEW, sidebar_config
from ui.transfer.explain import render_explanation
from ui.transfer.predict import render_feature_maps, render_predict
from ui.transfer.task import demo_section, draw_section, upload_section

FINISHED_HINT = "All epochs done: raise **Epochs** to keep training, or press Reset."


def _build(cfg, task: TaskData):
    from engine.transfer.run import TransferRun

    return TransferRun(cfg, task)


def _task(cfg):
    """Section 1: the data; returns the task (None until it is usable) and the canvas's drawing."""
    if cfg.source == "demo":
        return demo_section(cfg), None
    if cfg.source == "draw":
        return draw_section()
    return upload_section(), None


st.title("Transfer learning: your own classes on a digit recognizer")
STATE.open()
cfg = sidebar_config()
STATE.remember(cfg)
st.markdown(
    "A CNN trained on digits already knows strokes, edges and curves. Give it a **new task** with a handful "
    "of images per class and compare three ways to learn it, on the same data and seed: **from scratch**, "
    "the **frozen** pretrained base with a **new head**, and **fine-tuning** every layer with a small "
    "learning rate. The base is the app's bundled digit recognizer (`assets/models`), loaded, never retrained."
)

st.subheader("1 · The new task")
task, drawn = _task(cfg)

st.subheader("2 · Train three networks on it, side by side")
if task is None:
    session_runs().replace(VIEW, None)
    st.info("The networks appear here once the task has at least 2 classes with 2 images each.")
    run = None
else:
    preset_rows(STATE, PRESETS, after=lambda: reset_run(VIEW), widths=(1.0, 4.0))
    run = session_run(
        VIEW,
        cfg,
        lambda c: _build(c, task),
        reuse=lambda r: r.config.model_key() == cfg.model_key() and r.data.key == task.key,
        spinner="Loading the digit recognizer and building three networks… (the first time loads TensorFlow)",
    )
    snap = run.snapshot()
    transport_bar(
        STATE,
        VIEW,
        run,
        step_help="Train all three networks for exactly one epoch.",
        reset_help="Back to epoch 0 with the same initial weights (the seed's).",
        finished_hint=FINISHED_HINT,
        caption=f"One epoch = one pass over the {snap.n_train} training images by each network, batch for batch "
        f"in lockstep (batch size {cfg.batch_size}). Validation: {snap.n_val} held-out images.",
    )
    done = st.container()  # always present, so the live view below keeps its place
    if snap.status == RunStatus.FINISHED:
        done.success(f"Done: {count(snap.epoch, 'epoch')}.", icon=":material/check:")
    if cfg.warmup >= cfg.epochs:
        done.info(
            f"Fine-tuning starts after epoch {cfg.warmup}: within {count(cfg.epochs, 'epoch')} it stays frozen."
        )
    live_view(session_runs().token, VIEW)

    st.subheader("3 · Ask the trained networks about a new image")
    if run.playing:
        st.info("Pause (or let training finish) to try the networks on a new image.", icon=":material/pause:")
    elif not snap.trained:
        st.caption("Press **Play** or **Step** first: untrained heads only guess.")
    else:
        render_predict(run, task, cfg.source, cfg.data_seed, drawn)
    with st.expander("What the pretrained base's feature maps show for your images", expanded=False):
        render_feature_maps(task, cfg.cut)

how_tab, code_tab, link_tab = st.tabs(["How it works", "Keras code", "Share"])
with how_tab:
    if run is None:
        st.info("Make a task first (section 1): the numbers here come from its run.")
    else:
        from engine.transfer.models import feature_shape

        render_explanation(run.snapshot(), feature_shape(cfg.cut))
with code_tab:
    st.markdown(
        "The same recipe with `model.fit` on the demo task (frozen base + new head, then fine-tuning). "
        "Pretrained ImageNet networks are not shipped with this offline app; with internet you would start "
        'from e.g. `keras.applications.MobileNetV2(weights="imagenet", include_top=False)` the same way.'
    )
    st.code(keras_code(cfg), language="python")
    st.markdown("Your own images from a folder of class folders, as this page reads a zip:")
    st.code(folder_code(cfg), language="python")
with link_tab:
    share_tab(
        STATE,
        cfg,
        "This link opens this experiment (data source, demo task, cut, head, training settings and seeds). "
        "Drawings and uploaded zips stay in your session: they are not part of the link.",
    )
