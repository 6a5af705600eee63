"""The notebook-to-app page's views: the students' chart, the leak side by side, the uploads and
the served prediction with its formula. Figure builders are pure (data in, ``go.Figure`` out)."""

from __future__ import annotations

from typing import Any

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from engine.workflow.serving import THRESHOLD, Leak, PipelineFit, Served, ServingConfig
from engine.workflow.serving_io import FILE_NAMES, MAX_BYTES, Loaded, UploadRefused, load_upload
from ui.url_state import PageState

ADMITTED, REJECTED = "#1a9850", "#d73027"
HONEST, LEAKED = "#0877bd", "#e08214"
AXIS = (0.0, 105.0)


def _boundary(fit: PipelineFit) -> tuple[np.ndarray, np.ndarray]:
    """Points of the line w · x + b = 0 (p = 0.5) in exam-score units, inside the chart."""
    w, b = fit.weights_raw()
    x1 = np.linspace(*AXIS, 50)
    if abs(w[1]) < 1e-12:
        return np.full(2, -b / w[0] if w[0] else np.nan), np.array(AXIS)
    x2 = -(b + w[0] * x1) / w[1]
    keep = (x2 >= AXIS[0] - 5) & (x2 <= AXIS[1] + 5)
    return x1[keep], x2[keep]


def students_figure(leak: Leak, served: Served) -> go.Figure:
    """Training (circles) and test (diamonds) students, both boundaries, and the applicant."""
    s = leak.split
    fig = go.Figure()
    for x, y, name, symbol in (
        (s.x_train, s.y_train, "train", "circle"),
        (s.x_test, s.y_test, "test", "diamond"),
    ):
        for label, colour, word in ((1, ADMITTED, "admitted"), (0, REJECTED, "not admitted")):
            pts = x[y == label]
            fig.add_scatter(
                x=pts[:, 0],
                y=pts[:, 1],
                mode="markers",
                name=f"{name}: {word}",
                marker={"color": colour, "symbol": symbol, "size": 9 if name == "train" else 12,
                        "line": {"width": 1.5 if name == "test" else 0, "color": "black"}},
                hovertemplate="exam 1 %{x:.1f}, exam 2 %{y:.1f}<extra>" + f"{name}, {word}</extra>",
            )  # fmt: skip
    for fit, colour, dash, name in (
        (leak.honest, HONEST, "solid", "p = 0.5, scaler fitted on the training split"),
        (leak.leaked, LEAKED, "dash", "p = 0.5, scaler fitted on all (leak)"),
    ):
        bx, by = _boundary(fit)
        fig.add_scatter(x=bx, y=by, mode="lines", name=name, line={"color": colour, "dash": dash, "width": 3})
    fig.add_scatter(
        x=[served.x[0]],
        y=[served.x[1]],
        mode="markers",
        name=f"applicant: p = {served.p:.2f}",
        marker={"symbol": "star", "size": 22, "color": ADMITTED if served.admitted else REJECTED,
                "line": {"width": 2, "color": "black"}},
    )  # fmt: skip
    if s.typo_row >= 0:
        fig.add_annotation(
            x=AXIS[1], y=float(s.x_test[s.typo_row, 1]), text=f"typo: exam 1 = {s.x_test[s.typo_row, 0]:.0f} →",
            showarrow=False, xanchor="right", font={"size": 14, "color": LEAKED},
        )  # fmt: skip
    fig.update_layout(
        height=500,
        margin={"l": 60, "r": 10, "t": 10, "b": 55},
        legend={"x": 1.02, "y": 1.0, "xanchor": "left", "yanchor": "top"},
        xaxis={"title": "exam 1 score", "range": list(AXIS)},
        yaxis={"title": "exam 2 score", "range": list(AXIS)},
    )
    return fig


# ---- the leak --------------------------------------------------------------------------------


def _range(fit: PipelineFit, j: int) -> str:
    return f"{fit.seen_min[j]:.1f} – {fit.seen_max[j]:.1f}"


def leak_rows(leak: Leak) -> dict[str, list[str]]:
    """The side-by-side table: one row per fact, honest then leaked."""
    h, lk = leak.honest, leak.leaked
    n_test = len(leak.split.y_test)
    rows: dict[str, list[str]] = {}
    for j in (0, 1):
        rows[f"exam {j + 1} range the scaler saw"] = [_range(h, j), _range(lk, j)]
    rows["weights on raw scores (w₁, w₂, b)"] = [
        "{:.4f}, {:.4f}, {:.2f}".format(*f.weights_raw()[0], f.weights_raw()[1]) for f in (h, lk)
    ]
    rows["test accuracy"] = [f"{h.test_accuracy:.1%}", f"{lk.test_accuracy:.1%}"]
    rows["test log loss"] = [f"{h.test_log_loss:.4f}", f"{lk.test_log_loss:.4f}"]
    rows["test students outside the scaler's range"] = [
        f"{h.test_outside} of {n_test}",
        f"{lk.test_outside} of {n_test}",
    ]
    return rows


def _moved(leak: Leak) -> str:
    """The largest change of the scaler's range, in words."""
    h, lk = leak.honest, leak.leaked
    lo = np.abs(lk.seen_min - h.seen_min)
    hi = np.abs(lk.seen_max - h.seen_max)
    j_lo, j_hi = int(np.argmax(lo)), int(np.argmax(hi))
    if hi[j_hi] >= lo[j_lo]:
        return f"exam {j_hi + 1} max {h.seen_max[j_hi]:.2f} → {lk.seen_max[j_hi]:.2f}"
    return f"exam {j_lo + 1} min {h.seen_min[j_lo]:.2f} → {lk.seen_min[j_lo]:.2f}"


