"""The convolution step-through: the problem a config describes, and its client-side animated view.

The view (``ui/live/static/conv_step.html``) animates in the browser (play/pause/step
without reruns); it receives the padded input, the filters, the biases and the
engine's output once per configuration.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import streamlit as st

from engine.conv.config import StepConfig
from engine.conv.conv import conv2d, conv_trace, pad_input
from engine.conv.examples import CONV_EXAMPLES, random_problem
from engine.conv.shapes import SizeReport, effective_kernel, size_report
from ui.live.routes import STATIC_DIR


@dataclass(frozen=True)
class StepProblem:
    """Input ``x`` (H, W, C), filters ``w`` (K, K, C, F), biases ``b`` (F,), and what the sizes give."""

    x: np.ndarray
    w: np.ndarray
    b: np.ndarray
    padding: int
    stride: int
    dilation: int
    report: SizeReport  # along one axis (inputs and kernels are square)
    out: np.ndarray | None  # None when the sizes are impossible

    @property
    def size(self) -> int:
        return self.x.shape[0]

    @property
    def kernel(self) -> int:
        return self.w.shape[0]


def build_problem(cfg: StepConfig) -> StepProblem:
    """The slides' example (or seeded random values) with the config's padding, stride and dilation."""
    if cfg.example in CONV_EXAMPLES:
        ex = CONV_EXAMPLES[cfg.example]
        x, w, b = ex.x, ex.w, ex.b
    else:
        x, w, b = random_problem(cfg.size, cfg.channels, cfg.filters, cfg.kernel, cfg.seed)
    report = size_report(x.shape[0], w.shape[0], cfg.stride, cfg.padding, cfg.dilation)
    out = conv2d(x, w, b, cfg.stride, cfg.padding, cfg.dilation) if report.out > 0 else None
    return StepProblem(x, w, b, cfg.padding, cfg.stride, cfg.dilation, report, out)


def view_payload(p: StepProblem, autoplay: bool = False) -> dict:
    """What the browser view needs (channel-first nested lists)."""
    assert p.out is not None
    pads = ((p.padding, p.padding), (p.padding, p.padding))
    xp = pad_input(p.x, pads)
    reach = (p.out.shape[0] - 1) * p.stride + effective_kernel(p.kernel, p.dilation)
    first = conv_trace(p.x, p.w, p.b, 0, 0, 0, p.stride, p.padding, p.dilation)
    assert first.out == p.out[0, 0, 0]  # the view shows the engine's numbers
    return {
        "xp": np.moveaxis(xp, 2, 0).tolist(),
        "w": np.transpose(p.w, (3, 2, 0, 1)).tolist(),
        "b": p.b.tolist(),
        "out": np.moveaxis(p.out, 2, 0).tolist(),
        "k": p.kernel,
        "stride": p.stride,
        "dilation": p.dilation,
        "pads": [list(pads[0]), list(pads[1])],
        "reach": [reach, reach],
        "pad_label": f" (+pad {p.padding})" if p.padding else "",
        "autoplay": autoplay,
    }


@lru_cache(maxsize=1)
def _template() -> str:
    return (STATIC_DIR / "conv_step.html").read_text(encoding="utf-8")


def view_height(p: StepProblem) -> int:
    """Pixel height of the view for this problem (cell size as the view computes it)."""
    c, f = p.x.shape[2], p.w.shape[3]
    hp = p.size + 2 * p.padding
    oh = p.out.shape[0] if p.out is not None else 0
    rows = max(c * (hp + 1.6), 2 * f + oh * f)
    cell = max(18, min(34, int(760 // rows)))
    grids = max(c * (hp * cell + 26), c * (p.kernel * cell + 26) + cell + 26, f * (oh * cell + 26))
    return int(grids + 60 + 34 + (c + 1) * 24 + 40 + 40 + 24)  # + a wrapped column title


def step_view(p: StepProblem) -> None:
    """Embed the animated view; the same problem gives the same HTML, so reruns never remount it."""
    html = _template().replace("/*CONV_DATA*/", "window.CONV_DATA = " + json.dumps(view_payload(p)) + ";")
    st.iframe(html, height=view_height(p))
