"""The "How it works" tab: the three recipes and the head's formula, with this run's numbers."""

from __future__ import annotations

import math

import streamlit as st

from engine.transfer.models import CUTS
from engine.transfer.run import TransferSnapshot
from ui.numbers import count


def _pct(v: float) -> str:
    return "–" if not math.isfinite(v) else f"{v:.0%}"


def render_explanation(snap: TransferSnapshot, feature_shape: tuple[int, ...]) -> None:
    cfg = snap.config
    k = len(snap.class_names)
    d = math.prod(feature_shape)
    frozen, scratch, tuned = (snap.racer(key) for key in ("frozen", "scratch", "finetune"))
    shape = "x".join(str(s) for s in feature_shape)
    st.markdown(
        f"The bundled digit recognizer learned from 4,000 MNIST digits. Its layers up to the cut "
        f"(the base ends after {CUTS[cfg.cut]}) turn a 28x28 image into **{d:,} features** φ(x) ({shape}). A new head maps "
        f"them to your {k} classes:"
    )
    hidden = (
        f"\\;\\mathbf{{h}} = \\mathrm{{relu}}(W_1\\,\\varphi(x) + b_1),\\; W_1 \\in \\mathbb{{R}}^{{{cfg.head_units}\\times{d}}}\\qquad "
        if cfg.head_units
        else ""
    )
    inner = "\\mathbf{h}" if cfg.head_units else "\\varphi(x)"
    width = cfg.head_units or d
    st.latex(
        f"{hidden}p(y \\mid x) = \\mathrm{{softmax}}(W\\,{inner} + b),\\quad W \\in \\mathbb{{R}}^{{{k}\\times{width}}},\\; "
        f"b \\in \\mathbb{{R}}^{{{k}}}"
    )
    st.latex(
        "L = -\\frac{1}{n}\\sum_{i=1}^{n} \\log p(y_i \\mid x_i)"
        + (f" = {frozen.history[-1, 1]:.3f}\\;\\text{{(frozen, last epoch)}}" if snap.epoch else "")
    )
    st.markdown(
        f"""
| Network | What trains (Adam) | Trainable | Frozen | Validation accuracy now |
|---|---|---:|---:|---:|
| From scratch | every weight, from a random start, rate {cfg.learning_rate:g} | {scratch.trainable:,} | {scratch.frozen:,} | {_pct(scratch.val_acc)} |
| Frozen base + new head | only W, b of the head, rate {cfg.learning_rate:g} | {frozen.trainable:,} | {frozen.frozen:,} | {_pct(frozen.val_acc)} |
| Fine-tuned | the head for {count(cfg.warmup, "epoch")}, then every layer at rate {cfg.finetune_lr:g} | {tuned.trainable:,} | {tuned.frozen:,} | {_pct(tuned.val_acc)} |

The frozen network's trainable weights are exactly the head's: {k} x {width:,} + {k}
{"+ " + f"{cfg.head_units} x {d:,} + {cfg.head_units}" if cfg.head_units else ""} (counted by Keras here).
"Frozen" weights include batch normalisation's moving means and variances, which never train by gradient.

**Why it works.** Strokes, edges, corners and curves look the same in a digit and in a check mark:
the base already computes them, so the head only has to learn which combination means which of your
classes, from a handful of images. From scratch, {scratch.trainable:,} weights must learn the
strokes too, from {snap.n_train} images: they fit the training images and generalise worse.

**Fine-tuning** (Keras's transfer-learning guide): train the new head with the base frozen first (a
random head would send large, random gradients into the base), then unfreeze the base and go on with
a learning rate 10-100x smaller, so the pretrained weights are only nudged. Batch normalisation stays
frozen (inference mode), or its statistics, learned on digits, would be overwritten by a few batches.
"""
    )
