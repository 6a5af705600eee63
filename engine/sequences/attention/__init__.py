"""The attention page's engine: toy sequence tasks, encoder-decoders with and without attention, the live run."""
