""" "What to try" on the attention page: each lesson's claim is checked in tests/engine/test_attention_presets.py."""

from __future__ import annotations

from engine.presets import Preset

#: Every preset keeps the learner's seed, example and output step.
_KEEP = ("seed", "example", "out_step")

PRESETS: tuple[Preset, ...] = (
    Preset(
        "Reverse 2-14 digits",
        "The default. Press **Play**: within a few epochs the attention weights form a band along the "
        "**anti-diagonal** (output 1 looks at the last digit) and the attention model gets whole strings right, while the plain "
        "model's accuracy falls with the length of the input: its one fixed-size vector forgets.",
        {},
        keep=_KEEP,
    ),
    Preset(
        "Copy: the diagonal",
        "Copying is harder than reversing for the plain model: the first output needs the first input, the "
        "one furthest back in the encoder's memory. Attention just looks there: the weights form a band along the **diagonal**.",
        {"task": "copy"},
        keep=_KEEP,
    ),
    Preset(
        "Short inputs only (2-5)",
        "With short inputs a fixed-size context vector is enough: the plain model keeps up with attention "
        "on the lengths it trained on. Longer inputs are what break it (and both fail on lengths never seen).",
        {"min_len": 2, "max_len": 5},
        keep=_KEEP,
    ),
    Preset(
        "Sort: a permutation",
        "Sorting needs the whole input before the first output. The attention weights of step t land on the "
        "input digits equal to the t-th smallest: not a diagonal but a permutation.",
        {"task": "sort"},
        keep=_KEEP,
    ),
)
