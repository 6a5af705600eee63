""" "What to try" on the Generalization page: per section, each claim checked by an engine test."""

from __future__ import annotations

from engine.presets import Preset

PRESETS: dict[str, tuple[Preset, ...]] = {
    "poly": (
        Preset(
            "Underfit: degree 1",
            "A straight line cannot bend with the sine: **both** errors stay high (high bias).",
            {"section": "poly", "degree": 1},
        ),
        Preset(
            "Good fit: degree 3",
            "Low training error **and** the lowest validation error: the curve follows the sine, not the noise.",
            {"section": "poly", "degree": 3},
        ),
        Preset(
            "Overfit: degree 15",
            "The lowest training error, but the curve wiggles through the noise: validation error explodes.",
            {"section": "poly", "degree": 15},
        ),
        Preset(
            "Degree 9, 300 points",
            "With 300 points the same flexible model has no room to chase the noise: a good fit again.",
            {"section": "poly", "degree": 9, "n_points": 300},
        ),
        Preset(
            "Degree 15, 5 points",
            "16 coefficients, 3 training points: infinitely many curves pass through them all.",
            {"section": "poly", "degree": 15, "n_points": 5},
        ),
    ),
    "split": (
        Preset(
            "The slides' 70/20/10",
            "Pick the degree on validation, touch the test set once: its error is an honest estimate.",
            {"section": "split"},
        ),
        Preset(
            "Noisier data",
            "More noise: every error grows, and the peeked test error still promises far less than the model gets on new data.",
            {"section": "split", "noise": 0.6},
        ),
    ),
    "kfold": (
        Preset(
            "k = 5",
            "Every point is validated exactly once; the mean of the 5 fold errors is the CV score.",
            {"section": "kfold"},
        ),
        Preset(
            "Leave-one-out (k = n)",
            "20 non-test points, 20 folds: each fold validates a single point, so the fold errors spread widely.",
            {"section": "kfold", "n_points": 21, "train_pct": 90, "val_pct": 5, "k": 20},
        ),
        Preset(
            "Degree 15 under CV",
            "The overfit polynomial's CV error is far above degree 3's: CV catches overfitting too.",
            {"section": "kfold", "degree": 15},
        ),
    ),
    "early": (
        Preset(
            "No L2, no early stop",
            "Train on: the validation loss climbs far above its minimum while the training loss keeps falling.",
            {"section": "early", "patience": 0},
        ),
        Preset(
            "Early stopping, restore best",
            "Stops once the validation loss has not improved for 20 epochs and hands back the best epoch's weights.",
            {"section": "early"},
        ),
        Preset(
            "L2 instead (λ = 0.01)",
            "No stopping needed: the penalty keeps the weights small and the validation loss stays near its minimum.",
            {"section": "early", "l2": 0.01, "patience": 0},
        ),
    ),
    "imbalance": (
        Preset(
            "Accuracy is misleading",
            "Always answer 'negative': about 95 % accuracy, and not one positive found (recall 0).",
            {"section": "imbalance", "model": "majority"},
        ),
        Preset(
            "Lower the threshold to 0.2",
            "More points called positive: recall rises, precision falls.",
            {"section": "imbalance", "threshold": 0.2},
        ),
        Preset(
            "Class weights: balanced",
            "Each positive counts ~19 times in the loss: at threshold 0.5 recall jumps, precision drops.",
            {"section": "imbalance", "class_weight": "balanced"},
        ),
    ),
    "onehot": (
        Preset(
            "k − 1 columns",
            "drop_first / drop='first': the dropped category is the row of all zeros (no redundant column).",
            {"section": "onehot", "drop": "first"},
        ),
        Preset(
            "An unseen category",
            "get_dummies on the new rows gives other columns than in training; the fitted encoder does not.",
            {"section": "onehot", "unseen": True},
        ),
    ),
}
