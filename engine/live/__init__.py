"""Live training runs: a daemon-thread run object, a process-wide compute scheduler.

Nothing here imports TensorFlow, Streamlit or plotly: subclasses bring the model.
"""
