"""Sections of the k-means page: sidebar, step bar, messages, formulas and the tabs' bodies."""

from __future__ import annotations

import dataclasses

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from engine.classical.kmeans import (
    DATASETS,
    PLACE_LIMIT,
    PLAYGROUND_NOISE,
    KMeansConfig,
    KMeansTrace,
    StepView,
    initial_centroids,
    make_points,
    run_kmeans,
    silhouette_samples_np,
)
from engine.classical.kmeans_scan import (
    N_INIT,
    KScan,
    MixtureComparison,
    compare_mixture,
    scan_k,
    sklearn_same_start,
)
from ui.classical.kmeans_figures import elbow_figure, mixture_figure, silhouette_diagram, silhouette_k_figure
from ui.url_state import LINK_PROBLEM, PageState

# --------------------------------------------------------------------------- cached engine calls


def _only(cfg: KMeansConfig, *names: str) -> KMeansConfig:
    """``cfg`` with every field but the data's and ``names`` at its default: the cache key."""
    keep = ("dataset", "n_points", "centers", "spread", "seed", *names)
    return dataclasses.replace(KMeansConfig(), **{name: getattr(cfg, name) for name in keep})


@st.cache_data(max_entries=64, show_spinner=False)
def _points(cfg: KMeansConfig) -> tuple[np.ndarray, np.ndarray]:
    return make_points(cfg)


def points(cfg: KMeansConfig) -> tuple[np.ndarray, np.ndarray]:
    """The data and their true groups (never shown to k-means)."""
    return _points(_only(cfg))


@st.cache_data(max_entries=64, show_spinner=False)
def _trace(cfg: KMeansConfig) -> tuple[KMeansTrace | None, np.ndarray | None]:
    x, _ = points(cfg)
    init = initial_centroids(x, cfg)
    return (None if init is None else run_kmeans(x, init, cfg.empty)), init


def trace_for(cfg: KMeansConfig) -> tuple[KMeansTrace | None, np.ndarray | None]:
    """The whole run from the configured start (None while click mode has too few centroids)."""
    return _trace(_only(cfg, "k", "init", "init_seed", "empty", "placed"))


@st.cache_data(max_entries=32, show_spinner=False)
def _scan(cfg: KMeansConfig) -> KScan:
    return scan_k(points(cfg)[0], cfg.init_seed)


def scan_for(cfg: KMeansConfig) -> KScan:
    """scikit-learn's KMeans for k = 1..10: the elbow and silhouette data."""
    return _scan(_only(cfg, "init_seed"))


@st.cache_data(max_entries=32, show_spinner=False)
def _mixture(cfg: KMeansConfig) -> MixtureComparison:
    x, y = points(cfg)
    return compare_mixture(x, y, cfg.k, cfg.covariance, cfg.init_seed, scan=scan_for(cfg))


def mixture_for(cfg: KMeansConfig) -> MixtureComparison:
    """KMeans and GaussianMixture with the page's k, scored against the true groups."""
    return _mixture(_only(cfg, "k", "covariance", "init_seed"))


# Figures that do not depend on the step, built once per setting that draws them. A figure is
# shared, never changed: st.plotly_chart only reads it (cache_resource: no pickling; cache_data
# would validate the whole figure again on every read).


@st.cache_resource(max_entries=64, show_spinner=False)
def _k_figures(cfg: KMeansConfig) -> tuple[go.Figure, go.Figure]:
    scan = scan_for(cfg)
    return elbow_figure(scan, cfg.k), silhouette_k_figure(scan, cfg.k)


@st.cache_resource(max_entries=64, show_spinner=False)
def _silhouettes(cfg: KMeansConfig) -> tuple[np.ndarray, go.Figure]:
    """Each point's silhouette in the final clusters (at least 2 of them) and its diagram."""
    trace, _ = trace_for(cfg)
    labels = trace.final_labels
    values = silhouette_samples_np(trace.x, labels)
    return values, silhouette_diagram(values, labels)


@st.cache_resource(max_entries=32, show_spinner=False)
def _mixture_figure(cfg: KMeansConfig) -> go.Figure:
    return mixture_figure(points(cfg)[0], mixture_for(cfg))


# --------------------------------------------------------------------------- sidebar and step bar


def _new_start(state: PageState) -> None:
    state.set(init_seed=(int(state.value("init_seed")) + 1) % 10000, step=0)


