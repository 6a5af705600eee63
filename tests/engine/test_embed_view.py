"""ui.embed: one helper embeds every view (live views and players) with its data and shared scripts."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from starlette.routing import Match

from ui import embed
from ui.embed import EMBED_JS, MARKER, PLOTLY_URL, embed_view, view_html
from ui.live import view as live
from ui.live.routes import STATIC_DIR as LIVE_DIR
from ui.live.routes import VIEW_ENCODERS, _static_file, live_routes
from ui.players import BASICS_TRACE, CONV_STEP
from ui.players import STATIC_DIR as PLAYERS_DIR

LIVE_JS = LIVE_DIR / "live.js"


def _live_html(view: str) -> str:
    return view_html(
        LIVE_DIR / f"{view}.html", data={"MLP_CONFIG": {"token": "t0", "view": view}}, include=live.SHARED
    )


def _global(html: str, name: str) -> Any:
    """The value the page assigns to ``window.<name>`` (how the app tests read a view's data)."""
    match = re.search(rf"window\.{name} = (.*?);(?:</script>|\n)", html)
    assert match, f"no window.{name} in the page"
    return json.loads(match.group(1))


def _scripts(html: str) -> list[str]:
    return re.findall(r"<script>(.*?)</script>", html, re.S)


@pytest.fixture
def template(tmp_path: Path) -> Path:
    path = tmp_path / "view.html"
    path.write_text(
        f"<html><head>{MARKER}</head><body><script>/*DATA*/</script><script>go(window.DATA)</script></body></html>"
    )
    return path


def test_data_and_shared_scripts_are_in_place(template: Path) -> None:
    html = view_html(template, data={"DATA": {"n": 3, "xs": [1.5, None]}})
    assert MARKER not in html and "/*DATA*/" not in html
    assert _global(html, "DATA") == {"n": 3, "xs": [1.5, None]}
    assert _global(html, "MLP_PLOTLY_URL") == PLOTLY_URL
    head = html[: html.index("</head>")]
    assert EMBED_JS.read_text() in head  # before the view's own scripts
    assert html.index("window.DATA =") < html.index("go(window.DATA)")


def test_includes_inline_styles_then_scripts_in_order(template: Path, tmp_path: Path) -> None:
    css, js = tmp_path / "a.css", tmp_path / "b.js"
    css.write_text("body { color: red; }")
    js.write_text("window.B = 1;")
    html = view_html(template, include=[js, css])
    assert "<style>\nbody { color: red; }</style>" in html
    assert html.index("window.MLPEmbed") < html.index("window.B = 1;")


def test_a_value_cannot_end_the_script_or_fill_a_marker(template: Path) -> None:
    nasty = "</script><script>alert(1)</script><!-- /*DATA*/ " + MARKER
    html = view_html(template, data={"DATA": {"text": nasty}})
    assert html.count("</script>") == 3  # the shared one and the template's two
    assert html.count("<script>") == 3
    assert _global(html, "DATA") == {"text": nasty}  # JSON still reads back the same text


def test_data_without_a_place_goes_before_the_shared_scripts(template: Path) -> None:
    html = view_html(template, data={"OTHER": [1, 2], "DATA": 0})  # the template has no /*OTHER*/
    assert _global(html, "OTHER") == [1, 2] and _global(html, "DATA") == 0
    assert html.index("window.OTHER =") < html.index("window.MLPEmbed") < html.index("</head>")


def test_markers_and_names_are_checked(template: Path, tmp_path: Path) -> None:
    twice = tmp_path / "twice.html"
    twice.write_text(f"<head>{MARKER}</head><script>/*DATA*/ /*DATA*/</script>")
    with pytest.raises(ValueError, match="2 times"):
        view_html(twice, data={"DATA": 1})
    with pytest.raises(ValueError, match="JavaScript name"):
        view_html(template, data={"not-a-name": 1})
    bare = tmp_path / "bare.html"
    bare.write_text("<html><head></head><body></body></html>")
    with pytest.raises(ValueError, match="MLP_EMBED"):
        view_html(bare)
    closing = tmp_path / "bad.js"
    closing.write_text("const s = '</script>';")
    with pytest.raises(ValueError, match=r"bad\.js"):
        view_html(template, include=[closing])


def test_embed_view_sizes_the_iframe_to_its_content(template: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, Any]] = []
    monkeypatch.setattr(embed.st, "iframe", lambda html, height: calls.append((html, height)))
    embed_view(template, data={"DATA": 1})
    embed_view(template, data={"DATA": 1}, height=300)
    assert [h for _, h in calls] == ["content", 300]
    assert calls[0][0] == calls[1][0] == view_html(template, data={"DATA": 1})  # same inputs, same HTML


