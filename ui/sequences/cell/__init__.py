"""The recurrent-cell page's figures, equations and sections."""
