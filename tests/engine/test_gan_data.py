"""engine.generative.gan.data: the distributions and the mode-coverage metric."""

from __future__ import annotations

import numpy as np
import pytest

from engine.generative.gan.data import DISTRIBUTIONS, EXTENT, coverage, make_distribution, region_of


@pytest.mark.parametrize("name", list(DISTRIBUTIONS))
def test_distributions_are_seeded_and_inside_the_square(name) -> None:
    a, b, c = make_distribution(name, 3), make_distribution(name, 3), make_distribution(name, 4)
    assert np.array_equal(a.points, b.points) and not np.array_equal(a.points, c.points)
    assert a.points.shape == (2000, 2) and np.all(np.abs(a.points) < EXTENT)
    assert np.bincount(a.regions).min() > 150  # every region is well populated
    # the real data covers itself, fully and on the data
    cov = coverage(a, a.points[1000:])
    assert cov.covered == cov.total == a.n_regions and cov.on_data == 1.0


def test_ring_regions_are_the_eight_gaussians() -> None:
    ring = make_distribution("ring", 1)
    angles = np.degrees(np.arctan2(ring.centres[:, 1], ring.centres[:, 0])) % 360
    assert np.sort(angles) == pytest.approx(np.arange(0, 360, 45), abs=2.0)
    assert np.linalg.norm(ring.centres, axis=1) == pytest.approx(np.full(8, 2.0), abs=0.02)


def test_lookup_agrees_with_brute_force_nearest_point() -> None:
    dist = make_distribution("moons", 2)
    rng = np.random.default_rng(0)
    samples = rng.uniform(-2.5, 2.5, (400, 2))
    d = np.linalg.norm(samples[:, None, :] - dist.points[None, :, :], axis=2)
    nearest = np.argmin(d, axis=1)
    expected = np.where(d.min(axis=1) <= dist.tolerance, dist.regions[nearest], -1)
    got = region_of(dist, samples)
    cell = 2 * EXTENT / 200
    clear = np.abs(d.min(axis=1) - dist.tolerance) > cell  # away from the raster's edge of tolerance
    assert np.mean(got[clear] == expected[clear]) > 0.97


def test_coverage_counts_modes() -> None:
    ring = make_distribution("ring", 1)
    one_mode = np.tile(ring.centres[:1], (500, 1))
    cov = coverage(ring, one_mode)
    assert (cov.covered, cov.total, cov.on_data) == (1, 8, 1.0)
    three = np.repeat(ring.centres[:3], 100, axis=0)
    assert coverage(ring, three).covered == 3
    off = np.zeros((500, 2))  # the ring's centre: no mode
    assert coverage(ring, off).covered == 0 and coverage(ring, off).on_data == 0.0
    # a mode with under a quarter of its fair share (500 / 8 / 4 = 15.6) does not count
    mixed = np.concatenate([np.tile(ring.centres[:1], (490, 1)), np.tile(ring.centres[1:2], (10, 1))])
    assert coverage(ring, mixed).covered == 1
    bad = np.array([[np.nan, 0.0], [1e9, 1e9]])
    assert coverage(ring, bad).on_data == 0.0
