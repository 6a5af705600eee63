"""The MNIST loader chain: data dir -> Keras cache -> download (if the network allows) -> bundled subset.

No test touches the network: the probe and the download are monkeypatched.
"""

from __future__ import annotations

import gzip
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from engine.mnist import data as md


def _arrays(n_train: int = 30, n_test: int = 10, seed: int = 0) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {
        "x_train": rng.integers(0, 256, (n_train, 28, 28), dtype=np.uint8),
        "y_train": rng.integers(0, 10, n_train).astype(np.uint8),
        "x_test": rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8),
        "y_test": rng.integers(0, 10, n_test).astype(np.uint8),
    }


def _write_idx(folder: Path, arrays: dict[str, np.ndarray]) -> None:
    folder.mkdir(parents=True)
    for name, key in (
        ("train-images-idx3-ubyte", "x_train"),
        ("train-labels-idx1-ubyte", "y_train"),
        ("t10k-images-idx3-ubyte", "x_test"),
        ("t10k-labels-idx1-ubyte", "y_test"),
    ):
        arr = arrays[key]
        dims = arr.shape
        head = bytes([0, 0, 8, len(dims)]) + b"".join(int(d).to_bytes(4, "big") for d in dims)
        with gzip.open(folder / f"{name}.gz", "wb") as fh:
            fh.write(head + arr.tobytes())


