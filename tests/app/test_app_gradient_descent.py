"""The gradient-descent page in AppTest: the player's data, the verdicts, presets and the URL."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from streamlit.testing.v1 import AppTest

from ui.navigation import page_for

PAGE = "pages/gradient_descent.py"
K = page_for(PAGE).prefix  #: the page's session-state prefix, from the page registry


def player(at: AppTest) -> dict[str, Any]:
    """The ``window.BASICS`` payload embedded in the page's trace-player iframe."""
    frames = at.get("iframe")
    assert len(frames) == 1
    html = frames[0].proto.srcdoc
    start = html.index("window.BASICS = ") + len("window.BASICS = ")
    return json.loads(html[start : html.index(";</script>", start)])


def by_key(at: AppTest, kind: str, key: str):
    return next(w for w in getattr(at, kind) if w.key == key)


def test_default_is_the_slides_parabola(run_page: Callable[..., AppTest]) -> None:
    at = run_page(PAGE)
    assert at.title[0].value == "Gradient descent on one variable"
    data = player(at)
    assert data["n"] == 31  # 30 steps + the start
    # the update written out with the numbers: x_new = 0 - 0.1 * (-20) = 2
    assert "0 − 0.1 × (−20) = <span class='hl'>2</span>" in data["text"][1]
    assert data["status"][-1] == ["converged", "ok"]
    assert any("converged" in s.value for s in at.success)
    assert any("2(x-5)^2 + 3" in tex.value for tex in at.latex)
    assert len(at.dataframe) == 1  # the step table
    assert any("def gradient_descent" in c.value for c in at.code)


def test_learning_rate_too_high_is_flagged_and_reset(run_page: Callable[..., AppTest]) -> None:
    at = run_page(PAGE)
    by_key(at, "select_slider", K + "lr").set_value(0.55).run()
    assert not at.exception
    assert any("Diverged: learning rate too high" in e.value for e in at.error)
    data = player(at)
    assert data["status"][-1] == ["diverged", "bad"]
    assert "Diverged" in data["final_message"]
    assert at.query_params["lr"] == "0.55"
    by_key(at, "button", K + "reset_lr").click().run()
    assert not at.error
    assert by_key(at, "select_slider", K + "lr").value == 0.1


def test_widgets_change_the_trace(run_page: Callable[..., AppTest]) -> None:
    at = run_page(PAGE)
    by_key(at, "slider", K + "steps").set_value(12).run()
    assert player(at)["n"] == 13
    by_key(at, "selectbox", K + "fn").set_value("double_well").run()
    assert not at.exception
    assert -3.2 <= by_key(at, "slider", K + "x0").value <= 3.2
    assert at.query_params["fn"] == "double_well"


def test_presets(run_page: Callable[..., AppTest]) -> None:
    at = run_page(PAGE)
    next(b for b in at.button if b.label == "Too small: crawls").click().run()
    assert any("Still moving" in i.value for i in at.info)
    next(b for b in at.button if b.label == "Too big: overshoots and oscillates").click().run()
    assert any("oscillating" in w.value for w in at.warning)
    next(b for b in at.button if b.label == "Stuck in a bump").click().run()
    assert any("local minimum" in w.value for w in at.warning)


def test_url_round_trip_and_bad_values(run_page: Callable[..., AppTest]) -> None:
    at = run_page(PAGE, fn="quartic", x0="4.5", lr="0.2", steps="50")
    assert by_key(at, "selectbox", K + "fn").value == "quartic"
    assert by_key(at, "slider", K + "x0").value == 4.5
    assert by_key(at, "select_slider", K + "lr").value == 0.2
    assert at.query_params["fn"] == "quartic" and at.query_params["steps"] == "50"
    assert any("Diverged" in e.value for e in at.error)  # the steep wall explodes
    bad = run_page(PAGE, lr="banana", steps="-3")
    assert len(bad.warning) >= 2
    assert by_key(bad, "select_slider", K + "lr").value == 0.1
    odd = run_page(PAGE, lr="0.123")  # a rate that is not among the slider's stops still works
    assert by_key(odd, "select_slider", K + "lr").value == 0.123


def test_old_style_link_opens_the_same_experiment(run_page: Callable[..., AppTest]) -> None:
    """Links written before the declared table (x0 as '3', the same keys) still work."""
    at = run_page(PAGE, fn="double_well", x0="3", lr="0.1", steps="40")
    assert not at.warning
    assert by_key(at, "selectbox", K + "fn").value == "double_well"
    assert by_key(at, "slider", K + "x0").value == 3.0
    assert player(at)["n"] == 41
    assert dict(at.query_params) == {"fn": "double_well", "x0": "3.0", "steps": "40"}


def test_share_tab_and_keys_come_from_the_registry(run_page: Callable[..., AppTest]) -> None:
    at = run_page(PAGE, lr="0.45")
    link = next(c.value for c in at.code if c.value.startswith("http"))
    assert link.endswith("/gradient_descent?lr=0.45")
    kinds = ("button", "slider", "select_slider", "selectbox", "number_input")
    keys = [w.key for kind in kinds for w in getattr(at, kind)]
    assert len(keys) >= 11 and all(k.startswith(K) for k in keys)
