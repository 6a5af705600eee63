"""Every page on a 1280x720 projector: nothing cut off, and a screenshot to look at.

Each page is opened at 1280x720 (the sidebar open) and saved, whole, to
``test-artifacts/projector/<page>.png`` for a person to look at. What a program can
tell is checked on every page: no table or data grid needs a horizontal scroll
(a column out of sight is a column the class cannot read), and no select box
shows its value cut off.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import ARTIFACTS
from ui.navigation import ALL_PAGES, TopicPage

pytestmark = pytest.mark.e2e

SHOTS = ARTIFACTS / "projector"

#: Elements whose content is wider than their box: [kind, label, content px, box px].
OVERFLOWING = """() => {
  const out = [];
  const wider = (el) => el.scrollWidth > el.clientWidth + 1;
  document.querySelectorAll('[data-testid=stDataFrame] .dvn-scroller').forEach((el) => {
    const heads = [...el.closest('[data-testid=stDataFrame]').querySelectorAll('[role=columnheader]')];
    if (wider(el)) out.push(['data grid', heads.map((h) => h.innerText).join(' | ').slice(0, 80),
                             el.scrollWidth, el.clientWidth]);
  });
  document.querySelectorAll('[data-testid=stTable]').forEach((el) => {
    if (wider(el)) out.push(['table', el.innerText.slice(0, 60), el.scrollWidth, el.clientWidth]);
  });
  document.querySelectorAll('[data-testid=stSelectbox] input').forEach((el) => {
    if (wider(el)) out.push(['select box', el.getAttribute('aria-label') + ': ' + el.value,
                             el.scrollWidth, el.clientWidth]);
  });
  return out;
}"""


@pytest.mark.parametrize("topic", ALL_PAGES, ids=lambda p: p.slug)
def test_page_fits_a_projector(page: Any, open_app: Any, topic: TopicPage) -> None:
    page.set_viewport_size({"width": 1280, "height": 720})
    open_app("/" if topic.slug == "home" else f"/{topic.slug}")
    page.wait_for_timeout(800)  # data grids measure their columns after the run ends
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{topic.slug}.png"), full_page=True, timeout=20_000)
    cut_off = page.evaluate(OVERFLOWING)
    assert not cut_off, f"{topic.title}: content cut off at 1280x720: {cut_off}"
