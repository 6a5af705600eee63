"""Generalization: under/overfitting, splits, k-fold, early stopping, imbalanced classes, one-hot encoding.

UI-free (no streamlit, no plotly). Models, splits, cross-validation and metrics come from
scikit-learn; numpy appears where the computation is the lesson (the confusion counts at a
threshold) and is tested against scikit-learn.
"""
