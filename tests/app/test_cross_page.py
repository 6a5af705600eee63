"""Every page opened after other pages, in one session of ``app.py``'s navigation.

A page tested alone cannot show what another page left in the session (two pages that
shared the prefix ``lg_`` crashed each other: Logic gates -> Logistic regression raised
``KeyError: st.session_state has no key "lg_lr"``). Here one AppTest session walks over
every page of the registry (``ui.navigation.ALL_PAGES``) three times, in three orders
(forward, backward, and with a stride): every page then opens in a session that holds
every other page's state, after three different pages (both of its neighbours in the
registry and one far away), including after the live pages. Together with the static
checks below (every session key starts with its page's prefix, and no prefix starts
another) this guards what the old every-ordered-pair circuit did at 3n page runs
instead of n(n - 1) (31 pages: 93 runs instead of 930). The walk runs once per module
(the ``tour`` fixture); the tests read its record:

* no page raises, whichever page came before it;
* each page's settings are its own defaults: its ``ui.url_state.PageState`` config in
  ``st.session_state["<prefix>_last_config"]`` equals ``type(config)()``, no link
  warning or "impossible combination" error is shown and the URL holds no setting;
* every session-state key the pages set starts with a registry prefix.

The query string is cleared before each switch, as a browser does when the learner
picks another page in the navigation.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.runtime.caching.cache_resource_api import clear_session_cache
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.util import patch_config_options

from ui.navigation import ALL_PAGES, HOME, INSTRUCTOR, TopicPage
from ui.url_state import IMPOSSIBLE, LINK_PROBLEM

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
TIMEOUT = 120  # the first run of a page that trains imports TensorFlow
PAGES: tuple[TopicPage, ...] = ALL_PAGES
#: The pages with settings of their own (Home and the Instructor page have none).
WITH_SETTINGS: tuple[TopicPage, ...] = tuple(p for p in PAGES if p not in (HOME, INSTRUCTOR))
LINK_WARNING = LINK_PROBLEM.split("{")[0]
IMPOSSIBLE_ERROR = IMPOSSIBLE.split("{")[0]
MISSING = object()


def release_test_session() -> None:
    """Stop the live runs of AppTest's one session id (as tests/app/conftest.py does per test)."""
    clear_session_cache("test session id")


