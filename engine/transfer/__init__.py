"""Transfer learning: a new task on the bundled digit recognizer's frozen base (UI-free)."""
