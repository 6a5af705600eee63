"""The attention page in a real browser: Play compiles, then trains (epochs rise, frames arrive, the
example's attention matrix is drawn); Pause stops the counters.

The live view shows the epoch in ``#epoch`` and the status in ``#status``;
``window.__mlpLive.lastHeader`` is the last frame's header."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.harness import IDLE, IFRAME, ViewFrame
from ui.navigation import page_for

pytestmark = pytest.mark.e2e
K = page_for("pages/attention.py").prefix

_READ = """() => {
  const s = window.__mlpLive, h = s && s.lastHeader;
  const text = (id) => document.getElementById(id).textContent;
  return {epoch: text("epoch"), status: text("status"), frames: s ? s.frames : 0,
          connected: !!(s && s.connected), batch: h ? h.batch : null, ready: h ? h.ready : null,
          example: h && h.example ? h.example.input.join("") : null,
          rows: document.querySelectorAll("#steptab tbody tr").length};
}"""


def live_view(page: Any) -> ViewFrame:
    return ViewFrame(page, _READ, numbers=("epoch",))


def click(page: Any, key: str) -> None:
    page.locator(f".st-key-{key} [data-testid^=stBaseButton]").filter(visible=True).click()


def test_play_trains_both_models_and_pause_stops(
    open_app: Callable[[str], Any], browser_errors: list[str]
) -> None:
    page = open_app("/attention?n=1000&x=52817&epochs=200")
    page.wait_for_selector(IFRAME, timeout=90_000)
    view = live_view(page)
    start = view.until("s.connected && s.lastHeader !== null", "the live view", timeout=60)
    assert start["epoch_n"] == 0 and start["status"] == "paused" and start["example"] is None

    click(page, K + "play")
    running = view.until("num('epoch') >= 1 && s.lastHeader.example", "the first epoch", timeout=180)
    assert running["example"] == "52817" and running["rows"] == 5  # the step's arithmetic, one row per input
    later = view.until("s.frames > arg", "more frames", arg=running["frames"] + 20, timeout=60)
    assert later["status"] == "running"

    page.wait_for_selector(IDLE)
    click(page, K + "play")  # pause
    expect(view.el("status")).to_have_text("paused", timeout=15_000)
    paused = view.read()
    page.wait_for_timeout(800)
    again = view.read()
    assert (again["epoch"], again["batch"]) == (paused["epoch"], paused["batch"]), (
        "training went on while paused"
    )
    assert browser_errors == []
