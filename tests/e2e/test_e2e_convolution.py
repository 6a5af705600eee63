"""The convolution step-through in a real browser: step, play/pause, jump; the highlighted output
cell and the written-out sum show the slides' numbers.

The view is the page's ``st.iframe``; it keeps ``window.__convStep = {cell, term, playing}``;
the current output cell has the class ``cur`` and the sum's result is ``#cur-out``.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.harness import IFRAME

pytestmark = pytest.mark.e2e


def _frame(page: Any) -> Any:
    page.wait_for_selector(IFRAME)
    frame = page.frame_locator(IFRAME)
    frame.locator("td.oc.cur").wait_for()
    return frame


def _state(frame: Any) -> dict[str, Any]:
    return frame.locator("body").evaluate(
        """() => ({cell: window.__convStep.cell, term: window.__convStep.term, playing: window.__convStep.playing,
                  cur: document.querySelector('td.oc.cur').textContent,
                  out: (document.getElementById('cur-out') || {}).textContent || null,
                  running: (document.getElementById('running') || {}).textContent || null,
                  where: document.getElementById('where').textContent,
                  windowCells: document.querySelectorAll('#x0 td.win').length})"""
    )


def test_step_through_the_slides_example(open_app: Any, browser_errors: list[str]) -> None:
    page = open_app("/convolution")
    frame = _frame(page)
    s = _state(frame)
    assert s["cell"] == 0 and s["cur"] == "2" and s["out"] == "2" and s["windowCells"] == 9

    frame.get_by_role("button", name="Cell ▶").click()
    s = _state(frame)
    assert s["cell"] == 1 and s["cur"] == "3" and s["out"] == "3"  # o[0, 1, 0] on the slide
    assert "o[0, 1, 0]" in s["where"]

    # product by product through this cell: a running sum after each of the 27 products...
    frame.get_by_role("button", name="+1 product").click()
    s = _state(frame)
    assert s["cell"] == 1 and s["term"] == 0 and s["out"] is None and s["running"] is not None
    for _ in range(26):
        frame.get_by_role("button", name="+1 product").click()
    s = _state(frame)  # ...and after the last one, + bias 1 gives the highlighted value
    assert s["cell"] == 1 and s["term"] == 26 and s["running"] == "2" and s["out"] == "3" and s["cur"] == "3"
    frame.get_by_role("button", name="+1 product").click()
    assert _state(frame)["cell"] == 2

    # jump to the second filter's centre cell: o[1, 1, 1] = 1 on the slide
    frame.locator("#o1 tr").nth(1).locator("td").nth(1).click()
    s = _state(frame)
    assert s["cur"] == "1" and s["out"] == "1" and "o[1, 1, 1]" in s["where"]

    # play advances on its own, pause stops it
    frame.locator("#speed").select_option("350")
    frame.get_by_role("button", name="▶ Play").click()
    expect(frame.locator("#where")).not_to_contain_text("o[1, 1, 1]")  # it moved on from cell 13
    frame.get_by_role("button", name="⏸ Pause").click()
    s = _state(frame)
    assert not s["playing"] and s["cell"] != 13
    page.wait_for_timeout(800)
    assert _state(frame)["cell"] == s["cell"]  # paused: it stays
    assert not browser_errors, browser_errors


def test_changing_the_stride_updates_the_view(open_app: Any) -> None:
    page = open_app("/convolution?s=1")
    frame = _frame(page)
    assert frame.locator("#o0 tr").count() == 5  # stride 1: 5x5x2
    frame.get_by_role("button", name="Cell ▶").click()
    assert _state(frame)["cur"] == "12"
