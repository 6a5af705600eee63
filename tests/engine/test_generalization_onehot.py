"""get_dummies and OneHotEncoder side by side."""

from __future__ import annotations

import pytest

from engine.workflow.generalization import onehot
from engine.workflow.generalization.config import DROPS, TABLES


@pytest.mark.parametrize("table", list(TABLES))
@pytest.mark.parametrize("drop", list(DROPS))
def test_both_encodings_agree_on_the_training_rows(table: str, drop: str) -> None:
    enc = onehot.encode(table, drop, unseen=False)
    assert enc.train_equal
    k = len(enc.categories)
    assert enc.encoder_train.shape[1] == (k - 1 if drop == "first" else k)
    assert (enc.encoder_train.sum(axis=1) == 1).all() if drop == "none" else True


@pytest.mark.parametrize("table", list(TABLES))
def test_new_rows_keep_the_encoder_columns_but_not_get_dummies(table: str) -> None:
    enc = onehot.encode(table, "none", unseen=True)
    assert list(enc.encoder_new.columns) == list(enc.encoder_train.columns)
    assert not enc.new_columns_match
    assert enc.encoder_new.iloc[-1].sum() == 0  # the unseen category: all zeros
