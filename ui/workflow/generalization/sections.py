"""The Generalization page's sections: each draws its view and returns (how-it-works markdown, code).

Engine results are cached with ``st.cache_data`` on the settings they depend on, so a slider
that only changes the view (degree, fold, threshold) costs no refit.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from engine.workflow.generalization import codegen, early, imbalance, kfold, onehot, polyfit
from engine.workflow.generalization.config import GenConfig
from ui.numbers import count
from ui.workflow.generalization import figures as fig

CHART = {"config": {"displaylogo": False}}


@st.cache_data(max_entries=64, show_spinner=False)
def curve_data(n: int, noise: float, seed: int, train_pct: int, val_pct: int):
    x, y = polyfit.make_curve_data(n, noise, seed)
    split = polyfit.three_way_split(n, train_pct, val_pct, seed)
    return x, y, split, polyfit.degree_curve(x, y, split)


@st.cache_data(max_entries=32, show_spinner="Repeating the workflow on 100 data sets...")
def peek(n: int, noise: float, train_pct: int, val_pct: int, seed: int) -> polyfit.PeekStudy:
    return polyfit.peek_study(n, noise, train_pct, val_pct, seed)


@st.cache_data(max_entries=64, show_spinner=False)
def folds(n: int, noise: float, seed: int, train_pct: int, val_pct: int, degree: int, k: int):
    x, y, split, _ = curve_data(n, noise, seed, train_pct, val_pct)
    idx = np.sort(np.concatenate([split.train, split.val]))
    return idx, kfold.kfold_scores(x[idx], y[idx], degree, k, seed)


@st.cache_data(max_entries=16, show_spinner="Training the network (the first run loads TensorFlow)...")
def early_history(dataset: str, noise: int, l2: float, epochs: int, seed: int) -> early.History:
    return early.train_history(dataset, noise, l2, epochs, seed)


def early_run(dataset: str, noise: int, l2: float, patience: int, restore: bool, epochs: int, seed: int):
    """Training is cached per data, λ, epochs and seed; patience and restore only re-read it."""
    return early.apply_early_stopping(early_history(dataset, noise, l2, epochs, seed), patience, restore)


@st.cache_resource(max_entries=32, show_spinner=False)
def three_pictures_figure(n: int, noise: float, seed: int, train_pct: int, val_pct: int):
    """The three pictures depend on the data only: built once per data set, not per degree."""
    x, y, split, curve = curve_data(n, noise, seed, train_pct, val_pct)
    fits = [
        (name, d, polyfit.fit_poly(x[split.train], y[split.train], d))
        for name, d in (("underfit", 1), ("good fit", curve.best_degree), ("overfit", 15))
    ]
    return fig.three_pictures(x, y, split, fits)


@st.cache_resource(max_entries=16, show_spinner=False)
def last_boundary_figure(dataset: str, noise: int, l2: float, epochs: int, seed: int):
    """The boundary after every epoch: independent of patience and restore."""
    res = early_run(dataset, noise, l2, 0, False, epochs, seed)
    return fig.boundary_figure(
        res.grid_last, early.grid_axis(), res.x_val, res.y_val, f"After all {count(epochs, 'epoch')}"
    )


@st.cache_resource(max_entries=32, show_spinner=False)
def early_figures(dataset: str, noise: int, l2: float, patience: int, restore: bool, epochs: int, seed: int):
    """The loss curves (with the best/stop/kept markers) and the handed-back model's boundary."""
    res = early_run(dataset, noise, l2, patience, restore, epochs, seed)
    return (
        fig.early_loss_figure(res.train_loss, res.val_loss, res.best_epoch, res.stop_epoch, res.kept_epoch),
        fig.boundary_figure(
            res.grid_kept, early.grid_axis(), res.x_val, res.y_val, f"Handed back: epoch {res.kept_epoch}"
        ),
    )


@st.cache_data(max_entries=64, show_spinner=False)
def imbalance_eval(n: int, pct: int, seed: int, model: str, class_weight: str) -> imbalance.Evaluation:
    return imbalance.evaluate(n, pct, seed, model, class_weight)


@st.cache_resource(max_entries=32, show_spinner=False)
def imbalance_bases(n: int, pct: int, seed: int, model: str, class_weight: str):
    """The scatter and the curves without the threshold: built once per fit, copied per threshold."""
    ev = imbalance_eval(n, pct, seed, model, class_weight)
    return fig.imbalance_points(ev.data.x_test, ev.data.y_test), fig.pr_roc_curves(ev)


def _data_or_stop(cfg: GenConfig):
    try:
        return curve_data(cfg.n_points, cfg.noise, cfg.seed, cfg.train_pct, cfg.val_pct)
    except ValueError as err:
        st.error(f"{err}: raise the number of points or the training share.", icon=":material/block:")
        st.stop()


