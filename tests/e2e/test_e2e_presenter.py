"""Presenter mode in a real browser at 1280x720 (``ui.presenter``): what only a browser shows.

With and without ``?present=1``: the sidebar folded away, Streamlit's text and a static chart's
tick labels larger, the live view's document marked and drawn larger with the Okabe-Ito palette,
the toggle in the top bar switching it off, and the mode kept across a page switch. Screenshots
go to ``test-artifacts/presenter-*.png`` (look at them when changing the theme).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS
from tests.harness import IDLE, frame_of
from ui import presenter

pytestmark = pytest.mark.e2e

PROJECTOR = {"width": 1280, "height": 720}
#: A static chart's first x tick label (plotly writes its size inline).
TICK = ".js-plotly-plot .xtick text"
#: The live view's iframe (not the "Copy link" button's, ui/copy_link.py).
LIVE = "[data-testid=stIFrame][srcdoc*=MLP_CONFIG]"
TOGGLE = (
    f".st-key-{presenter.TOGGLE_BOX} [data-testid=stCheckbox] input, .st-key-{presenter.TOGGLE_BOX} input"
)


def _px(page: Any, selector: str) -> float:
    page.locator(selector).first.wait_for(state="attached")
    return page.locator(selector).first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")


def _root_px(page: Any) -> float:
    return page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")


def _sidebar_expanded(page: Any) -> bool:
    return page.locator("[data-testid=stSidebar]").first.get_attribute("data-collapsed") == "false"


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"presenter-{name}.png"))


def test_presenter_mode_at_a_projector(open_app: Callable[[str], Any], browser_errors: list[str]) -> None:
    # First (a fresh browser session): the sidebar open, the live view in its normal mode.
    page = open_app("/playground")
    page.set_viewport_size(PROJECTOR)
    assert _sidebar_expanded(page)
    frame = frame_of(page, LIVE)
    frame.locator("#chart, #chartcv").first.wait_for(state="attached")
    normal_stat = frame.locator(".stat .k").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert frame.evaluate("window.MLPLive.PRESENT") is False
    _shot(page, "off-playground")

    page = open_app("/logistic_regression")
    page.locator(TICK).first.wait_for()
    normal_tick, normal_root = _px(page, TICK), _root_px(page)
    expect(page.locator(TOGGLE).first).not_to_be_checked()
    _shot(page, "off-logistic")

    page = open_app("/logistic_regression?present=1")
    page.locator(TICK).first.wait_for()
    assert _px(page, TICK) > normal_tick >= 14
    assert _root_px(page) > normal_root
    expect(page.locator(TOGGLE).first).to_be_checked()
    _shot(page, "on-logistic")

    # The live view: the sidebar folded, the iframe's document in presenter mode.
    page = open_app("/playground?present=1")
    expect(page.locator("[data-testid=stSidebar]").first).to_have_attribute("data-collapsed", "true")
    frame = frame_of(page, LIVE)
    frame.locator("#chart, #chartcv").first.wait_for(state="attached")
    assert frame.evaluate(
        "document.documentElement.classList.contains('mlp-present') && window.MLPLive.PRESENT"
    )
    assert (
        frame.locator(".stat .k").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
        > normal_stat
    )
    # The canvas draws the palette and larger lines: the 2-D context maps what the view sets.
    drawn = frame.evaluate(
        """() => { const c = document.createElement('canvas').getContext('2d');
                   c.strokeStyle = '#0877bd'; c.lineWidth = 2; c.font = '12px sans-serif';
                   return [c.strokeStyle, c.lineWidth, c.font]; }"""
    )
    assert drawn[0].lower() == "#0072b2" and drawn[1] > 2 and drawn[2].startswith("15.6px")
    _shot(page, "on-playground")

    # A page switch in the navigation keeps presenting (and puts present=1 back in the address).
    page.locator("[data-testid=stTopNavLink], [data-testid=stNavLink]", has_text="Home").first.click()
    page.wait_for_url("**/?*present=1*", timeout=30_000)
    page.wait_for_selector(IDLE)
    expect(page.locator(TOGGLE).first).to_be_checked()

    # The toggle turns it off: the address loses present=1, the text is back to normal.
    page.locator(f".st-key-{presenter.TOGGLE_BOX} label").first.click()
    expect(page.locator(TOGGLE).first).not_to_be_checked()
    page.wait_for_url(lambda url: "present=" not in url, timeout=30_000)
    page.wait_for_function(
        "px => parseFloat(getComputedStyle(document.documentElement).fontSize) === px", arg=normal_root
    )
    assert browser_errors == []
