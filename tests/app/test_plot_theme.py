"""One plot theme for every static chart (``ui.plot_theme``), and presenter mode (``ui.presenter``).

Every page of the registry is opened once, in one session of ``app.py``'s navigation (as a
learner would), and every ``st.plotly_chart`` it draws is read back from its JSON spec:

* the chart uses the ``"mlp"`` template and is sent with ``theme=None`` (Streamlit's chart
  theme would overwrite the template's fonts with its own 12 px grey ones);
* no text is smaller than 14 px (a heatmap's cell values may be smaller only in a dense
  matrix of more than 14 columns, which the hover reads) and no text is light grey;
* a loss / MSE / error axis never writes SI suffixes ("100µ" reads as a unit).

Then ``?present=1``: the same figures get the ``"mlp_present"`` template, larger text and the
Okabe-Ito colours, the toggle is on and the mode outlives a page switch (which clears the
query string). The e2e test (``tests/e2e/test_e2e_presenter.py``) checks what only a browser shows.
"""

from __future__ import annotations

import colorsys
import json
import time
from collections.abc import Iterator
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio
import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import APP, TIMEOUT, release_test_session
from ui import plot_theme, presenter
from ui.navigation import HOME, TOPICS, TopicPage

PAGES: tuple[TopicPage, ...] = (HOME, *TOPICS)
#: A heatmap this wide is a value matrix (28x28 pixels, a state over many steps): its cell text may be small.
DENSE_COLUMNS = 14
LOSS_WORDS = ("loss", "mse", "error", "entropy")
SI_FORMATS = ("SI", "B")


# ---------------------------------------------------------------------------- reading a spec
def _rgb(color: str) -> tuple[float, float, float] | None:
    parsed = plot_theme._rgb(color.strip())
    return None if parsed is None else parsed[:3]


def light_grey(color: Any) -> bool:
    """A grey (saturation < 0.15) lighter than 55 % lightness, short of white: faint on a projector."""
    if not isinstance(color, str) or (rgb := _rgb(color)) is None:
        return False
    _, light, sat = colorsys.rgb_to_hls(*rgb)
    return sat < 0.15 and 0.55 < light < 0.97


def _dense(trace: dict) -> bool:
    """A heatmap with more than DENSE_COLUMNS columns (z as nested lists or plotly's typed array)."""
    z = trace.get("z")
    if trace.get("type") != "heatmap":
        return False
    if isinstance(z, dict) and "shape" in z:  # {"dtype", "bdata", "shape": "28, 28"}
        return int(str(z["shape"]).split(",")[-1]) > DENSE_COLUMNS
    return isinstance(z, list) and bool(z) and isinstance(z[0], list) and len(z[0]) > DENSE_COLUMNS


def font_problems(node: Any, path: str = "", dense: bool = False) -> list[str]:
    """Every font (``*font`` keys) in a spec smaller than 14 px or light grey, with its path."""
    problems: list[str] = []
    if isinstance(node, dict):
        dense = dense or _dense(node)
        for key, value in node.items():
            here = f"{path}.{key}" if path else key
            if key.endswith("font") and isinstance(value, dict):
                sizes = value.get("size")
                for size in sizes if isinstance(sizes, list) else [sizes]:
                    small = isinstance(size, (int, float)) and size < plot_theme.MIN_FONT
                    if small and not (dense and key == "textfont"):
                        problems.append(f"{here}.size = {size}")
                if light_grey(value.get("color")):
                    problems.append(f"{here}.color = {value['color']}")
            problems += font_problems(value, here, dense)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            problems += font_problems(value, f"{path}[{i}]", dense)
    return problems


def si_loss_axes(layout: dict) -> list[str]:
    """Loss-like axes (by their title) that write SI suffixes."""
    found = []
    for name, axis in layout.items():
        if not (name.startswith(("xaxis", "yaxis")) and isinstance(axis, dict)):
            continue
        title = axis.get("title")
        text = (title.get("text") if isinstance(title, dict) else title) or ""
        if any(w in str(text).lower() for w in LOSS_WORDS) and axis.get("exponentformat") in SI_FORMATS:
            found.append(f"{name} ({text!r}): exponentformat {axis['exponentformat']}")
    return found


def charts(at: AppTest) -> list[tuple[str, dict]]:
    """Each plotly chart of the last run: its theme ("" = None) and its spec."""
    return [(el.proto.theme, json.loads(el.proto.spec)) for el in at.get("plotly_chart")]


