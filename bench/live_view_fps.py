"""End-to-end frame rate of the playground's live view, with 1 and 10 browser tabs.

Starts ``streamlit run app.py`` pinned to core 0 and a headless Chromium pinned
to core 1, opens N windows (each its own visible page and Streamlit session) of
the spiral / 7 features / 6x8 ReLU setup, waits for each to be idle, presses
Play in each and then, over a measurement window:

* frames/s per tab, from the live iframe's ``window.__mlpLive.frames``;
* blank frames: after every received frame (hooked on the ack's
  ``requestAnimationFrame``) the boundary canvas is sampled along its centre
  row and column and counted blank if every sampled pixel is transparent;
  a few times per tab the neuron heatmaps are sampled as well;
* the server's CPU (% of one core) and the browser's during the window;

then what one more client gets from the server (a Python WebSocket client that
acks at once), the pause latency (each tab clicks its own Pause in turn, while
the tabs after it still play: click event until the iframe's ``#status`` reads
"paused", and until the server first sends "paused" to an extra client), and
finally closes every tab and checks that the server goes idle (its CPU over
~5 s should fall near 0: each closed session must stop its training thread).

During the window and the pauses no DevTools client is attached to the browser:
every tab gets an in-page hook that logs each drawn frame and schedules its
Pause click, Playwright presses Play everywhere, disconnects, and reconnects
afterwards to read the logs (``--attached`` keeps it connected and measures
the old way). A learner's browser has no such client, and Playwright's is not
free: it subscribes to every WebSocket frame (the payload travels
base64-encoded to the driver), which measured here about doubles the browser's
CPU per frame with 10 tabs.

Figures are indicative (other processes may share the two cores); nothing is
asserted. Usage (from the repository root)::

    python bench/live_view_fps.py               # --tabs 1, then --tabs 10
    python bench/live_view_fps.py --tabs 10 --window 10
    python bench/live_view_fps.py --quick       # short windows (smoke test)

One machine-readable line per mode ends the output::

    tabs=10 min_fps=<x> median_fps=<y> blank_frames=<n> pause_s=<s> idle_cpu_pct=<c> browser_ms_per_frame=<m>
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Frame, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.harness import ChromiumHost, CpuMeter, streamlit_server  # noqa: E402

CLICK_BUDGET_S = 1.5  # planned time to press Play in one tab (detached mode)
PAUSE_GAP_S = 1.5  # between one tab's Pause click and the next's
WATCH_HZ = 10  # frames a second each PausedWatcher takes
QUERY = "data=spiral&f=x1,x2,x1sq,x2sq,x1x2,sinx1,sinx2&net=8,8,8,8,8,8&act=relu"

# Runs inside the live iframe: after each received frame (live.js acks it from a
# requestAnimationFrame callback), sample the boundary heatmap canvas's centre
# row and column (whatever its resolution) and count the frame blank if no
# sampled pixel is opaque.
BLANK_HOOK = r"""
() => {
  if (window.__bench) return true;
  const st = { checked: 0, blank: 0, lastFrame: 0 };
  window.__bench = st;
  function check() {
    const live = window.__mlpLive;
    if (!live || live.frames < 1 || live.frames === st.lastFrame) return;
    st.lastFrame = live.frames;
    const cv = document.getElementById("boundary");
    if (!cv) { st.checked++; st.blank++; return; }
    const ctx = cv.getContext("2d");
    const w = cv.width, h = cv.height;
    const row = ctx.getImageData(0, h >> 1, w, 1).data, col = ctx.getImageData(w >> 1, 0, 1, h).data;
    let opaque = 0;
    for (let i = 3; i < row.length; i += 4) if (row[i]) opaque++;
    for (let i = 3; i < col.length; i += 4) if (col[i]) opaque++;
    st.checked++;
    if (opaque === 0) st.blank++;
  }
  // One row per animation frame: [Date.now(), frames, checked, blank, status, epoch, rate, client fps],
  // so the readings of a window can be taken afterwards (with no DevTools client attached meanwhile).
  const text = (id) => (document.getElementById(id) || {}).textContent;
  st.log = [];
  function log() {
    const live = window.__mlpLive;
    if (!live) return;
    st.log.push([Date.now(), live.frames, st.checked, st.blank, text("status"), text("epoch"), text("rate"), live.fps]);
    if (st.log.length > 40000) st.log.splice(0, 20000);
  }
  st.at = (t) => { let best = null; for (const row of st.log) { if (row[0] <= t) best = row; else break; } return best; };
  // At wall time ``t`` (ms), click the page's Pause button as a learner would and time the
  // click until this view's #status reads "paused".
  st.pauseAt = (t) => setTimeout(() => {
    const buttons = Array.from(window.parent.document.querySelectorAll(".st-key-playground-play button"));
    const pause = buttons.find((b) => /Pause\s*$/.test(b.textContent));
    if (!pause) { st.pauseClickAt = -1; return; }
    const status = document.getElementById("status");
    const seen = new MutationObserver(() => {
      if (status.textContent === "paused" && !st.pausedAt) { st.pausedAt = Date.now(); seen.disconnect(); }
    });
    seen.observe(status, { childList: true, characterData: true, subtree: true });
    st.pauseClickAt = Date.now();
    pause.click();
  }, Math.max(0, t - Date.now()));
  const raf = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (cb) => raf((ts) => { try { check(); log(); } catch (e) {} cb(ts); });
  return true;
}
"""

# The window's readings from the hook's log: the rows at its start and end, and the pause.
READ_LOG = """
([t0, t1]) => {
  const st = window.__bench, row = (r) => r && { now: r[0], frames: r[1], checked: r[2], blank: r[3],
    status: r[4], epoch: r[5], rate: r[6], fps: r[7] };
  return { start: row(st.at(t0)), end: row(st.at(t1)), clickAt: st.pauseClickAt || null,
           pausedAt: st.pausedAt || null };
}
"""

# Every neuron heatmap and the boundary: how many are blank (no opaque pixel at 3 spots).
# The heatmaps are painted on the one #netcanvas, inside the box of each .node div.
NODES_BLANK = """
() => {
  const opaque = (ctx, x, y) => ctx.getImageData(x | 0, y | 0, 1, 1).data[3] !== 0;
  const spots = (cv) => {
    const ctx = cv.getContext("2d"), w = cv.width, h = cv.height;
    return [[w / 2, h / 2], [w / 4, h / 4], [3 * w / 4, 3 * h / 4]].some(([x, y]) => opaque(ctx, x, y));
  };
  const net = document.getElementById("netcanvas");
  const ctx = net.getContext("2d"), scale = net.width / Math.max(1, net.clientWidth);
  const nodes = Array.from(document.querySelectorAll("#nodes .node"));
  const blank = nodes.filter((d) => {
    const x = d.offsetLeft, y = d.offsetTop, s = d.offsetWidth;
    return ![[0.5, 0.5], [0.3, 0.3], [0.7, 0.7]]
      .some(([fx, fy]) => opaque(ctx, (x + fx * s) * scale, (y + fy * s) * scale));
  });
  return { nodes: nodes.length, blank_nodes: blank.length,
           boundary_blank: !spots(document.getElementById("boundary")) };
}
"""

STATE = """
() => ({ now: Date.now(),
         frames: window.__mlpLive ? window.__mlpLive.frames : -1,
         fps: window.__mlpLive ? window.__mlpLive.fps : 0,
         status: (document.getElementById("status") || {}).textContent,
         epoch: (document.getElementById("epoch") || {}).textContent,
         rate: (document.getElementById("rate") || {}).textContent,
         checked: window.__bench ? window.__bench.checked : 0,
         blank: window.__bench ? window.__bench.blank : 0 })
