"""A model cut into the blocks the papers draw: stem, stages, residual / inception / separable
modules, head; and each block as a small graph to draw (boxes and arrows).

Modules are found from the graph, not from names: walking the layers in Keras' topological
order, a layer every path goes through is a *cut point*; the layers between two cut points
that are more than one layer form a branching module (a residual block, an inception
module). Straight runs in between are split by the layers' name prefix (``block3_``,
``conv2_block1_``...), the stage the paper names.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from engine.architectures.info import WEIGHTED, ArchInfo, LayerInfo

#: The stage a layer's name says it belongs to, per model (None: the name says nothing).
STAGE_PATTERNS: dict[str, str] = {
    "lenet5": r"^([a-z]+\d+)_",
    "alexnet": r"^(conv\d|fc\d)",
    "vgg16": r"^(block\d+)_",
    "resnet50": r"^(conv\d_block\d+)_",
    "inceptionv3": r"^(mixed\d+)",
    "xception": r"^(block\d+)_",
    "mobilenetv2": r"^(block_\d+|expanded_conv)_",
}
#: Layers drawn as their own box; the others (batch norm, activations, padding, dropout)
#: are folded into the box before them.
DRAWN = (
    *WEIGHTED,
    "MaxPooling2D",
    "AveragePooling2D",
    "GlobalAveragePooling2D",
    "Add",
    "Concatenate",
    "Flatten",
)
SHORT = {
    "BatchNormalization": "BN",
    "Activation": "act",
    "ReLU": "ReLU",
    "ZeroPadding2D": "pad",
    "Dropout": "dropout",
}


@dataclass(frozen=True)
class Block:
    """A run of layers: ``kind`` says what it is (stem, residual, inception, separable...)."""

    title: str
    kind: str
    layers: tuple[LayerInfo, ...]
    entry: tuple[str, ...]

    @property
    def params(self) -> int:
        return sum(layer.params for layer in self.layers)

    @property
    def macs(self) -> int:
        return sum(layer.macs for layer in self.layers)

    @property
    def out_shape(self) -> tuple[int, ...]:
        return self.layers[-1].shape


def cut_points(layers: tuple[LayerInfo, ...]) -> list[int]:
    """Positions of the layers every input-to-output path goes through."""
    pos = {layer.name: i for i, layer in enumerate(layers)}
    spans = [0] * (len(layers) + 1)
    for i, layer in enumerate(layers):
        for name in layer.inputs:
            j = pos.get(name, -1)
            if j < i - 1:  # an edge j -> i spans the layers strictly between
                spans[j + 1] += 1
                spans[i] -= 1
    cuts, open_edges = [], 0
    for i in range(len(layers)):
        open_edges += spans[i]
        if open_edges == 0:
            cuts.append(i)
    return cuts


def _kind(layers: tuple[LayerInfo, ...], branching: bool) -> str:
    kinds = {layer.kind for layer in layers}
    if "Concatenate" in kinds:
        return "inception module"
    if "Add" in kinds:
        if "SeparableConv2D" in kinds:
            return "separable convolutions + residual"
        if "DepthwiseConv2D" in kinds:
            return "inverted residual (expand, depthwise, project) + residual"
        return "residual block"
    if "SeparableConv2D" in kinds:
        return "separable convolutions"
    if "DepthwiseConv2D" in kinds:
        return "inverted residual (expand, depthwise, project)"
    if "Dense" in kinds:
        return "classifier head"
    if branching:
        return "branching module"
    return "convolutions" if "Conv2D" in kinds else "pooling"


def _raw_groups(info: ArchInfo) -> list[tuple[str | None, list[LayerInfo], bool]]:
    """(stage key, layers, branching) runs: modules between cut points, straight runs by name.

    A layer whose name gives no stage joins the run before it, unless no named layer follows
    (then it starts the head); one whose stage is the previous run's joins it (a residual
    block's closing ReLU).
    """
    pattern = re.compile(STAGE_PATTERNS.get(info.key, r"^$^"))

    def key_of(layer: LayerInfo) -> str | None:
        match = pattern.match(layer.name)
        return match.group(1) if match else None

    keys = [key_of(layer) for layer in info.layers]
    last_keyed = max((i for i, k in enumerate(keys) if k), default=-1)
    groups: list[tuple[str | None, list[LayerInfo], bool]] = []
    start = 0
    for cut in cut_points(info.layers):
        segment = list(info.layers[start : cut + 1])
        first, start = start, cut + 1
        if len(segment) > 1:
            named = Counter(k for k in keys[first : cut + 1] if k)
            key = keys[cut] or (named.most_common(1)[0][0] if named else None)
            groups.append((key or "module", segment, True))
            continue
        key, last = keys[cut], (groups[-1] if groups else None)
        same_stage = key is not None and last is not None and key == last[0]
        unnamed_inside = (
            key is None and last is not None and not last[2] and (cut < last_keyed or last[0] is None)
        )
        if last is not None and (same_stage or unnamed_inside):
            last[1].append(segment[0])
        else:
            groups.append((key, segment, False))
    return groups


def blocks(info: ArchInfo) -> tuple[Block, ...]:
    """The model's blocks in order; every layer is in exactly one."""
    groups = _raw_groups(info)
    first_keyed = next((i for i, (key, _, _) in enumerate(groups) if key), len(groups))
    out: list[Block] = []
    for i, (key, layers, branching) in enumerate(groups):
        title = key or ("stem" if i < first_keyed else "head")
        names = {layer.name for layer in layers}
        entry = tuple(dict.fromkeys(n for layer in layers for n in layer.inputs if n not in names))
        kind = _kind(tuple(layers), branching)
        out.append(Block(title, "stem: " + kind if title == "stem" else kind, tuple(layers), entry))
    return tuple(out)


