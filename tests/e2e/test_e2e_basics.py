"""The basics pages in a real browser: move the learning rate, step and play gradient descent.

The trace player is the page's ``st.iframe``; its script keeps
``window.__basics = {frame, n, playing, plotReady}`` and writes the step counter in
``#counter`` ("3 / 30") and the live update formula in ``#formula``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.harness import IDLE, IFRAME, ViewFrame

pytestmark = pytest.mark.e2e


_READ = """() => ({
  basics: window.__basics || null,
  counter: document.getElementById('counter').textContent,
  formula: document.getElementById('formula').textContent,
  message: document.getElementById('message').style.display === 'block'
    ? document.getElementById('message').textContent : '',
})"""


def _player(page: Any) -> ViewFrame:
    """The trace player (the page's first iframe); in ``until``, ``s`` is ``window.__basics``."""
    return ViewFrame(page, _READ, state_js="window.__basics")


def _state(page: Any) -> dict[str, Any]:
    return _player(page).read()


def _click_in_player(page: Any, element_id: str) -> None:
    page.frame_locator(IFRAME).first.locator(f"#{element_id}").click()


def test_learning_rate_slider_then_step_and_play(
    open_app: Callable[[str], Any], browser_errors: list[str]
) -> None:
    page = open_app("/gradient_descent")
    state = _player(page).until("s.plotReady", "the chart to load")
    assert state["counter"].strip() == "0 / 30"

    # move the learning-rate slider one stop right: 0.1 -> 0.15
    thumb = page.locator(".st-key-gradient_descent-lr input[type=range]")
    thumb.focus()
    thumb.press("ArrowRight")
    page.wait_for_function("() => new URL(location.href).searchParams.get('lr') === '0.15'", timeout=20_000)
    page.wait_for_selector(IDLE)

    player = _player(page)
    player.until("s.plotReady", "the new run's chart")
    _click_in_player(page, "step")
    expect(player.el("counter")).to_have_text("1 / 30")
    state = player.read()
    assert "0 − 0.15 × (−20) = 3" in state["formula"]  # the update with the new rate

    _click_in_player(page, "play")
    player.until("s.frame >= 4", "the counter to rise while playing")
    _click_in_player(page, "play")  # pause
    expect(player.el("play")).to_have_text("▶ Play")
    paused = player.read()
    page.wait_for_timeout(800)
    assert _state(page)["basics"]["frame"] == paused["basics"]["frame"]
    _click_in_player(page, "reset")
    expect(player.el("counter")).to_have_text("0 / 30")
    assert not browser_errors, browser_errors


def test_diverging_preset_is_flagged(open_app: Callable[[str], Any]) -> None:
    page = open_app("/gradient_descent?lr=0.55&steps=12")
    assert page.get_by_text("Diverged: learning rate too high").first.is_visible()
    player = _player(page)
    player.until("s.plotReady", "the chart to load")
    page.frame_locator(IFRAME).first.locator("#speed").select_option("30")
    _click_in_player(page, "play")
    state = player.until("s.frame === 12", "the end of the run", timeout=20)
    assert "Diverged" in state["message"]


def test_slides_candidate_line_then_step_the_regression(
    open_app: Callable[[str], Any], browser_errors: list[str]
) -> None:
    """Linear regression: a slides' guessed line goes onto the hand-fit sliders and into the URL;
    the gradient-descent player steps."""
    page = open_app("/linear_regression")
    page.get_by_text("The slides' four guessed lines").first.click()
    button = page.get_by_role("button", name="Try w₁ = 1.5, w₀ = 1.3")
    expect(button).to_be_visible()
    button.click()
    expect(page).to_have_url(re.compile(r"/linear_regression\?data=house8&w=1\.5&b=1\.3$"))
    page.wait_for_selector(IDLE)
    expect(page.locator(".st-key-linear_regression-w [data-testid=stSliderThumbValue]")).to_have_text("1.5")
    player = _player(page)
    player.until("s.plotReady", "the player's chart")
    expect(player.el("counter")).to_have_text("0 / 60")
    _click_in_player(page, "step")
    expect(player.el("counter")).to_have_text("1 / 60")
    assert not browser_errors, browser_errors
