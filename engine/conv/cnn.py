"""A CNN's layer-by-layer output shapes and parameter counts, computed by hand and by Keras.

Layers are written as a compact spec (one token per layer, comma-separated), which
also travels in the page's URL:

* ``conv:F:K[:S[:P]]``: Conv2D with F filters of K x K, stride S (1), padding P (valid/same);
* ``maxpool:K[:S[:P]]`` / ``avgpool:K[:S[:P]]``: pooling K x K, stride S (= K), padding P;
* ``flatten``, ``dense:U`` (U units), ``dropout:R`` (rate, no parameters).

Shapes exclude the batch axis, as Keras's ``model.summary()`` prints ``(None, ...)``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from engine.conv.shapes import SizeError, output_size, same_padding

MAX_LAYERS = 16
MAX_FILTERS = 1024
MAX_UNITS = 8192
MAX_KERNEL = 11
MAX_SIDE = 1024


class SpecError(ValueError):
    """A layer spec that cannot be parsed; the message says which token and why."""


@dataclass(frozen=True)
class Layer:
    """One layer: ``kind`` in conv/maxpool/avgpool/flatten/dense/dropout."""

    kind: str
    size: int = 0  # filters (conv) or units (dense)
    kernel: int = 0  # kernel or pool size
    stride: int = 1
    padding: str = "valid"
    rate: float = 0.0  # dropout rate

    def token(self) -> str:
        """This layer in the spec format (defaults left out)."""
        if self.kind == "conv":
            tail = (
                f":{self.stride}:{self.padding}"
                if self.padding != "valid"
                else (f":{self.stride}" if self.stride != 1 else "")
            )
            return f"conv:{self.size}:{self.kernel}{tail}"
        if self.kind in ("maxpool", "avgpool"):
            tail = (
                f":{self.stride}:{self.padding}"
                if self.padding != "valid"
                else (f":{self.stride}" if self.stride != self.kernel else "")
            )
            return f"{self.kind}:{self.kernel}{tail}"
        if self.kind == "dense":
            return f"dense:{self.size}"
        if self.kind == "dropout":
            return f"dropout:{self.rate:g}"
        return self.kind


KINDS = ("conv", "maxpool", "avgpool", "flatten", "dense", "dropout")
#: The slides' MNIST CNN (slides 003): Conv 32 3x3 -> MaxPool 2 -> Conv 32 3x3 -> MaxPool 2 -> Dense.
SLIDES_SPEC = "conv:32:3,maxpool:2,conv:32:3,maxpool:2,flatten,dense:128,dense:10"
#: Slides 002 (the old Keras mnist_cnn.py): two convs, one pool, dropout.
SLIDES_002_SPEC = "conv:32:3,conv:64:3,maxpool:2,dropout:0.25,flatten,dense:128,dropout:0.5,dense:10"
#: Slides 003's cats-vs-dogs network on 150x150x3 photos: three conv/pool blocks, three Dense(512),
#: one sigmoid unit.
CATS_DOGS_SPEC = "conv:16:3,maxpool:2,conv:32:3,maxpool:2,conv:64:3,maxpool:2,flatten,dense:512,dense:512,dense:512,dense:1"


def _int(token: str, value: str, lo: int, hi: int, what: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise SpecError(f"{token!r}: the {what} must be a whole number, not {value!r}") from None
    if not lo <= n <= hi:
        raise SpecError(f"{token!r}: the {what} must be between {lo} and {hi}")
    return n


def _padding(token: str, value: str) -> str:
    if value not in ("valid", "same"):
        raise SpecError(f"{token!r}: padding must be 'valid' or 'same', not {value!r}")
    return value


def parse_layer(token: str) -> Layer:
    """One spec token -> :class:`Layer` (raises :class:`SpecError`)."""
    parts = token.strip().lower().split(":")
    kind, args = parts[0], parts[1:]
    if kind == "conv":
        if not 2 <= len(args) <= 4:
            raise SpecError(f"{token!r}: write conv:FILTERS:KERNEL[:STRIDE[:PADDING]]")
        return Layer(
            "conv",
            size=_int(token, args[0], 1, MAX_FILTERS, "number of filters"),
            kernel=_int(token, args[1], 1, MAX_KERNEL, "kernel size"),
            stride=_int(token, args[2], 1, 8, "stride") if len(args) > 2 else 1,
            padding=_padding(token, args[3]) if len(args) > 3 else "valid",
        )
    if kind in ("maxpool", "avgpool"):
        if not 1 <= len(args) <= 3:
            raise SpecError(f"{token!r}: write {kind}:SIZE[:STRIDE[:PADDING]]")
        size = _int(token, args[0], 1, 8, "pool size")
        return Layer(
            kind,
            kernel=size,
            stride=_int(token, args[1], 1, 8, "stride") if len(args) > 1 else size,
            padding=_padding(token, args[2]) if len(args) > 2 else "valid",
        )
    if kind == "dense":
        if len(args) != 1:
            raise SpecError(f"{token!r}: write dense:UNITS")
        return Layer("dense", size=_int(token, args[0], 1, MAX_UNITS, "number of units"))
    if kind == "dropout":
        try:
            rate = float(args[0]) if len(args) == 1 else -1.0
        except ValueError:
            rate = -1.0
        if not 0.0 <= rate < 1.0:
            raise SpecError(f"{token!r}: write dropout:RATE with 0 <= RATE < 1")
        return Layer("dropout", rate=rate)
    if kind == "flatten" and not args:
        return Layer("flatten")
    raise SpecError(f"{token!r}: unknown layer (use one of {', '.join(KINDS)})")


def parse_spec(spec: str) -> tuple[Layer, ...]:
    """A whole spec -> layers (1 to :data:`MAX_LAYERS`)."""
    tokens = [t for t in spec.split(",") if t.strip()]
    if not tokens:
        raise SpecError("the network has no layers")
    if len(tokens) > MAX_LAYERS:
        raise SpecError(f"at most {MAX_LAYERS} layers")
    return tuple(parse_layer(t) for t in tokens)


def to_spec(layers: tuple[Layer, ...]) -> str:
    return ",".join(layer.token() for layer in layers)


@dataclass(frozen=True)
class LayerRow:
    """One layer's result: Keras-style name, output shape (no batch axis), parameters, explanations."""

    index: int
    keras_type: str
    shape: tuple[int, ...]
    params: int
    shape_math: str  # how the shape follows, with the numbers
    params_math: str  # how the parameter count follows, with the numbers
    note: str = ""  # a warning worth reading (e.g. Dense on a 3-D input)
    receptive: int = 0  # input pixels (per side) one output value depends on; 0 after Flatten/Dense


