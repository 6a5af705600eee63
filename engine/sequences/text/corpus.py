"""The text a character model learns: two corpora every Python install has offline, or the
learner's own text (validated), and the character vocabulary.

* ``docs``: the English prose of Python's own documentation, ``pydoc_data.topics`` (what
  ``help("assert")`` prints), about 465,000 characters.
* ``code``: a fixed slice of the standard library's Python source ("learn to write code").
* ``own``: pasted or uploaded text, checked by :func:`check_text` / :func:`read_upload`.
"""

from __future__ import annotations

import collections
import dataclasses
import functools
import hashlib
import math
import sysconfig
import unicodedata
from pathlib import Path

import numpy as np

CORPORA: dict[str, str] = {
    "docs": "Python's documentation (English prose)",
    "code": "Python source code (standard library)",
    "own": "Your own text (paste or upload)",
}
#: Standard-library modules of the ``code`` corpus, in this order (all pure Python, in every install).
CODE_MODULES: tuple[str, ...] = (
    "textwrap.py",
    "string.py",
    "shlex.py",
    "fnmatch.py",
    "glob.py",
    "bisect.py",
    "heapq.py",
    "colorsys.py",
    "calendar.py",
    "difflib.py",
    "fractions.py",
    "statistics.py",
    "random.py",
    "json/decoder.py",
    "json/encoder.py",
    "argparse.py",
)
CODE_MAX_CHARS = 400_000  #: the ``code`` corpus is cut here (about the size of ``docs``)
MAX_CHARS = 1_000_000  #: own text is cut to this many characters (training samples windows: size is no cost)
MAX_UPLOAD_BYTES = 4_000_000  #: an upload over this is refused before it is read
MIN_CHARS = 300  #: own text shorter than this is refused (too few windows to learn from)
MIN_DISTINCT = 4  #: own text needs at least this many distinct characters
MAX_VOCAB = 200  #: distinct characters kept; rarer ones become UNKNOWN
UNKNOWN = "\ufffd"  #: stands for the characters beyond MAX_VOCAB
_CONTROL_SHARE = 0.01  #: more control characters than this (tabs and newlines excepted) = binary


class TextProblem(ValueError):
    """The text cannot be learned from; the message says why, for the learner."""


