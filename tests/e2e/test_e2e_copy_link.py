"""The "Copy link" button in a real browser: a click puts the page's address on the clipboard.

Only a browser can show this: the button is an iframe script that reads the app's address and
writes the clipboard. The context is granted clipboard permissions so the test can read it back.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from ui.copy_link import DONE, KEY

pytestmark = pytest.mark.e2e

BUTTON_FRAME = f".st-key-{KEY} iframe"


@pytest.fixture
def clipboard_page(chromium: Any, streamlit_url: str, browser_errors: list[str]) -> Iterator[Any]:
    context = chromium.new_context(
        viewport={"width": 1280, "height": 720},
        base_url=streamlit_url,
        permissions=["clipboard-read", "clipboard-write"],
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.on("pageerror", lambda err: browser_errors.append(f"pageerror: {err}"))
    try:
        yield page
    finally:
        context.close()


def _copy(page: Any) -> str:
    button = page.frame_locator(BUTTON_FRAME).get_by_role("button")
    button.click()
    expect(button).to_contain_text(DONE)
    return page.evaluate("navigator.clipboard.readText()")


def test_copy_link_puts_the_address_on_the_clipboard(clipboard_page: Any, browser_errors: list[str]) -> None:
    page = clipboard_page
    page.goto("/")
    page.locator("h1", has_text="ML Playground").wait_for()
    assert _copy(page) == page.url

    # A topic page with settings in its address: the link is the experiment, presenter flag left out.
    page.goto("/playground?data=xor&present=1")
    page.locator("h1", has_text="Neural network playground").wait_for()
    copied = _copy(page)
    assert copied == page.url.replace("&present=1", "") and copied.endswith("/playground?data=xor")
    assert browser_errors == []
