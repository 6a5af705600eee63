"""The draw page's tabs: what to try, how the preprocessing works (live numbers), the model card."""

from __future__ import annotations

import streamlit as st

from engine.mnist.preprocess import BOX, SIZE


def render_what_to_try() -> None:
    """What to try beyond the presets: drawings no setting makes."""
    st.markdown(
        "- **Draw an ambiguous digit** (a 1 that could be a 7, a 4 that could be a 9) and watch the "
        "probability move between the two classes.\n"
        "- **Draw something that is not a digit.** The softmax must still share 100 % among 0-9: a "
        "network has no 'none of these' answer unless it is trained with one."
    )


def render_how_it_works(rec) -> None:
    st.markdown(
        "MNIST digits were size-normalised to a 20x20 box keeping the aspect ratio, anti-aliased, and "
        "centred in 28x28 by their centre of mass. A canvas drawing gets the same treatment:"
    )
    p = rec.prepared if rec is not None else None
    live = p is not None and not p.empty and p.bbox is not None
    top, left, bottom, right = p.bbox if live else (0, 0, 0, 0)
    h, w = (bottom - top, right - left) if live else (0, 0)
    st.markdown(
        "1. **Ink**: brightness of each canvas pixel (0 = black, 1 = white ink).\n"
        "2. **Crop** to the ink's bounding box"
        + (f": rows {top}-{bottom}, columns {left}-{right} ({h}x{w} px)." if live else ".")
        + f"\n3. **Scale** the longer side to {BOX} px keeping the aspect ratio, averaging the pixels under "
        "each new pixel (area resampling gives the grey, anti-aliased edges)"
        + (
            f": factor {BOX}/{max(h, w)} = {BOX / max(h, w, 1):.3f} → {p.scaled_shape[0]}x{p.scaled_shape[1]}."
            if live
            else "."
        )
        + f"\n4. **Centre** in {SIZE}x{SIZE} so the centre of mass lands on the middle:"
    )
    st.latex(
        r"\bar r = \frac{\sum_{r,c} r\, I_{rc}}{\sum_{r,c} I_{rc}},\quad "
        r"\bar c = \frac{\sum_{r,c} c\, I_{rc}}{\sum_{r,c} I_{rc}} \;\to\; (14, 14)"
        + (rf"\quad\text{{now }}({p.center_of_mass[0]:.2f}, {p.center_of_mass[1]:.2f})" if live else "")
    )
    st.markdown(
        "5. **Normalise** to 0-1 (brightest ink = 1), as the network was trained.\n\n"
        "An empty canvas (or a dot) is not sent to the network at all: it would still produce "
        "10 probabilities, and one would look like an answer.\n\n"
        "**Speed**: the model is loaded once per server (`st.cache_resource`) and called directly as "
        "one compiled TensorFlow function that returns every layer's output (no `model.predict`); "
        "the canvas sends the drawing only when you let go of the mouse."
    )
    st.code(
        """# Fragment, needs model, ink: the recognizer and your drawing ((H, W) floats in [0, 1])
import numpy as np
from PIL import Image

def mnist_style(ink):                       # ink: (H, W) floats in [0, 1]
    rows, cols = np.nonzero(ink > 0.2)
    crop = ink[rows.min():rows.max() + 1, cols.min():cols.max() + 1]
    s = 20 / max(crop.shape)
    h, w = max(1, round(crop.shape[0] * s)), max(1, round(crop.shape[1] * s))
    small = np.asarray(Image.fromarray(crop.astype(np.float32)).resize((w, h), Image.Resampling.BOX))
    r = (np.arange(h) + 0.5) @ small.sum(1) / small.sum()   # centre of mass
    c = (np.arange(w) + 0.5) @ small.sum(0) / small.sum()
    top, left = int(np.clip(round(14 - r), 0, 28 - h)), int(np.clip(round(14 - c), 0, 28 - w))
    out = np.zeros((28, 28), np.float32)
    out[top:top + h, left:left + w] = small
    return out / out.max()

probabilities = model(mnist_style(ink)[None, :, :, None]).numpy()[0]""",
        language="python",
    )


def render_about_model(card: dict, lab) -> None:
    if not card:
        st.warning(
            "The pretrained model's card (assets/models/digit_recognizer.json) is missing: "
            "rebuild it with `python scripts/train_recognizer.py`."
        )
    else:
        st.markdown(
            f"**Pretrained recognizer** ({card.get('parameters', 0):,} parameters): {card.get('architecture')}.\n\n"
            f"- **Trained on**: {card.get('data')} It learned from the {card.get('train_images', 0):,} "
            f"training images only.\n"
            f"- **Held-out accuracy**: **{card.get('test_accuracy', 0):.2%}** on {card.get('test_images', 0):,} "
            f"test digits ({card.get('test_note')}).\n"
            f"- **Augmentation**: {card.get('augmentation')}.\n"
            f"- **Training**: {card.get('training')}; {card.get('train_seconds')} s on this kind of server, "
            f"TensorFlow {card.get('tensorflow')}, built {card.get('built')}.\n"
            f"- **Rebuild**: `{card.get('command')}` (seeded)."
        )
        per_class = card.get("test_accuracy_per_class")
        if per_class:
            st.caption("Per digit: " + ", ".join(f"{k}: {v:.1%}" for k, v in per_class.items()))
    if lab is not None:
        st.markdown(f"**Your lab model**: {lab.description}.")
