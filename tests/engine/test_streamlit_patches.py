"""ui.streamlit_patches: reruns no longer clear the Keras session."""

from __future__ import annotations

import sys
import types

import pytest
from streamlit.runtime.scriptrunner import script_runner

from ui.streamlit_patches import keep_keras_session


def test_script_runner_cleanup_spares_keras_and_still_closes_figures(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    fake_keras = types.SimpleNamespace(
        backend=types.SimpleNamespace(clear_session=lambda: calls.append("keras"))
    )
    fake_pyplot = types.SimpleNamespace(close=lambda which: calls.append(f"pyplot:{which}"))
    monkeypatch.setitem(sys.modules, "keras", fake_keras)
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", fake_pyplot)
    monkeypatch.setattr(script_runner, "_clean_problem_modules", script_runner._clean_problem_modules)

    script_runner._clean_problem_modules()  # Streamlit's own cleanup: clears the Keras session
    assert calls == ["keras", "pyplot:all"]

    calls.clear()
    keep_keras_session()
    keep_keras_session()  # idempotent
    script_runner._clean_problem_modules()
    assert calls == ["pyplot:all"]
