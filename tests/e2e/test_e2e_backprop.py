"""The backprop page in a real browser: stepping updates the graph, the address bar and survives a reload."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.e2e

IDLE = "[data-testid=stApp][data-test-script-state=notRunning]"


def _click(page: Any, label: str) -> None:
    page.get_by_role("button", name=label).first.click()
    page.wait_for_timeout(300)
    page.wait_for_selector(IDLE)


def test_step_through_and_reload(open_app: Callable[[str], Any], browser_errors: list[str]) -> None:
    page = open_app("/backprop")
    assert page.locator("h1").first.inner_text().strip() == "Backpropagation, node by node"
    page.locator("[data-testid=stPlotlyChart]").first.wait_for()
    for _ in range(3):
        _click(page, "Next")
    page.get_by_text("Backward 1/2").first.wait_for(timeout=10_000)
    assert parse_qs(urlsplit(page.url).query)["step"] == ["3"]
    assert "∂L/∂d=-4" in page.locator("[data-testid=stPlotlyChart]").first.inner_text()

    page.reload()
    page.wait_for_selector("h1")
    page.wait_for_selector(IDLE)
    page.get_by_text("Backward 1/2").first.wait_for(timeout=10_000)

    _click(page, "Update")
    page.get_by_text("Update: every parameter").first.wait_for(timeout=10_000)
    after = page.locator("[data-testid=stMetric]", has_text="loss after the update")
    after.wait_for(timeout=10_000)
    assert "-12.412400" in after.inner_text()
    assert browser_errors == []