def poly_section(cfg: GenConfig) -> tuple[str, str]:
    x, y, split, curve = _data_or_stop(cfg)
    tr, va, _ = curve.at(cfg.degree)
    verdict = polyfit.verdict(curve, cfg.degree)
    if polyfit.too_few_points(len(split.train), cfg.degree):
        st.warning(
            f"Degree {cfg.degree} has {cfg.degree + 1} coefficients but there are only {len(split.train)} "
            "training points: infinitely many polynomials pass through all of them (this is the one with the "
            "smallest coefficients). Training error 0 says nothing.",
            icon=":material/warning:",
        )
    say = {"underfit": st.info, "good fit": st.success, "overfit": st.warning}[verdict]
    say(
        f"Degree {cfg.degree}: **{verdict}**. Train MSE {tr:.4f}, validation MSE {va:.4f} "
        f"(lowest validation MSE at degree {curve.best_degree})."
    )
    st.latex(
        rf"\hat y = w_0 + w_1x + \dots + w_{{{cfg.degree}}}x^{{{cfg.degree}}},\qquad "
        rf"\mathrm{{MSE}} = \tfrac1n\textstyle\sum_i(\hat y_i - y_i)^2:\ "
        rf"\text{{train}}\ {tr:.4f},\ \text{{val}}\ {va:.4f}"
    )
    left, right = st.columns(2)
    coef = polyfit.fit_poly(x[split.train], y[split.train], cfg.degree)
    left.plotly_chart(fig.poly_fit_figure(x, y, split, coef, cfg.degree), **CHART)
    right.plotly_chart(fig.degree_error_figure(curve, cfg.degree), **CHART)
    st.plotly_chart(
        three_pictures_figure(cfg.n_points, cfg.noise, cfg.seed, cfg.train_pct, cfg.val_pct), **CHART
    )
    how = (
        "Each degree is fitted by least squares on the **training** points only. Training error can only "
        "fall as the degree grows (a bigger model contains the smaller ones); the **validation** error falls, "
        "then rises once the curve starts following the noise. Underfit: both errors high (bias). Overfit: "
        "training error low, validation error high (variance). The good fit is at the bottom of the "
        "validation curve."
    )
    return how, codegen.poly_code(cfg)


def split_section(cfg: GenConfig) -> tuple[str, str]:
    x, y, split, curve = _data_or_stop(cfg)
    best = curve.best_degree
    _, _, test = curve.at(best)
    st.plotly_chart(fig.split_bar((len(split.train), len(split.val), len(split.test))), **CHART)
    st.latex(
        rf"d^* = \arg\min_d \mathrm{{MSE}}_{{\text{{val}}}}(d) = {best},\qquad "
        rf"\mathrm{{MSE}}_{{\text{{test}}}}(d^*) = {test:.4f}\ \text{{(reported once)}}"
    )
    left, right = st.columns(2)
    coef = polyfit.fit_poly(x[split.train], y[split.train], best)
    left.plotly_chart(
        fig.poly_fit_figure(x, y, split, coef, best, f"The chosen model: degree {best}"), **CHART
    )
    right.plotly_chart(fig.degree_error_figure(curve, best, show_test=True), **CHART)
    study = peek(cfg.n_points, cfg.noise, cfg.train_pct, cfg.val_pct, cfg.seed)
    st.subheader("Why the test set is touched once")
    st.markdown(
        f"The same workflow on {study.repeats} fresh data sets. Choosing on validation, the test error "
        f"(**{study.honest_reported:.3f}**) is close to the error on new data (**{study.honest_new:.3f}**). "
        f"Choosing the degree by the test error itself reports **{study.peek_reported:.3f}**, but the model "
        f"gets **{study.peek_new:.3f}** on new data: once the test set has been used to choose, it is part of "
        "training and its score is too optimistic."
    )
    st.plotly_chart(
        fig.peek_figure(
            (study.honest_reported, study.honest_new), (study.peek_reported, study.peek_new), study.repeats
        ),
        **CHART,
    )
    how = (
        "**Train** fits the weights, **validation** chooses among models (degree, λ, epochs), **test** "
        "measures the final choice once. Every decision taken by looking at a set fits the model a little to "
        "that set; a test set that was looked at many times no longer measures unseen data."
    )
    return how, codegen.split_code(cfg)


