"""From notebook to app in a real browser: the app's form moves the applicant on the chart, and the
model downloaded from the page uploads back and predicts exactly as the trained one."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.harness import IDLE

pytestmark = pytest.mark.e2e

CHART = "[data-testid=stPlotlyChart]"


def _applicant_legend(page: Any) -> Any:
    return page.locator(f"{CHART} .legendtext").filter(has_text="applicant")


def test_form_moves_the_applicant_on_the_chart(
    open_app: Callable[[str], Any], browser_errors: list[str]
) -> None:
    page = open_app("/notebook_to_app")
    expect(_applicant_legend(page)).to_have_text("applicant: p = 0.58")
    exam1 = page.locator(".st-key-notebook_to_app-exam1 input")
    exam1.fill("20")
    page.locator(".st-key-notebook_to_app-exam2 input").fill("25")
    page.get_by_role("button", name="Predict").click()
    page.wait_for_function("() => new URL(location.href).searchParams.get('e1') === '20.0'", timeout=20_000)
    page.wait_for_selector(IDLE)
    expect(_applicant_legend(page)).to_have_text("applicant: p = 0.04")
    expect(page.get_by_text("the model extrapolates").first).to_be_visible()
    assert not browser_errors, browser_errors


def test_download_then_upload_round_trip(
    open_app: Callable[[str], Any], browser_errors: list[str], tmp_path: Path
) -> None:
    page = open_app("/notebook_to_app")
    files = {}
    for slot in ("model", "scaler"):
        with page.expect_download() as info:
            page.get_by_role("button", name=re.compile(f"Download admission-{slot}.skops")).click()
        path = tmp_path / info.value.suggested_filename
        info.value.save_as(path)
        files[slot] = path
    for slot, path in files.items():
        page.locator(f".st-key-notebook_to_app-upload_{slot} input[type=file]").set_input_files(str(path))
        page.wait_for_selector(IDLE)
        expect(page.get_by_text(f"'{path.name}': a fitted")).to_be_visible()
    expect(page.get_by_text("predicts exactly what the trained one does")).to_be_visible()
    page.get_by_text("the two uploaded files").click()
    page.wait_for_selector(IDLE)
    expect(page.get_by_text("P(admitted) = 0.581 (the two uploaded files)")).to_be_visible()
    assert not browser_errors, browser_errors
