"""A character-level text model (GRU or LSTM) trained live on offline text, and its sampling."""