@pytest.fixture
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No configured data dir and an empty Keras cache under tmp (tests pass their own probe/fetch)."""
    monkeypatch.delenv("MLP_DATA_DIR", raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras_home"))
    return tmp_path


def no_network() -> bool:
    return False


def must_not_download(dataset: str):
    raise AssertionError("the loader downloaded although a local copy or no network was there")


def test_offline_falls_back_to_the_bundled_subset(isolated: Path) -> None:
    data = md.load_dataset("mnist", allow_download=True, probe=no_network, fetch=must_not_download)
    assert data.source == "subset" and data.is_subset
    assert data.x_train.shape == (4000, 28, 28) and data.x_test.shape == (1000, 28, 28)
    assert data.x_train.dtype == np.uint8 and data.x_train.max() == 255
    # stratified: 400 / 100 per class
    assert np.bincount(data.y_train).tolist() == [400] * 10
    assert np.bincount(data.y_test).tolist() == [100] * 10
    assert any("No network" in note for note in data.notes)
    assert "bundled offline subset" in data.describe() and "4,000 training" in data.describe()


def test_subset_split_is_deterministic_and_disjoint(isolated: Path) -> None:
    a = md.load_subset()
    b = md.load_subset()
    assert np.array_equal(a.x_train, b.x_train) and np.array_equal(a.y_test, b.y_test)
    train = {x.tobytes() for x in a.x_train}
    assert not any(x.tobytes() in train for x in a.x_test)  # no held-out digit is also a training digit


def test_local_file_in_the_configured_data_dir_wins(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = isolated / "data"
    folder.mkdir()
    arrays = _arrays()
    np.savez(folder / "mnist.npz", **arrays)
    monkeypatch.setenv("MLP_DATA_DIR", str(folder))
    data = md.load_dataset("mnist", probe=no_network, fetch=must_not_download)
    assert data.source == "data_dir" and data.location.endswith("mnist.npz")
    assert np.array_equal(data.x_train, arrays["x_train"]) and np.array_equal(data.y_test, arrays["y_test"])
    assert data.notes == ()


def test_keras_cache_is_used_when_no_data_dir(isolated: Path) -> None:
    cache = md.keras_cache_dir()
    cache.mkdir(parents=True)
    arrays = _arrays(seed=3)
    np.savez(cache / "mnist.npz", **arrays)
    data = md.load_dataset("mnist", probe=no_network, fetch=must_not_download)
    assert data.source == "keras_cache"
    assert np.array_equal(data.x_test, arrays["x_test"])


def test_corrupt_file_gives_a_clear_note_and_falls_back(
    isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = isolated / "data"
    folder.mkdir()
    (folder / "mnist.npz").write_bytes(b"this is not a zip archive")
    monkeypatch.setenv("MLP_DATA_DIR", str(folder))
    data = md.load_dataset("mnist", probe=no_network, fetch=must_not_download)
    assert data.source == "subset"
    assert any("could not be read" in note and str(folder) in note for note in data.notes), data.notes


def test_wrong_shapes_are_rejected_with_a_reason(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = isolated / "data"
    folder.mkdir()
    arrays = _arrays()
    arrays["x_train"] = arrays["x_train"].reshape(30, 784)
    np.savez(folder / "mnist.npz", **arrays)
    monkeypatch.setenv("MLP_DATA_DIR", str(folder))
    data = md.load_dataset("mnist", probe=no_network, fetch=must_not_download)
    assert data.source == "subset"
    assert any("expected (n, 28, 28)" in note for note in data.notes), data.notes


def test_corrupt_data_dir_copy_falls_through_to_the_keras_cache(
    isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = isolated / "data"
    folder.mkdir()
    (folder / "mnist.npz").write_bytes(b"PK\x03\x04broken")
    monkeypatch.setenv("MLP_DATA_DIR", str(folder))
    cache = md.keras_cache_dir()
    cache.mkdir(parents=True)
    np.savez(cache / "mnist.npz", **_arrays())
    data = md.load_dataset("mnist", probe=no_network, fetch=must_not_download)
    assert data.source == "keras_cache"
    assert len(data.notes) == 1 and "could not be read" in data.notes[0]


def test_missing_configured_dir_is_noted(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLP_DATA_DIR", str(isolated / "nowhere"))
    data = md.load_dataset("mnist", probe=no_network, fetch=must_not_download)
    assert data.source == "subset"
    assert any("does not exist" in note for note in data.notes)


def test_download_only_when_the_network_answers(isolated: Path) -> None:
    arrays = _arrays(seed=5)
    calls: list[str] = []

    def fetch(dataset: str):
        calls.append(dataset)
        return arrays["x_train"], arrays["y_train"], arrays["x_test"], arrays["y_test"]

    assert md.load_dataset("mnist", probe=lambda: True, fetch=fetch).source == "subset"  # offline by default
    assert calls == []
    data = md.load_dataset("mnist", allow_download=True, probe=lambda: True, fetch=fetch)
    assert calls == ["mnist"] and data.source == "download"
    assert np.array_equal(data.x_train, arrays["x_train"])
    calls.clear()
    assert md.load_dataset("mnist", allow_download=True, probe=no_network, fetch=fetch).source == "subset"
    assert calls == []


def test_failed_or_hanging_download_falls_back_quickly(isolated: Path) -> None:
    def failing(dataset: str):
        raise OSError("connection reset")

    data = md.load_dataset("mnist", allow_download=True, probe=lambda: True, fetch=failing)
    assert data.source == "subset"
    assert any("download" in note and "connection reset" in note for note in data.notes)

    release = threading.Event()

    def hanging(dataset: str):
        release.wait(60)  # a download that never ends (until the test lets it go)
        raise OSError("gave up")

    md.load_subset()  # parsed once per process: keep its cost out of the comparison below
    started = time.monotonic()
    try:
        data = md.load_dataset(
            "mnist", allow_download=True, probe=lambda: True, fetch=hanging, download_timeout=0.2
        )
        waited = time.monotonic() - started
    finally:
        release.set()
    assert waited < 30  # far less than the hang: the loader did not wait for it
    assert data.source == "subset"
    assert any("did not finish within 0.2 s" in note for note in data.notes), data.notes


def test_probe_respects_offline_switch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLP_OFFLINE", "1")

    def boom(*args, **kwargs):
        raise AssertionError("probed the network although MLP_OFFLINE=1")

    monkeypatch.setattr(md.socket, "create_connection", boom)
    assert md.network_available() is False


def test_probe_failure_is_false_not_an_exception(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MLP_OFFLINE", raising=False)

    def refuse(*args, **kwargs):
        raise OSError("network unreachable")

    monkeypatch.setattr(md.socket, "create_connection", refuse)
    assert md.network_available(timeout=0.01) is False


def test_fashion_without_a_copy_says_how_to_add_one(isolated: Path) -> None:
    with pytest.raises(md.DataUnavailable) as err:
        md.load_dataset("fashion", probe=no_network, fetch=must_not_download)
    assert "fashion-mnist" in str(err.value) and "MLP_DATA_DIR" in str(err.value)


def test_fashion_from_an_idx_folder_in_the_keras_cache(isolated: Path) -> None:
    arrays = _arrays(seed=7)
    _write_idx(md.keras_cache_dir() / "fashion-mnist", arrays)
    data = md.load_dataset("fashion", probe=no_network, fetch=must_not_download)
    assert data.source == "keras_cache" and data.dataset == "fashion"
    assert np.array_equal(data.x_train, arrays["x_train"]) and np.array_equal(data.y_test, arrays["y_test"])
    assert data.class_names[9] == "Ankle boot" and data.class_names[0] == "T-shirt/top"


def test_unknown_dataset_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown data set"):
        md.load_dataset("cifar")
