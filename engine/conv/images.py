"""Sample photos that ship inside installed packages (offline), and validated uploads.

Samples come from scikit-image's wheel (``skimage/data/*.png``, read directly with
Pillow: no download, no pooch) and scikit-learn's (``sklearn/datasets/images``).
Uploads go through :func:`load_image_bytes`, which rejects what cannot be used
with a clear :class:`ImageError` and converts what can (16-bit, transparency,
palette, huge photos) with a note saying what it did.
"""

from __future__ import annotations

import importlib.util
import io
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 15 * 1024 * 1024
MAX_UPLOAD_PIXELS = 40_000_000
MIN_SIDE = 8
MAX_SIDE = 512  # larger images are shrunk so a kernel edit stays interactive


class ImageError(ValueError):
    """An upload that cannot be used; the message is meant for the learner."""


@dataclass(frozen=True)
class Sample:
    """A bundled photo: where it lives inside an installed package, and its licence."""

    key: str
    title: str
    package: str  # the importable package that ships the file
    relpath: str  # path inside that package
    credit: str


SAMPLES: tuple[Sample, ...] = (
    Sample(
        "astronaut",
        "Astronaut (512x512, colour)",
        "skimage",
        "data/astronaut.png",
        "Eileen Collins, NASA: public domain (scikit-image sample data)",
    ),
    Sample(
        "camera",
        "Cameraman (512x512, grey)",
        "skimage",
        "data/camera.png",
        "Lav Varshney, CC0 (scikit-image sample data)",
    ),
    Sample(
        "chelsea",
        "Chelsea the cat (451x300, colour)",
        "skimage",
        "data/chelsea.png",
        "Stefan van der Walt, CC0 (scikit-image sample data)",
    ),
    Sample(
        "coffee",
        "Coffee cup (600x400 → 512x341)",
        "skimage",
        "data/coffee.png",
        "Rachel Michetti, CC0 (scikit-image sample data)",
    ),
    Sample(
        "coins",
        "Coins (384x303, grey)",
        "skimage",
        "data/coins.png",
        "Greek coins from Pompeii: no known copyright restrictions (scikit-image sample data)",
    ),
    Sample(
        "brick",
        "Brick wall (512x512, grey)",
        "skimage",
        "data/brick.png",
        "CC0 Textures, CC0 (scikit-image sample data)",
    ),
    Sample(
        "rocket",
        "Rocket launch (640x427 → 512x342)",
        "skimage",
        "data/rocket.jpg",
        "SpaceX: public domain (scikit-image sample data)",
    ),
    Sample(
        "china",
        "Summer Palace (640x427 → 512x342)",
        "sklearn",
        "datasets/images/china.jpg",
        "danielbuechele on Flickr, CC BY 2.0 (scikit-learn sample images)",
    ),
    Sample(
        "flower",
        "Flower (640x427 → 512x342)",
        "sklearn",
        "datasets/images/flower.jpg",
        "vultilion on Flickr, CC BY 2.0 (scikit-learn sample images)",
    ),
)
SAMPLES_BY_KEY: dict[str, Sample] = {s.key: s for s in SAMPLES}


def _package_dir(package: str) -> Path | None:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def sample_path(sample: Sample) -> Path | None:
    """The file of ``sample`` inside its installed package, or None if not installed."""
    root = _package_dir(sample.package)
    if root is None:
        return None
    path = root / sample.relpath
    return path if path.is_file() else None


def available_samples() -> tuple[Sample, ...]:
    """The samples whose package is installed (scikit-learn's always are)."""
    return tuple(s for s in SAMPLES if sample_path(s) is not None)


@dataclass(frozen=True)
class LoadedImage:
    """``pixels`` is uint8 ``(H, W)`` (grey) or ``(H, W, 3)`` (RGB); ``notes`` says what was converted."""

    pixels: np.ndarray
    notes: tuple[str, ...]

    @property
    def is_gray(self) -> bool:
        return self.pixels.ndim == 2


@lru_cache(maxsize=16)
def load_sample(key: str) -> LoadedImage:
    """A bundled sample by key (cached; raises :class:`ImageError` if its package is missing)."""
    sample = SAMPLES_BY_KEY.get(key)
    if sample is None:
        raise ImageError(f"there is no sample image called {key!r}")
    path = sample_path(sample)
    if path is None:
        raise ImageError(
            f"the sample {sample.title!r} needs the {sample.package} package, which is not installed"
        )
    result = load_image_bytes(path.read_bytes())
    result.pixels.setflags(write=False)
    return result


