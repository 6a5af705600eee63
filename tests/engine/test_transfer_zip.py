"""Zips of class folders, read as keras.utils.image_dataset_from_directory reads a folder, and
hostile zips refused with a clear message; nothing is ever written to disk."""

from __future__ import annotations

import io
import os
import struct
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from engine.transfer.demo import demo_images
from engine.transfer.zipdata import MAX_ZIP_BYTES, ZipProblem, image_to_input, read_class_zip


def png(image: np.ndarray, invert: bool = False) -> bytes:
    """A (28, 28) float image as PNG bytes (dark ink on white paper when ``invert``)."""
    pixels = (255 * (1 - image if invert else image)).astype(np.uint8)
    buf = io.BytesIO()
    Image.fromarray(np.kron(pixels, np.ones((3, 3), np.uint8))).save(buf, "PNG")
    return buf.getvalue()


SHAPES, LABELS = demo_images(3, 3, seed=4)


def make_zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buf.getvalue()


def class_folders(prefix: str = "", names=("check", "circle", "cross")) -> dict[str, bytes]:
    return {
        f"{prefix}{name}/{i}.png": png(SHAPES[3 * k + i], invert=i == 1)
        for k, name in enumerate(names)
        for i in range(3)
    }


def test_a_zip_of_class_folders_is_a_task() -> None:
    report = read_class_zip(make_zip(class_folders()))
    task = report.task
    assert task.class_names == ("check", "circle", "cross")
    assert report.per_class == {"check": 3, "circle": 3, "cross": 3}
    assert task.counts() == {name: (2, 1) for name in task.class_names}
    assert report.notes == ()


def test_dark_ink_on_white_paper_is_inverted_like_a_drawing() -> None:
    light, dark = image_to_input(png(SHAPES[0], invert=True)), image_to_input(png(SHAPES[0]))
    assert light is not None and np.allclose(light, dark, atol=0.02)
    assert abs(float(light[0, 0])) < 1e-6  # background black, ink white


def test_class_names_in_keras_order(tmp_path: Path) -> None:
    from engine.tf_runtime import get_tf

    names = ("b_cross", "Zed", "a_check")
    files = class_folders(names=names)
    for name, data in files.items():  # the test (not the app) writes the folder for Keras to read
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_bytes(data)
    keras_names = get_tf().keras.utils.image_dataset_from_directory(tmp_path, image_size=(28, 28)).class_names
    assert (
        read_class_zip(make_zip(files)).task.class_names
        == tuple(keras_names)
        == ("Zed", "a_check", "b_cross")
    )


def test_a_zipped_parent_folder_is_unwrapped_and_junk_skipped() -> None:
    files = class_folders("shapes/") | {
        "shapes/readme.txt": b"hello",
        "shapes/circle/broken.png": b"not a png",
        "__MACOSX/shapes/._x.png": b"junk",
        "shapes/.DS_Store": b"junk",
        "shapes/check/blank.png": png(np.zeros((28, 28))),
    }
    report = read_class_zip(make_zip(files))
    assert report.task.class_names == ("check", "circle", "cross")
    notes = " ".join(report.notes)
    assert "not images: shapes/readme.txt" in notes
    assert "not readable images: shapes/circle/broken.png" in notes
    assert "nothing drawn" in notes and "__MACOSX" not in notes


def _patch_sizes(data: bytes, size: int) -> bytes:
    """The first entry's uncompressed size in its headers set to ``size`` (a lying header)."""
    raw = bytearray(data)
    for sig, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        i = raw.find(sig)
        raw[i + offset : i + offset + 4] = struct.pack("<I", size)
    return bytes(raw)


@pytest.mark.parametrize(
    ("files", "patch", "message"),
    [
        ({"../evil/1.png": b"x", "a/1.png": b"x"}, None, "point outside the folder"),
        ({"/etc/x/1.png": b"x"}, None, "point outside the folder"),
        ({"C:/x/1.png": b"x"}, None, "point outside the folder"),
        ({"a/sub/1.png": b"x", "b/sub/2.png": b"x"}, None, "Nested folders"),
        ({"notes.txt": b"x", "a/b.csv": b"1,2"}, None, "no images"),
        (class_folders(names=("solo",)), None, "only one class"),
        ({f"c{i}/1.png": b"x" for i in range(6)}, None, "6 class folders"),
        (class_folders(), 2**31, "2,048 MB"),  # a 2 GB claim in the headers
        (class_folders(), 10, "does not unpack as its header says"),  # real size above the claim
        ({"a/zeros.png": bytes(4 * 2**20), "b/1.png": b"x"}, None, "zip bomb"),  # ratio
    ],
    ids=[
        "dotdot",
        "absolute",
        "drive",
        "nested",
        "no-images",
        "one-class",
        "six-classes",
        "2GB-claim",
        "real-size",
        "ratio",
    ],
)
def test_hostile_or_unusable_zips_are_refused(files, patch, message: str) -> None:
    data = make_zip(files)
    if patch is not None:
        data = _patch_sizes(data, patch)
    with pytest.raises(ZipProblem, match=message):
        read_class_zip(data)


def test_not_a_zip_and_too_big() -> None:
    with pytest.raises(ZipProblem, match="not a readable zip"):
        read_class_zip(b"PK\x03\x04 not really")
    with pytest.raises(ZipProblem, match="at most 20 MB"):
        read_class_zip(b"0" * (MAX_ZIP_BYTES + 1))


def test_nothing_is_written_to_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    read_class_zip(make_zip(class_folders()))
    with pytest.raises(ZipProblem):
        read_class_zip(make_zip({"../../escape/1.png": png(SHAPES[0]), "a/1.png": png(SHAPES[0])}))
    assert os.listdir(tmp_path) == []
    assert not (tmp_path.parent.parent / "escape").exists()
