"""The editable kernel grid (``st.data_editor``) kept in step with the page's URL state.

The editor shows a *base* kernel (set by a preset, a size change or the link) under a
versioned key; a learner's edits are read back as kernel text every run. A preset
bumps the version, so the editor restarts from the preset's numbers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from engine.conv.kernels import KERNELS, kernel_from_text, kernel_to_text
from ui.url_state import PageState


def _keys(state: PageState) -> tuple[str, str]:
    return state.key("editor_base"), state.key("editor_version")


def reset_editor(state: PageState, text: str) -> None:
    """Show ``text`` in the editor from the next run on (drops pending edits)."""
    base, version = _keys(state)
    st.session_state[base] = text
    st.session_state[version] = st.session_state.get(version, 0) + 1


def matching_preset(kernel: np.ndarray) -> str:
    """The preset with exactly these numbers, else "custom"."""
    for key, preset in KERNELS.items():
        arr = preset.array
        if arr.shape == kernel.shape and np.allclose(arr, kernel, atol=5e-6):
            return key
    return "custom"


def resized(kernel: np.ndarray, size: int) -> np.ndarray:
    """Crop or zero-pad a square kernel around its centre to ``size`` x ``size``."""
    k = kernel.shape[0]
    if size >= k:
        p = (size - k) // 2
        return np.pad(kernel, p)
    p = (k - size) // 2
    return kernel[p : p + size, p : p + size]


def kernel_editor(state: PageState) -> np.ndarray:
    """Draw the editor; returns the kernel now in effect and updates the page's weights/preset fields.

    Must run before the preset widget is drawn in the same run (it may change its value).
    """
    base, version = _keys(state)
    if base not in st.session_state:
        reset_editor(state, state.value("weights"))
    start = kernel_from_text(st.session_state[base])
    k = start.shape[0]
    frame = pd.DataFrame(start, columns=[str(c) for c in range(k)])
    edited = st.data_editor(
        frame,
        key=state.key(f"editor_{st.session_state[version]}"),
        hide_index=True,
        width="content",
        column_config={
            str(c): st.column_config.NumberColumn(str(c), format="%.4g", width=64, required=True, step=0.01)
            for c in range(k)
        },
        num_rows="fixed",
    )
    values = edited.to_numpy(dtype=np.float64, na_value=0.0)
    values = np.nan_to_num(np.clip(values, -1000, 1000))
    text = kernel_to_text(values)
    if text != state.value("weights"):
        state.set(weights=text, preset=matching_preset(values))
    return values


def weight_sum_caption(kernel: np.ndarray) -> str:
    """What the sum of the weights does to a flat area."""
    total = float(kernel.sum())
    if abs(total - 1) < 1e-6:
        effect = "brightness is kept."
    elif abs(total) < 1e-6:
        effect = "flat areas become 0 (an edge detector)."
    else:
        effect = f"flat areas are multiplied by {total:.3g}."
    return f"Weights sum to **{total:.4g}**: {effect}"
