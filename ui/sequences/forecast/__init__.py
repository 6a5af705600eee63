"""The time-series page's UI: sidebar, live-view frames, explanations, figures."""
