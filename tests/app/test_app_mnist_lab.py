"""The MNIST lab page under AppTest: data source, browsing, widgets -> config -> URL, training,
results, the slides' experiments as presets (including 'remove Flatten'), bad links."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from engine.live.run import RunStatus
from engine.mnist.config import LabConfig
from ui.live.session import lookup
from ui.mnist.presets import PRESETS
from ui.mnist.state import LAB_STATE

PAGE = "pages/mnist_lab.py"
K = LAB_STATE.key  #: the page's session-state/widget keys ("mnist_lab-...")
Open = Callable[..., AppTest]
#: A quick experiment: the slides' dense network on 500 images.
QUICK = {"model": "dense", "n": "500", "epochs": "2", "act": "sigmoid"}


def tab(at: AppTest, label: str):
    return next(t for t in at.tabs if t.label == label)


def what_to_try(at: AppTest):
    """The presets' expander (above the view they change)."""
    return next(e for e in at.expander if e.label.startswith("What to try"))


def live_run(at: AppTest):
    import json
    import re

    frames = at.get("iframe")
    assert len(frames) == 1
    cfg = json.loads(re.search(r"window\.MLP_CONFIG = (\{.*?\});", frames[0].proto.srcdoc).group(1))
    assert cfg["view"] == "mnist"
    holder = lookup(cfg["token"])
    return holder.get("mnist")


def test_page_renders_data_source_browser_controls_and_tabs(run_page: Open) -> None:
    at = run_page(PAGE)
    assert [t.value for t in at.title] == ["MNIST lab"]
    caption = at.main.caption[0].value
    assert "bundled offline subset" in caption and "4,000 training and 1,000 test images" in caption
    assert not at.error and not at.exception
    assert at.query_params == {}
    for name in ("dataset", "model", "activation", "optimizer", "batch_size"):
        assert at.selectbox(key=K(name)) in at.sidebar.selectbox
    assert at.checkbox(key=K("normalize")).value and at.checkbox(key=K("flatten")).value
    assert [b.label for b in what_to_try(at).button] == [p.title for p in PRESETS]
    labels = [at.button(key=K(name)).label for name in ("play", "step", "reset", "stop")]
    assert labels == ["Play", "Step", "Reset", "Stop"]  # the shared transport bar, plus Stop
    assert any(m.value.startswith("### LABEL:") for m in at.markdown)
    assert len(at.get("plotly_chart")) == 1  # the pixel matrix
    assert "Sequential" in tab(at, "Keras code").code[0].value
    run = live_run(at)
    assert run.config == LabConfig() and run.snapshot().epoch == 0


def test_browsing_changes_the_digit_and_the_url(run_page: Open) -> None:
    at = run_page(PAGE)
    at.number_input(key=K("browse")).set_value(3000).run()
    assert not at.exception
    assert at.query_params["digit"] == "3000"
    label = next(m.value for m in at.markdown if m.value.startswith("### LABEL:"))
    from engine.mnist.data import load_subset

    assert label == f"### LABEL: {load_subset().y_train[3000]}"
    at.button(key=K("next")).click().run()
    assert at.number_input(key=K("browse")).value == 3001
    at.button(key=K("prev")).click().run()
    at.button(key=K("prev")).click().run()
    assert at.number_input(key=K("browse")).value == 2999
    # browsing never rebuilds the network
    run = live_run(at)
    at.number_input(key=K("browse")).set_value(5).run()
    assert live_run(at) is run