@dataclass(frozen=True)
class ShapeTable:
    """All layers that could be computed; ``problem`` explains the first one that could not."""

    input_shape: tuple[int, int, int]
    rows: tuple[LayerRow, ...]
    problem: str

    @property
    def total_params(self) -> int:
        return sum(r.params for r in self.rows)

    @property
    def ok(self) -> bool:
        return not self.problem


def _axis_math(n: int, k: int, s: int, padding: str) -> str:
    if padding == "same":
        out = -(-n // s)
        return f"⌈{n}/{s}⌉ = {out}"
    return f"⌊({n} − {k})/{s}⌋ + 1 = {(n - k) // s + 1}"


def compute_shapes(input_shape: tuple[int, int, int], layers: tuple[Layer, ...]) -> ShapeTable:
    """Walk the layers as Keras would; stop with an explanation at the first impossible one."""
    shape: tuple[int, ...] = tuple(input_shape)
    rows: list[LayerRow] = []
    field, jump = 1, 1  # receptive field and the input distance between neighbouring outputs
    for idx, layer in enumerate(layers):
        where = f"Layer {idx + 1} ({layer.kind})"
        try:
            row = _layer_row(idx, layer, shape)
        except SizeError as err:
            return ShapeTable(input_shape, tuple(rows), f"{where} on input {_fmt(shape)}: {err}")
        except SpecError as err:
            return ShapeTable(input_shape, tuple(rows), f"{where}: {err}")
        if layer.kind in ("conv", "maxpool", "avgpool") and field:
            field, jump = field + (layer.kernel - 1) * jump, jump * layer.stride
        elif layer.kind in ("flatten", "dense"):
            field = 0  # every output depends on the whole input
        rows.append(dataclasses.replace(row, receptive=field))
        shape = row.shape
    return ShapeTable(input_shape, tuple(rows), "")


def _fmt(shape: tuple[int, ...]) -> str:
    return "(" + ", ".join(str(s) for s in shape) + ")"


def _layer_row(idx: int, layer: Layer, shape: tuple[int, ...]) -> LayerRow:
    if layer.kind in ("conv", "maxpool", "avgpool"):
        if len(shape) != 3:
            raise SpecError(
                f"{'Conv2D' if layer.kind == 'conv' else 'Pooling'} needs an (height, width, channels) "
                f"input, but it gets {_fmt(shape)}: put it before Flatten"
            )
        h, w, c = shape
        k, s = layer.kernel, layer.stride
        pads = (same_padding(h, k, s), same_padding(w, k, s)) if layer.padding == "same" else ((0, 0), (0, 0))
        oh, ow = output_size(h, k, s, pads[0]), output_size(w, k, s, pads[1])
        axis = _axis_math(h, k, s, layer.padding)
        axis_w = "" if w == h else f"; width {_axis_math(w, k, s, layer.padding)}"
        if layer.kind == "conv":
            f = layer.size
            params = (k * k * c + 1) * f
            return LayerRow(
                idx,
                "Conv2D",
                (oh, ow, f),
                params,
                f"height {axis}{axis_w}; channels = {f} filters",
                f"({k}·{k}·{c} weights + 1 bias) × {f} filters = {params:,}",
            )
        name = "MaxPooling2D" if layer.kind == "maxpool" else "AveragePooling2D"
        return LayerRow(
            idx,
            name,
            (oh, ow, c),
            0,
            f"height {axis}{axis_w}; channels stay {c}",
            "pooling has no parameters",
        )
    if layer.kind == "flatten":
        n = 1
        for d in shape:
            n *= d
        math = " × ".join(str(d) for d in shape) + f" = {n:,}"
        return LayerRow(idx, "Flatten", (n,), 0, math, "no parameters")
    if layer.kind == "dense":
        units, n_in = layer.size, shape[-1]
        params = (n_in + 1) * units
        note = ""
        if len(shape) > 1:
            note = (
                f"Dense on a {len(shape)}-D input acts on the last axis only (each of the "
                f"{' × '.join(str(d) for d in shape[:-1])} positions separately): add Flatten first."
            )
        return LayerRow(
            idx,
            "Dense",
            (*shape[:-1], units),
            params,
            f"{units} units",
            f"({n_in} inputs + 1 bias) × {units} units = {params:,}",
            note,
        )
    if layer.kind == "dropout":
        return LayerRow(idx, "Dropout", shape, 0, "unchanged (only active while training)", "no parameters")
    raise SpecError(f"unknown layer kind {layer.kind!r}")


def dense_activation(layer: Layer, last: bool) -> str:
    """ReLU inside; the last Dense layer is the classifier: sigmoid for one unit, else softmax."""
    if not last:
        return "relu"
    return "sigmoid" if layer.size == 1 else "softmax"


def keras_code(input_shape: tuple[int, int, int], layers: tuple[Layer, ...]) -> str:
    """The same network as a Keras ``Sequential`` (ReLU inside, see :func:`dense_activation`)."""
    last_dense = max((i for i, layer in enumerate(layers) if layer.kind == "dense"), default=-1)
    lines = ["import keras", "", "model = keras.Sequential(["]
    lines.append(f"    keras.Input(shape={tuple(input_shape)}),")
    for i, layer in enumerate(layers):
        lines.append(f"    {_keras_call(layer, i == last_dense)},")
    lines += ["])", "model.summary()"]
    return "\n".join(lines)


def _keras_call(layer: Layer, last: bool) -> str:
    if layer.kind == "conv":
        extra = (f", strides={layer.stride}" if layer.stride != 1 else "") + (
            f', padding="{layer.padding}"' if layer.padding != "valid" else ""
        )
        return (
            f'keras.layers.Conv2D({layer.size}, ({layer.kernel}, {layer.kernel}){extra}, activation="relu")'
        )
    if layer.kind in ("maxpool", "avgpool"):
        name = "MaxPooling2D" if layer.kind == "maxpool" else "AveragePooling2D"
        extra = (f", strides={layer.stride}" if layer.stride != layer.kernel else "") + (
            f', padding="{layer.padding}"' if layer.padding != "valid" else ""
        )
        return f"keras.layers.{name}(({layer.kernel}, {layer.kernel}){extra})"
    if layer.kind == "dense":
        return f'keras.layers.Dense({layer.size}, activation="{dense_activation(layer, last)}")'
    if layer.kind == "dropout":
        return f"keras.layers.Dropout({layer.rate:g})"
    return "keras.layers.Flatten()"


def build_keras_model(input_shape: tuple[int, int, int], layers: tuple[Layer, ...]):
    """The same network in Keras (imports TensorFlow lazily); raises Keras's own errors."""
    from engine.tf_runtime import get_tf

    keras = get_tf().keras
    last_dense = max((i for i, layer in enumerate(layers) if layer.kind == "dense"), default=-1)
    model = keras.Sequential([keras.Input(shape=tuple(input_shape))])
    for i, layer in enumerate(layers):
        if layer.kind == "conv":
            model.add(
                keras.layers.Conv2D(
                    layer.size, layer.kernel, strides=layer.stride, padding=layer.padding, activation="relu"
                )
            )
        elif layer.kind == "maxpool":
            model.add(keras.layers.MaxPooling2D(layer.kernel, strides=layer.stride, padding=layer.padding))
        elif layer.kind == "avgpool":
            model.add(
                keras.layers.AveragePooling2D(layer.kernel, strides=layer.stride, padding=layer.padding)
            )
        elif layer.kind == "dense":
            model.add(keras.layers.Dense(layer.size, activation=dense_activation(layer, i == last_dense)))
        elif layer.kind == "dropout":
            model.add(keras.layers.Dropout(layer.rate))
        else:
            model.add(keras.layers.Flatten())
    return model


def keras_summary(model) -> tuple[list[tuple[str, tuple[int, ...], int]], int, str]:
    """(type, output shape without batch, params) per layer, the total, and ``model.summary()``'s text."""
    rows = [
        (type(layer).__name__, tuple(int(d) for d in layer.output.shape[1:]), int(layer.count_params()))
        for layer in model.layers
    ]
    lines: list[str] = []
    model.summary(print_fn=lambda line, *args, **kwargs: lines.append(line), line_length=78)
    return rows, int(model.count_params()), "\n".join(lines)