"""


# --------------------------------------------------------------------------- pages


@dataclass
class Tab:
    index: int
    page: Page
    token: str = ""  # the live view's session token: finds the tab again after a reconnect
    frame: Frame | None = None
    load_s: float = 0.0
    start: dict = field(default_factory=dict)
    end: dict = field(default_factory=dict)
    node_samples: int = 0
    blank_nodes: int = 0
    boundary_blank_samples: int = 0
    remounted: bool = False
    console_errors: list[str] = field(default_factory=list)

    @property
    def fps(self) -> float:
        """Frames per second over the window, timed by the page's own clock."""
        if not self.start or not self.end or self.end["now"] <= self.start["now"]:
            return 0.0
        return (self.end["frames"] - self.start["frames"]) / ((self.end["now"] - self.start["now"]) / 1000)


def live_frame(page: Page) -> Frame | None:
    """The iframe that runs playground.html (it has #epoch and window.__mlpLive)."""
    for frame in page.frames:
        if frame is page.main_frame or frame.is_detached():
            continue
        with contextlib.suppress(Exception):
            if frame.evaluate("() => !!document.getElementById('epoch') && !!window.__mlpLive"):
                return frame
    return None


def script_running(page: Page) -> bool:
    """Streamlit shows its status widget ("Stop"/"Running") while a script run is in progress."""
    return page.locator('[data-testid="stStatusWidget"]').count() > 0


