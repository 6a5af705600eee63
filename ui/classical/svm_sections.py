"""The SVM page's sections: sidebar controls, the boundary with its numbers, the 3-D lift, C and γ,
and the kernel value. Engine results (``st.cache_data``) and figures (``st.cache_resource``) are
cached so a slider move stays cheap."""

from __future__ import annotations

import dataclasses
import functools

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from engine.classical import svm
from engine.classical.svm_config import KERNELS, SvmConfig
from engine.playground.datasets import DOMAIN, Dataset
from engine.presets import Preset
from ui.classical import svm_figures as figs
from ui.numbers import signed
from ui.page_kit import apply_preset
from ui.url_state import PageState

#: What the fitted model depends on (the lift and the kernel points do not refit it).
DATA_FIELDS = ("dataset", "n_points", "noise", "val_percent", "seed")
MODEL_FIELDS = (*DATA_FIELDS, "kernel", "C", "gamma", "degree", "coef0")
#: Terms of the RBF series drawn.
SERIES_TERMS = 16
LIFT_RESOLUTION = 25
LIFT_AXIS = {"radius": "z = x₁² + x₂²", "product": "z = x₁·x₂"}


@dataclasses.dataclass(frozen=True, eq=False)
class BoundaryView:
    data: Dataset
    fit: svm.SvmFit
    axis: np.ndarray
    decision: np.ndarray


def model_config(cfg: SvmConfig, fields: tuple[str, ...] = MODEL_FIELDS) -> SvmConfig:
    """``cfg`` with only ``fields`` (what the fit depends on; the rest at defaults): a cache key."""
    return SvmConfig(**{name: getattr(cfg, name) for name in fields})


@st.cache_data(max_entries=64, show_spinner=False)
def boundary_view(cfg: SvmConfig) -> BoundaryView:
    data = svm.load_data(cfg)
    fit = svm.fit_svm(data, cfg)
    axis, decision = svm.decision_grid(fit.model, svm.grid_resolution(cfg))
    return BoundaryView(data, fit, axis, decision)


@st.cache_data(max_entries=16, show_spinner=False)
def heat_scores(cfg: SvmConfig) -> np.ndarray:
    return svm.validation_grid(svm.load_data(cfg))


@st.cache_data(max_entries=16, show_spinner=False)
def lifted_view(cfg: SvmConfig, kind: str) -> tuple[np.ndarray, np.ndarray, svm.LiftFit]:
    data = svm.load_data(cfg)
    return svm.lift(data.x_train, kind), data.y_train, svm.fit_lifted(data.x_train, data.y_train, kind)


# Figures are cached as objects (st.cache_resource: no pickling, no re-validation); st.plotly_chart
# only reads them (it serializes a copy), so one figure can serve every session.


@st.cache_resource(max_entries=64, show_spinner=False)
def boundary_figure(cfg: SvmConfig, show_val: bool) -> go.Figure:
    view = boundary_view(cfg)
    data = view.data
    lines = tuple(svm.level_lines(view.axis, view.decision, level) for level in (-1.0, 0.0, 1.0))
    return figs.boundary_figure(
        view.axis,
        view.decision,
        lines,
        data.x_train,
        data.y_train,
        view.fit.support_vectors,
        data.x_test if show_val else None,
        data.y_test if show_val else None,
    )


@st.cache_resource(max_entries=16, show_spinner=False)
def lift_figure(cfg: SvmConfig, kind: str) -> go.Figure:
    lifted, y, plane = lifted_view(cfg, kind)
    axis = np.linspace(-DOMAIN, DOMAIN, LIFT_RESOLUTION)
    z = plane.plane_z(*np.meshgrid(axis, axis))
    if z is not None:
        lo, hi = lifted[:, 2].min(), lifted[:, 2].max()
        pad = 0.15 * (hi - lo)
        z = np.where((z >= lo - pad) & (z <= hi + pad), z, np.nan)  # only where the points are
    return figs.lift_figure(lifted, y, z, axis, LIFT_AXIS[kind])


@st.cache_resource(max_entries=32, show_spinner=False)
def heat_figure(cfg: SvmConfig, current: tuple[float, float] | None) -> go.Figure:
    return figs.heatmap_figure(heat_scores(cfg), svm.HEAT_C, svm.HEAT_GAMMAS, current)


