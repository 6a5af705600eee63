"""Tests for engine.playground.features (pure numpy, fast)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine.playground import features as ft

NAIVE = {
    "x1": lambda x1, x2: x1,
    "x2": lambda x1, x2: x2,
    "x1sq": lambda x1, x2: x1 * x1,
    "x2sq": lambda x1, x2: x2 * x2,
    "x1x2": lambda x1, x2: x1 * x2,
    "sinx1": lambda x1, x2: math.sin(x1),
    "sinx2": lambda x1, x2: math.sin(x2),
}


def test_registries_consistent() -> None:
    assert ft.FEATURES == ("x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2")
    assert set(ft.FEATURE_LABELS) == set(ft.FEATURES) == set(ft.FEATURE_FORMULAS)
    assert ft.FEATURE_LABELS["x1sq"] == "X₁²"
    assert ft.FEATURE_FORMULAS["x1sq"] == "x_1^2"
    assert ft.DEFAULT_FEATURES == ("x1", "x2")


def test_validate_canonical_order_and_dedup() -> None:
    assert ft.validate_features(["sinx2", "x1", "x1sq", "x1"]) == (
        "x1",
        "x1sq",
        "sinx2",
    )
    assert ft.validate_features(ft.FEATURES[::-1]) == ft.FEATURES
    assert ft.validate_features(ft.DEFAULT_FEATURES) == ("x1", "x2")


@pytest.mark.parametrize("names", [[], (), ["x3"], ["x1", "cos"]])
def test_validate_rejects(names: list[str]) -> None:
    with pytest.raises(ValueError):
        ft.validate_features(names)


def test_validate_rejects_single_string() -> None:
    with pytest.raises(TypeError):
        ft.validate_features("x1")


def test_compute_matches_naive() -> None:
    rng = np.random.default_rng(0)
    points = rng.uniform(-6, 6, size=(50, 2)).astype(np.float32)
    out = ft.compute_features(points, ["sinx2", "x1x2", "x2", "x1", "x2sq", "sinx1", "x1sq"])
    assert out.shape == (50, 7) and out.dtype == np.float32
    for j, name in enumerate(ft.FEATURES):
        expected = [NAIVE[name](float(x1), float(x2)) for x1, x2 in points]
        np.testing.assert_allclose(out[:, j], expected, rtol=1e-6, atol=1e-6)


def test_compute_subset_order_and_no_normalisation() -> None:
    points = np.array([[6.0, -6.0], [0.5, 2.0]])
    out = ft.compute_features(points, ["x2sq", "x1"])
    np.testing.assert_allclose(out, [[6.0, 36.0], [0.5, 4.0]])
    assert out.dtype == np.float32


def test_compute_default_is_identity() -> None:
    points = np.array([[1.5, -2.5], [3.0, 4.0]], dtype=np.float32)
    np.testing.assert_array_equal(ft.compute_features(points, ft.DEFAULT_FEATURES), points)


@pytest.mark.parametrize("shape", [(5,), (5, 3), (2, 2, 2)])
def test_compute_rejects_bad_shape(shape: tuple[int, ...]) -> None:
    with pytest.raises(ValueError, match="shape"):
        ft.compute_features(np.zeros(shape), ["x1"])


def test_compute_rejects_bad_names() -> None:
    with pytest.raises(ValueError):
        ft.compute_features(np.zeros((3, 2)), [])
    with pytest.raises(ValueError):
        ft.compute_features(np.zeros((3, 2)), ["nope"])
