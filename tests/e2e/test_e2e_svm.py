"""The SVM page in a real browser: the C slider redraws the boundary (fewer support vectors circled),
and the 3-D lift rotates under a mouse drag (plotly's camera, which only a browser moves)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.harness import IDLE

pytestmark = pytest.mark.e2e

BOUNDARY = ".st-key-svm-fig_boundary"
LIFT = ".st-key-svm-fig_lift"
_EYE = f"""() => {{
  const plot = document.querySelector('{LIFT} .js-plotly-plot');
  const eye = plot && plot._fullLayout && plot._fullLayout.scene.camera.eye;
  return eye ? [eye.x, eye.y, eye.z] : null;
}}"""


def test_c_slider_redraws_the_boundary(open_app: Callable[[str], Any], browser_errors: list[str]) -> None:
    page = open_app("/svm")
    legend = page.locator(f"{BOUNDARY} .legendtext").filter(has_text="support vectors")
    expect(legend).to_have_text("support vectors (30)")
    thumb = page.locator(".st-key-svm-C input[type=range]")
    thumb.focus()
    thumb.press("ArrowRight")  # C: 1 -> 3
    page.wait_for_function("() => new URL(location.href).searchParams.get('C') === '3.0'", timeout=30_000)
    page.wait_for_selector(IDLE)
    expect(legend).to_have_text("support vectors (18)")
    expect(page.locator(".katex-display").filter(has_text="C = 3").first).to_be_visible()
    assert not browser_errors, browser_errors


def test_the_lifted_points_rotate(open_app: Callable[[str], Any], browser_errors: list[str]) -> None:
    page = open_app("/svm")
    scene = page.locator(f"{LIFT} .js-plotly-plot").first
    scene.scroll_into_view_if_needed()
    expect(scene).to_be_visible()
    page.wait_for_function(f"() => ({_EYE})() !== null", timeout=30_000)
    before = page.evaluate(_EYE)
    box = scene.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 150, y + 20, steps=10)
    page.mouse.up()
    page.wait_for_function(
        f"(b) => {{ const e = ({_EYE})(); return e && e.some((v, i) => Math.abs(v - b[i]) > 0.05); }}",
        arg=before,
        timeout=10_000,
    )
    after = page.evaluate(_EYE)
    assert after is not None and max(abs(a - b) for a, b in zip(after, before, strict=True)) > 0.05, (
        before,
        after,
    )
    assert not browser_errors, browser_errors
