"""Read a zip of class folders the way ``keras.utils.image_dataset_from_directory`` reads a folder.

Layout: one folder per class, images inside (``circle/001.png``, ``cross/a.jpg``); the class
names are the folder names, sorted (Keras's order). A zip made by zipping the parent folder
(``shapes/circle/001.png``) is unwrapped. The zip is read in memory: nothing is ever written
to disk, so no member can land outside a temporary folder.

Refused with a clear message (:class:`ZipProblem`): not a zip, too big, too many members, a
zip bomb (declared sizes or the real decompressed size over the caps, or an extreme
compression ratio), member names that climb out of the folder (``../``, absolute paths,
drive letters), images nested in sub-folders of a class folder, images outside any class
folder only, no images, one class, too many classes, too few images per class. Skipped with a
note: non-image files, hidden/system files (``__MACOSX``, ``.DS_Store``), images that do not
decode or hold no ink.
"""

from __future__ import annotations

import dataclasses
import io
import posixpath
import re
import zipfile
import zlib

import numpy as np
from PIL import Image

from engine.mnist.preprocess import preprocess_drawing
from engine.transfer.data import MAX_CLASSES, TaskData, TaskProblem, split_task

#: Keras's image_dataset_from_directory formats (``ALLOWLIST_FORMATS``).
IMAGE_TYPES = (".bmp", ".gif", ".jpeg", ".jpg", ".png")
MAX_ZIP_BYTES = 20 * 2**20  #: the uploaded file
MAX_MEMBERS = 2000
MAX_MEMBER_BYTES = 5 * 2**20  #: one image, decompressed
MAX_TOTAL_BYTES = 100 * 2**20  #: everything, decompressed
MAX_RATIO = 200  #: decompressed / compressed, per member (PNG/JPEG barely compress)
MAX_PIXELS = 4096 * 4096
MAX_PER_CLASS = 200
_DRIVE = re.compile(r"^[A-Za-z]:")


class ZipProblem(TaskProblem):
    """The zip cannot be used; the message says why."""


@dataclasses.dataclass(frozen=True)
class ZipReport:
    """What was read: the task, and notes on what was skipped."""

    task: TaskData
    notes: tuple[str, ...]
    per_class: dict[str, int]