@st.cache_resource(max_entries=64, show_spinner=False)
def series_figure(a: tuple[float, float], b: tuple[float, float], gamma: float) -> go.Figure:
    exact = float(svm.kernel_matrix(a, b, "rbf", gamma)[0, 0])
    return figs.series_figure(svm.rbf_series(np.array(a), np.array(b), gamma, SERIES_TERMS), exact)


def num(value: float, digits: int = 3) -> str:
    """A number for LaTeX: ``digits`` significant digits (whole numbers above), no ``-0`` or ``e``."""
    if abs(value) >= 10**digits:
        return f"{value:.0f}"
    text = f"{value:.{digits}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        return rf"{mantissa}\times 10^{{{int(exponent)}}}"
    return "0" if text in ("-0", "0") else text


# --------------------------------------------------------------------------- sidebar and presets


def preset_buttons(state: PageState, presets: tuple[Preset, ...], per_row: int = 3) -> None:
    """A compact grid of preset buttons above the chart; the last one's lesson shows below it."""
    lesson_key = state.key("lesson")
    for start in range(0, len(presets), per_row):
        cols = st.columns(per_row)
        for i, preset in enumerate(presets[start : start + per_row], start=start):
            cols[i - start].button(
                preset.title,
                key=state.key(f"preset_{i}"),
                on_click=apply_preset,
                args=(state, preset, functools.partial(st.session_state.__setitem__, lesson_key, i)),
                width="stretch",
            )
    chosen = st.session_state.get(lesson_key)
    if isinstance(chosen, int) and 0 <= chosen < len(presets):
        st.info(f"**{presets[chosen].title}.** {presets[chosen].lesson}", icon=":material/lightbulb:")


def sidebar(state: PageState) -> None:
    """The data and model controls (kernel parameters greyed out where the kernel ignores them)."""
    with st.sidebar:
        st.header("Data")
        for name in ("dataset", "n_points", "noise", "val_percent", "seed"):
            state.widget(name)
        st.header("Model")
        state.widget("kernel")
        kernel = state.value("kernel")
        state.widget("C")
        state.widget("gamma", disabled=kernel == "linear")
        state.widget("degree", disabled=kernel != "poly")
        state.widget("coef0", disabled=kernel != "poly")
        state.widget("show_val")


# --------------------------------------------------------------------------- the boundary


def kernel_latex(cfg: SvmConfig, x: str = "x", z: str = "z") -> tuple[str, str]:
    """(the kernel's formula, its parameters with their values) as two short LaTeX lines."""
    if cfg.kernel == "linear":
        return rf"K({x}, {z}) = {x}\cdot {z}", ""
    if cfg.kernel == "poly":
        formula = rf"K({x}, {z}) = (\gamma\, {x}\cdot {z} + r)^{{d}}"
        return formula, rf"\gamma = {num(cfg.gamma)},\ r = {num(cfg.coef0)},\ d = {cfg.degree},\ "
    return rf"K({x}, {z}) = e^{{-\gamma \lVert {x} - {z} \rVert^2}}", rf"\gamma = {num(cfg.gamma)},\ "


def model_numbers(view: BoundaryView, cfg: SvmConfig) -> None:
    """Accuracies, the fit's verdict and the decision function with its live numbers."""
    fit = view.fit
    c1, c2 = st.columns(2)
    c1.metric("Train accuracy", f"{fit.train_acc:.1%}", help=f"{len(view.data.x_train)} training points")
    c2.metric("Validation accuracy", f"{fit.val_acc:.1%}", help=f"{len(view.data.x_test)} validation points")
    kind, sentence = svm.fit_verdict(fit.train_acc, fit.val_acc)
    {"good": st.success, "overfit": st.warning, "underfit": st.warning}[kind](sentence)
    if not fit.converged:
        st.warning(
            f"The solver stopped after {svm.MAX_ITER:,} iterations without converging: the boundary "
            "is approximate. A smaller C or γ (or degree) converges faster."
        )
    on_margin = fit.n_on_margin(cfg.C)
    st.latex(rf"f(x) = \sum_{{i=1}}^{{{fit.n_support}}} \alpha_i y_i\, K(x_i, x) + b")
    formula, params = kernel_latex(cfg, "x_i", "x")
    st.latex(formula)
    st.latex(rf"{params}b = {num(fit.intercept)}")
    st.latex(rf"0 \le \alpha_i \le C = {num(cfg.C)},\quad \textstyle\sum_i \alpha_i y_i = 0")
    if fit.w is not None:
        w1, w2 = fit.w
        t2, t0 = signed(w2, num, "-"), signed(fit.intercept, num, "-")
        st.latex(rf"f(x) = {num(w1)}\,x_1{t2}\,x_2{t0}")
        st.latex(rf"\text{{margin}} = \tfrac{{2}}{{\lVert w \rVert}} = {num(fit.margin_width)}")
    st.markdown(
        f"Class 1 (blue) where f(x) > 0. **{fit.n_support} support vectors** of "
        f"{len(view.data.x_train)} training points: **{on_margin}** lie exactly on the margin "
        f"f(x) = ±1 (0 < α < C), the other **{fit.n_support - on_margin}** have α = C (inside the "
        "margin or on the wrong side). Every other point has α = 0."
    )