def wait_idle(page: Page, statuses: set[str], timeout: float, stable_s: float = 0.6) -> Frame:
    """Wait until no script run is in progress and the live view shows one of ``statuses``."""
    deadline = time.monotonic() + timeout
    since = None
    last = None
    while time.monotonic() < deadline:
        frame = live_frame(page)
        status = None
        if frame is not None:
            with contextlib.suppress(Exception):
                status = frame.evaluate("() => document.getElementById('status').textContent")
        last = status
        if frame is not None and status in statuses and not script_running(page):
            since = since or time.monotonic()
            if time.monotonic() - since >= stable_s:
                return frame
        else:
            since = None
        page.wait_for_timeout(200)  # (time.sleep would stall Playwright's event dispatch)
    frames = [f.url[:40] for f in page.frames]
    shot = Path(tempfile.gettempdir()) / f"live_view_fps_timeout_{os.getpid()}.png"
    with contextlib.suppress(Exception):
        page.screenshot(path=str(shot))
    raise TimeoutError(
        f"page not idle with status in {sorted(statuses)} after {timeout:.0f} s "
        f"(last status: {last}; frames: {frames}; script running: {script_running(page)}; screenshot {shot})"
    )


def idle_wait(page: Page, seconds: float) -> None:
    """Sleep while letting Playwright dispatch its events (time.sleep would stall them)."""
    if seconds > 0:
        page.wait_for_timeout(seconds * 1000)


def state(tab: Tab) -> dict:
    frame = tab.frame
    if frame is None or frame.is_detached():
        tab.remounted = True
        frame = tab.frame = live_frame(tab.page)
    if frame is None:
        return {"now": time.time() * 1000, "frames": -1, "fps": 0, "status": None, "checked": 0, "blank": 0}
    return frame.evaluate(STATE)


def sample_nodes(tab: Tab) -> None:
    if tab.frame is None or tab.frame.is_detached():
        return
    with contextlib.suppress(Exception):
        r = tab.frame.evaluate(NODES_BLANK)
        tab.node_samples += 1
        tab.blank_nodes += r["blank_nodes"] if r["nodes"] else 1  # no network drawn: blank
        tab.boundary_blank_samples += int(r["boundary_blank"])


def open_tab(host: ChromiumHost, index: int, url: str, timeout: float) -> Tab:
    started = time.monotonic()
    page = host.new_window(url, timeout)
    tab = Tab(index, page)
    watch_console(tab)
    tab.frame = wait_idle(page, {"paused"}, timeout)
    tab.token = tab.frame.evaluate("() => window.MLP_CONFIG.token")
    tab.load_s = time.monotonic() - started
    return tab


def watch_console(tab: Tab) -> None:
    tab.page.on(
        "console",
        lambda msg: tab.console_errors.append(msg.text[:200]) if msg.type == "error" else None,
    )


