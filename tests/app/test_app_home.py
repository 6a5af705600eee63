"""``app.py`` as the navigation script, the home page, and ``app.py`` as the ASGI entry."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from streamlit.testing.v1 import AppTest

from ui.navigation import TOPICS, page_for

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"

# Runs in a fresh interpreter: this test process may already have TensorFlow loaded.
_HOME_WITHOUT_TF = textwrap.dedent(
    """
    import json, sys
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(sys.argv[1], default_timeout=120)
    at.run()
    print(json.dumps({
        "exception": [e.value for e in at.exception],
        "titles": [t.value for t in at.title],
        "modules": sorted(m for m in ("tensorflow", "keras") if m in sys.modules),
    }))
    """
)

# Importing app.py under a name other than __main__ is what the server does.
_ASGI_ENTRY = textwrap.dedent(
    """
    import json, sys
    import streamlit as st
    import app
    from starlette.routing import WebSocketRoute
    from ui.live.routes import live_routes

    print(json.dumps({
        "is_app": isinstance(app.app, st.App),
        "routes": [[type(r).__name__, r.path] for r in live_routes()],
        "modules": sorted(m for m in ("tensorflow", "keras") if m in sys.modules),
    }))
    """
)


def _python(code: str, *args: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3"}
    proc = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_navigation_opens_the_home_page(navigation: AppTest) -> None:
    at = navigation
    assert [t.value for t in at.title] == ["ML Playground"]
    assert "Topics" in [s.value for s in at.subheader]
    links = [link.proto for link in at.get("page_link")]
    # every topic page once, in the navigation's order, by its URL path (the file's stem)
    assert [link.label for link in links] == [t.title for t in TOPICS]
    assert [link.page for link in links] == [Path(t.path).stem for t in TOPICS]
    assert "Neural network playground" in [link.label for link in links]
    assert not at.error and not at.warning


def test_home_page_does_not_import_tensorflow() -> None:
    result = _python(_HOME_WITHOUT_TF, str(APP))
    assert result["exception"] == []
    assert result["titles"] == ["ML Playground"]
    assert result["modules"] == []


def test_asgi_entry_mounts_the_live_routes_without_tensorflow() -> None:
    result = _python(_ASGI_ENTRY)
    assert result["is_app"]
    assert ["WebSocketRoute", "/api/live/{token}/{view}"] in result["routes"]
    assert ["Route", "/api/live-static/{name}"] in result["routes"]
    assert result["modules"] == []


def test_navigation_switches_to_the_playground_and_keeps_its_state(navigation: AppTest) -> None:
    """Driven through app.py's st.navigation with AppTest.switch_page (works in Streamlit 1.67)."""
    prefix = page_for("pages/playground.py").prefix
    at = navigation.switch_page("pages/playground.py").run()
    assert not at.exception
    assert at.title[0].value == "Neural network playground"
    at.selectbox(key=prefix + "dataset").set_value("xor").run()
    at.button(key=prefix + "n_plus_0").click().run()
    assert at.query_params == {"data": "xor", "net": "5,2"}

    at.switch_page("pages/home.py").run()
    assert at.title[0].value == "ML Playground"
    # Streamlit drops the playground's widget state while another page is shown;
    # ui.url_state.PageState.open restores it from the last configuration.
    at.query_params.clear()  # a browser drops the query string on a page switch
    at.switch_page("pages/playground.py").run()
    assert not at.exception
    assert at.selectbox(key=prefix + "dataset").value == "xor"
    assert at.session_state[prefix + "hidden"] == (5, 2)
    assert at.query_params == {"data": "xor", "net": "5,2"}  # the address bar is the link again
    assert "Dense(5, activation='tanh'" in at.code[0].value
