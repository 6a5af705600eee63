"""Browser tests: a real ``streamlit run app.py`` driven by Debian's Chromium via Playwright.

The server and the browser come from ``tests/harness.py`` (shared with ``bench/``):

* ``streamlit_url`` (session): starts the server on a free port from the repo
  root, waits for ``/_stcore/health`` and stops it (by its process group) at the end.
  Its output goes to ``test-artifacts/streamlit-e2e.log``.
* ``chromium`` (session): Playwright's Chromium, launched from ``/usr/bin/chromium``
  (Playwright never downloads a browser here). Playwright's ``expect(...)`` assertions
  wait up to 30 s (``EXPECT_TIMEOUT_MS``).
* ``page`` (per test): a fresh browser context, i.e. a fresh Streamlit session;
  on failure a full-page screenshot goes to ``test-artifacts/<test>.png``.
* ``open_app``: ``open_app("/playground?...")`` navigates and waits until
  Streamlit's script run is over.

Without Chromium or Playwright the tests are skipped, except in CI
(``CI=true``, see ``.ci/run``), where that is a failure.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.harness import (
    IDLE,
    ROOT,
    HarnessError,
    StreamlitServer,
    chromium_missing,
    launch_chromium,
    start_streamlit,
)

ARTIFACTS = ROOT / "test-artifacts"
#: The first playground run imports TensorFlow in the server.
FIRST_RUN_TIMEOUT_MS = 120_000
#: How long Playwright's ``expect(...)`` assertions wait (its default, 5 s, is short for a
#: Streamlit rerun on a busy two-core machine).
EXPECT_TIMEOUT_MS = 30_000


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests cannot run: {reason}. In CI (CI=true) they must run; see .ci/run.")
    pytest.skip(f"browser tests skipped: {reason}")


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    """Keep each phase's report on the item, so fixtures can tell that a test failed."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    missing = chromium_missing()
    if missing:
        _unavailable(missing)
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    playwright = sync_playwright().start()
    try:
        browser = launch_chromium(playwright)
    except Exception as err:
        playwright.stop()
        _unavailable(f"Chromium did not start: {err}")
    try:
        yield browser
    finally:
        browser.close()
        playwright.stop()


@pytest.fixture(scope="session")
def streamlit_url() -> Iterator[str]:
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        server: StreamlitServer = start_streamlit(log_path=ARTIFACTS / "streamlit-e2e.log")
    except HarnessError as err:
        pytest.fail(str(err))
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture
def browser_errors() -> list[str]:
    """Uncaught exceptions and console errors of the test's page (failed requests excluded)."""
    return []


@pytest.fixture
def page(
    chromium: Any, streamlit_url: str, browser_errors: list[str], request: pytest.FixtureRequest
) -> Iterator[Any]:
    context = chromium.new_context(viewport={"width": 1600, "height": 1200}, base_url=streamlit_url)
    page = context.new_page()
    page.set_default_timeout(30_000)

    def on_console(msg: Any) -> None:
        # Streamlit's frontend probes /<page>/_stcore/... first: those 404s are expected.
        if msg.type == "error" and not msg.text.startswith("Failed to load resource"):
            browser_errors.append(f"console: {msg.text}")

    page.on("pageerror", lambda err: browser_errors.append(f"pageerror: {err}"))
    page.on("console", on_console)
    try:
        yield page
    finally:
        report = getattr(request.node, "rep_call", None)
        if report is not None and report.failed:
            ARTIFACTS.mkdir(exist_ok=True)
            name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)
            try:
                page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True, timeout=10_000)
            except Exception as err:  # the screenshot must not hide the test's own failure
                print(f"no screenshot: {err}")
        context.close()


@pytest.fixture
def open_app(page: Any) -> Callable[[str], Any]:
    """Go to ``path`` (e.g. ``/playground?data=xor``) and wait until Streamlit is idle."""

    def go(path: str) -> Any:
        page.goto(path)
        # The title comes from the script run; once it is there, "notRunning" means the run ended.
        page.wait_for_selector("h1", timeout=FIRST_RUN_TIMEOUT_MS)
        page.wait_for_selector(IDLE, timeout=FIRST_RUN_TIMEOUT_MS)
        return page

    return go
