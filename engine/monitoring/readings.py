"""Readings of ``/api/metrics`` (this process's or each replica's) and the rates between them.

Prometheus computes rates from the counters with ``rate()``; the instructor page does
the same from its own successive readings (every ~2 s), kept in a :class:`MonitorLog`.
"""

from __future__ import annotations

import itertools
from collections import deque
from dataclasses import dataclass

from prometheus_client.parser import text_string_to_metric_families

#: Reading field -> the sample it comes from in the Prometheus text.
SAMPLES: dict[str, str] = {
    "sessions": "mlp_sessions",
    "runs_active": "mlp_runs_active",
    "runs_queued": "mlp_runs_queued",
    "runs_slots": "mlp_runs_slots",
    "frames_sent": "mlp_frames_sent_total",
    "frame_bytes_sent": "mlp_frame_bytes_sent_total",
    "examples_trained": "mlp_training_examples_total",
    "threads": "mlp_process_threads",
    "rss_bytes": "process_resident_memory_bytes",
    "cpu_seconds": "process_cpu_seconds_total",
}


@dataclass(frozen=True)
class Reading:
    """One process's figures at one moment; None where its metrics lack one."""

    sessions: float | None = None
    runs_active: float | None = None
    runs_queued: float | None = None
    runs_slots: float | None = None
    frames_sent: float | None = None
    frame_bytes_sent: float | None = None
    examples_trained: float | None = None
    threads: float | None = None
    rss_bytes: float | None = None
    cpu_seconds: float | None = None


def parse_reading(text: str) -> Reading:
    """The figures in a Prometheus text exposition. Raises ValueError if it does not parse."""
    values: dict[str, float] = {}
    try:
        for family in text_string_to_metric_families(text):
            for sample in family.samples:
                values.setdefault(sample.name, sample.value)
    except (ValueError, TypeError, IndexError) as err:
        raise ValueError(f"not Prometheus text: {err}") from None
    return Reading(**{field: values.get(sample) for field, sample in SAMPLES.items()})


def counter_rate(before: float | None, after: float | None, seconds: float) -> float | None:
    """Per-second increase of a counter over ``seconds`` (a restart resets it: counted from 0)."""
    if before is None or after is None or seconds <= 0:
        return None
    increase = after - before if after >= before else after
    return increase / seconds


@dataclass(frozen=True)
class Rates:
    """Per-second figures between two readings (None: unknown)."""

    frames_per_s: float | None = None
    frame_bytes_per_s: float | None = None
    examples_per_s: float | None = None
    cpu_percent: float | None = None  # of one core


def rates_between(t0: float, r0: Reading, t1: float, r1: Reading) -> Rates:
    """The rates between reading ``r0`` at ``t0`` and ``r1`` at ``t1`` (seconds)."""
    span = t1 - t0
    cpu = counter_rate(r0.cpu_seconds, r1.cpu_seconds, span)
    return Rates(
        frames_per_s=counter_rate(r0.frames_sent, r1.frames_sent, span),
        frame_bytes_per_s=counter_rate(r0.frame_bytes_sent, r1.frame_bytes_sent, span),
        examples_per_s=counter_rate(r0.examples_trained, r1.examples_trained, span),
        cpu_percent=None if cpu is None else 100.0 * cpu,
    )


class MonitorLog:
    """Each replica's readings over the last ``keep_s`` seconds (None: it did not answer)."""

    def __init__(self, keep_s: float = 600.0) -> None:
        self.keep_s = keep_s
        self._log: dict[str, deque[tuple[float, Reading | None]]] = {}

    def add(self, replica: str, t: float, reading: Reading | None) -> None:
        log = self._log.setdefault(replica, deque())
        log.append((t, reading))
        while log and t - log[0][0] > self.keep_s:
            log.popleft()

    def latest(self, replica: str) -> Reading | None:
        log = self._log.get(replica)
        return log[-1][1] if log else None

    def current(self, replica: str, window_s: float = 6.0) -> Rates:
        """Rates from the newest reading back to the oldest one within ``window_s`` of it,
        over an unbroken stretch of answers; empty until there are two readings."""
        log = self._log.get(replica)
        if not log or log[-1][1] is None:
            return Rates()
        t1, r1 = log[-1]
        t0, r0 = t1, r1
        for t, reading in reversed(log):
            if reading is None or t1 - t > window_s:
                break
            t0, r0 = t, reading
        return rates_between(t0, r0, t1, r1) if t0 < t1 else Rates()

    def series(self, replica: str) -> list[tuple[float, Rates]]:
        """(time, rates since the reading before) for each pair of consecutive answers."""
        log = list(self._log.get(replica, ()))
        return [
            (t1, rates_between(t0, r0, t1, r1))
            for (t0, r0), (t1, r1) in itertools.pairwise(log)
            if r0 is not None and r1 is not None
        ]

    def replicas(self) -> list[str]:
        return list(self._log)
