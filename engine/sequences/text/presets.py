""" "What to try" on the character-level text page (each lesson is checked by an engine test)."""

from __future__ import annotations

from engine.presets import Preset

PRESETS: tuple[Preset, ...] = (
    Preset(
        "Greedy: temperature 0",
        "Always the most likely next character. The sample is the **same for every seed** and soon "
        "loops on a common phrase (*the the the*): some randomness is what makes text look alive.",
        {"temperature": 0.0},
        keep=("corpus", "seed"),
        from_defaults=False,
    ),
    Preset(
        "Learn to write code",
        "Train on standard-library source instead of prose. Code is mostly **spaces** (indentation): "
        "the model learns to indent and to write `def`, `self.` and `return` before it learns names.",
        {"corpus": "code", "prefix": "def "},
        keep=("seed",),
    ),
    Preset(
        "A tiny memory: 32 units",
        "A hidden state of 32 numbers learns much more slowly than 128: after the same number of "
        "steps its loss stays higher and its words are shorter and more garbled.",
        {"units": 32},
        keep=("corpus", "seed"),
    ),
    Preset(
        "LSTM instead of GRU",
        "The LSTM has 4 gates where the GRU has 3 (plus a separate cell state): about **4/3 the "
        "parameters** with the same units, so each step costs more. Compare the parameter counts.",
        {"cell": "lstm"},
        keep=("corpus", "seed"),
    ),
)
