"""Parameter and multiply-add counting against Keras and closed forms, on small models."""

from __future__ import annotations

import math

import pytest

from engine.architectures.blocks import ENTRY, blocks, cut_points, diagram
from engine.architectures.counting import (
    conv2d_macs,
    conv_vs_separable,
    dense_macs,
    depthwise_macs,
    layer_macs,
    separable_macs,
)
from engine.architectures.info import extract, summary_totals
from engine.tf_runtime import get_tf


@pytest.fixture(scope="module")
def keras():
    get_tf()
    import keras

    return keras


def _naive_conv_macs(h_in: int, w_in: int, c_in: int, c_out: int, k: int, stride: int, pad: int) -> int:
    """Count the multiplications of a direct convolution loop (one per kernel tap inside the input)."""
    h_out = (h_in + 2 * pad - k) // stride + 1
    w_out = (w_in + 2 * pad - k) // stride + 1
    taps = h_out * w_out * k * k  # padded taps multiply zeros but are still computed
    return taps * c_in * c_out


@pytest.mark.parametrize(
    ("shape", "filters", "k", "stride", "padding", "groups"),
    [((9, 9, 3), 8, 3, 1, "same", 1), ((11, 13, 4), 6, 5, 2, "valid", 1), ((8, 8, 4), 6, 3, 1, "same", 2)],
)
def test_conv2d_params_and_macs(keras, shape, filters, k, stride, padding, groups) -> None:
    inputs = keras.Input(shape)
    layer = keras.layers.Conv2D(filters, k, strides=stride, padding=padding, groups=groups)
    layer(inputs)
    assert layer.count_params() == k * k * shape[2] // groups * filters + filters
    pad = (k - 1) // 2 if padding == "same" else 0
    expected = _naive_conv_macs(shape[0], shape[1], shape[2] // groups, filters, k, stride, pad)
    assert layer_macs(layer) == expected


def test_depthwise_separable_dense_closed_forms(keras) -> None:
    inputs = keras.Input((10, 10, 4))
    dw = keras.layers.DepthwiseConv2D(3, padding="same", depth_multiplier=2)
    sep = keras.layers.SeparableConv2D(7, 3, padding="same", use_bias=False)
    dense = keras.layers.Dense(5)
    dw(inputs), sep(inputs), dense(inputs)
    assert layer_macs(dw) == 10 * 10 * 8 * 9 == depthwise_macs((10, 10, 8), (3, 3))
    assert layer_macs(sep) == 10 * 10 * 4 * 9 + 10 * 10 * 4 * 7 == separable_macs((10, 10, 7), (3, 3), 4)
    assert layer_macs(dense) == 10 * 10 * 4 * 5 == dense_macs((10, 10, 4), 5)
    assert conv2d_macs((10, 10, 7), (3, 3), 4) == 10 * 10 * 7 * 9 * 4
    assert sep.count_params() == 9 * 4 + 4 * 7


@pytest.mark.parametrize(("size", "c_in", "c_out", "k"), [(19, 728, 728, 3), (7, 5, 11, 5), (4, 3, 2, 1)])
def test_separable_calculator_matches_keras(keras, size, c_in, c_out, k) -> None:
    cost = conv_vs_separable(size, c_in, c_out, k)
    inputs = keras.Input((size, size, c_in))
    normal = keras.layers.Conv2D(c_out, k, padding="same", use_bias=False)
    separable = keras.layers.SeparableConv2D(c_out, k, padding="same", use_bias=False)
    normal(inputs), separable(inputs)
    assert cost.normal_params == normal.count_params()
    assert cost.separable_params == separable.count_params()
    assert cost.normal_macs == layer_macs(normal)
    assert cost.separable_macs == layer_macs(separable)
    assert math.isclose(cost.params_ratio, cost.closed_form_ratio)
    assert math.isclose(cost.macs_ratio, cost.closed_form_ratio)


@pytest.fixture(scope="module")
def toy(keras):
    """A residual block then an inception-like module then a head, explicitly named."""
    layers = keras.layers
    inputs = keras.Input((8, 8, 4), name="input")
    x = layers.Conv2D(4, 3, padding="same", name="stem_conv")(inputs)
    y = layers.Conv2D(4, 3, padding="same", name="res_conv1")(x)
    y = layers.BatchNormalization(name="res_bn1")(y)
    y = layers.Conv2D(4, 3, padding="same", name="res_conv2")(y)
    x = layers.Add(name="res_add")([x, y])
    a = layers.Conv2D(2, 1, name="mix_a")(x)
    b = layers.Conv2D(3, 3, padding="same", name="mix_b")(x)
    x = layers.Concatenate(name="mix_cat")([a, b])
    x = layers.GlobalAveragePooling2D(name="gap")(x)
    outputs = layers.Dense(3, name="out")(x)
    return keras.Model(inputs, outputs)


def test_extract_matches_keras_and_summary(toy) -> None:
    info = extract("toy", toy)
    assert info.total_params == toy.count_params() == info.summary_totals["total"]
    assert info.trainable_params == info.summary_totals["trainable"]
    assert info.non_trainable_params == info.summary_totals["non_trainable"] == 8  # BN moving mean/var
    assert info.layer("res_add").inputs == ("stem_conv", "res_conv2")
    assert info.depth == 1 + 2 + 1 + 1  # stem, two residual convs, one mix conv, the head
    assert info.macs == sum(layer_macs(layer) for layer in toy.layers)


def test_cut_points_blocks_and_diagram(toy) -> None:
    info = extract("toy", toy)
    names = [layer.name for layer in info.layers]
    cuts = [names[i] for i in cut_points(info.layers)]
    assert cuts == ["stem_conv", "res_add", "mix_cat", "gap", "out"]
    parts = blocks(info)
    assert sum(len(b.layers) for b in parts) == len(info.layers)
    kinds = [b.kind for b in parts]
    assert "residual block" in kinds and "inception module" in kinds
    res = next(b for b in parts if b.kind == "residual block")
    nodes = {n.name: n for n in diagram(res)}
    assert nodes["res_conv1"].folded == ("BN",)
    assert set(nodes["res_add"].parents) == {ENTRY, "res_conv2"}
    assert nodes["res_add"].level == 3


def test_summary_totals_parse() -> None:
    text = " Total params: 1,234 (4.82 KB)\n Trainable params: 1,000 (3.91 KB)\n Non-trainable params: 234 (936 B)\n"
    assert summary_totals(text) == {"total": 1234, "trainable": 1000, "non_trainable": 234}
