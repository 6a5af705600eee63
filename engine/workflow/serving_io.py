"""Saving and loading the admissions model and scaler safely: skops, never pickle from a user.

The slides save with ``joblib.dump`` (a pickle). Unpickling runs whatever the file's author
chose (a pickle can name any function with arguments, e.g. ``os.system``), so this module
never unpickles uploaded bytes. It writes and reads skops files (``skops.io``: a zip of
JSON and ``.npy`` arrays whose loader only builds the types it is told to trust).

:func:`load_upload` checks, in order, before anything is built from the bytes:

1. the size (at most :data:`MAX_BYTES`; an empty file is refused too);
2. the format: a pickle (plain, or compressed as ``joblib`` writes it) is refused with the
   reason; a Keras ``.keras`` archive is named as such; anything that is not a zip is not skops;
3. the archive: readable, ``schema.json`` present, its uncompressed size capped (zip bombs);
4. the object's class, read from ``schema.json``: only the slot's classes are accepted;
5. every type inside (``skops.io.get_untrusted_types``): anything skops does not trust by
   default is refused, never added to ``trusted=``;
6. then ``skops.io.loads(data, trusted=<the slot's classes>)`` and the loaded object's class,
   shapes and numbers (two inputs, classes 0/1, finite values).

UI-free.
"""

from __future__ import annotations

import io
import json
import pickletools
import zipfile
import zlib
from dataclasses import dataclass
from typing import Any

import numpy as np
import skops.io as sio
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import MinMaxScaler, StandardScaler

#: The largest upload accepted (a fitted model or scaler here is about 10 kB).
MAX_BYTES = 1_000_000
#: The largest total the archive may unpack to.
MAX_UNPACKED = 5_000_000
N_FEATURES = 2

MODEL_TYPES: dict[str, type] = {"sklearn.linear_model._logistic.LogisticRegression": LogisticRegression}
SCALER_TYPES: dict[str, type] = {
    "sklearn.preprocessing._data.MinMaxScaler": MinMaxScaler,
    "sklearn.preprocessing._data.StandardScaler": StandardScaler,
}
SLOTS: dict[str, dict[str, type]] = {"model": MODEL_TYPES, "scaler": SCALER_TYPES}
FILE_NAMES = {"model": "admission-model.skops", "scaler": "admission-scaler.skops"}

PICKLE_WHY = (
    "This file is a pickle{how}. The page refuses it without opening it: unpickling runs code chosen "
    "by whoever made the file (a pickle can call any function, such as os.system, while it loads), so a "
    "server must never unpickle bytes a user uploads. Save with skops instead: "
    "`skops.io.dump(model, 'admission-model.skops')`."
)


class UploadRefused(ValueError):
    """The upload is not a usable model or scaler; the message says why, in plain words."""


@dataclass(frozen=True)
class Loaded:
    """A validated upload: the object, and what the page says about it."""

    slot: str
    obj: Any
    class_name: str
    size: int


def dump(obj: Any) -> bytes:
    """The skops bytes of a fitted model or scaler (what the download buttons serve)."""
    return sio.dumps(obj)


# ---- sniffing, without loading -------------------------------------------------------------------


def _is_pickle(data: bytes) -> bool:
    """Whether ``data`` parses as a pickle opcode stream (read with pickletools: nothing is run)."""
    if len(data) >= 2 and data[0] == 0x80 and 2 <= data[1] <= 5:
        return True
    try:
        ops = pickletools.genops(io.BytesIO(data))
        for opcode, _arg, _pos in ops:
            if opcode.name == "STOP":
                return True
    except Exception:  # any parse error: not a pickle
        return False
    return False


