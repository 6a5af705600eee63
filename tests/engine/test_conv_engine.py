"""engine.conv: conv2d / pool2d against a naive loop, TensorFlow, and the slides' printed numbers."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from engine.conv.conv import conv2d, conv2d_naive, conv_trace, resolve_padding
from engine.conv.examples import (
    CONV_EXAMPLES,
    CS231N,
    EDGE6,
    POOL4,
    POOL4_MAX,
    SHARPEN,
    SHARPEN_FIRST_CELL,
    X_KERNEL,
    random_problem,
)
from engine.conv.pool import pool2d, pool_trace
from engine.conv.shapes import SizeError, output_size, same_padding, size_report
from engine.tf_runtime import get_tf


# ---- the slides, exactly --------------------------------------------------------------------------
def test_cs231n_example_matches_the_slide() -> None:
    out = conv2d(CS231N.x, CS231N.w, CS231N.b, stride=2, padding=1)
    assert out.shape == (3, 3, 2)
    np.testing.assert_array_equal(out, CS231N.expected)
    np.testing.assert_array_equal(out[:, :, 0], [[2, 3, 3], [3, 7, 3], [8, 10, -3]])
    np.testing.assert_array_equal(out[:, :, 1], [[-8, -8, -3], [-3, 1, 0], [-3, -8, -5]])


def test_cs231n_first_cell_trace() -> None:
    tr = conv_trace(CS231N.x, CS231N.w, CS231N.b, 0, 0, 0, stride=2, padding=1)
    assert tr.rows == (0, 1, 2) and tr.cols == (0, 1, 2)
    # The window's top row and left column are padding.
    assert np.all(tr.window[0] == 0) and np.all(tr.window[:, 0] == 0)
    assert tr.total == 1.0 and tr.bias == 1.0 and tr.out == 2.0
    assert tr.running_sums()[-1] == tr.total
    np.testing.assert_array_equal(tr.products, tr.window * tr.weights)


def test_x_kernel_example() -> None:
    out = conv2d(X_KERNEL.x, X_KERNEL.w, X_KERNEL.b)
    np.testing.assert_array_equal(out[:, :, 0], [[4, 3, 4], [2, 4, 3], [2, 3, 4]])
    assert conv_trace(X_KERNEL.x, X_KERNEL.w, None, 0, 0).out == 4.0


def test_sharpen_example_first_cell_is_114() -> None:
    out = conv2d(SHARPEN.x, SHARPEN.w, padding=1)
    assert out.shape == (5, 5, 1)
    assert out[0, 0, 0] == SHARPEN_FIRST_CELL == 5 * 60 - 113 - 73


def test_edge6_example() -> None:
    np.testing.assert_array_equal(conv2d(EDGE6.x, EDGE6.w), EDGE6.expected)


def test_pool4_slides() -> None:
    res = pool2d(POOL4[:, :, None], 2)
    np.testing.assert_array_equal(res.out[:, :, 0], POOL4_MAX)
    winners = [tuple(res.argmax[i, j, 0]) for i in range(2) for j in range(2)]
    assert winners == [(1, 0), (0, 3), (2, 0), (3, 3)]
    np.testing.assert_array_equal(
        pool2d(POOL4[:, :, None], 2, mode="avg").out[:, :, 0], [[3.75, 4.25], [4.75, 2.5]]
    )


# ---- the output-size formula ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("n", "k", "s", "p", "d", "out"),
    [
        (5, 3, 2, 1, 1, 3),
        (7, 3, 1, 0, 1, 5),
        (28, 3, 1, 0, 1, 26),
        (26, 2, 2, 0, 1, 13),
        (7, 3, 1, 0, 2, 3),
        (6, 3, 2, 0, 1, 2),
    ],
)
def test_output_size(n: int, k: int, s: int, p: int, d: int, out: int) -> None:
    assert output_size(n, k, s, p, d) == out


def test_impossible_sizes_are_explained() -> None:
    with pytest.raises(SizeError, match="does not fit"):
        output_size(3, 5)
    with pytest.raises(SizeError, match="dilation 2 spans 5"):
        output_size(4, 3, dilation=2)
    rep = size_report(3, 5)
    assert rep.out == 0 and "does not fit" in rep.problem
    rep = size_report(6, 3, 2)  # (6 - 3) / 2 = 1.5: one column is never reached
    assert rep.out == 2 and rep.leftover == 1 and not rep.exact


def test_same_padding_is_tensorflows() -> None:
    assert same_padding(28, 3) == (1, 1)
    assert same_padding(5, 2, 2) == (0, 1)  # the odd cell goes after
    assert same_padding(7, 4, 3) == (1, 2)


# ---- against a naive loop and TensorFlow on random inputs ------------------------------------------
CASES = list(
    itertools.product(
        [(7, 6, 3), (5, 5, 1), (9, 8, 2)],
        [(3, 3, 2), (2, 3, 1), (1, 1, 3)],
        [1, 2, 3],
        [0, 1, "same", "valid"],
        [1, 2],
    )
)


@pytest.mark.parametrize("case", CASES[::3])
def test_conv2d_matches_naive_loop(case) -> None:
    (h, w, c), (kh, kw, f), stride, padding, dilation = case
    rng = np.random.default_rng(hash(str(case)) % 2**32)
    x, wts, b = rng.normal(size=(h, w, c)), rng.normal(size=(kh, kw, c, f)), rng.normal(size=f)
    try:
        expected = conv2d_naive(x, wts, b, stride, padding, dilation)
    except SizeError:
        with pytest.raises(SizeError):
            conv2d(x, wts, b, stride, padding, dilation)
        return
    np.testing.assert_allclose(conv2d(x, wts, b, stride, padding, dilation), expected, atol=1e-12)
    tr = conv_trace(x, wts, b, expected.shape[0] - 1, expected.shape[1] - 1, f - 1, stride, padding, dilation)
    assert tr.out == pytest.approx(expected[-1, -1, f - 1])


@pytest.fixture(scope="module")
def tf():
    return get_tf()


@pytest.mark.parametrize("seed", range(6))
def test_conv2d_matches_tf_nn_conv2d(tf, seed: int) -> None:
    rng = np.random.default_rng(seed)
    h, w, c, f = rng.integers(5, 12), rng.integers(5, 12), rng.integers(1, 4), rng.integers(1, 4)
    k = int(rng.integers(1, 5))
    stride = int(rng.integers(1, 4))
    dilation = 1 if stride > 1 else int(rng.integers(1, 3))  # TF: no stride > 1 with dilation > 1
    padding = [0, 1, 2, "same", "valid"][seed % 5]
    x, wts, b = rng.normal(size=(h, w, c)), rng.normal(size=(k, k, c, f)), rng.normal(size=f)
    ours = conv2d(x, wts, b, stride, padding, dilation)
    if isinstance(padding, str):
        tf_pad = padding.upper()
    else:
        (t, bt), (lf, r) = resolve_padding(padding, h, w, k, k)
        tf_pad = [[0, 0], [t, bt], [lf, r], [0, 0]]
    ref = tf.nn.conv2d(x[None], wts, strides=stride, padding=tf_pad, dilations=dilation)[0].numpy() + b
    np.testing.assert_allclose(ours, ref, atol=1e-9)


@pytest.mark.parametrize(
    ("size", "stride", "padding"),
    [(2, 2, "valid"), (3, 2, "valid"), (2, 1, "same"), (3, 2, "same"), (3, 3, "same")],
)
def test_pool2d_matches_tf(tf, size: int, stride: int, padding: str) -> None:
    rng = np.random.default_rng(size * 10 + stride)
    x = rng.normal(size=(9, 7, 3))
    for mode, fn in (("max", tf.nn.max_pool2d), ("avg", tf.nn.avg_pool2d)):
        res = pool2d(x, size, stride, mode, padding)
        ref = fn(x[None], ksize=size, strides=stride, padding=padding.upper())[0].numpy()
        np.testing.assert_allclose(res.out, ref, atol=1e-12)
    res = pool2d(x, size, stride, "max", padding)
    oh, ow, ch = res.out.shape
    for i, j, k in itertools.product(range(oh), range(ow), range(ch)):
        r, c = res.argmax[i, j, k]
        assert x[r, c, k] == res.out[i, j, k]


def test_pool_trace_and_padding_never_wins() -> None:
    x = -np.arange(25.0).reshape(5, 5, 1)  # all values <= 0: zero padding would win, NaN padding must not
    tr = pool_trace(x, 2, 2, 0, size=2, stride=2, padding="same")
    assert tr.out == -24.0 and tr.winner == (4, 4)
    assert np.isnan(tr.window).sum() == 3


def test_random_problem_is_seeded() -> None:
    a, b = random_problem(5, 3, 2, 3, seed=4), random_problem(5, 3, 2, 3, seed=4)
    for u, v in zip(a, b, strict=True):
        np.testing.assert_array_equal(u, v)
    x, w, bias = a
    assert set(np.unique(x)) <= {0, 1, 2} and set(np.unique(w)) <= {-1, 0, 1} and bias.shape == (2,)


def test_every_example_runs() -> None:
    for ex in CONV_EXAMPLES.values():
        out = conv2d(ex.x, ex.w, ex.b, ex.stride, ex.padding)
        if ex.expected is not None:
            np.testing.assert_array_equal(out, ex.expected)