def sidebar(state: PageState) -> None:
    """Data, k-means and mixture settings."""
    with st.sidebar:
        st.header("Data")
        state.widget("dataset", format_func=DATASETS.get)
        state.widget("n_points")
        blobs = state.value("dataset") in ("blobs", "stretched")
        state.widget("centers", disabled=not blobs)
        state.widget("spread", disabled=not blobs)
        state.widget("seed")
        st.header("k-means")
        state.widget("k")
        state.widget("init")
        if state.value("init") == "click":
            st.button(
                "Clear the clicked centroids",
                key=state.key("clear"),
                on_click=state.set,
                kwargs={"placed": (), "step": 0},
                icon=":material/ink_eraser:",
                width="stretch",
            )
        else:
            state.widget("init_seed")
            st.button(
                "New start (next seed)",
                key=state.key("new_start"),
                on_click=_new_start,
                args=(state,),
                icon=":material/casino:",
                width="stretch",
            )
        state.widget("empty")
        st.header("Gaussian mixture")
        state.widget("covariance")


def step_bar(state: PageState, n_steps: int) -> None:
    """The step slider and Reset / Back / Step / End buttons (a step past the end is cut, and said)."""
    asked = int(state.value("step"))
    now = min(asked, n_steps)
    first_run = state.key("opened") not in st.session_state
    st.session_state[state.key("opened")] = True
    if asked > n_steps:
        why = f"this run ends at step {n_steps} (converged or stopped), so step {n_steps} is shown"
        if first_run:
            st.warning(LINK_PROBLEM.format(problem=f"step={asked}: {why}"), icon=":material/link_off:")
        else:
            st.info(f"Step {asked} is past the end of this run: {why}.")
    # Set it again before the slider: a new trace length makes a new slider, which would start at 0.
    state.set(step=now)
    cols = st.columns([1, 1, 1, 1, 2.2])
    buttons = (
        ("Reset", "reset", 0, ":material/restart_alt:", "Back to the initial centroids."),
        ("Back", "back", max(now - 1, 0), ":material/skip_previous:", "One half-step back."),
        ("Step", "forward", min(now + 1, n_steps), ":material/skip_next:", "The next assign or update step."),
        ("End", "end", n_steps, ":material/last_page:", "Jump to convergence."),
    )
    for col, (label, key, target, icon, help_text) in zip(cols, buttons, strict=False):
        col.button(
            label,
            key=state.key(key),
            on_click=state.set,
            kwargs={"step": target},
            icon=icon,
            help=help_text,
            width="stretch",
        )
    st.slider(
        "Step (0: start; then odd: assign, even: update)",
        0,
        n_steps,
        key=state.key("step"),
        help="Each iteration is an assign step then an update step.",
    )


def place_centroid(state: PageState, chart_key: str, k: int) -> None:
    """A click on the chart (click mode): add a centroid there, or move the nearest one once k are placed."""
    event = st.session_state.get(chart_key)
    selection = getattr(event, "selection", None) or (event or {}).get("selection", {})
    points_ = selection.get("points", []) if isinstance(selection, dict) else getattr(selection, "points", [])
    if not points_:
        return
    px = float(np.clip(points_[0]["x"], -PLACE_LIMIT, PLACE_LIMIT))
    py = float(np.clip(points_[0]["y"], -PLACE_LIMIT, PLACE_LIMIT))
    placed = [tuple(p) for p in np.asarray(state.value("placed"), dtype=float).reshape(-1, 2)][:k]
    if len(placed) < k:
        placed.append((px, py))
    else:
        nearest = int(np.argmin([np.hypot(px - a, py - b) for a, b in placed]))
        placed[nearest] = (px, py)
    state.set(placed=tuple(round(v, 2) for p in placed for v in p), step=0)


# --------------------------------------------------------------------------- what the step says


