"""Toy sequence tasks that need attention: reverse, copy or sort a string of digits.

Everything is generated from a seed (no download). Tokens: 0 = padding, 1..10 = the
digits 0..9, 11 = ``<sos>`` (start of the output), 12 = ``<eos>`` (end of the output).
An example of length L is an input of L digits and a target of L digits followed by
``<eos>``; the decoder reads ``<sos>`` then the target shifted right (teacher forcing).
"""

from __future__ import annotations

import dataclasses

import numpy as np

PAD, SOS, EOS = 0, 11, 12
VOCAB = 13
#: Token -> what the learner sees.
TOKEN_TEXT: tuple[str, ...] = ("·", *"0123456789", "<sos>", "<eos>")
TASKS: dict[str, str] = {
    "reverse": "Reverse the digits (4 7 1 → 1 7 4)",
    "copy": "Copy the digits (4 7 1 → 4 7 1)",
    "sort": "Sort the digits (4 7 1 → 1 4 7)",
}
#: The shape each task's alignment (output position x input position) takes once learned.
ALIGNMENT: dict[str, str] = {
    "reverse": "the anti-diagonal: output i looks at input L-1-i",
    "copy": "the diagonal: output i looks at input i",
    "sort": "a permutation: output i looks at wherever the i-th smallest digit sits",
}


def target_digits(task: str, digits: np.ndarray) -> np.ndarray:
    """The answer (digits 0..9) for one input of digits 0..9."""
    if task == "reverse":
        return digits[::-1].copy()
    if task == "copy":
        return digits.copy()
    if task == "sort":
        return np.sort(digits, kind="stable")
    raise ValueError(f"unknown task {task!r}")


@dataclasses.dataclass(frozen=True)
class Batch:
    """Padded token arrays for ``n`` examples.

    Attributes:
        enc: (n, width) inputs (digit tokens, then PAD).
        dec_in: (n, width + 1) ``<sos>`` then the target tokens (teacher forcing), then PAD.
        target: (n, width + 1) the target tokens then ``<eos>``, then PAD.
        lengths: (n,) input lengths.
    """

    enc: np.ndarray
    dec_in: np.ndarray
    target: np.ndarray
    lengths: np.ndarray

    def __len__(self) -> int:
        return len(self.lengths)


def encode(task: str, inputs: list[np.ndarray], width: int) -> Batch:
    """Digit arrays (each of length 1..width) -> a padded :class:`Batch`."""
    n = len(inputs)
    enc = np.zeros((n, width), np.int32)
    dec_in = np.zeros((n, width + 1), np.int32)
    target = np.zeros((n, width + 1), np.int32)
    lengths = np.zeros(n, np.int32)
    for i, digits in enumerate(inputs):
        length = len(digits)
        if not 1 <= length <= width:
            raise ValueError(f"an input of length {length} does not fit width {width}")
        out = target_digits(task, digits)
        enc[i, :length] = digits + 1
        dec_in[i, 0] = SOS
        dec_in[i, 1 : length + 1] = out + 1
        target[i, :length] = out + 1
        target[i, length] = EOS
        lengths[i] = length
    return Batch(enc, dec_in, target, lengths)


def random_digits(rng: np.random.Generator, lengths: np.ndarray) -> list[np.ndarray]:
    return [rng.integers(0, 10, size=int(k)) for k in lengths]


def make_set(task: str, n: int, min_len: int, max_len: int, width: int, seed: int) -> Batch:
    """``n`` examples with lengths uniform in [min_len, max_len], padded to ``width``."""
    rng = np.random.default_rng(seed)
    lengths = rng.integers(min_len, max_len + 1, size=n)
    return encode(task, random_digits(rng, lengths), width)


def make_length_set(task: str, lengths: range, per_length: int, width: int, seed: int) -> Batch:
    """``per_length`` examples of each length in ``lengths`` (for accuracy vs length)."""
    rng = np.random.default_rng(seed)
    all_lengths = np.repeat(np.array(list(lengths)), per_length)
    return encode(task, random_digits(rng, all_lengths), width)


def parse_digits(text: str) -> np.ndarray:
    """A learner's digit string ("3 1 4", "314") -> digits; raises ValueError with a reason."""
    cleaned = "".join(ch for ch in text if not ch.isspace())
    if not cleaned:
        raise ValueError("type at least one digit")
    bad = sorted({ch for ch in cleaned if ch not in "0123456789"})
    if bad:
        raise ValueError(f"only the digits 0-9 are allowed (not {' '.join(repr(c) for c in bad[:5])})")
    return np.array([int(ch) for ch in cleaned], np.int64)


def tokens_text(tokens: np.ndarray) -> list[str]:
    return [TOKEN_TEXT[int(t)] for t in tokens]