@pytest.mark.parametrize(
    ("kind", "key", "value", "param"),
    [
        ("selectbox", "model", "lenet", {"model": "lenet"}),
        ("selectbox", "optimizer", "sgd", {"opt": "sgd"}),
        ("select_slider", "learning_rate", 0.01, {"lr": "0.01"}),
        ("checkbox", "normalize", False, {"norm": "0"}),
        ("select_slider", "train_size", 1000, {"n": "1000"}),
        ("select_slider", "hidden_units", 256, {"units": "256"}),
        ("selectbox", "batch_size", 32, {"bs": "32"}),
    ],
)
def test_widgets_change_the_config_the_url_and_the_code(run_page: Open, kind, key, value, param) -> None:
    at = run_page(PAGE)
    before = live_run(at)
    getattr(at, kind)(key=K(key)).set_value(value).run()
    assert not at.exception
    for name, encoded in param.items():
        assert at.query_params[name] == encoded
    run = live_run(at)
    assert run is not before  # a new network for the new experiment
    assert (
        LabConfig.from_params({k: v for k, v in param.items()})[0].training_key() == run.config.training_key()
    )
    code = tab(at, "Keras code").code[0].value
    if key == "optimizer":
        assert "keras.optimizers.SGD(" in code
    if key == "normalize":
        assert "NOT normalised" in code


def test_link_opens_the_experiment_and_bad_values_are_reported(run_page: Open) -> None:
    at = run_page(PAGE, model="cnn_slides", opt="rmsprop", epochs="3", digit="12", lr="banana")
    assert at.selectbox(key=K("model")).value == "cnn_slides"
    assert at.selectbox(key=K("optimizer")).value == "rmsprop"
    assert at.number_input(key=K("epochs")).value == 3
    assert at.number_input(key=K("browse")).value == 12
    assert any("lr='banana'" in w.value for w in at.warning)
    assert live_run(at).config.model == "cnn_slides"


def test_an_old_link_opens_the_same_experiment(run_page: Open) -> None:
    """A link written by the old codec (floats by repr, booleans 1/0 or true/false) still opens
    the same experiment; an off-grid number is snapped to the nearest offered value, with a note."""
    old = {"model": "mlp", "act": "tanh", "units": "256", "drop": "0.25", "opt": "sgd", "lr": "0.0003"}
    at = run_page(PAGE, **old, bs="128", norm="false", n="1000", seed="42", digit="7", epochs="12")
    assert not [w for w in at.warning if "link" in w.value] and not at.error
    run = live_run(at)
    want = LabConfig(
        model="mlp",
        activation="tanh",
        hidden_units=256,
        dropout=0.25,
        optimizer="sgd",
        learning_rate=0.0003,
        batch_size=128,
        normalize=False,
        train_size=1000,
        seed=42,
        epochs=12,
        browse=7,
    )
    assert run.config == want
    assert dict(at.query_params) == {
        **old,
        "bs": "128",
        "norm": "0",
        "n": "1000",
        "seed": "42",
        "digit": "7",
        "epochs": "12",
    }
    at = run_page(PAGE, lr="0.002", units="100")
    assert at.select_slider(key=K("learning_rate")).value == 0.003
    assert at.select_slider(key=K("hidden_units")).value == 128
    notes = " ".join(w.value for w in at.warning)
    assert "lr='0.002'" in notes and "nearest one, 0.003" in notes and "units='100'" in notes


def test_one_epoch_shows_results_and_exports(run_page: Open) -> None:
    at = run_page(PAGE, **QUICK)
    at.button(key=K("step")).click().run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert set(metrics) >= {"Test accuracy", "Test loss", "Mistakes", "Training time", "Time per epoch"}
    acc = float(metrics["Test accuracy"].rstrip("%")) / 100
    assert 0.3 < acc <= 1.0  # one epoch of the slides' dense network on 450 digits: well above chance
    assert live_run(at).snapshot().epoch == 1
    charts = at.get("plotly_chart")
    assert len(charts) >= 4  # pixel matrix, history, confusion matrix, mistake probabilities (+ predict)
    assert len(at.get("download_button")) == 2
    texts = " ".join(m.value for m in at.markdown)
    assert "Confusion matrix" in texts and "most confident mistakes" in texts
    assert "First-layer weights" in texts  # a dense network: its weights shown as 28x28 templates
    assert "IMAGE IS A:" in texts
    # The "How it works" tab has the live validation loss.
    assert any("validation, now" in latex.value for latex in tab(at, "How it works").get("latex"))


