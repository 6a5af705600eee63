"""Monitoring of a running app: Prometheus metrics of this process, and readings of every
replica's metrics for the instructor page (no Streamlit here)."""
