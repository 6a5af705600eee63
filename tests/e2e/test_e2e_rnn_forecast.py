"""The time-series page in a real browser: Play streams frames (epoch rises, charts fill), Pause
acts at once and holds, and the view is never remounted by the reruns."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.harness import IDLE, IFRAME, ViewFrame
from ui.navigation import page_for

pytestmark = pytest.mark.e2e
K = page_for("pages/rnn_forecast.py").prefix

_READ = """() => {
  const s = window.__mlpLive, h = s && s.lastHeader;
  return {epoch: document.getElementById("epoch").textContent,
          status: document.getElementById("status").textContent,
          rows: document.querySelectorAll("#rows tr").length,
          frames: s ? s.frames : 0, fps: s ? s.fps : 0, connected: !!(s && s.connected),
          done: h ? h.epoch : null};
}"""


def click(page: Any, key: str) -> None:
    page.locator(f".st-key-{key} [data-testid^=stBaseButton]").filter(visible=True).click()


def test_play_streams_frames_and_pause_holds(
    open_app: Callable[[str], Any], browser_errors: list[str]
) -> None:
    page = open_app("/rnn_forecast?epochs=2000&n=200")
    page.wait_for_selector(IFRAME)
    view = ViewFrame(page, _READ)
    start = view.until("s.connected && s.lastHeader !== null", "the live view", timeout=90)
    assert start["status"] == "paused" and start["epoch"] == "0 / 2000" and start["rows"] == 4  # 3 + baseline
    page.frame_locator(IFRAME).locator("body").evaluate("() => { window.__e2eMarker = 'kept'; }")

    click(page, K + "play")
    expect(view.el("status")).to_have_text("running", timeout=60_000)
    running = view.until("s.lastHeader.epoch >= 3", "epochs to pass", timeout=90)
    assert running["frames"] > start["frames"]
    page.wait_for_selector(IDLE)
    click(page, K + "play")  # pause
    expect(view.el("status")).to_have_text("paused", timeout=10_000)
    paused = view.read()
    page.wait_for_timeout(800)
    assert view.read()["epoch"] == paused["epoch"], "the epoch moved while paused"
    marker = page.frame_locator(IFRAME).locator("body").evaluate("() => window.__e2eMarker || null")
    assert marker == "kept", "the live view was reloaded by a rerun"
    assert browser_errors == []
