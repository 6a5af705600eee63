"""One-variable functions for the gradient-descent page (each with its exact derivative)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

Fn = Callable[[np.ndarray], np.ndarray]


@dataclass(frozen=True)
class Function1D:
    """A differentiable f(x) with a plotting range and its known minima."""

    key: str
    label: str
    latex: str
    derivative_latex: str
    f: Fn
    df: Fn
    x_range: tuple[float, float]
    minima: tuple[float, ...]  # where f' = 0 and f has a minimum (global ones at least)
    python: str  # the function and derivative as Python expressions of x, for the code tab

    def __call__(self, x: np.ndarray | float) -> np.ndarray:
        return self.f(np.asarray(x, dtype=float))

    def grad(self, x: np.ndarray | float) -> np.ndarray:
        return self.df(np.asarray(x, dtype=float))


def _double_well_min() -> tuple[float, ...]:
    # f'(x) = x (x^2 - 4) / 2 + 0.6 = 0  <=>  x^3 - 4x + 1.2 = 0: the outer roots are the minima.
    roots = np.sort(np.roots([1.0, 0.0, -4.0, 1.2]).real)
    return (float(roots[0]), float(roots[2]))


FUNCTIONS: dict[str, Function1D] = {
    "parabola": Function1D(
        "parabola",
        "Parabola 2(x − 5)² + 3 (the slides)",
        r"f(x) = 2(x-5)^2 + 3",
        r"f'(x) = 4(x-5)",
        lambda x: 2.0 * (x - 5.0) ** 2 + 3.0,
        lambda x: 4.0 * (x - 5.0),
        (-2.0, 12.0),
        (5.0,),
        "2 * (x - 5) ** 2 + 3|4 * (x - 5)",
    ),
    "double_well": Function1D(
        "double_well",
        "Two valleys (non-convex): (x² − 4)²/8 + 0.6x",
        r"f(x) = \tfrac{1}{8}(x^2-4)^2 + 0.6x",
        r"f'(x) = \tfrac{1}{2}x(x^2-4) + 0.6",
        lambda x: (x**2 - 4.0) ** 2 / 8.0 + 0.6 * x,
        lambda x: x * (x**2 - 4.0) / 2.0 + 0.6,
        (-3.2, 3.2),
        _double_well_min(),
        "(x**2 - 4) ** 2 / 8 + 0.6 * x|x * (x**2 - 4) / 2 + 0.6",
    ),
    "quartic": Function1D(
        "quartic",
        "Flat bottom, steep walls: (x − 1)⁴/4 + 1",
        r"f(x) = \tfrac{1}{4}(x-1)^4 + 1",
        r"f'(x) = (x-1)^3",
        lambda x: (x - 1.0) ** 4 / 4.0 + 1.0,
        lambda x: (x - 1.0) ** 3,
        (-3.0, 5.0),
        (1.0,),
        "(x - 1) ** 4 / 4 + 1|(x - 1) ** 3",
    ),
    "bumpy": Function1D(
        "bumpy",
        "Bumpy bowl: x²/4 + 2 sin(2x) (many local minima)",
        r"f(x) = \tfrac{1}{4}x^2 + 2\sin(2x)",
        r"f'(x) = \tfrac{1}{2}x + 4\cos(2x)",
        lambda x: x**2 / 4.0 + 2.0 * np.sin(2.0 * x),
        lambda x: x / 2.0 + 4.0 * np.cos(2.0 * x),
        (-7.0, 7.0),
        (-0.7391362,),  # the global minimum; local ones lie on both sides
        "x**2 / 4 + 2 * np.sin(2 * x)|x / 2 + 4 * np.cos(2 * x)",
    ),
}