@dataclass(frozen=True)
class Node:
    """A box of a block diagram: one drawn layer with the layers folded into it."""

    name: str
    label: str
    folded: tuple[str, ...]
    params: int
    macs: int
    shape: tuple[int, ...]
    parents: tuple[str, ...]
    level: int
    lane: int


ENTRY = "input"


def diagram(block: Block) -> tuple[Node, ...]:
    """The block as boxes (levels top-down, lanes left-right); ``ENTRY`` is the block's input."""
    owner: dict[str, str] = {}
    rows: dict[str, dict] = {}
    order: list[str] = []
    for layer in block.layers:
        local = [owner[n] for n in layer.inputs if n in owner]
        if layer.kind not in DRAWN and len(layer.inputs) == 1 and local:
            row = rows[local[0]]
            row["folded"].append(SHORT.get(layer.kind, layer.kind))
            row["params"] += layer.params
            row["macs"] += layer.macs
            row["shape"] = layer.shape
            owner[layer.name] = local[0]
            continue
        parents = tuple(dict.fromkeys(owner.get(n, ENTRY) for n in layer.inputs)) or (ENTRY,)
        label = f"{layer.kind} {layer.detail}".strip()
        rows[layer.name] = dict(
            label=label, folded=[], params=layer.params, macs=layer.macs, shape=layer.shape, parents=parents
        )
        owner[layer.name] = layer.name
        order.append(layer.name)
    level: dict[str, int] = {ENTRY: 0}
    lane: dict[str, int] = {ENTRY: 0}
    claimed: set[str] = set()
    next_lane = 1
    nodes = []
    for name in order:
        row = rows[name]
        parents = row["parents"]
        level[name] = 1 + max(level[p] for p in parents)
        free = [p for p in parents if p not in claimed]
        if len(parents) > 1:
            lane[name] = min(lane[p] for p in parents)
        elif free:
            lane[name] = lane[free[0]]
        else:
            lane[name], next_lane = next_lane, next_lane + 1
        claimed.update(parents)
        nodes.append(
            Node(
                name,
                row["label"],
                tuple(row["folded"]),
                row["params"],
                row["macs"],
                row["shape"],
                parents,
                level[name],
                lane[name],
            )
        )
    return tuple(nodes)
