"""The pretrained digit recognizer: its network, its training recipe and how it is loaded.

``scripts/train_recognizer.py`` rebuilds ``assets/models/digit_recognizer.keras``
(and the JSON card next to it) with :func:`train_recognizer`; the draw page loads
it with :func:`load_recognizer`. Inputs are MNIST-style ``(n, 28, 28, 1)`` floats
in [0, 1] (white ink on black), outputs ``(n, 10)`` probabilities.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from engine.tf_runtime import get_tf

ASSETS = Path(__file__).resolve().parents[2] / "assets" / "models"
MODEL_PATH = ASSETS / "digit_recognizer.keras"
CARD_PATH = ASSETS / "digit_recognizer.json"


def build_recognizer(seed: int = 0):
    """A small VGG-style CNN (about 0.47 M parameters) with batch normalisation."""
    keras = get_tf().keras
    L = keras.layers
    init = iter(range(100))

    def conv(filters: int) -> list:
        return [
            L.Conv2D(
                filters,
                3,
                padding="same",
                use_bias=False,
                kernel_initializer=keras.initializers.HeNormal(seed=seed * 100 + next(init)),
            ),
            L.BatchNormalization(),
            L.ReLU(),
        ]

    layers = [keras.Input(shape=(28, 28, 1), name="image")]
    layers += conv(32) + conv(32) + [L.MaxPooling2D(2)]
    layers += conv(64) + conv(64) + [L.MaxPooling2D(2)]
    layers += [
        L.Flatten(),
        L.Dropout(0.3, seed=seed * 100 + 50),
        L.Dense(128, kernel_initializer=keras.initializers.HeNormal(seed=seed * 100 + 51)),
        L.BatchNormalization(),
        L.ReLU(),
        L.Dropout(0.3, seed=seed * 100 + 52),
        L.Dense(10, activation="softmax", kernel_initializer=keras.initializers.GlorotUniform(seed=seed)),
    ]
    return keras.Sequential(layers, name="digit_recognizer")


def augmenter(seed: int):
    """Random small rotations (+-12 deg), shifts (+-3 px), scales (+-12 %) and stroke widths."""
    keras = get_tf().keras
    tf = get_tf()
    L = keras.layers
    geometry = keras.Sequential(
        [
            L.RandomRotation(12 / 360, fill_mode="constant", seed=seed),
            L.RandomZoom((-0.12, 0.12), fill_mode="constant", seed=seed + 1),
            L.RandomTranslation(3 / 28, 3 / 28, fill_mode="constant", seed=seed + 2),
        ],
        name="augment",
    )
    gen = tf.random.Generator.from_seed(seed + 3)

    def augment(x):
        x = geometry(x, training=True)
        # Stroke width: a quarter of the images get thicker strokes, a quarter thinner.
        u = gen.uniform([tf.shape(x)[0], 1, 1, 1])
        thick = tf.nn.max_pool2d(x, 2, 1, "SAME")
        thin = -tf.nn.max_pool2d(-x, 2, 1, "SAME")
        x = tf.where(u < 0.25, thick, tf.where(u > 0.8, 0.5 * (x + thin), x))
        return tf.clip_by_value(x, 0.0, 1.0)

    return augment


def train_recognizer(
    x_train: np.ndarray,
    y_train: np.ndarray,
    epochs: int = 50,
    batch_size: int = 64,
    seed: int = 0,
    log: Callable[[str], None] = print,
):
    """Train :func:`build_recognizer` on ``(n, 28, 28)`` uint8 images with augmentation.

    Adam with a cosine-decayed learning rate (2e-3 -> 0); returns the trained model. The
    defaults are the shipped recognizer's (``scripts/train_recognizer.py``).
    """
    tf = get_tf()
    keras = tf.keras
    model = build_recognizer(seed)
    steps = int(np.ceil(len(x_train) / batch_size))
    schedule = keras.optimizers.schedules.CosineDecay(2e-3, decay_steps=epochs * steps)
    optimizer = keras.optimizers.Adam(schedule)
    augment = augmenter(seed)
    x = tf.constant(x_train[..., None].astype(np.float32) / 255.0)
    y = tf.constant(y_train.astype(np.int32))
    loss_fn = keras.losses.SparseCategoricalCrossentropy()
    n = len(x_train)

    @tf.function(reduce_retracing=True)
    def epoch_fn(epoch):
        order = tf.argsort(tf.random.stateless_uniform([n], seed=tf.stack([seed, epoch])))
        total = tf.constant(0.0)
        correct = tf.constant(0.0)
        for b in tf.range(steps):
            idx = order[b * batch_size : tf.minimum((b + 1) * batch_size, n)]
            xb = augment(tf.gather(x, idx))
            yb = tf.gather(y, idx)
            with tf.GradientTape() as tape:
                p = model(xb, training=True)
                loss = loss_fn(yb, p)
            grads = tape.gradient(loss, model.trainable_variables)
            optimizer.apply(grads, model.trainable_variables)
            total += loss * tf.cast(tf.shape(idx)[0], tf.float32)
            pred = tf.argmax(p, axis=1, output_type=tf.int32)
            correct += tf.reduce_sum(tf.cast(tf.equal(pred, yb), tf.float32))
        return total / n, correct / n

    for epoch in range(epochs):
        started = time.monotonic()
        loss, acc = epoch_fn(tf.constant(epoch, tf.int32))
        log(
            f"epoch {epoch + 1}/{epochs}: loss {float(loss):.4f}, train accuracy (augmented) "
            f"{float(acc):.4f}, {time.monotonic() - started:.1f} s"
        )
    return model


def accuracy(model, images: np.ndarray, labels: np.ndarray) -> float:
    """Top-1 accuracy on ``(n, 28, 28)`` uint8 images."""
    probs = predict_proba(model, images.astype(np.float32) / 255.0)
    return float(np.mean(np.argmax(probs, axis=1) == labels))


def predict_proba(model, x: np.ndarray, batch: int = 500) -> np.ndarray:
    """``(n, 28, 28)`` or ``(n, 28, 28, 1)`` floats in [0, 1] -> ``(n, 10)`` probabilities."""
    tf = get_tf()
    x = np.asarray(x, np.float32).reshape(-1, 28, 28, 1)
    out = [model(tf.constant(x[i : i + batch]), training=False).numpy() for i in range(0, len(x), batch)]
    return np.concatenate(out) if out else np.zeros((0, 10), np.float32)


def load_recognizer(path: Path = MODEL_PATH):
    """The saved recognizer (uncompiled: only for inference)."""
    keras = get_tf().keras
    return keras.models.load_model(path, compile=False)


def load_card(path: Path = CARD_PATH) -> dict:
    """The JSON card describing how the saved recognizer was trained (empty if missing)."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
