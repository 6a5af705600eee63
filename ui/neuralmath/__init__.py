"""Streamlit/plotly side of the activation, backprop and softmax pages."""
