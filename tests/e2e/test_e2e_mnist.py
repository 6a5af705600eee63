"""The MNIST pages in a real browser: a tiny lab training run streams live and ends in results;
a run goes on while another page is shown and Stop ends it; digits drawn on the canvas with mouse
strokes are read by the pretrained recognizer.

The lab's live view is the page's ``st.iframe``; it shows the epoch ("1 / 2") in ``#epoch`` and
the status in ``#status``. The canvas (streamlit-drawable-canvas, a components-v2 element in a
shadow root) is drawn on with Playwright's mouse; the page marks the answer with
``data-testid=draw-prediction`` and the empty state with ``data-testid=draw-empty``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.harness import IDLE, IFRAME, ViewFrame, wait_js
from ui.mnist.state import DRAW_STATE, LAB_STATE

pytestmark = pytest.mark.e2e

#: Buttons by their widget keys (from the pages' PageState: "mnist_lab-play", "draw_digit-clear").
PLAY = f".st-key-{LAB_STATE.key('play')} button"
STOP = f".st-key-{LAB_STATE.key('stop')} button"
CLEAR = f".st-key-{DRAW_STATE.key('clear')} button"


#: Strokes of each digit as polylines in canvas units (0..1 across, 0..1 down).
DIGITS: dict[str, list[list[tuple[float, float]]]] = {
    "1": [[(0.52, 0.15), (0.5, 0.85)]],
    "7": [[(0.25, 0.2), (0.75, 0.2), (0.45, 0.85)]],
    "0": [
        [(0.5, 0.15), (0.3, 0.3), (0.28, 0.6), (0.4, 0.82), (0.6, 0.82), (0.72, 0.6), (0.7, 0.3), (0.5, 0.15)]
    ],
    "4": [[(0.6, 0.85), (0.6, 0.15), (0.25, 0.6), (0.75, 0.6)]],
    "2": [[(0.3, 0.3), (0.45, 0.17), (0.62, 0.2), (0.68, 0.35), (0.3, 0.82), (0.72, 0.82)]],
}


_READ = """() => ({
    epoch: document.getElementById("epoch").textContent,
    status: document.getElementById("status").textContent,
    frames: window.__mlpLive ? window.__mlpLive.frames : 0,
    connected: !!(window.__mlpLive && window.__mlpLive.connected),
})"""


def live_view(page: Any) -> ViewFrame:
    """The lab's live view (found again on every call: it is a new iframe after a page switch)."""
    return ViewFrame(page, _READ)


def wait_connected(page: Any) -> dict[str, Any]:
    return live_view(page).until("s.connected && s.frames > 0", "the live view", timeout=60)


def expect_status(page: Any, status: str | re.Pattern[str], timeout_s: float) -> None:
    expect(live_view(page).el("status")).to_have_text(status, timeout=timeout_s * 1000)


def test_tiny_training_run_streams_live_and_ends_in_results(
    open_app: Callable[[str], Any], browser_errors: list[str]
) -> None:
    page = open_app("/mnist_lab?model=dense&act=relu&n=500&epochs=2")
    page.wait_for_selector(IFRAME)
    state = wait_connected(page)
    assert state["epoch"] == "0 / 2" and state["status"] == "paused"
    page.locator(PLAY).filter(visible=True).click()
    expect_status(page, re.compile(r"^(running|finished)$"), timeout_s=30)
    expect_status(page, "finished", timeout_s=120)
    expect(live_view(page).el("epoch")).to_have_text("2 / 2")
    # The page notices the end by itself and shows the results.
    page.wait_for_selector("text=Test accuracy", timeout=60_000)
    page.wait_for_selector(IDLE, timeout=60_000)
    metric = page.locator("[data-testid=stMetric]").filter(has_text="Test accuracy").inner_text()
    accuracy = float(metric.split("\n")[-1].strip().rstrip("%")) / 100
    assert accuracy > 0.6
    assert page.locator("text=Confusion matrix").count() >= 1
    assert page.locator("[data-testid=stAlert]").filter(has_text="Finished 2 epochs").count() == 1
    assert page.locator(STOP).filter(visible=True).is_disabled()  # finished: nothing to stop
    assert browser_errors == []


def _go_to(page: Any, section: str, title: str) -> None:
    """Switch pages inside the app (top navigation: the same Streamlit session, unlike a reload).

    The window is made wide enough for every section to sit in the top bar (narrower, the last
    ones fold into an "N more" menu)."""
    page.set_viewport_size({"width": 2400, "height": 1200})
    page.locator("[data-testid=stTopNavSection]", has_text=section).click()
    page.locator("[data-testid=stTopNavDropdownLink]", has_text=title).click()
    page.wait_for_selector(f"h1:has-text('{title}')", timeout=60_000)
    page.wait_for_selector(IDLE, timeout=60_000)


