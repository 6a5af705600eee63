"""The playground in a real browser: the live view trains, pauses, steps and resets; links open experiments.

The live view is the page's ``st.iframe``; its script keeps
``window.__mlpLive = {frames, fps, connected, lastHeader, expired}`` and draws the
epoch in ``#epoch`` ("000,123"), the status in ``#status`` and the training loss
in ``#train_loss``. Streamlit puts a ``st-key-<key>`` class on each keyed widget.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.harness import IDLE, IFRAME, ViewFrame, wait_js

pytestmark = pytest.mark.e2e

_READ = """() => {
  const s = window.__mlpLive, h = s && s.lastHeader;
  const text = (id) => document.getElementById(id).textContent;
  return {
    epoch: text("epoch"), status: text("status"), train_loss: text("train_loss"),
    connected: !!(s && s.connected), expired: !!(s && s.expired), frames: s ? s.frames : 0,
    header: h ? {run: h.run, epoch: h.epoch, status: h.status, layers: h.layers, lr: h.lr,
                 features: h.features, train_loss: h.metrics.train_loss} : null,
    marker: window.__e2eMarker || null,
  };
}"""


class LiveView(ViewFrame):
    """The live-view iframe (re-resolved on every read, so a remount would not go unseen)."""

    def __init__(self, page: Any) -> None:
        super().__init__(page, _READ, numbers=("epoch",))
        self.body = self.locator("body")

    def wait_connected(self) -> dict[str, Any]:
        self.page.wait_for_selector(IFRAME)
        state = self.until(
            "s.connected && s.frames > 0 && s.lastHeader !== null",
            "the live view to connect and draw a frame",
            timeout=60,
        )
        # A marker that only survives if Streamlit never remounts (reloads) the iframe.
        self.body.evaluate("() => { window.__e2eMarker = 'kept'; }")
        return state


def button(page: Any, key: str) -> Any:
    # Buttons with a help tooltip are in the DOM twice (one hidden copy): take the visible one.
    return page.locator(f".st-key-{key} [data-testid^=stBaseButton]").filter(visible=True)


def click(page: Any, key: str) -> None:
    button(page, key).click()


def button_label(page: Any, key: str) -> str:
    """The button's text without its Material icon's ligature name ("play_arrow\n\nPlay")."""
    return button(page, key).inner_text().strip().splitlines()[-1]


def wait_label(page: Any, key: str, label: str, timeout: float = 30) -> None:
    # The text content ends with the label (the icon's ligature name comes first).
    expect(button(page, key)).to_have_text(re.compile(rf"{re.escape(label)}\s*$"), timeout=timeout * 1000)


def query(page: Any) -> dict[str, list[str]]:
    # Read the address bar in the page: Playwright's page.url only catches up with
    # history.replaceState while the sync API is processing events.
    return parse_qs(urlsplit(page.evaluate("() => location.href")).query)


_QUERY_IS = """(want) => {
  const p = new URLSearchParams(location.search);
  return JSON.stringify([...new Set(p.keys())].sort().map((k) => [k, p.getAll(k)])) === JSON.stringify(want);
}"""


def wait_query(page: Any, expected: dict[str, list[str]], timeout: float = 30) -> None:
    want = [[key, values] for key, values in sorted(expected.items())]
    wait_js(
        page, _QUERY_IS, f"the URL query {expected}", arg=want, timeout_s=timeout, state=lambda: query(page)
    )


def test_play_pause_step_and_reset_to_same_weights(
    open_app: Callable[[str], Any], browser_errors: list[str]
) -> None:
    page = open_app("/playground")
    live = LiveView(page)
    start = live.wait_connected()
    assert start["status"] == "paused"
    assert start["epoch"] == "000,000"
    assert start["header"]["layers"] == [2, 4, 2, 1]
    initial_text, initial_loss = start["train_loss"], start["header"]["train_loss"]
    assert button_label(page, "playground-play") == "Play"

    # Play: the epoch counter rises and the training loss falls.
    click(page, "playground-play")
    expect(live.el("status")).to_have_text("running")
    expect(live.el("epoch")).not_to_have_text("000,000")
    wait_label(page, "playground-play", "Pause")
    live.until(
        "num('train_loss') < arg",
        "the training loss to fall",
        arg=float(initial_text) - 0.02,
        timeout=45,
    )

    # Pause: the counter stops.
    click(page, "playground-play")
    expect(live.el("status")).to_have_text("paused", timeout=15_000)
    wait_label(page, "playground-play", "Play")
    first = live.read()
    page.wait_for_timeout(1000)
    second = live.read()
    assert second["epoch"] == first["epoch"], "the epoch counter moved while paused"
    assert second["status"] == "paused"
    paused_at = second["epoch_n"]
    assert paused_at > 0

    # Step: exactly one more epoch.
    page.wait_for_selector(IDLE)
    click(page, "playground-step")
    expect(live.el("epoch")).not_to_have_text(second["epoch"], timeout=20_000)
    assert live.read()["epoch_n"] == paused_at + 1
    page.wait_for_timeout(1000)
    assert live.read()["epoch_n"] == paused_at + 1
    assert live.read()["status"] == "paused"

    # Reset to same weights: epoch 0 and the very same initial loss.
    page.wait_for_selector(IDLE)
    click(page, "playground-reset_same")
    expect(live.el("epoch")).to_have_text("000,000", timeout=20_000)
    reset = live.read()
    assert reset["train_loss"] == initial_text
    assert reset["header"]["train_loss"] == pytest.approx(initial_loss, abs=1e-6)
    assert reset["status"] == "paused"

    final = live.read()
    assert final["marker"] == "kept", "the live view was reloaded by a rerun"
    assert final["connected"] and not final["expired"]
    assert browser_errors == []


def test_shared_link_opens_the_same_experiment(
    open_app: Callable[[str], Any], browser_errors: list[str]
) -> None:
    params = {"data": ["xor"], "net": ["3"], "lr": ["0.1"], "seed": ["7"]}
    page = open_app("/playground?data=xor&net=3&lr=0.1&seed=7")
    live = LiveView(page)
    state = live.wait_connected()
    assert state["header"]["layers"] == [2, 3, 1]
    assert state["header"]["lr"] == 0.1
    assert state["epoch"] == "000,000"

    sidebar = page.locator("[data-testid=stSidebar]")
    assert sidebar.locator(".st-key-playground-dataset input").input_value() == "Exclusive or (XOR)"
    assert (
        sidebar.locator(".st-key-playground-learning_rate [data-testid=stSliderThumbValue]").inner_text()
        == "0.1"
    )
    assert sidebar.locator(".st-key-playground-seed input").input_value() == "7"
    sidebar_text = sidebar.inner_text()
    assert "1 hidden layer" in sidebar_text
    assert "Layer 1: 3 neurons" in sidebar_text
    assert "Exclusive or (XOR)" in page.locator("[data-testid=stCaptionContainer]").first.inner_text()
    assert query(page) == params

    # The URL keeps the parameters across reruns.
    click(page, "playground-step")
    expect(live.el("epoch")).to_have_text("000,001", timeout=20_000)
    page.wait_for_selector(IDLE)
    assert query(page) == params
    assert browser_errors == []


def test_sidebar_change_rebuilds_the_network_and_updates_the_url(
    open_app: Callable[[str], Any], browser_errors: list[str]
) -> None:
    page = open_app("/playground?data=xor&net=3&lr=0.1&seed=7")
    live = LiveView(page)
    before = live.wait_connected()

    click(page, "playground-layers_plus")
    wait_query(page, {"data": ["xor"], "net": ["3,2"], "lr": ["0.1"], "seed": ["7"]})
    after = live.until(
        "JSON.stringify(s.lastHeader && s.lastHeader.layers) === JSON.stringify(arg)",
        "the new network in the live view",
        arg=[2, 3, 2, 1],
    )
    assert after["header"]["run"] != before["header"]["run"]  # a freshly built network
    assert after["epoch"] == "000,000"
    assert after["marker"] == "kept"  # the same iframe: no remount
    assert "2 hidden layers" in page.locator("[data-testid=stSidebar]").inner_text()
    assert browser_errors == []
