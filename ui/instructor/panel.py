"""The instructor page's live panel: every replica's figures, redrawn every 2 s."""

from __future__ import annotations

import os
import time

import pandas as pd
import streamlit as st

from engine.monitoring.readings import MonitorLog, Reading, parse_reading
from engine.monitoring.scrape import replica_urls, scrape_all
from engine.monitoring.summary import ReplicaRow, Totals, replica_rows, totals
from ui.instructor.figures import rates_figure
from ui.instructor.metrics_route import TOKEN_ENV, metrics_text

REFRESH_S = 2.0
SCRAPE_TIMEOUT_S = 1.0
THIS_PROCESS = "this process"
LOG_KEY = "instructor-log"


def read_replicas(log: MonitorLog, now: float) -> list[tuple[str, str | None]]:
    """Read every replica (``MLP_REPLICA_URLS``) or this process into ``log``; (replica, error)."""
    urls = replica_urls(os.environ)
    if not urls:
        log.add(THIS_PROCESS, now, parse_reading(metrics_text()))
        return [(THIS_PROCESS, None)]
    answers = scrape_all(urls, SCRAPE_TIMEOUT_S, os.environ.get(TOKEN_ENV) or None)
    for answer in answers:
        log.add(answer.url, now, answer.reading)
    return [(answer.url, answer.error) for answer in answers]


def _mb(n_bytes: float | None) -> float | None:
    return None if n_bytes is None else n_bytes / 1e6


def _fmt(value: float | None, spec: str = ",.0f", unit: str = "") -> str:
    return "–" if value is None else f"{value:{spec}}{unit}"


def table(rows: list[ReplicaRow]) -> pd.DataFrame:
    """One line of text per replica ("–": unknown; a replica that did not answer: "down" and why)."""
    lines = []
    for row in rows:
        reading, rates = row.reading or Reading(), row.rates
        lines.append(
            {
                "Replica": row.replica,
                "Status": "up" if row.up else f"down: {row.error or 'no answer'}",
                "Sessions": _fmt(reading.sessions),
                "Active runs": _fmt(reading.runs_active),
                "Queued runs": _fmt(reading.runs_queued),
                "Frames/s": _fmt(rates.frames_per_s, ",.1f"),
                "Examples/s": _fmt(rates.examples_per_s),
                "CPU (% of a core)": _fmt(rates.cpu_percent),
                "RSS (MB)": _fmt(_mb(reading.rss_bytes)),
                "Threads": _fmt(reading.threads),
            }
        )
    return pd.DataFrame(lines)


#: The table's columns of figures, aligned right like numbers.
FIGURE_COLUMNS = (
    "Sessions",
    "Active runs",
    "Queued runs",
    "Frames/s",
    "Examples/s",
    "CPU (% of a core)",
    "RSS (MB)",
    "Threads",
)


def _metrics(total: Totals) -> None:
    """The class's figures in two rows of four (big enough for a projector)."""
    top, bottom = st.columns(4), st.columns(4)
    top[0].metric("Sessions", _fmt(total.sessions), help="Browser tabs connected, every replica together.")
    top[1].metric("Active runs", _fmt(total.runs_active), help="Live runs training now.")
    top[2].metric(
        "Queued runs", _fmt(total.runs_queued), help="Runs waiting for a slot (MLP_MAX_ACTIVE_RUNS)."
    )
    top[3].metric(
        "Replicas up", f"{total.replicas_up} of {total.replicas}", help="Replicas whose metrics answered."
    )
    bottom[0].metric("Frames/s", _fmt(total.frames_per_s, ",.1f"), help="Live-view frames sent to browsers.")
    bottom[1].metric("Examples/s", _fmt(total.examples_per_s), help="Training examples per second, all runs.")
    bottom[2].metric(
        "Memory (RSS)", _fmt(_mb(total.rss_bytes), ",.0f", " MB"), help="Resident memory, all replicas."
    )
    bottom[3].metric(
        "CPU", _fmt(total.cpu_percent, ",.0f", " %"), help="100 % = one core busy, all replicas."
    )


@st.fragment(run_every=REFRESH_S)
def live_panel() -> None:
    """Read the replicas and draw the totals, the table and the chart (reruns every 2 s)."""
    log: MonitorLog = st.session_state.setdefault(LOG_KEY, MonitorLog())
    now = time.monotonic()
    rows = replica_rows(log, read_replicas(log, now))
    total = totals(rows)
    _metrics(total)
    st.caption(f"Rates over the last few seconds, refreshed every {REFRESH_S:g} s; one line per replica.")
    st.dataframe(
        table(rows),
        hide_index=True,
        column_config={name: st.column_config.TextColumn(alignment="right") for name in FIGURE_COLUMNS},
    )
    st.plotly_chart(rates_figure(log, now), key="instructor-rates")
