"""Tests for engine.playground.datasets (pure numpy, fast)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine.playground import datasets as ds

ALL_SETS = ds.CLASSIFICATION_SETS + ds.REGRESSION_SETS
BINARY_SETS = ("circle", "xor", "gauss", "spiral", "moons")
LABEL_NOISE_SETS = ("circle", "xor", "reg-plane", "reg-gauss")

TFP_GAUSSIANS = [
    [-4, 2.5, 1],
    [0, 2.5, -1],
    [4, 2.5, 1],
    [-4, -2.5, -1],
    [0, -2.5, 1],
    [4, -2.5, -1],
]


def naive_reg_gauss(x: float, y: float) -> float:
    """TFP's regressGaussian getLabel, point by point."""
    label = 0.0
    for cx, cy, sign in TFP_GAUSSIANS:
        dist = math.hypot(x - cx, y - cy)
        new_label = sign * min(max(1 - dist / 2, 0.0), 1.0)
        if abs(new_label) > abs(label):
            label = new_label
    return label


# --------------------------------------------------------------------------- registry


def test_registry_consistent() -> None:
    assert set(ds.DATASET_LABELS) == set(ALL_SETS)
    assert ds.DATASET_LABELS["circle"] == "Circle"
    assert ds.DATASET_LABELS["blobs3"] == "3 blobs"
    assert ds.DATASET_LABELS["reg-plane"] == "Plane (regression)"
    assert ds.DOMAIN == 6.0
    for name in BINARY_SETS:
        assert ds.n_classes(name) == 2 and not ds.is_regression(name)
    assert ds.n_classes("blobs3") == 3
    assert ds.n_classes("blobs4") == 4
    for name in ds.REGRESSION_SETS:
        assert ds.n_classes(name) == 0 and ds.is_regression(name)
    with pytest.raises(ValueError, match="unknown data set"):
        ds.n_classes("nope")


# --------------------------------------------------------------------------- determinism, shapes


@pytest.mark.parametrize("name", ALL_SETS)
def test_same_seed_bit_identical(name: str) -> None:
    a = ds.make_dataset(name, 200, 0.3, 0.5, seed=7)
    b = ds.make_dataset(name, 200, 0.3, 0.5, seed=7)
    for field in ("x_train", "y_train", "x_test", "y_test"):
        left, right = getattr(a, field), getattr(b, field)
        assert left.dtype == right.dtype
        assert left.tobytes() == right.tobytes()


@pytest.mark.parametrize("name", ALL_SETS)
def test_different_seed_differs(name: str) -> None:
    a = ds.make_dataset(name, 200, 0.3, 0.5, seed=1)
    b = ds.make_dataset(name, 200, 0.3, 0.5, seed=2)
    assert not np.array_equal(a.x_train, b.x_train)
    pa, _ = ds.generate_points(name, 200, 0.3, seed=1)
    pb, _ = ds.generate_points(name, 200, 0.3, seed=2)
    assert not np.array_equal(pa, pb)


@pytest.mark.parametrize("name", ALL_SETS)
@pytest.mark.parametrize("noise", [0.0, 0.8])
def test_shapes_dtypes_domain(name: str, noise: float) -> None:
    points, labels = ds.generate_points(name, 301, noise, seed=3)
    assert points.shape == (301, 2) and points.dtype == np.float32
    assert labels.shape == (301,)
    assert np.all(np.isfinite(points))
    assert np.all(np.abs(points) <= ds.DOMAIN)
    if ds.is_regression(name):
        assert labels.dtype == np.float32
        assert np.all((labels >= -1) & (labels <= 1))
    else:
        assert labels.dtype == np.int64
        assert set(np.unique(labels)) <= set(range(ds.n_classes(name)))


@pytest.mark.parametrize("name", ALL_SETS)
def test_dataset_fields(name: str) -> None:
    d = ds.make_dataset(name, 100, 0.2, 0.7, seed=5)
    assert d.name == name and d.seed == 5 and d.noise == 0.2
    assert d.n_classes == ds.n_classes(name)
    assert d.is_regression == ds.is_regression(name)
    assert d.x_train.shape == (70, 2) and d.x_test.shape == (30, 2)
    assert d.y_train.shape == (70,) and d.y_test.shape == (30,)
    assert d.x_train.dtype == np.float32
    assert d.y_train.dtype == (np.float32 if ds.is_regression(name) else np.int64)


# --------------------------------------------------------------------------- class balance


@pytest.mark.parametrize(
    ("name", "noise"),
    # circle with noise is left out: its noise flips labels (TFP label noise)
    [("circle", 0.0)] + [(n, v) for n in ("gauss", "spiral", "moons") for v in (0.0, 0.5)],
)
def test_binary_sets_half_and_half(name: str, noise: float) -> None:
    _, labels = ds.generate_points(name, 400, noise, seed=11)
    assert np.sum(labels == 1) == 200 and np.sum(labels == 0) == 200


