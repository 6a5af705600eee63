"""This process's figures in Prometheus's text format (``/api/metrics``).

A custom collector reads the live values at scrape time (no background thread):
sessions (a callable the app passes, from Streamlit's runtime), the run
scheduler's active and queued runs, the live channel's frame counters and the
runs' trained examples (``engine.live.telemetry``), and the process's threads;
prometheus_client's process collector adds RSS, CPU time and open files.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, ProcessCollector, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric

from engine.live import telemetry
from engine.live.scheduler import DEFAULT_SCHEDULER, ComputeScheduler

__all__ = ["CONTENT_TYPE_LATEST", "LiveCollector", "bearer_ok", "build_registry", "exposition", "os_threads"]


def os_threads(status: Path = Path("/proc/self/status")) -> int:
    """The process's OS threads (TensorFlow's included) on Linux, else Python's threads."""
    try:
        for line in status.read_text().splitlines():
            if line.startswith("Threads:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return threading.active_count()


class LiveCollector:
    """The app's ``mlp_*`` metrics, read when Prometheus scrapes."""

    def __init__(
        self, sessions: Callable[[], int | None], scheduler: ComputeScheduler = DEFAULT_SCHEDULER
    ) -> None:
        self.sessions = sessions
        self.scheduler = scheduler

    def collect(self) -> Iterator[Metric]:
        sessions = self.sessions()
        if sessions is not None:
            yield GaugeMetricFamily("mlp_sessions", "Browser sessions connected to this process.", sessions)
        yield GaugeMetricFamily("mlp_runs_active", "Live runs computing now.", self.scheduler.active)
        yield GaugeMetricFamily(
            "mlp_runs_queued", "Live runs waiting for a slot (shown as queued).", self.scheduler.queued
        )
        yield GaugeMetricFamily(
            "mlp_runs_slots", "Runs that may compute at once (MLP_MAX_ACTIVE_RUNS).", self.scheduler.slots
        )
        totals = telemetry.totals()
        yield CounterMetricFamily(
            "mlp_frames_sent", "Live-view frames sent to browsers.", totals["frames_sent"]
        )
        yield CounterMetricFamily(
            "mlp_frame_bytes_sent", "Bytes of live-view frames sent to browsers.", totals["frame_bytes_sent"]
        )
        yield CounterMetricFamily(
            "mlp_training_examples",
            "Examples (samples, windows, sequences) trained on by live runs.",
            totals["examples_trained"],
        )
        yield GaugeMetricFamily("mlp_process_threads", "Threads of this process.", os_threads())


def build_registry(sessions: Callable[[], int | None]) -> CollectorRegistry:
    """A registry with the app's metrics and the process's (RSS, CPU seconds, open files)."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(LiveCollector(sessions))
    ProcessCollector(registry=registry)
    return registry


def exposition(registry: CollectorRegistry) -> bytes:
    """The registry's metrics as Prometheus text (content type :data:`CONTENT_TYPE_LATEST`)."""
    return generate_latest(registry)


def bearer_ok(authorization: str | None, token: str) -> bool:
    """Whether an ``Authorization`` header carries ``Bearer <token>`` (constant-time)."""
    scheme, _, given = (authorization or "").partition(" ")
    digest = hashlib.sha256
    same = hmac.compare_digest(digest(given.strip().encode()).digest(), digest(token.encode()).digest())
    return scheme.lower() == "bearer" and same
