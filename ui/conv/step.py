"""The convolution step-through: the problem a config describes, and its client-side animated view.

The view (``ui/players/static/conv_step.html``) animates in the browser (play/pause/step
without reruns); it receives the padded input, the filters, the biases and the
engine's output once per configuration.
"""

from __future__ import annotations

import numpy as np

from engine.conv.conv import conv_trace, pad_input
from engine.conv.shapes import effective_kernel
from engine.conv.step import StepProblem
from ui.embed import embed_view
from ui.players import CONV_STEP

__all__ = ["step_view", "view_payload"]


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


def step_view(p: StepProblem) -> None:
    """Embed the animated view; the same problem gives the same HTML, so reruns never remount it."""
    embed_view(CONV_STEP, data={"CONV_DATA": view_payload(p)})  # as tall as the grids it draws
