"""The Famous CNN architectures presets' claims (issue 14, section 1), each against the model Keras
builds: every number of a lesson is recomputed from the layer table, not typed here.

Models come from ``tests/engine/test_architectures_models.py``'s ``info``: built once per test
session into the engine's per-process cache, so running both files builds each model once.
"""

from __future__ import annotations

import pytest

from engine.architectures.blocks import ENTRY, Block, Node, blocks, diagram
from engine.architectures.catalog import ARCHITECTURES
from engine.architectures.config import ARCH_PRESETS, ArchConfig
from engine.architectures.counting import conv_vs_separable
from engine.architectures.info import ArchInfo, LayerInfo
from engine.presets import Preset
from tests.engine.test_architectures_models import info


def _preset(title: str) -> tuple[Preset, ArchConfig]:
    preset = next(p for p in ARCH_PRESETS if p.title.startswith(title))
    return preset, preset.applied_to(ArchConfig())


def _block(cfg: ArchConfig) -> tuple[ArchInfo, Block]:
    model = info(cfg.model)
    return model, blocks(model)[cfg.block]


def _weighted(block: Block) -> list[LayerInfo]:
    return [layer for layer in block.layers if layer.weighted]


def _identity_shortcut(block: Block) -> bool:
    """The block's Add takes the block input itself (no weights on the shortcut)."""
    add = next(n for n in diagram(block) if n.label.startswith("Add"))
    return ENTRY in add.parents


def _normal_conv_params(k: tuple[int, ...], c_in: int, c_out: int) -> int:
    """A Conv2D of the same kernel and channels, with its bias (as Keras counts it)."""
    return k[0] * k[1] * c_in * c_out + c_out


def test_lenet_is_smaller_than_one_layer_of_every_imagenet_model() -> None:
    preset, cfg = _preset("LeNet-5")
    lenet = info(cfg.model)
    assert f"{lenet.total_params:,} weights" in preset.lesson
    assert f"{lenet.macs / 1e6:.1f} M multiply-adds" in preset.lesson
    for key in ARCHITECTURES:
        if key == cfg.model:
            continue
        layers = [layer for layer in info(key).layers if layer.weighted]
        bigger = [x for x in layers if x.params > lenet.total_params and x.macs > lenet.macs]
        assert bigger, f"{key}: no single layer outweighs all of LeNet-5"
        # Not one freak layer: almost every layer does more multiply-adds than the whole of LeNet.
        assert sum(x.macs > lenet.macs for x in layers) / len(layers) > 0.95, key


def test_vgg16_head_holds_89_percent_of_138_m_and_3x3_convolutions_do_the_work() -> None:
    preset, cfg = _preset("VGG16")
    vgg, head = _block(cfg)
    assert f"{vgg.total_params / 1e6:.0f} M parameters" in preset.lesson
    assert f"{head.params / vgg.total_params:.0%}".replace("%", " %") in preset.lesson
    assert f"do {head.macs / vgg.macs:.0%}".replace("%", " %") in preset.lesson
    assert [layer.kind for layer in _weighted(head)] == ["Dense"] * 3  # "three dense layers"
    conv3 = sum(x.macs for x in vgg.layers if x.kind == "Conv2D" and x.kernel == (3, 3))
    assert conv3 / vgg.macs > 0.99 and conv3 + head.macs == vgg.macs


def test_resnet_block_three_convolutions_then_identity_shortcuts() -> None:
    _, cfg = _preset("ResNet50")
    resnet, first = _block(cfg)
    nodes = diagram(first)
    add = next(n for n in nodes if n.label.startswith("Add"))
    by_name = {n.name: n for n in nodes}

    def path(name: str) -> list[Node]:  # the boxes from the block input to ``name``
        out: list[Node] = []
        while name != ENTRY:
            out.insert(0, by_name[name])
            name = by_name[name].parents[0]
        return out

    paths = sorted((path(p) for p in add.parents), key=len)
    assert [n.label.split(",")[0] for n in paths[0]] == ["Conv2D 1x1"]  # the projection shortcut
    assert [n.label.split(",")[0] for n in paths[1]] == ["Conv2D 1x1", "Conv2D 3x3", "Conv2D 1x1"]
    later = [b for b in blocks(resnet) if b.kind == "residual block" and not b.title.endswith("block1")]
    assert len(later) == 16 - 4  # 16 blocks in 4 stages; each stage's first one projects
    assert not _identity_shortcut(first)
    for block in later:
        assert _identity_shortcut(block), block.title  # x itself is added: no weights on the shortcut
        assert len(_weighted(block)) == 3, block.title


