"""The character-level text page's pieces: live frames, figures and teaching text."""
