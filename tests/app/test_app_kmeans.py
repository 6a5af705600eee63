"""pages/kmeans.py with AppTest: stepping, settings, presets, bad input and the URL."""

from __future__ import annotations

from ui.navigation import page_for

PAGE = "pages/kmeans.py"
KEY = page_for(PAGE).prefix


def _texts(at, kind: str) -> str:
    return "\n".join(e.value for e in getattr(at, kind))


def _latex(at) -> str:
    return "\n".join(e.proto.body for e in at.get("latex"))


def test_default_page_steps_through_assign_and_update(run_page) -> None:
    at = run_page(PAGE)
    assert "Start: 4 centroids" in _texts(at, "info")
    assert len(at.get("plotly_chart")) >= 5  # step chart, inertia, elbow, silhouette x2, mixture
    at.button(key=KEY + "forward").click().run()
    assert "Iteration 1, **assign**" in _texts(at, "info")
    assert r"\arg\min" in _latex(at) and at.query_params["step"] == "1"
    at.button(key=KEY + "forward").click().run()
    assert "Iteration 1, **update**" in _texts(at, "info") and r"\mu_" in _latex(at)
    at.button(key=KEY + "end").click().run()
    assert "converged" in _texts(at, "success")
    at.button(key=KEY + "reset").click().run()
    assert at.slider(key=KEY + "step").value == 0 and "step" not in at.query_params


def test_inertia_on_screen_falls_with_the_steps(run_page) -> None:
    at = run_page(PAGE, step="1")
    first = float(at.metric[0].value)
    at.slider(key=KEY + "step").set_value(3).run()
    assert float(at.metric[0].value) < first


def test_settings_change_the_result_and_the_url(run_page) -> None:
    at = run_page(PAGE)
    before = at.metric[1].value
    at.slider(key=KEY + "k").set_value(3).run()
    assert at.metric[1].value != before and at.query_params["k"] == "3"
    at.radio(key=KEY + "init").set_value("random").run()
    at.selectbox(key=KEY + "dataset").set_value("stretched").run()
    assert at.query_params["init"] == "random" and at.query_params["data"] == "stretched"
    assert "stretched" in _texts(at, "caption")


def test_new_start_button_changes_the_init_seed(run_page) -> None:
    at = run_page(PAGE)
    at.button(key=KEY + "new_start").click().run()
    assert at.query_params["iseed"] == "1"


def test_bad_start_preset_ends_above_kmeans_plus_plus(run_page) -> None:
    at = run_page(PAGE)
    at.button(key=KEY + "preset_0").click().run()
    assert at.query_params["init"] == "click" and at.query_params["k"] == "5"
    at.button(key=KEY + "end").click().run()
    assert "converged" in _texts(at, "success")
    final = float(at.metric[1].value)
    from engine.classical.kmeans import KMeansConfig, make_points
    from engine.classical.kmeans_presets import KMEANS_PRESETS
    from engine.classical.kmeans_scan import scan_k

    cfg = KMEANS_PRESETS[0].applied_to(KMeansConfig())
    assert final > 1.5 * scan_k(make_points(cfg)[0], 0).inertias[cfg.k - 1]


def test_empty_cluster_is_said_and_handled(run_page) -> None:
    at = run_page(PAGE)
    at.button(key=KEY + "preset_2").click().run()
    at.slider(key=KEY + "step").set_value(1).run()
    assert "No point chose centroid 4" in _texts(at, "warning")
    at.slider(key=KEY + "step").set_value(2).run()
    assert "re-seeded at the point farthest" in _texts(at, "warning")
    at.selectbox(key=KEY + "empty").set_value("keep").run()
    assert "stays where it was" in _texts(at, "warning")


def test_click_mode_asks_for_the_missing_centroids(run_page) -> None:
    at = run_page(PAGE, init="click", c="1.0,2.0")
    assert "3 more to go" in _texts(at, "info")
    assert not at.exception and at.get("plotly_chart")
    at.button(key=KEY + "clear").click().run()
    assert "4 more to go" in _texts(at, "info") and "c" not in at.query_params


def test_k_larger_than_the_data_is_a_clear_error(run_page) -> None:
    at = run_page(PAGE, n="5", k="8")
    assert "only 5 distinct points" in _texts(at, "error")


def test_mixture_tab_and_covariance(run_page) -> None:
    at = run_page(PAGE, data="stretched", centers="3", k="3")
    labels = [m.label for m in at.metric]
    assert "Mixture: adjusted Rand index" in labels
    gmm = float(next(m.value for m in at.metric if m.label.startswith("Mixture")))
    km = float(next(m.value for m in at.metric if m.label.startswith("k-means:")))
    assert gmm > km
    at.selectbox(key=KEY + "covariance").set_value("spherical").run()
    assert at.query_params["cov"] == "spherical"


def test_code_shows_the_same_start(run_page) -> None:
    at = run_page(PAGE, init="click", c="0,0,1,1,-2,-2,3,-3")
    code = [c.value for c in at.code if c.language == "python"]
    assert "init = np.array([[0.0, 0.0], [1.0, 1.0], [-2.0, -2.0], [3.0, -3.0]])" in code[0]
    assert code[1].startswith("# Continues the snippet above")


def test_an_old_link_opens_the_same_experiment(run_page) -> None:
    query = {"data": "moons", "n": "200", "k": "2", "init": "random", "iseed": "3", "step": "2", "std": "1.0"}
    at = run_page(PAGE, **query)
    assert not at.warning or all("link" not in w.value for w in at.warning)
    assert at.slider(key=KEY + "step").value == 2 and at.selectbox(key=KEY + "dataset").value == "moons"
    assert dict(at.query_params) == {**query, "std": "1.0"}


def test_a_step_past_the_end_is_clamped(run_page) -> None:
    at = run_page(PAGE, step="150")
    assert at.slider(key=KEY + "step").value < 150 and "converged" in _texts(at, "success")
    assert "step=150: this run ends at step 8" in _texts(at, "warning")
    assert at.query_params["step"] == "8"
