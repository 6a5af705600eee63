"""Figures and controls of the Classical ML pages (kNN, SVM, k-means)."""
