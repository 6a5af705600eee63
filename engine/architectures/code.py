"""Code a learner can copy: build the model, count its parameters and multiply-adds, and compare a
normal convolution with a separable one (all with ``weights=None``: nothing is downloaded)."""

from __future__ import annotations

import inspect
import textwrap

from engine.architectures import catalog
from engine.architectures.catalog import ARCHITECTURES, BYTES_PER_WEIGHT

MACS_CODE = """
# Continues the snippet above: multiply-adds per image, counted from each layer's shapes.
import math


def count_macs(model):
    total = 0
    for layer in model.layers:
        kind = type(layer).__name__
        if kind == "Dense":  # every input times every unit
            shape = layer.input.shape
            total += math.prod(shape[1:-1]) * shape[-1] * layer.units
        elif kind in ("Conv2D", "DepthwiseConv2D", "SeparableConv2D"):
            c_in = layer.input.shape[-1]
            h, w, c_out = layer.output.shape[1:]
            kh, kw = layer.kernel_size
            if kind == "Conv2D":
                total += h * w * c_out * kh * kw * c_in // layer.groups
            elif kind == "DepthwiseConv2D":
                total += h * w * c_out * kh * kw
            else:  # SeparableConv2D: depthwise k x k, then pointwise 1 x 1
                mid = c_in * layer.depth_multiplier
                total += h * w * mid * kh * kw + h * w * mid * c_out
    return total


print(f"{count_macs(model):,} multiply-adds per image")
"""


def model_code(key: str) -> str:
    """Build ``key`` in Keras and print its summary and parameter count."""
    arch = ARCHITECTURES[key]
    if not arch.builder:
        fn = getattr(catalog, key)
        source = textwrap.dedent(inspect.getsource(fn)).replace("keras: Any", "keras")
        return (
            f"import keras\n\n\n{source}\n\nmodel = {key}(keras)\nmodel.summary()\n"
            'print(f"{model.count_params():,} parameters")\n'
        )
    return (
        "import keras\n\n"
        "# weights=None: the architecture with random weights, nothing downloaded.\n"
        f'# weights="imagenet" would download the pretrained weights (~{download_mb(arch.published_params or 0):.0f} MB) '
        "to ~/.keras/models.\n"
        f"model = keras.applications.{arch.builder}(weights=None)\n"
        "model.summary()\n"
        'print(f"{model.count_params():,} parameters")\n'
    )


def download_mb(params: int) -> float:
    """The size of a float32 weights file for ``params`` weights (MB = 2**20 bytes)."""
    return params * BYTES_PER_WEIGHT / 2**20


def separable_code(size: int, c_in: int, c_out: int, k: int) -> str:
    """A normal and a separable convolution on the same input, counted by Keras."""
    return (
        "import keras\n\n"
        f"inputs = keras.Input(({size}, {size}, {c_in}))\n"
        f'normal = keras.layers.Conv2D({c_out}, {k}, padding="same", use_bias=False)\n'
        f'separable = keras.layers.SeparableConv2D({c_out}, {k}, padding="same", use_bias=False)\n'
        "normal(inputs), separable(inputs)  # builds both\n"
        'print("normal:   ", normal.count_params())\n'
        'print("separable:", separable.count_params())\n'
        'print("ratio:    ", separable.count_params() / normal.count_params(), '
        f'"= 1/{c_out} + 1/{k * k} =", 1 / {c_out} + 1 / {k * k})\n'
    )
