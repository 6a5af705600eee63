"""Streamlit side of the single-neuron pages: live-view frames, figures, explanations, presets."""
