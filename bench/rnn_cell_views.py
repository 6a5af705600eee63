"""Recurrent-cell page: server time of a step change and of a setting change (AppTest reruns, medians),
the engine's own time (numpy forward + BPTT of the three cells), and numpy vs Keras agreement.

Run: ``python bench/rnn_cell_views.py``. Prints figures measured in this run; no absolute budget is
asserted. "step" reruns reuse the cached runs (only figures and equations are rebuilt); a new
recurrent scale computes all three cells again (numpy). The agreement is the largest difference
between the page's numpy numbers and a float64 Keras layer + tf.GradientTape with the same weights.
"""

from __future__ import annotations

import dataclasses
import statistics
import sys
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engine.sequences.cell.analysis import run_all, run_cell  # noqa: E402  (after the path)
from engine.sequences.cell.cells import readout  # noqa: E402
from engine.sequences.cell.config import CellConfig  # noqa: E402
from ui.navigation import page_for  # noqa: E402

PAGE = "pages/rnn_cell.py"
PREFIX = page_for(PAGE).prefix


def _median_ms(at: AppTest, name: str, values: tuple, repeat: int = 2) -> float:
    times = []
    for value in values * repeat:
        at.slider(key=PREFIX + name).set_value(value)
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
        assert not at.exception, at.exception
    return 1000 * statistics.median(times)


def _engine_ms(cfg: CellConfig, repeat: int = 20) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run_all(cfg)
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def main() -> None:
    rows = []
    for cell in ("rnn", "lstm"):
        at = AppTest.from_file(str(ROOT / PAGE), default_timeout=120)
        at.query_params["cell"] = cell
        at.run()
        rows.append((f"{cell}: time step slider (cached runs)", _median_ms(at, "step", (4, 5, 6, 7, 8))))
        rows.append(
            (
                f"{cell}: recurrent scale (all cells recomputed)",
                _median_ms(at, "scale", (0.5, 0.6, 0.7, 0.8), 1),
            )
        )
    print(f"{'rerun (default sizes: T = 12, 4 units)':48} {'median (ms)':>12}")
    for label, ms in rows:
        print(f"{label:48} {ms:12.0f}")
    for length in (12, 60):
        cfg = dataclasses.replace(CellConfig(), length=length, units=8 if length == 60 else 4)
        print(f"engine: 3 cells forward + BPTT, T = {length}, {cfg.units} units: {_engine_ms(cfg):.2f} ms")

    from engine.sequences.cell.keras_check import check_against_keras  # loads TensorFlow

    for cell in ("rnn", "lstm", "gru"):
        worst = 0.0
        for values in ({}, {"source": "pulse", "length": 30, "scale": 1.5, "activation": "linear"}):
            cfg = dataclasses.replace(CellConfig(), **values)
            result = check_against_keras(run_cell(cfg, cell), readout(cfg.units, cfg.seed))
            worst = max(worst, result.worst)
        print(f"numpy vs Keras {cell:5}: largest difference (states; gradients relative) {worst:.1e}")


if __name__ == "__main__":
    main()
