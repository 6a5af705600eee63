"""``pages/playground.py`` with AppTest: controls, URL round trip, buttons and presets.

The page is run directly with ``AppTest.from_file("pages/playground.py")`` (see the
``playground`` fixture); ``test_app_home.py`` drives it through ``app.py``'s
navigation with ``AppTest.switch_page``. Signals read here:

* the configuration: ``at.query_params`` (the page mirrors its config into the URL),
  the caption under the title, the "Keras code" tab's ``st.code``;
* the epoch: the "How it works" tab's "**4. Loss** on the training data, at epoch N:";
* the live run itself: the iframe's ``window.MLP_CONFIG`` token, looked up with
  ``ui.live.session.lookup`` (the run lives in this process under AppTest).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from engine.playground.config import PlaygroundConfig
from engine.playground.features import FEATURES
from ui.live import session as live_session
from ui.playground.presets import PRESETS

PLAYGROUND = Path(__file__).resolve().parents[2] / "pages" / "playground.py"

Open = Callable[..., AppTest]

SIDEBAR_WIDGETS = {
    "selectbox": [
        "playground-dataset",
        "playground-activation",
        "playground-initializer",
        "playground-regularization",
        "playground-reg_rate",
        "playground-optimizer",
    ],
    "slider": [
        "playground-noise",
        "playground-train_percent",
        "playground-n_points",
        "playground-dropout",
        "playground-batch_size",
    ],
    "select_slider": ["playground-learning_rate"],
    "number_input": ["playground-seed"],
    "checkbox": [
        "playground-show_test",
        "playground-discretize",
        *(f"playground-feat_{f}" for f in FEATURES),
    ],
    "radio": ["playground-loss"],
    "button": [
        "playground-layers_minus",
        "playground-layers_plus",
        "playground-n_minus_0",
        "playground-n_plus_0",
        "playground-n_minus_1",
        "playground-n_plus_1",
    ],
}


# ---- helpers -------------------------------------------------------------------------------------
def tab(at: AppTest, label: str):
    return next(t for t in at.tabs if t.label == label)


def what_to_try(at: AppTest):
    """The presets' expander (above the view they change)."""
    return next(e for e in at.expander if e.label.startswith("What to try"))


def shown_epoch(at: AppTest) -> int:
    """The epoch the "How it works" tab reports."""
    texts = [m.value for m in tab(at, "How it works").markdown]
    line = next(t for t in texts if t.startswith("**4. Loss**"))
    match = re.search(r"at epoch (\d+):", line)
    assert match, line
    return int(match.group(1))


def shown_loss(at: AppTest) -> str:
    """The loss formula with its live value (e.g. ``L = ... = 0.7254``)."""
    formulas = [x.value.strip("$\n") for x in tab(at, "How it works").latex]
    loss = next(f for f in formulas if f.startswith("L = "))
    assert re.search(r"= \d+\.\d{4}$", loss), loss  # the live value
    return loss


def code(at: AppTest) -> str:
    return tab(at, "Keras code").code[0].value


def caption(at: AppTest) -> str:
    return at.main.caption[0].value


def weight_seed_caption(at: AppTest) -> str:
    return next(c.value for c in at.main.caption if c.value.startswith("Weight seed"))


def sidebar_text(at: AppTest) -> list[str]:
    return [m.value for m in at.sidebar.markdown]


def live_config(at: AppTest) -> dict[str, Any]:
    """The ``window.MLP_CONFIG`` the page put into the live view's iframe."""
    frames = at.get("iframe")
    assert len(frames) == 1
    match = re.search(r"window\.MLP_CONFIG = (\{.*?\});", frames[0].proto.srcdoc)
    assert match, "the live view has no MLP_CONFIG"
    return json.loads(match.group(1))


def live_run(at: AppTest):
    holder = live_session.lookup(live_config(at)["token"])
    assert holder is not None
    run = holder.get("playground")
    assert run is not None
    return run


