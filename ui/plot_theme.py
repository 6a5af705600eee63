"""One plot theme for every static chart: dark text of at least 14 px, readable on a projector.

Two plotly templates, both composed on ``plotly_white``:

* ``"mlp"`` (:data:`THEME`): dark text (:data:`INK`), a 15 px base font, 14 px tick labels,
  15 px axis titles, hover labels and legends to match, and exponents written as powers
  of ten (``10⁻⁴``, never the SI suffixes ``100µ`` / ``10n`` that read as units on a loss
  axis; a chart of counts opts into SI with :data:`SI_AXIS`);
* ``"mlp_present"`` (:data:`PRESENT`): presenter mode (``ui.presenter``): larger text,
  thicker lines, bigger markers and the colour-blind-safe Okabe-Ito palette.

:func:`install` registers both, makes ``"mlp"`` plotly's default and routes every
``st.plotly_chart`` through :func:`styled` with ``theme=None``: Streamlit's own chart
theme (the default ``theme="streamlit"``) would overwrite the template's fonts with its
12 px grey ones in the browser. In presenter mode :func:`presented` turns a figure into
its projector version (the template swapped, explicit sizes scaled, colours mapped to
:data:`OKABE_ITO`).
"""

from __future__ import annotations

import colorsys
import functools
import re
from collections.abc import Callable
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio

THEME = "mlp"
PRESENT = "mlp_present"
#: Text colour of every chart (the app's ink, ~15:1 on white).
INK = "#1f2430"
#: Font stack of Streamlit's body text.
FAMILY = '"Source Sans Pro", "Source Sans 3", "Segoe UI", Roboto, Helvetica, Arial, sans-serif'
#: The smallest font size (CSS px) any chart text may have.
MIN_FONT = 14
#: Okabe & Ito's colour-blind-safe palette (black left out: it is the ink).
OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
#: Presenter mode's colour order (the darkest, most distinct first; yellow last: faint on white).
PRESENT_COLORWAY = [
    OKABE_ITO[n]
    for n in ("blue", "vermillion", "bluish_green", "orange", "reddish_purple", "sky_blue", "yellow")
]
#: An axis of counts (parameters, values): SI suffixes (25M) read better than powers there.
SI_AXIS: dict[str, Any] = {"exponentformat": "B"}
#: Presenter mode: font sizes, line widths, marker sizes and figure heights are multiplied by these.
FONT_SCALE, LINE_SCALE, MARKER_SCALE, HEIGHT_SCALE = 1.3, 1.6, 1.4, 1.15


def _template(
    base: int, tick: int, title: int, line: float, marker: float, colorway: list[str] | None
) -> go.layout.Template:
    axis = {
        "tickfont": {"size": tick, "color": INK},
        "title": {"font": {"size": base, "color": INK}, "standoff": 8},
        "exponentformat": "power",
        "linecolor": "#5f6673",
        "gridcolor": "#e1e4e8",
        "zerolinecolor": "#9aa1ab",
        "automargin": True,
    }
    scene_axis = {key: axis[key] for key in ("tickfont", "exponentformat")}
    scene_axis["title"] = {"font": {"size": base, "color": INK}}
    layout: dict[str, Any] = {
        "font": {"family": FAMILY, "size": base, "color": INK},
        "title": {"font": {"size": title, "color": INK}},
        "xaxis": axis,
        "yaxis": axis,
        "scene": {name: scene_axis for name in ("xaxis", "yaxis", "zaxis")},
        "legend": {"font": {"size": tick, "color": INK}},
        "hoverlabel": {"font": {"size": base, "family": FAMILY}},
        "coloraxis": {"colorbar": {"tickfont": {"size": tick, "color": INK}}},
        "annotationdefaults": {"font": {"size": base, "color": INK}},
    }
    if colorway:
        layout["colorway"] = colorway
    data = {
        "scatter": [{"line": {"width": line}, "marker": {"size": marker}}],
        "heatmap": [{"colorbar": {"tickfont": {"size": tick, "color": INK}}}],
        "contour": [{"colorbar": {"tickfont": {"size": tick, "color": INK}}}],
    }
    custom = go.layout.Template(layout=layout, data=data)
    return pio.templates.merge_templates(pio.templates["plotly_white"], custom)


def register() -> None:
    """Register ``"mlp"`` and ``"mlp_present"`` with plotly (idempotent)."""
    if THEME not in pio.templates:
        pio.templates[THEME] = _template(15, 14, 18, 2, 7, None)
    if PRESENT not in pio.templates:
        pio.templates[PRESENT] = _template(20, 19, 24, 3.5, 10, PRESENT_COLORWAY)


# ---------------------------------------------------------------------------- presenter colours
_HEX = re.compile(r"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_RGB = re.compile(r"^rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*([\d.]+)\s*)?\)$")


def _rgb(color: str) -> tuple[float, float, float, str | None] | None:
    """``color`` as r, g, b in 0..1 and its alpha text (None: opaque hex); None if not hex/rgb()."""
    if m := _HEX.match(color):
        h = m[1] if len(m[1]) == 6 else "".join(c * 2 for c in m[1])
        return int(h[0:2], 16) / 255, int(h[2:4], 16) / 255, int(h[4:6], 16) / 255, None
    if m := _RGB.match(color):
        return float(m[1]) / 255, float(m[2]) / 255, float(m[3]) / 255, m[4]
    return None


