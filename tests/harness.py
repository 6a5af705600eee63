"""One harness for the browser tests (``tests/e2e``) and the benchmarks (``bench/``).

* :func:`free_port`, :func:`server_env`;
* :func:`streamlit_server`: ``streamlit run app.py`` (or another script) on a free port,
  optionally pinned to a CPU core with ``taskset``, in a cleaned environment, its output in a
  log file; waits for ``/_stcore/health`` and stops the server by its process group;
* :func:`launch_chromium`: Debian's ``/usr/bin/chromium`` launched by Playwright (Playwright
  never downloads a browser here), optionally pinned to a core;
* :class:`ChromiumHost`: a Chromium started by us that Playwright connects to over CDP and can
  leave (pages keep running with no DevTools client attached);
* :class:`CpuMeter`: CPU time of a process and its descendants, read from ``/proc``;
* :func:`frame_of`, :func:`wait_js` and :class:`ViewFrame`: Playwright's own waiting on a
  page's or an iframe's JavaScript state (the DOM itself is waited on with
  ``playwright.sync_api.expect``; ``tests/waiting.py``'s ``wait_until`` is for what is not in
  the browser, such as the server's health or a run's thread).

Tests import it as ``tests.harness`` (pyproject's ``pythonpath = ["."]``); a bench script run
as ``python bench/x.py`` first puts the repository root on ``sys.path``.
Playwright is imported lazily: without it, only the browser parts are unavailable.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.waiting import wait_until

ROOT = Path(__file__).resolve().parents[1]
#: The browser: Debian's Chromium, or any Chromium named by ``MLP_CHROMIUM`` (e.g. outside Debian).
CHROMIUM = os.environ.get("MLP_CHROMIUM", "").strip() or "/usr/bin/chromium"
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
#: Every window stands for a learner's own visible one: none is throttled as occluded or
#: backgrounded (the flags Playwright's own launch passes; a CDP-connected browser needs them).
UNTHROTTLED_ARGS = (
    "--disable-backgrounding-occluded-windows",
    "--disable-renderer-backgrounding",
    "--disable-background-timer-throttling",
)
#: Streamlit is idle (no script run in progress) when this matches.
IDLE = "[data-testid=stApp][data-test-script-state=notRunning]"
#: A page's ``st.iframe`` (the live views and the HTML players), not the "Copy link" button's
#: (``ui.copy_link``, above every page).
IFRAME = "[data-testid=stIFrame]:not(.st-key-mlp-copy-link *)"
SERVER_START_TIMEOUT_S = 90.0


class HarnessError(RuntimeError):
    """The server or the browser did not start."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pinned(command: list[str], core: int | str | None) -> list[str]:
    """``command`` run on CPU core(s) ``core`` (``taskset -c``), or as is when ``core`` is None."""
    return command if core is None else ["taskset", "-c", str(core), *command]


def server_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """This environment minus anything that would reconfigure Streamlit, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
    env.update(
        PYTHONUNBUFFERED="1",
        TF_CPP_MIN_LOG_LEVEL="2",
        CUDA_VISIBLE_DEVICES="",  # the same CPU training on every machine
        STREAMLIT_BROWSER_GATHER_USAGE_STATS="false",
    )
    env.update(extra or {})
    return env


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as resp:
            return resp.status == 200
    except OSError:  # refused, reset, timed out, HTTP errors
        return False


def _stop_group(proc: subprocess.Popen, timeout: float = 15) -> None:
    """Stop a process started with ``start_new_session=True`` and everything it started."""
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=timeout)


# --------------------------------------------------------------------------- server


@dataclass
class StreamlitServer:
    """A running ``streamlit run``; ``pid`` is Streamlit's own process (taskset execs it)."""

    proc: subprocess.Popen
    port: int
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        return self.proc.pid

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        _stop_group(self.proc)