def kfold_section(cfg: GenConfig) -> tuple[str, str]:
    x, y, split, _ = _data_or_stop(cfg)
    n = len(split.train) + len(split.val)
    problem = kfold.kfold_problem(n, cfg.k)
    if problem:
        st.error(
            f"{problem} (the test points stay out). Lower k or raise the number of points.",
            icon=":material/block:",
        )
        return "", codegen.kfold_code(GenConfig())
    idx, res = folds(cfg.n_points, cfg.noise, cfg.seed, cfg.train_pct, cfg.val_pct, cfg.degree, cfg.k)
    scores = " + ".join(f"{v:.3f}" for v in res.val_mse[:6]) + (r" + \dots" if cfg.k > 6 else "")
    st.latex(rf"\mathrm{{CV}} = \tfrac1{{{cfg.k}}}({scores}) = {res.mean:.4f},\quad \sigma = {res.std:.4f}")
    xs, ys = x[idx], y[idx]
    st.plotly_chart(fig.kfold_grid(res.fold_of, np.argsort(xs), cfg.fold), **CHART)
    va = res.val_indices[cfg.fold - 1]
    tr = np.setdiff1d(np.arange(len(xs)), va)
    left, right = st.columns(2)
    coef = polyfit.fit_poly(xs[tr], ys[tr], cfg.degree)
    view = polyfit.Split(tr, va, np.array([], dtype=int))
    title = f"Fold {cfg.fold}: fit on {len(tr)} points, validation MSE {res.val_mse[cfg.fold - 1]:.4f}"
    left.plotly_chart(fig.poly_fit_figure(xs, ys, view, coef, cfg.degree, title), **CHART)
    right.plotly_chart(fig.fold_scores(res.val_mse, cfg.fold), **CHART)
    how = (
        f"The {n} non-test points are shuffled and cut into k = {cfg.k} folds. Each fold is the validation "
        "set once while the model trains on the others; every point is validated exactly once. The mean of "
        "the k scores is what `cross_val_score` returns (as negative MSE), and it uses all the data for both "
        "training and validation, at k times the cost. The std shows how much one split could mislead you."
    )
    return how, codegen.kfold_code(cfg)


def early_section(cfg: GenConfig) -> tuple[str, str]:
    res = early_run(cfg.es_data, cfg.es_noise, cfg.l2, cfg.patience, cfg.restore, cfg.epochs, cfg.es_seed)
    last = len(res.val_loss)
    stopped = f"stopped at epoch {res.stop_epoch}" if res.stop_epoch < last else "never stopped early"
    st.markdown(
        f"Best validation loss **{res.val_loss[res.best_epoch - 1]:.4f}** at epoch **{res.best_epoch}**; "
        f"{stopped}; the model handed back holds the weights of epoch **{res.kept_epoch}** "
        f"(validation loss {res.kept_val_loss:.4f}, accuracy {res.kept_val_acc:.1%}). "
        f"Training every epoch would end at validation loss {res.val_loss[-1]:.4f}."
    )
    st.latex(
        rf"L = \underbrace{{-\tfrac1n\textstyle\sum_i [y_i\log p_i + (1-y_i)\log(1-p_i)]}}_{{\text{{data}}}}"
        rf" + \underbrace{{{cfg.l2:g}}}_{{\lambda}}\textstyle\sum w^2,\qquad "
        rf"e^* = \arg\min_e L_{{\text{{val}}}}(e) = {res.best_epoch}"
    )
    loss_fig, kept_fig = early_figures(
        cfg.es_data, cfg.es_noise, cfg.l2, cfg.patience, cfg.restore, cfg.epochs, cfg.es_seed
    )
    last_fig = last_boundary_figure(cfg.es_data, cfg.es_noise, cfg.l2, cfg.epochs, cfg.es_seed)
    st.plotly_chart(loss_fig, **CHART)
    left, right = st.columns(2)
    left.plotly_chart(last_fig, **CHART)
    right.plotly_chart(kept_fig, **CHART)
    st.caption(
        f"A {early.HIDDEN} ReLU network ({res.n_params} weights), Adam lr {early.LEARNING_RATE}, batch "
        f"{early.BATCH}, on {early.N_POINTS} points of the playground's '{cfg.es_data}' set with "
        f"{cfg.es_noise} % flipped labels, half for validation (shown). Trained here with the playground's "
        "in-graph trainer, cached per setting; the Keras code below does the same with model.fit."
    )
    how = (
        "**Early stopping** watches the validation loss and stops after *patience* epochs without a new "
        "minimum; *restore best weights* hands back the weights of the best epoch, not the last. **L2** adds "
        "λ·Σw² to the loss, so large weights (sharp, wiggly boundaries) cost more. Both fight overfitting: "
        "one by training less, the other by keeping the model simpler."
    )
    return how, codegen.early_code(cfg)


