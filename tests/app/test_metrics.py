"""``/api/metrics`` (``ui.instructor.metrics_route``), as Prometheus scrapes it."""

from __future__ import annotations

from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families
from starlette.applications import Starlette

from engine.live import telemetry
from tests import asgi
from ui.instructor.metrics_route import metrics_routes

NAMES = {
    "mlp_runs_active",
    "mlp_runs_queued",
    "mlp_runs_slots",
    "mlp_frames_sent_total",
    "mlp_frame_bytes_sent_total",
    "mlp_training_examples_total",
    "mlp_process_threads",
    "process_resident_memory_bytes",
    "process_cpu_seconds_total",
}


APP = Starlette(routes=metrics_routes())


@pytest.fixture(autouse=True)
def _no_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MLP_METRICS_TOKEN", raising=False)


def scrape(authorization: str | None = None) -> tuple[int, dict[str, str], str]:
    return asgi.get(APP, "/api/metrics", {"Authorization": authorization} if authorization else None)


def _samples(text: str) -> dict[str, float]:
    return {s.name: s.value for family in text_string_to_metric_families(text) for s in family.samples}


def test_prometheus_text_with_every_metric() -> None:
    status, headers, text = scrape()
    assert status == 200
    assert headers["content-type"].startswith("text/plain")
    assert set(_samples(text)) >= NAMES
    assert _samples(text)["process_resident_memory_bytes"] > 0


def test_counters_grow_with_frames_and_examples() -> None:
    before = _samples(scrape()[2])
    telemetry.record_frame(1234)
    telemetry.record_examples(500)
    after = _samples(scrape()[2])
    assert after["mlp_frames_sent_total"] - before["mlp_frames_sent_total"] >= 1
    assert after["mlp_frame_bytes_sent_total"] - before["mlp_frame_bytes_sent_total"] >= 1234
    assert after["mlp_training_examples_total"] - before["mlp_training_examples_total"] >= 500


def test_bearer_token_when_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLP_METRICS_TOKEN", "scrape-me")
    status, headers, text = scrape()
    assert status == 401 and headers["www-authenticate"] == "Bearer"
    assert "mlp_" not in text
    assert scrape("Bearer wrong")[0] == 401
    status, _, text = scrape("Bearer scrape-me")
    assert status == 200 and set(_samples(text)) >= NAMES


def test_class_password_does_not_cover_metrics(monkeypatch: pytest.MonkeyPatch) -> None:
    """Prometheus cannot log in; the page holds counts only (MLP_METRICS_TOKEN protects it)."""
    monkeypatch.setenv("MLP_CLASS_PASSWORD", "class")
    assert scrape()[0] == 200


def test_app_mounts_the_route() -> None:
    """``app.py`` gives ``st.App`` the live routes and the metrics route."""
    source = (Path(__file__).resolve().parents[2] / "app.py").read_text()
    assert "routes=[*live_routes(), *metrics_routes()]" in source
