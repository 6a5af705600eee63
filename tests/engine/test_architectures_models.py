"""The seven architectures against Keras and the published figures, their blocks and the presets.

Each model is built once per test session: in this process for the small and mid-size ones
(the engine's per-process cache keeps the result, so the app tests reuse it), and VGG16 through
the real worker process (it costs ~1.4 GB while building, given back when the worker exits).
"""

from __future__ import annotations

import pytest

from engine.architectures import cache
from engine.architectures.blocks import ENTRY, blocks, diagram
from engine.architectures.catalog import ARCHITECTURES, alexnet
from engine.architectures.code import download_mb
from engine.architectures.config import ARCH_PRESETS, ArchConfig
from engine.architectures.ilsvrc import HUMAN_TOP5_ERROR, ILSVRC, first_below_human
from engine.architectures.info import ArchInfo
from engine.architectures.worker import build_info

IN_WORKER = ("vgg16",)


def info(key: str) -> ArchInfo:
    """``key`` built once per test session (cached in the engine's per-process cache)."""
    if not cache.is_cached(key):
        cache.put(cache.get_info(key) if key in IN_WORKER else build_info(key))
    return cache.get_info(key)


@pytest.mark.parametrize("key", list(ARCHITECTURES))
def test_counts_match_keras_and_summary(key: str) -> None:
    got = info(key)
    assert got.total_params == got.keras_count_params
    assert got.summary_totals == {
        "total": got.total_params,
        "trainable": got.trainable_params,
        "non_trainable": got.non_trainable_params,
    }
    published = ARCHITECTURES[key].published_params
    if published is not None and key != "alexnet":
        assert got.total_params == published
    parts = blocks(got)
    assert [layer.name for b in parts for layer in b.layers] == [layer.name for layer in got.layers]
    for block in parts:  # every drawn box's parents are in the block or its input
        nodes = diagram(block)
        names = {n.name for n in nodes} | {ENTRY}
        assert all(set(n.parents) <= names for n in nodes)
        assert sum(n.params for n in nodes) == block.params


def test_issue_published_parameter_counts() -> None:
    assert info("resnet50").total_params == 25_636_712
    assert info("vgg16").total_params == 138_357_544
    assert info("mobilenetv2").total_params == 3_538_984


@pytest.mark.parametrize(
    ("key", "low", "high"),
    [
        ("resnet50", 3.7e9, 4.2e9),
        ("vgg16", 15.3e9, 15.6e9),
        ("mobilenetv2", 290e6, 310e6),
        ("inceptionv3", 5.0e9, 6.0e9),
    ],
)
def test_macs_near_published(key: str, low: float, high: float) -> None:
    got = info(key).macs
    assert low <= got <= high
    published = ARCHITECTURES[key].published_macs
    assert published is not None and abs(got - published) / published < 0.15


@pytest.mark.parametrize(
    ("key", "depth", "input_shape"),
    [
        ("lenet5", 5, (32, 32, 1)),
        ("alexnet", 8, (227, 227, 3)),
        ("vgg16", 16, (224, 224, 3)),
        ("resnet50", 50, (224, 224, 3)),
        ("xception", 37, (299, 299, 3)),  # 36 convolutions (Chollet 2017) + the classifier
        ("mobilenetv2", 53, (224, 224, 3)),  # "53 layers deep" (Keras / Sandler et al.)
        ("inceptionv3", 48, (299, 299, 3)),
    ],
)
def test_depth_and_input(key: str, depth: int, input_shape: tuple[int, ...]) -> None:
    assert info(key).depth == depth
    assert info(key).input_shape == input_shape


