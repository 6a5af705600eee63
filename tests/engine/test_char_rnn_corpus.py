"""The character model's texts: the built-in corpora, the learner's text checks, the vocabulary."""

from __future__ import annotations

import collections
import math

import numpy as np
import pytest

from engine.sequences.text import corpus as C
from engine.sequences.text.corpus import TextProblem, Vocabulary, builtin_corpus, check_text, read_upload

PROSE = "It was the best of times, it was the worst of times, it was the age of wisdom. " * 8


def test_the_builtin_corpora_come_from_the_standard_library() -> None:
    from pydoc_data.topics import topics

    docs = builtin_corpus("docs")
    assert len(docs.text) > 300_000 and docs.text.startswith(topics[sorted(topics)[0]].strip("\n")[:50])
    code = builtin_corpus("code")
    assert 50_000 < len(code.text) <= C.CODE_MAX_CHARS
    assert "def " in code.text and "import " in code.text and "# ---- textwrap.py ----" in code.text
    with pytest.raises(ValueError):
        builtin_corpus("own")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "empty"),
        ("   \n\t  ", "empty"),
        ("abc\x00def" * 100, "binary"),
        ("text\x01\x02\x03\x04" * 100, "binary"),
        ("a" * 5000, "one character ('a') repeated"),
        ("ab" * 1000, "only 2 distinct characters"),
        ("abc" * 200, "only 3 distinct characters"),
        ("Hello world. " * 5, "too short"),
    ],
)
def test_unusable_text_is_refused_with_a_reason(text: str, words: str) -> None:
    with pytest.raises(TextProblem, match=words.replace("(", r"\(").replace(")", r"\)")):
        check_text(text)


def test_good_text_is_kept_line_ends_normalised_and_huge_text_cut_with_a_note() -> None:
    ok = check_text(PROSE.replace(". ", ".\r\n"))
    assert "\r" not in ok.text and ok.notes == () and ok.name == "own"
    huge = check_text(PROSE * (C.MAX_CHARS // len(PROSE) + 2))
    assert len(huge.text) == C.MAX_CHARS and "only the first 1,000,000" in huge.notes[0]


def test_uploads_are_capped_decoded_as_utf8_and_checked() -> None:
    assert read_upload("a.txt", ("\ufeff" + PROSE).encode("utf-8")).text == PROSE
    with pytest.raises(TextProblem, match="limit is 4 MB"):
        read_upload("big.txt", b"x" * (C.MAX_UPLOAD_BYTES + 1))
    with pytest.raises(TextProblem, match="binary"):
        read_upload("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(TextProblem, match="not UTF-8"):
        read_upload("latin.txt", PROSE.encode("utf-8") + "café".encode("latin-1"))
    with pytest.raises(TextProblem, match="empty"):
        read_upload("empty.txt", b"")


def test_vocabulary_round_trip_losses_and_its_cap() -> None:
    vocab = Vocabulary.from_text(PROSE)
    assert list(vocab.chars) == sorted(set(PROSE))
    assert vocab.decode(vocab.encode(PROSE)) == PROSE
    counts = collections.Counter(PROSE)
    p = np.array([counts[c] for c in vocab.chars]) / len(PROSE)
    assert vocab.unigram_loss() == pytest.approx(float(-(p * np.log(p)).sum()))
    assert vocab.uniform_loss() == pytest.approx(math.log(len(set(PROSE))))
    assert vocab.missing("It was ~ the #") == "~#"
    many = "".join(chr(0x4E00 + i) * (i + 1) for i in range(C.MAX_VOCAB + 50))  # 250 distinct characters
    capped = Vocabulary.from_text(many)
    assert capped.size == C.MAX_VOCAB and C.UNKNOWN in capped.chars
    assert sum(capped.counts) == len(many)
    rare = chr(0x4E00)  # the least frequent: merged into UNKNOWN
    assert capped.decode(capped.encode(rare)) == C.UNKNOWN


def test_code_is_mostly_spaces_more_than_prose() -> None:
    """The 'Learn to write code' preset's claim: code is mostly spaces (indentation)."""
    shares = {}
    for name in ("docs", "code"):
        text = builtin_corpus(name).text
        counts = collections.Counter(text)
        assert counts.most_common(1)[0][0] == " "
        shares[name] = counts[" "] / len(text)
    assert shares["code"] > shares["docs"] + 0.1