def start_streamlit(
    script: str | Path = "app.py",
    *,
    cwd: Path = ROOT,
    port: int = 0,
    log_path: Path | None = None,
    core: int | str | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = SERVER_START_TIMEOUT_S,
) -> StreamlitServer:
    """Start ``streamlit run script`` (from ``cwd``) and return once ``/_stcore/health`` answers.

    ``port`` 0 picks a free one; ``core`` pins the server with ``taskset``; ``env`` is added to
    :func:`server_env`. The server runs in its own process group (:meth:`StreamlitServer.stop`
    stops the group); its output goes to ``log_path`` (default: a file in the temp folder).
    Raises :class:`HarnessError` (with the log's tail) if it exits or does not answer in time.
    """
    port = port or free_port()
    log_path = log_path or Path(tempfile.gettempdir()) / f"mlp-streamlit-{port}.log"
    command = [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--server.headless", "true",
        "--server.fileWatcherType", "none",
        "--server.runOnSave", "false",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            pinned(command, core),
            cwd=cwd,
            env=server_env(env),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped as a whole
        )
    server = StreamlitServer(proc, port, log_path)
    health = f"{server.url}/_stcore/health"
    try:
        if not wait_until(lambda: proc.poll() is not None or _answers(health), timeout=timeout, poll=0.25):
            raise HarnessError(f"streamlit not healthy after {timeout:.0f} s:\n{server.log_tail()}")
        if proc.poll() is not None:
            raise HarnessError(f"streamlit exited with {proc.returncode}:\n{server.log_tail()}")
    except BaseException:
        server.stop()
        raise
    return server


@contextlib.contextmanager
def streamlit_server(script: str | Path = "app.py", **options: Any) -> Iterator[StreamlitServer]:
    """:func:`start_streamlit` as a context manager: the server is stopped on exit."""
    server = start_streamlit(script, **options)
    try:
        yield server
    finally:
        server.stop()


# --------------------------------------------------------------------------- browser


def chromium_missing() -> str | None:
    """Why the browser parts cannot run here, or None when they can."""
    if not Path(CHROMIUM).is_file() or not os.access(CHROMIUM, os.X_OK):
        return f"{CHROMIUM} is missing (sudo apt-get install chromium, or set MLP_CHROMIUM to a Chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[test]')"
    return None


def _pinned_chromium(core: int | str) -> str:
    """An executable that runs Debian's Chromium under ``taskset -c core`` (Playwright's launch
    takes a path, not a command line; every process Chromium starts inherits the pin)."""
    path = Path(tempfile.gettempdir()) / f"mlp-chromium-core-{str(core).replace(',', '_')}.sh"
    text = f'#!/bin/sh\nexec taskset -c {core} {CHROMIUM} "$@"\n'
    if not path.is_file() or path.read_text() != text:
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(text)
        tmp.chmod(0o755)
        tmp.replace(path)
    return str(path)


def launch_chromium(
    playwright: Any, *, core: int | str | None = None, args: Iterable[str] = (), headless: bool = True
) -> Any:
    """Debian's Chromium launched by Playwright with :data:`CHROMIUM_ARGS` (plus ``args``)."""
    executable = CHROMIUM if core is None else _pinned_chromium(core)
    return playwright.chromium.launch(
        executable_path=executable, args=[*CHROMIUM_ARGS, *args], headless=headless
    )