def stride(n: int) -> int:
    """The step of the third order: about n / 2 and coprime with n, so it visits every page."""
    return next(k for k in range(n // 2, n) if math.gcd(k, n) == 1) if n > 2 else 1


def three_orders(n: int) -> list[int]:
    """Page indices 0..n-1 forward, then backward, then by :func:`stride` steps from page 1 (3n
    visits; from 1, so that page 0, which opens the walk after itself, gets a far neighbour too)."""
    k = stride(n)
    return [*range(n), *reversed(range(n)), *((1 + i * k) % n for i in range(n))]


@dataclasses.dataclass(frozen=True)
class Visit:
    """One page run of the tour: where it came from and what it left behind."""

    page: TopicPage
    previous: TopicPage
    ran: str  # the script AppTest finished on (must be ``page``'s)
    errors: tuple[str, ...]
    link_warnings: tuple[str, ...]
    impossible: tuple[str, ...]
    query: dict[str, Any]
    config: Any
    keys: frozenset[str]

    def after(self) -> str:
        return f"after {self.previous.slug}"


def _errors(at: AppTest) -> tuple[str, ...]:
    """Each exception on the page as its message and the last lines of its traceback."""
    return tuple(
        " | ".join([e.message, *[line.strip() for line in e.stack_trace[-3:]]]) for e in at.exception
    )


def _script_ran(at: AppTest) -> str:
    """The page script of AppTest's last run, relative to the repository ("" if unknown)."""
    info = getattr(at, "_registered_pages", {}).get(getattr(at, "_finished_page_script_hash", None), {})
    path = info.get("script_path")
    return Path(path).resolve().relative_to(ROOT).as_posix() if path else ""


def _visit(at: AppTest, page: TopicPage, previous: TopicPage) -> Visit:
    at.query_params.clear()  # a browser drops the query string when the learner switches pages
    try:
        with patch_config_options({"client.showErrorDetails": "full"}):
            at.switch_page(page.path).run()
    except Exception as err:  # AppTest itself failed (e.g. a run over its timeout)
        return Visit(page, previous, "", (f"{type(err).__name__}: {err}",), (), (), {}, MISSING, frozenset())
    key = page.prefix + "_last_config"
    return Visit(
        page,
        previous,
        _script_ran(at),
        _errors(at),
        tuple(w.value for w in at.warning if w.value.startswith(LINK_WARNING)),
        tuple(e.value for e in at.error if e.value.startswith(IMPOSSIBLE_ERROR)),
        dict(at.query_params),
        at.session_state.get(key, MISSING),
        frozenset(at.session_state.keys()),
    )


@pytest.fixture(scope="module")
def tour() -> Iterator[list[Visit]]:
    """The whole walk in one session; prints how long it took (run pytest with -s to see it)."""
    release_test_session()
    start = time.perf_counter()
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, _errors(at)
    visits: list[Visit] = []
    previous = HOME
    for index in three_orders(len(PAGES)):
        visits.append(_visit(at, PAGES[index], previous))
        previous = PAGES[index]
    print(f"\ncross-page tour: {len(visits)} page runs in {time.perf_counter() - start:.1f} s")
    release_test_session()
    yield visits
    release_test_session()


def _ids(pages: tuple[TopicPage, ...]) -> list[str]:
    return [p.slug for p in pages]


# ---- the registry --------------------------------------------------------------------------------
def test_registry_prefixes_are_unique_and_none_is_a_prefix_of_another() -> None:
    pages = ALL_PAGES
    assert len({p.slug for p in pages}) == len(pages)
    assert len({p.path for p in pages}) == len(pages)
    for page in pages:
        assert (ROOT / page.path).is_file(), page.path
        assert page.prefix.startswith(page.slug), page
    for a, b in itertools.permutations(pages, 2):
        assert not b.prefix.startswith(a.prefix), f"{a.slug!r}'s prefix {a.prefix!r} starts {b.prefix!r}"


def test_each_order_visits_every_page_and_gives_three_different_predecessors() -> None:
    for n in (5, 7, 16, len(PAGES)):
        walk = three_orders(n)
        assert len(walk) == 3 * n
        for third in (walk[:n], walk[n : 2 * n], walk[2 * n :]):
            assert sorted(third) == list(range(n))
        walk = [0, *walk]  # the app's first run is page 0 (Home): the walk starts after it
        before = {node: {prev for prev, cur in itertools.pairwise(walk) if cur == node} for node in range(n)}
        assert all(len(before[node] - {node}) >= 2 for node in range(n)), before


# ---- the tour ------------------------------------------------------------------------------------
def test_the_tour_visited_every_page_three_times(tour: list[Visit]) -> None:
    assert len(tour) == 3 * len(PAGES)
    assert all(sum(v.page == page for v in tour) == 3 for page in PAGES)
    wrong = [f"asked for {v.page.path}, ran {v.ran}" for v in tour if v.ran and v.ran != v.page.path]
    assert not wrong, "switch_page did not land on the page:\n" + "\n".join(wrong)
    assert any(v.ran for v in tour), "AppTest no longer says which page ran: check switch_page by hand"


@pytest.mark.parametrize("page", PAGES, ids=_ids(PAGES))
def test_page_opens_after_other_pages(tour: list[Visit], page: TopicPage) -> None:
    visits = [v for v in tour if v.page == page]
    assert len({v.previous for v in visits} - {page}) >= 2
    failures = [f"{v.after()}: {err}" for v in visits for err in v.errors]
    assert not failures, f"{page.path} raised:\n" + "\n".join(failures)


@pytest.mark.parametrize("page", WITH_SETTINGS, ids=_ids(WITH_SETTINGS))
def test_page_settings_stay_its_own_defaults(tour: list[Visit], page: TopicPage) -> None:
    visits = [v for v in tour if v.page == page]
    problems = [f"{v.after()}: link warning {w!r}" for v in visits for w in v.link_warnings]
    problems += [f"{v.after()}: {e!r}" for v in visits for e in v.impossible]
    problems += [f"{v.after()}: the URL holds {v.query}" for v in visits if v.query]
    configs = [v for v in visits if v.config is not MISSING]
    if len(configs) < len(visits) and not problems:
        pytest.skip(
            f"{page.path} keeps no {page.prefix + '_last_config'!r} in session state (not on "
            "ui.url_state.PageState yet): its settings could not be compared with its defaults"
        )
    for v in configs:
        default = type(v.config)()
        if v.config != default:
            changed = {
                name: (getattr(v.config, name), getattr(default, name))
                for name in (f.name for f in dataclasses.fields(default))
                if getattr(v.config, name) != getattr(default, name)
            }
            problems.append(f"{v.after()}: settings (now, default) {changed}")
    assert not problems, f"{page.path} did not open with its own defaults:\n" + "\n".join(problems)


#: Streamlit keys a form's submit button "FormSubmitter:<form key>-<label>" itself.
STREAMLIT_FORM_SUBMITTER = "FormSubmitter:"


def test_every_session_key_starts_with_a_registry_prefix(tour: list[Visit]) -> None:
    prefixes = tuple(p.prefix for p in ALL_PAGES)
    first_seen: dict[str, str] = {}
    for v in tour:
        for key in v.keys:
            first_seen.setdefault(key, v.page.path)
    stray = sorted(
        f"{key!r} (first set on {path})"
        for key, path in first_seen.items()
        if not key.removeprefix(STREAMLIT_FORM_SUBMITTER).startswith(prefixes)
    )
    assert not stray, "session keys typed by hand instead of PageState.key():\n" + "\n".join(stray)
