"""One row per replica for the instructor page, and the class-wide totals."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from engine.monitoring.readings import MonitorLog, Rates, Reading


@dataclass(frozen=True)
class ReplicaRow:
    """A replica's latest figures: its reading and current rates, or why it is down."""

    replica: str
    reading: Reading | None
    rates: Rates
    error: str | None = None

    @property
    def up(self) -> bool:
        return self.reading is not None


def replica_rows(
    log: MonitorLog, answers: Sequence[tuple[str, str | None]], window_s: float = 6.0
) -> list[ReplicaRow]:
    """A row per ``(replica, error)`` answer of the latest round, in that order (``log`` holds
    the readings, already added)."""
    return [ReplicaRow(name, log.latest(name), log.current(name, window_s), error) for name, error in answers]


def _sum(values: Sequence[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


@dataclass(frozen=True)
class Totals:
    """The class's figures summed over the replicas that answered; None: none reported it."""

    replicas_up: int
    replicas: int
    sessions: float | None
    runs_active: float | None
    runs_queued: float | None
    frames_per_s: float | None
    examples_per_s: float | None
    rss_bytes: float | None
    cpu_percent: float | None


def totals(rows: Sequence[ReplicaRow]) -> Totals:
    up = [row for row in rows if row.reading is not None]
    readings = [row.reading for row in up if row.reading is not None]
    return Totals(
        replicas_up=len(up),
        replicas=len(rows),
        sessions=_sum([r.sessions for r in readings]),
        runs_active=_sum([r.runs_active for r in readings]),
        runs_queued=_sum([r.runs_queued for r in readings]),
        frames_per_s=_sum([row.rates.frames_per_s for row in up]),
        examples_per_s=_sum([row.rates.examples_per_s for row in up]),
        rss_bytes=_sum([r.rss_bytes for r in readings]),
        cpu_percent=_sum([row.rates.cpu_percent for row in up]),
    )