def test_odd_count_binary() -> None:
    _, labels = ds.generate_points("gauss", 5, 0.0, seed=0)
    assert labels.tolist() == [1, 1, 1, 0, 0]


def test_xor_roughly_balanced() -> None:
    # TFP's XOR draws uniform points, so its balance is only statistical.
    _, labels = ds.generate_points("xor", 2000, 0.0, seed=4)
    assert 0.45 < labels.mean() < 0.55


@pytest.mark.parametrize("k", [3, 4])
def test_blobs(k: int) -> None:
    name = f"blobs{k}"
    points, labels = ds.generate_points(name, 4001, 0.0, seed=9)
    counts = np.bincount(labels, minlength=k)
    assert len(counts) == k and counts.max() - counts.min() <= 1
    for j in range(k):
        angle = np.pi / 2 + 2 * np.pi * j / k
        centre = 3.5 * np.array([np.cos(angle), np.sin(angle)])
        cluster = points[labels == j]
        np.testing.assert_allclose(cluster.mean(axis=0), centre, atol=0.1)
        np.testing.assert_allclose(cluster.std(axis=0), 0.6, rtol=0.1)
    np.testing.assert_allclose(points[labels == 0].mean(axis=0), [0.0, 3.5], atol=0.1)


# --------------------------------------------------------------------------- geometry at noise 0


def test_circle_noise_free_labels_match_radius() -> None:
    points, labels = ds.generate_points("circle", 1000, 0.0, seed=2)
    r = np.hypot(points[:, 0].astype(np.float64), points[:, 1].astype(np.float64))
    np.testing.assert_array_equal(labels, (r < 2.5).astype(np.int64))
    assert np.all((r < 2.5) | ((r >= 3.5 - 1e-5) & (r <= 5 + 1e-5)))


def test_xor_noise_free_labels_match_sign() -> None:
    points, labels = ds.generate_points("xor", 1000, 0.0, seed=2)
    x, y = points[:, 0].astype(np.float64), points[:, 1].astype(np.float64)
    np.testing.assert_array_equal(labels, (x * y >= 0).astype(np.int64))
    assert np.all(np.abs(points) >= 0.3 - 1e-6)
    assert np.all(np.abs(points) <= 5.3 + 1e-6)


def test_gauss_centres_and_spread() -> None:
    points, labels = ds.generate_points("gauss", 5000, 0.0, seed=6)
    pos, neg = points[labels == 1], points[labels == 0]
    np.testing.assert_allclose(pos.mean(axis=0), [2, 2], atol=0.1)
    np.testing.assert_allclose(neg.mean(axis=0), [-2, -2], atol=0.1)
    np.testing.assert_allclose(pos.std(axis=0), math.sqrt(0.5), rtol=0.08)
    # noise 0.5 -> variance 4 (TFP's scale end point)
    points, labels = ds.generate_points("gauss", 5000, 0.5, seed=6)
    np.testing.assert_allclose(points[labels == 1].std(axis=0), 2.0, rtol=0.08)


def test_spiral_noise_free_formula() -> None:
    n = 200
    points, labels = ds.generate_points("spiral", n, 0.0, seed=1)
    m = n // 2
    i = np.arange(m)
    r = 5 * i / m
    for arm, delta, label in ((slice(0, m), 0.0, 1), (slice(m, n), np.pi, 0)):
        t = 1.75 * 2 * np.pi * i / m + delta
        np.testing.assert_allclose(points[arm, 0], r * np.sin(t), atol=1e-5)
        np.testing.assert_allclose(points[arm, 1], r * np.cos(t), atol=1e-5)
        assert np.all(labels[arm] == label)
        radius = np.hypot(points[arm, 0], points[arm, 1])
        assert np.all(np.diff(radius) > 0)


def test_moons_extent() -> None:
    points, labels = ds.generate_points("moons", 1000, 0.0, seed=1)
    assert points[:, 0].min() >= -5.0 and points[:, 0].max() <= 5.0
    assert points[:, 1].min() >= -2.6 and points[:, 1].max() <= 2.6
    assert points[labels == 1, 1].mean() > points[labels == 0, 1].mean()


def test_reg_plane_noise_free() -> None:
    points, labels = ds.generate_points("reg-plane", 500, 0.0, seed=3)
    expected = np.clip((points[:, 0].astype(np.float64) + points[:, 1]) / 10, -1, 1)
    np.testing.assert_allclose(labels, expected, atol=1e-6)
    assert np.all(np.abs(points) <= 6)


def test_reg_gauss_noise_free_matches_naive() -> None:
    points, labels = ds.generate_points("reg-gauss", 500, 0.0, seed=3)
    expected = [naive_reg_gauss(float(x), float(y)) for x, y in points]
    np.testing.assert_allclose(labels, expected, atol=1e-5)


