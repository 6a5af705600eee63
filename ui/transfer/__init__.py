"""The transfer-learning page's UI: figures, sections and the live view's frame encoder."""
