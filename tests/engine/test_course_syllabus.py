"""The course map's data: every deck's topics link to real pages, presets and queries.

The decks' text lives outside the repository, so the slides' order is pinned here by a few
known titles per deck. The link registry (``ui.course.experiments.PAGES``) is checked against
the pages' own sources: the config class each page binds with ``PageState`` and the presets
each page imports, so a link opens exactly what the page's preset button would.
"""

from __future__ import annotations

import ast
import importlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.course.config import DECK_CHOICES, CourseMapConfig
from engine.course.decks import DECKS
from engine.course.syllabus import Deck, Topic, filter_words, visible_topics
from engine.presets import Preset
from ui.course.experiments import PAGES, topic_href, topic_params
from ui.navigation import ALL_PAGES, TOPICS

ROOT = Path(__file__).resolve().parents[2]
SLUGS = {page.slug for page in ALL_PAGES}
LINKED = [(deck.short, topic) for deck in DECKS for topic in deck.topics if topic.page is not None]


def _ids(items: list[tuple[str, Topic]]) -> list[str]:
    return [f"{short}: {topic.title}" for short, topic in items]


def test_five_decks_in_the_course_order() -> None:
    assert [deck.short for deck in DECKS] == [
        "Bootcamp",
        "ML with Python",
        "ML for Humans",
        "TensorFlow",
        "Intro ML & DL",
    ]
    assert DECKS[0].title == "Machine Learning Bootcamp" and DECKS[1].title == "Machine Learning with python"
    assert DECKS[2].title == "Machine Learning for Humans"
    for deck in DECKS:
        titles = [topic.title for topic in deck.topics]
        assert len(titles) >= 20 and len(set(titles)) == len(titles), deck.short


@pytest.mark.parametrize(
    ("deck", "anchors"),
    [
        (
            0,
            [
                "What is Machine Learning",
                "Linear Regression",
                "Gradient Descent",
                "Clustering Algorithm",
                "Padding",
                "Docker",
            ],
        ),
        (
            1,
            [
                "Supervised Learning",
                "Classification: Simple approach",
                "Backpropagation Intuition",
                "Attention models",
            ],
        ),
        (2, ["Neuron", "WTH is Softmax?", "MaxPooling", "One Hot Encoder", "Deploy"]),
        (
            3,
            [
                "Hello TensorFlow",
                "Feature Scaling",
                "Boolean logic with one neuron: AND, NAND, OR",
                "Pooling Layer",
            ],
        ),
        (4, ["Limitation of Linear Single-Layer Classifiers", "Backwards Propagation", "Dataset Splitting"]),
    ],
)
def test_topics_keep_the_slides_order(deck: int, anchors: list[str]) -> None:
    titles = [topic.title for topic in DECKS[deck].topics]
    positions = [titles.index(title) for title in anchors]
    assert positions == sorted(positions)


def test_every_slides_line_is_one_plain_line() -> None:
    for deck in DECKS:
        for topic in deck.topics:
            assert topic.slides and "\n" not in topic.slides and len(topic.slides) <= 140, topic.title


@pytest.mark.parametrize(("short", "topic"), LINKED, ids=_ids(LINKED))
def test_linked_pages_presets_and_queries_exist(short: str, topic: Topic) -> None:
    assert topic.page in SLUGS, f"{short}: no page {topic.page!r}"
    page = PAGES[topic.page]
    params = topic_params(topic)
    config, problems = page.config.from_params(params)
    assert problems == []
    assert config.to_params() == params  # canonical: every value is used as written, no default
    if topic.preset is not None:
        expected = page.preset(topic.preset).applied_to(page.config())
        if not topic.query:
            assert config == expected  # the link opens what the preset button sets
        assert {k: v for k, v in config.to_params().items() if k not in topic.query} == {
            k: v for k, v in expected.to_params().items() if k not in topic.query
        }


def test_each_page_is_in_the_link_registry() -> None:
    assert set(PAGES) == {page.slug for page in TOPICS}