def test_inception_branches_are_1x1_5x5_double_3x3_and_pooling() -> None:
    preset, cfg = _preset("InceptionV3")
    _, block = _block(cfg)
    nodes = {n.name: n for n in diagram(block)}
    cat = next(n for n in nodes.values() if n.label.startswith("Concatenate"))
    branches = []
    for last in cat.parents:  # walk each branch back to the block input
        steps: list[str] = []
        name = last
        while name != ENTRY:
            steps.insert(0, nodes[name].label.split(",")[0])
            (name,) = nodes[name].parents
        branches.append((steps, nodes[last].shape[-1]))
    assert branches == [
        (["Conv2D 1x1"], 64),
        (["Conv2D 1x1", "Conv2D 5x5"], 64),
        (["Conv2D 1x1", "Conv2D 3x3", "Conv2D 3x3"], 96),
        (["AveragePooling2D 3x3", "Conv2D 1x1"], 32),
    ]
    assert "(1x1, 5x5, double 3x3, pooling)" in preset.lesson
    sums = " + ".join(str(c) for _, c in branches) + f" = {cat.shape[-1]} channels"
    assert sums in preset.lesson


def test_xception_middle_block_three_separable_728_and_about_9x() -> None:
    preset, cfg = _preset("Xception")
    xception, block = _block(cfg)
    # The middle flow: the eight blocks whose shortcut is the identity (the entry and exit flows project).
    middle = [b.title for b in blocks(xception) if b.kind.endswith("residual") and _identity_shortcut(b)]
    assert middle == [f"block{i}" for i in range(5, 13)] and block.title in middle
    seps = _weighted(block)
    assert [x.kind for x in seps] == ["SeparableConv2D"] * 3
    assert {x.kernel for x in seps} == {(3, 3)}
    assert {(xception.layer(x.inputs[0]).shape[-1], x.shape[-1]) for x in seps} == {(728, 728)}
    for x in seps:  # Keras' count of each layer against a normal Conv2D of the same shapes
        assert round(_normal_conv_params(x.kernel, 728, 728) / x.params) == 9
    # The calculator's values are this block's, and its ratio says "about 9x" too.
    assert (cfg.sep_size, cfg.sep_in, cfg.sep_out, cfg.sep_k) == (block.out_shape[0], 728, 728, 3)
    calc = conv_vs_separable(cfg.sep_size, cfg.sep_in, cfg.sep_out, cfg.sep_k)
    assert round(1 / calc.params_ratio) == 9 and "about 9x" in preset.lesson
    assert calc.params_ratio == pytest.approx(
        seps[0].params / _normal_conv_params((3, 3), 728, 728), rel=2e-3
    )


def test_mobilenetv2_300_m_and_expand_depthwise_project_shortcut() -> None:
    preset, cfg = _preset("MobileNetV2")
    mobile, block = _block(cfg)
    assert f"{mobile.macs / 1e7:.0f}0 M multiply-adds" in preset.title  # two significant digits
    assert f"{info('resnet50').macs / mobile.macs:.0f}x fewer multiply-adds than ResNet50" in preset.lesson
    expand, depthwise, project = _weighted(block)
    c_in = mobile.layer(expand.inputs[0]).shape[-1]
    assert (expand.kind, expand.kernel) == ("Conv2D", (1, 1)) and expand.shape[-1] > c_in
    assert (depthwise.kind, depthwise.kernel) == ("DepthwiseConv2D", (3, 3))
    assert depthwise.shape[-1] == expand.shape[-1]
    assert (project.kind, project.kernel) == ("Conv2D", (1, 1)) and project.shape[-1] == c_in
    order = [layer.name for layer in block.layers]
    assert order.index(expand.name) < order.index(depthwise.name) < order.index(project.name)
    assert _identity_shortcut(block)  # "plus the shortcut"
    assert "expand 1x1, depthwise 3x3, project 1x1" in preset.lesson
    # The calculator opens on this block's depthwise + project pair.
    assert (cfg.sep_size, cfg.sep_in, cfg.sep_out, cfg.sep_k) == (
        depthwise.shape[0],
        depthwise.shape[-1],
        project.shape[-1],
        depthwise.kernel[0],
    )