class ChromiumHost:
    """A headless Chromium started by us (optionally pinned) that Playwright connects to over
    CDP and can leave: pages live in the browser, not in the connection, so the browser can
    run with no DevTools client attached. ``pid`` is the browser's own process (for a
    :class:`CpuMeter`: every renderer descends from it)."""

    def __init__(
        self,
        playwright: Any,
        profile_dir: Path,
        *,
        core: int | str | None = None,
        size: tuple[int, int] = (1400, 1000),
        args: Iterable[str] = (),
        timeout: float = 60.0,
    ) -> None:
        self.pw = playwright
        self.port = free_port()
        self.size = size
        command = [
            CHROMIUM, "--headless", f"--remote-debugging-port={self.port}",
            f"--user-data-dir={profile_dir}", f"--window-size={size[0]},{size[1]}",
            *CHROMIUM_ARGS, *UNTHROTTLED_ARGS, *args, "about:blank",
        ]  # fmt: skip
        self.proc = subprocess.Popen(
            pinned(command, core),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self.browser: Any = None
        endpoint = f"http://127.0.0.1:{self.port}/json/version"
        started = wait_until(lambda: self.proc.poll() is not None or _answers(endpoint), timeout, poll=0.2)
        if not started or self.proc.poll() is not None:
            _stop_group(self.proc)
            raise HarnessError("chromium did not start its DevTools endpoint")
        self.connect()

    @property
    def pid(self) -> int:
        return self.proc.pid

    def connect(self) -> Any:
        if self.browser is None:
            self.browser = self.pw.chromium.connect_over_cdp(f"http://127.0.0.1:{self.port}")
        return self.browser

    def disconnect(self) -> None:
        """Leave the browser running (its pages keep running) with no client attached."""
        if self.browser is not None:
            self.browser.close()  # over CDP: disconnects; the default context's pages stay
            self.browser = None

    def new_window(self, url: str, timeout: float) -> Any:
        """A page in a new window of its own (a background tab would stop drawing)."""
        browser = self.connect()
        context = browser.contexts[0]
        session = browser.new_browser_cdp_session()
        width, height = self.size
        with context.expect_page(timeout=timeout * 1000) as info:
            session.send(
                "Target.createTarget", {"url": url, "newWindow": True, "width": width, "height": height}
            )
        session.detach()
        return info.value

    def pages(self) -> list[Any]:
        return list(self.connect().contexts[0].pages)

    def close(self) -> None:
        self.disconnect()
        _stop_group(self.proc, timeout=10)

    def __enter__(self) -> ChromiumHost:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# --------------------------------------------------------------------------- waiting in the browser


def frame_of(page: Any, selector: str = IFRAME, nth: int = 0, timeout_s: float = 60) -> Any:
    """The Playwright ``Frame`` inside the page's ``nth`` iframe matching ``selector`` (waits
    for it). Resolve it again after a rerun that may have replaced the iframe."""
    handle = page.locator(selector).nth(nth).element_handle(timeout=timeout_s * 1000)
    frame = handle.content_frame()
    if frame is None:
        raise HarnessError(f"{selector} #{nth} has no content frame")
    return frame


def wait_js(
    target: Any,
    predicate: str,
    what: str,
    *,
    arg: Any = None,
    timeout_s: float = 30,
    every_ms: int = 100,
    state: Callable[[], Any] | None = None,
) -> None:
    """Playwright's ``wait_for_function`` on a page or frame (the JavaScript ``predicate`` is
    polled in the browser every ``every_ms``), failing with ``what`` and ``state()`` on timeout."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        target.wait_for_function(predicate, arg=arg, timeout=timeout_s * 1000, polling=every_ms)
    except PlaywrightTimeout:
        seen = ""
        if state is not None:
            try:
                seen = f"; state: {state()}"
            except Exception as err:  # the message must not hide the timeout
                seen = f"; state unreadable: {err}"
        raise AssertionError(f"timed out after {timeout_s:g} s waiting for {what}{seen}") from None


class ViewFrame:
    """An HTML view in the page's ``st.iframe`` (a live view or a player), found again on every
    call (a remount is never read stale).

    ``read_js`` returns the view's state as a dict; each name in ``numbers`` also gets
    ``<name>_n``, that field's text as an integer ("000,123" -> 123). :meth:`el` gives elements
    for Playwright's ``expect(...)``; :meth:`until` waits on the view's JavaScript state.
    """

    def __init__(
        self,
        page: Any,
        read_js: str,
        *,
        numbers: tuple[str, ...] = (),
        state_js: str = "window.__mlpLive",
        selector: str = IFRAME,
        nth: int = 0,
    ) -> None:
        self.page, self.read_js, self.numbers = page, read_js, numbers
        self.state_js, self.selector, self.nth = state_js, selector, nth

    def locator(self, css: str) -> Any:
        return self.page.frame_locator(self.selector).nth(self.nth).locator(css)

    def el(self, element_id: str) -> Any:
        """The view's element ``#element_id``, for ``expect(...)``."""
        return self.locator(f"#{element_id}")

    def read(self) -> dict[str, Any]:
        state = self.locator("body").evaluate(self.read_js)
        for name in self.numbers:
            state[f"{name}_n"] = int(str(state[name]).replace(",", ""))
        return state

    def until(self, predicate: str, what: str, *, arg: Any = None, timeout: float = 30) -> dict[str, Any]:
        """Wait until the JavaScript expression ``predicate`` is true in the view, and return
        :meth:`read` then. In it, ``s`` is the view's state object (``state_js``, never null
        there), ``arg`` is ``arg``, ``text(id)`` an element's text and ``num(id)`` that text as
        a number (commas dropped)."""
        wait_js(
            frame_of(self.page, self.selector, self.nth),
            "(arg) => {"
            " const text = (id) => (document.getElementById(id) || {}).textContent;"
            " const num = (id) => Number(String(text(id)).replace(/,/g, ''));"
            f" const s = {self.state_js}; return !!s && !!({predicate}); }}",
            what,
            arg=arg,
            timeout_s=timeout,
            state=self.read,
        )
        return self.read()


# --------------------------------------------------------------------------- CPU


def _proc_table() -> dict[int, tuple[int, str, float]]:
    """pid -> (parent pid, command name, CPU seconds: user + system) of every process."""
    tick = os.sysconf("SC_CLK_TCK")
    table = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, ValueError, IndexError):
            stat = Path(entry.path, "stat").read_text()
            rest = stat[stat.rfind(")") + 2 :].split()
            comm = stat[stat.find("(") + 1 : stat.rfind(")")]
            table[int(entry.name)] = (int(rest[1]), comm, (int(rest[11]) + int(rest[12])) / tick)
    return table


