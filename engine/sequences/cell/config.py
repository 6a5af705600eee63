"""The settings of the "Inside a recurrent cell" page and the input sequence they describe."""

from __future__ import annotations

import dataclasses
import math

import numpy as np

from engine.urlstate import UrlConfig, require, setting

CELLS = {"rnn": "SimpleRNN", "lstm": "LSTM", "gru": "GRU"}
SOURCES = {
    "sine": "A sine wave",
    "pulse": "A pulse, then zeros",
    "noise": "Random numbers (seeded)",
    "custom": "My own numbers",
}
ACTIVATIONS = {"tanh": "tanh (squashes)", "linear": "linear (no squashing)"}
WRT = {"state": "the state passed on (h, and the LSTM's cell c)", "input": "the input x_t"}
#: Gradient clipping thresholds (global norm); 0 means no clipping.
CLIPS = (0.0, 0.1, 0.3, 1.0, 3.0, 10.0, 100.0)
MAX_LEN = 60
MAX_UNITS = 8
#: The largest |x_t| a typed sequence may hold.
MAX_ABS_X = 10.0


@dataclasses.dataclass(frozen=True)
class CellConfig(UrlConfig):
    """Every setting of the page (URL keys never change: shared links use them)."""

    cell: str = setting("rnn", key="cell", choices=CELLS, label="Cell", widget="segmented")
    source: str = setting("sine", key="src", choices=SOURCES, label="Input sequence")
    length: int = setting(
        12,
        key="len",
        low=2,
        high=MAX_LEN,
        label="Length T",
        describe="the sequence length",
        help="How many time steps the network is unrolled over (not used for your own numbers).",
    )
    sequence: tuple[float, ...] = setting(
        (1.0, 0.5, -0.5, -1.0, 0.0, 0.8),
        key="x",
        low=-MAX_ABS_X,
        high=MAX_ABS_X,
        min_len=2,
        max_len=MAX_LEN,
        describe="your sequence",
    )
    units: int = setting(
        4, key="units", low=1, high=MAX_UNITS, label="Hidden units", describe="the number of hidden units"
    )
    seed: int = setting(
        0,
        key="seed",
        low=0,
        high=9999,
        widget="number",
        label="Weight seed",
        help="Seeds the input weights, the recurrent matrices, the read-out and the random sequence.",
    )
    scale: float = setting(
        0.9,
        key="scale",
        low=0.1,
        high=3.0,
        step=0.05,
        label="Recurrent weight scale",
        help="Each recurrent matrix is this number times a random orthogonal matrix, so it is the "
        "matrix's largest singular value: how much one step can stretch the state (Keras starts "
        "recurrent kernels orthogonal, i.e. at scale 1).",
    )
    activation: str = setting(
        "tanh",
        key="act",
        choices=ACTIVATIONS,
        label="SimpleRNN activation",
        help="tanh is Keras's default. Linear removes the squashing, so large weights explode freely.",
    )
    forget_bias: float = setting(
        1.0,
        key="fbias",
        low=0.0,
        high=5.0,
        step=0.5,
        label="LSTM forget-gate bias",
        help="Keras starts it at 1 (unit_forget_bias=True). A larger bias keeps the forget gate near 1: "
        "the cell remembers, and its gradient survives.",
    )
    clip: float = setting(
        0.0,
        key="clip",
        choices=CLIPS,
        grid=True,
        label="Clip the gradient at norm",
        help="tf.clip_by_global_norm on the cell's weight gradients (0: no clipping).",
    )
    wrt: str = setting("state", key="wrt", choices=WRT, label="Gradient with respect to", widget="radio")
    step: int = setting(3, key="t", low=1, high=MAX_LEN, label="Time step t", describe="the time step")

    def check(self) -> None:
        require(
            self.step <= self.n_steps,
            f"the time step is past the sequence's end (T = {self.n_steps})",
            "step",
        )

    @property
    def n_steps(self) -> int:
        return len(self.sequence) if self.source == "custom" else self.length


def make_sequence(cfg: CellConfig) -> np.ndarray:
    """The input sequence, shape ``(T,)``: generated from the source, length and seed, or typed."""
    n = cfg.length
    if cfg.source == "custom":
        return np.asarray(cfg.sequence, dtype=float)
    if cfg.source == "pulse":
        x = np.zeros(n)
        x[0] = 1.0
        return x
    if cfg.source == "sine":
        return np.round(np.sin(2 * np.pi * np.arange(n) / 8.0), 3) + 0.0  # + 0.0: no -0
    rng = np.random.default_rng([cfg.seed, 7])
    return np.round(rng.uniform(-1.0, 1.0, n), 2)


def parse_sequence(text: str) -> tuple[tuple[float, ...] | None, str]:
    """A typed comma (or space) separated list -> (values, "") or (None, why not, in plain words)."""
    parts = [p for p in text.replace(";", ",").replace(" ", ",").split(",") if p.strip()]
    if len(parts) < 2:
        return None, "type at least two numbers, separated by commas (e.g. 1, 0.5, -1)"
    if len(parts) > MAX_LEN:
        return None, f"at most {MAX_LEN} numbers (you typed {len(parts)})"
    values = []
    for part in parts:
        try:
            value = float(part)
        except ValueError:
            return None, f"{part.strip()[:20]!r} is not a number"
        if not math.isfinite(value) or abs(value) > MAX_ABS_X:
            return None, f"{part.strip()[:20]} is out of range: keep each number within ±{MAX_ABS_X:g}"
        values.append(value)
    return tuple(values), ""


def format_sequence(values) -> str:
    """The sequence as the text box shows it."""
    return ", ".join(f"{float(v):g}" for v in values)
