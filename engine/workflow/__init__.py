"""The ML workflow: generalization (splits, cross-validation, over/underfitting, imbalance) and serving a model."""
