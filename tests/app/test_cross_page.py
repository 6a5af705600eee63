"""Every page opened after every other page, in one session of ``app.py``'s navigation.

A page tested alone cannot show what another page left in the session (two pages that
shared the prefix ``lg_`` crashed each other: Logic gates -> Logistic regression raised
``KeyError: st.session_state has no key "lg_lr"``). Here one AppTest session walks an
Eulerian circuit of the complete directed graph of the registry's pages
(``ui.navigation.TOPICS``): every ordered pair (A, B) of different pages is one step
A -> B (16 pages: 16 x 15 = 240 steps in 241 page runs, about 100 s on the 2-core
development machine). The walk runs once per module (the ``tour`` fixture); the tests
read its record:

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
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.runtime.caching.cache_resource_api import clear_session_cache
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.util import patch_config_options

from ui.navigation import HOME, TOPICS, TopicPage
from ui.url_state import IMPOSSIBLE, LINK_PROBLEM

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
TIMEOUT = 120  # the first run of a page that trains imports TensorFlow
PAGES: tuple[TopicPage, ...] = TOPICS
LINK_WARNING = LINK_PROBLEM.split("{")[0]
IMPOSSIBLE_ERROR = IMPOSSIBLE.split("{")[0]
MISSING = object()


def release_test_session() -> None:
    """Stop the live runs of AppTest's one session id (as tests/app/conftest.py does per test)."""
    clear_session_cache("test session id")


def eulerian_circuit(n: int) -> list[int]:
    """A closed walk over nodes 0..n-1 that takes every edge (i, j), i != j, exactly once.

    Hierholzer's algorithm on the complete directed graph (every node has 15 edges in and
    15 out for n = 16, so such a circuit exists); it starts and ends at node 0.
    """
    unused = {i: [j for j in reversed(range(n)) if j != i] for i in range(n)}
    stack, circuit = [0], []
    while stack:
        node = stack[-1]
        if unused[node]:
            stack.append(unused[node].pop())
        else:
            circuit.append(stack.pop())
    return circuit[::-1]


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
    """The whole circuit in one session; prints how long it took (run pytest with -s to see it)."""
    release_test_session()
    start = time.perf_counter()
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, _errors(at)
    visits: list[Visit] = []
    previous = HOME
    for index in eulerian_circuit(len(PAGES)):
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
    pages = (HOME, *TOPICS)
    assert len({p.slug for p in pages}) == len(pages)
    assert len({p.path for p in pages}) == len(pages)
    for page in pages:
        assert (ROOT / page.path).is_file(), page.path
        assert page.prefix.startswith(page.slug), page
    for a, b in itertools.permutations(pages, 2):
        assert not b.prefix.startswith(a.prefix), f"{a.slug!r}'s prefix {a.prefix!r} starts {b.prefix!r}"


def test_the_circuit_takes_every_ordered_pair_once() -> None:
    for n in (2, 3, 5, len(PAGES)):
        walk = eulerian_circuit(n)
        steps = list(itertools.pairwise(walk))
        assert len(walk) == n * (n - 1) + 1
        assert walk[0] == walk[-1] == 0
        assert sorted(steps) == sorted(itertools.permutations(range(n), 2))


# ---- the tour ------------------------------------------------------------------------------------
def test_the_tour_took_every_ordered_pair_of_pages(tour: list[Visit]) -> None:
    steps = {(v.previous.slug, v.page.slug) for v in tour if v.previous is not HOME}
    assert len(tour) == len(PAGES) * (len(PAGES) - 1) + 1
    assert steps == {(a.slug, b.slug) for a, b in itertools.permutations(PAGES, 2)}
    wrong = [f"asked for {v.page.path}, ran {v.ran}" for v in tour if v.ran and v.ran != v.page.path]
    assert not wrong, "switch_page did not land on the page:\n" + "\n".join(wrong)
    assert any(v.ran for v in tour), "AppTest no longer says which page ran: check switch_page by hand"


@pytest.mark.parametrize("page", PAGES, ids=_ids(PAGES))
def test_page_opens_after_every_other_page(tour: list[Visit], page: TopicPage) -> None:
    visits = [v for v in tour if v.page == page]
    assert {v.previous for v in visits} >= set(PAGES) - {page}
    failures = [f"{v.after()}: {err}" for v in visits for err in v.errors]
    assert not failures, f"{page.path} raised:\n" + "\n".join(failures)


@pytest.mark.parametrize("page", PAGES, ids=_ids(PAGES))
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
    prefixes = tuple(p.prefix for p in (HOME, *TOPICS))
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
