"""Pure plotly builders for the Generalization page: data in, ``go.Figure`` out (fonts >= 14 px)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from engine.workflow.generalization.imbalance import Metrics
from engine.workflow.generalization.polyfit import DegreeCurve, Split, predict, true_function

TRAIN, VAL, TEST = "#1f77b4", "#ff7f0e", "#2ca02c"
FIT, TRUTH = "#d62728", "#7f7f7f"
FONT = 15
Y_LIMIT = 2.6


def _layout(fig: go.Figure, height: int = 380, title: str = "", **kwargs) -> go.Figure:
    legend = {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0, "font": {"size": FONT - 1}}
    below = bool(title) and kwargs.get("showlegend", True)
    if below:  # the title takes the top: the legend goes under the x axis
        legend.update(y=-0.22, yanchor="top")
    fig.update_layout(
        height=height + (60 if below else 0),
        margin={"l": 60, "r": 20, "t": 50 if title else 20, "b": 110 if below else 55},
        font={"size": FONT},
        title={"text": title, "x": 0, "font": {"size": FONT + 1}} if title else None,
        legend=legend,
        **kwargs,
    )
    return fig


def _curve_x() -> np.ndarray:
    return np.linspace(-1, 1, 300)


def _points(fig: go.Figure, x, y, name: str, color: str, symbol: str = "circle", **where) -> None:
    fig.add_trace(
        go.Scatter(x=x, y=y, mode="markers", name=name, marker={"color": color, "size": 9, "symbol": symbol}),
        **where,
    )


def poly_fit_figure(
    x: np.ndarray, y: np.ndarray, split: Split, coef: np.ndarray, degree: int, title: str = ""
):
    """The points by role, the true sine (dashed) and the fitted polynomial (clipped to the view)."""
    fig = go.Figure()
    xs = _curve_x()
    fig.add_trace(
        go.Scatter(x=xs, y=true_function(xs), name="truth sin(πx)", line={"color": TRUTH, "dash": "dash"})
    )
    fig.add_trace(
        go.Scatter(x=xs, y=predict(coef, xs), name=f"degree {degree} fit", line={"color": FIT, "width": 3})
    )
    _points(fig, x[split.train], y[split.train], "train", TRAIN)
    _points(fig, x[split.val], y[split.val], "validation", VAL, "diamond")
    if len(split.test):
        _points(fig, x[split.test], y[split.test], "test", TEST, "square")
    fig.update_xaxes(title="x", range=[-1.05, 1.05])
    fig.update_yaxes(title="y", range=[-Y_LIMIT, Y_LIMIT])
    return _layout(fig, 400, title)


def three_pictures(x: np.ndarray, y: np.ndarray, split: Split, fits: list[tuple[str, int, np.ndarray]]):
    """The slides' three pictures (underfit, good fit, overfit) on the live data, side by side."""
    fig = make_subplots(rows=1, cols=len(fits), subplot_titles=[f"{name}: degree {d}" for name, d, _ in fits])
    xs = _curve_x()
    for i, (_, _, coef) in enumerate(fits, start=1):
        fig.add_trace(
            go.Scatter(
                x=x[split.train], y=y[split.train], mode="markers", marker={"color": TRAIN, "size": 6}
            ),
            row=1,
            col=i,
        )
        fig.add_trace(go.Scatter(x=xs, y=predict(coef, xs), line={"color": FIT, "width": 2.5}), row=1, col=i)
    fig.update_yaxes(range=[-Y_LIMIT, Y_LIMIT])
    fig.update_yaxes(title_text="y", row=1, col=1)
    fig.update_xaxes(title_text="x")
    fig.update_annotations(font={"size": FONT})
    return _layout(fig, 260, showlegend=False)


