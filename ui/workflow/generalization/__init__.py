"""The Generalization page's figures (pure builders), controls and sections."""
