"""The 2-D distributions a GAN learns here, and how well a sample covers them (numpy only).

Every distribution is seeded and lives in the square ``[-EXTENT, EXTENT]^2``. Each
one is cut into ``regions`` (its modes: the 8 Gaussians of the ring, the 9 of the
grid, arcs of the moons and of the spiral), so one metric works for all of them:
a generated point is *on the data* when it lies within ``tolerance`` of a real
point, and counts for that point's region; a region is *covered* when it holds at
least a quarter of its fair share of the generated points (:func:`coverage`).
The test is made once per distribution on a fine raster of the square
(:data:`LOOKUP_CELLS` cells a side, each cell judged by its centre), so scoring
a sample costs one table look-up per point.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from engine.playground.datasets import generate_points

__all__ = [
    "DISTRIBUTIONS",
    "EXTENT",
    "Coverage",
    "Distribution",
    "coverage",
    "make_distribution",
    "region_of",
]

#: Half-width of the square everything is drawn in.
EXTENT = 3.0
#: Playground units (points in [-6, 6]) to this page's units.
_PLAYGROUND_SCALE = 1.0 / 2.5
#: Real points kept per run (the training set, and the points drawn).
N_REAL = 2000
#: A region counts as covered with at least this fraction of its fair share of samples.
FAIR_SHARE = 0.25
#: Cells a side of the raster that maps a position to its region (or -1: off the data).
LOOKUP_CELLS = 200

RING_MODES = 8
RING_RADIUS = 2.0
RING_STD = 0.08
GRID_SIDE = 3
GRID_SPACING = 1.6
GRID_STD = 0.08
CURVE_REGIONS = 8

DISTRIBUTIONS: dict[str, str] = {
    "ring": "Ring of 8 Gaussians",
    "grid": "Grid of 9 Gaussians",
    "moons": "Two moons",
    "spiral": "Spiral",
}


@dataclasses.dataclass(frozen=True, eq=False)
class Distribution:
    """A seeded sample of one distribution, cut into regions.

    Attributes:
        name: a key of :data:`DISTRIBUTIONS`.
        points: (N_REAL, 2) float32 real points (the training set).
        regions: (N_REAL,) int region of each point, 0..n_regions-1.
        n_regions: how many regions (modes) there are.
        tolerance: a generated point farther than this from every real point is "off the data".
        centres: (n_regions, 2) the mean of each region (where the page labels modes).
        lookup: (LOOKUP_CELLS, LOOKUP_CELLS) region of each cell of the square (row = y), -1 off the data.
    """

    name: str
    points: np.ndarray
    regions: np.ndarray
    n_regions: int
    tolerance: float
    centres: np.ndarray
    lookup: np.ndarray

    @property
    def label(self) -> str:
        return DISTRIBUTIONS[self.name]


def _mixture(
    rng: np.random.Generator, centres: np.ndarray, std: float, n: int
) -> tuple[np.ndarray, np.ndarray]:
    regions = np.arange(n) % len(centres)
    points = centres[regions] + std * rng.standard_normal((n, 2))
    return points, regions


def _ring(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray, float]:
    angles = 2.0 * np.pi * np.arange(RING_MODES) / RING_MODES
    centres = RING_RADIUS * np.stack([np.cos(angles), np.sin(angles)], axis=1)
    return (*_mixture(rng, centres, RING_STD, n), 3.0 * RING_STD)


def _grid(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray, float]:
    ticks = GRID_SPACING * (np.arange(GRID_SIDE) - (GRID_SIDE - 1) / 2)
    centres = np.array([(x, y) for y in ticks for x in ticks])
    return (*_mixture(rng, centres, GRID_STD, n), 3.0 * GRID_STD)


def _moons(seed: int, n: int) -> tuple[np.ndarray, np.ndarray, float]:
    points, labels = generate_points("moons", n, 0.03, seed)
    points = points.astype(np.float64) * _PLAYGROUND_SCALE
    half = CURVE_REGIONS // 2  # arcs per moon, by the angle around the moon's own centre
    regions = np.empty(n, int)
    c = 3.3 * _PLAYGROUND_SCALE  # each moon is an arc round its own circle's centre
    for moon, centre in ((1, (-0.5 * c, -0.25 * c)), (0, (0.5 * c, 0.25 * c))):
        mask = labels == moon
        rel = points[mask] - np.array(centre)
        angle = np.arctan2(rel[:, 1], rel[:, 0])
        angle = angle if moon == 1 else -angle  # the lower moon opens upwards
        arc = np.clip((angle / np.pi * half).astype(int), 0, half - 1)
        regions[mask] = arc + (0 if moon == 1 else half)
    return points, regions, 0.25


def _spiral(seed: int, n: int) -> tuple[np.ndarray, np.ndarray, float]:
    points, labels = generate_points("spiral", n, 0.1, seed)
    points = points.astype(np.float64) * _PLAYGROUND_SCALE
    half = CURVE_REGIONS // 2  # arcs per arm, by the position along the arm
    regions = np.empty(n, int)
    for arm in (1, 0):
        idx = np.flatnonzero(labels == arm)  # generated in order along the arm
        regions[idx] = np.arange(len(idx)) * half // len(idx) + (0 if arm == 1 else half)
    return points, regions, 0.25


def make_distribution(name: str, seed: int, n: int = N_REAL) -> Distribution:
    """The real data: ``n`` points of distribution ``name``, drawn with ``seed`` (shuffled)."""
    if name not in DISTRIBUTIONS:
        raise ValueError(f"unknown distribution {name!r}; choose one of {', '.join(DISTRIBUTIONS)}")
    rng = np.random.default_rng((int(seed), 7))
    if name == "ring":
        points, regions, tol = _ring(rng, n)
    elif name == "grid":
        points, regions, tol = _grid(rng, n)
    elif name == "moons":
        points, regions, tol = _moons(int(seed), n)
    else:
        points, regions, tol = _spiral(int(seed), n)
    order = rng.permutation(n)
    points, regions = points[order].astype(np.float32), regions[order]
    k = int(regions.max()) + 1
    centres = np.array([points[regions == r].mean(axis=0) for r in range(k)])
    return Distribution(name, points, regions, k, tol, centres, _lookup(points, regions, tol))


def _lookup(points: np.ndarray, regions: np.ndarray, tolerance: float) -> np.ndarray:
    """The region of the real point nearest to each cell centre, or -1 where none is within ``tolerance``.

    Only the cells round each real point are visited (a disc of radius ``tolerance``).
    """
    cell = 2 * EXTENT / LOOKUP_CELLS
    reach = int(np.ceil(tolerance / cell)) + 1
    offsets = np.arange(-reach, reach + 1)
    di, dj = (a.ravel() for a in np.meshgrid(offsets, offsets))
    home = np.floor((points.astype(np.float64) + EXTENT) / cell).astype(int)  # (n, 2) column, row
    cols = home[:, 0:1] + di[None, :]
    rows = home[:, 1:2] + dj[None, :]
    centre_x = -EXTENT + (cols + 0.5) * cell
    centre_y = -EXTENT + (rows + 0.5) * cell
    d2 = (centre_x - points[:, 0:1]) ** 2 + (centre_y - points[:, 1:2]) ** 2
    keep = (d2 <= tolerance**2) & (cols >= 0) & (cols < LOOKUP_CELLS) & (rows >= 0) & (rows < LOOKUP_CELLS)
    flat = (rows * LOOKUP_CELLS + cols)[keep]
    owner = np.broadcast_to(regions[:, None], keep.shape)[keep]
    order = np.lexsort((d2[keep], flat))  # by cell, nearest first
    flat, owner = flat[order], owner[order]
    first = np.unique(flat, return_index=True)[1]
    lookup = np.full(LOOKUP_CELLS * LOOKUP_CELLS, -1)
    lookup[flat[first]] = owner[first]
    return lookup.reshape(LOOKUP_CELLS, LOOKUP_CELLS)


@dataclasses.dataclass(frozen=True)
class Coverage:
    """How a generated sample covers a distribution.

    Attributes:
        covered: regions holding at least ``FAIR_SHARE`` of their fair share of the samples.
        total: regions of the distribution.
        on_data: fraction of the samples within the tolerance of some real point.
        counts: (total,) samples per region.
    """

    covered: int
    total: int
    on_data: float
    counts: np.ndarray


def region_of(dist: Distribution, samples: np.ndarray) -> np.ndarray:
    """(n,) the region of each sample (n, 2), -1 off the data (or outside the square, or not finite)."""
    samples = np.asarray(samples, np.float64)
    cell = np.floor((samples + EXTENT) / (2 * EXTENT) * LOOKUP_CELLS)
    inside = np.isfinite(cell).all(axis=1) & (cell >= 0).all(axis=1) & (cell < LOOKUP_CELLS).all(axis=1)
    out = np.full(len(samples), -1)
    ij = cell[inside].astype(int)
    out[inside] = dist.lookup[ij[:, 1], ij[:, 0]]
    return out


def coverage(dist: Distribution, samples: np.ndarray) -> Coverage:
    """Regions (modes) covered by ``samples`` (n, 2): see the module docstring."""
    regions = region_of(dist, samples)
    close = regions >= 0
    counts = np.bincount(regions[close], minlength=dist.n_regions)
    need = FAIR_SHARE * len(samples) / dist.n_regions
    covered = int(np.sum(counts >= need)) if len(samples) else 0
    on_data = float(np.mean(close)) if len(samples) else 0.0
    return Coverage(covered, dist.n_regions, on_data, counts)
