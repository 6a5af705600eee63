"""engine.monitoring: the Prometheus exposition, its parsing, rates between readings, the
per-replica summary and scraping replicas (a fake one on loopback)."""

from __future__ import annotations

import pytest

from engine.live import telemetry
from engine.live.scheduler import ComputeScheduler
from engine.monitoring.metrics import LiveCollector, bearer_ok, build_registry, exposition, os_threads
from engine.monitoring.readings import MonitorLog, Reading, counter_rate, parse_reading, rates_between
from engine.monitoring.scrape import replica_urls, scrape, scrape_all
from engine.monitoring.summary import replica_rows, totals
from tests.fake_replica import down_replica_url, fake_replica


def test_exposition_round_trips_through_the_parser() -> None:
    reading = parse_reading(exposition(build_registry(lambda: 5)).decode())
    assert reading.sessions == 5
    assert reading.runs_slots is not None and reading.runs_slots >= 1
    assert reading.runs_active is not None and reading.runs_queued is not None
    assert reading.frames_sent is not None and reading.examples_trained is not None
    assert reading.threads is not None and reading.threads >= 1


def test_counters_follow_the_telemetry_and_the_scheduler() -> None:
    scheduler = ComputeScheduler(1)
    registry = build_registry(lambda: None)
    before = parse_reading(exposition(registry).decode())
    telemetry.record_frame(300)
    telemetry.record_examples(40)
    after = parse_reading(exposition(registry).decode())
    assert after.frames_sent - before.frames_sent >= 1
    assert after.frame_bytes_sent - before.frame_bytes_sent >= 300
    assert after.examples_trained - before.examples_trained >= 40
    assert after.sessions is None  # no Streamlit runtime: the gauge is left out, not 0

    holder = object()
    assert scheduler.acquire(holder, cancelled=lambda: False)
    names = {m.name: m.samples[0].value for m in LiveCollector(lambda: 2, scheduler).collect()}
    assert names["mlp_runs_active"] == 1 and names["mlp_runs_queued"] == 0 and names["mlp_sessions"] == 2
    scheduler.release(holder)


def test_os_threads_reads_linux_status_and_falls_back(tmp_path) -> None:
    status = tmp_path / "status"
    status.write_text("Name:\tpython\nThreads:\t42\n")
    assert os_threads(status) == 42
    assert os_threads(tmp_path / "missing") >= 1


def test_bearer_token() -> None:
    assert bearer_ok("Bearer s3cret", "s3cret")
    assert bearer_ok("bearer s3cret", "s3cret")
    assert not bearer_ok("Bearer wrong", "s3cret")
    assert not bearer_ok("Basic s3cret", "s3cret")
    assert not bearer_ok(None, "s3cret")


def test_parse_rejects_what_is_not_prometheus_text() -> None:
    with pytest.raises(ValueError):
        parse_reading("<html>not metrics</html>")
    assert parse_reading("") == Reading()


def test_counter_rate_and_restart() -> None:
    assert counter_rate(100, 160, 2.0) == 30
    assert counter_rate(100, 40, 2.0) == 20  # restarted: counted from 0
    assert counter_rate(None, 40, 2.0) is None
    assert counter_rate(1, 2, 0.0) is None
    rates = rates_between(0.0, Reading(cpu_seconds=1.0), 2.0, Reading(cpu_seconds=2.0))
    assert rates.cpu_percent == pytest.approx(50.0)
    assert rates.frames_per_s is None


def test_monitor_log_rates_window_gap_and_age() -> None:
    log = MonitorLog(keep_s=10.0)
    assert log.current("a").frames_per_s is None
    for t in range(5):
        log.add("a", float(t), Reading(frames_sent=10.0 * t, examples_trained=100.0 * t))
    assert log.current("a").frames_per_s == pytest.approx(10.0)
    assert log.current("a", window_s=1.0).examples_per_s == pytest.approx(100.0)
    assert [t for t, _ in log.series("a")] == [1.0, 2.0, 3.0, 4.0]

    log.add("a", 5.0, None)  # down: no rate until two answers in a row again
    assert log.current("a").frames_per_s is None
    log.add("a", 6.0, Reading(frames_sent=60.0))
    assert log.current("a").frames_per_s is None
    log.add("a", 8.0, Reading(frames_sent=80.0))
    assert log.current("a").frames_per_s == pytest.approx(10.0)

    log.add("a", 30.0, Reading(frames_sent=90.0))
    assert len(log.series("a")) == 0  # everything older than keep_s is gone


def test_rows_and_totals_count_only_replicas_that_answer() -> None:
    log = MonitorLog()
    for t, frames in ((0.0, 0.0), (2.0, 40.0)):
        log.add("up", t, Reading(sessions=3, runs_active=1, runs_queued=0, frames_sent=frames, rss_bytes=2e8))
        log.add("down", t, None)
    rows = replica_rows(log, [("up", None), ("down", "connection refused")])
    assert [row.up for row in rows] == [True, False]
    assert rows[1].error == "connection refused"
    total = totals(rows)
    assert (total.replicas_up, total.replicas) == (1, 2)
    assert total.sessions == 3 and total.rss_bytes == 2e8
    assert total.frames_per_s == pytest.approx(20.0)
    assert total.examples_per_s is None


def test_replica_urls() -> None:
    env = {"MLP_REPLICA_URLS": " http://a:8601/, http://b:8602 ,,"}
    assert replica_urls(env) == ["http://a:8601", "http://b:8602"]
    assert replica_urls({}) == []


def test_scrape_a_replica_a_down_one_and_a_bad_url() -> None:
    with fake_replica(sessions=4, token="tok") as url:
        up, down, bad = scrape_all([url, down_replica_url(), "ftp://x"], timeout_s=2.0, token="tok")
        assert up.reading is not None and up.reading.sessions == 4 and up.error is None
        unauthorised = scrape(url, timeout_s=2.0)
        assert unauthorised.reading is None and unauthorised.error == "HTTP 401"
    assert down.reading is None and down.error
    assert bad.reading is None and bad.error == "not an http(s) URL"