def test_training_survives_a_page_switch_and_stop_ends_it(
    open_app: Callable[[str], Any], browser_errors: list[str]
) -> None:
    # The default small CNN on all 4,000 digits, 30 epochs: long enough to still be training when
    # Stop is pressed (a few seconds per epoch); the test stops it after two or three.
    page = open_app("/mnist_lab?epochs=30&bs=32")
    wait_connected(page)
    page.locator(PLAY).filter(visible=True).click()
    expect_status(page, "running", timeout_s=30)
    expect(live_view(page).el("epoch")).not_to_have_text("0 / 30", timeout=60_000)  # a first epoch
    before = live_view(page).read()["epoch"]
    _go_to(page, "Digits (MNIST)", "Draw a digit")  # mid-training: the run goes on meanwhile
    assert page.locator("text=No model has been trained").count() == 0
    _go_to(page, "Digits (MNIST)", "MNIST lab")
    page.wait_for_selector(IFRAME)
    state = live_view(page).until(
        "s.connected && ['running', 'finished'].includes(text('status')) && text('epoch') !== arg",
        "the same run, further on",
        arg=before,
        timeout=60,
    )
    assert int(state["epoch"].split(" / ")[0]) > int(before.split(" / ")[0])
    page.locator(STOP).filter(visible=True).click()
    expect_status(page, "stopped", timeout_s=30)
    page.wait_for_selector("text=Test accuracy", timeout=60_000)  # the stopped network's results
    page.wait_for_selector(IDLE, timeout=60_000)
    warning = page.locator("[data-testid=stAlert]").filter(has_text="Stopped").inner_text()
    assert "epoch" in warning and "Reset" in warning
    assert page.locator(STOP).filter(visible=True).is_disabled()
    assert browser_errors == []


def _stroke(page: Any, box: dict[str, float], points: list[tuple[float, float]], steps: int = 8) -> None:
    x0, y0, w, h = box["x"], box["y"], box["width"], box["height"]
    page.mouse.move(x0 + points[0][0] * w, y0 + points[0][1] * h)
    page.mouse.down()
    for (ax, ay), (bx, by) in itertools.pairwise(points):
        for k in range(1, steps + 1):
            t = k / steps
            page.mouse.move(x0 + (ax + (bx - ax) * t) * w, y0 + (ay + (by - ay) * t) * h)
    page.mouse.up()


#: True once the element's box is the same as at the previous poll (300 ms earlier).
_BOX_STILL = """(el) => {
  const r = el.getBoundingClientRect(), box = [r.x, r.y, r.width, r.height].join();
  const still = el.__e2eBox === box && r.width >= 200;
  el.__e2eBox = box;
  return still;
}"""


def _settled_box(page: Any, canvas: Any, timeout_s: float = 20.0) -> dict[str, float]:
    """The canvas's box once it stopped moving: after a rerun the page's layout can still shift
    (the previous answer's elements leave), and strokes aimed at a stale box miss the canvas."""
    handle = canvas.element_handle()
    wait_js(
        handle.owner_frame(),
        _BOX_STILL,
        "the canvas to stop moving",
        arg=handle,
        timeout_s=timeout_s,
        every_ms=300,
        state=canvas.bounding_box,
    )
    box = canvas.bounding_box()
    assert box is not None
    return box


def _draw_until_read(page: Any, canvas: Any, strokes: list, attempts: int = 3) -> None:
    """Draw, and wait for the page's answer. A stroke made while the component is still settling
    after the first script run can be dropped by the canvas: then draw again (at most ``attempts``)."""
    for attempt in range(attempts):
        page.wait_for_selector(IDLE, timeout=60_000)
        box = _settled_box(page, canvas)
        for points in strokes:
            _stroke(page, box, points)
        try:
            page.wait_for_selector("[data-testid=draw-prediction]", timeout=30_000)
            return
        except Exception:
            if attempt == attempts - 1:
                raise
            page.locator(CLEAR).click()


def test_drawn_digits_are_recognised(open_app: Callable[[str], Any], browser_errors: list[str]) -> None:
    page = open_app("/draw_digit")
    page.wait_for_selector("[data-testid=draw-empty]")
    canvas = page.locator("canvas.upper-canvas").last  # fabric.js's top canvas takes the mouse
    canvas.wait_for(state="visible")
    page.wait_for_timeout(1500)  # let fabric.js attach its mouse handlers
    read: dict[str, str] = {}
    for digit, strokes in DIGITS.items():
        _draw_until_read(page, canvas, strokes)
        page.wait_for_selector(IDLE, timeout=60_000)
        read[digit] = page.locator("[data-testid=draw-prediction]").inner_text().strip()
        confidence = page.locator("[data-testid=draw-confidence]").inner_text()
        assert confidence.endswith("%")
        assert float(page.locator("[data-testid=draw-model-ms]").inner_text()) > 0
        page.locator(CLEAR).click()
        page.wait_for_selector("[data-testid=draw-empty]", timeout=60_000)
        page.wait_for_selector(IDLE, timeout=60_000)
    correct = sum(read[d] == d for d in DIGITS)
    assert correct >= len(DIGITS) - 1, read
    assert browser_errors == []


def test_a_draw_preset_updates_the_sidebar_too(
    open_app: Callable[[str], Any], browser_errors: list[str]
) -> None:
    """The preset buttons sit above the page's fragment (the canvas): a click reruns the whole page,
    so the sidebar shows the preset's settings (not only the fragment)."""
    page = open_app("/draw_digit")
    page.wait_for_selector("[data-testid=draw-empty]")
    page.locator("[data-testid=stExpander] summary", has_text="What to try").click()
    page.locator(f".st-key-{DRAW_STATE.key('preset_0')} button").click()  # "Preprocessing off"
    toggle = page.locator(f"[data-testid=stSidebar] .st-key-{DRAW_STATE.key('preprocess')} input")
    expect(toggle).not_to_be_checked()
    expect(page).to_have_url(re.compile(r"[?&]prep=0\b"))
    assert browser_errors == []