def _page_state_classes() -> Iterator[tuple[str, str]]:
    """(slug, config class name) of every ``PageState(<page>, <Config>)`` in pages/ and ui/."""
    pattern = re.compile(r"PageState\(\s*(__file__|\"pages/(\w+)\.py\")\s*,\s*([\w.]+)\s*\)")
    for path in [*ROOT.glob("pages/*.py"), *ROOT.glob("ui/**/*.py")]:
        for match in pattern.finditer(path.read_text(encoding="utf-8")):
            if match[1] == "__file__":
                if path.parent.name == "pages":
                    yield path.stem, match[3].rsplit(".", 1)[-1]
            else:
                yield match[2], match[3].rsplit(".", 1)[-1]


def test_registry_config_is_the_class_each_page_binds() -> None:
    bound = dict(_page_state_classes())
    for slug, page in PAGES.items():
        assert bound.get(slug) == page.config.__name__, slug


def _imported_presets(slug: str) -> set[str]:
    """Titles of every preset (alone, in a sequence or a dict of them) that ``pages/<slug>.py`` imports."""
    tree = ast.parse((ROOT / "pages" / f"{slug}.py").read_text(encoding="utf-8"))
    titles: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            module = importlib.import_module(node.module)
            for alias in node.names:
                value = getattr(module, alias.name, None)
                groups = value.values() if isinstance(value, dict) else [value]
                for group in groups:
                    if isinstance(group, Preset):
                        titles.add(group.title)
                    elif (
                        isinstance(group, (tuple, list))
                        and group
                        and all(isinstance(p, Preset) for p in group)
                    ):
                        titles |= {p.title for p in group}
    return titles


@pytest.mark.parametrize("slug", sorted(PAGES))
def test_registry_presets_are_the_ones_the_page_imports(slug: str) -> None:
    assert {p.title for p in PAGES[slug].presets} == _imported_presets(slug)


def test_links_are_relative_and_carry_app_wide_values() -> None:
    topic = Topic("XOR", "x", "playground", "XOR without a hidden layer fails")
    assert topic_href(topic) == "playground?data=xor&net=-&lr=0.1"
    assert topic_href(topic, {"present": "1"}).endswith("&present=1")
    assert topic_href(Topic("Pages", "x", "playground")) == "playground"
    assert topic_href(Topic("Docker", "x")) is None


def test_a_topic_without_a_page_cannot_name_a_preset() -> None:
    with pytest.raises(ValueError, match="needs a page"):
        Topic("Docker", "x", preset="Just right")


def test_coverage_counts_the_topics_with_a_page() -> None:
    deck = Deck("D", "d", "s", (Topic("a", "x", "knn"), Topic("b", "x"), Topic("c", "x", "svm")))
    assert deck.covered == 2 and deck.coverage == "2 of 3 topics have a page"
    assert (
        Deck("D", "d", "s", (Topic("a", "x", "knn"), Topic("b", "x"))).coverage == "1 of 2 topics has a page"
    )
    for deck in DECKS:
        assert deck.covered == sum(topic.page is not None for topic in deck.topics)


def test_filter_keeps_the_numbers_in_the_deck() -> None:
    bootcamp = DECKS[0]
    rows = visible_topics(bootcamp, filter_words("  GRADIENT   descent "))
    assert [n for n, _ in rows] == [8, 9, 13]  # the three gradient-descent topics, numbered as in the deck
    assert all(
        "gradient descent" in (t.title + " " + t.slides + " " + (t.preset or "")).lower() for _, t in rows
    )
    gaps = visible_topics(bootcamp, gaps=True)
    assert gaps and all(t.page is None for _, t in gaps) and gaps[0][0] == 1
    assert visible_topics(bootcamp, ["neural network playground"], also=lambda t: "") == []
    found = visible_topics(
        bootcamp,
        ["neural", "playground"],
        also=lambda t: "Neural network playground" * (t.page == "playground"),
    )
    assert [t.page for _, t in found] == ["playground"]


def test_course_map_config_round_trips_and_rejects_bad_links() -> None:
    config = CourseMapConfig(deck=4, text="soft max", gaps=True)
    assert CourseMapConfig.from_params(config.to_params()) == (config, [])
    parsed, problems = CourseMapConfig.from_params({"deck": "9", "q": "x" * 200})
    assert parsed == CourseMapConfig() and len(problems) == 2
    assert list(DECK_CHOICES) == [0, 1, 2, 3, 4, 5]
