"""Process-wide adjustments to Streamlit's script runner, applied once by ``app.py``.

After every script run, Streamlit calls ``keras.backend.clear_session()`` whenever
Keras is imported (``script_runner._clean_problem_modules``, meant for scripts that
build a new model on each rerun). Here that is harmful: live runs own their models
across reruns, and the call costs ~200 ms of ``gc.collect()`` holding the GIL on
every rerun of every session (every training thread and every live view stalls),
and it empties TensorFlow's kernel cache, so the next training chunk of every run
is ~10x slower. Our runs release their models themselves when they stop.
"""

from __future__ import annotations

import contextlib
import sys
from typing import Any


def _close_pyplot_figures() -> None:
    """What Streamlit's cleanup still does that we want: close matplotlib figures."""
    plt: Any = sys.modules.get("matplotlib.pyplot")
    if plt is not None:
        with contextlib.suppress(Exception):  # cleanup must never break a script run
            plt.close("all")


def keep_keras_session() -> None:
    """Stop Streamlit from clearing the Keras session after each script run (idempotent)."""
    from streamlit.runtime.scriptrunner import script_runner

    script_runner._clean_problem_modules = _close_pyplot_figures
