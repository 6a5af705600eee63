"""The transfer-learning page's settings, declared once (URL key, range, label)."""

from __future__ import annotations

import dataclasses

from engine.transfer.demo import DEMO_CLASSES
from engine.transfer.models import CUTS
from engine.urlstate import UrlConfig, setting

SOURCES: dict[str, str] = {
    "demo": "Generated demo shapes",
    "draw": "Your drawings",
    "upload": "A zip of class folders",
}
LEARNING_RATES: tuple[float, ...] = (0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03)
FINETUNE_RATES: tuple[float, ...] = (0.000001, 0.00001, 0.0001, 0.001, 0.01)
HEAD_UNITS: dict[int, str] = {0: "none (softmax only)", 32: "Dense(32, relu)", 128: "Dense(128, relu)"}
BATCH_SIZES: tuple[int, ...] = (4, 8, 16, 32)
MAX_EPOCHS = 60
MAX_PER_CLASS = 50
MAX_SEED = 2**31 - 1


@dataclasses.dataclass(frozen=True)
class TransferConfig(UrlConfig):
    """One experiment: the new task's data, where the base is cut, the head and the training."""

    source: str = setting(
        "demo",
        key="data",
        choices=SOURCES,
        widget="radio",
        label="Data for the new task",
        help="The demo shapes are generated here (seeded); drawings and zips stay in this session.",
        describe="the data source",
    )
    classes: int = setting(
        5,
        key="k",
        low=2,
        high=len(DEMO_CLASSES),
        label="Demo classes",
        help="The first k of: " + ", ".join(DEMO_CLASSES) + ".",
        describe="the number of demo classes",
    )
    per_class: int = setting(
        3,
        key="n",
        low=2,
        high=MAX_PER_CLASS,
        label="Training images per class (demo)",
        help="Transfer learning shines with few examples. 20 more per class are held out for validation.",
        describe="the training images per class",
    )
    data_seed: int = setting(0, key="dseed", low=0, high=MAX_SEED, widget="number", label="Data seed")
    cut: str = setting(
        "conv",
        choices=CUTS,
        label="Base = the recognizer's layers up to",
        help="The frozen (and fine-tuned) networks start from the recognizer's trained layers up to here: "
        "block 1 sees strokes and edges, block 2 (the whole convolutional base) parts of shapes, Dense(128) "
        "features made for telling digits apart.",
        describe="where the base is cut",
    )
    head_units: int = setting(0, key="head", choices=HEAD_UNITS, label="New head's hidden layer")
    epochs: int = setting(
        15, low=1, high=MAX_EPOCHS, label="Epochs", help="Raise it to keep training the same run."
    )
    learning_rate: float = setting(
        0.001,
        key="lr",
        choices=LEARNING_RATES,
        grid=True,
        label="Learning rate (Adam): scratch and head",
        describe="the learning rate",
    )
    warmup: int = setting(
        5,
        low=0,
        high=MAX_EPOCHS,
        label="Fine-tuning: epochs of head training first",
        help="The fine-tuned network trains only its head (like the frozen one) for this many epochs, "
        "then unfreezes the base. 0 = fine-tune from the start.",
        describe="the warm-up epochs",
    )
    finetune_lr: float = setting(
        0.0001,
        key="ftlr",
        choices=FINETUNE_RATES,
        grid=True,
        label="Fine-tuning learning rate (all layers)",
        describe="the fine-tuning learning rate",
    )
    batch_size: int = setting(8, key="bs", choices=BATCH_SIZES, label="Batch size")
    seed: int = setting(0, low=0, high=MAX_SEED, widget="number", label="Weight seed")

    def model_key(self) -> tuple:
        """Everything that shapes a run except the number of epochs (that one can grow live)."""
        return tuple(getattr(self, f.name) for f in dataclasses.fields(self) if f.name != "epochs")

    @property
    def class_names(self) -> tuple[str, ...]:
        """The demo's class names (the other sources name their own)."""
        return DEMO_CLASSES[: self.classes]
