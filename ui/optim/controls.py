"""The optimizer race's sidebar: widgets -> session state -> :class:`RaceConfig`."""

from __future__ import annotations

import dataclasses

import streamlit as st

from engine.optim import config as oc
from engine.optim.surfaces import SURFACE_LABELS, SURFACES, get_surface
from ui.url_state import config_from_state, set_fields

P = "or_"  #: session-state prefix of the race's config fields

RHOS: tuple[float, ...] = (0.5, 0.8, 0.9, 0.95, 0.99, 0.999)
BETA1S: tuple[float, ...] = (0.0, 0.5, 0.8, 0.9, 0.95, 0.99)


def _fmt(v: float) -> str:
    return f"{v:g}"


def _snap(name: str, choices: tuple[float, ...]) -> None:
    """Put a value that came from a link onto the nearest choice of its widget."""
    value = float(st.session_state[P + name])
    if value not in choices:
        st.session_state[P + name] = min(choices, key=lambda c: abs(c - value))


def _sanitize() -> None:
    for racer in oc.RACER_KEYS:
        _snap(oc.lr_field(racer), oc.LEARNING_RATES)
    for name in ("eps_adagrad", "eps_adadelta", "eps_rmsprop", "eps_adam"):
        _snap(name, oc.EPSILONS)
    _snap("adagrad_init", oc.ADAGRAD_INITS)
    _snap("rho_adadelta", RHOS)
    _snap("rho_rmsprop", RHOS)
    _snap("beta1", BETA1S)
    _snap("beta2", oc.BETA2S)
    _snap("speed", tuple(float(s) for s in oc.SPEEDS))
    st.session_state[P + "speed"] = int(st.session_state[P + "speed"])
    _snap("max_steps", tuple(float(s) for s in oc.MAX_STEPS))
    st.session_state[P + "max_steps"] = int(st.session_state[P + "max_steps"])
    for name in ("momentum", "nesterov_momentum"):
        st.session_state[P + name] = round(min(0.99, float(st.session_state[P + name])), 2)
    # the real model's plot follows its data (seed): keep the start point on the plot
    x0, x1, y0, y1 = get_surface(st.session_state[P + "surface"], int(st.session_state[P + "seed"])).domain
    st.session_state[P + "start_x"] = min(x1, max(x0, float(st.session_state[P + "start_x"])))
    st.session_state[P + "start_y"] = min(y1, max(y0, float(st.session_state[P + "start_y"])))


def current_config() -> oc.RaceConfig:
    return config_from_state(P, oc.RaceConfig)


def apply_config(cfg: oc.RaceConfig) -> None:
    """Set every widget from ``cfg`` (presets, surface changes)."""
    set_fields(P, **{f.name: getattr(cfg, f.name) for f in dataclasses.fields(cfg)})


def _surface_changed() -> None:
    """A new surface brings its own start point, gradient noise and fair learning rates."""
    apply_config(current_config().for_surface(st.session_state[P + "surface"]))


def _racers_changed() -> None:
    chosen = tuple(r for r in oc.RACER_KEYS if r in st.session_state[P + "racers_pick"])
    if not chosen:
        st.toast("Keep at least one optimizer in the race.")
        return
    set_fields(P, racers=chosen)


def _all_racers() -> None:
    set_fields(P, racers=oc.RACER_KEYS)


def _race_controls() -> None:
    st.subheader("Race")
    st.selectbox(
        "Loss surface",
        SURFACES,
        key=P + "surface",
        format_func=SURFACE_LABELS.get,
        on_change=_surface_changed,
        help="Changing the surface also loads its start point and learning rates that make a fair race.",
    )
    x0, x1, y0, y1 = get_surface(st.session_state[P + "surface"], int(st.session_state[P + "seed"])).domain
    left, right = st.columns(2)
    left.number_input("Start x", float(x0), float(x1), step=0.1, format="%.3f", key=P + "start_x")
    right.number_input("Start y", float(y0), float(y1), step=0.1, format="%.3f", key=P + "start_y")
    st.caption("Or click on the race's contour plot (or in the **Start point** tab).")
    st.session_state[P + "racers_pick"] = list(st.session_state[P + "racers"])
    st.multiselect(
        "Optimizers in the race",
        oc.RACER_KEYS,
        key=P + "racers_pick",
        format_func=lambda r: oc.RACERS[r][0],
        on_change=_racers_changed,
    )
    st.button(
        "All nine",
        on_click=_all_racers,
        key=P + "all_racers",
        disabled=len(st.session_state[P + "racers"]) == 9,
    )
    st.select_slider(
        "Speed (steps per second)",
        oc.SPEEDS,
        key=P + "speed",
        help="How fast the race plays. Changes at once, without restarting the race.",
    )
    st.select_slider("Race length (steps)", oc.MAX_STEPS, key=P + "max_steps")