def boundary_chart(state: PageState, cfg: SvmConfig) -> None:
    fig = boundary_figure(model_config(cfg), cfg.show_val)
    st.plotly_chart(fig, key=state.key("fig_boundary"), config={"displayModeBar": False})


# --------------------------------------------------------------------------- the kernel trick in 3-D


def lift_section(state: PageState, cfg: SvmConfig) -> None:
    state.widget("lift")
    data_cfg = model_config(cfg, DATA_FIELDS)
    _, _, plane = lifted_view(data_cfg, cfg.lift)
    w1, w2, w3 = plane.w
    z_label = LIFT_AXIS[cfg.lift]
    left, right = st.columns([3, 2])
    left.plotly_chart(lift_figure(data_cfg, cfg.lift), key=state.key("fig_lift"))
    with right:
        st.markdown(
            f"Each training point gets a third coordinate, **{z_label}**. A *linear* SVM fitted on "
            "(x₁, x₂, z) finds the plane (drag the figure to rotate it):"
        )
        st.latex(r"w_1 x_1 + w_2 x_2 + w_3 z + b = 0")
        st.latex(rf"w = ({num(w1)},\ {num(w2)},\ {num(w3)})")
        st.latex(rf"b = {num(plane.b)}")
        if plane.separates:
            st.success("The plane separates every training point: linear in 3-D.")
        else:
            st.info(
                f"The plane gets {plane.accuracy:.0%} of the training points right: this lift does not "
                f"suit the {cfg.dataset} data. An RBF kernel finds its own features instead."
            )
        circle = plane.circle() if cfg.lift == "radius" else None
        if circle is not None:
            st.markdown(
                f"Seen from above, the plane cuts the bowl z = x₁² + x₂² in a **circle** of radius "
                f"{circle[2]:.2f} round ({circle[0]:.2f}, {circle[1]:.2f}): a straight cut in 3-D is a "
                "curved boundary in 2-D."
            )
        st.markdown(
            "A kernel does this without ever computing the new coordinates: K(x, z) is the dot "
            "product of the lifted points, computed from x and z directly. That is the **kernel trick**."
        )


# --------------------------------------------------------------------------- C and gamma


def _use_best(state: PageState, c: float, gamma: float) -> None:
    state.set(kernel="rbf", C=c, gamma=gamma)


def c_gamma_section(state: PageState, cfg: SvmConfig) -> None:
    scores = heat_scores(model_config(cfg, DATA_FIELDS))
    current = (cfg.C, cfg.gamma) if cfg.kernel == "rbf" else None
    st.markdown(
        "Validation accuracy of an **RBF** SVM for each C and γ on this page's data and split "
        "(red square: the sidebar's setting, when it is on the grid). Bottom left: too smooth "
        "(**underfitting**); top: every point its own island (**overfitting**)."
    )
    left, right = st.columns([3, 2])
    left.plotly_chart(heat_figure(model_config(cfg, DATA_FIELDS), current), key=state.key("fig_heat"))
    i, j = np.unravel_index(int(np.argmax(scores)), scores.shape)
    best_c, best_gamma = svm.HEAT_C[j], svm.HEAT_GAMMAS[i]
    right.markdown(
        f"Best on the validation points: **C = {best_c:g}, γ = {best_gamma:g}** ({scores[i, j]:.0%}). "
        "Choosing C and γ on the validation points makes their score optimistic: a final test set, "
        "touched once, says how good the choice really is."
    )
    right.button(
        "Use the best C and γ",
        key=state.key("use_best"),
        on_click=_use_best,
        args=(state, best_c, best_gamma),
        icon=":material/check:",
    )


