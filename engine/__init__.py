"""UI-free core of ML Playground: datasets, models, live training runs (never imports streamlit or plotly)."""