@dataclasses.dataclass(frozen=True)
class Corpus:
    """A text to learn from, its source and the notes about what was changed in it."""

    name: str
    text: str
    source: str
    notes: tuple[str, ...] = ()

    @property
    def distinct(self) -> int:
        return len(set(self.text))

    @functools.cached_property
    def digest(self) -> str:
        """Tells texts apart (a run is reused only for the same text)."""
        return hashlib.blake2b(self.text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


@functools.lru_cache(maxsize=1)
def docs_text() -> str:
    """The ``pydoc_data.topics`` texts in their (sorted) key order, separated by blank lines."""
    try:
        from pydoc_data.topics import topics
    except ImportError as err:  # pragma: no cover - a stripped Python
        raise TextProblem(
            "This Python has no pydoc_data (its documentation topics): pick another text."
        ) from err
    return "\n\n".join(topics[key].strip("\n") for key in sorted(topics))


@functools.lru_cache(maxsize=1)
def code_text() -> str:
    """The modules of :data:`CODE_MODULES` that this install has, one after the other, cut at
    :data:`CODE_MAX_CHARS`."""
    root = Path(sysconfig.get_paths()["stdlib"])
    parts = []
    for name in CODE_MODULES:
        path = root / name
        if path.is_file():
            parts.append(f"# ---- {name} ----\n" + path.read_text(encoding="utf-8"))
    if not parts:  # pragma: no cover - an install without its .py sources
        raise TextProblem("This Python install has no standard-library source files: pick another text.")
    return "\n\n".join(parts)[:CODE_MAX_CHARS]


def builtin_corpus(name: str) -> Corpus:
    """``docs`` or ``code`` (see the module docstring)."""
    if name == "docs":
        return Corpus("docs", docs_text(), "the standard library's pydoc_data/topics.py (what help() prints)")
    if name == "code":
        root = sysconfig.get_paths()["stdlib"]
        return Corpus("code", code_text(), f"{len(CODE_MODULES)} standard-library modules from {root}")
    raise ValueError(f"no built-in corpus {name!r}")


def _control_share(text: str) -> float:
    controls = sum(1 for ch in text if ch not in "\n\t\r" and unicodedata.category(ch) == "Cc")
    return controls / max(1, len(text))


def check_text(text: str, source: str = "your text") -> Corpus:
    """Validate the learner's text; returns the corpus to train on or raises :class:`TextProblem`.

    Refused: empty (or only spaces), binary-looking (NUL bytes or many control characters),
    shorter than :data:`MIN_CHARS`, one character repeated, fewer than :data:`MIN_DISTINCT`
    distinct characters. Longer than :data:`MAX_CHARS`: cut, with a note. Windows line ends
    become ``\\n``.
    """
    if not text or not text.strip():
        raise TextProblem("The text is empty: paste or upload some text (at least a few paragraphs).")
    if "\x00" in text or _control_share(text[:MAX_CHARS]) > _CONTROL_SHARE:
        raise TextProblem(
            "This looks like a binary file, not text (it holds NUL or other control characters). "
            "Upload plain UTF-8 text (.txt, .md, .py, .csv ...)."
        )
    notes = []
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > MAX_CHARS:
        notes.append(f"The text has {len(text):,} characters: only the first {MAX_CHARS:,} are used.")
        text = text[:MAX_CHARS]
    distinct = set(text)
    if len(distinct) == 1:
        ch = next(iter(distinct))
        raise TextProblem(
            f"The text is one character ({ch!r}) repeated: there is nothing to learn (the next "
            "character is always the same). Use real text."
        )
    if len(distinct) < MIN_DISTINCT:
        raise TextProblem(
            f"The text uses only {len(distinct)} distinct characters ({''.join(sorted(distinct))!r}); "
            f"it needs at least {MIN_DISTINCT}. Use real text."
        )
    if len(text) < MIN_CHARS:
        raise TextProblem(
            f"The text is too short ({len(text):,} characters): the model learns from windows of it and "
            f"needs at least {MIN_CHARS:,} characters (a few paragraphs; more is better)."
        )
    return Corpus("own", text, source, tuple(notes))


def read_upload(name: str, data: bytes) -> Corpus:
    """An uploaded file's bytes -> a checked corpus (UTF-8, size-capped), or :class:`TextProblem`."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise TextProblem(
            f"{name} is {len(data) / 1e6:.1f} MB: the limit is {MAX_UPLOAD_BYTES / 1e6:.0f} MB. "
            "Upload a smaller slice of it."
        )
    if b"\x00" in data[:MAX_UPLOAD_BYTES]:
        raise TextProblem(f"{name} is a binary file, not text. Upload plain UTF-8 text (.txt, .md, .py ...).")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise TextProblem(
            f"{name} is not UTF-8 text (byte {err.start:,} cannot be decoded). Save it as UTF-8 and upload again."
        ) from err
    return check_text(text, f"the file {name}")


@dataclasses.dataclass(frozen=True)
class Vocabulary:
    """The characters a model reads and writes: index ``i`` stands for ``chars[i]``.

    At most :data:`MAX_VOCAB` characters, the most frequent (ties: by code point); any other
    character becomes :data:`UNKNOWN`. ``counts`` holds each character's count in the text.
    """

    chars: tuple[str, ...]
    counts: tuple[int, ...]

    @classmethod
    def from_text(cls, text: str) -> Vocabulary:
        counter = collections.Counter(text)
        ranked = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
        kept = ranked[:MAX_VOCAB] if len(ranked) <= MAX_VOCAB else ranked[: MAX_VOCAB - 1]
        counts = dict(kept)
        if len(ranked) > len(kept):
            counts[UNKNOWN] = counts.get(UNKNOWN, 0) + sum(n for _, n in ranked[len(kept) :])
        chars = tuple(sorted(counts))
        return cls(chars, tuple(counts[c] for c in chars))

    @property
    def size(self) -> int:
        return len(self.chars)

    @functools.cached_property
    def index(self) -> dict[str, int]:
        return {c: i for i, c in enumerate(self.chars)}

    def encode(self, text: str) -> np.ndarray:
        """Characters -> int32 ids (unknown characters -> UNKNOWN if the vocabulary has it, else dropped)."""
        unk = self.index.get(UNKNOWN)
        ids = [self.index.get(c, unk) for c in text]
        return np.array([i for i in ids if i is not None], np.int32)

    def decode(self, ids) -> str:
        return "".join(self.chars[int(i)] for i in ids)

    def missing(self, text: str) -> str:
        """The characters of ``text`` this vocabulary does not have, once each, in order."""
        return "".join(dict.fromkeys(c for c in text if c not in self.index))

    def unigram_loss(self) -> float:
        """The cross-entropy (nats per character) of always predicting the characters' frequencies:
        the loss a model reaches by learning which letters are common, and nothing else."""
        p = np.array(self.counts, np.float64) / sum(self.counts)
        return float(-(p * np.log(p)).sum())

    def uniform_loss(self) -> float:
        """ln(V): the loss of a model that gives every character the same probability (untrained)."""
        return math.log(self.size)
