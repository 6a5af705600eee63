"""Streamlit/plotly side of the convolution pages (figures, the step-through view, explanations)."""
