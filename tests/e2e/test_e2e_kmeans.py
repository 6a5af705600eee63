"""The k-means page in a real browser: the step slider recolours the chart, a click places a centroid.

The step chart is the page's first plotly chart (``.js-plotly-plot``); plotly keeps its decoded traces
on the element (``el._fullData``): the trace named "points" is coloured grey before any assignment, then by cluster label.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.harness import IDLE

pytestmark = pytest.mark.e2e
K = "kmeans-"

_POINT_COLORS = """() => {
  const el = document.querySelector('.js-plotly-plot');
  const points = el && el._fullData && el._fullData.find(t => t.name === 'points');
  if (!points) return null;
  const c = points.marker.color;  // a colour string, or the labels (plotly may hold a typed array)
  return typeof c === 'string' ? c : Array.from(c);
}"""


def test_step_slider_assigns_the_points(open_app: Callable[[str], Any], browser_errors: list[str]) -> None:
    page = open_app("/kmeans")
    page.wait_for_function(f"() => ({_POINT_COLORS})() !== null")
    assert page.evaluate(_POINT_COLORS) == "#9aa1ab"  # step 0: nobody assigned yet, all grey
    thumb = page.locator(f".st-key-{K}step input[type=range]")
    thumb.focus()
    thumb.press("ArrowRight")
    page.wait_for_function("() => new URL(location.href).searchParams.get('step') === '1'", timeout=20_000)
    page.wait_for_selector(IDLE)
    expect(page.get_by_text("Iteration 1, assign").first).to_be_visible()
    page.wait_for_function(f"() => Array.isArray(({_POINT_COLORS})())")
    colors = page.evaluate(_POINT_COLORS)
    assert sorted(set(colors)) == [0, 1, 2, 3]  # four clusters, four colours
    assert not browser_errors, browser_errors


def test_a_click_on_the_chart_places_a_centroid(
    open_app: Callable[[str], Any], browser_errors: list[str]
) -> None:
    page = open_app("/kmeans?init=click")
    expect(page.get_by_text("4 more to go").first).to_be_visible()
    plot = page.locator(".js-plotly-plot").first
    plot.wait_for()
    drag = plot.locator(".nsewdrag").first
    box = drag.bounding_box()
    drag.click(position={"x": box["width"] * 0.5, "y": box["height"] * 0.5})
    page.wait_for_function("() => new URL(location.href).searchParams.has('c')", timeout=30_000)
    page.wait_for_selector(IDLE)
    expect(page.get_by_text("3 more to go").first).to_be_visible()
    placed = page.evaluate("() => new URL(location.href).searchParams.get('c')").split(",")
    assert len(placed) == 2
    assert not browser_errors, browser_errors