def test_live_view_embeds_every_live_view_with_the_shared_kit(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, Any]] = []
    monkeypatch.setattr(embed.st, "iframe", lambda html, height: calls.append((html, height)))
    for view in VIEW_ENCODERS:
        live.live_view("tok", view)  # the pages' call, with its old height argument too
        live.live_view("tok", view, height=660)
    assert [h for _, h in calls] == ["content", 660] * len(VIEW_ENCODERS)
    for (html, _), view in zip(calls[::2], VIEW_ENCODERS, strict=True):
        assert _global(html, "MLP_CONFIG") == {"token": "tok", "view": view}
        assert LIVE_JS.read_text() in html and (LIVE_DIR / "live.css").read_text() in html
        assert html.index("window.MLP_CONFIG =") < html.index("window.MLPLive =")  # before connect() reads it
    with pytest.raises(ValueError, match="no live view"):
        live.live_view("tok", "basics_trace")


def test_players_left_the_live_views() -> None:
    assert sorted(p.name for p in PLAYERS_DIR.iterdir()) == ["basics_trace.html", "conv_step.html"]
    assert {p.stem for p in LIVE_DIR.glob("*.html")} == set(VIEW_ENCODERS)
    assert _static_file("basics_trace.html") is None and _static_file("conv_step.html") is None
    for player, name in [(BASICS_TRACE, "BASICS"), (CONV_STEP, "CONV_DATA")]:
        html = view_html(player, data={name: {"n": 1}})
        assert "MLPLive" not in html and _global(html, name) == {"n": 1}


def test_the_app_serves_plotly_where_the_views_load_it() -> None:
    route = next(r for r in live_routes() if r.path == "/api/live-static/{name}")
    match, scope = route.matches({"type": "http", "path": PLOTLY_URL, "method": "GET"})
    assert match == Match.FULL
    path = _static_file(scope["path_params"]["name"])
    assert path is not None and path.name == "plotly.min.js" and path.is_file()


def _exports(js: str) -> set[str]:
    body = js[js.index("window.MLPLive = {") :]
    return set(re.findall(r"(\w+): \w+", body[: body.index("};")]))


def test_the_live_views_use_the_shared_kit_instead_of_copies() -> None:
    exported = _exports(LIVE_JS.read_text())
    for view in VIEW_ENCODERS:
        own = _scripts(_live_html(view))[-1]
        used = set(re.findall(r"\bL\.(\w+)", own))
        assert used <= exported, f"{view} uses MLPLive.{used - exported}"
        assert {"textSetter", "chart"} <= used, view  # text and curves come from live.js
        for copy in (
            "function niceStep",
            "function setText",
            "function onState",
            "function pad(",
            "Reconnecting",
        ):
            assert copy not in own, f"{view} has its own {copy}"


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node to parse the scripts")
@pytest.mark.parametrize("page", [*VIEW_ENCODERS, "basics_trace", "conv_step"])
def test_every_script_of_a_view_parses(page: str, tmp_path: Path) -> None:
    if page in VIEW_ENCODERS:
        html = _live_html(page)
    else:
        html = view_html(
            PLAYERS_DIR / f"{page}.html", data={"BASICS" if page == "basics_trace" else "CONV_DATA": {}}
        )
    for i, script in enumerate(_scripts(html)):
        path = tmp_path / f"{page}_{i}.js"
        path.write_text(script)
        proc = subprocess.run(["node", "--check", str(path)], capture_output=True, text=True, check=False)
        assert proc.returncode == 0, f"{page} script {i}: {proc.stderr}"
