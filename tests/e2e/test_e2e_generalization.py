"""The Generalization page in a real browser: a slider moves, the plotly chart redraws with it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.harness import IDLE

pytestmark = pytest.mark.e2e


def _nudge(page: Any, key: str, presses: int = 1) -> None:
    thumb = page.locator(f".st-key-generalization-{key} input[type=range]").first
    thumb.focus()
    for _ in range(presses):
        thumb.press("ArrowRight")


def test_degree_slider_redraws_the_fit(open_app: Callable[[str], Any], browser_errors: list[str]) -> None:
    page = open_app("/generalization")
    chart = page.locator(".js-plotly-plot").first
    expect(chart.locator("text", has_text="degree 3 fit")).to_have_count(1)
    _nudge(page, "degree")
    page.wait_for_function("() => new URL(location.href).searchParams.get('deg') === '4'", timeout=20_000)
    page.wait_for_selector(IDLE)
    expect(chart.locator("text", has_text="degree 4 fit")).to_have_count(1)
    expect(page.get_by_text("Degree 4:").first).to_be_visible()
    assert not browser_errors, browser_errors


def test_threshold_slider_moves_the_curves_marker(
    open_app: Callable[[str], Any], browser_errors: list[str]
) -> None:
    page = open_app("/generalization?s=imbalance")
    expect(page.locator(".js-plotly-plot text", has_text="× = threshold 0.5")).to_have_count(1)
    _nudge(page, "threshold", 3)
    page.wait_for_function("() => new URL(location.href).searchParams.get('t') === '0.53'", timeout=20_000)
    page.wait_for_selector(IDLE)
    expect(page.locator(".js-plotly-plot text", has_text="× = threshold 0.53")).to_have_count(1)
    assert not browser_errors, browser_errors
