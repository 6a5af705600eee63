"""The new task's images: the generated demo, the learner's drawings, or a zip of class folders.

Whatever the source, a task is MNIST-style ``(n, 28, 28)`` float32 images in [0, 1]
(white ink on black), integer labels, and ``class_names`` in Keras's order
(``keras.utils.image_dataset_from_directory`` sorts the folder names).
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Mapping, Sequence

import numpy as np

from engine.transfer.demo import DEMO_CLASSES, demo_images

#: Held-out demo images per class (a separate seeded stream from the training images).
VAL_PER_CLASS = 20
#: The share of each class's own images held out for validation (drawings, zips).
VAL_FRACTION = 0.25
MIN_CLASSES = 2
MAX_CLASSES = 5
MIN_PER_CLASS = 2


class TaskProblem(ValueError):
    """The learner's data cannot make a task; the message says why, for the learner."""


@dataclasses.dataclass(frozen=True)
class TaskData:
    """A classification task. ``x_*`` (n, 28, 28) float32 in [0, 1]; ``y_*`` (n,) int32."""

    class_names: tuple[str, ...]
    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    source: str

    @property
    def key(self) -> str:
        """A fingerprint of the images, labels and names (a new task -> a new run)."""
        h = hashlib.sha1()
        for part in (self.x_train, self.y_train, self.x_val, self.y_val):
            h.update(np.ascontiguousarray(part).tobytes())
        h.update("\0".join(self.class_names).encode())
        return h.hexdigest()

    def counts(self) -> dict[str, tuple[int, int]]:
        """Per class: (training, validation) images."""
        return {
            name: (int(np.sum(self.y_train == k)), int(np.sum(self.y_val == k)))
            for k, name in enumerate(self.class_names)
        }


def demo_task(classes: int, per_class: int, seed: int) -> TaskData:
    """The generated shapes: ``per_class`` training and :data:`VAL_PER_CLASS` held-out images per class."""
    x, y = demo_images(classes, per_class, seed, stream=0)
    xv, yv = demo_images(classes, VAL_PER_CLASS, seed, stream=1)
    return TaskData(
        DEMO_CLASSES[:classes],
        x,
        y,
        xv,
        yv,
        f"generated demo shapes (PIL strokes, data seed {seed}): {per_class} training and "
        f"{VAL_PER_CLASS} held-out images per class",
    )


def split_task(images: Mapping[str, Sequence[np.ndarray]], seed: int, source: str) -> TaskData:
    """A task from the learner's own images per class name (drawings or a zip's folders).

    Classes are sorted as Keras sorts folder names; each class keeps
    ``round(VAL_FRACTION * n)`` of its images (at least one) for validation, picked with ``seed``.
    Raises :class:`TaskProblem` when there are too few classes or images.
    """
    names = sorted(images)
    if len(names) < MIN_CLASSES:
        have = f"only one class ({names[0]!r})" if names else "no classes"
        raise TaskProblem(f"A classifier needs at least {MIN_CLASSES} classes; there is {have}.")
    if len(names) > MAX_CLASSES:
        raise TaskProblem(f"At most {MAX_CLASSES} classes here; there are {len(names)}: {', '.join(names)}.")
    few = [f"{n!r} ({len(images[n])})" for n in names if len(images[n]) < MIN_PER_CLASS]
    if few:
        raise TaskProblem(
            f"Every class needs at least {MIN_PER_CLASS} images (one to train on, one to check): "
            f"{', '.join(few)}."
        )
    rng = np.random.default_rng(seed)
    parts: dict[str, list] = {"xt": [], "yt": [], "xv": [], "yv": []}
    for label, name in enumerate(names):
        stack = np.asarray(images[name], np.float32).reshape(-1, 28, 28)
        order = rng.permutation(len(stack))
        n_val = max(1, round(VAL_FRACTION * len(stack)))
        parts["xv"].append(stack[order[:n_val]])
        parts["yv"] += [label] * n_val
        parts["xt"].append(stack[order[n_val:]])
        parts["yt"] += [label] * (len(stack) - n_val)
    return TaskData(
        tuple(names),
        np.concatenate(parts["xt"]),
        np.asarray(parts["yt"], np.int32),
        np.concatenate(parts["xv"]),
        np.asarray(parts["yv"], np.int32),
        source,
    )