def _unsafe(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return name.startswith(("/", "\\")) or bool(_DRIVE.match(name)) or ".." in parts or "\0" in name


def _hidden(path: str) -> bool:
    return any(p.startswith((".", "__MACOSX")) or p in ("Thumbs.db", "desktop.ini") for p in path.split("/"))


def _members(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The files of the zip, after the safety checks on names and declared sizes."""
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise ZipProblem(f"The zip has {len(infos):,} entries; at most {MAX_MEMBERS:,} are accepted.")
    bad = [i.filename for i in infos if _unsafe(i.filename)]
    if bad:
        raise ZipProblem(
            f"Refused: member names that point outside the folder ({', '.join(repr(b) for b in bad[:3])}). "
            "A zip of class folders never needs '..' or absolute paths."
        )
    files = [i for i in infos if not i.is_dir()]
    declared = sum(i.file_size for i in files)
    if declared > MAX_TOTAL_BYTES:
        raise ZipProblem(
            f"Refused: the zip says it unpacks to {declared / 2**20:,.0f} MB (at most "
            f"{MAX_TOTAL_BYTES // 2**20} MB): a zip bomb, or far too many images."
        )
    for i in files:
        if i.file_size > MAX_MEMBER_BYTES or (i.compress_size and i.file_size / i.compress_size > MAX_RATIO):
            raise ZipProblem(
                f"Refused: {i.filename!r} claims {i.file_size / 2**20:,.1f} MB from {i.compress_size:,} bytes "
                f"(at most {MAX_MEMBER_BYTES // 2**20} MB per file, compression ratio {MAX_RATIO}): a zip bomb?"
            )
    return files


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: list[int]) -> bytes:
    """A member's bytes, reading at most the caps whatever its header claims (real-size check)."""
    try:
        with archive.open(info) as fh:
            data = fh.read(MAX_MEMBER_BYTES + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as err:
        raise ZipProblem(
            f"Refused: {info.filename!r} does not unpack as its header says ({err}): a damaged zip or a zip bomb."
        ) from err
    budget[0] += len(data)
    if len(data) > MAX_MEMBER_BYTES or budget[0] > MAX_TOTAL_BYTES:
        raise ZipProblem(
            f"Refused: {info.filename!r} unpacks to more than its header says (over the caps): a zip bomb."
        )
    return data


def image_to_input(data: bytes) -> np.ndarray | None:
    """An image file -> the (28, 28) MNIST-style input (ink white on black), or None if it has no ink.

    Light backgrounds (dark ink on white paper) are inverted first; then the drawing pipeline
    (crop, 20 px box, centre of mass). Raises ValueError for files that are not readable images.
    """
    try:
        with Image.open(io.BytesIO(data)) as img:
            if img.width * img.height > MAX_PIXELS:
                raise ValueError(f"{img.width}x{img.height} pixels is too large")
            grey = np.asarray(img.convert("L"), np.float32) / 255.0
    except (OSError, Image.DecompressionBombError, SyntaxError) as err:
        raise ValueError(str(err) or type(err).__name__) from err
    border = np.concatenate([grey[0], grey[-1], grey[:, 0], grey[:, -1]])
    if float(np.median(border)) > 0.5:
        grey = 1.0 - grey
    prepared = preprocess_drawing(grey)
    return None if prepared.empty else prepared.image


def _class_path(path: str, wrapper: str) -> tuple[str, str]:
    rel = path[len(wrapper) :] if wrapper else path
    return (rel.split("/", 1)[0], rel.split("/", 1)[1]) if "/" in rel else ("", rel)


def _wrapper(paths: list[str]) -> str:
    """The single top folder every file sits in, when the zip was made from the parent folder."""
    tops = {p.split("/", 1)[0] for p in paths}
    if len(tops) == 1 and all(p.count("/") >= 2 for p in paths):
        return next(iter(tops)) + "/"
    return ""


def read_class_zip(data: bytes, seed: int = 0) -> ZipReport:
    """The task in a zip of class folders (see the module docstring); raises :class:`ZipProblem`."""
    if len(data) > MAX_ZIP_BYTES:
        raise ZipProblem(f"The file is {len(data) / 2**20:,.1f} MB; at most {MAX_ZIP_BYTES // 2**20} MB.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as err:
        raise ZipProblem(f"This is not a readable zip file ({err}).") from err
    with archive:
        files = [i for i in _members(archive) if not _hidden(i.filename)]
        images = [i for i in files if posixpath.splitext(i.filename)[1].lower() in IMAGE_TYPES]
        others = [i.filename for i in files if i not in images]
        if not images:
            raise ZipProblem(
                "The zip holds no images (" + ", ".join(IMAGE_TYPES) + "). Put each class's images in a "
                "folder named after the class, e.g. circle/1.png, cross/1.png."
            )
        wrapper = _wrapper([i.filename for i in images])
        placed = {i.filename: _class_path(i.filename, wrapper) for i in images}
        loose = [n for n, (c, _) in placed.items() if not c]
        nested = sorted({f"{c}/{rest.split('/')[0]}/" for c, rest in placed.values() if c and "/" in rest})
        if nested:
            raise ZipProblem(
                "Nested folders ("
                + ", ".join(nested[:3])
                + "): image_dataset_from_directory would file every "
                "image under its top folder as one class. Zip the folder that holds the class folders, one "
                "level deep (class/image.png)."
            )
        by_class: dict[str, list[np.ndarray]] = {}
        for name in sorted({c for c, _ in placed.values() if c}):
            by_class[name] = []
        if len(by_class) > MAX_CLASSES:
            raise ZipProblem(f"{len(by_class)} class folders; at most {MAX_CLASSES} here.")
        notes, unreadable, blank, budget = [], [], [], [0]
        for info in images:
            cls, _ = placed[info.filename]
            if not cls:
                continue
            if len(by_class[cls]) >= MAX_PER_CLASS:
                raise ZipProblem(f"Class {cls!r} has more than {MAX_PER_CLASS} images; that is the cap here.")
            raw = _read(archive, info, budget)  # a ZipProblem here refuses the whole zip
            try:
                image = image_to_input(raw)
            except ValueError:
                unreadable.append(info.filename)
                continue
            if image is None:
                blank.append(info.filename)
            else:
                by_class[cls].append(image)
    if loose:
        notes.append(
            f"Ignored {len(loose)} image(s) outside any class folder, as Keras does: {', '.join(loose[:3])}."
        )
    if others:
        notes.append(f"Ignored {len(others)} file(s) that are not images: {', '.join(others[:3])}.")
    if unreadable:
        notes.append(
            f"Skipped {len(unreadable)} file(s) that are not readable images: {', '.join(unreadable[:3])}."
        )
    if blank:
        notes.append(f"Skipped {len(blank)} image(s) with nothing drawn on them: {', '.join(blank[:3])}.")
    if not any(by_class.values()):
        raise ZipProblem("No usable images in class folders. " + " ".join(notes))
    try:
        task = split_task(by_class, seed, f"your zip: {len(by_class)} class folders")
    except TaskProblem as err:
        raise ZipProblem(str(err)) from err
    return ZipReport(task, tuple(notes), {k: len(v) for k, v in by_class.items()})
