"""pages/knn.py with AppTest: the vote, settings, presets, the lazy tabs, bad input and the URL."""

from __future__ import annotations

from ui.navigation import page_for

PAGE = "pages/knn.py"
KEY = page_for(PAGE).prefix


def _latex(at) -> str:
    return "\n".join(e.proto.body for e in at.get("latex"))


def _metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_default_page_shows_the_vote_plane_and_curve(run_page) -> None:
    at = run_page(PAGE)
    text = _latex(at)
    assert r"\sqrt{(x_1-a_1)^2+(x_2-a_2)^2}" in text and r"N_{5}(x)" in text and r"\hat y = " in text
    assert len(at.get("plotly_chart")) == 2  # the plane and the k-fold curve; the lazy tabs are closed
    assert _metric(at, "k") == "5" and _metric(at, "Training accuracy").endswith("%")
    assert any("generated on this server" in c.value for c in at.caption)
    assert not at.error and not at.warning and not at.query_params


def test_k_distance_and_weights_change_the_vote_and_the_url(run_page) -> None:
    at = run_page(PAGE)
    before = _metric(at, "Training accuracy")
    at.slider(key=KEY + "k").set_value(1).run()
    assert _metric(at, "Training accuracy") == "100.0%" != before and r"N_{1}(x)" in _latex(at)
    at.radio(key=KEY + "metric").set_value("manhattan").run()
    at.radio(key=KEY + "weights").set_value("distance").run()
    assert r"|x_1-a_1|+|x_2-a_2|" in _latex(at) and r"w_i = 1/d(x, a_i)" in _latex(at)
    assert dict(at.query_params) == {"k": "1", "dist": "manhattan", "w": "distance"}


def test_query_point_moves_the_neighbours(run_page) -> None:
    at = run_page(PAGE)
    first = _latex(at)
    at.slider(key=KEY + "probe_x").set_value(-3.0).run()
    assert _latex(at) != first and "(-3.00-" in _latex(at)


def test_presets_apply(run_page) -> None:
    at = run_page(PAGE)
    at.button(key=KEY + "preset_3").click().run()  # cosine on the circle
    assert at.query_params["data"] == "circle" and at.query_params["dist"] == "cosine"
    assert r"1-\frac{x\cdot a}" in _latex(at)
    at.button(key=KEY + "preset_1").click().run()  # k = all points
    assert _metric(at, "k") == "45"


def test_use_best_k_button(run_page) -> None:
    at = run_page(PAGE, k="1")
    best = _metric(at, "Best k by 5-fold")
    at.button(key=KEY + "use_best").click().run()
    assert _metric(at, "k") == best


def test_lazy_tabs_render_when_opened(run_page) -> None:
    at = run_page(PAGE, tn="20", tm="250")
    for tab, marker in (
        ("No training needed", "no training step"),
        ("Loops vs vectorized", "speed-up"),
        ("MNIST digits", "test accuracy"),
    ):
        at.session_state[KEY + "tab"] = tab
        at.run()
        assert not at.exception, at.exception
        assert len(at.get("plotly_chart")) == 3, tab
        assert any(marker in m.value for m in at.markdown), tab
        if tab == "Loops vs vectorized":  # the sizes it timed, said on the page
            assert any("20 test × 250 training digits × 784 pixels" in m.value for m in at.markdown)


def test_k_larger_than_the_data_is_explained(run_page) -> None:
    at = run_page(PAGE, n="20", k="50", folds="10")
    texts = [w.value for w in at.warning]
    assert any("more than the 15 training points" in t for t in texts)
    assert not any("10 folds" in t for t in texts)  # 10 folds on 15 points still fit
    assert _metric(at, "k") == "15"


def test_bad_clicked_points_in_a_link_are_reported(run_page) -> None:
    at = run_page(PAGE, add="1,2")
    assert any("clicked-in points" in w.value for w in at.warning)
    assert "add" not in at.query_params


def test_clicked_points_from_a_link_and_their_removal(run_page) -> None:
    at = run_page(PAGE, add="1.5,-2,1,0.5,0.5,0")
    assert any("2 point(s) you clicked in" in c.value for c in at.caption)
    at.button(key=KEY + "clear").click().run()
    assert "add" not in at.query_params and not any("clicked in" in c.value for c in at.caption)


def test_an_old_link_opens_the_same_experiment(run_page) -> None:
    query = {
        "data": "blobs3",
        "n": "300",
        "noise": "20",
        "seed": "4",
        "k": "7",
        "dist": "cosine",
        "w": "distance",
        "folds": "4",
        "kmax": "20",
        "px": "-1.5",
        "py": "2.5",
        "test": "0",
    }
    at = run_page(PAGE, **query)
    assert not at.warning and dict(at.query_params) == query
    assert at.slider(key=KEY + "k").value == 7 and at.radio(key=KEY + "metric").value == "cosine"
    assert _metric(at, "Best k by 4-fold")
