"""pages/course_map.py with AppTest: the decks, their coverage, the links, the filter and the URL."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from engine.course.decks import DECKS
from ui.course.view import NO_PAGE
from ui.navigation import COURSE_MAP, page_for

PAGE = COURSE_MAP.path
KEY = page_for(PAGE).prefix
LINK = re.compile(r"\]\(([^)]+)\)")


def _tables(at) -> list[str]:
    return [e.value for e in at.markdown if e.value.startswith("| # |")]


def _rows(at) -> list[str]:
    return [line for table in _tables(at) for line in table.splitlines()[2:]]


def _subheaders(at) -> list[str]:
    return [e.value for e in at.subheader]


def test_every_deck_in_order_with_its_coverage(run_page) -> None:
    at = run_page(PAGE)
    assert _subheaders(at) == [f"{i}. {deck.title}" for i, deck in enumerate(DECKS, 1)]
    texts = [p.proto.text for p in at.get("progress")]
    assert texts == [deck.coverage for deck in DECKS]
    assert texts[0] == f"{DECKS[0].covered} of {len(DECKS[0].topics)} topics have a page"
    assert len(_rows(at)) == sum(len(deck.topics) for deck in DECKS)
    total = sum(len(d.topics) for d in DECKS)
    assert f"{sum(d.covered for d in DECKS)} of {total} topics have a page" in at.caption[0].value
    table = _tables(at)[0]
    first = table.splitlines()[2]
    assert first.startswith("| 1 | **What is Machine Learning**") and first.endswith(f"| {NO_PAGE} |")
    assert "[Linear regression › set up for this topic](linear_regression?data=balloon)" in table
    assert "[Gradient descent › Just right](gradient_descent)" in table  # the preset equals the defaults


def test_filter_narrows_the_map_and_round_trips_through_the_url(run_page) -> None:
    at = run_page(PAGE)
    at.text_input(key=KEY + "text").input("xor").run()
    assert at.query_params["q"] == "xor"
    rows = _rows(at)
    assert rows and all("xor" in row.lower() for row in rows)
    assert len(_subheaders(at)) < len(DECKS)  # decks without a match are left out
    again = run_page(PAGE, **{k: at.query_params[k] for k in at.query_params})
    assert again.text_input(key=KEY + "text").value == "xor" and _rows(again) == rows


def test_one_deck_from_the_link(run_page) -> None:
    at = run_page(PAGE, deck="4", q="pooling")
    assert at.button_group(key=KEY + "deck").value == 4
    assert _subheaders(at) == [f"4. {DECKS[3].title}"]
    assert any("pooling?levels=3" in row for row in _rows(at))
    at.button_group(key=KEY + "deck").set_value(0).run()
    assert "deck" not in at.query_params and len(_subheaders(at)) > 1


def test_only_the_gaps(run_page) -> None:
    at = run_page(PAGE, gaps="1")
    rows = _rows(at)
    missing = sum(len(d.topics) - d.covered for d in DECKS)
    assert len(rows) == missing and all(row.endswith(f"| {NO_PAGE} |") for row in rows)
    at.toggle(key=KEY + "gaps").set_value(False).run()
    assert "gaps" not in at.query_params and len(_rows(at)) == sum(len(d.topics) for d in DECKS)


def test_no_match_says_so(run_page) -> None:
    at = run_page(PAGE, q="zebra")
    assert "No topic matches" in at.info[0].value and _rows(at) == []


def test_links_open_the_experiment_and_keep_presenter_mode(run_page) -> None:
    at = run_page(PAGE, present="1", q="XOR")
    hrefs = [href for row in _rows(at) for href in LINK.findall(row)]
    assert hrefs and all(parse_qs(urlsplit(href).query)["present"] == ["1"] for href in hrefs)
    assert all(not href.startswith(("/", "http")) for href in hrefs)  # relative: a base path stays


def test_a_bad_link_is_named_and_ignored(run_page) -> None:
    at = run_page(PAGE, deck="9")
    assert any("deck" in w.value for w in at.warning)
    assert len(_subheaders(at)) == len(DECKS)
