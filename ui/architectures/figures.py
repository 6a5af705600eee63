"""Pure plotly figures of the architectures page (numbers in, ``go.Figure`` out).

One colour meaning on the page: blue = parameters (weights), orange = multiply-adds.
"""

from __future__ import annotations

import plotly.graph_objects as go

from engine.architectures.blocks import ENTRY, Block, Node
from engine.architectures.ilsvrc import HUMAN_TOP5_ERROR, ILSVRC

PARAMS = "#1f77b4"
MACS = "#ff7f0e"
WEIGHTED_FILL = "#d6e6f5"
PLAIN_FILL = "#f4f4f4"
LEVEL_PX = 118


def human(n: float) -> str:
    """12,345,678 -> '12.3 M' (k, M, G)."""
    for size, unit in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(n) >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n:.0f}"


def _shape(shape: tuple[int, ...]) -> str:
    return "x".join(str(d) for d in shape)


ABBREV = {
    "Conv2D": "Conv",
    "SeparableConv2D": "SepConv",
    "DepthwiseConv2D": "Depthwise",
    "MaxPooling2D": "MaxPool",
    "AveragePooling2D": "AvgPool",
    "GlobalAveragePooling2D": "GlobalAvgPool",
    "Concatenate": "Concat",
}
#: Widest drawing (px) and widest lane: fits the page's main column at 1280x720.
MAX_WIDTH = 800
LANE_PX = 220


def _label(node: Node) -> str:
    """'Conv2D 3x3, 64 filters, stride 2' -> 'Conv 3x3, 64 /2'."""
    kind, _, detail = node.label.partition(" ")
    detail = detail.replace(" filters", "").replace(", stride ", " /").replace(" per channel", "")
    detail = detail.replace(" units", " units")
    return f"{ABBREV.get(kind, kind)} {detail}".strip()


def _box_text(node: Node) -> str:
    lines = [f"<b>{_label(node)}</b>"]
    if node.folded:
        lines.append("+ " + " + ".join(node.folded))
    lines.append(_shape(node.shape))
    if node.params or node.macs:
        lines.append(f"{human(node.params)} · {human(node.macs)}")
    return "<br>".join(lines)


def block_figure(block: Block, nodes: tuple[Node, ...], entry_shape: tuple[int, ...] | None) -> go.Figure:
    """The block as boxes and arrows, top to bottom; a shortcut that skips boxes is drawn beside them.

    Each box: the layer, the layers folded into it (batch norm, activation), its output shape,
    and ``weights · multiply-adds``.
    """
    lanes = max((n.lane for n in nodes), default=0) + 1
    levels = max((n.level for n in nodes), default=0)
    pos = {ENTRY: (0.0, 0.0), **{n.name: (float(n.lane), float(n.level)) for n in nodes}}
    half_w, half_h = 0.44, 0.36
    shapes, annotations = [], []
    for node in nodes:
        x, y = pos[node.name]
        for parent in node.parents:
            px, py = pos[parent]
            if px == x and y - py > 1:  # a shortcut past boxes of the same lane: go round them
                side = x + half_w
                path = (
                    f"M {side},{py} L {side + 0.05},{py + half_h} L {side + 0.05},{y - half_h} L {side},{y}"
                )
                tip, tail = (side, y), (side + 0.05, y - half_h)
            else:
                path = f"M {px},{py + half_h} L {x},{y - half_h}"
                tip, tail = (x, y - half_h), (px, py + half_h)
            shapes.append(
                {"type": "path", "path": path, "line": {"color": "#555", "width": 2}, "layer": "below"}
            )
            annotations.append(
                {
                    "x": tip[0],
                    "y": tip[1],
                    "ax": tip[0] + (tail[0] - tip[0]) * 0.15,
                    "ay": tip[1] + (tail[1] - tip[1]) * 0.15,
                    "xref": "x",
                    "yref": "y",
                    "axref": "x",
                    "ayref": "y",
                    "showarrow": True,
                    "arrowhead": 2,
                    "arrowsize": 1.3,
                    "arrowcolor": "#555",
                    "text": "",
                }
            )
    boxes = [(ENTRY, "block input" + (f"<br>{_shape(entry_shape)}" if entry_shape else ""), False)]
    boxes += [(n.name, _box_text(n), n.params > 0) for n in nodes]
    for name, text, weighted in boxes:
        x, y = pos[name]
        shapes.append(
            {
                "type": "rect",
                "x0": x - half_w,
                "x1": x + half_w,
                "y0": y - half_h,
                "y1": y + half_h,
                "fillcolor": WEIGHTED_FILL if weighted else PLAIN_FILL,
                "line": {"color": PARAMS if weighted else "#888", "width": 1.5},
            }
        )
        annotations.append(
            {"x": x, "y": y, "text": text, "showarrow": False, "font": {"size": 14, "color": "#1a1a1a"}}
        )
    width = min(MAX_WIDTH, LANE_PX * max(lanes, 2) + 40)
    layout = {
        "shapes": shapes,
        "annotations": annotations,
        "xaxis": {"visible": False, "range": [-0.5, lanes - 0.5 + 0.1], "fixedrange": True},
        "yaxis": {"visible": False, "range": [levels + 0.5, -0.5], "fixedrange": True},
        "width": width,
        "height": int(LEVEL_PX * (levels + 1) + 20),
        "margin": {"l": 5, "r": 5, "t": 5, "b": 5},
        "plot_bgcolor": "white",
    }
    return go.Figure(data=[], layout=layout)


