"""The shipped ``.streamlit/config.toml``: the classroom-server settings the README promises."""

from __future__ import annotations

from pathlib import Path

import pytest

tomllib = pytest.importorskip("tomllib", reason="tomllib is in the standard library from Python 3.11")

CONFIG = Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml"


def _config() -> dict:
    return tomllib.loads(CONFIG.read_text())


def test_privacy_and_safety_settings() -> None:
    cfg = _config()
    assert cfg["browser"]["gatherUsageStats"] is False
    assert cfg["server"]["enableXsrfProtection"] is True
    assert 0 < cfg["server"]["maxUploadSize"] <= 50
    assert cfg["server"]["fileWatcherType"] == "none"


def test_no_forced_garbage_collection_after_each_rerun() -> None:
    """Streamlit's post-run ``gc.collect(2)`` holds the GIL ~190 ms once TensorFlow is loaded:
    every click would stall every live run and delay the draw page's answer."""
    assert _config()["runner"]["postScriptGC"] is False


def test_the_setting_names_exist_in_this_streamlit() -> None:
    """A renamed option would be ignored silently: every key must be one Streamlit knows."""
    from streamlit import config

    config.get_option("server.port")  # makes Streamlit load its option table
    known = set(config._config_options or {})
    for section, values in _config().items():
        for key in values:
            assert f"{section}.{key}" in known, f"{section}.{key} is not a Streamlit option"
