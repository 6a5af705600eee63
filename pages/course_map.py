"""Course map: the five slide decks, topic by topic in the slides' order, each linked to the
page and experiment that teaches it (or marked when the app has no page for it yet)."""

import streamlit as st

from engine.course.config import MAX_FILTER_CHARS, CourseMapConfig
from engine.course.decks import DECKS
from engine.course.syllabus import filter_words, visible_topics
from ui.course.view import deck_section, page_title
from ui.url_state import PageState

STATE = PageState(__file__, CourseMapConfig)

st.title("Course map")
st.markdown(
    "The course's five slide decks, topic by topic **in the slides' order**. Each link opens the "
    "page that teaches the topic **in a new tab**, set up with the experiment for it, so the class "
    "can follow the slides and keep this map open."
)
STATE.open()
STATE.widget("deck", required=True)
left, right = st.columns([3, 2], vertical_alignment="bottom")
left.text_input(
    "Filter topics",
    key=STATE.key("text"),
    max_chars=MAX_FILTER_CHARS,
    placeholder="e.g. softmax, XOR, pooling, gradient",
    help=CourseMapConfig.field_info("text").spec.help,
)
STATE.widget("gaps", right)
cfg = STATE.config()
STATE.remember(cfg)

total = sum(len(deck.topics) for deck in DECKS)
covered = sum(deck.covered for deck in DECKS)
st.caption(f"All five decks: {covered} of {total} topics have a page; {total - covered} have none yet.")

present = st.query_params.get("present")
extra = {"present": present} if present else None
words = filter_words(cfg.text)
chosen = [(i, deck) for i, deck in enumerate(DECKS, 1) if cfg.deck in (0, i)]
shown = [(i, deck, visible_topics(deck, words, gaps=cfg.gaps, also=page_title)) for i, deck in chosen]
if (words or cfg.gaps) and not any(rows for _, _, rows in shown):
    st.info("No topic matches the filter: try fewer words or another deck.", icon=":material/search_off:")
for i, deck, rows in shown:
    if rows or cfg.deck:  # with a filter, "All decks" leaves out the decks without a match
        deck_section(i, deck, rows, extra)