def test_reg_gauss_target_at_bump_centres() -> None:
    centres = np.array([[cx, cy] for cx, cy, _ in TFP_GAUSSIANS], dtype=np.float64)
    values = ds.reg_gauss_target(centres)
    np.testing.assert_array_equal(values, [sign for _, _, sign in TFP_GAUSSIANS])
    assert [naive_reg_gauss(cx, cy) for cx, cy, _ in TFP_GAUSSIANS] == [s for _, _, s in TFP_GAUSSIANS]
    # far from every bump the target is 0
    assert ds.reg_gauss_target(np.array([[6.0, 0.0]]))[0] == 0.0


def test_reg_plane_target_clips() -> None:
    np.testing.assert_allclose(
        ds.reg_plane_target(np.array([[6.0, 6.0], [-6.0, -6.0], [1.0, 2.0]])),
        [1, -1, 0.3],
    )


# --------------------------------------------------------------------------- noise


@pytest.mark.parametrize("name", LABEL_NOISE_SETS)
def test_label_noise_keeps_points(name: str) -> None:
    p0, y0 = ds.generate_points(name, 1000, 0.0, seed=8)
    p1, y1 = ds.generate_points(name, 1000, 0.5, seed=8)
    np.testing.assert_array_equal(p0, p1)
    changed = np.mean(y0 != y1)
    assert changed > 0.0
    if not ds.is_regression(name):
        assert changed < 0.5


def test_circle_noise_flips_some_labels() -> None:
    p0, y0 = ds.generate_points("circle", 1000, 0.0, seed=8)
    _, y1 = ds.generate_points("circle", 1000, 0.5, seed=8)
    r = np.hypot(p0[:, 0], p0[:, 1])
    assert np.any(y1 != y0)
    assert np.any(y1[r < 2.5] == 0) and np.any(y1[r >= 3.5] == 1)


@pytest.mark.parametrize("name", ["gauss", "spiral", "moons", "blobs3"])
def test_positional_noise_moves_points(name: str) -> None:
    p0, y0 = ds.generate_points(name, 500, 0.0, seed=8)
    p1, y1 = ds.generate_points(name, 500, 0.5, seed=8)
    np.testing.assert_array_equal(y0, y1)
    assert not np.allclose(p0, p1)


# --------------------------------------------------------------------------- split


@pytest.mark.parametrize(
    ("n", "fraction", "n_train"),
    [
        (100, 0.5, 50),
        (101, 0.5, 50),
        (10, 0.75, 8),
        (4, 0.1, 1),
        (4, 0.9, 3),
        (5000, 0.9, 4500),
    ],
)
def test_split_sizes(n: int, fraction: float, n_train: int) -> None:
    d = ds.make_dataset("circle", n, 0.1, fraction, seed=0)
    assert len(d.x_train) == len(d.y_train) == n_train
    assert len(d.x_test) == len(d.y_test) == n - n_train


def test_split_is_a_shuffled_partition() -> None:
    points, labels = ds.generate_points("spiral", 300, 0.2, seed=12)
    d = ds.make_dataset("spiral", 300, 0.2, 0.6, seed=12)
    merged = np.concatenate([d.x_train, d.x_test])
    merged_labels = np.concatenate([d.y_train, d.y_test])
    assert not np.array_equal(merged, points)  # shuffled
    order = np.lexsort(merged.T)
    ref = np.lexsort(points.T)
    np.testing.assert_array_equal(merged[order], points[ref])
    np.testing.assert_array_equal(merged_labels[order], labels[ref])
    assert 0 < d.y_train.sum() < len(d.y_train)  # both classes in train


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"name": "donut"}, "unknown data set"),
        ({"n_points": 3}, "n_points"),
        ({"n_points": 5001}, "n_points"),
        ({"noise": -0.01}, "noise"),
        ({"noise": 0.81}, "noise"),
        ({"noise": float("nan")}, "noise"),
        ({"seed": -1}, "seed"),
    ],
)
def test_generate_points_rejects_bad_input(kwargs: dict, match: str) -> None:
    args = {"name": "circle", "n_points": 100, "noise": 0.1, "seed": 0} | kwargs
    with pytest.raises(ValueError, match=match):
        ds.generate_points(**args)


@pytest.mark.parametrize(("field", "value"), [("n_points", 10.5), ("seed", 1.5), ("seed", True)])
def test_generate_points_rejects_non_integers(field: str, value: object) -> None:
    args = {"name": "circle", "n_points": 100, "noise": 0.1, "seed": 0, field: value}
    with pytest.raises(TypeError, match=field):
        ds.generate_points(**args)


@pytest.mark.parametrize("fraction", [0.0, 0.09, 0.91, 1.0, float("nan")])
def test_make_dataset_rejects_bad_fraction(fraction: float) -> None:
    with pytest.raises(ValueError, match="train_fraction"):
        ds.make_dataset("circle", 100, 0.1, fraction, seed=0)


def test_boundary_values_accepted() -> None:
    ds.make_dataset("xor", 4, 0.0, 0.1, seed=0)
    ds.make_dataset("xor", 5000, 0.8, 0.9, seed=0)
    ds.generate_points("blobs4", 4, 0.8, seed=np.int64(3))