def template_font(spec: dict) -> dict:
    return spec["layout"].get("template", {}).get("layout", {}).get("font", {})


# ---------------------------------------------------------------------------- the tour
@pytest.fixture(scope="module")
def tour() -> Iterator[dict[str, list[tuple[str, dict]]]]:
    """Every page once in one session of app.py; prints how long it took (pytest -s)."""
    release_test_session()
    start = time.perf_counter()
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.run()
    seen: dict[str, list[tuple[str, dict]]] = {}
    for page in PAGES:
        at.query_params.clear()
        at.switch_page(page.path).run()
        assert not at.exception, (page.path, [e.value for e in at.exception])
        seen[page.path] = charts(at)
    print(f"\nplot theme tour: {len(PAGES)} pages in {time.perf_counter() - start:.1f} s")
    release_test_session()
    yield seen
    release_test_session()


def test_the_tour_saw_charts(tour: dict[str, list[tuple[str, dict]]]) -> None:
    with_charts = [path for path, found in tour.items() if found]
    assert len(with_charts) >= 15, with_charts  # the check below is not vacuous


def test_every_chart_uses_the_theme_without_streamlits(tour: dict[str, list[tuple[str, dict]]]) -> None:
    mlp = pio.templates[plot_theme.THEME].layout.font.to_plotly_json()
    wrong = [
        f"{path} chart {i}: theme {theme!r}, template font {template_font(spec)}"
        for path, found in tour.items()
        for i, (theme, spec) in enumerate(found)
        if theme != "" or template_font(spec) != mlp
    ]
    assert not wrong, "\n".join(wrong)


def test_no_small_or_light_grey_text(tour: dict[str, list[tuple[str, dict]]]) -> None:
    wrong = [
        f"{path} chart {i}: {problem}"
        for path, found in tour.items()
        for i, (_, spec) in enumerate(found)
        for problem in font_problems(
            {k: v for k, v in spec.items() if k != "layout"} | {"layout": _no_template(spec)}
        )
    ]
    assert not wrong, "\n".join(wrong)


def test_loss_axes_write_no_si_suffixes(tour: dict[str, list[tuple[str, dict]]]) -> None:
    wrong = [
        f"{path} chart {i}: {problem}"
        for path, found in tour.items()
        for i, (_, spec) in enumerate(found)
        for problem in si_loss_axes(spec["layout"])
    ]
    assert not wrong, "\n".join(wrong)
    default = pio.templates[plot_theme.THEME].layout
    assert default.yaxis.exponentformat == default.xaxis.exponentformat == "power"


def _no_template(spec: dict) -> dict:
    return {k: v for k, v in spec["layout"].items() if k != "template"}


# ---------------------------------------------------------------------------- the templates
def test_templates_are_dark_and_large_enough() -> None:
    plot_theme.register()
    for name, base in ((plot_theme.THEME, 15), (plot_theme.PRESENT, 20)):
        layout = pio.templates[name].layout
        assert layout.font.size == base and layout.font.color == plot_theme.INK
        assert layout.xaxis.tickfont.size >= plot_theme.MIN_FONT and layout.yaxis.title.font.size >= base
        assert layout.legend.font.size >= plot_theme.MIN_FONT and layout.hoverlabel.font.size >= base
        assert not font_problems(layout.to_plotly_json())
    normal, present = (pio.templates[n].layout for n in (plot_theme.THEME, plot_theme.PRESENT))
    assert present.xaxis.tickfont.size > normal.xaxis.tickfont.size
    assert list(present.colorway) == plot_theme.PRESENT_COLORWAY
    assert (
        pio.templates[plot_theme.PRESENT].data.scatter[0].line.width
        > pio.templates[plot_theme.THEME].data.scatter[0].line.width
    )


@pytest.mark.parametrize(
    ("color", "expected"),
    [
        ("#d62728", "#D55E00"),  # red -> vermillion
        ("#1f77b4", "#0072B2"),  # blue
        ("#0877bd", "#0072B2"),
        ("#f59322", "#E69F00"),  # TF Playground orange
        ("#2ca02c", "#009E73"),  # green -> bluish green
        ("#9467bd", "#CC79A7"),  # purple -> reddish purple
        ("#7fb3d8", "#56B4E9"),  # light blue -> sky blue
        ("rgba(8, 119, 189, 0.3)", "rgba(0,114,178,0.3)"),
        ("#e4e7eb", "#e4e7eb"),  # grid grey stays
        ("#1f2430", "#1f2430"),  # ink stays
        ("white", "white"),
    ],
)
def test_palette_color(color: str, expected: str) -> None:
    assert plot_theme.palette_color(color) == expected


