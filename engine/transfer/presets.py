""" "What to try" on the transfer page; each claim is checked by tests/engine/test_transfer_presets.py."""

from __future__ import annotations

from engine.presets import Preset

PRESETS: tuple[Preset, ...] = (
    Preset(
        "3 images per class",
        "Five shapes, three drawings each. Press **Play**: the **frozen** base + new head climbs far above "
        "the network trained **from scratch**, which has only 15 images to learn strokes from.",
        {"classes": 5, "per_class": 3},
        keep=("data_seed", "seed"),
    ),
    Preset(
        "20 images per class",
        "Almost seven times the data (batch 32, so an epoch stays short): within 6 epochs **from scratch** "
        "reaches the pretrained networks' accuracy. Transfer learning matters most when data is scarce.",
        {"classes": 5, "per_class": 20, "batch_size": 32, "epochs": 6},
        keep=("data_seed", "seed"),
    ),
    Preset(
        "Fine-tune too fast",
        "Unfreeze with learning rate 0.01 instead of 0.0001: after the dashed **base unfrozen** line the "
        "**fine-tuned** network forgets what the base knew and falls below the frozen one. That is why "
        "fine-tuning uses a small learning rate.",
        {"classes": 5, "per_class": 3, "finetune_lr": 0.01, "epochs": 10},
        keep=("data_seed", "seed"),
    ),
    Preset(
        "Cut after Dense(128)",
        "Take the recognizer up to its Dense(128) layer as the base: those 128 features were trained to tell "
        "*digits* apart, and the **frozen** network does much worse on shapes than with the convolutional "
        "base. General features (edges, strokes) transfer; task-specific ones do not.",
        {"classes": 5, "per_class": 3, "cut": "dense"},
        keep=("data_seed", "seed"),
    ),
)
