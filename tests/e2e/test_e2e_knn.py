"""The kNN page in a real browser: a click on the plotly plane moves the query (a selection event
only a browser sends) and adds points; the k slider redraws the plane."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.harness import IDLE

pytestmark = pytest.mark.e2e

PLANE = ".st-key-knn-plane"


def _param(page: Any, name: str) -> str | None:
    return page.evaluate(f"() => new URL(location.href).searchParams.get('{name}')")


def _click_plane(page: Any, fx: float, fy: float) -> None:
    """Click at a fraction (fx, fy) of the plot area (0, 0 = top left) of the plane."""
    box = page.locator(f"{PLANE} .nsewdrag").first.bounding_box()
    page.mouse.move(box["x"] + fx * box["width"], box["y"] + fy * box["height"])
    page.wait_for_timeout(300)  # plotly hovers the nearest clickable point first
    page.mouse.click(box["x"] + fx * box["width"], box["y"] + fy * box["height"])


def test_click_moves_the_query_and_adds_points(
    open_app: Callable[[str], Any], browser_errors: list[str]
) -> None:
    page = open_app("/knn")
    expect(page.locator(f"{PLANE} .main-svg").first).to_be_visible()
    _click_plane(page, 0.2, 0.8)  # lower left: x1 < 0, x2 < 0
    page.wait_for_function("() => Number(new URL(location.href).searchParams.get('px')) < -2", timeout=30_000)
    page.wait_for_selector(IDLE)
    assert float(_param(page, "py")) < -2
    expect(page.locator(".katex-display").first).to_contain_text(f"({float(_param(page, 'px')):.2f}")

    page.get_by_text("adds a class 0 point").click()
    page.wait_for_selector(IDLE)
    _click_plane(page, 0.8, 0.2)  # upper right
    page.wait_for_function("() => new URL(location.href).searchParams.get('add') !== null", timeout=30_000)
    page.wait_for_selector(IDLE)
    x, y, cls = (float(v) for v in _param(page, "add").split(","))
    assert x > 2 and y > 2 and cls == 0
    expect(page.get_by_text("1 point(s) you clicked in")).to_be_visible()
    assert not browser_errors, browser_errors


def test_k_slider_redraws_the_plane(open_app: Callable[[str], Any], browser_errors: list[str]) -> None:
    page = open_app("/knn")
    legend = page.locator(f"{PLANE} .legendtitletext")
    expect(legend).to_contain_text("k = 5")
    thumb = page.locator(".st-key-knn-k input[type=range]")
    thumb.focus()
    thumb.press("ArrowRight")
    page.wait_for_function("() => new URL(location.href).searchParams.get('k') === '6'", timeout=30_000)
    page.wait_for_selector(IDLE)
    expect(legend).to_contain_text("k = 6")
    assert not browser_errors, browser_errors
