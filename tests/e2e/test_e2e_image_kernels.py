"""Kernels on real images in a real browser: typing into the kernel grid updates the output and the link."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.e2e

OUTPUT_CHANGED = """([before]) => {
  const im = document.querySelectorAll('[data-testid=stImage] img')[1];
  return im && im.src !== before && im.complete;
}"""


def test_editing_the_kernel_updates_the_output(open_app: Any, browser_errors: list[str]) -> None:
    page = open_app("/image_kernels?img=coins&color=gray")
    page.wait_for_selector("[data-testid=stImage] img")
    before = page.locator("[data-testid=stImage] img").nth(1).get_attribute("src")
    grid = page.locator("[data-testid=stDataFrame]").first
    box = grid.bounding_box()
    # The centre weight of the 3x3 grid: below the 35 px header, the middle one of three 35 px rows.
    centre = (box["x"] + box["width"] / 2, box["y"] + 35 + 35 + 17)
    page.mouse.click(*centre)  # the first click focuses the grid,
    page.wait_for_timeout(300)
    page.mouse.click(*centre)  # the second selects the cell: typing then replaces its value
    page.wait_for_timeout(300)
    page.keyboard.type("9")
    page.keyboard.press("Enter")
    page.wait_for_function(OUTPUT_CHANGED, arg=[before], timeout=30_000)
    page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]")
    query = parse_qs(urlsplit(page.url).query)
    assert query["w"] == ["0,-1,0;-1,9,-1;0,-1,0"] and query["kernel"] == ["custom"]
    page.get_by_text("flat areas are multiplied by 5").wait_for()
    assert not browser_errors, browser_errors


@pytest.mark.parametrize("k", [3, 5, 7])
def test_every_kernel_column_is_visible_on_a_projector(open_app: Any, k: int) -> None:
    """At 1280x720 (a projector) the editor shows all k columns: nothing scrolls out of sight."""
    ones = ";".join([",".join(["1"] * k)] * k)
    page = open_app(f"/image_kernels?w={ones}&kernel=custom")
    page.set_viewport_size({"width": 1280, "height": 720})
    page.wait_for_selector("[data-testid=stDataFrame] .dvn-scroller")
    page.wait_for_timeout(500)  # the grid lays itself out again for the new width
    widths = page.evaluate(
        """() => { const s = document.querySelector('[data-testid=stDataFrame] .dvn-scroller');
                   return {scroll: s.scrollWidth, client: s.clientWidth}; }"""
    )
    assert widths["scroll"] <= widths["client"], f"{k}x{k}: {widths} (columns cut off)"
    assert widths["client"] >= 64 * k
