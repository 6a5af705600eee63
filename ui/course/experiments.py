"""A course topic's link: the page plus the query of its preset (and its own query values).

Each page's config class and "What to try" presets, by page slug: the same objects the page
itself uses (``tests/engine/test_course_syllabus.py`` checks each entry against the page's
source), so a link opens exactly the experiment that the page's preset button would.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from urllib.parse import urlencode

from engine.architectures.config import ARCH_PRESETS, ArchConfig
from engine.basics.config import GDConfig, LinearConfig, LogisticConfig
from engine.basics.presets import GD_PRESETS, LINEAR_PRESETS, LOGISTIC_PRESETS
from engine.classical.kmeans import KMeansConfig
from engine.classical.kmeans_presets import KMEANS_PRESETS
from engine.classical.knn_config import PRESETS as KNN_PRESETS
from engine.classical.knn_config import KnnConfig
from engine.classical.svm_config import SVM_PRESETS, SvmConfig
from engine.conv.config import CnnConfig, KernelConfig, PoolConfig, StepConfig
from engine.conv.presets import CNN_PRESETS, KERNEL_PRESETS, POOL_PRESETS, STEP_PRESETS
from engine.course.syllabus import Topic
from engine.generative.gan.config import GanConfig
from engine.generative.gan.presets import PRESETS as GAN_PRESETS
from engine.generative.vae.config import VaeConfig
from engine.generative.vae.presets import PRESETS as VAE_PRESETS
from engine.mnist.config import DrawConfig, LabConfig
from engine.neuralmath.config import ActivationsConfig, BackpropConfig, SoftmaxConfig
from engine.neuralmath.presets import (
    ACTIVATION_COLLAPSE_PRESETS,
    ACTIVATION_FUNCTION_PRESETS,
    ACTIVATION_GRADIENT_PRESETS,
    BACKPROP_PRESETS,
    SOFTMAX_PRESETS,
)
from engine.neuron.config import GatesConfig, NeuronConfig
from engine.optim.config import RaceConfig
from engine.playground.config import PlaygroundConfig
from engine.presets import Preset
from engine.sequences.attention.config import AttentionConfig
from engine.sequences.attention.presets import PRESETS as ATTENTION_PRESETS
from engine.sequences.cell.config import CellConfig
from engine.sequences.cell.presets import CELL_PRESETS
from engine.sequences.forecast.config import ForecastConfig
from engine.sequences.forecast.presets import PRESETS as FORECAST_PRESETS
from engine.sequences.text.config import TextConfig
from engine.sequences.text.presets import PRESETS as TEXT_PRESETS
from engine.transfer.config import TransferConfig
from engine.transfer.presets import PRESETS as TRANSFER_PRESETS
from engine.urlstate import UrlConfig
from engine.workflow.generalization.config import GenConfig
from engine.workflow.generalization.presets import PRESETS as GENERALIZATION_PRESETS
from engine.workflow.serving import PRESETS as SERVING_PRESETS
from engine.workflow.serving import ServingConfig
from ui.mnist.presets import DRAW_PRESETS
from ui.mnist.presets import PRESETS as LAB_PRESETS
from ui.neuron.presets import GATE_PRESETS, NEURON_PRESETS
from ui.optim.presets import PRESETS as RACE_PRESETS
from ui.playground.presets import PRESETS as PLAYGROUND_PRESETS


@dataclasses.dataclass(frozen=True)
class PageExperiments:
    """A page's config class (its URL) and every preset it offers."""

    config: type[UrlConfig]
    presets: tuple[Preset, ...] = ()

    def preset(self, title: str) -> Preset:
        for preset in self.presets:
            if preset.title == title:
                return preset
        raise KeyError(f"no preset {title!r} on this page")


def _flat(groups: Mapping[str, tuple[Preset, ...]]) -> tuple[Preset, ...]:
    return tuple(preset for group in groups.values() for preset in group)


#: By page slug (``ui.navigation.TopicPage.slug``).
PAGES: dict[str, PageExperiments] = {
    "gradient_descent": PageExperiments(GDConfig, GD_PRESETS),
    "linear_regression": PageExperiments(LinearConfig, LINEAR_PRESETS),
    "logistic_regression": PageExperiments(LogisticConfig, LOGISTIC_PRESETS),
    "hello_tensorflow": PageExperiments(NeuronConfig, NEURON_PRESETS),
    "logic_gates": PageExperiments(GatesConfig, GATE_PRESETS),
    "playground": PageExperiments(PlaygroundConfig, PLAYGROUND_PRESETS),
    "activations": PageExperiments(
        ActivationsConfig,
        ACTIVATION_FUNCTION_PRESETS + ACTIVATION_GRADIENT_PRESETS + ACTIVATION_COLLAPSE_PRESETS,
    ),
    "backprop": PageExperiments(BackpropConfig, BACKPROP_PRESETS),
    "softmax": PageExperiments(SoftmaxConfig, SOFTMAX_PRESETS),
    "optimizer_race": PageExperiments(RaceConfig, RACE_PRESETS),
    "convolution": PageExperiments(StepConfig, STEP_PRESETS),
    "image_kernels": PageExperiments(KernelConfig, KERNEL_PRESETS),
    "pooling": PageExperiments(PoolConfig, POOL_PRESETS),
    "cnn_shapes": PageExperiments(CnnConfig, CNN_PRESETS),
    "architectures": PageExperiments(ArchConfig, ARCH_PRESETS),
    "knn": PageExperiments(KnnConfig, KNN_PRESETS),
    "svm": PageExperiments(SvmConfig, SVM_PRESETS),
    "kmeans": PageExperiments(KMeansConfig, KMEANS_PRESETS),
    "generalization": PageExperiments(GenConfig, _flat(GENERALIZATION_PRESETS)),
    "notebook_to_app": PageExperiments(ServingConfig, tuple(SERVING_PRESETS)),
    "mnist_lab": PageExperiments(LabConfig, LAB_PRESETS),
    "draw_digit": PageExperiments(DrawConfig, DRAW_PRESETS),
    "rnn_forecast": PageExperiments(ForecastConfig, FORECAST_PRESETS),
    "rnn_cell": PageExperiments(CellConfig, CELL_PRESETS),
    "char_rnn": PageExperiments(TextConfig, TEXT_PRESETS),
    "attention": PageExperiments(AttentionConfig, ATTENTION_PRESETS),
    "vae": PageExperiments(VaeConfig, VAE_PRESETS),
    "transfer_learning": PageExperiments(TransferConfig, TRANSFER_PRESETS),
    "gan": PageExperiments(GanConfig, GAN_PRESETS),
}


def topic_params(topic: Topic) -> dict[str, str]:
    """The URL query that opens ``topic``'s experiment: its preset's settings (as the preset
    button sets them from the page's defaults), then the topic's own query values."""
    if topic.page is None:
        return {}
    params: dict[str, str] = {}
    if topic.preset is not None:
        page = PAGES[topic.page]
        params.update(page.preset(topic.preset).applied_to(page.config()).to_params())
    params.update(topic.query)
    return params


def topic_href(topic: Topic, extra: Mapping[str, str] | None = None) -> str | None:
    """A link relative to the current page (``slug?query``; a server's base path stays), or
    ``None`` without a page. ``extra`` adds app-wide values, e.g. ``present=1``."""
    if topic.page is None:
        return None
    query = urlencode({**topic_params(topic), **(extra or {})})
    return f"{topic.page}?{query}" if query else topic.page
