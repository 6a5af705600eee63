"""One-hot encoding of a categorical column: ``pandas.get_dummies`` and scikit-learn's ``OneHotEncoder``.

On the training table both give the same columns. On new rows they differ: ``get_dummies``
only sees the new rows (a missing category loses its column, an unseen one adds a column the
model never saw), while a fitted ``OneHotEncoder`` keeps the training columns
(``handle_unknown="ignore"`` encodes an unseen category as all zeros).
"""

from __future__ import annotations

import dataclasses
import warnings

import numpy as np
import pandas as pd
from sklearn.preprocessing import OneHotEncoder

#: Small bundled tables (made up for the lesson): a categorical column and a number.
TRAIN_ROWS: dict[str, dict[str, list]] = {
    "city": {
        "city": ["Paris", "Lyon", "Nice", "Lyon", "Paris", "Nice", "Paris"],
        "rooms": [2, 3, 4, 2, 1, 3, 5],
    },
    "color": {
        "color": ["red", "green", "blue", "green", "red", "blue"],
        "size_cm": [70, 72, 68, 75, 71, 69],
    },
}
NEW_ROWS: dict[str, dict[str, list]] = {
    "city": {"city": ["Lyon", "Lyon"], "rooms": [3, 2]},
    "color": {"color": ["blue", "blue"], "size_cm": [73, 70]},
}
UNSEEN: dict[str, str] = {"city": "Lille", "color": "yellow"}


def tables(table: str, unseen: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(training rows, new rows); with ``unseen`` the new rows gain a category never trained on."""
    train = pd.DataFrame(TRAIN_ROWS[table])
    new = pd.DataFrame(NEW_ROWS[table])
    if unseen:
        col, num = train.columns
        extra = pd.DataFrame({col: [UNSEEN[table]], num: [int(train[num].median())]})
        new = pd.concat([new, extra], ignore_index=True)
    return train, new


@dataclasses.dataclass(frozen=True)
class Encodings:
    """Both encodings of the training rows and of the new rows (pandas DataFrames of 0/1 ints)."""

    column: str
    dummies_train: pd.DataFrame
    dummies_new: pd.DataFrame
    encoder_train: pd.DataFrame
    encoder_new: pd.DataFrame
    categories: tuple[str, ...]

    @property
    def train_equal(self) -> bool:
        """Whether get_dummies and OneHotEncoder agree on the training rows (they always should)."""
        return list(self.dummies_train.columns) == list(self.encoder_train.columns) and np.array_equal(
            self.dummies_train.to_numpy(), self.encoder_train.to_numpy()
        )

    @property
    def new_columns_match(self) -> bool:
        """Whether get_dummies on the new rows gives the training columns (what the model expects)."""
        return list(self.dummies_new.columns) == list(self.dummies_train.columns)


def encode(table: str, drop: str, unseen: bool) -> Encodings:
    train, new = tables(table, unseen)
    col = str(train.columns[0])
    first = drop == "first"
    d_train = pd.get_dummies(train[col], prefix=col, drop_first=first, dtype=int)
    d_new = pd.get_dummies(new[col], prefix=col, drop_first=first, dtype=int)
    enc = OneHotEncoder(
        drop="first" if first else None, handle_unknown="ignore", sparse_output=False, dtype=int
    )
    e_train = enc.fit_transform(train[[col]])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "unknown categories ... encoded as all zeros" (with drop='first')
        e_new = enc.transform(new[[col]])
    names = list(enc.get_feature_names_out([col]))
    return Encodings(
        col,
        d_train,
        d_new,
        pd.DataFrame(e_train, columns=names),
        pd.DataFrame(e_new, columns=names),
        tuple(str(c) for c in enc.categories_[0]),
    )