def degree_error_figure(curve: DegreeCurve, degree: int, show_test: bool = False):
    """Train and validation MSE vs degree (log scale), the current degree and the best one marked."""
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=curve.degrees, y=curve.train, name="train MSE", mode="lines+markers", line={"color": TRAIN}
        )
    )
    fig.add_trace(
        go.Scatter(
            x=curve.degrees, y=curve.val, name="validation MSE", mode="lines+markers", line={"color": VAL}
        )
    )
    if show_test:
        fig.add_trace(
            go.Scatter(
                x=curve.degrees,
                y=curve.test,
                name="test MSE (never used to choose)",
                mode="lines",
                line={"color": TEST, "dash": "dot"},
            )
        )
    best = curve.best_degree
    fig.add_vline(
        x=degree,
        line={"color": FIT, "width": 2},
        annotation_text=f"degree {degree}",
        annotation_position="top left",
        annotation_font_size=FONT - 1,
    )
    fig.add_trace(
        go.Scatter(
            x=[best],
            y=[curve.at(best)[1]],
            mode="markers",
            name=f"lowest validation (degree {best})",
            marker={"symbol": "star", "size": 18, "color": VAL, "line": {"color": "black", "width": 1}},
        )
    )
    fig.update_xaxes(title="polynomial degree (model complexity)", dtick=1)
    fig.update_yaxes(title="mean squared error (log)", type="log")
    return _layout(fig, 400)


def split_bar(sizes: tuple[int, int, int]):
    """One horizontal bar: how many points train, validate and test."""
    fig = go.Figure()
    total = sum(sizes)
    for name, size, color in zip(("train", "validation", "test"), sizes, (TRAIN, VAL, TEST), strict=True):
        fig.add_trace(
            go.Bar(
                y=["points"],
                x=[size],
                name=name,
                orientation="h",
                marker_color=color,
                text=f"{name} {size} ({100 * size / total:.0f} %)",
                textposition="inside",
                insidetextanchor="middle",
                textfont={"size": FONT, "color": "white"},
            )
        )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title="points", range=[0, total])
    fig.update_yaxes(showticklabels=False)
    return _layout(fig, 170, showlegend=False)


def peek_figure(honest: tuple[float, float], peek: tuple[float, float], repeats: int):
    """Reported test error vs error on new data: choosing on validation vs choosing on the test set."""
    fig = go.Figure()
    groups = ["degree chosen on validation,<br>test used once", "degree chosen on the test set<br>(peeking)"]
    fig.add_trace(
        go.Bar(
            x=groups,
            y=[honest[0], peek[0]],
            name="reported test MSE",
            marker_color=TEST,
            text=[f"{honest[0]:.3f}", f"{peek[0]:.3f}"],
            textposition="outside",
        )
    )
    fig.add_trace(
        go.Bar(
            x=groups,
            y=[honest[1], peek[1]],
            name="MSE on 400 new points",
            marker_color=FIT,
            text=[f"{honest[1]:.3f}", f"{peek[1]:.3f}"],
            textposition="outside",
        )
    )
    fig.update_yaxes(title=f"median MSE over {repeats} data sets", rangemode="tozero")
    top = max(honest + peek)
    fig.update_yaxes(range=[0, 1.25 * top])
    return _layout(fig, 360, barmode="group")


def kfold_grid(fold_of: np.ndarray, order: np.ndarray, fold: int):
    """Rows: folds; columns: points (sorted by x); a cell is orange where the point validates that fold."""
    k = int(fold_of.max()) + 1
    z = np.array([[1.0 if fold_of[j] == i else 0.0 for j in order] for i in range(k)])
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=np.arange(1, len(order) + 1),
            y=[f"fold {i + 1}" for i in range(k)],
            colorscale=[[0, TRAIN], [1, VAL]],
            zmin=0,
            zmax=1,
            showscale=False,
            xgap=1,
            ygap=2,
            hovertemplate="%{y}, point %{x}<extra></extra>",
        )
    )
    fig.add_shape(
        type="rect",
        x0=0.5,
        x1=len(order) + 0.5,
        y0=fold - 1.5,
        y1=fold - 0.5,
        line={"color": "black", "width": 3},
    )
    fig.update_xaxes(title="point (sorted by x)   ■ blue: trains  ■ orange: validates")
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, 110 + 26 * k)


