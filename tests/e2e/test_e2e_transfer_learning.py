"""The transfer page in a real browser: the learner names two classes, draws examples of each on
the canvas (mouse strokes), and the three networks then train live on them: frames arrive, the
epoch counter moves, Pause acts.

The canvas is streamlit-drawable-canvas (drawn on as in test_e2e_mnist.py); the class table
shows "**name** · count"; the live view shows the epoch in ``#epoch`` and the status in ``#status``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.test_e2e_mnist import _settled_box, _stroke
from tests.harness import IDLE, ViewFrame
from ui.transfer.controls import STATE

pytestmark = pytest.mark.e2e

CLASSES = {
    "vee": [[(0.2, 0.2), (0.5, 0.8), (0.8, 0.2)]],
    "bar": [[(0.15, 0.5), (0.85, 0.5)]],
}
_READ = """() => ({
    epoch: document.getElementById("epoch").textContent,
    status: document.getElementById("status").textContent,
    frames: window.__mlpLive ? window.__mlpLive.frames : 0,
    connected: !!(window.__mlpLive && window.__mlpLive.connected),
})"""


def _button(page: Any, name: str) -> Any:
    return page.locator(f".st-key-{STATE.key(name)} button").filter(visible=True)


def _add_class(page: Any, name: str) -> None:
    page.locator(f".st-key-{STATE.key('new_class')} input").fill(name)
    page.keyboard.press("Enter")
    page.wait_for_selector(IDLE, timeout=60_000)
    _button(page, "add_class").click()
    page.wait_for_selector(IDLE, timeout=60_000)
    expect(page.get_by_text(re.compile(rf"^{name} · 0$"))).to_be_visible()


def _draw_example(page: Any, name: str, count: int) -> None:
    """Draw ``name``'s strokes until the page takes the drawing, then add it to the class."""
    for _ in range(3):
        page.wait_for_selector(IDLE, timeout=60_000)
        canvas = page.locator("canvas.upper-canvas").last
        canvas.wait_for(state="visible")
        page.wait_for_timeout(800)  # let fabric.js attach its mouse handlers
        for points in CLASSES[name]:
            _stroke(page, _settled_box(page, canvas), points)
        try:
            expect(_button(page, "add_drawing")).to_be_enabled(timeout=20_000)
            break
        except AssertionError:
            continue
    _button(page, "add_drawing").click()
    page.wait_for_selector(IDLE, timeout=60_000)
    expect(page.get_by_text(re.compile(rf"^{name} · {count}$"))).to_be_visible()


def test_draw_two_new_classes_and_train_on_them(
    open_app: Callable[[str], Any], browser_errors: list[str]
) -> None:
    page = open_app("/transfer_learning?data=draw&epochs=60")  # the most: a quiet machine trains fast
    page.wait_for_selector("text=Add a class name")
    for name in CLASSES:
        _add_class(page, name)
        page.get_by_role("radiogroup").filter(has_text=name).get_by_text(name, exact=True).click()
        page.wait_for_selector(IDLE, timeout=60_000)
        for k in (1, 2):
            _draw_example(page, name, k)
    view = ViewFrame(page, _READ)
    view.until("s.connected && s.frames > 0", "the live view", timeout=120)
    assert view.read()["epoch"] == "0 / 60" and view.read()["status"] == "paused"
    _button(page, "play").click()
    view.until("text('status') === 'running' && text('epoch') !== '0 / 60'", "training to go on", timeout=120)
    before = view.read()["frames"]
    view.until("s.frames > arg", "frames to keep arriving while it trains", arg=before + 2, timeout=30)
    _button(page, "play").click()  # Pause
    expect(view.el("status")).to_have_text("paused", timeout=10_000)
    assert browser_errors == []