def _decompressed_head(data: bytes, limit: int = 65_536) -> bytes | None:
    """The first bytes of a gzip/zlib/bz2/xz stream (joblib's compressed pickles), else None."""
    try:
        if data[:2] == b"\x1f\x8b":
            return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data, limit)
        if data[:1] == b"\x78" and data[1:2] in (b"\x01", b"\x5e", b"\x9c", b"\xda"):
            return zlib.decompressobj().decompress(data, limit)
        if data[:3] == b"BZh":
            import bz2

            return bz2.BZ2Decompressor().decompress(data, limit)
        if data[:6] == b"\xfd7zXZ\x00":
            import lzma

            return lzma.LZMADecompressor().decompress(data, limit)
    except (zlib.error, OSError, EOFError, ValueError):
        return b""
    return None


def _check_format(data: bytes, name: str) -> None:
    if data.startswith(b"PK\x03\x04"):  # a zip archive: skops (or .keras), read in _schema
        return
    if _is_pickle(data):
        raise UploadRefused(PICKLE_WHY.format(how=" (what pickle.dump and joblib.dump write)"))
    head = _decompressed_head(data)
    if head is not None:
        if head and _is_pickle(head):
            raise UploadRefused(PICKLE_WHY.format(how=", compressed (what joblib.dump writes to a .gz file)"))
        raise UploadRefused(
            f"{name!r} is a compressed file, not a skops file. This page reads only files saved with "
            "`skops.io.dump` (a zip archive)."
        )
    raise UploadRefused(
        f"{name!r} is not a skops file (those are zip archives saved with `skops.io.dump`); its first "
        "bytes match no model format this page reads."
    )


def _schema(data: bytes, name: str) -> dict[str, Any]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = {info.filename: info for info in archive.infolist()}
        if "schema.json" not in members:
            if {"config.json", "metadata.json"} <= set(members):
                raise UploadRefused(
                    f"{name!r} is a Keras model (.keras). This page serves a scikit-learn LogisticRegression "
                    "saved with skops; a Keras model would be loaded with keras.saving.load_model instead."
                )
            raise UploadRefused(f"{name!r} is a zip archive but not a skops file (it has no schema.json).")
        if sum(info.file_size for info in members.values()) > MAX_UNPACKED:
            raise UploadRefused(
                f"{name!r} would unpack to more than {MAX_UNPACKED // 1_000_000} MB: not a small model."
            )
        schema = json.loads(archive.read("schema.json"))
    except UploadRefused:
        raise
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        json.JSONDecodeError,
        UnicodeDecodeError,
        OSError,
    ) as err:
        raise UploadRefused(
            f"{name!r} is damaged: it could not be read as a skops archive ({err})."
        ) from None
    if not isinstance(schema, dict) or "__class__" not in schema or "__module__" not in schema:
        raise UploadRefused(f"{name!r} has a schema.json that does not describe an object.")
    return schema


# ---- loading ------------------------------------------------------------------------------------------


def _short(type_names: list[str] | tuple[str, ...]) -> str:
    return " or ".join(n.rsplit(".", 1)[-1] for n in type_names)


def load_upload(data: bytes, name: str, slot: str) -> Loaded:
    """Validate and load an uploaded model (``slot="model"``) or scaler (``slot="scaler"``).

    Raises :class:`UploadRefused` with a message for the learner; never unpickles.
    """
    allowed = SLOTS[slot]
    size = len(data)
    if size == 0:
        raise UploadRefused(f"{name!r} is empty.")
    if size > MAX_BYTES:
        raise UploadRefused(
            f"{name!r} is {size / 1e6:.1f} MB; the limit is {MAX_BYTES / 1e6:.0f} MB (a fitted "
            f"{_short(tuple(allowed))} is a few kB)."
        )
    _check_format(data, name)
    schema = _schema(data, name)
    top = f"{schema['__module__']}.{schema['__class__']}"
    if top not in allowed:
        raise UploadRefused(
            f"{name!r} holds a {schema['__class__']} ({schema['__module__']}); the {slot} slot accepts "
            f"only {_short(tuple(allowed))}."
        )
    try:
        untrusted = sio.get_untrusted_types(data=data)
    except Exception as err:  # a malformed schema
        raise UploadRefused(f"{name!r} could not be inspected as a skops file ({err}).") from None
    if untrusted:
        raise UploadRefused(
            f"{name!r} contains types this page does not trust and will not load: {', '.join(untrusted)}."
        )
    try:
        obj = sio.loads(data, trusted=list(allowed))
    except Exception as err:  # skops refuses, or the archive's content is inconsistent
        raise UploadRefused(
            f"{name!r} could not be loaded as a skops file ({type(err).__name__}: {err})."
        ) from None
    if not isinstance(obj, tuple(allowed.values())):
        raise UploadRefused(
            f"{name!r} loaded a {type(obj).__name__}; the {slot} slot accepts {_short(tuple(allowed))}."
        )
    (_check_model if slot == "model" else _check_scaler)(obj, name)
    return Loaded(slot, obj, type(obj).__name__, size)


