"""The linear-regression page in AppTest: data sources, the hand fit, the GD player, scaling, URL."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from ui.navigation import page_for

PAGE = "pages/linear_regression.py"
K = page_for(PAGE).prefix  #: the page's session-state prefix, from the page registry


def player(at: AppTest) -> dict[str, Any]:
    frames = at.get("iframe")
    assert len(frames) == 1
    html = frames[0].proto.srcdoc
    start = html.index("window.BASICS = ") + len("window.BASICS = ")
    return json.loads(html[start : html.index(";</script>", start)])


def by_key(at: AppTest, kind: str, key: str):
    return next(w for w in getattr(at, kind) if w.key == key)


def comparison(at: AppTest):
    """The "gradient descent vs the closed form" table."""
    return next(d.value for d in at.table if "method" in d.value.columns)


def test_default_page(run_page: Callable[..., AppTest]) -> None:
    at = run_page(PAGE)
    assert at.title[0].value == "Linear regression"
    assert any("slide 001" in c.value for c in at.caption)
    assert len(at.get("plotly_chart")) == 2  # hand fit + scaling contours
    data = player(at)
    assert data["counter"][-1] == "60 / 60"
    assert data["status"][-1] == ["done", "ok"]
    assert "w = w − lr·∂L/∂w" in data["text"][1]
    # GD vs normal equation table: the same line after 60 batch updates on standardized data
    table = comparison(at)
    assert abs(table["w"].iloc[0] - table["w"].iloc[1]) < 1e-3
    assert any(m.label == "Your MSE" for m in at.metric)
    assert any(r"\text{MSE}" in tex.value for tex in at.latex)


def test_hand_sliders_change_the_mse(run_page: Callable[..., AppTest]) -> None:
    at = run_page(PAGE)
    before = next(m.value for m in at.metric if m.label == "Your MSE")
    by_key(at, "button", K + "snap").click().run()
    after = next(m.value for m in at.metric if m.label == "Your MSE")
    assert float(after.replace("−", "-")) < float(before.replace("−", "-"))
    assert abs(by_key(at, "slider", K + "w").value - 0.1346) < 0.01


def test_methods_and_divergence(run_page: Callable[..., AppTest]) -> None:
    at = run_page(PAGE)
    by_key(at, "selectbox", K + "method").set_value("sgd").run()
    data = player(at)
    assert data["counter"][-1] == "360 / 360"  # 6 rows x 60 epochs, one row per update
    assert data["n"] <= 300
    by_key(at, "select_slider", K + "lr").set_value(1.1).run()
    assert any("Diverged: learning rate too high" in e.value for e in at.error)
    by_key(at, "selectbox", K + "method").set_value("batch").run()
    assert player(at)["status"][-1] == ["diverged", "bad"]
    by_key(at, "button", K + "reset_lr").click().run()
    assert not at.error and player(at)["status"][-1] == ["done", "ok"]


def test_no_scaling_preset_and_scaling_table(run_page: Callable[..., AppTest]) -> None:
    at = run_page(PAGE)
    next(b for b in at.button if b.label == "No feature scaling: raw square feet").click().run()
    assert not at.exception and at.query_params["scaling"] == "none"
    table = next(d.value for d in at.table if "updates to converge" in d.value.columns)
    assert table["updates to converge"].iloc[0].startswith("not within")
    by_key(at, "radio", K + "mv_scaling").set_value("standardize").run()
    assert any("rounder" in s.value for s in at.success)


def test_generated_data_and_url_round_trip(run_page: Callable[..., AppTest]) -> None:
    at = run_page(PAGE, data="line", noise="4", n="60", seed="3", method="minibatch", batch="8")
    assert by_key(at, "selectbox", K + "data").value == "line"
    assert by_key(at, "number_input", K + "batch").value == 8
    assert any("y = 2x + 1 (seed 3)" in c.value for c in at.caption)
    assert at.query_params["n"] == "60" and at.query_params["method"] == "minibatch"
    by_key(at, "slider", K + "noise").set_value(0.0).run()
    assert any("Generated" in o or "generated" in o for o in [c.value for c in at.caption])


def test_csv_upload_validation(run_page: Callable[..., AppTest]) -> None:
    at = run_page(PAGE, data="csv")
    assert any("Upload a CSV" in i.value for i in at.info)
    uploader = at.file_uploader[0]
    uploader.set_value(("words.csv", b"name,city\nann,x\nbob,y\ncid,z\n", "text/csv")).run()
    assert any("two numeric columns" in e.value for e in at.error)
    at.file_uploader[0].set_value(("one.csv", b"a,b\n1,2\n", "text/csv")).run()
    assert any("1 data row" in e.value for e in at.error)
    good = b"area,price,note\n50,10,a\n60,12.5,b\n70,,c\n80,16,d\n95,19.5,e\n"
    at.file_uploader[0].set_value(("houses.csv", good, "text/csv")).run()
    assert not at.exception and not at.error
    assert any("1 row(s) with missing" in w.value for w in at.warning)
    assert by_key(at, "selectbox", K + "xcol").value == "area"
    assert len(player(at)["figure"]["data"]) >= 8
    by_key(at, "selectbox", K + "ycol").set_value("area").run()
    assert any("different columns" in e.value for e in at.error)


def test_balloon_data_and_hand_sliders_follow_the_data(run_page: Callable[..., AppTest]) -> None:
    at = run_page(PAGE)
    by_key(at, "selectbox", K + "data").set_value("balloon").run()
    assert not at.exception
    assert any("generated (seed 1)" in c.value for c in at.caption)
    w = by_key(at, "slider", K + "w")
    assert w.value == 0.0 and w.min < -1.6 < w.max  # the best slope (about -1.6) is reachable
    by_key(at, "button", K + "snap").click().run()
    table = comparison(at)
    assert table["w"].iloc[1] == pytest.approx(by_key(at, "slider", K + "w").value, abs=0.05)


def test_hostile_column_names_stay_text(run_page: Callable[..., AppTest]) -> None:
    at = run_page(PAGE, data="csv")
    raw = b'"</script><b>x",price\n1,2\n2,4\n3,7\n4,8\n'
    at.file_uploader[0].set_value(("evil.csv", raw, "text/csv")).run()
    assert not at.exception and not at.error
    data = player(at)  # the payload still parses: nothing closed the script tag early
    assert "&lt;/script&gt;&lt;b&gt;x" in json.dumps(data["figure"]["layout"])


def test_slides_candidate_lines_next_to_ours(run_page: Callable[..., AppTest]) -> None:
    """Slides 003 print 18.864 / 7.079 / 2.542 / 1.397; the page shows them with its own numbers."""
    from engine.basics.linear_fit import candidate_lines, slides_cost_scale

    at = run_page(PAGE)
    table = next(d.value for d in at.table if "slides' cost" in d.value.columns)
    lines = candidate_lines()
    assert table["slides' cost"].tolist() == [f"{c.slides_cost:.3f}" for c in lines]
    assert table["J = ½·MSE here (the slides' cost)"].tolist() == [f"{c.half_mse:.3f}" for c in lines]
    text = " ".join(m.value for m in at.markdown)
    assert f"c = {slides_cost_scale():.2f}".replace("-", "−") in text
    assert "computed on data other than the table they show" in text
    next(b for b in at.button if b.label == "Try w₁ = 0.7, w₀ = 0.92").click().run()
    assert not at.exception
    assert by_key(at, "selectbox", K + "data").value == "house8"
    assert (by_key(at, "slider", K + "w").value, by_key(at, "slider", K + "b").value) == (0.7, 0.92)
    mse = float(next(m.value for m in at.metric if m.label == "Your MSE"))
    assert mse == pytest.approx(lines[1].mse, abs=1e-3)
    assert dict(at.query_params) == {"data": "house8", "w": "0.7", "b": "0.92"}


def test_old_style_link_opens_the_same_experiment(run_page: Callable[..., AppTest]) -> None:
    """Floats as the old codec wrote them (%.6g: '3e-07', '4'), the same keys."""
    at = run_page(PAGE, lr="3e-07", scaling="none", epochs="100", noise="4", w="0.134567", b="112.25")
    assert not [w for w in at.warning if "link" in w.value]
    assert by_key(at, "select_slider", K + "lr").value == 3e-7
    assert by_key(at, "selectbox", K + "scaling").value == "none"
    assert by_key(at, "slider", K + "w").value == pytest.approx(0.134567)
    assert player(at)["counter"][-1] == "100 / 100"
    code = next(c.value for c in at.code if "LinearRegression" in c.value)
    assert "lr = 0.0, 0.0, 3e-07" in code and "x = np.array([1210" in code


def test_a_link_line_off_the_sliders_is_moved_in_and_said(run_page: Callable[..., AppTest]) -> None:
    at = run_page(PAGE, w="1000", b="60")
    w = by_key(at, "slider", K + "w")
    assert w.value == w.max < 1000
    assert any("w=1000: outside this data's slider range" in x.value for x in at.warning)
    assert at.query_params["w"] == repr(float(w.max))


def _hand_line(at: AppTest) -> tuple[float, float]:
    return by_key(at, "slider", K + "w").value, by_key(at, "slider", K + "b").value


def test_the_hand_line_is_recentred_on_data_it_was_not_set_for(run_page: Callable[..., AppTest]) -> None:
    """A link to other data (no w/b of its own) and an upload start flat through their mean;
    a link's own line, the slides' lines and "Back to the defaults" keep theirs."""
    from engine.basics import data

    at = run_page(PAGE, data="line")
    mean = float(data.line_data(1, n=30, noise=2.0).y.mean())
    assert _hand_line(at) == (0.0, pytest.approx(mean, abs=0.01))
    assert float(next(m.value for m in at.metric if m.label == "Your MSE")) < 200
    assert run_page(PAGE, data="line", w="2", b="1").session_state[K + "w"] == 2.0  # the link's own line

    at = run_page(PAGE, data="csv")
    good = b"x,y\n1,1000\n2,1010\n3,1030\n4,1040\n"
    at.file_uploader[0].set_value(("big.csv", good, "text/csv")).run()
    assert _hand_line(at) == (0.0, 1020.0)
    assert any("Read on this server from your file" in c.value for c in at.caption)
    assert not any("Bundled or generated" in c.value for c in at.caption)
    by_key(at, "slider", K + "w").set_value(5.0).run()
    at.file_uploader[0].set_value(("other.csv", b"x,y\n1,-5\n2,-7\n3,-9\n", "text/csv")).run()
    assert _hand_line(at) == (0.0, -7.0)  # another file: other data