def fold_scores(val_mse: np.ndarray, fold: int):
    """The validation MSE of each fold, the mean (line) and mean ± std (band)."""
    k = len(val_mse)
    mean, std = float(np.mean(val_mse)), float(np.std(val_mse))
    colors = [FIT if i + 1 == fold else VAL for i in range(k)]
    fig = go.Figure(
        go.Bar(
            x=np.arange(1, k + 1),
            y=val_mse,
            marker_color=colors,
            name="fold MSE",
            hovertemplate="fold %{x}: MSE %{y:.4f}<extra></extra>",
        )
    )
    fig.add_hrect(y0=max(mean - std, 0), y1=mean + std, fillcolor="grey", opacity=0.15, line_width=0)
    fig.add_hline(
        y=mean,
        line={"color": "black", "dash": "dash"},
        annotation_text=f"mean {mean:.4g} ± {std:.3g}",
        annotation_font_size=FONT - 1,
    )
    fig.update_xaxes(title="fold", dtick=1)
    fig.update_yaxes(title="validation MSE")
    return _layout(fig, 340, showlegend=False)


def early_loss_figure(train: np.ndarray, val: np.ndarray, best: int, stop: int, kept: int):
    """Loss per epoch; the best epoch starred, the stop epoch a line, epochs after it greyed."""
    epochs = np.arange(1, len(train) + 1)
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=epochs, y=train, name="training loss", line={"color": TRAIN}))
    fig.add_trace(go.Scatter(x=epochs, y=val, name="validation loss", line={"color": VAL}))
    if stop < len(train):
        fig.add_vrect(
            x0=stop,
            x1=len(train),
            fillcolor="grey",
            opacity=0.15,
            line_width=0,
            annotation_text="never trained with early stopping",
            annotation_position="top right",
            annotation_font_size=FONT - 1,
        )
        fig.add_vline(
            x=stop,
            line={"color": "black", "dash": "dash"},
            annotation_text=f"stop: epoch {stop}",
            annotation_position="bottom left",
            annotation_font_size=FONT - 1,
        )
    fig.add_trace(
        go.Scatter(
            x=[best],
            y=[val[best - 1]],
            mode="markers",
            name=f"best epoch {best}",
            marker={"symbol": "star", "size": 18, "color": VAL, "line": {"color": "black", "width": 1}},
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[kept],
            y=[val[kept - 1]],
            mode="markers",
            name=f"weights kept: epoch {kept}",
            marker={"symbol": "circle-open", "size": 22, "color": FIT, "line": {"width": 3}},
        )
    )
    fig.update_xaxes(title="epoch")
    fig.update_yaxes(title="cross-entropy loss", rangemode="tozero")
    return _layout(fig, 400)


def boundary_figure(grid: np.ndarray, axis: np.ndarray, x: np.ndarray, y: np.ndarray, title: str):
    """P(class 1) over the plane (row 0 = top), with the validation points."""
    fig = go.Figure(
        go.Heatmap(
            z=grid[::-1],
            x=axis,
            y=axis,
            colorscale="RdBu",
            zmin=0,
            zmax=1,
            showscale=False,
            hovertemplate="P(class 1) = %{z:.2f}<extra></extra>",
        )
    )
    fig.add_contour(
        z=grid[::-1],
        x=axis,
        y=axis,
        contours={"start": 0.5, "end": 0.5, "coloring": "none"},
        line={"color": "black", "width": 2},
        showscale=False,
        hoverinfo="skip",
    )
    colors = np.where(y == 1, "#08519c", "#a50f15")
    fig.add_trace(
        go.Scatter(
            x=x[:, 0],
            y=x[:, 1],
            mode="markers",
            marker={"color": colors, "size": 7, "line": {"color": "white", "width": 1}},
            hoverinfo="skip",
        )
    )
    fig.update_xaxes(title="x₁", range=[axis[0], axis[-1]], constrain="domain")
    fig.update_yaxes(title="x₂", range=[axis[0], axis[-1]], scaleanchor="x")
    return _layout(fig, 360, title, showlegend=False)


