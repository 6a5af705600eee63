"""The basics pages in a real browser: move the learning rate, step and play gradient descent.

The trace player is the page's ``st.iframe``; its script keeps
``window.__basics = {frame, n, playing, plotReady}`` and writes the step counter in
``#counter`` ("3 / 30") and the live update formula in ``#formula``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

pytestmark = pytest.mark.e2e

IFRAME = "[data-testid=stIFrame]"
IDLE = "[data-testid=stApp][data-test-script-state=notRunning]"


def _state(page: Any) -> dict[str, Any]:
    body = page.frame_locator(IFRAME).first.locator("body")
    return body.evaluate(
        """() => ({
          basics: window.__basics || null,
          counter: document.getElementById('counter').textContent,
          formula: document.getElementById('formula').textContent,
          message: document.getElementById('message').style.display === 'block'
            ? document.getElementById('message').textContent : '',
        })"""
    )


def _wait(page: Any, predicate: Callable[[dict[str, Any]], bool], what: str, timeout: float = 30) -> dict:
    deadline = time.monotonic() + timeout
    state: dict[str, Any] = {}
    while time.monotonic() < deadline:
        try:
            state = _state(page)
            if state["basics"] and predicate(state):
                return state
        except Exception as err:  # the iframe may be remounting after a rerun
            state = {"error": str(err)}
        page.wait_for_timeout(100)
    pytest.fail(f"timed out after {timeout:g} s waiting for {what}; player: {state}")


def _click_in_player(page: Any, element_id: str) -> None:
    page.frame_locator(IFRAME).first.locator(f"#{element_id}").click()


def test_learning_rate_slider_then_step_and_play(
    open_app: Callable[[str], Any], browser_errors: list[str]
) -> None:
    page = open_app("/gradient_descent")
    state = _wait(page, lambda s: s["basics"]["plotReady"], "the chart to load")
    assert state["counter"].strip() == "0 / 30"

    # move the learning-rate slider one stop right: 0.1 -> 0.15
    thumb = page.locator(".st-key-gd_lr input[type=range]")
    thumb.focus()
    thumb.press("ArrowRight")
    page.wait_for_function("() => new URL(location.href).searchParams.get('lr') === '0.15'", timeout=20_000)
    page.wait_for_selector(IDLE)

    state = _wait(page, lambda s: s["basics"]["plotReady"], "the new run's chart")
    _click_in_player(page, "step")
    state = _wait(page, lambda s: s["basics"]["frame"] == 1, "one step")
    assert state["counter"].strip() == "1 / 30"
    assert "0 − 0.15 × (−20) = 3" in state["formula"]  # the update with the new rate

    _click_in_player(page, "play")
    state = _wait(page, lambda s: s["basics"]["frame"] >= 4, "the counter to rise while playing")
    _click_in_player(page, "play")  # pause
    paused = _wait(page, lambda s: not s["basics"]["playing"], "pause")
    page.wait_for_timeout(800)
    assert _state(page)["basics"]["frame"] == paused["basics"]["frame"]
    _click_in_player(page, "reset")
    _wait(page, lambda s: s["basics"]["frame"] == 0, "reset")
    assert not browser_errors, browser_errors


def test_diverging_preset_is_flagged(open_app: Callable[[str], Any]) -> None:
    page = open_app("/gradient_descent?lr=0.55&steps=12")
    assert page.get_by_text("Diverged: learning rate too high").first.is_visible()
    _wait(page, lambda s: s["basics"]["plotReady"], "the chart to load")
    page.frame_locator(IFRAME).first.locator("#speed").select_option("30")
    _click_in_player(page, "play")
    state = _wait(page, lambda s: s["basics"]["frame"] == 12, "the end of the run", timeout=20)
    assert "Diverged" in state["message"]
