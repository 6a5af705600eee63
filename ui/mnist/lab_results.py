"""The lab's results section (a paused or finished run): test accuracy, confusion matrix,
mistakes with their probabilities, first-layer filters, feature maps, export."""

from __future__ import annotations

import numpy as np
import streamlit as st

from engine.mnist.data import DigitData
from engine.mnist.inspect import confusion, misclassified, path_layers
from engine.mnist.run import MnistRun, MnistSnapshot, TestResult
from ui.mnist.figures import (
    colorize,
    confusion_figure,
    feature_map_mosaic,
    filter_mosaic,
    grey_image,
    history_figure,
    history_frame,
    probability_figure,
)
from ui.mnist.state import LAB_STATE as STATE


def test_result(run: MnistRun, snap: MnistSnapshot) -> TestResult:
    """The run's test evaluation, computed once per weight state and kept in the session."""
    cached = st.session_state.get(STATE.key("test_result"))
    if cached is not None and cached[0] == snap.step_key:
        return cached[1]
    result = run.evaluate_test()
    st.session_state[STATE.key("test_result")] = (snap.step_key, result)
    return result


def _metrics(snap: MnistSnapshot, result: TestResult) -> None:
    wrong = int(np.sum(result.predictions != result.labels))
    epoch_times = snap.history[1:, 5]
    cols = st.columns(5)
    cols[0].metric("Test accuracy", f"{result.accuracy:.2%}")
    cols[1].metric("Test loss", f"{result.loss:.4f}")
    cols[2].metric("Mistakes", f"{wrong} of {len(result.labels):,}")
    cols[3].metric("Training time", f"{snap.train_seconds:.1f} s")
    cols[4].metric("Time per epoch", f"{np.mean(epoch_times):.1f} s" if len(epoch_times) else "–")
    val_acc = float(snap.history[-1, 4])
    gap = float(snap.history[-1, 2]) - result.accuracy
    if gap > 0.05:
        st.warning(
            f"Training accuracy is {gap:.0%} above test accuracy: the network memorises its training "
            "images (overfitting). More data, dropout or fewer epochs help."
        )
    st.caption(
        f"Validation accuracy after epoch {snap.epoch}: {val_acc:.2%} (on {snap.n_val} images held back "
        f"from training). Test images ({len(result.labels):,}) were never used for training or choices."
    )


def _mistakes(result: TestResult, data: DigitData) -> None:
    names = data.class_names
    idx = misclassified(result.probs, result.labels, limit=24)
    st.markdown(f"**The most confident mistakes** ({len(idx)} shown, most confident first)")
    if not len(idx):
        st.success("No test image is misclassified.")
        return
    pred = result.predictions
    captions = [
        f"#{i}: {names[result.labels[i]]} → {names[pred[i]]} ({result.probs[i, pred[i]]:.0%})" for i in idx
    ]
    st.image([grey_image(data.x_test[i] / 255.0, 3) for i in idx], caption=captions, width=92)
    pick = st.selectbox(
        "Probabilities of a mistake",
        [int(i) for i in idx],
        format_func=lambda i: f"test image {i}: true {names[result.labels[i]]}, predicted {names[pred[i]]}",
        key=STATE.key("mistake"),
    )
    st.plotly_chart(
        probability_figure(result.probs[pick], names, int(result.labels[pick])),
        key=STATE.key("mistake_probs"),
    )
    st.caption("Blue: the network's answer; green outline: the true class.")


def _filters(run: MnistRun) -> None:
    kind, filters = run.first_layer_filters()
    if kind == "conv":
        st.markdown(
            f"**First-layer filters**: {len(filters)} kernels of {filters.shape[1]}x{filters.shape[2]} "
            "(blue = positive weight, orange = negative). Each one slides over the image looking "
            "for its pattern: edges, strokes, corners."
        )
        st.image(filter_mosaic(filters, cols=8, upscale=max(8, 72 // filters.shape[1])))
    elif kind == "dense":
        shown = filters[:32]
        st.markdown(
            f"**First-layer weights**: each of the {len(filters)} hidden units weighs all 784 pixels; "
            f"here the first {len(shown)} as 28x28 templates (blue = positive, orange = negative)."
        )
        st.image(filter_mosaic(shown, cols=8, upscale=3))


def _feature_maps(run: MnistRun, result: TestResult, data: DigitData) -> None:
    names = data.class_names
    n = len(result.labels)
    i = int(
        st.number_input(
            f"Test image for the feature maps and `predict(index)` (0-{n - 1})",
            0,
            n - 1,
            value=0,
            step=1,
            key=STATE.key("probe_index"),
        )
    )
    image = data.x_test[i] / 255.0
    left, right = st.columns([1, 2.5])
    pred = int(result.predictions[i])
    left.image(grey_image(image, 6), caption=f"TEST LABEL: {names[result.labels[i]]}")
    with right:
        st.markdown(f"**IMAGE IS A: {names[pred]}** ({result.probs[i, pred]:.1%})")
        st.plotly_chart(
            probability_figure(result.probs[i], names, int(result.labels[i])), key=STATE.key("probe_probs")
        )
    shown = path_layers(run.layer_outputs(image))
    if not any(out.is_map for _, out in shown):
        st.caption(
            "This network has no convolutional layers, so it has no feature maps: each Dense unit "
            "looks at the whole (flattened) image at once."
        )
    for label, out in shown[:-1]:  # the softmax is the bar chart above
        vals = out.values
        if out.is_map:
            h, w, c = vals.shape
            st.markdown(f"**{label}**: {c} feature maps of {h}x{w}" + (" (first 32)" if c > 32 else ""))
            st.image(feature_map_mosaic(vals, cols=16, upscale=max(2, 84 // h)))
        else:
            active = int(np.sum(vals > 0.5 * vals.max())) if vals.max() > 0 else 0
            st.markdown(f"**{label}**: {vals.size} units, {active} strongly active (above half the maximum)")
            hi = max(float(vals.max()), 1e-6)
            st.image(
                colorize(vals[None, :], 0.0, hi)[0][None].repeat(24, 0).repeat(max(1, 960 // vals.size), 1)
            )


def render(run: MnistRun, snap: MnistSnapshot, data: DigitData) -> None:
    """Everything the learner can inspect once training pauses or finishes."""
    with st.spinner("Scoring the test images…"):
        result = test_result(run, snap)
    _metrics(snap, result)
    st.plotly_chart(history_figure(snap), key=STATE.key("history"))
    left, right = st.columns([1.1, 1], gap="large")
    with left:
        st.markdown("**Confusion matrix** (rows: true class, columns: predicted; off-diagonal = mistakes)")
        st.plotly_chart(
            confusion_figure(confusion(result.labels, result.predictions), data.class_names),
            key=STATE.key("confusion"),
        )
    with right:
        _mistakes(result, data)
    _filters(run)
    st.markdown("#### Feature maps: what each layer sees")
    _feature_maps(run, result, data)
    a, b = st.columns(2)
    a.download_button(
        "Download the model (.keras)",
        data=run.export_keras,
        file_name="mnist_lab.keras",
        mime="application/octet-stream",
        on_click="ignore",
        icon=":material/download:",
    )
    b.download_button(
        "Download the training history (CSV)",
        data=lambda: history_frame(snap).to_csv(index=False),
        file_name="mnist_lab_history.csv",
        mime="text/csv",
        on_click="ignore",
    )
    st.caption(
        "Load the model with `keras.models.load_model('mnist_lab.keras')`, or try it on your own "
        "handwriting on the **Draw a digit** page (choose 'the model trained in the lab')."
    )
