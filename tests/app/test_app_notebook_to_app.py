"""pages/notebook_to_app.py with AppTest: the leak table, the app's form, presets, the URL, uploads."""

from __future__ import annotations

import dataclasses
import pickle

import numpy as np
import skops.io as sio
from sklearn.tree import DecisionTreeClassifier

from engine.workflow.serving import ServingConfig, compare, serve
from engine.workflow.serving_io import MAX_BYTES, dump
from ui.navigation import page_for

PAGE = "pages/notebook_to_app.py"
KEY = page_for(PAGE).prefix


def _text(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def _latex(at) -> str:
    return "\n".join(x.proto.body for x in at.get("latex"))


def _table(at) -> str:
    return str(at.table[0].value)


def _predict(at, exam1: float, exam2: float):
    at.number_input(key=KEY + "exam1").set_value(exam1)
    at.number_input(key=KEY + "exam2").set_value(exam2)
    next(b for b in at.button if b.label == "Predict").click()
    return at.run()


def test_default_page_shows_the_engines_numbers(run_page) -> None:
    at = run_page(PAGE)
    cfg = ServingConfig()
    leak = compare(cfg)
    s = serve(leak.honest.scaler, leak.honest.model, cfg.exam1, cfg.exam2)
    assert f"= {s.p:.4f}" in _latex(at) and f"{s.x_scaled[0]:.4f}" in _latex(at)
    assert f"P(admitted) = {s.p:.3f}" in at.success[0].value
    text = _text(at)
    assert f"**{leak.honest.test_accuracy:.1%}**" in text and f"{leak.leaked.test_log_loss:.4f}" in text
    assert "barely differ" in text
    snippets = [c.value for c in at.code if c.language == "python"]
    assert len(snippets) == 2 and "sio.dump(model" in snippets[0]
    assert len(at.get("download_button")) == 2
    assert any("engine.basics.data.admissions" in c.value for c in at.caption)


def test_typo_toggle_changes_the_leaky_column_and_url(run_page) -> None:
    at = run_page(PAGE)
    before = _table(at)
    at.toggle(key=KEY + "typo").set_value(True).run()
    leak = compare(ServingConfig(typo=True))
    assert _table(at) != before and f"{leak.leaked.test_accuracy:.1%}" in _table(at)
    assert "They differ because" in _text(at)
    assert at.query_params["typo"]


def test_the_form_predicts_and_warns_outside_the_range(run_page) -> None:
    at = run_page(PAGE)
    _predict(at, 20.0, 25.0)
    assert not at.exception
    leak = compare(ServingConfig())
    s = serve(leak.honest.scaler, leak.honest.model, 20.0, 25.0)
    assert f"= {s.p:.4f}" in _latex(at) and "not admitted" in at.error[0].value
    assert any("extrapolates" in w.value for w in at.warning)
    assert at.query_params["e1"] == "20.0" and at.query_params["e2"] == "25.0"


def test_presets_apply(run_page) -> None:
    at = run_page(PAGE)
    at.button(key=KEY + "preset_2").click().run()  # borderline
    assert at.number_input(key=KEY + "exam2").value == 63.0
    at.button(key=KEY + "preset_3").click().run()  # standardize
    assert at.radio(key=KEY + "scaler").value == "standard" and r"\mu" in _latex(at)


def test_an_old_link_opens_the_same_experiment(run_page) -> None:
    query = {
        "seed": "4",
        "n": "150",
        "test": "30",
        "scaler": "standard",
        "C": "0.1",
        "e1": "80.0",
        "e2": "55.5",
    }
    at = run_page(PAGE, **query)
    assert not at.warning and dict(at.query_params) == query
    cfg = ServingConfig(seed=4, n=150, test_pct=30, scaler="standard", C=0.1, exam1=80.0, exam2=55.5)
    assert at.session_state[KEY + "_last_config"] == cfg
    leak = compare(cfg)
    assert f"{leak.honest.test_log_loss:.4f}" in _text(at)


def test_a_bad_link_value_is_explained(run_page) -> None:
    at = run_page(PAGE, C="7", e1="500")
    assert at.warning  # snapped / refused values are named
    cfg = at.session_state[KEY + "_last_config"]
    assert cfg.exam1 == ServingConfig().exam1 and cfg.C in (3.0, 10.0)


# ---- uploads ---------------------------------------------------------------------------------------


def _upload(at, slot: str, name: str, data: bytes):
    at.file_uploader(key=KEY + f"upload_{slot}").set_value((name, data, "application/octet-stream"))
    return at.run()


def test_upload_the_downloads_back_and_serve_them(run_page) -> None:
    at = run_page(PAGE)
    leak = compare(ServingConfig())
    _upload(at, "model", "admission-model.skops", dump(leak.honest.model))
    _upload(at, "scaler", "admission-scaler.skops", dump(leak.honest.scaler))
    assert not at.error and len(at.success) >= 3
    assert any("predicts exactly what the trained one does" in i.value for i in at.info)
    at.radio(key=KEY + "source").set_value("uploaded").run()
    assert "the two uploaded files" in at.success[-1].value


def test_an_uploaded_pair_from_other_settings_is_another_model(run_page) -> None:
    at = run_page(PAGE)
    other = compare(dataclasses.replace(ServingConfig(), C=0.01))
    _upload(at, "model", "m.skops", dump(other.honest.model))
    _upload(at, "scaler", "s.skops", dump(other.honest.scaler))
    assert any("is another model" in i.value for i in at.info)


def test_bad_uploads_are_refused_with_messages(run_page) -> None:
    at = run_page(PAGE)
    leak = compare(ServingConfig())
    cases = [
        ("admission.pkl", pickle.dumps(leak.honest.model), "never unpickle"),
        ("noise.skops", np.random.default_rng(1).bytes(2048), "not a skops file"),
        ("big.skops", b"PK\x03\x04" + b"\0" * (MAX_BYTES + 10), "the limit is 1 MB"),
        (
            "tree.skops",
            sio.dumps(DecisionTreeClassifier().fit(leak.split.x_train, leak.split.y_train)),
            "accepts only LogisticRegression",
        ),
    ]
    for name, data, expected in cases:
        _upload(at, "model", name, data)
        assert not at.exception
        assert any(expected in e.value for e in at.error), (name, [e.value for e in at.error])
    at.radio(key=KEY + "source").set_value("uploaded").run()
    assert any("Upload both files" in i.value for i in at.info)
    assert "the model trained above" in at.success[-1].value