def step_message(view: StepView, trace: KMeansTrace) -> tuple[str, str]:
    """(kind of message, text) about the half-step on screen."""
    if view.kind == "init":
        return "info", (
            f"Start: {len(view.centroids)} centroids (✕), no point assigned yet. Press **Step**: every "
            "point joins its nearest centroid."
        )
    t = (view.step - 1) // 2 + 1
    if view.kind == "assign":
        sizes = np.bincount(view.labels, minlength=len(view.centroids))
        empty = [str(j + 1) for j in np.flatnonzero(sizes == 0)]
        text = f"Iteration {t}, **assign**: every point joins its nearest centroid (the coloured regions)."
        if view.changed is not None:
            text += f" {view.changed} point{'s' if view.changed != 1 else ''} changed cluster."
        if empty:
            text += f" **No point chose centroid {', '.join(empty)}: an empty cluster.**"
        if view.changed == 0:
            return "success", text + " Nothing changed, so the centroids will not move: **converged**."
        return ("warning" if empty else "info"), text
    moved = float(np.linalg.norm(view.centroids - view.previous, axis=1).max())
    text = f"Iteration {t}, **update**: every centroid moves to the mean of its points (largest move {moved:.3f})."
    for move in view.relocations:
        if move.rule == "farthest":
            text += (
                f" Centroid {move.cluster + 1} had no points: as scikit-learn does, it was **re-seeded at the "
                f"point farthest from its own centroid**, ({move.position[0]:.2f}, {move.position[1]:.2f}), "
                "which leaves its old cluster."
            )
        else:
            text += (
                f" Centroid {move.cluster + 1} had no points: it has no mean, so it **stays where it was** "
                "(this cluster stays empty unless points come closer)."
            )
    if view.step == trace.n_steps and not trace.converged:
        return "warning", text + f" Stopped after {trace.n_iter} iterations without converging."
    if view.step == trace.n_steps:
        return (
            "success",
            text
            + f" The assignment did not change, so k-means has **converged** ({trace.n_iter} iterations).",
        )
    return ("warning" if view.relocations else "info"), text


def formula(view: StepView, x: np.ndarray, value: float | None) -> str:
    """The objective and the step on screen with its numbers (LaTeX)."""
    objective = r"J = \sum_{i=1}^{n} \lVert x_i - \mu_{c_i} \rVert^2"
    if view.labels is None:
        return objective + rf",\quad n = {len(x)},\ k = {len(view.centroids)}"
    j = int(np.bincount(view.labels).argmax())
    members = view.labels == j
    mu = view.centroids[j]
    if view.kind == "assign":
        step = r"c_i = \arg\min_j \lVert x_i - \mu_j \rVert^2"
    else:
        step = (
            rf"\mu_{{{j + 1}}} = \frac{{1}}{{|C_{{{j + 1}}}|}}\sum_{{i \in C_{{{j + 1}}}}} x_i"
            rf" = \frac{{1}}{{{int(members.sum())}}}({x[members, 0].sum():.2f},\ {x[members, 1].sum():.2f})"
            rf" = ({mu[0]:.2f},\ {mu[1]:.2f})"
        )
    return rf"{step},\qquad {objective} = {value:.2f}"


# --------------------------------------------------------------------------- tabs


def choosing_k_tab(cfg: KMeansConfig, x: np.ndarray, scan: KScan, labels: np.ndarray | None) -> None:
    st.markdown(
        f"scikit-learn's `KMeans` (k-means++, {N_INIT} starts) for every k. The **inertia** always falls as k "
        "grows (k = n gives 0), so look for the **elbow** where it stops falling fast. The **silhouette** "
        "of a point is (b − a) / max(a, b): a is its mean distance to its own cluster, b to the nearest "
        "other cluster; near 1 = well inside its cluster, below 0 = probably in the wrong one."
    )
    left, right = st.columns(2)
    elbow, by_k = _k_figures(_only(cfg, "init_seed", "k"))
    left.plotly_chart(elbow, config={"displayModeBar": False})
    right.plotly_chart(by_k, config={"displayModeBar": False})
    best = scan.best_silhouette_k
    if best is not None:
        st.markdown(
            f"Highest mean silhouette: **k = {best}** ({scan.silhouettes[best - 1]:.3f}); your k = {cfg.k}."
        )
    if labels is None or len(np.unique(labels)) < 2:
        st.info("The silhouette of each point needs the final clusters of at least 2 non-empty clusters.")
        return
    values, diagram = _silhouettes(_only(cfg, "k", "init", "init_seed", "empty", "placed"))
    st.plotly_chart(diagram, config={"displayModeBar": False})
    i = int(np.argmin(values))
    st.caption(
        f"Computed in numpy on this page (equal to `sklearn.metrics.silhouette_samples`): mean "
        f"{values.mean():.3f}. The worst point, ({x[i, 0]:.2f}, {x[i, 1]:.2f}) in cluster {labels[i] + 1}, "
        f"has s = {values[i]:.3f}."
    )