def reattach(host: ChromiumHost, tabs: list[Tab]) -> None:
    """Connect again and give every tab its page and live frame in the new connection."""
    by_token = {}
    for page in host.pages():
        frame = live_frame(page)
        if frame is not None:
            with contextlib.suppress(Exception):
                by_token[frame.evaluate("() => window.MLP_CONFIG.token")] = (page, frame)
    for tab in tabs:
        if tab.token not in by_token:
            raise RuntimeError(f"tab {tab.index} lost its live view while detached")
        tab.page, tab.frame = by_token[tab.token]
        watch_console(tab)


def click_play_button(page: Page, label: str, timeout: float) -> None:
    button = page.locator(".st-key-playground-play button")
    button.filter(has_text=re.compile(rf"{label}\s*$")).wait_for(timeout=timeout * 1000)
    # force: Playwright's "stable" check waits for two animation frames of the main page,
    # which a window starved by nine others playing may not draw for minutes.
    button.click(timeout=timeout * 1000, no_wait_after=True, force=True)


PAUSE_HOOKS_PAGE = """
() => {
  window.__benchClickAt = null;
  document.addEventListener("click", (e) => {
    if (window.__benchClickAt === null) window.__benchClickAt = performance.timeOrigin + e.timeStamp;
  }, { capture: true, once: true });
}
"""
PAUSE_HOOKS_FRAME = """
() => {
  const st = document.getElementById("status");
  window.__benchPausedAt = null;
  if (window.__benchObs) window.__benchObs.disconnect();
  window.__benchObs = new MutationObserver(() => {
    if (st.textContent === "paused" && window.__benchPausedAt === null) window.__benchPausedAt = Date.now();
  });
  window.__benchObs.observe(st, { childList: true, characterData: true, subtree: true });
}
"""


def pause_latencies(tab: Tab, reps: int, timeout: float) -> list[tuple[float, float]]:
    """Click Pause ``reps`` times (Play again in between); per click: (in-page click event ->
    iframe status 'paused', Playwright click() call -> 'paused'), seconds."""
    out = []
    button = tab.page.locator(".st-key-playground-play button")
    for rep in range(reps):
        if rep:
            click_play_button(tab.page, "Play", timeout)
            tab.frame = wait_idle(tab.page, {"running", "queued"}, timeout, stable_s=0.3)
            idle_wait(tab.page, 1.0)
        frame = tab.frame if tab.frame is not None and not tab.frame.is_detached() else live_frame(tab.page)
        assert frame is not None
        button.filter(has_text=re.compile(r"Pause\s*$")).wait_for(timeout=timeout * 1000)
        frame.evaluate(PAUSE_HOOKS_FRAME)
        tab.page.evaluate(PAUSE_HOOKS_PAGE)
        started = time.monotonic()
        button.click(timeout=timeout * 1000)
        frame.wait_for_function("() => window.__benchPausedAt !== null", timeout=timeout * 1000, polling=10)
        call_s = time.monotonic() - started
        clicked = tab.page.evaluate("() => window.__benchClickAt")
        paused = frame.evaluate("() => window.__benchPausedAt")
        in_page = (paused - clicked) / 1000 if clicked else call_s
        out.append((in_page, call_s))
        tab.frame = wait_idle(tab.page, {"paused"}, timeout, stable_s=0.3)
    return out


def probe_server(base: str, tab: Tab, seconds: float) -> tuple[float, float]:
    """Frames/s the server pushes to a Python client that acks at once (an extra connection)."""
    from websockets.sync.client import connect

    token = tab.token  # (read at start-up: no DevTools client is needed here)
    if not token:
        return float("nan"), float("nan")
    ws_url = base.replace("http", "ws", 1) + f"/api/live/{token}/playground"
    n = size = 0
    with connect(ws_url, origin=base, max_size=None, open_timeout=30) as ws:
        ws.recv(timeout=30)  # the first frame carries the points and the whole history
        ws.send("ack")
        started = time.monotonic()
        while (elapsed := time.monotonic() - started) < seconds:
            try:
                frame = ws.recv(timeout=seconds - elapsed)
            except TimeoutError:
                break
            n += 1
            size += len(frame)
            ws.send("ack")
        elapsed = time.monotonic() - started
    return n / elapsed, size / max(n, 1)