def imbalance_section(cfg: GenConfig) -> tuple[str, str]:
    problem = imbalance.data_problem(cfg.imb_n, cfg.minority_pct)
    if problem:
        st.error(problem, icon=":material/block:")
        return "", codegen.imbalance_code(GenConfig())
    ev = imbalance_eval(cfg.imb_n, cfg.minority_pct, cfg.imb_seed, cfg.model, cfg.class_weight)
    m = imbalance.metrics_at(ev.data.y_test, ev.proba, cfg.threshold)
    cols = st.columns(5)
    for col, (name, value) in zip(
        cols,
        (
            ("Accuracy", m.accuracy),
            ("Precision", m.precision),
            ("Recall", m.recall),
            ("F1", m.f1),
            ("False positive rate", m.fpr),
        ),
        strict=True,
    ):
        col.metric(name, f"{value:.1%}")
    st.latex(
        rf"\text{{precision}} = \tfrac{{TP}}{{TP+FP}} = \tfrac{{{m.tp}}}{{{m.tp}+{m.fp}}} = {m.precision:.3f},\quad"
        rf"\text{{recall}} = \tfrac{{TP}}{{TP+FN}} = \tfrac{{{m.tp}}}{{{m.tp}+{m.fn}}} = {m.recall:.3f},\quad "
        rf"F_1 = \tfrac{{2PR}}{{P+R}} = {m.f1:.3f}"
    )
    if m.recall == 0:
        st.warning(
            f"Accuracy {m.accuracy:.1%}, yet not one positive found: accuracy hides the minority class."
        )
    left, right = st.columns([3, 2])
    points, curves = imbalance_bases(cfg.imb_n, cfg.minority_pct, cfg.imb_seed, cfg.model, cfg.class_weight)
    left.plotly_chart(fig.with_threshold_line(points, ev.coef, ev.intercept, cfg.threshold), **CHART)
    right.plotly_chart(fig.confusion_figure(m), **CHART)
    st.plotly_chart(fig.with_threshold_marks(curves, m, cfg.threshold), **CHART)
    how = (
        f"With {cfg.minority_pct} % positives, answering 'negative' every time is {100 - cfg.minority_pct} % "
        "accurate. **Precision**: of the points called positive, how many are. **Recall**: of the positives, "
        "how many were found. Moving the threshold trades one for the other (the curves); "
        "`class_weight='balanced'` weighs each class by n / (2·n_class) in the loss, so the rare class counts "
        "as much as the common one. Scores are on the 30 % test split (stratified: both classes in it)."
    )
    return how, codegen.imbalance_code(cfg)


def onehot_section(cfg: GenConfig) -> tuple[str, str]:
    enc = onehot.encode(cfg.table, cfg.drop, cfg.unseen)
    train, new = onehot.tables(cfg.table, cfg.unseen)
    st.markdown(
        f"Training rows, with the categorical column **{enc.column}** ({len(enc.categories)} categories):"
    )
    st.dataframe(train.T.astype(str), width="stretch")
    left, right = st.columns(2)
    left.markdown("**`pd.get_dummies`** on the training rows")
    left.dataframe(enc.dummies_train, hide_index=True)
    right.markdown("**`OneHotEncoder`** fitted on the training rows")
    right.dataframe(enc.encoder_train, hide_index=True)
    st.success("Same columns, same 0/1 values." if enc.train_equal else "The encodings differ.")
    st.markdown("New rows, as they arrive when the model is used:")
    st.dataframe(new.T.astype(str), width="stretch")
    left, right = st.columns(2)
    left.markdown("**`pd.get_dummies`** on the new rows")
    left.dataframe(enc.dummies_new, hide_index=True)
    right.markdown("**`encoder.transform`** on the new rows")
    right.dataframe(enc.encoder_new, hide_index=True)
    if not enc.new_columns_match:
        st.warning(
            f"get_dummies gave columns {list(enc.dummies_new.columns)} instead of {list(enc.dummies_train.columns)}: "
            "the model would get inputs it was not trained on. The fitted encoder keeps the training columns"
            + (" (the unseen category is all zeros)." if cfg.unseen else ".")
        )
    how = (
        "A model needs numbers, but numbering the categories (Paris = 0, Lyon = 1, Nice = 2) invents an "
        "order and distances that do not exist. One-hot encoding gives each category its own 0/1 column. "
        "Fit the encoder on the training data and reuse it (like a scaler), so new data get the same columns."
    )
    code = codegen.onehot_code(cfg, train.to_dict(orient="list"), new.to_dict(orient="list"), enc.column)
    return how, code


SECTION_VIEWS = {
    "poly": poly_section,
    "split": split_section,
    "kfold": kfold_section,
    "early": early_section,
    "imbalance": imbalance_section,
    "onehot": onehot_section,
}
