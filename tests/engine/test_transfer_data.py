"""The new task's data: the generated demo set is seeded and stable; drawings make a task only
with enough classes and images; class_names in Keras's order; the page's Keras code matches."""

from __future__ import annotations

import numpy as np
import pytest

from engine.transfer.codegen import keras_code
from engine.transfer.config import TransferConfig
from engine.transfer.data import TaskProblem, demo_task, split_task
from engine.transfer.demo import DEMO_CLASSES, demo_images
from engine.transfer.models import CUT_INDEX


def test_demo_images_are_seeded_and_mnist_style() -> None:
    x, y = demo_images(3, 4, seed=7)
    x2, y2 = demo_images(3, 4, seed=7)
    assert np.array_equal(x, x2) and np.array_equal(y, y2)
    assert x.shape == (12, 28, 28) and x.dtype == np.float32
    assert list(y) == [0] * 4 + [1] * 4 + [2] * 4
    assert np.allclose(x.max(axis=(1, 2)), 1.0) and x.min() >= 0
    assert not np.array_equal(x, demo_images(3, 4, seed=8)[0])


def test_more_demo_images_keep_the_first_ones() -> None:
    few, _ = demo_images(2, 3, seed=1)
    many, labels = demo_images(3, 5, seed=1)
    assert np.array_equal(few[:3], many[:3]) and np.array_equal(few[3:], many[5:8])
    assert list(labels[-5:]) == [2] * 5


def test_demo_validation_is_held_out() -> None:
    task = demo_task(2, 5, seed=0)
    assert task.class_names == DEMO_CLASSES[:2] == tuple(sorted(DEMO_CLASSES[:2]))
    flat = task.x_train.reshape(len(task.x_train), -1)
    assert not any((flat == v.reshape(-1)).all(axis=1).any() for v in task.x_val)
    assert task.counts() == {"check": (5, 20), "circle": (5, 20)}


def test_drawings_make_a_task_in_keras_order() -> None:
    rng = np.random.default_rng(0)
    images = {name: list(rng.random((4, 28, 28), np.float32)) for name in ("zeta", "Beta", "alpha")}
    task = split_task(images, seed=0, source="test")
    assert task.class_names == ("Beta", "alpha", "zeta")  # Python's sort, as Keras sorts folder names
    assert task.counts() == {"Beta": (3, 1), "alpha": (3, 1), "zeta": (3, 1)}
    assert task.key == split_task(images, seed=0, source="other").key


@pytest.mark.parametrize(
    ("images", "message"),
    [
        ({}, "no classes"),
        ({"star": [np.zeros((28, 28))] * 3}, "only one class ('star')"),
        ({"a": [np.zeros((28, 28))] * 3, "b": [np.zeros((28, 28))]}, "at least 2 images"),
        ({str(i): [np.zeros((28, 28))] * 2 for i in range(6)}, "At most 5 classes"),
    ],
)
def test_too_little_data_is_explained(images, message: str) -> None:
    with pytest.raises(TaskProblem, match=message.replace("(", r"\(").replace(")", r"\)")):
        split_task(images, seed=0, source="test")


def test_keras_code_uses_the_page_settings() -> None:
    cfg = TransferConfig(cut="block1", learning_rate=0.003, finetune_lr=0.00001, head_units=32)
    code = keras_code(cfg)
    assert f"recognizer.layers[:{CUT_INDEX['block1']}]" in code
    assert "Adam(0.003)" in code and "Adam(1e-05)" in code and "Dense(32" in code
    compile(code, "snippet", "exec")