class PausedWatcher(threading.Thread):
    """An extra WebSocket client on one tab's run that notes when the server first sends
    'paused' (wall clock): splits a pause's latency into the server's part and the browser's.

    It acks at most ``WATCH_HZ`` times a second, so it costs the server little while the
    tabs play (and it is on only after the window)."""

    def __init__(self, base: str, token: str, deadline: float) -> None:
        super().__init__(daemon=True)
        self.url = base.replace("http", "ws", 1) + f"/api/live/{token}/playground"
        self.origin, self.deadline = base, deadline
        self.paused_at: float | None = None

    def run(self) -> None:
        from websockets.sync.client import connect

        from ui.live.frames import unpack

        with (
            contextlib.suppress(Exception),
            connect(self.url, origin=self.origin, max_size=None, open_timeout=30) as ws,
        ):
            while self.paused_at is None and time.time() < self.deadline:
                frame = ws.recv(timeout=max(0.1, self.deadline - time.time()))
                if unpack(frame)[0].get("status") == "paused":
                    self.paused_at = time.time()
                    break
                time.sleep(1 / WATCH_HZ)
                ws.send("ack")


# --------------------------------------------------------------------------- one mode


@dataclass
class ModeResult:
    tabs: int
    fps: list[float]
    blank_frames: int
    checked_frames: int
    blank_nodes: int
    node_samples: int
    pause_s: float
    cpu_during: float
    browser_cpu: float
    frames: int
    window_s: float
    cpu_idle: float
    idle_readings: list[float]

    @property
    def browser_ms_per_frame(self) -> float:
        """Browser CPU (all Chromium processes) per frame drawn in any tab, milliseconds: what
        decides how many tabs x frames/s one core can draw, and less sensitive to other load."""
        return 10 * self.browser_cpu * self.window_s / max(self.frames, 1)


@dataclass
class Window:
    """What one measurement window found (the per-tab readings go into each Tab)."""

    seconds: float
    cpu_during: float  # server, % of one core
    browser_cpu: float  # every Chromium process, % of one core
    browser_processes: int
    pauses: list[float]  # click -> 'paused' in the iframe, seconds
    pause_s: float
    pause_how: str
    server_pauses: list[float]  # click -> the server sends 'paused' (to an extra client), seconds
    probe: tuple[float, float] | None  # (frames/s, bytes a frame) of the extra client


def cpu_over(
    meter: CpuMeter, host: ChromiumHost, wait: Callable[[], None]
) -> tuple[float, float, float, int]:
    """Run ``wait()`` (the window) and return its seconds, the server's and the browser's CPU
    over it (% of one core) and how many Chromium processes were counted."""
    browser = CpuMeter(host.pid)
    server0, browser0, wall0 = meter.snapshot(), browser.snapshot(), time.monotonic()
    wait()
    seconds = time.monotonic() - wall0
    return (
        seconds,
        meter.percent_since(server0, seconds),
        browser.percent_since(browser0, seconds),
        len(browser0),
    )


def _sleep_until(t: float) -> None:
    time.sleep(max(0.0, t - time.time()))


