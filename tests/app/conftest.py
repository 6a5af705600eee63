"""Shared fixtures of the app-level tests (``streamlit.testing.v1.AppTest``).

AppTest runs the scripts in this process. Every AppTest uses the same session id
("test session id"), so the session-scoped ``session_runs()`` holder, and with it
the playground's live run, would carry over from one test to the next. The
autouse fixture below releases that session cache around every test: this
stops the runs (no training thread outlives its test) and gives each test a
fresh run at epoch 0.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from streamlit.runtime.caching.cache_resource_api import clear_session_cache
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
PLAYGROUND = ROOT / "pages" / "playground.py"
#: The first playground run imports TensorFlow and builds a Keras model.
TIMEOUT = 120
#: AppTest's fixed session id (streamlit/testing/v1/local_script_runner.py).
APPTEST_SESSION_ID = "test session id"


def release_test_session() -> None:
    """Release AppTest's session-scoped resources (stops every live run)."""
    clear_session_cache(APPTEST_SESSION_ID)


@pytest.fixture(autouse=True)
def _keras_session_kept_as_on_the_server(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run pages as ``app.py`` does (``ui.streamlit_patches.keep_keras_session``): Streamlit's own
    after-run cleanup would clear the Keras session, a ~200 ms ``gc.collect()`` per rerun once
    TensorFlow is loaded, which the served app never pays."""
    from streamlit.runtime.scriptrunner import script_runner

    from ui.streamlit_patches import _close_pyplot_figures

    monkeypatch.setattr(script_runner, "_clean_problem_modules", _close_pyplot_figures)


@pytest.fixture(autouse=True)
def _fresh_live_session() -> Iterator[None]:
    release_test_session()
    yield
    release_test_session()


@pytest.fixture
def playground() -> Callable[..., AppTest]:
    """Run ``pages/playground.py`` (optionally with a query string) and return the AppTest."""

    def run(**query: str) -> AppTest:
        at = AppTest.from_file(str(PLAYGROUND), default_timeout=TIMEOUT)
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return run


@pytest.fixture
def run_page() -> Callable[..., AppTest]:
    """Run any page script: ``run_page("pages/gradient_descent.py", lr="0.1")`` -> AppTest.

    The page must run without exception; query parameters are set before the first run.
    """

    def run(path: str, **query: str) -> AppTest:
        at = AppTest.from_file(str(ROOT / path), default_timeout=TIMEOUT)
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return run


@pytest.fixture
def navigation() -> AppTest:
    """``app.py`` run as the Streamlit script: the navigation, on its default (home) page."""
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at