def wait_for(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(0.1)


def widget(at: AppTest, kind: str, key: str):
    return getattr(at, kind)(key=key)


# ---- the page and its elements -----------------------------------------------------------------
def test_page_renders_title_buttons_tabs_and_sidebar(playground: Open) -> None:
    at = playground()
    assert [t.value for t in at.title] == ["Neural network playground"]
    assert caption(at).startswith("Data: **Circle**, 500 points generated on this server")
    assert not at.warning and not at.error
    assert at.query_params == {}  # the defaults need no parameters

    labels = {
        key: at.button(key=key).label
        for key in ("playground-play", "playground-step", "playground-reset", "playground-reset_same")
    }
    assert labels == {
        "playground-play": "Play",
        "playground-step": "Step",
        "playground-reset": "Reset",
        "playground-reset_same": "Reset to same weights",
    }
    tabs = [t.label for t in at.tabs]
    assert tabs[:3] == ["How it works", "Keras code", "Inspect & export"]
    assert [b.label for b in what_to_try(at).button] == [p.title for p in PRESETS]

    for kind, keys in SIDEBAR_WIDGETS.items():
        for key in keys:
            assert widget(at, kind, key) in getattr(at.sidebar, kind), f"{kind} {key} not in the sidebar"
    defaults = PlaygroundConfig()
    assert at.selectbox(key="playground-dataset").value == defaults.dataset
    assert at.select_slider(key="playground-learning_rate").value == defaults.learning_rate
    assert at.slider(key="playground-batch_size").value == defaults.batch_size
    assert at.selectbox(key="playground-activation").value == defaults.activation
    assert at.selectbox(key="playground-reg_rate").disabled  # no regularization chosen
    assert "**2** hidden layers" in sidebar_text(at)
    assert [at.checkbox(key=f"playground-feat_{f}").value for f in FEATURES] == [
        f in defaults.features for f in FEATURES
    ]

    assert shown_epoch(at) == 0
    assert live_config(at)["view"] == "playground"
    assert live_run(at).config == defaults
    # Paused: the inspect tab has the hover/zoom figure and both downloads.
    assert len(tab(at, "Inspect & export").get("plotly_chart")) == 1
    assert len(at.get("download_button")) == 2


def test_live_view_html_is_stable_across_reruns(playground: Open) -> None:
    """The iframe must not change between reruns, or the browser would remount it."""
    at = playground()
    before = at.get("iframe")[0].proto.srcdoc
    at.button(key="playground-step").click().run()
    at.select_slider(key="playground-learning_rate").set_value(0.1).run()
    assert at.get("iframe")[0].proto.srcdoc == before


# ---- widgets -> configuration -> URL ---------------------------------------------------------------
GOES_ON, RESTART = True, False
WIDGET_CASES = [
    # kind, key, value, query params, a line of the Keras code, whether training goes on
    # (True: the same run keeps its epoch; False: back to epoch 0 on new data or a new network)
    ("selectbox", "playground-dataset", "xor", {"data": "xor"}, "make_dataset('xor'", RESTART),
    (
        "select_slider",
        "playground-learning_rate",
        0.1,
        {"lr": "0.1"},
        "keras.optimizers.SGD(learning_rate=0.1)",
        GOES_ON,
    ),
    ("slider", "playground-batch_size", 32, {"bs": "32"}, "batch_size=32", GOES_ON),
    ("selectbox", "playground-activation", "relu", {"act": "relu"}, "Dense(4, activation='relu'", RESTART),
    (
        "selectbox",
        "playground-optimizer",
        "adam",
        {"opt": "adam"},
        "keras.optimizers.Adam(learning_rate=0.03)",
        RESTART,
    ),
    (
        "selectbox",
        "playground-initializer",
        "he_normal",
        {"init": "he_normal"},
        "HeNormal(seed=1000)",
        RESTART,
    ),
    ("slider", "playground-noise", 20, {"noise": "20"}, "noise=0.2,", RESTART),
    ("slider", "playground-n_points", 1000, {"n": "1000"}, "n_points=1000,", RESTART),
    ("slider", "playground-train_percent", 70, {"train": "70"}, "train_fraction=0.7,", RESTART),
    ("slider", "playground-dropout", 0.25, {"drop": "0.25"}, "keras.layers.Dropout(0.25)", RESTART),
    ("number_input", "playground-seed", 7, {"seed": "7"}, "seed=7)", GOES_ON),
    ("radio", "playground-loss", "mse", {"loss": "mse"}, "loss='mse'", RESTART),
    ("checkbox", "playground-show_test", True, {"test": "1"}, None, GOES_ON),
    (
        "checkbox",
        "playground-feat_x1x2",
        True,
        {"f": "x1,x2,x1x2"},
        "np.stack([x1, x2, x1 * x2], axis=1)",
        RESTART,
    ),
]


@pytest.mark.parametrize(
    ("kind", "key", "value", "params", "snippet", "goes_on"),
    WIDGET_CASES,
    ids=[case[1] for case in WIDGET_CASES],
)
def test_widget_changes_url_and_code(
    playground: Open, kind: str, key: str, value: Any, params: dict, snippet: str | None, goes_on: bool
) -> None:
    at = playground()
    at.button(key="playground-step").click().run()
    assert shown_epoch(at) == 1
    run_before = live_run(at)
    old_code = code(at)
    widget(at, kind, key).set_value(value).run()
    assert not at.exception
    assert at.query_params == params
    if snippet is not None:
        assert snippet not in old_code
        assert snippet in code(at)
    # Learning rate, batch size, data seed and view options change the run live;
    # anything else starts over (new data or a new network) at epoch 0.
    assert shown_epoch(at) == (1 if goes_on else 0)
    if goes_on:
        assert live_run(at) is run_before
    assert live_run(at).config.to_params() == params


def test_dataset_and_noise_show_in_the_caption(playground: Open) -> None:
    at = playground()
    at.selectbox(key="playground-dataset").set_value("xor").run()
    at.slider(key="playground-noise").set_value(20).run()
    assert caption(at).startswith("Data: **Exclusive or (XOR)**, 500 points")
    assert "(noise 20 %" in caption(at)
    assert at.query_params == {"data": "xor", "noise": "20"}


def test_regularization_enables_its_rate(playground: Open) -> None:
    at = playground()
    at.selectbox(key="playground-regularization").set_value("l2").run()
    assert not at.selectbox(key="playground-reg_rate").disabled
    at.selectbox(key="playground-reg_rate").set_value(0.01).run()
    assert at.query_params == {"reg": "l2", "rr": "0.01"}
    assert "kernel_regularizer=keras.regularizers.L2(0.01)" in code(at)
    assert any(r"0.01\sum w^2" in x.value for x in tab(at, "How it works").latex)


def test_layer_and_neuron_buttons(playground: Open) -> None:
    at = playground()
    assert "Dense(2, activation='tanh'" in code(at)
    assert "hidden_3" not in code(at)

    at.sidebar.button(key="playground-layers_plus").click().run()  # a new layer starts with 2 neurons
    assert at.query_params == {"net": "4,2,2"}
    assert "**3** hidden layers" in sidebar_text(at)
    assert "Layer 3: **2** neurons" in sidebar_text(at)
    assert (
        "keras.layers.Dense(2, activation='tanh', kernel_initializer=keras.initializers.GlorotUniform(seed=1002), name='hidden_3')"
        in code(at)
    )
    assert live_run(at).snapshot().layer_sizes == (2, 4, 2, 2, 1)

    at.button(key="playground-n_plus_0").click().run()
    assert at.query_params == {"net": "5,2,2"}
    assert "Dense(5, activation='tanh'" in code(at)
    assert "Layer 1: **5** neurons" in sidebar_text(at)

    at.button(key="playground-n_minus_2").click().run()
    assert at.query_params == {"net": "5,2,1"}
    assert at.button(key="playground-n_minus_2").disabled  # a layer keeps at least one neuron

    for _ in range(3):
        at.button(key="playground-layers_minus").click().run()
    assert at.query_params == {"net": "-"}
    assert "**0** hidden layers" in sidebar_text(at)
    assert at.button(key="playground-layers_minus").disabled
    assert "hidden_" not in code(at)
    assert live_run(at).snapshot().layer_sizes == (2, 1)


def test_share_tab_holds_the_link(playground: Open) -> None:
    at = playground()
    at.selectbox(key="playground-dataset").set_value("xor").run()
    at.select_slider(key="playground-learning_rate").set_value(0.1).run()
    link = tab(at, "Share").code[0].value
    assert link.endswith("/playground?data=xor&lr=0.1")


# ---- URL -> configuration ------------------------------------------------------------------------
def test_query_string_opens_the_same_configuration(playground: Open) -> None:
    query = {
        "data": "spiral",
        "net": "8,8",
        "lr": "0.1",
        "act": "relu",
        "seed": "7",
        "wseed": "3",
        "bs": "25",
        "noise": "20",
        "f": "x1,x2,sinx1",
        "opt": "adam",
    }
    at = playground(**query)
    assert not at.warning and not at.error
    assert at.query_params == query
    assert at.selectbox(key="playground-dataset").value == "spiral"
    assert at.select_slider(key="playground-learning_rate").value == 0.1
    assert at.selectbox(key="playground-activation").value == "relu"
    assert at.selectbox(key="playground-optimizer").value == "adam"
    assert at.number_input(key="playground-seed").value == 7
    assert at.slider(key="playground-batch_size").value == 25
    assert at.slider(key="playground-noise").value == 20
    assert [f for f in FEATURES if at.checkbox(key=f"playground-feat_{f}").value] == ["x1", "x2", "sinx1"]
    assert "**2** hidden layers" in sidebar_text(at)
    assert "Layer 1: **8** neurons" in sidebar_text(at)
    assert "Layer 2: **8** neurons" in sidebar_text(at)
    assert "Weight seed 3" in weight_seed_caption(at)
    assert code(at).count("Dense(8, activation='relu'") == 2
    assert caption(at).startswith("Data: **Spiral**")
    assert live_run(at).snapshot().layer_sizes == (3, 8, 8, 1)


@pytest.mark.parametrize(
    ("query", "problem", "kept"),
    [
        ({"net": "99"}, "ignored net='99': each hidden layer's size must be in [1, 8]", {}),
        ({"data": "xor", "net": "99"}, "ignored net='99'", {"data": "xor"}),
        ({"lr": "fast"}, "ignored lr='fast'", {}),
        ({"data": "nope"}, "ignored data='nope': unknown data set", {}),
        ({"f": "x1,foo"}, "ignored f='x1,foo'", {}),
        ({"test": "maybe"}, "ignored test='maybe'", {}),
        ({"noise": "-5", "seed": "3"}, "ignored noise='-5'", {"seed": "3"}),
    ],
    ids=["net=99", "xor+net=99", "lr=fast", "data=nope", "f=foo", "test=maybe", "noise=-5"],
)
def test_bad_query_value_warns_and_falls_back(
    playground: Open, query: dict, problem: str, kept: dict
) -> None:
    at = playground(**query)
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert len(warnings) == 1
    assert warnings[0].startswith("The link had a setting this page cannot use as it was:")
    assert problem in warnings[0]
    assert at.query_params == kept  # the URL now holds what is really shown
    assert shown_epoch(at) == 0


def test_query_values_between_choices_snap_to_the_widgets(playground: Open) -> None:
    at = playground(lr="0.25", n="20")
    assert not at.exception
    assert [w.value for w in at.warning] == [
        "The link had a setting this page cannot use as it was: lr='0.25': not one of the offered "
        "values, so the nearest one, 0.3, is used."
    ]
    assert at.select_slider(key="playground-learning_rate").value == 0.3
    assert at.slider(key="playground-n_points").value == 20  # the declared minimum, as written
    assert at.query_params == {"lr": "0.3", "n": "20"}


def test_duplicate_features_in_the_url_do_not_crash() -> None:
    at = AppTest.from_file(str(PLAYGROUND), default_timeout=120)
    at.query_params["f"] = "x1,x1"
    at.run()
    assert not at.exception


def test_feature_order_in_the_url_is_canonical(playground: Open) -> None:
    at = playground(f="x2,x1")
    assert live_run(at).config.features == ("x1", "x2")


# ---- buttons ---------------------------------------------------------------------------------------
def test_step_and_reset_to_same_weights(playground: Open) -> None:
    at = playground()
    initial_loss = shown_loss(at)
    assert shown_epoch(at) == 0

    at.button(key="playground-step").click().run()
    assert shown_epoch(at) == 1
    assert live_run(at).snapshot().epoch == 1
    assert shown_loss(at) != initial_loss
    at.button(key="playground-step").click().run()
    assert shown_epoch(at) == 2
    assert at.button(key="playground-play").label == "Play"  # Step never starts the run

    at.button(key="playground-reset_same").click().run()
    assert shown_epoch(at) == 0
    assert shown_loss(at) == initial_loss  # the very same initial weights
    assert at.query_params == {}


def test_reset_draws_new_weights(playground: Open) -> None:
    at = playground()
    initial_loss = shown_loss(at)
    at.button(key="playground-step").click().run()
    at.button(key="playground-reset").click().run()
    assert shown_epoch(at) == 0
    assert at.query_params == {"wseed": "2"}
    assert "Weight seed 2" in weight_seed_caption(at)
    assert "GlorotUniform(seed=2000)" in code(at)
    assert shown_loss(at) != initial_loss


def test_play_then_pause(playground: Open) -> None:
    at = playground(net="2")  # a small network: quick epochs
    at.button(key="playground-play").click().run()
    assert at.button(key="playground-play").label == "Pause"
    run = live_run(at)
    wait_for(lambda: run.snapshot().epoch >= 3, 60, "the run to train a few epochs")
    at.run()
    assert [i.value for i in tab(at, "Inspect & export").info] == [
        "Pause to inspect the boundary with hover and zoom, and to export."
    ]
    assert not at.get("download_button")

    at.button(key="playground-play").click().run()
    assert at.button(key="playground-play").label == "Play"
    assert not run.playing
    epoch = shown_epoch(at)
    assert epoch >= 3
    time.sleep(0.5)
    assert run.snapshot().epoch == epoch  # paused: no more training
    assert len(tab(at, "Inspect & export").get("plotly_chart")) == 1


# ---- presets -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("index", range(len(PRESETS)), ids=[p.title for p in PRESETS])
def test_preset_applies_its_configuration(playground: Open, index: int) -> None:
    at = playground(seed="7", act="relu", lr="1.0")  # the preset keeps only the data seed
    at.button(key=f"playground-preset_{index}").click().run()
    assert not at.exception and not at.error
    expected = PRESETS[index].applied_to(PlaygroundConfig(seed=7))
    assert at.query_params == expected.to_params()
    assert at.query_params["seed"] == "7"
    assert live_run(at).config == expected
    assert at.selectbox(key="playground-dataset").value == expected.dataset
    assert at.select_slider(key="playground-learning_rate").value == expected.learning_rate
    assert [f for f in FEATURES if at.checkbox(key=f"playground-feat_{f}").value] == list(expected.features)
    n = len(expected.hidden)
    assert f"**{n}** hidden layer{'s' if n != 1 else ''}" in sidebar_text(at)
    assert shown_epoch(at) == 0


def test_xor_preset_has_no_hidden_layer(playground: Open) -> None:
    at = playground()
    at.button(key="playground-preset_0").click().run()
    assert at.query_params == {"data": "xor", "net": "-", "lr": "0.1"}
    assert "hidden_" not in code(at)
    assert live_run(at).snapshot().layer_sizes == (2, 1)


def test_softmax_preset_has_three_outputs(playground: Open) -> None:
    at = playground()
    at.button(key="playground-preset_7").click().run()
    assert "Dense(3, activation='softmax'" in code(at)
    assert "3 neurons and a softmax" in " ".join(m.value for m in tab(at, "How it works").markdown)
    assert live_run(at).snapshot().layer_sizes == (2, 4, 3)


def test_diverging_preset_stops_and_says_so(playground: Open) -> None:
    at = playground()
    at.button(key="playground-preset_4").click().run()
    at.button(key="playground-play").click().run()
    run = live_run(at)
    wait_for(lambda: run.status.value == "diverged", 60, "the run to diverge")
    at.run()
    assert at.button(key="playground-play").label == "Play"
    assert "Training diverged" in run.snapshot().message
    assert [e.value for e in at.error] == [run.snapshot().message]
    at.button(key="playground-play").click().run()  # playing a diverged run is refused with a toast
    assert [t.value for t in at.toast] == ["This run diverged: lower the learning rate and press Reset."]
    assert run.status.value == "diverged"


def test_noise_from_a_link_above_50_can_be_lowered(playground: Open) -> None:
    at = playground(noise="80")
    assert at.slider(key="playground-noise").value == 80
    at.slider(key="playground-noise").set_value(20).run()
    assert at.slider(key="playground-noise").value == 20
    assert at.query_params == {"noise": "20"}
