"""The home page in a real browser: it loads and links to the playground."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import expect

from tests.harness import IFRAME

pytestmark = pytest.mark.e2e


def test_home_page_links_to_the_playground(open_app: Callable[[str], Any], browser_errors: list[str]) -> None:
    page = open_app("/")
    assert page.locator("h1").first.inner_text().strip() == "ML Playground"
    link = page.locator("[data-testid=stPageLink] a", has_text="Neural network playground")
    expect(link).to_have_count(1)  # waits: the three-column grid of cards may still be drawing
    assert urlsplit(urljoin(page.url, link.get_attribute("href") or "")).path == "/playground"

    link.click()
    page.wait_for_url("**/playground", timeout=30_000)
    page.locator("h1", has_text="Neural network playground").wait_for(timeout=120_000)
    page.wait_for_selector(IFRAME, timeout=60_000)  # the live view
    assert browser_errors == []