def test_lenet_and_alexnet_closed_forms() -> None:
    lenet = info("lenet5")
    assert (
        lenet.total_params
        == (25 + 1) * 6 + (25 * 6 + 1) * 16 + (400 + 1) * 120 + (120 + 1) * 84 + (84 + 1) * 10
    )
    assert lenet.macs == 28 * 28 * 6 * 25 + 10 * 10 * 16 * 150 + 400 * 120 + 120 * 84 + 84 * 10
    assert info("alexnet").total_params == 62_378_344
    # The original two-GPU AlexNet: conv2, conv4, conv5 see half the channels (groups=2).
    grouped = 62_378_344 - (5 * 5 * 48 * 256 + 3 * 3 * 192 * 384 + 3 * 3 * 192 * 256)
    assert grouped == ARCHITECTURES["alexnet"].published_params
    assert "groups=2" in (alexnet.__doc__ or "")


def test_weights_file_size_matches_keras_docs() -> None:
    """keras.io/api/applications lists the weights files: VGG16 528 MB, ResNet50 98, MobileNetV2 14."""
    for key, mb in (
        ("vgg16", 528),
        ("resnet50", 98),
        ("mobilenetv2", 14),
        ("xception", 88),
        ("inceptionv3", 92),
    ):
        assert abs(download_mb(info(key).total_params) - mb) / mb < 0.05


def test_worker_reports_build_cost() -> None:
    vgg = info("vgg16")
    assert vgg.build_seconds > 0 and vgg.rss_after_mb > vgg.rss_before_mb
    assert vgg.build_mb > 500  # 138 M float32 weights: at least 528 MB


def _preset_config(title: str) -> ArchConfig:
    preset = next(p for p in ARCH_PRESETS if p.title.startswith(title))
    return preset.applied_to(ArchConfig())


def test_preset_vgg_head_holds_the_weights() -> None:
    cfg = _preset_config("VGG16")
    vgg = info(cfg.model)
    head = blocks(vgg)[cfg.block]
    assert head.title == "head"
    assert head.params / vgg.total_params > 0.89 and head.macs / vgg.macs < 0.01


def test_preset_resnet_projection_then_identity() -> None:
    cfg = _preset_config("ResNet50")
    parts = blocks(info(cfg.model))
    first, second = parts[cfg.block], parts[cfg.block + 1]
    assert first.title == "conv2_block1" and first.kind == "residual block"
    shortcut = [
        n for n in diagram(first) if n.parents == ("input",) and n.label.startswith("Conv2D 1x1, 256")
    ]
    assert shortcut, "the first block's shortcut is a 1x1 projection"
    add = next(n for n in diagram(second) if n.label.startswith("Add"))
    assert ENTRY in add.parents  # identity shortcut: straight from the block input, no weights


def test_preset_inception_module_concatenates_branches() -> None:
    cfg = _preset_config("InceptionV3")
    block = blocks(info(cfg.model))[cfg.block]
    assert block.title == "mixed0" and block.kind == "inception module"
    cat = next(n for n in diagram(block) if n.label.startswith("Concatenate"))
    assert len(cat.parents) == 4 and cat.shape[-1] == 64 + 64 + 96 + 32 == 256


def test_preset_xception_separable_ratio() -> None:
    cfg = _preset_config("Xception")
    xc = info(cfg.model)
    block = blocks(xc)[cfg.block]
    assert block.title == "block6" and "separable" in block.kind
    count, actual, normal = xc.separable_savings()
    assert count == 34 and 8 < normal / actual < 9.5


def test_preset_mobilenet_inverted_residual_and_macs() -> None:
    cfg = _preset_config("MobileNetV2")
    block = blocks(info(cfg.model))[cfg.block]
    assert (
        block.title == "block_2" and block.kind.startswith("inverted residual") and "residual" in block.kind
    )
    assert info("resnet50").macs / info("mobilenetv2").macs > 12.5
    lenet = _preset_config("LeNet-5")
    assert info(lenet.model).total_params == 61_706 and info(lenet.model).macs < 0.5e6


def test_ilsvrc_table() -> None:
    assert [w.year for w in ILSVRC] == list(range(2010, 2018))
    errors = [w.top5_error for w in ILSVRC]
    assert errors == sorted(errors, reverse=True)
    assert all(w.source and w.url.startswith("https://") for w in ILSVRC)
    assert first_below_human().year == 2015 and HUMAN_TOP5_ERROR == 5.1
