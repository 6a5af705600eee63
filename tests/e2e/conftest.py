"""Browser tests: a real ``streamlit run app.py`` driven by Debian's Chromium via Playwright.

* ``streamlit_url`` (session): starts the server on a free port from the repo
  root, waits for ``/_stcore/health`` and stops it (by its process group) at the end.
  Its output goes to ``test-artifacts/streamlit-e2e.log``.
* ``chromium`` (session): Playwright's Chromium, launched from ``/usr/bin/chromium``
  (Playwright never downloads a browser here).
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
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERVER_START_TIMEOUT_S = 90
#: Streamlit is idle (no script run in progress) when this matches.
IDLE = "[data-testid=stApp][data-test-script-state=notRunning]"
#: The first playground run imports TensorFlow in the server.
FIRST_RUN_TIMEOUT_MS = 120_000


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


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_env() -> dict[str, str]:
    """The CI's or developer's environment, minus anything that would reconfigure Streamlit."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
    env.update(
        PYTHONUNBUFFERED="1",
        TF_CPP_MIN_LOG_LEVEL="2",
        CUDA_VISIBLE_DEVICES="",  # the same CPU training on every machine
        STREAMLIT_BROWSER_GATHER_USAGE_STATS="false",
    )
    return env


def _tail(path: Path, chars: int = 4000) -> str:
    try:
        return path.read_text(errors="replace")[-chars:]
    except OSError:
        return "(no log)"


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    if not Path(CHROMIUM).is_file() or not os.access(CHROMIUM, os.X_OK):
        _unavailable(f"{CHROMIUM} is missing (sudo apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install -e '.[test]')")
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
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
    port = _free_port()
    log_path = ARTIFACTS / "streamlit-e2e.log"
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--server.fileWatcherType",
        "none",
        "--server.runOnSave",
        "false",
        "--browser.gatherUsageStats",
        "false",
    ]
    url = f"http://127.0.0.1:{port}"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            command,
            cwd=ROOT,
            env=_server_env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped as a whole below
        )
        try:
            deadline = time.monotonic() + SERVER_START_TIMEOUT_S
            while True:
                if proc.poll() is not None:
                    pytest.fail(f"streamlit exited with {proc.returncode}:\n{_tail(log_path)}")
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                        if resp.status == 200:
                            break
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    pass
                if time.monotonic() > deadline:
                    pytest.fail(f"streamlit not healthy after {SERVER_START_TIMEOUT_S} s:\n{_tail(log_path)}")
                time.sleep(0.25)
            yield url
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait(timeout=15)


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
