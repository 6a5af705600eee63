"""engine.workflow.serving_io: skops round trip, and every bad upload refused with a message.

No test ever unpickles: a malicious pickle that would create a file when unpickled is uploaded,
and the file must not exist afterwards.
"""

from __future__ import annotations

import gzip
import io
import os
import pickle
import zipfile

import joblib
import numpy as np
import pytest
import skops.io as sio
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import MinMaxScaler, StandardScaler
from sklearn.tree import DecisionTreeClassifier

from engine.workflow.serving import ServingConfig, compare
from engine.workflow.serving_io import MAX_BYTES, UploadRefused, dump, load_upload

LEAK = compare(ServingConfig())
MODEL, SCALER = LEAK.honest.model, LEAK.honest.scaler


def _refused(data: bytes, slot: str = "model", name: str = "upload.skops") -> str:
    with pytest.raises(UploadRefused) as err:
        load_upload(data, name, slot)
    return str(err.value)


class _Evil:
    """Unpickling this opens (creates) a file: what a hostile pickle could do, harmlessly."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self):
        return (open, (self.path, "w"))


def test_saved_and_loaded_pair_predicts_exactly_as_the_original() -> None:
    model = load_upload(dump(MODEL), "m.skops", "model").obj
    scaler = load_upload(dump(SCALER), "s.skops", "scaler").obj
    x = np.vstack([LEAK.split.x_test, [[0.0, 0.0], [100.0, 100.0], [65.0, 70.0]]])
    np.testing.assert_array_equal(
        model.predict_proba(scaler.transform(x)), MODEL.predict_proba(SCALER.transform(x))
    )
    np.testing.assert_array_equal(model.coef_, MODEL.coef_)
    assert type(model) is LogisticRegression and type(scaler) is MinMaxScaler


def test_standard_scaler_loads_too() -> None:
    cfg = ServingConfig(scaler="standard")
    scaler = compare(cfg).honest.scaler
    loaded = load_upload(dump(scaler), "s.skops", "scaler")
    assert loaded.class_name == "StandardScaler"
    np.testing.assert_array_equal(loaded.obj.mean_, scaler.mean_)


@pytest.mark.parametrize("protocol", [0, 2, pickle.HIGHEST_PROTOCOL])
def test_a_pickle_is_refused_unopened(tmp_path, protocol: int) -> None:
    target = tmp_path / "pwned.txt"
    data = pickle.dumps(_Evil(str(target)), protocol=protocol)
    message = _refused(data, name="admission.pkl")
    assert "pickle" in message and "never unpickle" in message and "skops" in message
    assert not target.exists()  # nothing ran


def test_a_plain_model_pickle_is_refused_too() -> None:
    assert "pickle" in _refused(pickle.dumps(MODEL), name="model.pkl")


def test_the_slides_joblib_gz_scaler_is_refused(tmp_path) -> None:
    """The slides' ``joblib.dump(scaler, 'admission-scaler.gz')``: a gzip-compressed pickle."""
    path = tmp_path / "admission-scaler.gz"
    joblib.dump(SCALER, path)
    message = _refused(path.read_bytes(), "scaler", "admission-scaler.gz")
    assert "compressed" in message and "joblib" in message and "pickle" in message
    plain = tmp_path / "admission-scaler.joblib"
    joblib.dump(SCALER, plain)
    assert "pickle" in _refused(plain.read_bytes(), "scaler", plain.name)


def test_compressed_non_pickle_is_not_skops() -> None:
    assert "compressed file, not a skops file" in _refused(gzip.compress(b"hello world"))


def test_random_bytes_are_refused() -> None:
    data = np.random.default_rng(0).bytes(4096)
    assert "not a skops file" in _refused(data, name="noise.skops")


def test_oversize_and_empty_uploads_are_refused() -> None:
    big = dump(MODEL) + b"\0" * MAX_BYTES
    message = _refused(big)
    assert "MB" in message and "limit is 1 MB" in message
    assert "empty" in _refused(b"")


def test_a_skops_file_holding_another_estimator_is_refused() -> None:
    tree = DecisionTreeClassifier(random_state=0).fit(LEAK.split.x_train, LEAK.split.y_train)
    message = _refused(sio.dumps(tree), name="tree.skops")
    assert "DecisionTreeClassifier" in message and "accepts only LogisticRegression" in message


def test_a_scaler_in_the_model_slot_and_a_model_in_the_scaler_slot() -> None:
    assert "accepts only LogisticRegression" in _refused(dump(SCALER), "model")
    assert "MinMaxScaler or StandardScaler" in _refused(dump(MODEL), "scaler")


def test_a_model_of_the_wrong_shape_is_refused() -> None:
    rng = np.random.default_rng(0)
    x3 = rng.normal(size=(40, 3))
    three = LogisticRegression().fit(x3, (x3[:, 0] > 0).astype(int))
    message = _refused(dump(three))
    assert "3 inputs" in message and "(1, 2)" in message
    multi = LogisticRegression().fit(LEAK.split.x_train, np.arange(len(LEAK.split.y_train)) % 3)
    assert "shape" in _refused(dump(multi)) or "classes" in _refused(dump(multi))
    labels = LogisticRegression().fit(LEAK.split.x_train, np.where(LEAK.split.y_train == 1, 5, 7))
    assert "classes" in _refused(dump(labels))
    scaler3 = StandardScaler().fit(x3)
    assert "3 columns" in _refused(dump(scaler3), "scaler")


def test_an_unfitted_object_is_refused() -> None:
    assert "never fitted" in _refused(dump(LogisticRegression()))
    assert "never fitted" in _refused(dump(MinMaxScaler()), "scaler")


def test_a_model_with_an_untrusted_type_inside_is_refused() -> None:
    """A LogisticRegression carrying a function (here os.getcwd): skops would have to trust it."""
    model = LogisticRegression().fit(LEAK.split.x_train, LEAK.split.y_train)
    model.callback = os.getcwd
    message = _refused(sio.dumps(model))
    assert "does not trust" in message and "getcwd" in message


def test_nonfinite_weights_are_refused() -> None:
    model = LogisticRegression().fit(LEAK.split.x_train, LEAK.split.y_train)
    model.coef_ = np.array([[np.nan, 1.0]])
    assert "not finite" in _refused(dump(model))


def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buf.getvalue()


def test_a_keras_file_is_named_and_refused() -> None:
    data = _zip({"config.json": b"{}", "metadata.json": b"{}", "model.weights.h5": b""})
    assert "Keras model (.keras)" in _refused(data, name="admission.keras")


def test_damaged_and_foreign_zips_are_refused() -> None:
    assert "no schema.json" in _refused(_zip({"readme.txt": b"hi"}))
    good = dump(MODEL)
    assert "damaged" in _refused(good[:200])
    assert "damaged" in _refused(_zip({"schema.json": b"{not json"}))
    assert "does not describe" in _refused(_zip({"schema.json": b"[1, 2]"}))


def test_a_zip_bomb_is_refused_before_unpacking() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("schema.json", b"{}")
        archive.writestr("big.npy", b"\0" * 6_000_000)
    assert "unpack" in _refused(buf.getvalue())
