"""Sequences: recurrent networks on time series, inside a cell, character-level text, attention."""
