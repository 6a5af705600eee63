"""Instructor: the server's sessions, runs, frames and memory, live, per replica.

Behind ``MLP_INSTRUCTOR_PASSWORD``; the figures are those of ``/api/metrics``.
"""

import streamlit as st

from ui import access
from ui.instructor.panel import live_panel

st.title("Instructor")
if access.instructor_gate():
    st.markdown(
        "The server as Prometheus sees it (`/api/metrics`): every replica in `MLP_REPLICA_URLS`, "
        "or this process alone. The chart covers the time this page has been open."
    )
    live_panel()