# --------------------------------------------------------------------------- the kernel value


def kernel_value_section(state: PageState, cfg: SvmConfig, view: BoundaryView) -> None:
    cols = st.columns(4)
    for col, name in zip(cols, ("ax", "ay", "bx", "by"), strict=True):
        state.widget(name, col)
    a, b = np.array([cfg.ax, cfg.ay]), np.array([cfg.bx, cfg.by])
    dot, dist2 = float(a @ b), float(((a - b) ** 2).sum())
    k_lin = svm.kernel_matrix(a, b, "linear")[0, 0]
    k_poly = svm.kernel_matrix(a, b, "poly", cfg.gamma, cfg.degree, cfg.coef0)[0, 0]
    k_rbf = svm.kernel_matrix(a, b, "rbf", cfg.gamma)[0, 0]
    st.markdown(f"With a = ({cfg.ax:g}, {cfg.ay:g}) and b = ({cfg.bx:g}, {cfg.by:g}), γ = {cfg.gamma:g}:")
    st.latex(rf"\text{{linear: }} a\cdot b = {num(k_lin, 4)}")
    st.latex(
        rf"\text{{polynomial: }} (\gamma\, a\cdot b + r)^d = ({num(cfg.gamma)} \cdot {num(dot, 4)} + "
        rf"{num(cfg.coef0)})^{{{cfg.degree}}} = {num(k_poly, 5)}"
    )
    st.latex(
        rf"\text{{RBF: }} e^{{-\gamma \lVert a - b\rVert^2}} = e^{{-{num(cfg.gamma)} \cdot {num(dist2, 4)}}} "
        rf"= {num(k_rbf, 5)}"
    )
    n_poly = svm.poly_feature_count(cfg.degree, cfg.coef0)
    st.markdown(
        f"The polynomial kernel of degree {cfg.degree} (r = {cfg.coef0:g}) is a dot product of **{n_poly}** "
        "explicit features of each point (its monomials). The RBF kernel expands into every power of a·b:"
    )
    st.latex(
        r"e^{-\gamma\lVert a-b\rVert^2} = e^{-\gamma\lVert a\rVert^2} e^{-\gamma\lVert b\rVert^2}"
        r"\sum_{k=0}^{\infty} \frac{(2\gamma\, a\cdot b)^k}{k!}"
    )
    sums = svm.rbf_series(a, b, cfg.gamma, SERIES_TERMS)
    st.plotly_chart(series_figure((cfg.ax, cfg.ay), (cfg.bx, cfg.by), cfg.gamma), key=state.key("fig_series"))
    st.markdown(
        f"Each power k is a dot product of degree-k features, so the RBF kernel's feature map has "
        f"**infinitely many dimensions**; {SERIES_TERMS} terms give {sums[-1]:.6f} (exact: {k_rbf:.6f}). "
        "The SVM never builds them: it only ever evaluates K."
    )
    _decision_at_a(view, cfg, a)


def _decision_at_a(view: BoundaryView, cfg: SvmConfig, a: np.ndarray) -> None:
    fit = view.fit
    terms = svm.decision_terms(fit, a[None, :], cfg)
    by_hand = float(terms.sum() + fit.intercept)
    sk = float(fit.model.decision_function(a[None, :])[0])
    shown = " + ".join(f"({num(t)})" for t in terms[:3])
    more = rf" + \dots\ ({len(terms) - 3}\ \text{{more}})" if len(terms) > 3 else ""
    st.markdown(f"**How the fitted SVM uses K** at the point a, over its {fit.n_support} support vectors:")
    st.latex(
        rf"f(a) = \sum_i \alpha_i y_i K(x_i, a) + b = {shown}{more} + ({num(fit.intercept)}) = {num(by_hand, 4)}"
    )
    st.caption(
        f"Computed here in numpy; scikit-learn's decision_function gives {sk:.4f}. "
        f"a is classified as class {int(sk > 0)} ({KERNELS[cfg.kernel]} kernel)."
    )
