"""The optimizer race in a real browser: the race plays (step count rises), pauses, steps; one racer diverges.

The live view (the page's ``st.iframe``) shows the step in ``#step`` ("000,123"), the
status in ``#status`` and the number of diverged racers in ``#ndiv``; ``window.__mlpLive``
counts frames.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

pytestmark = pytest.mark.e2e

IFRAME = "[data-testid=stIFrame]"
IDLE = "[data-testid=stApp][data-test-script-state=notRunning]"
_READ = """() => {
  const s = window.__mlpLive, text = (id) => document.getElementById(id).textContent;
  return {step: text("step"), status: text("status"), ndiv: text("ndiv"), leader: text("leader"),
          frames: s ? s.frames : 0, connected: !!(s && s.connected),
          racers: s && s.lastHeader ? s.lastHeader.racers.map((r) => r.key) : [],
          rows: document.querySelectorAll("#rows tr").length};
}"""


def read(page: Any) -> dict[str, Any]:
    state = page.frame_locator(IFRAME).locator("body").evaluate(_READ)
    state["step_n"] = int(state["step"].replace(",", ""))
    return state


def wait(page: Any, predicate: Callable[[dict[str, Any]], bool], what: str, timeout: float = 30) -> dict:
    deadline = time.monotonic() + timeout
    state: dict[str, Any] = {}
    while time.monotonic() < deadline:
        state = read(page)
        if predicate(state):
            return state
        page.wait_for_timeout(100)
    pytest.fail(f"timed out after {timeout:g} s waiting for {what}; live view: {state}")


def click(page: Any, key: str) -> None:
    page.locator(f".st-key-{key} [data-testid^=stBaseButton]").filter(visible=True).click()


def test_race_plays_pauses_and_steps(open_app: Callable[[str], Any], browser_errors: list[str]) -> None:
    page = open_app("/optimizer_race?speed=120&max_steps=5000")
    page.wait_for_selector(IFRAME, timeout=90_000)
    start = wait(page, lambda s: s["connected"] and s["frames"] > 0, "the live view to connect", timeout=60)
    assert start["step"] == "000,000" and start["status"] == "paused"
    assert start["rows"] == 9 and len(start["racers"]) == 9

    click(page, "or_play")
    running = wait(page, lambda s: s["status"] == "running" and s["step_n"] > 10, "the step count to rise")
    later = wait(page, lambda s: s["step_n"] > running["step_n"] + 10, "the step count to keep rising")
    assert later["frames"] > running["frames"]

    page.wait_for_selector(IDLE)
    click(page, "or_play")
    paused = wait(page, lambda s: s["status"] == "paused", "the race to pause", timeout=15)
    page.wait_for_timeout(800)
    assert read(page)["step_n"] == paused["step_n"], "the step count moved while paused"

    page.wait_for_selector(IDLE)
    click(page, "or_step")
    stepped = wait(page, lambda s: s["step_n"] != paused["step_n"], "the step", timeout=20)
    assert stepped["step_n"] == paused["step_n"] + 1
    assert browser_errors == []


def test_a_diverging_racer_is_marked_while_the_others_finish(
    open_app: Callable[[str], Any], browser_errors: list[str]
) -> None:
    page = open_app(
        "/optimizer_race?surface=valley&racers=gd,momentum,adam&lr_gd=0.6&speed=240&max_steps=200"
    )
    page.wait_for_selector(IFRAME, timeout=90_000)
    wait(page, lambda s: s["connected"] and s["frames"] > 0, "the live view to connect", timeout=60)
    click(page, "or_play")
    done = wait(page, lambda s: s["status"] == "finished", "the race to finish", timeout=40)
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
    wait(page, lambda s: s["connected"] and s["frames"] > 0, "the live view to connect", timeout=60)
    page.wait_for_selector(".st-key-or_start_x input")  # the click types into the sidebar's fields
    top = page.frame_locator(IFRAME).locator("#top")
    box = top.bounding_box()
    # the plot area starts 52 px from the left and 8 px from the top; 3/4 across, 1/4 down
    top.click(position={"x": 52 + 0.75 * (box["width"] - 62), "y": 8 + 0.25 * (box["height"] - 48)})
    deadline = time.monotonic() + 30
    while "start_y" not in page.evaluate("() => location.search"):
        failed = page.frame_locator(IFRAME).locator("body").evaluate("() => !!window.__raceView.clickFailed")
        assert time.monotonic() < deadline, f"the click did not reach the page's start point ({failed=})"
        page.wait_for_timeout(200)
    page.wait_for_selector(IDLE)
    query = page.evaluate("() => location.search")
    x = float(query.split("start_x=")[1].split("&")[0])
    y = float(query.split("start_y=")[1].split("&")[0])
    assert 2.0 < x < 3.0 and 1.0 < y < 1.5  # the valley's plot is [-5, 5] x [-2.5, 2.5]
    state = wait(page, lambda s: s["step"] == "000,000", "the race to restart")
    assert state["status"] == "paused"
    assert browser_errors == []