def test_cnn_results_show_filters_and_feature_maps(run_page: Open) -> None:
    at = run_page(PAGE, model="lenet", n="500", epochs="1")
    at.button(key=K("step")).click().run()
    assert not at.exception
    texts = " ".join(m.value for m in at.markdown)
    assert "First-layer filters" in texts and "6 kernels of 5x5" in texts
    assert "conv 1" in texts and "pool 2" in texts and "feature maps" in texts
    at.number_input(key=K("probe_index")).set_value(7).run()
    assert not at.exception


def test_presets_apply_the_slides_experiments(run_page: Open) -> None:
    at = run_page(PAGE)
    titles = [p.title for p in PRESETS]
    at.button(key=K(f"preset_{titles.index('SGD vs Adam: Adam')}")).click().run()
    assert at.selectbox(key=K("model")).value == "dense"
    assert at.selectbox(key=K("optimizer")).value == "adam"
    assert at.selectbox(key=K("activation")).value == "sigmoid"
    at.button(key=K(f"preset_{titles.index('No normalization')}")).click().run()
    assert not at.checkbox(key=K("normalize")).value
    assert at.query_params["norm"] == "0"
    assert any("not normalised" in w.value for w in tab(at, "How it works").warning)


def test_remove_flatten_is_explained_not_crashed(run_page: Open) -> None:
    at = run_page(PAGE)
    at.button(key=K(f"preset_{[p.title for p in PRESETS].index('Remove Flatten')}")).click().run()
    assert not at.exception
    assert at.query_params["flatten"] == "0"
    error = " ".join(e.value for e in at.error)
    assert "cannot be trained" in error and "(None, 28, 28, 10)" in error
    assert not at.get("iframe")  # no live view: nothing to train
    assert len(at.dataframe) >= 1  # the layer shapes
    at.checkbox(key=K("flatten")).check().run()
    assert not at.error and len(at.get("iframe")) == 1


def test_fashion_without_a_copy_says_how_to_add_one(run_page: Open, monkeypatch: pytest.MonkeyPatch) -> None:
    at = run_page(PAGE)
    at.selectbox(key=K("dataset")).set_value("fashion").run()
    assert not at.exception
    info = " ".join(i.value for i in at.info)
    assert "Fashion-MNIST is not on this server" in info and "uses MNIST digits" in info


def test_raising_the_epochs_keeps_training_the_same_network(run_page: Open) -> None:
    at = run_page(PAGE, **{**QUICK, "epochs": "1"})
    at.button(key=K("step")).click().run()
    run = live_run(at)
    assert run.snapshot().epoch == 1
    at.number_input(key=K("epochs")).set_value(3).run()
    assert live_run(at) is run and run.config.epochs == 3
    assert run.status == RunStatus.PAUSED  # no longer finished: Play trains on
    assert not any("Finished" in s.value for s in at.success)


def _train_until_under_way(at: AppTest):
    """Press Train and wait until the run has trained at least one batch; returns the run."""
    from tests.waiting import wait_until

    at.button(key=K("play")).click().run()
    assert not at.exception
    run = live_run(at)
    assert wait_until(lambda: run.snapshot().trained, timeout=120), run.snapshot()
    return run