def _noise_controls() -> None:
    st.subheader("Stochastic gradients")
    model = get_surface(st.session_state[P + "surface"]).sample_grad_fn is not None
    st.number_input(
        "Gradient noise (σ of one sample)",
        0.0,
        100.0,
        step=0.1,
        format="%.2f",
        key=P + "noise",
        disabled=model,
        help="SGD sees the exact gradient plus Gaussian noise of this size; a mini-batch of B averages "
        "B samples, so its noise is σ/√B. On the real model the racers really sample the data instead.",
    )
    st.slider("Mini-batch size B", 2, oc.MAX_BATCH, key=P + "batch")
    st.number_input(
        "Seed",
        0,
        2**31 - 1,
        step=1,
        key=P + "seed",
        help="Seeds the gradient noise, the ripples and the model's data.",
    )


def _lr(racer: str, label: str | None = None) -> None:
    st.select_slider(
        label or f"{oc.RACERS[racer][0]} learning rate η",
        oc.LEARNING_RATES,
        key=P + oc.lr_field(racer),
        format_func=_fmt,
    )


def _optimizer_controls() -> None:
    st.subheader("Hyperparameters")
    with st.expander("GD, SGD, mini-batch", expanded=False):
        _lr("gd", "GD η")
        _lr("sgd", "SGD η")
        _lr("minibatch", "Mini-batch η")
    with st.expander("Momentum and Nesterov", expanded=False):
        _lr("momentum", "Momentum η")
        st.slider("Momentum μ (γ)", 0.0, 0.99, step=0.01, key=P + "momentum")
        _lr("nesterov", "Nesterov η")
        st.slider("Nesterov μ (γ)", 0.0, 0.99, step=0.01, key=P + "nesterov_momentum")
    with st.expander("Adagrad", expanded=False):
        _lr("adagrad", "Adagrad η")
        st.select_slider(
            "Initial accumulator G₀",
            oc.ADAGRAD_INITS,
            key=P + "adagrad_init",
            format_func=_fmt,
            help="Keras starts G at 0.1 (initial_accumulator_value); the original paper at 0.",
        )
        st.select_slider("Adagrad ε", oc.EPSILONS, key=P + "eps_adagrad", format_func=_fmt)
    with st.expander("Adadelta", expanded=False):
        _lr("adadelta", "Adadelta η")
        st.select_slider("Adadelta ρ", RHOS, key=P + "rho_adadelta", format_func=_fmt)
        st.select_slider("Adadelta ε", oc.EPSILONS, key=P + "eps_adadelta", format_func=_fmt)
    with st.expander("RMSprop", expanded=False):
        _lr("rmsprop", "RMSprop η")
        st.select_slider("RMSprop ρ", RHOS, key=P + "rho_rmsprop", format_func=_fmt)
        st.select_slider("RMSprop ε", oc.EPSILONS, key=P + "eps_rmsprop", format_func=_fmt)
    with st.expander("Adam", expanded=False):
        _lr("adam", "Adam η")
        st.select_slider("Adam β₁", BETA1S, key=P + "beta1", format_func=_fmt)
        st.select_slider("Adam β₂", oc.BETA2S, key=P + "beta2", format_func=_fmt)
        st.select_slider("Adam ε", oc.EPSILONS, key=P + "eps_adam", format_func=_fmt)


def sidebar_config() -> oc.RaceConfig:
    """Draw every control in the sidebar and return the validated configuration."""
    _sanitize()
    with st.sidebar:
        _race_controls()
        _optimizer_controls()
        _noise_controls()
    return current_config().validated()
