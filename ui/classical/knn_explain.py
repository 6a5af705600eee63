"""The formulas of the kNN page, written with the live numbers of the query's vote."""

from __future__ import annotations

import numpy as np

from engine.classical.knn import Probe


def _n(v: float) -> str:
    return f"{v:.2f}"


def _paren(v: float) -> str:
    return f"({_n(v)})" if v < 0 else _n(v)


def distance_latex(metric: str, query: tuple[float, float], nearest: np.ndarray, d: float) -> str:
    """The distance from the query to its nearest neighbour, symbolically and with the numbers."""
    (x1, x2), (a1, a2) = query, (float(nearest[0]), float(nearest[1]))
    if metric == "euclidean":
        sym = r"\sqrt{(x_1-a_1)^2+(x_2-a_2)^2}"
        num = rf"\sqrt{{({_n(x1)}-{_paren(a1)})^2+({_n(x2)}-{_paren(a2)})^2}}"
    elif metric == "manhattan":
        sym = r"|x_1-a_1|+|x_2-a_2|"
        num = rf"|{_n(x1)}-{_paren(a1)}|+|{_n(x2)}-{_paren(a2)}|"
    else:
        sym = r"1-\frac{x\cdot a}{\lVert x\rVert\,\lVert a\rVert}"
        num = (
            rf"1-\frac{{{_n(x1)}\cdot{_paren(a1)}+{_n(x2)}\cdot{_paren(a2)}}}"
            rf"{{{np.hypot(x1, x2):.2f}\cdot{np.hypot(a1, a2):.2f}}}"
        )
    return rf"d(x, a) = {sym} = {num} = {d:.3f}"


def vote_latex(p: Probe, weights: str, k: int) -> str:
    """The vote rule and each class's total at the query."""
    w = r"w_i = 1" if weights == "uniform" else r"w_i = 1/d(x, a_i)"
    totals = r",\;".join(
        rf"\text{{class {c}}}: {t:.2f}" if weights == "distance" else rf"\text{{class {c}}}: {t:.0f}"
        for c, t in enumerate(p.totals)
    )
    return (
        rf"\begin{{gathered}}\hat y(x) = \arg\max_c \sum_{{i \in N_{{{k}}}(x)}} w_i\,[y_i = c],\quad {w} \\"
        rf"{totals} \;\Rightarrow\; \hat y = {p.winner}\end{{gathered}}"
    )


def exact_hit(p: Probe) -> bool:
    """The query sits exactly on a training point (distance votes: that point alone decides)."""
    return bool(p.dist[0] == 0)
