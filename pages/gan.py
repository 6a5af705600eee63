"""A GAN on 2-D data: a Keras generator and discriminator trained live, GAN Lab style, with pause/step."""

from __future__ import annotations

import streamlit as st

from engine.generative.gan.config import GanConfig
from engine.generative.gan.presets import PRESETS
from ui.generative.gan.codegen import SNIPPET_STEPS, keras_code
from ui.generative.gan.explain import render_objective
from ui.generative.gan.presets_bar import preset_bar
from ui.live.kit import session_run, transport_bar
from ui.live.session import session_runs
from ui.live.view import live_view
from ui.page_kit import share_tab
from ui.url_state import PageState

STATE = PageState("pages/gan.py", GanConfig)
VIEW = "gan"
FINISHED_HINT = "All steps done: raise **Stop after (steps)** to keep training, or press Reset."


def _build(cfg: GanConfig):
    from engine.generative.gan.run import GanRun

    return GanRun(cfg)


def _sidebar() -> GanConfig:
    with st.sidebar:
        st.header("Data")
        STATE.widget("dataset")
        st.header("Training (changes apply live)")
        for name in ("lr_d", "lr_g", "k", "loss", "speed", "steps"):
            STATE.widget(name)
        st.header("Networks (a new run)")
        for name in ("optimizer", "noise_dim", "hidden", "layers", "batch_size", "seed"):
            STATE.widget(name)
    return STATE.config()


st.title("A GAN on 2-D data")
STATE.open()
cfg = _sidebar()
STATE.remember(cfg)
st.markdown(
    "A **generator** G turns random noise z into points; a **discriminator** D scores each point with "
    "the probability that it is real. They train against each other: D learns to tell the real points "
    "(green) from G's (purple), and G follows D's gradient, the arrows, towards where D says *real*. "
    "The background is D(x). Press **Play**, or **Step** through it one step at a time."
)
run = session_run(
    VIEW,
    cfg,
    _build,
    reuse=lambda r: r.config.model_key() == cfg.model_key(),
    spinner="Building the two networks… (the first time loads TensorFlow: a few seconds)",
)
snap = run.snapshot()
g_params, d_params = snap.n_params
st.caption(
    f"Data: **{snap.dist.label}**, {len(snap.dist.points)} points generated here from seed {cfg.seed} "
    f"(no download). G: {cfg.noise_dim} → {' → '.join([str(cfg.hidden)] * cfg.layers)} → 2 ({g_params} "
    f"parameters); D: 2 → {' → '.join([str(cfg.hidden)] * cfg.layers)} → 1 ({d_params}); ReLU, Keras, "
    f"{cfg.optimizer.upper() if cfg.optimizer == 'sgd' else cfg.optimizer.capitalize()}."
)
preset_bar(STATE, VIEW, PRESETS)
transport_bar(
    STATE,
    VIEW,
    run,
    step_help="One step: k discriminator updates, then one generator update.",
    reset_help="Back to step 0 with the same initial weights (change the seed for others).",
    finished_hint=FINISHED_HINT,
    diverged_hint="This run diverged: lower the learning rates (or use Adam) and press Reset.",
    caption="Learning rates, k, the loss and the speed change live; the address bar links to this experiment.",
)
playing = run.playing
live_view(session_runs().token, VIEW)

math_tab, code_tab, data_tab, link_tab = st.tabs(["The objective, live", "Keras code", "Data", "Share"])
with math_tab:
    if playing:
        st.info("Pause (or press Step) to see the objective written out with this step's numbers.")
        st.caption("The same numbers are under the live view, updated with every frame.")
    else:
        render_objective(snap)
with code_tab:
    st.markdown(
        f"The same GAN in plain Keras with this page's settings ({SNIPPET_STEPS} steps here; the page's "
        "run uses a seeded batch order and noise, so numbers differ):"
    )
    st.code(keras_code(cfg), language="python")
with data_tab:
    st.markdown(
        f"**{snap.dist.label}**: {len(snap.dist.points)} points drawn from seed {cfg.seed} by "
        "`engine/generative/gan/data.py` (the moons and the spiral reuse the neural-network playground's "
        "generators, scaled by 1/2.5). The GAN only ever sees samples, never the formula. "
        f"The view draws the first {len(snap.real_shown)} real points and {len(snap.view.fake)} fakes "
        "from fixed noise, so you can follow each one."
    )
with link_tab:
    share_tab(
        STATE, cfg, "This link opens exactly this experiment (data, networks, learning rates, k, loss, seed):"
    )
