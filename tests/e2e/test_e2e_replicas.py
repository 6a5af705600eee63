"""Two replicas behind HAProxy (``deploy/``): six learners from one address spread over both,
each trains live; one replica dies, its learners' pages reopen the same experiment on the
other one and train again, while the other learners' frames keep arriving.

The stack comes from ``deploy/run_replicas.py`` (``replica_stack``); the browser is the
session's ``chromium`` (tests/e2e/conftest.py), one context per learner (its own cookie jar,
so its own affinity cookie ``MLP_REPLICA``). The live view's state is read as in
``test_e2e_playground.py``. Without HAProxy the test is skipped locally and fails in CI.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from playwright.sync_api import expect

from deploy.run_replicas import COOKIE, ReplicaStack, haproxy_missing, replica_stack
from tests.e2e.conftest import ARTIFACTS, FIRST_RUN_TIMEOUT_MS, _unavailable
from tests.e2e.test_e2e_playground import LiveView as PlaygroundView
from tests.e2e.test_e2e_playground import click
from tests.harness import IDLE, HarnessError, free_port

pytestmark = pytest.mark.e2e

LEARNERS = 6
#: The cheapest playground experiment: XOR, 100 points, no hidden layer.
PRESET = "/playground?data=xor&n=100&net=-&lr=0.1"
PRESET_LAYERS = [2, 1]
#: In the live view's iframe: its session token, and a watch that counts every time the
#: channel was seen down and the longest wait between two frames (ms), sampled every 50 ms.
_TOKEN = "() => window.MLP_CONFIG.token"
_WATCH = """() => {
  const w = window.__e2eWatch = {drops: 0, maxGapMs: 0};
  let last = window.__mlpLive.frames, since = performance.now();
  setInterval(() => {
    const s = window.__mlpLive, now = performance.now();
    if (!s.connected) w.drops += 1;
    if (s.frames !== last) { last = s.frames; since = now; }
    w.maxGapMs = Math.max(w.maxGapMs, now - since);
  }, 50);
}"""


#: The live view's iframe (the page's first st.iframe may be another view, e.g. "Copy link").
LIVE_IFRAME = "[data-testid=stIFrame][srcdoc*=MLP_CONFIG]"


class LiveView(PlaygroundView):
    """The playground's live view (``test_e2e_playground.py``), found by its data."""

    def __init__(self, page: Any) -> None:
        super().__init__(page)
        self.selector = LIVE_IFRAME
        self.body = self.locator("body")


@dataclass
class Learner:
    page: Any
    view: LiveView

    def replica(self) -> str:
        """The replica the proxy's affinity cookie names."""
        values = [c["value"] for c in self.page.context.cookies() if c["name"] == COOKIE]
        assert len(values) == 1, f"one {COOKIE} cookie expected, got {values}"
        return values[0]

    def token(self) -> str:
        return self.view.locator("body").evaluate(_TOKEN)

    def query(self) -> str:
        return self.page.evaluate("() => location.pathname + location.search")


@pytest.fixture
def stack() -> Iterator[ReplicaStack]:
    missing = haproxy_missing()
    if missing:
        _unavailable(missing)
    try:
        with replica_stack(
            2,
            port=free_port(),
            replica_ports=[free_port(), free_port()],
            log_dir=ARTIFACTS / "replicas",
        ) as running:
            yield running
    except HarnessError as err:
        pytest.fail(str(err))


def _wait_idle(page: Any) -> None:
    page.wait_for_selector("h1", timeout=FIRST_RUN_TIMEOUT_MS)
    page.wait_for_selector(IDLE, timeout=FIRST_RUN_TIMEOUT_MS)


def _play(learners: list[Learner]) -> None:
    """Press Play on every page, then see each one's epoch counter rise."""
    for learner in learners:
        learner.page.wait_for_selector(IDLE)
        click(learner.page, "playground-play")
    for learner in learners:
        expect(learner.view.el("status")).to_have_text("running")
        learner.view.until("num('epoch') > 0", "the epoch counter to rise", timeout=60)