def blocks_figure(blocks: tuple[Block, ...], selected: int) -> go.Figure:
    """Parameters (blue) and multiply-adds (orange) per block, the selected block outlined."""
    names = [f"{i}: {b.title}" for i, b in enumerate(blocks)]
    line = [3 if i == selected else 0 for i in range(len(blocks))]
    data = [
        go.Bar(
            x=names,
            y=[b.params / 1e6 for b in blocks],
            name="parameters (M)",
            marker_color=PARAMS,
            marker_line={"width": line, "color": "#1a1a1a"},
            yaxis="y",
        ),
        go.Bar(
            x=names,
            y=[b.macs / 1e6 for b in blocks],
            name="multiply-adds per image (M)",
            marker_color=MACS,
            marker_line={"width": line, "color": "#1a1a1a"},
            yaxis="y2",
            xaxis="x2",
        ),
    ]
    layout = {
        "grid": {"rows": 2, "columns": 1, "pattern": "independent"},
        "yaxis": {"title": {"text": "parameters (M)"}, "domain": [0.56, 1.0]},
        "yaxis2": {"title": {"text": "MACs (M)"}, "domain": [0.0, 0.44]},
        "xaxis": {"showticklabels": False, "anchor": "y"},
        "xaxis2": {"anchor": "y2", "tickangle": -45},
        "height": 470,
        "margin": {"l": 70, "r": 10, "t": 30, "b": 110},
        "legend": {"orientation": "h", "y": 1.08, "x": 0},
        "plot_bgcolor": "white",
    }
    return go.Figure(data=data, layout=layout)


def ilsvrc_figure() -> go.Figure:
    """ILSVRC classification winners' top-5 error by year, with the human annotator's 5.1 %."""
    years = [w.year for w in ILSVRC]
    errors = [w.top5_error for w in ILSVRC]
    cnn = ["#4c4c4c" if w.year < 2012 else "#7a7a7a" for w in ILSVRC]
    data = [
        go.Bar(
            x=years,
            y=errors,
            marker_color=cnn,
            text=[f"{w.top5_error:g} %" for w in ILSVRC],
            textposition="outside",
            textfont={"size": 15, "color": "#1a1a1a"},
            cliponaxis=False,
            hovertext=[f"{w.year} {w.team}: {w.model}" for w in ILSVRC],
            hoverinfo="text",
            showlegend=False,
        )
    ]
    layout = {
        "shapes": [
            {
                "type": "line",
                "x0": 2009.5,
                "x1": 2017.5,
                "y0": HUMAN_TOP5_ERROR,
                "y1": HUMAN_TOP5_ERROR,
                "line": {"dash": "dash", "color": "#b22222", "width": 2},
            }
        ],
        "annotations": [
            {
                "x": 2016.5,
                "y": HUMAN_TOP5_ERROR + 3.2,
                "text": f"human (Karpathy): {HUMAN_TOP5_ERROR} %",
                "showarrow": False,
                "font": {"size": 15, "color": "#b22222"},
            },
            {"x": 2010.5, "y": 34.5, "text": "hand-made features", "showarrow": False, "font": {"size": 14}},
            {
                "x": 2014.5,
                "y": 20,
                "text": "deep CNNs from 2012 on",
                "showarrow": False,
                "font": {"size": 14},
            },
        ],
        "xaxis": {
            "title": {"text": "ILSVRC year and winning team"},
            "tickmode": "array",
            "tickvals": years,
            "ticktext": [f"{w.year}<br>{w.team.split(' ')[0]}" for w in ILSVRC],
        },
        "yaxis": {"title": {"text": "top-5 error (%)"}, "range": [0, 37]},
        "uniformtext": {"minsize": 14, "mode": "show"},
        "height": 450,
        "margin": {"l": 70, "r": 10, "t": 20, "b": 90},
        "plot_bgcolor": "white",
    }
    return go.Figure(data=data, layout=layout)
