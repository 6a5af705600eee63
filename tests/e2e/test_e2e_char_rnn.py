"""The character-level text page in a real browser: Play streams frames (steps, loss, samples, the
next-character bars), Pause stops the counter, the view is never reloaded by a rerun.

The live view (the page's ``st.iframe``) shows the step in ``#step`` ("12 / 4,000"), the status in
``#status``, the loss in ``#lossv``, the chosen temperature's sample in ``#main`` and the four
side-by-side samples in ``#cmp``; ``window.__mlpLive.lastHeader`` is the last frame's header.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.harness import IDLE, IFRAME, ViewFrame
from ui.sequences.text.controls import STATE

pytestmark = pytest.mark.e2e

_READ = """() => {
  const s = window.__mlpLive, h = s && s.lastHeader;
  const text = (id) => document.getElementById(id).textContent;
  return {status: text("status"), loss: text("lossv"), main: text("main"),
          compare: document.querySelectorAll("#cmp .txt").length,
          frames: s ? s.frames : 0, step: h ? h.step : -1, connected: !!(s && s.connected)};
}"""


def click(page: Any, key: str) -> None:
    page.locator(f".st-key-{key} [data-testid^=stBaseButton]").filter(visible=True).click()


def test_play_streams_steps_loss_and_samples_and_pause_stops(
    open_app: Callable[[str], Any], browser_errors: list[str]
) -> None:
    page = open_app("/char_rnn?units=32&seq=16&bs=16&prefix=the")
    page.wait_for_selector(IFRAME)
    view = ViewFrame(page, _READ)
    start = view.until("s.connected && s.lastHeader !== null", "the live view", timeout=90)
    assert start["step"] == 0 and start["status"] == "paused" and start["loss"] == "–"
    assert start["main"].startswith("the") and start["compare"] == 4  # the untrained model's samples
    page.frame_locator(IFRAME).locator("body").evaluate("() => { window.__e2eMarker = 'kept'; }")

    page.wait_for_selector(IDLE)
    click(page, STATE.key("play"))
    expect(view.el("status")).to_have_text("running", timeout=60_000)
    first = view.until("s.lastHeader.step > 0", "the first steps", timeout=60)
    later = view.until(
        "s.lastHeader.step > arg && s.frames > 20", "more steps", arg=first["step"] + 20, timeout=90
    )
    assert float(later["loss"]) < 4.5  # below ln V (about 4.6 for the docs): it learns
    resampled = view.until("s.lastHeader.sample_step > 0", "new samples", timeout=90)
    assert resampled["main"].startswith("the")

    page.wait_for_selector(IDLE)
    click(page, STATE.key("play"))  # pause
    expect(view.el("status")).to_have_text("paused")
    paused = view.read()
    page.wait_for_timeout(800)
    assert view.read()["step"] == paused["step"], "the counter moved while paused"
    marker = page.frame_locator(IFRAME).locator("body").evaluate("() => window.__e2eMarker || null")
    assert marker == "kept", "the live view was reloaded by a rerun"
    assert browser_errors == []
