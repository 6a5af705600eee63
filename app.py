"""ML Playground: ``streamlit run app.py``.

This file plays two roles:

* imported by the ASGI server that ``streamlit run`` starts (Streamlit finds
  the ``st.App`` below), it defines the app with the live-view routes
  (``/api/live/...``) that push training frames to the browser and the
  Prometheus metrics (``/api/metrics``);
* run as the Streamlit script (``__main__``) on every rerun, it sets the page
  config and the navigation over ``pages/``.

It never imports TensorFlow: pages that train load it on first use.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

if __name__ != "__main__":
    from streamlit.runtime.pages_manager import PagesManager

    from ui.instructor.metrics_route import metrics_routes
    from ui.live.routes import live_routes
    from ui.streamlit_patches import keep_keras_session

    # Streamlit's legacy multipage mode runs a `pages/` script directly (without this
    # file's navigation) until some session has called st.navigation; our pages are
    # always run through st.navigation, so switch the legacy mode off up front.
    PagesManager.uses_pages_directory = False
    # Live runs keep their Keras models across reruns (see ui/streamlit_patches.py).
    keep_keras_session()
    # Imported once here, before any session: two first page loads importing pandas at once
    # (through plotly's validators) could each see a half-initialized module.
    import pandas  # noqa: F401
    import plotly.graph_objects  # noqa: F401

    app = st.App(Path(__file__).resolve(), routes=[*live_routes(), *metrics_routes()])
else:
    from ui.navigation import run_navigation

    run_navigation()
