"""The backprop page in a real browser: stepping updates the graph, the address bar and survives a
reload; a preset fills the inputs and shows the engine's numbers."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from engine.neuralmath.presets import SATURATED, saturated_numbers, sci
from tests.harness import IDLE

pytestmark = pytest.mark.e2e


def _click(page: Any, label: str) -> None:
    page.get_by_role("button", name=label).first.click()
    page.wait_for_timeout(300)
    page.wait_for_selector(IDLE)


def test_step_through_and_reload(open_app: Callable[[str], Any], browser_errors: list[str]) -> None:
    from playwright.sync_api import expect

    page = open_app("/backprop")
    expect(page.locator("h1").first).to_have_text("Backpropagation, node by node")
    graph = page.locator("[data-testid=stPlotlyChart]").first
    expect(graph).to_be_visible()
    for _ in range(3):
        _click(page, "Next")
    expect(page.get_by_text("Backward 1/2").first).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]step=3(&|$)"))
    expect(graph).to_contain_text("∂L/∂d=-4")

    page.reload()
    page.wait_for_selector(IDLE)
    expect(page.get_by_text("Backward 1/2").first).to_be_visible()

    _click(page, "Update")
    expect(page.get_by_text("Update: every parameter").first).to_be_visible()
    after = page.locator("[data-testid=stMetric]", has_text="loss after the update")
    expect(after).to_contain_text("-12.412400")
    assert browser_errors == []


def test_saturated_preset(open_app: Callable[[str], Any], browser_errors: list[str]) -> None:
    """The preset sets the tuple of values; the number inputs (their own widgets) follow it."""
    from playwright.sync_api import expect

    page = open_app("/backprop")
    page.locator("[data-testid=stExpander] summary", has_text="What to try").click()
    _click(page, "Saturated output neuron")
    expect(page).to_have_url(re.compile(r"[?&]ex=mlp(&|$)"))
    expect(page.get_by_label("w₅", exact=True)).to_have_value(f"{SATURATED['w5']:.4f}")
    s = saturated_numbers()
    expect(page.get_by_text(f"ŷ(1 − ŷ) = {sci(s['dsigma'], 3)}").first).to_be_visible()
    assert browser_errors == []
