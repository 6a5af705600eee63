"""Figures and controls of the ML-workflow pages (generalization, from notebook to app)."""
