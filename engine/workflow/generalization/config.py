"""The Generalization page's settings: one declared table (URL key, range, label) for every section."""

from __future__ import annotations

import dataclasses

from engine.urlstate import UrlConfig, require, setting

SECTIONS: dict[str, str] = {
    "poly": "Under/overfitting",
    "split": "Train/val/test",
    "kfold": "k-fold CV",
    "early": "L2 & early stopping",
    "imbalance": "Imbalanced data",
    "onehot": "One-hot encoding",
}
#: The playground's binary 2-D sets (engine.playground.datasets) the early-stopping network trains on.
EARLY_DATASETS: dict[str, str] = {
    "circle": "Circle",
    "xor": "Exclusive or (XOR)",
    "moons": "Two moons",
    "spiral": "Spiral",
}
L2_RATES: tuple[float, ...] = (0.0, 0.001, 0.003, 0.01, 0.03, 0.1)
EPOCH_CHOICES: tuple[int, ...] = (100, 200, 300, 400)
MODELS: dict[str, str] = {
    "logistic": "Logistic regression",
    "majority": "Always 'majority' (predicts class 0)",
}
CLASS_WEIGHTS: dict[str, str] = {"none": "none (every point counts 1)", "balanced": "balanced"}
TABLES: dict[str, str] = {"city": "City (houses)", "color": "Colour (T-shirts)"}
DROPS: dict[str, str] = {"none": "keep every column", "first": "drop the first (k − 1 columns)"}

MAX_DEGREE = 15
MAX_K = 20


@dataclasses.dataclass(frozen=True)
class GenConfig(UrlConfig):
    """Everything the Generalization page shows; each section reads its own fields."""

    section: str = setting("poly", key="s", choices=SECTIONS, widget="radio", label="Section")
    # ---- the noisy 1-D data (under/overfitting, splits, k-fold) ----
    n_points: int = setting(
        30,
        key="n",
        low=5,
        high=300,
        label="Points",
        help="How many noisy samples of sin(πx).",
        describe="the number of points",
    )
    noise: float = setting(
        0.3,
        low=0.0,
        high=1.0,
        step=0.05,
        label="Noise (std)",
        help="The standard deviation of the noise added to y.",
    )
    seed: int = setting(4, low=0, high=9999, widget="number", label="Data seed", describe="the data seed")
    degree: int = setting(
        3, key="deg", low=1, high=MAX_DEGREE, label="Polynomial degree", describe="the degree"
    )
    train_pct: int = setting(
        70, key="train", low=10, high=90, step=5, label="Train (%)", describe="the training share"
    )
    val_pct: int = setting(
        20, key="val", low=5, high=80, step=5, label="Validation (%)", describe="the validation share"
    )
    k: int = setting(5, low=2, high=MAX_K, label="Folds k", describe="the number of folds")
    fold: int = setting(1, low=1, high=MAX_K, label="Fold shown", describe="the fold shown")
    # ---- L2 and early stopping on a tiny network ----
    es_data: str = setting(
        "circle", key="edata", choices=EARLY_DATASETS, label="Data set", describe="the data set"
    )
    es_noise: int = setting(
        30, key="enoise", low=0, high=50, step=5, label="Noise (%)", describe="the label noise"
    )
    l2: float = setting(
        0.0,
        choices=L2_RATES,
        grid=True,
        label="L2 rate λ",
        help="Adds λ·Σw² to the loss: large weights (wiggly boundaries) cost more.",
        describe="the L2 rate",
    )
    patience: int = setting(
        20,
        key="pat",
        low=0,
        high=100,
        label="Patience (epochs, 0 = off)",
        help="Stop after this many epochs without a new best validation loss.",
        describe="the patience",
    )
    restore: bool = setting(True, label="Restore the best weights", help="Keras: restore_best_weights=True.")
    epochs: int = setting(
        200, choices=EPOCH_CHOICES, grid=True, label="Max epochs", describe="the number of epochs"
    )
    es_seed: int = setting(
        1, key="eseed", low=0, high=9999, widget="number", label="Seed", describe="the seed"
    )
    # ---- imbalanced classes ----
    minority_pct: int = setting(
        5, key="pos", low=1, high=50, label="Positive class (%)", describe="the share of the positive class"
    )
    imb_n: int = setting(
        2000, key="in", low=100, high=5000, step=100, label="Points", describe="the number of points"
    )
    model: str = setting("logistic", choices=MODELS, label="Model", describe="the model")
    class_weight: str = setting(
        "none", key="cw", choices=CLASS_WEIGHTS, widget="radio", label="Class weights"
    )
    threshold: float = setting(
        0.5,
        key="t",
        low=0.01,
        high=0.99,
        step=0.01,
        label="Threshold",
        help="Predict 'positive' when P(positive) ≥ threshold.",
        describe="the threshold",
    )
    imb_seed: int = setting(
        2, key="iseed", low=0, high=9999, widget="number", label="Seed", describe="the seed"
    )
    # ---- one-hot encoding ----
    table: str = setting("city", choices=TABLES, label="Table", describe="the table")
    drop: str = setting("none", choices=DROPS, widget="radio", label="Columns")
    unseen: bool = setting(
        False,
        label="New data has an unseen category",
        help="The new rows contain a category the training data never had.",
    )

    def check(self) -> None:
        require(
            self.train_pct + self.val_pct <= 95,
            f"train {self.train_pct} % + validation {self.val_pct} % leaves under 5 % for the test set",
            "train_pct",
            "val_pct",
        )
        require(self.fold <= self.k, f"fold {self.fold} does not exist with k = {self.k}", "fold")

    @property
    def test_pct(self) -> int:
        return 100 - self.train_pct - self.val_pct