def test_learners_spread_over_replicas_and_survive_one_dying(
    chromium: Any, stack: ReplicaStack, browser_errors: list[str]
) -> None:
    contexts = [
        chromium.new_context(viewport={"width": 1000, "height": 700}, base_url=stack.url)
        for _ in range(LEARNERS)
    ]
    try:
        pages = [context.new_page() for context in contexts]
        for page in pages:
            page.set_default_timeout(30_000)
            page.on("pageerror", lambda err: browser_errors.append(f"pageerror: {err}"))
        # The first two open one after the other (one per replica: the proxy sends a new
        # learner to the replica with fewer connections), so each replica's first page run
        # imports the app alone (two first runs at once in a fresh process once failed on a
        # half-imported pandas inside plotly); then the other four at once (waits overlap).
        for page in pages[:2]:
            page.goto(PRESET)
            _wait_idle(page)
        for page in pages[2:]:
            page.goto(PRESET)
        learners = []
        for page in pages:
            _wait_idle(page)
            view = LiveView(page)
            assert view.wait_connected()["header"]["layers"] == PRESET_LAYERS
            learners.append(Learner(page, view))

        # The proxy put learners from one address on both replicas, and each trains live.
        on = {learner.replica() for learner in learners}
        assert on == {"r1", "r2"}, f"every learner landed on {on}"
        _play(learners)

        victim = learners[0].replica()
        orphans = [lr for lr in learners if lr.replica() == victim]
        others = [lr for lr in learners if lr.replica() != victim]
        before = {id(lr): (lr.token(), lr.view.read()) for lr in learners}
        for learner in others:
            learner.view.locator("body").evaluate(_WATCH)

        stack.kill_replica(victim)
        killed_at = time.monotonic()

        # Each orphan's page reconnects to the survivor, reruns from its URL (the same
        # experiment, a fresh run with a new token) and trains again once Play is pressed.
        reopened = []
        for learner in orphans:
            learner.view.until(
                "s.connected && s.frames > 0 && window.MLP_CONFIG.token !== arg",
                "the page to reopen its experiment on the surviving replica",
                arg=before[id(learner)][0],
                timeout=60,
            )
            reopened.append(time.monotonic() - killed_at)
            state = learner.view.read()
            assert state["header"]["layers"] == PRESET_LAYERS and state["header"]["lr"] == 0.1
            assert state["status"] == "paused" and state["epoch"] == "000,000"
            assert learner.query() == PRESET
            assert learner.replica() != victim, "the affinity cookie still names the dead replica"
        _play(orphans)
        training = time.monotonic() - killed_at

        # The other learners were never interrupted: same session and run, the channel never
        # seen down, and their runs went on training.
        for learner in others:
            token, was = before[id(learner)]
            now = learner.view.until(
                "num('epoch') > arg", "training to go on", arg=was["epoch_n"], timeout=30
            )
            watch = learner.view.locator("body").evaluate("() => window.__e2eWatch")
            assert learner.token() == token
            assert now["marker"] == "kept", "the live view was reloaded"
            assert now["frames"] > was["frames"] and now["status"] == "running"
            assert watch["drops"] == 0, f"the live channel dropped: {watch}"
            assert learner.replica() != victim
        gaps = [lr.view.locator("body").evaluate("() => window.__e2eWatch.maxGapMs") for lr in others]
        print(
            f"\nfailover: {len(orphans)} orphaned learners reopened {', '.join(f'{t:.1f}' for t in reopened)} s "
            f"after the kill and all trained again after {training:.1f} s; "
            f"the others' longest wait between frames {max(gaps) / 1000:.2f} s"
        )
        assert stack.dead() == [victim]
        assert browser_errors == []
    except BaseException:
        for i, context in enumerate(contexts):  # what each learner saw, for the failure report
            for page in context.pages:
                with contextlib.suppress(Exception):
                    page.screenshot(path=str(ARTIFACTS / "replicas" / f"learner-{i + 1}.png"), timeout=10_000)
        raise
    finally:
        for context in contexts:
            context.close()
