"""A slide deck's topics, the page (and experiment) that teaches each one, and the map's filter.

UI-free: the decks themselves are data in :mod:`engine.course.decks`; the course map page
(``pages/course_map.py``) turns a topic's page, preset and query into a link.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType


@dataclasses.dataclass(frozen=True)
class Topic:
    """One topic of a deck.

    Attributes:
        title: the topic as the slides name it.
        slides: what the slides say about it, in one line (plain text: no ``$`` or ``|``).
        page: the slug of the page that teaches it (``ui.navigation.TopicPage.slug``), or
            ``None`` when the app has no page for it yet.
        preset: the ``Preset.title`` (a "What to try" button of that page) that opens the
            experiment, if one fits.
        query: URL query values (key -> text) that open the experiment, on top of the preset's.
    """

    title: str
    slides: str
    page: str | None = None
    preset: str | None = None
    query: Mapping[str, str] = dataclasses.field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.page is None and (self.preset or self.query):
            raise ValueError(f"{self.title!r}: a preset or query needs a page")
        object.__setattr__(self, "query", MappingProxyType(dict(self.query)))

    @property
    def has_page(self) -> bool:
        return self.page is not None

    def matches(self, words: Iterable[str], also: str = "") -> bool:
        """Whether every word (case-insensitive) occurs in the title, the slides' line, the
        preset or ``also`` (e.g. the page's title)."""
        text = " ".join((self.title, self.slides, self.preset or "", self.page or "", also)).casefold()
        return all(word.casefold() in text for word in words)


@dataclasses.dataclass(frozen=True)
class Deck:
    """One slide deck: its title, who gave it, and its topics in the slides' order."""

    title: str
    short: str
    source: str
    topics: tuple[Topic, ...]

    @property
    def covered(self) -> int:
        """How many of its topics have a page."""
        return sum(topic.has_page for topic in self.topics)

    @property
    def coverage(self) -> str:
        """``"12 of 14 topics have a page"``."""
        total = len(self.topics)
        return f"{self.covered} of {total} topic{'s' if total != 1 else ''} {'has' if self.covered == 1 else 'have'} a page"


def filter_words(text: str) -> tuple[str, ...]:
    """The filter box's text as words (blank: no filter)."""
    return tuple(text.split())


def visible_topics(
    deck: Deck, words: Iterable[str] = (), *, gaps: bool = False, also: Callable[[Topic], str] | None = None
) -> list[tuple[int, Topic]]:
    """The deck's topics that match every filter word (and have no page, if ``gaps``), each with
    its number in the deck (from 1). ``also(topic)``: more text to search, e.g. the page's title."""
    words = tuple(words)
    return [
        (number, topic)
        for number, topic in enumerate(deck.topics, 1)
        if not (gaps and topic.has_page) and topic.matches(words, also(topic) if also else "")
    ]
