"""The instructor page's chart: frames/s and examples/s per replica over the last minutes."""

from __future__ import annotations

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from engine.monitoring.readings import MonitorLog
from ui.plot_theme import PRESENT_COLORWAY, SI_AXIS


def rates_figure(log: MonitorLog, now: float, span_s: float = 300.0, min_span_s: float = 60.0) -> go.Figure:
    """Two stacked charts (frames/s, examples/s), one line per replica, x in seconds before
    ``now``: the last ``span_s`` seconds, or since the first reading (at least ``min_span_s``)."""
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.12)
    series = {replica: log.series(replica) for replica in log.replicas()}
    oldest = min((points[0][0] for points in series.values() if points), default=now)
    shown = min(span_s, max(min_span_s, now - oldest))
    for i, (replica, all_points) in enumerate(series.items()):
        points = [(t - now, rates) for t, rates in all_points if now - t <= shown]
        xs = [x for x, _ in points]
        color = PRESENT_COLORWAY[i % len(PRESENT_COLORWAY)]  # one colour per replica in both charts
        for row, field in ((1, "frames_per_s"), (2, "examples_per_s")):
            fig.add_trace(
                go.Scatter(
                    x=xs,
                    y=[getattr(rates, field) for _, rates in points],
                    mode="lines",
                    name=replica,
                    legendgroup=replica,
                    showlegend=row == 1,
                    line={"color": color, "width": 3},
                ),
                row=row,
                col=1,
            )
    fig.update_yaxes(title_text="frames/s", rangemode="tozero", row=1, col=1, **SI_AXIS)
    fig.update_yaxes(title_text="examples/s", rangemode="tozero", row=2, col=1, **SI_AXIS)
    fig.update_xaxes(title_text="seconds ago", range=[-shown, 0], row=2, col=1)
    fig.update_layout(
        height=460, margin={"l": 10, "r": 10, "t": 30, "b": 10}, legend={"orientation": "h", "y": 1.1}
    )
    return fig
