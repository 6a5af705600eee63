"""Streamlit/plotly side shared by the pages: figures, widgets, URL state, live views."""
