"""pages/svm.py with AppTest: the boundary and its numbers, widgets, presets, the URL and bad input."""

from __future__ import annotations

from ui.navigation import page_for

PAGE = "pages/svm.py"
KEY = page_for(PAGE).prefix  #: every widget key of the page starts with it


def _text(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def _latex(at) -> str:
    return "\n".join(x.value for x in at.latex)


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_default_page(run_page) -> None:
    at = run_page(PAGE)
    assert _metrics(at) == {"Train accuracy": "100.0%", "Validation accuracy": "100.0%"}
    assert len(at.get("plotly_chart")) == 4  # boundary, 3-D lift, C-gamma heatmap, RBF series
    latex = _latex(at)
    assert r"\sum_{i=1}^{30}" in latex and r"\gamma = 0.1" in latex and "C = 1" in latex
    text = _text(at)
    assert "**30 support vectors** of 140 training points" in text
    assert "Best on the validation points" in text
    assert any("A good fit" in s.value for s in at.success)
    assert any("The plane separates every training point" in s.value for s in at.success)
    assert any("generated on this server" in c.value for c in at.caption)
    assert [c.language for c in at.code][:2] == ["python", "python"] and len(at.code) == 3  # + the share link


def test_kernel_and_c_change_the_fit_and_the_url(run_page) -> None:
    at = run_page(PAGE)
    at.radio(key=KEY + "kernel").set_value("linear").run()
    assert at.select_slider(key=KEY + "gamma").disabled
    assert _metrics(at)["Validation accuracy"] != "100.0%"
    assert r"\text{margin} = \tfrac{2}{\lVert w \rVert}" in _latex(at)
    assert any("Underfitting" in w.value for w in at.warning)
    at.radio(key=KEY + "kernel").set_value("rbf").run()
    before = _text(at)
    at.select_slider(key=KEY + "C").set_value(1000.0).run()
    assert _text(at) != before and "C = 1000" in _latex(at)
    assert dict(at.query_params) == {"C": "1000.0"}


def test_overfitting_preset(run_page) -> None:
    at = run_page(PAGE)
    at.button(key=KEY + "preset_3").click().run()
    assert dict(at.query_params) == {"data": "gauss", "noise": "40", "gamma": "10.0"}
    assert any(i.value.startswith("**Huge γ: overfitting.**") for i in at.info)
    assert any("Overfitting (train 100%" in w.value for w in at.warning)


def test_use_the_best_c_and_gamma(run_page) -> None:
    at = run_page(PAGE, data="moons", noise="25", gamma="100.0", kernel="linear")
    at.button(key=KEY + "use_best").click().run()
    assert at.radio(key=KEY + "kernel").value == "rbf"
    assert at.query_params.get("gamma") != "100.0" and at.select_slider(key=KEY + "gamma").value < 100
    assert not any("Overfitting" in w.value for w in at.warning)


def test_the_xor_lift(run_page) -> None:
    at = run_page(PAGE, data="xor")
    assert any("this lift does not suit the xor data" in i.value for i in at.info)
    at.radio(key=KEY + "lift").set_value("product").run()
    assert any("The plane separates every training point" in s.value for s in at.success)
    assert "lift(x):\n    return np.column_stack([x, x[:, 0] * x[:, 1]])" in at.code[1].value


def test_kernel_points_change_the_values(run_page) -> None:
    at = run_page(PAGE)
    assert r"e^{-0.1 \cdot 3.25} = 0.72253" in _latex(at)
    at.number_input(key=KEY + "bx").set_value(4.0).run()
    assert r"e^{-0.1 \cdot 11.25} = 0.32465" in _latex(at) and at.query_params["bx"] == "4.0"


def test_an_old_link_opens_the_same_experiment(run_page) -> None:
    query = {
        "data": "spiral",
        "n": "300",
        "noise": "10",
        "val": "40",
        "seed": "4",
        "kernel": "poly",
        "C": "3.0",
        "gamma": "0.3",
        "deg": "2",
        "r": "0.5",
        "showval": "0",
        "lift": "product",
        "ax": "-1.5",
        "by": "3.0",
    }
    at = run_page(PAGE, **query)
    assert not at.warning or all("link" not in w.value for w in at.warning)
    assert dict(at.query_params) == query
    assert at.slider(key=KEY + "degree").value == 2 and at.radio(key=KEY + "kernel").value == "poly"
    assert "(0.3 \\cdot" in _latex(at) and "^{2}" in _latex(at)


def test_a_one_class_training_split_is_explained(run_page) -> None:
    at = run_page(PAGE, n="20", noise="50", val="50", seed="439")
    assert any("only class" in e.value and "both classes" in e.value for e in at.error)
    assert not at.get("plotly_chart")


def test_a_solver_that_stops_early_is_flagged(run_page) -> None:
    at = run_page(PAGE, data="spiral", kernel="poly", deg="5", gamma="10.0", C="1000.0")
    assert any("without converging" in w.value for w in at.warning)


def test_hostile_link_is_a_warning(run_page) -> None:
    at = run_page(PAGE, C="-3", gamma="nan", kernel="sigmoid")
    assert len([w for w in at.warning if "link" in w.value]) == 3
    assert _metrics(at)["Train accuracy"] == "100.0%"


def test_figures_are_readable_on_a_projector(run_page) -> None:
    """Every chart: ticks and axis titles of at least 14 px, labelled axes. (The base font comes
    from the app's plot theme, installed by app.py: tests/app/test_plot_theme.py checks it.)"""
    import json

    at = run_page(PAGE)
    for chart in at.get("plotly_chart"):
        layout = json.loads(chart.proto.spec)["layout"]
        axes = [layout[k] for k in ("xaxis", "yaxis") if k in layout]
        axes += [layout["scene"][k] for k in ("xaxis", "yaxis", "zaxis")] if "scene" in layout else []
        assert axes
        for axis in axes:
            assert axis["tickfont"]["size"] >= 14 and axis["title"]["font"]["size"] >= 14
            assert axis["title"]["text"]
