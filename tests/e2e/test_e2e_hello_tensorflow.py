"""Hello TensorFlow in a real browser: Play makes the epoch counter rise and w approach 2.

The live view (the page's ``st.iframe``) draws the epoch in ``#epoch``, the status
in ``#status`` and the weight in ``#w``; ``window.__mlpLive.lastHeader`` is the
last frame's header. Streamlit puts a ``st-key-<key>`` class on each keyed widget.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.harness import IDLE, IFRAME, ViewFrame
from ui.navigation import page_for

pytestmark = pytest.mark.e2e
K = page_for("pages/hello_tensorflow.py").prefix  #: the page's widget-key prefix (from the page registry)

_READ = """() => {
  const s = window.__mlpLive, h = s && s.lastHeader;
  const text = (id) => document.getElementById(id).textContent;
  return {epoch: text("epoch"), status: text("status"), w: text("w"), b: text("b"),
          connected: !!(s && s.connected), frames: s ? s.frames : 0,
          header: h ? {epoch: h.epoch, w: h.w, queries: h.queries} : null};
}"""


def live_view(page: Any) -> ViewFrame:
    return ViewFrame(page, _READ, numbers=("epoch",))


def read(page: Any) -> dict[str, Any]:
    return live_view(page).read()


def click(page: Any, key: str) -> None:
    page.locator(f".st-key-{key} [data-testid^=stBaseButton]").filter(visible=True).click()


def test_play_raises_the_epoch_and_w_approaches_2(
    open_app: Callable[[str], Any], browser_errors: list[str]
) -> None:
    page = open_app("/hello_tensorflow?speed=25")  # 500 epochs take 20 s: time to pause mid-way
    page.wait_for_selector(IFRAME)
    view = live_view(page)
    start = view.until("s.connected && s.lastHeader !== null", "the live view", timeout=60)
    assert start["epoch_n"] == 0 and start["status"] == "paused"
    w0 = float(start["w"])
    assert abs(w0 - 2) > 0.5  # the seeded initial weight (1.31) is far from 2
    # A marker that only survives if Streamlit never remounts (reloads) the iframe.
    page.frame_locator(IFRAME).locator("body").evaluate("() => { window.__e2eMarker = 'kept'; }")

    click(page, K + "play")
    expect(view.el("status")).to_have_text("running", timeout=60_000)
    running = view.until("num('epoch') > 0", "the run to start", timeout=60)
    later = view.until(
        "num('epoch') >= arg", "the epoch counter to rise", arg=running["epoch_n"] + 20, timeout=60
    )
    assert later["status"] == "running"
    close = view.until("Math.abs(num('w') - 2) < 0.01 && num('epoch') > 100", "w to approach 2", timeout=60)
    assert abs(float(close["w"]) - 2) < abs(w0 - 2)

    page.wait_for_selector(IDLE)
    click(page, K + "play")  # pause
    expect(view.el("status")).to_have_text("paused")
    paused = read(page)
    page.wait_for_timeout(800)
    assert read(page)["epoch"] == paused["epoch"], "the counter moved while paused"
    assert [q[0] for q in paused["header"]["queries"]][:2] == [13, -5]

    # Play to the end: the run stops by itself at epoch 500, like model.fit(epochs=500).
    page.wait_for_selector(IDLE)
    click(page, K + "play")
    expect(view.el("status")).to_have_text("finished", timeout=60_000)
    expect(view.el("epoch")).to_have_text("500")
    done = read(page)
    assert abs(float(done["header"]["queries"][0][1]) - 27) < 0.05
    # The run ended by itself: the transport bar follows without a click (Play again, not Pause).
    play = page.locator(f".st-key-{K}play [data-testid^=stBaseButton]").filter(visible=True)
    expect(play).to_contain_text("Play", timeout=10_000)
    marker = page.frame_locator(IFRAME).locator("body").evaluate("() => window.__e2eMarker || null")
    assert marker == "kept", "the live view was reloaded by a rerun"
    assert browser_errors == []
