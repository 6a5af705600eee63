"""The optimizer race in a real browser: the race plays (step count rises), pauses, steps; one racer diverges.

The live view (the page's ``st.iframe``) shows the step in ``#step`` ("000,123"), the
status in ``#status`` and the number of diverged racers in ``#ndiv``; ``window.__mlpLive``
counts frames.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.harness import IDLE, IFRAME, ViewFrame, wait_js
from ui.navigation import page_for

pytestmark = pytest.mark.e2e
K = page_for("pages/optimizer_race.py").prefix  #: the page's widget-key prefix (from the page registry)

_READ = """() => {
  const s = window.__mlpLive, text = (id) => document.getElementById(id).textContent;
  return {step: text("step"), status: text("status"), ndiv: text("ndiv"), leader: text("leader"),
          frames: s ? s.frames : 0, connected: !!(s && s.connected),
          racers: s && s.lastHeader ? s.lastHeader.racers.map((r) => r.key) : [],
          rows: document.querySelectorAll("#rows tr").length};
}"""


def live_view(page: Any) -> ViewFrame:
    return ViewFrame(page, _READ, numbers=("step",))


def read(page: Any) -> dict[str, Any]:
    return live_view(page).read()


def wait_connected(page: Any) -> dict[str, Any]:
    return live_view(page).until("s.connected && s.frames > 0", "the live view to connect", timeout=60)


def click(page: Any, key: str) -> None:
    page.locator(f".st-key-{key} [data-testid^=stBaseButton]").filter(visible=True).click()


def test_race_plays_pauses_and_steps(open_app: Callable[[str], Any], browser_errors: list[str]) -> None:
    page = open_app("/optimizer_race?speed=120&max_steps=5000")
    page.wait_for_selector(IFRAME, timeout=90_000)
    start = wait_connected(page)
    assert start["step"] == "000,000" and start["status"] == "paused"
    assert start["rows"] == 9 and len(start["racers"]) == 9
    # Step 0: nobody races yet, and no row pretends to (no "racing" badge, no g = (0, 0)).
    table = page.frame_locator(IFRAME).locator("#rows")
    expect(table).to_contain_text("at the start")
    assert "racing" not in table.inner_text()

    click(page, K + "play")
    view = live_view(page)
    expect(view.el("status")).to_have_text("running")
    running = view.until("num('step') > 10", "the step count to rise")
    later = view.until("num('step') > arg", "the step count to keep rising", arg=running["step_n"] + 10)
    expect(table).to_contain_text("racing")
    assert later["frames"] > running["frames"]

    page.wait_for_selector(IDLE)
    click(page, K + "play")
    expect(view.el("status")).to_have_text("paused", timeout=15_000)
    paused = read(page)
    page.wait_for_timeout(800)
    assert read(page)["step_n"] == paused["step_n"], "the step count moved while paused"

    page.wait_for_selector(IDLE)
    click(page, K + "step")
    expect(view.el("step")).not_to_have_text(paused["step"], timeout=20_000)
    stepped = read(page)
    assert stepped["step_n"] == paused["step_n"] + 1
    assert browser_errors == []


def test_a_diverging_racer_is_marked_while_the_others_finish(
    open_app: Callable[[str], Any], browser_errors: list[str]
) -> None:
    page = open_app(
        "/optimizer_race?surface=valley&racers=gd,momentum,adam&lr_gd=0.6&speed=240&max_steps=200"
    )
    page.wait_for_selector(IFRAME, timeout=90_000)
    wait_connected(page)
    click(page, K + "play")
    expect(live_view(page).el("status")).to_have_text("finished", timeout=40_000)
    done = read(page)
    assert done["ndiv"] == "1" and done["step"] == "000,200"
    assert done["leader"] in ("Momentum", "Adam")
    badge = page.frame_locator(IFRAME).locator("#rows tr").first.inner_text()
    assert "diverged" in badge
    assert browser_errors == []


def test_clicking_the_contour_sets_the_start_point(
    open_app: Callable[[str], Any], browser_errors: list[str]
) -> None:
    page = open_app("/optimizer_race?surface=valley")
    page.wait_for_selector(IFRAME, timeout=90_000)
    wait_connected(page)
    page.wait_for_selector(f".st-key-{K}start_x input")  # the click types into the sidebar's fields
    top = page.frame_locator(IFRAME).locator("#top")
    box = top.bounding_box()
    # the plot area starts 52 px from the left and 8 px from the top; 3/4 across, 1/4 down
    top.click(position={"x": 52 + 0.75 * (box["width"] - 62), "y": 8 + 0.25 * (box["height"] - 48)})
    wait_js(
        page,
        "() => location.search.includes('start_y')",
        "the click to reach the page's start point",
        state=lambda: {
            "clickFailed": live_view(page).locator("body").evaluate("() => !!window.__raceView.clickFailed")
        },
    )
    page.wait_for_selector(IDLE)
    query = page.evaluate("() => location.search")
    x = float(query.split("start_x=")[1].split("&")[0])
    y = float(query.split("start_y=")[1].split("&")[0])
    assert 2.0 < x < 3.0 and 1.0 < y < 1.5  # the valley's plot is [-5, 5] x [-2.5, 2.5]
    expect(live_view(page).el("step")).to_have_text("000,000")
    state = read(page)
    assert state["status"] == "paused"
    assert browser_errors == []