def measure_detached(
    host: ChromiumHost, base: str, tabs: list[Tab], meter: CpuMeter, args: argparse.Namespace
) -> Window:
    """Play every tab and measure with no DevTools client attached.

    Every tab gets its hook and its whole plan before any Play (wall-clock times: the window
    [t0, t1], then tab i clicks its own Pause at t1 + probe + 1 + i * PAUSE_GAP_S while the
    tabs after it still play). Playwright disconnects right after the clicks and reconnects
    once every tab has paused, to read each tab's log.
    """
    n = len(tabs)
    t0 = time.time() + n * CLICK_BUDGET_S + args.settle
    t1 = t0 + args.window
    pause_at = [t1 + args.probe + 1.0 + i * PAUSE_GAP_S for i in range(n)]
    for tab, at in zip(tabs, pause_at, strict=True):
        tab.frame.evaluate(BLANK_HOOK)
        tab.frame.evaluate("(t) => window.__bench.pauseAt(t)", at * 1000)
    for tab in tabs:
        click_play_button(tab.page, "Play", args.startup_timeout)
    if time.time() > t0 - 1:
        raise RuntimeError("pressing Play in every tab took longer than planned: raise --settle")
    host.disconnect()
    _sleep_until(t0)
    seconds, cpu_during, browser_cpu, processes = cpu_over(meter, host, lambda: _sleep_until(t1))
    probe = probe_server(base, tabs[0], args.probe) if args.probe else None
    done_at = pause_at[-1] + PAUSE_GAP_S + 6.0
    watchers = [PausedWatcher(base, tab.token, done_at) for tab in tabs]
    for watcher in watchers:
        watcher.start()
    _sleep_until(done_at)
    for watcher in watchers:
        watcher.join(5)
    reattach(host, tabs)
    pauses, server_parts = [], []
    for tab, watcher in zip(tabs, watchers, strict=True):
        r = tab.frame.evaluate(READ_LOG, [t0 * 1000, t1 * 1000])
        if r["start"] is None or r["end"] is None:
            raise RuntimeError(f"tab {tab.index} drew no frame before the window: raise --settle")
        tab.start, tab.end = r["start"], r["end"]
        clicked = r["clickAt"] / 1000 if r["clickAt"] and r["clickAt"] > 0 else None
        pauses.append(r["pausedAt"] / 1000 - clicked if clicked and r["pausedAt"] else float("nan"))
        server_parts.append(watcher.paused_at - clicked if clicked and watcher.paused_at else float("nan"))
        tab.frame = wait_idle(tab.page, {"paused"}, args.startup_timeout, stable_s=0.3)
    busy = [p for p in pauses[: (n + 1) // 2] if p == p]  # paused while half the others still played
    return Window(
        seconds=seconds,
        cpu_during=cpu_during,
        browser_cpu=browser_cpu,
        browser_processes=processes,
        pauses=pauses,
        pause_s=statistics.median(busy) if busy else float("nan"),
        pause_how=(
            f"each tab clicks its own Pause, {PAUSE_GAP_S:g} s apart, tab 0 first; click event -> the "
            f"iframe shows 'paused'; pause_s is the median of the first {(n + 1) // 2}, paused while "
            "the later tabs still played"
        ),
        server_pauses=server_parts,
        probe=probe,
    )


def measure_attached(
    host: ChromiumHost, base: str, tabs: list[Tab], meter: CpuMeter, args: argparse.Namespace
) -> Window:
    """Play every tab and measure with Playwright connected throughout (the old way)."""
    for tab in tabs:
        click_play_button(tab.page, "Play", args.startup_timeout)
        tab.frame = wait_idle(tab.page, {"running", "queued"}, args.startup_timeout, stable_s=0.3)
        tab.frame.evaluate(BLANK_HOOK)
    idle_wait(tabs[0].page, args.settle)
    for tab in tabs:
        tab.start = state(tab)
    seconds, cpu_during, browser_cpu, processes = cpu_over(
        meter, host, lambda: idle_wait(tabs[0].page, args.window)
    )
    for tab in tabs:
        tab.end = state(tab)
    probe = probe_server(base, tabs[0], args.probe) if args.probe else None
    pauses = [p for p, _ in pause_latencies(tabs[0], args.pauses, args.startup_timeout)]
    return Window(
        seconds=seconds,
        cpu_during=cpu_during,
        browser_cpu=browser_cpu,
        browser_processes=processes,
        pauses=pauses,
        pause_s=statistics.median(pauses),
        pause_how="tab 0, click event -> the iframe shows 'paused', Play again in between",
        server_pauses=[],
        probe=probe,
    )


def run_mode(
    host: ChromiumHost, base: str, meter: CpuMeter, n_tabs: int, args: argparse.Namespace
) -> ModeResult:
    url = f"{base}/playground?{QUERY}"
    print(f"\n=== {n_tabs} tab(s): {url}", flush=True)
    threads_before = meter.threads()
    tabs: list[Tab] = []
    for i in range(n_tabs):
        tab = open_tab(host, i, url, args.startup_timeout)
        tabs.append(tab)
        print(f"tab {i}: idle after {tab.load_s:.1f} s", flush=True)
    if args.attached:
        window = measure_attached(host, base, tabs, meter, args)
    else:
        window = measure_detached(host, base, tabs, meter, args)
    # A few samples of every heatmap and the boundary per tab, now the window is over.
    for _ in range(3):
        for tab in tabs:
            sample_nodes(tab)
        idle_wait(tabs[0].page, 0.3)
    threads_playing = meter.threads()

    print(
        f"\n{'tab':>3} {'fps':>6} {'client fps':>10} {'status':>8} {'epoch':>9} {'ex/s shown':>10} "
        f"{'frames':>7} {'blank':>5} {'nodes blank':>11} {'load s':>6}"
    )
    for tab in tabs:
        e = tab.end
        frames = e["frames"] - tab.start["frames"]
        print(
            f"{tab.index:>3} {tab.fps:>6.1f} {e['fps']:>10.1f} {e['status']!s:>8} {e.get('epoch')!s:>9} "
            f"{e.get('rate')!s:>10} {frames:>7} {e['blank']:>5} "
            f"{tab.blank_nodes:>5}/{tab.node_samples:<5} {tab.load_s:>6.1f}"
            + (" (iframe remounted)" if tab.remounted else "")
        )
    print(
        f"during the window: server CPU {window.cpu_during:.0f}% of core 0, browser CPU "
        f"{window.browser_cpu:.0f}% (of core 1, {window.browser_processes} Chromium processes)"
    )
    errors = [err for tab in tabs for err in tab.console_errors]
    if errors:
        print(f"browser console errors: {len(errors)}; first: {errors[0]}")

    if window.probe is not None:
        probe_fps, probe_bytes = window.probe
        print(
            f"probe: an instantly-acking Python WebSocket client on tab 0's run got {probe_fps:.1f} frames/s "
            f"({probe_bytes / 1000:.1f} kB a frame) over {args.probe:.0f} s while every tab played: what "
            "the server can push to one more client"
        )
    pause_s = window.pause_s
    print(f"pause latency ({window.pause_how}): " + ", ".join(f"{p:.2f} s" for p in window.pauses))
    if window.server_pauses:
        print(
            "  of which click -> the server sends 'paused' (to an extra Python client, "
            f"{1000 // WATCH_HZ} ms resolution): " + ", ".join(f"{p:.2f} s" for p in window.server_pauses)
        )

    for tab in tabs:
        tab.page.close()
    time.sleep(args.grace)
    cpu_idle, readings = meter.sample(args.idle)
    print(
        f"server CPU (% of one core): {window.cpu_during:.0f} while playing; after closing every tab "
        f"(+{args.grace:.0f} s): {cpu_idle:.1f} over {args.idle:.0f} s "
        f"(per second: {', '.join(f'{r:.0f}' for r in readings)})"
    )
    print(
        f"server threads: {threads_before} before, {threads_playing} playing, {meter.threads()} after closing"
    )

    return ModeResult(
        tabs=n_tabs,
        fps=[t.fps for t in tabs],
        blank_frames=sum(t.end["blank"] - t.start["blank"] for t in tabs)
        + sum(t.boundary_blank_samples for t in tabs),
        checked_frames=sum(t.end["checked"] - t.start["checked"] for t in tabs),
        blank_nodes=sum(t.blank_nodes for t in tabs),
        node_samples=sum(t.node_samples for t in tabs),
        pause_s=pause_s,
        cpu_during=window.cpu_during,
        browser_cpu=window.browser_cpu,
        frames=sum(t.end["frames"] - t.start["frames"] for t in tabs),
        window_s=window.seconds,
        cpu_idle=cpu_idle,
        idle_readings=readings,
    )


# --------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--tabs", type=int, action="append", help="tabs to open (repeatable; default: 1 then 10)"
    )
    parser.add_argument("--window", type=float, default=10.0, help="measurement window, seconds (10)")
    parser.add_argument(
        "--settle",
        type=float,
        default=8.0,
        help="seconds between the last planned Play and the window (every tab must be drawing by then)",
    )
    parser.add_argument(
        "--idle", type=float, default=5.0, help="seconds of CPU sampling after closing the tabs"
    )
    parser.add_argument("--grace", type=float, default=1.0, help="seconds before that sampling starts")
    parser.add_argument(
        "--startup-timeout", type=float, default=180.0, help="per-tab start-up limit, seconds"
    )
    parser.add_argument(
        "--pauses", type=int, default=3, help="pause-latency repetitions in tab 0 with --attached (3)"
    )
    parser.add_argument(
        "--probe",
        type=float,
        default=3.0,
        help="seconds of the server-side probe after the window (a Python WebSocket client that acks "
        "at once, on tab 0's run); 0 = off",
    )
    parser.add_argument(
        "--attached",
        action="store_true",
        help="keep Playwright connected during the window (its DevTools client costs the browser CPU)",
    )
    parser.add_argument("--quick", action="store_true", help="short windows (smoke test)")
    parser.add_argument("--port", type=int, default=0, help="server port (default: a free one)")
    args = parser.parse_args()
    if args.quick:
        args.window, args.settle, args.idle = (
            min(args.window, 4.0),
            min(args.settle, 1.0),
            min(args.idle, 3.0),
        )
        args.pauses, args.probe = min(args.pauses, 1), min(args.probe, 2.0)
    modes = args.tabs or [1, 10]
    results: list[ModeResult] = []
    with tempfile.TemporaryDirectory(prefix="mlp-bench-") as tmp_name:
        tmp = Path(tmp_name)
        log_path = tmp / "streamlit.log"
        with streamlit_server(
            port=args.port, log_path=log_path, core=0, timeout=args.startup_timeout
        ) as server:
            meter = CpuMeter(server.pid)
            print(
                f"streamlit pid {server.pid} on port {server.port} (core 0); chromium on core 1", flush=True
            )
            with (
                sync_playwright() as pw,
                ChromiumHost(pw, tmp / "chromium-profile", core=1, timeout=args.startup_timeout) as host,
            ):
                for n in modes:
                    results.append(run_mode(host, server.url, meter, n, args))
        log = log_path.read_text(errors="replace")
        problems = [line for line in log.splitlines() if re.search(r"Traceback|Error|Exception", line)]
        if problems:
            print(f"\nserver log: {len(problems)} error line(s); first: {problems[0][:200]}")

    print()
    for r in results:
        print(
            f"summary tabs={r.tabs}: fps per tab {', '.join(f'{f:.1f}' for f in r.fps)}; "
            f"blank frames {r.blank_frames} of {r.checked_frames} checked; "
            f"blank neuron heatmaps {r.blank_nodes} over {r.node_samples} samples; "
            f"server CPU {r.cpu_during:.0f}% playing, {r.cpu_idle:.1f}% after closing"
            f" ({'idle' if r.cpu_idle < 5 else 'NOT idle'}); browser CPU {r.browser_cpu:.0f}%"
        )
    for r in results:
        print(
            f"tabs={r.tabs} min_fps={min(r.fps):.1f} median_fps={statistics.median(r.fps):.1f} "
            f"blank_frames={r.blank_frames} pause_s={r.pause_s:.2f} idle_cpu_pct={r.cpu_idle:.1f} "
            f"browser_ms_per_frame={r.browser_ms_per_frame:.1f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
