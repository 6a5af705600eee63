""" "What to try" on the k-means page; tests/engine/test_kmeans_presets.py checks each claim."""

from __future__ import annotations

from engine.classical.kmeans_scan import N_INIT
from engine.presets import Preset

#: Two centroids share the top blob, one sits between two blobs (5 blobs, data seed 3).
BAD_START = (1.6, 4.1, 2.7, 4.1, -3.7, -2.4, -0.6, -1.5, 2.7, 0.7)
#: One centroid far from every point: no point chooses it in the first assign step.
FAR_START = (2.7, 0.7, -3.7, -2.4, -1.0, 0.2, 10.0, 10.0)

KMEANS_PRESETS: tuple[Preset, ...] = (
    Preset(
        "Bad start: a poor local minimum",
        "Two centroids share the top blob and one sits between two blobs. Step through: it "
        "**converges** (nothing changes any more) to a clearly worse clustering: its inertia stays "
        f"above the dashed line (scikit-learn's best of {N_INIT} k-means++ starts). k-means only finds a "
        "local minimum; that is why scikit-learn restarts it `n_init` times and keeps the best.",
        {"centers": 5, "k": 5, "init": "click", "placed": BAD_START},
    ),
    Preset(
        "Unlucky random start",
        "Five blobs, five centroids started at random data points (init seed 4): two start in the "
        "same blob and never leave. Press **New start** (or k-means++) and compare the final inertia.",
        {"centers": 5, "k": 5, "init": "random", "init_seed": 4},
    ),
    Preset(
        "Empty cluster",
        "Centroid 4 starts far from every point: after the first assign step **no point chose it**. "
        "scikit-learn re-seeds it at the point farthest from its own centroid (watch step 2). Switch "
        "*An empty cluster* to *Keep it where it was*: it stays empty and only 3 clusters are found.",
        {"init": "click", "placed": FAR_START},
    ),
    Preset(
        "Stretched blobs: k-means vs mixture",
        "Three long, parallel clusters. k-means draws straight borders half-way between centroids "
        "and cuts across them; open **k-means vs Gaussian mixture**: the mixture's ellipses follow "
        "the stretch and find the true groups (adjusted Rand index near 1).",
        {"dataset": "stretched", "centers": 3, "k": 3},
    ),
    Preset(
        "Two moons: where k-means fails",
        "Two interleaving half-moons. Whatever the start, k-means splits the plane with one straight "
        "line and cuts both moons: clusters are not always round blobs around a centre.",
        {"dataset": "moons", "k": 2},
    ),
    Preset(
        "Circle: a ring around a disc",
        "The ring surrounds the disc, so both share the same centre: two centroids can only cut the "
        "picture in half. Distance to a centre cannot describe a ring.",
        {"dataset": "circle", "k": 2},
    ),
    Preset(
        "Choose k: elbow and silhouette",
        "Six blobs but k = 3. Open **Choosing k**: the mean silhouette is highest at the true number "
        "of blobs, and past it the inertia curve flattens (the elbow): more clusters only split blobs.",
        {"centers": 6, "k": 3},
    ),
)
