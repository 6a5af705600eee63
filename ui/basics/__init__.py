"""Figures, explanations and the client-side trace player of the basics pages."""
