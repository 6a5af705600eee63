"""The GAN page in a real browser: Play streams frames (counter, D's surface, fakes), Pause acts at once.

The live view draws the step in ``#step``, the status in ``#status`` and the modes
covered in ``#covered``; ``window.__mlpLive`` counts frames and keeps the last header.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.harness import IDLE, IFRAME, ViewFrame
from ui.navigation import page_for

pytestmark = pytest.mark.e2e
K = page_for("pages/gan.py").prefix

_READ = """() => {
  const s = window.__mlpLive, h = s && s.lastHeader;
  const text = (id) => document.getElementById(id).textContent;
  const heat = document.getElementById("heat");
  return {step: text("step"), status: text("status"), covered: text("covered"), objective: text("objective"),
          connected: !!(s && s.connected), frames: s ? s.frames : 0, fps: s ? s.fps : 0,
          heat: heat.width, header: h ? {step: h.step, fake: !!h.buffers.fake, push: !!h.buffers.push} : null};
}"""


def click(page: Any, key: str) -> None:
    page.locator(f".st-key-{key} [data-testid^=stBaseButton]").filter(visible=True).click()


def test_play_streams_frames_and_pause_stops_the_counter(
    open_app: Callable[[str], Any], browser_errors: list[str]
) -> None:
    page = open_app("/gan?units=16&speed=200")
    page.wait_for_selector(IFRAME)
    view = ViewFrame(page, _READ, numbers=("step",))
    start = view.until("s.connected && s.lastHeader !== null", "the live view", timeout=90)
    assert start["step_n"] == 0 and start["status"] == "paused"  # step 0 never pretends to run
    assert start["heat"] == 64 and start["header"]["fake"] and start["header"]["push"]
    assert "V = " in start["objective"] and "log 4" in start["objective"]

    click(page, K + "play")
    expect(view.el("status")).to_have_text("running", timeout=60_000)
    later = view.until("num('step') >= 100", "the step counter to rise", timeout=60)
    frames0, t0 = later["frames"], time.monotonic()
    page.wait_for_timeout(2000)
    fps = (view.read()["frames"] - frames0) / (time.monotonic() - t0)
    assert fps > 5, f"only {fps:.1f} frames/s arrive"  # the bench measures the real rate; CI is busy

    page.wait_for_selector(IDLE)
    click(page, K + "play")  # pause
    expect(view.el("status")).to_have_text("paused", timeout=5_000)
    paused = view.read()
    page.wait_for_timeout(800)
    assert view.read()["step"] == paused["step"], "the counter moved while paused"

    page.wait_for_selector(IDLE)
    click(page, K + "step")
    view.until("num('step') === arg", "one step", arg=paused["step_n"] + 1, timeout=30)
    assert browser_errors == []
