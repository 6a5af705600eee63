"""``pages/instructor.py``: off without ``MLP_INSTRUCTOR_PASSWORD``, behind it otherwise, and
one row per replica (``MLP_REPLICA_URLS``), a replica that does not answer shown as down."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from tests.fake_replica import down_replica_url, fake_replica
from ui import access

PAGE = "pages/instructor.py"
PASSWORD = "teach"


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "MLP_INSTRUCTOR_PASSWORD",
        "MLP_INSTRUCTOR_PASSWORD_HASH",
        "MLP_REPLICA_URLS",
        "MLP_METRICS_TOKEN",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(access, "sleep", lambda s: None)


def log_in(at: AppTest, password: str = PASSWORD) -> AppTest:
    at.text_input[0].input(password)
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def figures(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_without_the_variable_the_page_says_how_to_enable_it(run_page: Callable[..., AppTest]) -> None:
    at = run_page(PAGE)
    assert "MLP_INSTRUCTOR_PASSWORD" in at.info[0].value
    assert not at.text_input and not at.metric and not at.dataframe


def test_a_wrong_password_shows_nothing(
    run_page: Callable[..., AppTest], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MLP_INSTRUCTOR_PASSWORD", PASSWORD)
    at = run_page(PAGE)
    assert [t.label for t in at.text_input] == ["Instructor password"]
    assert not at.metric
    log_in(at, "student guess")
    assert not at.metric and not at.dataframe and "Wrong password" in at.error[0].value


def test_this_process_alone(run_page: Callable[..., AppTest], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLP_INSTRUCTOR_PASSWORD", PASSWORD)
    at = log_in(run_page(PAGE))
    table = at.dataframe[0].value
    assert list(table["Replica"]) == ["this process"] and list(table["Status"]) == ["up"]
    assert float(table["RSS (MB)"][0].replace(",", "")) > 0
    shown = figures(at)
    assert shown["Replicas up"] == "1 of 1"
    assert shown["Memory (RSS)"].endswith(" MB")
    assert len(at.get("plotly_chart")) == 1


def test_one_row_per_replica_and_a_down_one(
    run_page: Callable[..., AppTest], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MLP_INSTRUCTOR_PASSWORD", PASSWORD)
    monkeypatch.setenv("MLP_METRICS_TOKEN", "tok")
    down = down_replica_url()
    with fake_replica(sessions=7, token="tok") as up:
        monkeypatch.setenv("MLP_REPLICA_URLS", f"{up}, {down}")
        at = log_in(run_page(PAGE))
        at.run()  # a second reading: rates from the counters' growth
    table = at.dataframe[0].value
    assert list(table["Replica"]) == [up, down]
    assert table["Status"][0] == "up" and table["Status"][1] == "down: connection refused"
    assert list(table.iloc[0][["Sessions", "Active runs", "Queued runs", "RSS (MB)"]]) == [
        "7",
        "2",
        "1",
        "350",
    ]
    assert float(table["Frames/s"][0].replace(",", "")) > 0
    assert float(table["Examples/s"][0].replace(",", "")) > 0
    assert set(table.iloc[1][["Sessions", "Frames/s", "RSS (MB)"]]) == {"–"}
    shown = figures(at)
    assert shown["Replicas up"] == "1 of 2"
    assert shown["Sessions"] == "7" and shown["Queued runs"] == "1"
    assert shown["Memory (RSS)"] == "350 MB"
    assert shown["Examples/s"] != "–"