def imbalance_points(x: np.ndarray, y: np.ndarray):
    """Test points (positives large): the part of the scatter that no threshold changes."""
    fig = go.Figure()
    neg, pos = y == 0, y == 1
    fig.add_trace(
        go.Scatter(
            x=x[neg, 0],
            y=x[neg, 1],
            mode="markers",
            name=f"negative ({neg.sum()})",
            marker={"color": "#9ecae1", "size": 6},
        )
    )
    fig.add_trace(
        go.Scatter(
            x=x[pos, 0],
            y=x[pos, 1],
            mode="markers",
            name=f"positive ({pos.sum()})",
            marker={"color": FIT, "size": 10, "symbol": "diamond", "line": {"color": "black", "width": 1}},
        )
    )
    fig.update_xaxes(title="feature 1", range=[float(x[:, 0].min()) - 0.2, float(x[:, 0].max()) + 0.2])
    fig.update_yaxes(title="feature 2", range=[float(x[:, 1].min()) - 0.2, float(x[:, 1].max()) + 0.2])
    return _layout(fig, 380)


def with_threshold_line(points: go.Figure, coef, intercept, threshold: float):
    """A copy of ``points`` with the line where P(positive) = threshold (logistic model only)."""
    fig = go.Figure(points)
    if coef is not None and abs(coef[1]) > 1e-12:
        logit = np.log(threshold / (1 - threshold))
        xs = np.array(fig.layout.xaxis.range)
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=(logit - intercept - coef[0] * xs) / coef[1],
                mode="lines",
                name=f"P = {threshold:g}",
                line={"color": "black", "width": 3},
            )
        )
    return fig


def confusion_figure(m: Metrics):
    """The 2x2 confusion matrix (rows: true class, columns: predicted), sklearn's layout."""
    z = m.matrix()
    labels = [["TN", "FP"], ["FN", "TP"]]
    text = [[f"{labels[i][j]}<br>{z[i, j]}" for j in range(2)] for i in range(2)]
    fig = go.Figure(
        go.Heatmap(
            z=np.log1p(z),
            x=["predicted 0", "predicted 1"],
            y=["true 0", "true 1"],
            text=text,
            texttemplate="%{text}",
            textfont={"size": FONT + 3},
            colorscale="Blues",
            showscale=False,
            hoverinfo="skip",
        )
    )
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, 300, "Confusion matrix (test set)")


def pr_roc_curves(ev):
    """Precision-recall and ROC curves of a fitted model: the part no threshold changes."""
    fig = make_subplots(
        rows=1, cols=2, subplot_titles=["Precision-recall curve", f"ROC curve (AUC {ev.auc:.3f})"]
    )
    fig.add_trace(
        go.Scatter(x=ev.pr_recall, y=ev.pr_precision, mode="lines", line={"color": TRAIN, "shape": "hv"}),
        row=1,
        col=1,
    )
    fig.add_trace(go.Scatter(x=ev.roc_fpr, y=ev.roc_tpr, mode="lines", line={"color": TRAIN}), row=1, col=2)
    fig.add_trace(
        go.Scatter(x=[0, 1], y=[0, 1], mode="lines", line={"color": TRUTH, "dash": "dot"}), row=1, col=2
    )
    fig.update_xaxes(title_text="recall", range=[-0.02, 1.02], row=1, col=1)
    fig.update_yaxes(title_text="precision", range=[-0.02, 1.05], row=1, col=1)
    fig.update_xaxes(title_text="false positive rate", range=[-0.02, 1.02], row=1, col=2)
    fig.update_yaxes(title_text="recall (true positive rate)", range=[-0.02, 1.05], row=1, col=2)
    fig.update_annotations(font={"size": FONT})
    return _layout(fig, 360, "× = threshold", showlegend=False)


def with_threshold_marks(curves: go.Figure, m: Metrics, threshold: float):
    """A copy of ``curves`` with the threshold's (recall, precision) and (FPR, TPR) points marked."""
    fig = go.Figure(curves)
    marker = {"size": 16, "color": FIT, "symbol": "x", "line": {"width": 1}}
    fig.add_trace(
        go.Scatter(x=[m.recall], y=[m.precision], mode="markers", marker=marker, xaxis="x", yaxis="y")
    )
    fig.add_trace(go.Scatter(x=[m.fpr], y=[m.recall], mode="markers", marker=marker, xaxis="x2", yaxis="y2"))
    fig.update_layout(title_text=f"× = threshold {threshold:g}")
    return fig
