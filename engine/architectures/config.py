"""The architectures page's settings (one declared table) and its "What to try" presets."""

from __future__ import annotations

import dataclasses

from engine.architectures.catalog import ARCHITECTURES
from engine.presets import Preset
from engine.urlstate import UrlConfig, setting

MODELS = {key: arch.title for key, arch in ARCHITECTURES.items()}
#: The most blocks a model has (MobileNetV2: stem, 17 bottlenecks, head).
MAX_BLOCKS = 19
KERNELS = (1, 3, 5, 7)


@dataclasses.dataclass(frozen=True)
class ArchConfig(UrlConfig):
    """Which model, which of its blocks, and the separable-convolution calculator."""

    model: str = setting("lenet5", key="m", choices=MODELS, label="Architecture", describe="the model")
    block: int = setting(0, key="b", low=0, high=MAX_BLOCKS - 1, describe="the block")
    sep_size: int = setting(
        19,
        key="hw",
        low=1,
        high=224,
        label="Feature map size (H = W)",
        widget="number",
        help="Height and width of the convolution's output (stride 1, 'same' padding).",
        describe="the feature map size",
    )
    sep_in: int = setting(
        728, key="cin", low=1, high=2048, label="Input channels C_in", widget="number", describe="C_in"
    )
    sep_out: int = setting(
        728, key="cout", low=1, high=2048, label="Output channels C_out", widget="number", describe="C_out"
    )
    sep_k: int = setting(3, key="k", choices=KERNELS, label="Kernel size k", describe="the kernel size")


ARCH_PRESETS: tuple[Preset, ...] = (
    Preset(
        "LeNet-5 (1998)",
        "61,706 weights and 0.4 M multiply-adds per digit: the whole network is smaller than one "
        "layer of the ImageNet models below.",
        {"model": "lenet5", "block": 0},
    ),
    Preset(
        "VGG16: where the weights are",
        "The head's three dense layers hold 89 % of VGG16's 138 M parameters but do 1 % of its "
        "multiply-adds; the 3x3 convolutions do the work.",
        {"model": "vgg16", "block": 5},
    ),
    Preset(
        "ResNet50: a residual block",
        "The first block of a stage: three convolutions F(x) beside a 1x1 projection shortcut; the "
        "next blocks' shortcuts are the identity, with no weights at all.",
        {"model": "resnet50", "block": 1},
    ),
    Preset(
        "InceptionV3: an inception module",
        "Four branches (1x1, 5x5, double 3x3, pooling) see the same input; their outputs are "
        "stacked: 64 + 64 + 96 + 32 = 256 channels.",
        {"model": "inceptionv3", "block": 1},
    ),
    Preset(
        "Xception: separable convolutions",
        "A middle-flow block: three 3x3 separable convolutions of 728 channels, each with about 9x "
        "fewer weights than a normal convolution (calculator below).",
        {"model": "xception", "block": 5, "sep_size": 19, "sep_in": 728, "sep_out": 728, "sep_k": 3},
    ),
    Preset(
        "MobileNetV2: 300 M multiply-adds",
        "An inverted residual: expand 1x1, depthwise 3x3, project 1x1, plus the shortcut. The "
        "whole network does 13x fewer multiply-adds than ResNet50.",
        {"model": "mobilenetv2", "block": 3, "sep_size": 56, "sep_in": 144, "sep_out": 24, "sep_k": 3},
    ),
)