def _to_8bit(img: Image.Image, notes: list[str]) -> Image.Image:
    """16/32-bit integer and float images -> 8-bit grey, scaled by their bit depth."""
    arr = np.asarray(img)
    if img.mode.startswith("I;16") or (img.mode == "I" and arr.max(initial=0) <= 65535):
        notes.append("16-bit image: converted to 8 bits (value / 257), as a CNN's uint8 input would be.")
        scaled = np.asarray(arr, dtype=np.float64) / 257.0
    else:  # 32-bit int or float: stretch its range
        arr = np.nan_to_num(np.asarray(arr, dtype=np.float64))
        lo, hi = float(arr.min()), float(arr.max())
        notes.append(f"{img.mode!s}-mode image (values {lo:g} to {hi:g}): stretched to 0-255.")
        scaled = (arr - lo) / (hi - lo if hi > lo else 1.0) * 255.0
    return Image.fromarray(np.clip(np.rint(scaled), 0, 255).astype(np.uint8), mode="L")


def load_image_bytes(data: bytes, max_side: int = MAX_SIDE) -> LoadedImage:
    """Decode and validate an image file; raises :class:`ImageError` with a learner-facing message."""
    if not data:
        raise ImageError("The file is empty.")
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImageError(
            f"The file is {len(data) / 2**20:.1f} MB; at most {MAX_UPLOAD_BYTES // 2**20} MB is accepted."
        )
    notes: list[str] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))
            width, height = img.size
            if width * height > MAX_UPLOAD_PIXELS:
                raise ImageError(
                    f"The image is huge: {width}x{height} = {width * height / 1e6:.0f} megapixels "
                    f"(at most {MAX_UPLOAD_PIXELS / 1e6:.0f}). Shrink it first."
                )
            if getattr(img, "n_frames", 1) > 1:
                notes.append("Animated image: only its first frame is used.")
            img.load()
    except ImageError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageError("The image is too large to open safely (a 'decompression bomb').") from None
    except UnidentifiedImageError:
        raise ImageError(
            "This file is not an image this page can read. Upload a PNG, JPEG, GIF, BMP, TIFF or WebP file."
        ) from None
    except (OSError, ValueError, SyntaxError) as err:
        raise ImageError(f"The image file is damaged or truncated ({err}).") from None
    if min(width, height) < MIN_SIDE:
        raise ImageError(
            f"The image is only {width}x{height} pixels: a 3x3 kernel needs room to slide. "
            f"Upload an image at least {MIN_SIDE}x{MIN_SIDE}."
        )
    img = ImageOps.exif_transpose(img)
    if img.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):
        img = _to_8bit(img, notes)
    if img.mode == "P":
        img = img.convert("RGBA" if "transparency" in img.info else "RGB")
    if img.mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        alpha = np.asarray(img.getchannel("A"))
        base = img.convert("RGBA")
        if alpha.min() < 255:
            white = Image.new("RGBA", base.size, (255, 255, 255, 255))
            base = Image.alpha_composite(white, base)
            notes.append("The image had transparency (an alpha channel): placed on a white background.")
        img = base.convert("L" if img.mode in ("LA", "La") else "RGB")
    if img.mode == "1":
        img = img.convert("L")
    elif img.mode not in ("L", "RGB"):
        notes.append(f"{img.mode} colours converted to RGB.")
        img = img.convert("RGB")
    if max(img.size) > max_side:
        scale = max_side / max(img.size)
        new_size = (max(1, round(img.size[0] * scale)), max(1, round(img.size[1] * scale)))
        notes.append(
            f"Shrunk from {img.size[0]}x{img.size[1]} to {new_size[0]}x{new_size[1]} pixels "
            f"(at most {max_side} on a side keeps kernel edits instant)."
        )
        img = img.resize(new_size, Image.Resampling.LANCZOS)
    pixels = np.asarray(img, dtype=np.uint8).copy()
    if (
        pixels.ndim == 3
        and np.array_equal(pixels[..., 0], pixels[..., 1])
        and np.array_equal(pixels[..., 0], pixels[..., 2])
    ):
        pixels = pixels[..., 0].copy()
    return LoadedImage(pixels, tuple(notes))