def test_stop_ends_the_run_and_keeps_the_results(run_page: Open) -> None:
    at = run_page(PAGE, **{**QUICK, "n": "4000", "epochs": "30"})  # still training when Stop comes
    assert at.button(key=K("stop")).disabled  # nothing to stop before training
    run = _train_until_under_way(at)
    at.button(key=K("stop")).click().run()
    assert not at.exception
    assert live_run(at) is run and not run.alive and run.status == RunStatus.STOPPED
    snap = run.snapshot()
    assert snap.status == RunStatus.STOPPED and snap.trained
    warning = " ".join(w.value for w in at.warning)
    assert "Stopped" in warning and f"epoch {snap.epoch + (1 if snap.batch else 0)}" in warning
    assert "Reset" in warning and "new run" in warning
    assert at.button(key=K("stop")).disabled
    assert "Reset" in (at.button(key=K("step")).help or "")  # why Step does nothing now
    at.button(key=K("play")).click().run()  # a stopped run cannot start again: a toast says why
    assert not at.exception and not run.playing and run.status == RunStatus.STOPPED
    assert any("stopped for good" in t.value for t in at.toast)
    # The results work on the stopped network (they take its model lock).
    assert {m.label for m in at.metric} >= {"Test accuracy", "Mistakes"}
    texts = " ".join(m.value for m in at.markdown)
    assert "Confusion matrix" in texts and "most confident mistakes" in texts
    assert "First-layer weights" in texts and "IMAGE IS A:" in texts
    assert len(at.get("download_button")) == 2
    at.number_input(key=K("probe_index")).set_value(4).run()  # the feature maps again
    assert not at.exception and live_run(at) is run
    assert run.export_keras()[:2] == b"PK"  # what the .keras download serves


def test_reset_or_a_new_setting_after_stop_starts_a_new_run(run_page: Open) -> None:
    at = run_page(PAGE, **QUICK)
    at.button(key=K("step")).click().run()
    stopped = live_run(at)
    at.button(key=K("stop")).click().run()
    assert "after epoch 1 of 2" in " ".join(w.value for w in at.warning)
    at.button(key=K("reset")).click().run()
    assert not at.exception and not at.warning
    fresh = live_run(at)
    assert fresh is not stopped and fresh.status == RunStatus.PAUSED and fresh.snapshot().epoch == 0
    assert fresh.config.training_key() == stopped.config.training_key()
    assert (
        at.button(key=K("play")).label == "Play" and at.button(key=K("stop")).disabled
    )  # nothing to stop yet
    at.button(key=K("step")).click().run()
    at.button(key=K("stop")).click().run()
    at.number_input(key=K("epochs")).set_value(3).run()  # only the epochs: still a new run
    assert not at.exception and not at.warning
    again = live_run(at)
    assert again is not fresh and again.config.epochs == 3 and again.snapshot().epoch == 0
    at.button(key=K("step")).click().run()
    assert again.snapshot().epoch == 1 and not at.exception


def test_releasing_the_session_stops_its_training(run_page: Open) -> None:
    """Switching pages keeps the session (and the run); closing the tab releases it: the run stops."""
    from tests.app.conftest import release_test_session
    from tests.waiting import wait_until

    # 30 epochs of 4,000 images: still training when the session is released (a 500-image run
    # can finish within the first check now that reruns keep the Keras session, as the server does)
    at = run_page(PAGE, **{**QUICK, "n": "4000", "epochs": "30"})
    caption = " ".join(c.value for c in at.caption)
    assert "goes on while you visit other pages" in caption and "closing the tab ends it" in caption
    run = _train_until_under_way(at)
    assert run.playing and run.alive
    release_test_session()  # what Streamlit does when the browser session ends
    assert run.status == RunStatus.STOPPED and not run.playing
    assert wait_until(lambda: not run.alive, timeout=30)


def test_offline_by_default_and_a_download_only_when_asked(
    run_page: Open, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening the lab never touches the network; the download button says why nothing came."""
    import engine.mnist.data as md

    def no_probe(*args, **kwargs):
        raise AssertionError("the lab probed the network without being asked")

    monkeypatch.setattr(md.socket, "create_connection", no_probe)
    at = run_page(PAGE)
    assert any("Offline by default" in c.value for c in at.caption)
    button = next(b for b in at.button if b.key == K("download") + "-mnist")
    monkeypatch.setenv("MLP_OFFLINE", "1")  # a lab without internet
    button.click().run()
    assert not at.exception
    assert any("Nothing was downloaded" in w.value and "No network" in w.value for w in at.warning)
