"""Parameters and multiply-adds (MACs) per layer, from the layer's shapes.

One multiply-add is one ``a * b + c``: the usual unit of papers ("multiply-adds", "MAdds",
He et al.'s "FLOPs"). Only the layers that multiply by weights count: Conv2D,
DepthwiseConv2D, SeparableConv2D and Dense. Bias additions, batch normalisation,
pooling, activations and residual additions are left out (well under 1 % of the total
for these networks), as the papers do.

Per image, with the output's height x width ``H x W``:

* Conv2D (k_h x k_w, C_in -> C_out, groups g): ``H W C_out (k_h k_w C_in / g)``
* DepthwiseConv2D (multiplier m): ``H W (C_in m) k_h k_w``
* SeparableConv2D: the depthwise part plus a 1x1 pointwise one, ``H W C_in m k_h k_w + H W C_in m C_out``
* Dense (units U on inputs of size N; leading axes L): ``L N U``
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

Shape = tuple[int, ...]


def conv2d_macs(out_shape: Shape, kernel: tuple[int, int], c_in: int, groups: int = 1) -> int:
    """Multiply-adds of a Conv2D whose output is ``out_shape`` = (H, W, C_out)."""
    h, w, c_out = out_shape
    return h * w * c_out * kernel[0] * kernel[1] * (c_in // groups)


def depthwise_macs(out_shape: Shape, kernel: tuple[int, int]) -> int:
    """Multiply-adds of a DepthwiseConv2D whose output is (H, W, C_in x multiplier)."""
    h, w, c = out_shape
    return h * w * c * kernel[0] * kernel[1]


def separable_macs(out_shape: Shape, kernel: tuple[int, int], c_in: int, multiplier: int = 1) -> int:
    """Multiply-adds of a SeparableConv2D: depthwise (k x k per channel) then pointwise (1x1)."""
    h, w, c_out = out_shape
    mid = c_in * multiplier
    return h * w * mid * kernel[0] * kernel[1] + h * w * mid * c_out


def dense_macs(in_shape: Shape, units: int) -> int:
    """Multiply-adds of a Dense layer on inputs ``in_shape`` (without the batch axis)."""
    return math.prod(in_shape[:-1]) * in_shape[-1] * units


@dataclass(frozen=True)
class ConvCost:
    """Parameters and multiply-adds of one convolution, normal vs depthwise separable."""

    size: int
    c_in: int
    c_out: int
    k: int
    normal_params: int
    separable_params: int
    depthwise_params: int
    pointwise_params: int
    normal_macs: int
    separable_macs: int

    @property
    def params_ratio(self) -> float:
        """Separable / normal parameters: 1/C_out + 1/k^2 (weights only, no bias)."""
        return self.separable_params / self.normal_params

    @property
    def macs_ratio(self) -> float:
        return self.separable_macs / self.normal_macs

    @property
    def closed_form_ratio(self) -> float:
        return 1 / self.c_out + 1 / self.k**2


def conv_vs_separable(size: int, c_in: int, c_out: int, k: int) -> ConvCost:
    """A k x k convolution C_in -> C_out on a size x size map ('same' padding, stride 1, no bias)
    against the depthwise separable one doing the same job (Keras' SeparableConv2D)."""
    normal_params = k * k * c_in * c_out
    depthwise_params = k * k * c_in
    pointwise_params = c_in * c_out
    return ConvCost(
        size=size,
        c_in=c_in,
        c_out=c_out,
        k=k,
        normal_params=normal_params,
        separable_params=depthwise_params + pointwise_params,
        depthwise_params=depthwise_params,
        pointwise_params=pointwise_params,
        normal_macs=conv2d_macs((size, size, c_out), (k, k), c_in),
        separable_macs=separable_macs((size, size, c_out), (k, k), c_in),
    )


def _dims(shape: Sequence[int | None]) -> Shape:
    """A Keras shape without its batch axis."""
    return tuple(int(d) for d in shape[1:])


def layer_macs(layer) -> int:
    """Multiply-adds per image of a built Keras layer (0 for layers without multiplications)."""
    kind = type(layer).__name__
    if kind not in ("Conv2D", "DepthwiseConv2D", "SeparableConv2D", "Dense"):
        return 0
    in_shape = _dims(layer.input.shape)
    out_shape = _dims(layer.output.shape)
    if kind == "Dense":
        return dense_macs(in_shape, int(layer.units))
    kernel = (int(layer.kernel_size[0]), int(layer.kernel_size[1]))
    if kind == "Conv2D":
        return conv2d_macs(out_shape, kernel, in_shape[-1], int(layer.groups))
    if kind == "DepthwiseConv2D":
        return depthwise_macs(out_shape, kernel)
    return separable_macs(out_shape, kernel, in_shape[-1], int(layer.depth_multiplier))
