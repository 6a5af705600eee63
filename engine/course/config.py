"""The course map's settings (its URL): which deck, the filter text, only the gaps."""

from __future__ import annotations

import dataclasses

from engine.course.decks import DECKS
from engine.urlstate import UrlConfig, require, setting

#: 0 = every deck; 1-5 = one deck, in the course's order.
DECK_CHOICES: dict[int, str] = {
    0: "All decks",
    **{i: f"{i} · {deck.short}" for i, deck in enumerate(DECKS, 1)},
}
#: The filter box's longest text (characters).
MAX_FILTER_CHARS = 80


@dataclasses.dataclass(frozen=True)
class CourseMapConfig(UrlConfig):
    """What the course map shows."""

    deck: int = setting(
        0, key="deck", choices=DECK_CHOICES, widget="segmented", label="Slide deck", describe="deck"
    )
    text: str = setting(
        "",
        key="q",
        label="Filter topics",
        help="Words to look for in the topics, what the slides say, the presets and the page titles.",
        describe="filter text",
    )
    gaps: bool = setting(
        False,
        key="gaps",
        widget="toggle",
        label="Only topics without a page",
        help="The topics of the slides that the app does not teach yet.",
        describe="gaps switch",
    )

    def check(self) -> None:
        require(
            len(self.text) <= MAX_FILTER_CHARS,
            f"the filter is longer than {MAX_FILTER_CHARS} characters",
            "text",
        )
