"""The course map's parts: a deck's topics as a table of links, and its coverage bar."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import streamlit as st

from engine.course.syllabus import Deck, Topic
from ui.course.experiments import topic_href
from ui.navigation import ALL_PAGES

NO_PAGE = ":gray-badge[No page yet]"
SET_UP = "set up for this topic"
_TITLES = {page.slug: page.title for page in ALL_PAGES}


def page_title(topic: Topic) -> str:
    """The title of the page that teaches ``topic`` ("" without one)."""
    return _TITLES.get(topic.page or "", "")


def _cell(text: str) -> str:
    """``text`` safe inside a markdown table cell (no column break, no LaTeX)."""
    return text.replace("|", "\\|").replace("$", "\\$")


def link_text(topic: Topic) -> str:
    """The link's words: the page's title, then the preset it opens (or a note that the link
    sets the page up for the topic)."""
    title = page_title(topic)
    if topic.preset:
        return f"{title} › {topic.preset}"
    return f"{title} › {SET_UP}" if topic.query else title


def topics_table(rows: Sequence[tuple[int, Topic]], extra: Mapping[str, str] | None = None) -> str:
    """Markdown table of ``(number in the deck, topic)`` rows: what the slides say, and a link
    to the page and experiment (or a "No page yet" badge)."""
    lines = ["| # | Topic: what the slides say | Open it |", "|---:|---|---|"]
    for number, topic in rows:
        href = topic_href(topic, extra)
        target = f"[{_cell(link_text(topic))}]({href})" if href is not None else NO_PAGE
        lines.append(f"| {number} | **{_cell(topic.title)}** — {_cell(topic.slides)} | {target} |")
    return "\n".join(lines)


def deck_section(
    number: int, deck: Deck, rows: Sequence[tuple[int, Topic]], extra: Mapping[str, str] | None = None
) -> None:
    """One deck: its title, who gave it, its coverage bar and its (filtered) topics."""
    st.subheader(f"{number}. {deck.title}", anchor=f"deck-{number}")
    st.caption(deck.source)
    st.progress(deck.covered / len(deck.topics), text=deck.coverage)
    if rows:
        st.markdown(topics_table(rows, extra))
    else:
        st.caption("No topic of this deck matches the filter.")
