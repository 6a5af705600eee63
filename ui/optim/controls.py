"""The optimizer race's sidebar: widgets (from the declared :class:`RaceConfig` table) -> config."""

from __future__ import annotations

import streamlit as st

from engine.optim import config as oc
from engine.optim.surfaces import get_surface
from ui.url_state import PageState

STATE = PageState("pages/optimizer_race.py", oc.RaceConfig)  #: the race's config <-> session <-> URL


def _domain() -> tuple[float, float, float, float]:
    return get_surface(STATE.value("surface"), int(STATE.value("seed"))).domain


def _keep_start_on_plot() -> None:
    """The real model's plot follows its data (seed): keep the start point on the plot."""
    x0, x1, y0, y1 = _domain()
    STATE.set(
        start_x=min(x1, max(x0, float(STATE.value("start_x")))),
        start_y=min(y1, max(y0, float(STATE.value("start_y")))),
    )


def _surface_changed() -> None:
    """A new surface brings its own start point, gradient noise and fair learning rates."""
    STATE.apply(STATE.raw_config().for_surface(STATE.value("surface")))


def _racers_changed() -> None:
    chosen = tuple(r for r in oc.RACER_KEYS if r in st.session_state[STATE.key("racers_pick")])
    if not chosen:
        st.toast("Keep at least one optimizer in the race.")
        return
    STATE.set(racers=chosen)


def _all_racers() -> None:
    STATE.set(racers=oc.RACER_KEYS)


def _race_controls() -> None:
    st.subheader("Race")
    STATE.widget("surface", on_change=_surface_changed)
    x0, x1, y0, y1 = _domain()
    left, right = st.columns(2)
    for col, name, low, high in ((left, "start_x", x0, x1), (right, "start_y", y0, y1)):
        # the sidebar's Start x / Start y: the live view's contour click types into these
        STATE.widget(name, col, min_value=float(low), max_value=float(high), step=0.1, format="%.3f")
    st.caption("Or click on the race's contour plot (or in the **Start point** tab).")
    st.session_state[STATE.key("racers_pick")] = list(STATE.value("racers"))
    st.multiselect(
        oc.RaceConfig.field_info("racers").spec.label,
        oc.RACER_KEYS,
        key=STATE.key("racers_pick"),
        format_func=lambda r: oc.RACERS[r][0],
        on_change=_racers_changed,
    )
    st.button(
        "All nine",
        on_click=_all_racers,
        key=STATE.key("all_racers"),
        disabled=len(STATE.value("racers")) == len(oc.RACER_KEYS),
    )
    for name, steps in (("speed", oc.SPEEDS), ("max_steps", oc.MAX_STEPS)):
        spec = oc.RaceConfig.field_info(name).spec
        current = int(STATE.value(name))  # a link may hold a value between the slider's steps: offer it
        st.select_slider(spec.label, sorted({*steps, current}), key=STATE.key(name), help=spec.help)


def _noise_controls() -> None:
    st.subheader("Stochastic gradients")
    model = get_surface(STATE.value("surface")).sample_grad_fn is not None
    STATE.widget("noise", disabled=model)
    STATE.widget("batch")
    STATE.widget("seed")


#: The hyperparameters, one expander per optimizer family (fields of :class:`RaceConfig`).
FAMILIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("GD, SGD, mini-batch", ("lr_gd", "lr_sgd", "lr_minibatch")),
    ("Momentum and Nesterov", ("lr_momentum", "momentum", "lr_nesterov", "nesterov_momentum")),
    ("Adagrad", ("lr_adagrad", "adagrad_init", "eps_adagrad")),
    ("Adadelta", ("lr_adadelta", "rho_adadelta", "eps_adadelta")),
    ("RMSprop", ("lr_rmsprop", "rho_rmsprop", "eps_rmsprop")),
    ("Adam", ("lr_adam", "beta1", "beta2", "eps_adam")),
)


def _optimizer_controls() -> None:
    st.subheader("Hyperparameters")
    for title, names in FAMILIES:
        with st.expander(title, expanded=False):
            for name in names:
                STATE.widget(name)


def sidebar_config() -> oc.RaceConfig:
    """Draw every control in the sidebar and return the validated configuration."""
    _keep_start_on_plot()
    with st.sidebar:
        _race_controls()
        _optimizer_controls()
        _noise_controls()
    return STATE.config()
