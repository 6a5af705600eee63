"""Embed a precomputed trace as a client-side animation (``ui/players/static/basics_trace.html``).

The engine computes every step up front (numpy gradient descent is cheap and
deterministic); the browser replays it with its own Play / Pause / Step / Back /
Reset and speed, so animation never reruns the Streamlit script. Only input
changes rerun the page (and then the HTML changes, so the view restarts).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import plotly.graph_objects as go
from plotly.utils import PlotlyJSONEncoder

from ui.embed import Height, embed_view
from ui.players import BASICS_TRACE


def _num(values: Any, digits: int = 6) -> list:
    arr = np.asarray(values, dtype=float)
    return np.where(np.isfinite(arr), np.round(arr, digits), None).tolist()


@dataclass
class TraceView:
    """What the player needs; ``n`` frames numbered 0..n-1.

    ``prefix`` series grow with the frame (trace index, full ``x``/``y`` arrays: frame i shows
    the first i+1 points); ``frames`` series are replaced per frame (``x``/``y`` lists of
    arrays). ``text`` is per-frame HTML built from numbers only; ``status`` per-frame
    (label, css class ok/warn/bad/info); ``stats`` per-frame formatted values.
    """

    figure: go.Figure
    n: int
    text: list[str]
    status: list[tuple[str, str]]
    prefix: list[dict[str, Any]] = field(default_factory=list)
    frames: list[dict[str, Any]] = field(default_factory=list)
    stats: list[dict[str, Any]] = field(default_factory=list)
    final_message: str = ""
    counter_label: str = "Step"
    counter: list[str] | None = None  # per-frame counter text (default "i / n-1")
    interval_ms: int = 300

    def add_prefix(self, trace: int, x: Any, y: Any, z: Any = None) -> None:
        item: dict[str, Any] = {"trace": trace, "x": _num(x), "y": _num(y)}
        if z is not None:
            item["z"] = _num(z)
        self.prefix.append(item)

    def add_frames(self, trace: int, xs: list[Any], ys: list[Any], zs: list[Any] | None = None) -> None:
        item: dict[str, Any] = {"trace": trace, "x": [_num(x) for x in xs], "y": [_num(y) for y in ys]}
        if zs is not None:
            item["z"] = [_num(z) for z in zs]
        self.frames.append(item)

    def add_stat(self, label: str, values: list[str]) -> None:
        self.stats.append({"label": label, "values": values})

    def payload(self) -> dict[str, Any]:
        return {
            "figure": self.figure.to_plotly_json(),
            "n": self.n,
            "prefix": self.prefix,
            "frames": self.frames,
            "text": self.text,
            "status": self.status,
            "stats": self.stats,
            "final_message": self.final_message,
            "counter_label": self.counter_label,
            "counter": self.counter,
            "interval_ms": self.interval_ms,
        }


def render(view: TraceView, height: Height = "content") -> None:
    """Show the player (an ``st.iframe``; the HTML only changes when the inputs do)."""
    embed_view(BASICS_TRACE, data={"BASICS": view.payload()}, encoder=PlotlyJSONEncoder, height=height)