def test_presented_scales_without_touching_the_figure() -> None:
    fig = go.Figure(go.Scatter(x=[0, 1], y=[1, 0], line={"color": "#d62728", "width": 2}, marker={"size": 8}))
    fig.update_layout(height=300, font={"size": 15}, margin={"l": 40, "r": 10, "t": 10, "b": 40})
    fig.add_annotation(text="note", x=0, y=0, font={"size": 16})
    before = fig.to_json()
    out = presented(fig)
    assert fig.to_json() == before
    trace = out["data"][0]
    assert trace["line"] == {"color": "#D55E00", "width": 3.2} and trace["marker"]["size"] == 11.2
    layout = out["layout"]
    assert layout["font"]["size"] == 19.5 and layout["annotations"][0]["font"]["size"] == 20.8
    assert layout["height"] == 345 and layout["margin"]["l"] == 52
    assert layout["template"]["layout"]["font"]["size"] == 20
    go.Figure(out)  # still a valid figure


def presented(fig: go.Figure) -> dict:
    return plot_theme.presented(fig)


def test_install_themes_st_plotly_chart_once() -> None:
    import streamlit as st
    from streamlit.elements.plotly_chart import PlotlyMixin

    plot_theme.install()
    first = PlotlyMixin.plotly_chart
    plot_theme.install()
    assert PlotlyMixin.plotly_chart is first and getattr(first, "mlp_themed", False)
    assert getattr(st.plotly_chart, "mlp_themed", False) and pio.templates.default == plot_theme.THEME


# ---------------------------------------------------------------------------- presenter mode
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", True),
        ("true", True),
        (" On ", True),
        ("0", False),
        ("no", False),
        ("", None),
        ("2", None),
        (None, None),
    ],
)
def test_present_values(value: str | None, expected: bool | None) -> None:
    assert presenter.from_url(value) is expected


def _toggle(at: AppTest) -> Any:
    return next(t for t in at.toggle if t.label == presenter.LABEL)


@pytest.mark.parametrize("on", [True, False])
def test_the_toggle_shows_the_mode_and_switches_it(on: bool) -> None:
    """The toggle's click is the e2e test's (AppTest keeps app.py's own elements in its tree only on
    the first run); here its callback, run as Streamlit runs it, before the next run."""
    release_test_session()
    try:
        at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
        if on:
            at.query_params[presenter.PARAM] = "1"
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert _toggle(at).value is on and _presenter_css(at) is on
        _toggle(at).set_value(not on).run()  # the callback flips the mode and the address
        assert (_param(at) == "1") is (not on)
        at.switch_page("pages/softmax.py").run()
        found = charts(at)
        assert found and all(template_font(spec)["size"] == (15 if on else 20) for _, spec in found)
    finally:
        release_test_session()


def test_present_link_switches_every_chart_and_survives_a_page_switch() -> None:
    release_test_session()
    try:
        at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
        at.query_params[presenter.PARAM] = "1"
        at.run()
        # A page switch clears the query string: the session keeps presenting (the address
        # getting present=1 back is the e2e test's: AppTest reports the page's own query string).
        at.query_params.clear()
        at.switch_page("pages/logistic_regression.py").run()
        assert not at.exception, [e.value for e in at.exception]
        found = charts(at)
        assert found and all(template_font(spec)["size"] == 20 for _, spec in found)
        colors = json.dumps([spec["data"] for _, spec in found])
        assert "#D55E00" in colors and "#0072B2" in colors  # red and blue became vermillion and blue
    finally:
        release_test_session()


def _param(at: AppTest) -> str | None:
    value = at.query_params.get(presenter.PARAM)
    return value[0] if isinstance(value, list) else value


def _presenter_css(at: AppTest) -> bool:
    return any("html { font-size" in h.proto.body for h in at.get("html"))


def test_present_zero_and_no_link_leave_the_mode_off() -> None:
    release_test_session()
    try:
        at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
        at.query_params[presenter.PARAM] = "0"
        at.run()
        assert _toggle(at).value is False and not _presenter_css(at)
        at.switch_page("pages/softmax.py").run()
        found = charts(at)
        assert found and all(template_font(spec)["size"] == 15 for _, spec in found)
    finally:
        release_test_session()