def mixture_tab(cfg: KMeansConfig, result: MixtureComparison) -> None:
    st.markdown(
        "The slides' semi-supervised picture: assume the data come from **k Gaussian distributions** and "
        "find them with **Expectation Maximization** (scikit-learn's `GaussianMixture`). E-step: each point's "
        "probability of belonging to each Gaussian (its *responsibility*; faded points are uncertain). "
        "M-step: each Gaussian's weight, mean and covariance from those probabilities. k-means is the "
        "special case with hard assignments and round, equal clusters, which is why it cuts stretched "
        "clusters across. Ellipses: 2 standard deviations."
    )
    figure = _mixture_figure(_only(cfg, "k", "covariance", "init_seed"))
    st.plotly_chart(figure, config={"displayModeBar": False})
    a, b, c = st.columns(3)
    a.metric("k-means: adjusted Rand index", f"{result.kmeans_ari:.3f}")
    b.metric("Mixture: adjusted Rand index", f"{result.gmm_ari:.3f}")
    c.metric(
        "EM iterations", f"{result.gmm_iterations}", "converged" if result.gmm_converged else "not converged"
    )
    st.caption(
        "Adjusted Rand index: agreement with the generator's true groups (1 = the same grouping, "
        f"0 = chance). Both models with k = {cfg.k}, covariance '{cfg.covariance}', seed {cfg.init_seed}."
    )


def data_caption(cfg: KMeansConfig) -> str:
    if cfg.generated_blobs:
        what = (
            f"{cfg.n_points} points in {cfg.centers} blob{'s' if cfg.centers != 1 else ''} "
            f"(`sklearn.datasets.make_blobs`, std {cfg.spread:g}"
            + (", then stretched" if cfg.dataset == "stretched" else "")
            + ")"
        )
    else:
        what = (
            f"{cfg.n_points} points from the playground's '{DATASETS[cfg.dataset]}' generator "
            f"(noise {PLAYGROUND_NOISE[cfg.dataset]:g})"
        )
    return f"Data: {what}, seed {cfg.seed}, generated on this server; nothing is downloaded. The labels are never shown to k-means."


def sklearn_check(cfg: KMeansConfig) -> tuple[float, int, bool] | None:
    """(inertia, iterations, same centroids as the numpy trace) of scikit-learn from the same start."""
    return _check(_only(cfg, "k", "init", "init_seed", "empty", "placed"))


@st.cache_data(max_entries=32, show_spinner=False)
def _check(cfg: KMeansConfig) -> tuple[float, int, bool] | None:
    trace, init = trace_for(cfg)
    if trace is None:
        return None
    model = sklearn_same_start(trace.x, init)
    same = bool(np.allclose(model.cluster_centers_, trace.final_centroids, atol=1e-6))
    return float(model.inertia_), int(model.n_iter_), same


def how_tab(cfg: KMeansConfig, trace: KMeansTrace, check: tuple[float, int, bool] | None) -> None:
    st.markdown(
        "**k-means** (Lloyd's algorithm) repeats two steps until nothing changes:\n"
        "1. **Assign**: every point joins its nearest centroid, c_i = argmin_j ‖x_i − μ_j‖².\n"
        "2. **Update**: every centroid moves to the mean of its points, μ_j = mean of C_j.\n\n"
        "Neither step can raise the inertia J (the assign step picks the closest centroid, the mean is the "
        "point closest to a cluster in squared distance), and there are finitely many ways to split the "
        "points, so it always stops, but only in a **local** minimum that depends on the start.\n\n"
        "**Starts.** *Random*: k distinct data points. *k-means++* (scikit-learn's default): the first "
        "centroid is a random point, each next one a point drawn with probability proportional to its "
        "squared distance to the nearest centroid chosen so far: centroids start spread out. "
        "*Click to place*: your own start, to build a bad one on purpose.\n\n"
        "**Empty clusters.** A centroid that no point chooses has no mean. scikit-learn re-seeds it at the "
        "point farthest from its own centroid (that point leaves its cluster); *keep* leaves it where it "
        "was, and it usually stays empty."
    )
    state = "converged" if trace.converged else "stopped without converging"
    text = (
        f"This run: {state} after **{trace.n_iter} iterations** ({trace.n_steps} steps), final inertia "
        f"**{trace.final_inertia:.2f}**."
    )
    if check is not None and cfg.empty == "farthest":
        inertia_, n_iter, same = check
        text += (
            f" scikit-learn's `KMeans(init=<the same start>, n_init=1)`: inertia {inertia_:.2f} after "
            f"{n_iter} iterations, {'the same' if same else 'different'} centroids."
        )
    st.markdown(text)