def _finite(*arrays: Any) -> bool:
    try:
        return all(np.all(np.isfinite(np.asarray(a, dtype=float))) for a in arrays)
    except (TypeError, ValueError):
        return False


def _inputs(obj: Any) -> int | None:
    n = getattr(obj, "n_features_in_", None)
    return int(n) if isinstance(n, (int, np.integer)) else None


def _check_model(model: LogisticRegression, name: str) -> None:
    n_in = _inputs(model)
    coef = getattr(model, "coef_", None)
    intercept = getattr(model, "intercept_", None)
    classes = getattr(model, "classes_", None)
    if coef is None or intercept is None or classes is None:
        raise UploadRefused(f"{name!r} holds a LogisticRegression that was never fitted.")
    if n_in != N_FEATURES or np.shape(coef) != (1, N_FEATURES) or np.shape(intercept) != (1,):
        raise UploadRefused(
            f"{name!r} holds a model with {n_in} inputs (weights of shape {np.shape(coef)}); the app "
            f"sends {N_FEATURES} (exam 1, exam 2), so it expects weights of shape (1, {N_FEATURES})."
        )
    try:
        labels = sorted(float(c) for c in np.asarray(classes).ravel())
    except (TypeError, ValueError):
        labels = []
    if labels != [0.0, 1.0]:
        raise UploadRefused(
            f"{name!r} predicts the classes {list(np.asarray(classes).ravel())}; the app expects 0 (not "
            "admitted) and 1 (admitted)."
        )
    if not _finite(coef, intercept):
        raise UploadRefused(f"{name!r} holds weights that are not finite numbers (nan or inf).")


def _check_scaler(scaler: MinMaxScaler | StandardScaler, name: str) -> None:
    if isinstance(scaler, MinMaxScaler):
        params = [getattr(scaler, a, None) for a in ("scale_", "min_", "data_min_", "data_range_")]
    else:
        params = [getattr(scaler, a, None) for a in ("scale_", "mean_")]
    if any(p is None for p in params):
        raise UploadRefused(f"{name!r} holds a {type(scaler).__name__} that was never fitted.")
    n_in = _inputs(scaler)
    if n_in != N_FEATURES or any(np.shape(p) != (N_FEATURES,) for p in params):
        raise UploadRefused(
            f"{name!r} holds a scaler fitted on {n_in} columns; the app sends {N_FEATURES} (exam 1, exam 2)."
        )
    if not _finite(*params):
        raise UploadRefused(f"{name!r} holds a scaler with values that are not finite numbers.")
    if isinstance(scaler, MinMaxScaler) and tuple(scaler.feature_range) != (0, 1):
        raise UploadRefused(
            f"{name!r} scales to {tuple(scaler.feature_range)}; the app's formula expects (0, 1)."
        )
    if isinstance(scaler, StandardScaler) and not (scaler.with_mean and scaler.with_std):
        raise UploadRefused(
            f"{name!r} is a StandardScaler without centring or scaling; the app expects both."
        )