class CpuMeter:
    """CPU time of process ``pid`` and its descendants (all threads), from ``/proc``.

    ``names``: count only the processes whose command name starts with one of these (e.g.
    ``("chrom", "headless")`` for the Chromium processes under this Python process);
    ``children=False`` counts ``pid`` alone. A window's figure is taken from two
    :meth:`snapshot` s: every process in both, and any that started in between.
    """

    def __init__(self, pid: int, *, children: bool = True, names: tuple[str, ...] | None = None) -> None:
        self.pid, self.children, self.names = pid, children, names

    def snapshot(self) -> dict[int, float]:
        """pid -> CPU seconds so far, for every process counted."""
        table = _proc_table()
        kids: dict[int, list[int]] = {}
        for pid, (parent, _, _) in table.items():
            kids.setdefault(parent, []).append(pid)
        tree, todo = set(), [self.pid]
        while todo:
            pid = todo.pop()
            if pid in table and pid not in tree:
                tree.add(pid)
                todo.extend(kids.get(pid, []) if self.children else [])
        return {p: table[p][2] for p in tree if self.names is None or table[p][1].startswith(self.names)}

    def cpu_seconds(self) -> float:
        return sum(self.snapshot().values())

    @staticmethod
    def used(before: dict[int, float], after: dict[int, float]) -> float:
        """CPU seconds used between two snapshots (a process that ended in between is lost)."""
        return sum(cpu - before.get(pid, 0.0) for pid, cpu in after.items())

    def percent_since(self, before: dict[int, float], seconds: float) -> float:
        """% of one core used since the snapshot ``before``, taken ``seconds`` ago."""
        return 100 * self.used(before, self.snapshot()) / max(seconds, 1e-6)

    def threads(self) -> int:
        """Threads of process ``pid`` itself."""
        return len(os.listdir(f"/proc/{self.pid}/task"))

    def sample(self, seconds: float, every: float = 1.0) -> tuple[float, list[float]]:
        """Average CPU % of one core over ``seconds``, and the per-``every`` readings."""
        readings = []
        start_s, start_t = self.snapshot(), time.monotonic()
        s, t = start_s, start_t
        while time.monotonic() - start_t < seconds - 1e-3:
            time.sleep(min(every, seconds - (time.monotonic() - start_t)))
            s2, t2 = self.snapshot(), time.monotonic()
            readings.append(100 * self.used(s, s2) / max(t2 - t, 1e-6))
            s, t = s2, t2
        return 100 * self.used(start_s, s) / max(t - start_t, 1e-6), readings
