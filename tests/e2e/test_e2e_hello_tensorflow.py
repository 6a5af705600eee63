"""Hello TensorFlow in a real browser: Play makes the epoch counter rise and w approach 2.

The live view (the page's ``st.iframe``) draws the epoch in ``#epoch``, the status
in ``#status`` and the weight in ``#w``; ``window.__mlpLive.lastHeader`` is the
last frame's header. Streamlit puts a ``st-key-<key>`` class on each keyed widget.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

pytestmark = pytest.mark.e2e

IFRAME = "[data-testid=stIFrame]"
IDLE = "[data-testid=stApp][data-test-script-state=notRunning]"
_READ = """() => {
  const s = window.__mlpLive, h = s && s.lastHeader;
  const text = (id) => document.getElementById(id).textContent;
  return {epoch: text("epoch"), status: text("status"), w: text("w"), b: text("b"),
          connected: !!(s && s.connected), frames: s ? s.frames : 0,
          header: h ? {epoch: h.epoch, w: h.w, queries: h.queries} : null};
}"""


def read(page: Any) -> dict[str, Any]:
    state = page.frame_locator(IFRAME).locator("body").evaluate(_READ)
    state["epoch_n"] = int(state["epoch"])
    return state


def wait(page: Any, predicate: Callable[[dict[str, Any]], bool], what: str, timeout: float = 30) -> dict:
    deadline = time.monotonic() + timeout
    state: dict[str, Any] = {}
    while time.monotonic() < deadline:
        state = read(page)
        if predicate(state):
            return state
        page.wait_for_timeout(100)
    pytest.fail(f"timed out after {timeout:g} s waiting for {what}; live view: {state}")


def click(page: Any, key: str) -> None:
    page.locator(f".st-key-{key} [data-testid^=stBaseButton]").filter(visible=True).click()


def test_play_raises_the_epoch_and_w_approaches_2(
    open_app: Callable[[str], Any], browser_errors: list[str]
) -> None:
    page = open_app("/hello_tensorflow?speed=25")  # 500 epochs take 20 s: time to pause mid-way
    page.wait_for_selector(IFRAME)
    start = wait(page, lambda s: s["connected"] and s["header"] is not None, "the live view", timeout=60)
    assert start["epoch_n"] == 0 and start["status"] == "paused"
    w0 = float(start["w"])
    assert abs(w0 - 2) > 0.5  # the seeded initial weight (1.31) is far from 2
    # A marker that only survives if Streamlit never remounts (reloads) the iframe.
    page.frame_locator(IFRAME).locator("body").evaluate("() => { window.__e2eMarker = 'kept'; }")

    click(page, "ht_play")
    running = wait(page, lambda s: s["status"] == "running" and s["epoch_n"] > 0, "the run to start", 60)
    later = wait(page, lambda s: s["epoch_n"] >= running["epoch_n"] + 20, "the epoch counter to rise", 60)
    assert later["status"] == "running"
    close = wait(page, lambda s: abs(float(s["w"]) - 2) < 0.01 and s["epoch_n"] > 100, "w to approach 2", 60)
    assert abs(float(close["w"]) - 2) < abs(w0 - 2)

    page.wait_for_selector(IDLE)
    click(page, "ht_play")  # pause
    paused = wait(page, lambda s: s["status"] == "paused", "the pause", timeout=30)
    page.wait_for_timeout(800)
    assert read(page)["epoch"] == paused["epoch"], "the counter moved while paused"
    assert [q[0] for q in paused["header"]["queries"]][:2] == [13, -5]

    # Play to the end: the run stops by itself at epoch 500, like model.fit(epochs=500).
    page.wait_for_selector(IDLE)
    click(page, "ht_play")
    done = wait(
        page, lambda s: s["status"] == "finished" and s["epoch_n"] == 500, "the 500 epochs to finish", 60
    )
    assert abs(float(done["header"]["queries"][0][1]) - 27) < 0.05
    marker = page.frame_locator(IFRAME).locator("body").evaluate("() => window.__e2eMarker || null")
    assert marker == "kept", "the live view was reloaded by a rerun"
    assert browser_errors == []