@functools.lru_cache(maxsize=512)
def palette_color(color: str) -> str:
    """The Okabe-Ito colour standing in for ``color`` in presenter mode, by hue.

    Greys, near-whites and pale tints (saturation < 0.35 or lightness > 0.8) stay as they
    are: they are backgrounds and grid, not meaning. The same rule is in ``live.js``.
    """
    parsed = _rgb(color.strip())
    if parsed is None:
        return color
    r, g, b, alpha = parsed
    hue, light, sat = colorsys.rgb_to_hls(r, g, b)
    if sat < 0.35 or light > 0.8 or light < 0.12:
        return color
    deg = hue * 360
    if deg < 18 or deg >= 340:
        name = "vermillion"
    elif deg < 50:
        name = "orange"
    elif deg < 70:
        name = "yellow"
    elif deg < 175:
        name = "bluish_green"
    elif deg < 255:
        name = "sky_blue" if light > 0.6 else "blue"
    else:
        name = "reddish_purple"
    new = OKABE_ITO[name]
    if alpha is None:
        return new
    nr, ng, nb = (int(new[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({nr},{ng},{nb},{alpha})"


# ---------------------------------------------------------------------------- presenter figures
_COLOR_KEYS = frozenset({"color", "fillcolor"})


def _scaled(value: Any, factor: float) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float, list, tuple)):
        return value
    if isinstance(value, (list, tuple)):
        return [_scaled(v, factor) for v in value]
    return round(value * factor, 1)


def _present(node: Any, key: str = "") -> Any:
    """A copy of a figure's dict with presenter sizes and colours (``key``: the node's own key)."""
    if isinstance(node, dict):
        out = {}
        for k, v in node.items():
            if k == "template":
                continue
            if k == "size" and ("font" in key or key == "title"):
                out[k] = _scaled(v, FONT_SCALE)
            elif k == "size" and key == "marker":
                out[k] = _scaled(v, MARKER_SCALE)
            elif k == "width" and key in ("line", "marker.line"):
                out[k] = _scaled(v, LINE_SCALE)
            elif k in _COLOR_KEYS and isinstance(v, str):
                out[k] = palette_color(v)
            elif k in _COLOR_KEYS and isinstance(v, list) and all(isinstance(c, str) for c in v):
                out[k] = [palette_color(c) for c in v]
            else:
                out[k] = _present(v, "marker.line" if (key == "marker" and k == "line") else k)
        return out
    if isinstance(node, list):
        return [_present(v, key) for v in node]
    return node


def presented(figure: go.Figure | dict) -> dict:
    """``figure`` for the projector: the ``"mlp_present"`` template, every explicit font size,
    line width and marker size scaled up, saturated colours mapped to :data:`OKABE_ITO`,
    the height and margins scaled with the text. The figure itself is not changed."""
    register()
    spec = figure.to_dict() if isinstance(figure, go.Figure) else dict(figure)
    out = {"data": _present(spec.get("data", [])), "layout": _present(spec.get("layout", {}))}
    if spec.get("frames"):
        out["frames"] = _present(spec["frames"])
    layout = out["layout"]
    if isinstance(layout.get("height"), (int, float)):
        layout["height"] = round(layout["height"] * HEIGHT_SCALE)
    margin = layout.get("margin")
    if isinstance(margin, dict):
        layout["margin"] = {k: _scaled(v, FONT_SCALE) if k in "lrtb" else v for k, v in margin.items()}
    layout["template"] = pio.templates[PRESENT].to_plotly_json()
    return out


# ---------------------------------------------------------------------------- st.plotly_chart
def styled(figure: Any) -> Any:
    """What ``st.plotly_chart`` shows for ``figure``: presenter mode's version while presenting."""
    from ui import presenter  # imported here: ui.presenter imports this module

    if presenter.active() and isinstance(figure, (go.Figure, dict)):
        return presented(figure)
    return figure


def _themed_chart(original: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(original)
    def plotly_chart(self: Any, figure_or_data: Any, *args: Any, theme: Any = None, **kwargs: Any) -> Any:
        return original(self, styled(figure_or_data), *args, theme=theme, **kwargs)

    plotly_chart.mlp_themed = True  # type: ignore[attr-defined]
    return plotly_chart


def install() -> None:
    """Register the templates, make ``"mlp"`` the default and theme every ``st.plotly_chart``.

    Idempotent and cheap: ``ui.presenter.start()`` calls it on every run of the app.
    ``theme=None`` becomes ``st.plotly_chart``'s default (a call may still pass
    ``theme="streamlit"``), so the browser draws the figure with its own template.
    """
    import streamlit as st
    from streamlit.elements.plotly_chart import PlotlyMixin

    register()
    pio.templates.default = THEME
    if not getattr(PlotlyMixin.plotly_chart, "mlp_themed", False):
        PlotlyMixin.plotly_chart = _themed_chart(PlotlyMixin.plotly_chart)  # type: ignore[method-assign]
    if not getattr(st.plotly_chart, "mlp_themed", False):
        st.plotly_chart = st._main.plotly_chart  # st.plotly_chart was bound at import