def leak_sentence(leak: Leak) -> str:
    """Why the two numbers differ (or why they do not), from the numbers themselves."""
    h, lk = leak.honest, leak.leaked
    both = (
        f"Test accuracy **{h.test_accuracy:.1%}** (scaler fitted on the training split) vs "
        f"**{lk.test_accuracy:.1%}** (fitted on all students); log loss {h.test_log_loss:.4f} vs "
        f"{lk.test_log_loss:.4f}. "
    )
    if not leak.scaler_moved:
        return both + (
            "They are equal: every test score lies inside the training split's range, so the test students "
            "changed nothing the scaler learned. The procedure is still wrong: on another split they would."
        )
    small = leak.accuracy_gap == 0 and abs(leak.log_loss_gap) < 0.005
    if small:
        return both + (
            f"They barely differ: the all-data scaler also saw the test students ({_moved(leak)}), which "
            "shifts and stretches the inputs a little, and the model's weights absorb most of it. Yet the test "
            "split helped fit the pipeline: with the honest scaler "
            f"{h.test_outside} test student(s) fall outside the range it saw, as new applicants will in the app; "
            "with the leaky one none can."
        )
    return both + (
        f"They differ because the all-data scaler was fitted on the test students too ({_moved(leak)}): every "
        "training student was scaled differently, so a different model was trained (see the weights). The "
        "test split helped build the model, so its score no longer measures applicants the model has never "
        "seen."
    )


# ---- the served prediction ------------------------------------------------------------------------


def _v(x: float) -> str:
    return f"{x:.4g}" if abs(x) < 1e4 else f"{x:.3e}"


def serve_latex(served: Served) -> tuple[str, str, str]:
    """The scaler's transform and the model's probability, with this applicant's numbers."""
    name = r"\min" if served.kind == "minmax" else r"\mu"
    spread = r"\max - \min" if served.kind == "minmax" else r"\sigma"
    parts = [
        rf"x'_{j + 1} = \frac{{{_v(served.x[j])} - {_v(served.shift[j])}}}{{{_v(served.spread[j])}}} = "
        rf"{served.x_scaled[j]:.4f}"
        for j in (0, 1)
    ]
    scale = rf"x' = \frac{{x - {name}}}{{{spread}}}:\quad " + r",\qquad ".join(parts)
    w, b = served.w, served.b
    rel = r"\geq" if served.admitted else "<"
    xs = [f"{v:.4f}" if v >= 0 else f"({v:.4f})" for v in served.x_scaled]
    prob = (
        rf"z = w_1 x'_1 + w_2 x'_2 + b = {w[0]:.4f}\cdot{xs[0]} "
        rf"{'+' if w[1] >= 0 else '-'} {abs(w[1]):.4f}\cdot{xs[1]} "
        rf"{'+' if b >= 0 else '-'} {abs(b):.4f} = {served.z:.4f}"
    )
    sigmoid = (
        rf"p = \sigma(z) = \frac{{1}}{{1 + e^{{-z}}}} = {served.p:.4f}"
        rf"\;{rel}\; {THRESHOLD}"
    )
    return scale, prob, sigmoid


def served_answer(served: Served, source: str) -> None:
    """The app's answer, its formula, and a warning when the applicant is outside the scaler's range."""
    scale, prob, sigmoid = serve_latex(served)
    verdict = "Admitted" if served.admitted else "Sorry, not admitted"
    (st.success if served.admitted else st.error)(
        f"**{verdict}**: P(admitted) = {served.p:.3f} ({source}).", icon=":material/school:"
    )
    st.latex(scale)
    st.latex(prob)
    st.latex(sigmoid)
    far = [f"exam {j + 1}" for j in (0, 1) if served.outside[j]]
    if far:
        where = (
            "outside the range the scaler was fitted on"
            if served.kind == "minmax"
            else "over 3 σ from the mean"
        )
        st.warning(
            f"{' and '.join(far)} {'are' if len(far) > 1 else 'is'} {where} (x′ = {', '.join(f'{v:.3f}' for v in served.x_scaled)}): the model "
            "extrapolates, it has never seen a student like this one.",
            icon=":material/warning:",
        )


# ---- the uploads --------------------------------------------------------------------------------------


def upload_slot(state: PageState, slot: str, container: Any) -> Loaded | None:
    """One file uploader (model or scaler): the validated object, or None with the reason shown."""
    with container:
        upload = st.file_uploader(
            f"{slot.capitalize()} (.skops, up to {MAX_BYTES // 1_000_000} MB)",
            key=state.key(f"upload_{slot}"),
            max_upload_size=max(1, MAX_BYTES // 1_000_000),
            help=f"Saved with skops.io.dump, e.g. the {FILE_NAMES[slot]} downloaded above. Pickle and joblib "
            "files are refused (and never opened).",
        )
        if upload is None:
            return None
        try:
            loaded = load_upload(upload.getvalue(), upload.name, slot)
        except UploadRefused as err:
            st.error(str(err), icon=":material/block:")
            return None
        st.success(
            f"{upload.name!r}: a fitted {loaded.class_name}, {loaded.size:,} bytes, checked.",
            icon=":material/check:",
        )
        return loaded


def config_caption(cfg: ServingConfig, leak: Leak) -> str:
    n_test = len(leak.split.y_test)
    return (
        f"Data: {cfg.n} students {leak.split.source} by the logistic-regression page's generator "
        f"(engine.basics.data.admissions), on this server; {len(leak.split.y_train)} to train, {n_test} held out."
    )
