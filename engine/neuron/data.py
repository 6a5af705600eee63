"""The course's tiny regression data sets (slide deck 003, "Hello TensorFlow").

Both are bundled here (no download): nine points on y = 2x + 1, and the
"bahay-kubo" house prices of the "Your turn" exercise.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class RegressionData:
    """A 1-D regression set.

    Attributes:
        key: short name used in links.
        label: what the page calls it.
        x, y: (n,) float32 inputs and targets.
        x_name, y_name: axis labels with units.
        queries: inputs the slide asks the model to predict (never in ``x``).
        true_line: (w, b) of the rule that generated the data, or None for real data.
        source: where the numbers come from.
    """

    key: str
    label: str
    x: np.ndarray
    y: np.ndarray
    x_name: str
    y_name: str
    queries: tuple[float, ...]
    true_line: tuple[float, float] | None
    source: str

    def least_squares(self) -> tuple[float, float]:
        """The best line (w, b) by the normal equation (the MSE minimum a neuron converges to)."""
        design = np.column_stack([self.x.astype(np.float64), np.ones(len(self.x))])
        (w, b), *_ = np.linalg.lstsq(design, self.y.astype(np.float64), rcond=None)
        return float(w), float(b)

    def curvature(self) -> float:
        """lambda_max: the largest eigenvalue of the MSE loss's (constant) Hessian over (w, b).

        The Hessian is 2 * [[mean x^2, mean x], [mean x, 1]]; lambda_max is the loss's
        curvature along its steepest direction (83.73 for the slides' nine points).
        """
        x = self.x.astype(np.float64)
        hessian = 2 * np.array([[np.mean(x * x), np.mean(x)], [np.mean(x), 1.0]])
        return float(np.linalg.eigvalsh(hessian).max())

    def swing_factor(self, learning_rate: float) -> float:
        """|1 - lr * lambda_max|: how much each full-batch SGD step scales the error along the
        steepest direction. Below 1 the zig-zag shrinks (by that factor per epoch); above 1
        every swing is that many times wider than the last."""
        return abs(1.0 - learning_rate * self.curvature())

    def max_stable_lr(self) -> float:
        """Largest learning rate for which full-batch gradient descent on the MSE converges: 2 / lambda_max.

        Along the steepest direction each step multiplies the error by (1 - lr * lambda_max)
        (:meth:`swing_factor`), which must stay within (-1, 1).
        """
        return 2.0 / self.curvature()


_LINE_X = np.array([1, 2, 3, 4, 5, 7, 8, 9, 11], dtype=np.float32)
LINE = RegressionData(
    key="line",
    label="y = 2x + 1 (the slides' nine points)",
    x=_LINE_X,
    y=2 * _LINE_X + 1,
    x_name="x",
    y_name="y",
    queries=(13.0, -5.0),
    true_line=(2.0, 1.0),
    source="the training_data array of the 'Hello TensorFlow' slide (x, 2x + 1)",
)
HOUSE = RegressionData(
    key="house",
    label="House prices (the slides' 'your turn' exercise)",
    x=np.array([0.2, 1, 2, 3, 5, 7, 9, 10], dtype=np.float32),
    y=np.array([0.2, 1.8, 4, 7, 11, 12, 14, 13], dtype=np.float32),
    x_name="house size (m²)",
    y_name="price (Php ×10k)",
    queries=(8.0, 12.0),
    true_line=None,
    source="the size/price table of the slides' house-price exercise",
)
DATASETS: dict[str, RegressionData] = {d.key: d for d in (LINE, HOUSE)}
