"""The course's slide decks as data: each topic in the slides' order and the page that teaches it."""
