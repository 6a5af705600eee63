"""The built-in demo task: hand-drawn-looking shapes rendered with PIL, seeded.

Each shape is a few strokes in unit coordinates (0..1 across, 0..1 down), jittered,
rotated, scaled and shifted at random, drawn white on black on a 280 px canvas with a
random pen width (like the page's drawing canvas) and then prepared exactly as a
drawing is (:func:`engine.mnist.preprocess.preprocess_drawing`: crop, 20 px box,
centre of mass). Nothing is downloaded.
"""

from __future__ import annotations

import math

import numpy as np
from PIL import Image, ImageDraw

from engine.mnist.preprocess import preprocess_drawing

CANVAS = 280
#: The demo classes, in Keras's order (alphabetical, as folder names would be sorted).
DEMO_CLASSES: tuple[str, ...] = ("check", "circle", "cross", "triangle", "zigzag")


def _circle(rng: np.random.Generator) -> list[list[tuple[float, float]]]:
    """An ellipse-ish loop, drawn from a random start, a little short of or past closing."""
    start = rng.uniform(0, 2 * math.pi)
    sweep = 2 * math.pi * rng.uniform(0.9, 1.05)
    rx, ry = rng.uniform(0.28, 0.36, size=2)
    t = start + sweep * np.linspace(0, 1, 25)
    return [list(zip(0.5 + rx * np.cos(t), 0.5 + ry * np.sin(t), strict=True))]


STROKES = {
    "check": lambda rng: [[(0.18, 0.55), (0.4, 0.8), (0.84, 0.2)]],
    "circle": _circle,
    "cross": lambda rng: [[(0.2, 0.2), (0.8, 0.8)], [(0.8, 0.2), (0.2, 0.8)]],
    "triangle": lambda rng: [[(0.5, 0.15), (0.85, 0.82), (0.15, 0.82), (0.5, 0.15)]],
    "zigzag": lambda rng: [[(0.12, 0.3), (0.35, 0.72), (0.5, 0.3), (0.65, 0.72), (0.88, 0.3)]],
}


def render_shape(name: str, rng: np.random.Generator) -> np.ndarray:
    """One random drawing of shape ``name`` as a (280, 280) uint8 canvas (white ink on black)."""
    strokes = STROKES[name](rng)
    angle = rng.uniform(-0.3, 0.3)
    sx, sy = rng.uniform(0.65, 1.0) * rng.uniform(0.85, 1.15, size=2)
    shift = rng.uniform(-0.08, 0.08, size=2)
    cos, sin = math.cos(angle), math.sin(angle)
    width = int(rng.integers(14, 30))
    image = Image.new("L", (CANVAS, CANVAS), 0)
    pen = ImageDraw.Draw(image)
    jitter = 0.006 if name == "circle" else 0.035  # a loop's 25 points: only a tremble
    for stroke in strokes:
        pts = []
        for x, y in stroke:
            x, y = x - 0.5 + rng.normal(0, jitter), y - 0.5 + rng.normal(0, jitter)
            x, y = sx * (cos * x - sin * y), sy * (sin * x + cos * y)
            pts.append(((0.5 + x + shift[0]) * CANVAS, (0.5 + y + shift[1]) * CANVAS))
        pen.line(pts, fill=255, width=width, joint="curve")
        for px, py in (pts[0], pts[-1]):  # round pen ends, like the canvas's
            r = width / 2
            pen.ellipse((px - r, py - r, px + r, py + r), fill=255)
    return np.asarray(image)


def demo_images(classes: int, per_class: int, seed: int, stream: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``per_class`` images of each of the first ``classes`` demo shapes: (n, 28, 28) float32 in
    [0, 1] and (n,) int32 labels, class after class.

    The same seed and stream give the same images; each class has its own random stream, so
    asking for more images per class (or more classes) keeps the ones already there."""
    images, labels = [], []
    for label, name in enumerate(DEMO_CLASSES[:classes]):
        rng = np.random.default_rng([seed, stream, label])
        for _ in range(per_class):
            images.append(preprocess_drawing(render_shape(name, rng)).image)
            labels.append(label)
    return np.asarray(images, np.float32).reshape(-1, 28, 28), np.asarray(labels, np.int32)
