"""What the page shows of a model: its layer table and totals, read from a built Keras model.

:func:`extract` turns a Keras model into an :class:`ArchInfo` (plain data: it travels as JSON
from the worker process that builds the model, see :mod:`engine.architectures.cache`).
Every number comes from Keras: each layer's ``count_params()``, its trainable weights, its
output shape and its inputs (from ``model.get_config()``); multiply-adds are counted from
those shapes (:func:`engine.architectures.counting.layer_macs`); the totals of
``model.summary()`` are kept next to them so a test (and the page) can compare.
"""

from __future__ import annotations

import dataclasses
import io
import math
import re
from dataclasses import dataclass
from typing import Any

from engine.architectures.counting import layer_macs

WEIGHTED = ("Conv2D", "DepthwiseConv2D", "SeparableConv2D", "Dense")
_SUMMARY_TOTALS = {
    "total": re.compile(r"Total params:\s*([\d,]+)"),
    "trainable": re.compile(r"\bTrainable params:\s*([\d,]+)"),
    "non_trainable": re.compile(r"Non-trainable params:\s*([\d,]+)"),
}


@dataclass(frozen=True)
class LayerInfo:
    """One Keras layer: its output shape (no batch axis), weights, multiply-adds and inputs."""

    name: str
    kind: str
    shape: tuple[int, ...]
    params: int
    trainable: int
    macs: int
    inputs: tuple[str, ...]
    detail: str = ""
    kernel: tuple[int, ...] = ()

    @property
    def weighted(self) -> bool:
        return self.kind in WEIGHTED


@dataclass(frozen=True)
class ArchInfo:
    """A built model, as numbers: the layer table, Keras' own totals, and what building cost."""

    key: str
    input_shape: tuple[int, ...]
    layers: tuple[LayerInfo, ...]
    keras_count_params: int
    summary_text: str
    summary_totals: dict[str, int]
    build_seconds: float = 0.0
    rss_before_mb: float = 0.0
    rss_after_mb: float = 0.0

    @property
    def total_params(self) -> int:
        return sum(layer.params for layer in self.layers)

    @property
    def trainable_params(self) -> int:
        return sum(layer.trainable for layer in self.layers)

    @property
    def non_trainable_params(self) -> int:
        return self.total_params - self.trainable_params

    @property
    def macs(self) -> int:
        return sum(layer.macs for layer in self.layers)

    @property
    def weighted_layers(self) -> int:
        """How many Conv2D / DepthwiseConv2D / SeparableConv2D / Dense layers the model has."""
        return sum(layer.weighted for layer in self.layers)

    @property
    def depth(self) -> int:
        """The longest input-to-output path counted in weighted layers (the "16" of VGG16, the
        "50" of ResNet50: a shortcut beside three convolutions does not add to it)."""
        best: dict[str, int] = {}
        for layer in self.layers:
            before = max((best.get(name, 0) for name in layer.inputs), default=0)
            best[layer.name] = before + int(layer.weighted)
        return max(best.values(), default=0)

    @property
    def build_mb(self) -> float:
        """Resident memory the build added to the process that built it (MB)."""
        return self.rss_after_mb - self.rss_before_mb

    def separable_savings(self) -> tuple[int, int, int]:
        """(number of SeparableConv2D layers, their weights, the weights normal Conv2D layers of the
        same kernel and channels would have); weights only, no biases."""
        count = actual = normal = 0
        for layer in self.layers:
            if layer.kind != "SeparableConv2D":
                continue
            c_in = self.layer(layer.inputs[0]).shape[-1]
            kk = layer.kernel[0] * layer.kernel[1]
            count += 1
            actual += kk * c_in + c_in * layer.shape[-1]
            normal += kk * c_in * layer.shape[-1]
        return count, actual, normal

    def layer(self, name: str) -> LayerInfo:
        for layer in self.layers:
            if layer.name == name:
                return layer
        raise KeyError(name)

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ArchInfo:
        layers = tuple(
            LayerInfo(**{**row, **{k: tuple(row[k]) for k in ("shape", "inputs", "kernel")}})
            for row in data["layers"]
        )
        return cls(**{**data, "layers": layers, "input_shape": tuple(data["input_shape"])})


def _history_names(node: Any) -> list[str]:
    """The layer names a serialized inbound node refers to (``keras_history`` entries)."""
    if isinstance(node, dict):
        config = node.get("config")
        if node.get("class_name") == "__keras_tensor__" and isinstance(config, dict):
            return [config["keras_history"][0]]
        return [name for value in node.values() for name in _history_names(value)]
    if isinstance(node, list | tuple):
        return [name for value in node for name in _history_names(value)]
    return []


def _detail(layer: Any) -> str:
    """A short description of a layer's hyper-parameters (kernel, filters, stride, units)."""
    kind = type(layer).__name__
    if kind in ("Conv2D", "SeparableConv2D"):
        k = "x".join(str(v) for v in layer.kernel_size)
        stride = f", stride {layer.strides[0]}" if tuple(layer.strides) != (1, 1) else ""
        groups = f", groups {layer.groups}" if getattr(layer, "groups", 1) != 1 else ""
        return f"{k}, {layer.filters} filters{stride}{groups}"
    if kind == "DepthwiseConv2D":
        k = "x".join(str(v) for v in layer.kernel_size)
        stride = f", stride {layer.strides[0]}" if tuple(layer.strides) != (1, 1) else ""
        return f"{k} per channel{stride}"
    if kind == "Dense":
        return f"{layer.units} units"
    if kind in ("MaxPooling2D", "AveragePooling2D"):
        return f"{layer.pool_size[0]}x{layer.pool_size[1]}, stride {layer.strides[0]}"
    return ""


def _count(weights: list[Any]) -> int:
    return sum(math.prod(int(d) for d in w.shape) for w in weights)


def summary_text(model: Any, width: int = 110) -> str:
    """``model.summary()`` as text."""
    buf = io.StringIO()
    model.summary(line_length=width, print_fn=lambda line, line_break=True: buf.write(line + "\n"))
    return buf.getvalue()


def summary_totals(text: str) -> dict[str, int]:
    """The "Total / Trainable / Non-trainable params" lines of a Keras summary."""
    totals = {}
    for name, pattern in _SUMMARY_TOTALS.items():
        match = pattern.search(text)
        if match:
            totals[name] = int(match.group(1).replace(",", ""))
    return totals


def extract(key: str, model: Any, **cost: float) -> ArchInfo:
    """The :class:`ArchInfo` of a built Keras model (``cost``: build_seconds, rss_*_mb)."""
    inbound = {row["name"]: row.get("inbound_nodes", []) for row in model.get_config()["layers"]}
    rows = []
    for layer in model.layers:
        if type(layer).__name__ == "InputLayer":
            continue
        rows.append(
            LayerInfo(
                name=layer.name,
                kind=type(layer).__name__,
                shape=tuple(int(d) for d in layer.output.shape[1:]),
                params=int(layer.count_params()),
                trainable=_count(layer.trainable_weights),
                macs=layer_macs(layer),
                inputs=tuple(dict.fromkeys(_history_names(inbound.get(layer.name, [])))),
                detail=_detail(layer),
                kernel=tuple(int(k) for k in getattr(layer, "kernel_size", ())),
            )
        )
    text = summary_text(model)
    return ArchInfo(
        key=key,
        input_shape=tuple(int(d) for d in model.input_shape[1:]),
        layers=tuple(rows),
        keras_count_params=int(model.count_params()),
        summary_text=text,
        summary_totals=summary_totals(text),
        **cost,
    )
