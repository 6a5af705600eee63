"""Kernel-edit latency on a 512x512 RGB image (the "Kernels on real images" page).

Measured in one process, medians of ``--repeat`` runs after a warm-up:

a. engine: ``filter_image`` (3x3 and 5x5 kernels, per channel, zero padding) plus
   ``to_display`` on the astronaut photo (512x512x3), against scipy's
   ``ndimage.correlate`` per channel and against the teaching loop ``conv2d_naive``
   (timed on a 64x64 crop and scaled by the pixel count, it is that slow);
b. page round trip (server side): ``pages/image_kernels.py`` under AppTest, the
   script rerun that follows choosing another kernel preset (decode, filter,
   display, value-scale histogram, every widget), as Streamlit runs it on an edit;
c. browser round trip (optional, needs Chromium + Playwright): a real
   ``streamlit run``; a new value is typed into the kernel grid's centre cell and
   the time from Enter until the new output image is loaded is measured.

Nothing asserts a time; figures depend on the machine's load.

Usage (from the repository root)::

    python bench/conv_kernel_latency.py            # a + b
    python bench/conv_kernel_latency.py --browser  # a + b + c

The last line is machine-readable::

    engine_ms=<3x3> engine5_ms=<5x5> scipy_ms=<3x3> naive_ms=<3x3 est> page_ms=<rerun> [browser_ms=<ms>]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engine.conv.conv import conv2d_naive  # noqa: E402
from engine.conv.imagefilter import filter_image, to_display  # noqa: E402
from engine.conv.images import load_image_bytes, load_sample  # noqa: E402
from engine.conv.kernels import KERNELS  # noqa: E402


def _median_ms(fn, repeat: int) -> float:
    fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def _image() -> np.ndarray:
    try:
        img = load_sample("astronaut").pixels
    except Exception:  # scikit-image missing: any 512x512 RGB will do
        rng = np.random.default_rng(0)
        img = load_image_bytes(rng.integers(0, 256, (512, 512, 3), dtype=np.uint8).tobytes()).pixels
    assert img.shape == (512, 512, 3), img.shape
    return img


def engine(repeat: int) -> dict[str, float]:
    from scipy import ndimage

    img = _image()
    k3, k5 = KERNELS["sharpen"].array, KERNELS["gaussian5"].array
    ours3 = _median_ms(lambda: to_display(filter_image(img, k3)), repeat)
    ours5 = _median_ms(lambda: to_display(filter_image(img, k5)), repeat)
    f32 = img.astype(np.float32)
    scipy3 = _median_ms(
        lambda: [ndimage.correlate(f32[..., c], k3, mode="constant") for c in range(3)], repeat
    )
    crop = img[:64, :64].astype(np.float64)
    w = np.zeros((3, 3, 3, 3))
    for c in range(3):
        w[:, :, c, c] = k3
    naive_crop = _median_ms(lambda: conv2d_naive(crop, w, None, 1, 1), max(1, repeat // 5))
    # The naive loop multiplies across channels (27 products per output per filter, 3 filters);
    # the per-channel filter needs a third of that: scale by pixels and by 1/3.
    naive = naive_crop * (512 * 512) / (64 * 64) / 3
    return {"engine_ms": ours3, "engine5_ms": ours5, "scipy_ms": scipy3, "naive_ms": naive}


def page(repeat: int) -> float:
    from streamlit.testing.v1 import AppTest

    from ui.navigation import page_for

    preset_key = page_for("pages/image_kernels.py").prefix + "preset"
    at = AppTest.from_file(str(ROOT / "pages" / "image_kernels.py"), default_timeout=60)
    at.run()
    presets = ["sharpen", "gaussian5", "edges_all", "emboss", "box_blur", "sobel_right"]
    times = []
    for i in range(repeat + 1):
        at.selectbox(key=preset_key).set_value(presets[i % len(presets)])
        t0 = time.perf_counter()
        at.run()
        if i:
            times.append((time.perf_counter() - t0) * 1000)
        assert not at.exception, at.exception
    return statistics.median(times)


def browser(repeat: int) -> float | None:
    from tests.harness import IDLE, chromium_missing, launch_chromium, streamlit_server

    missing = chromium_missing()
    if missing:
        print(f"browser: skipped, {missing}")
        return None
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    with streamlit_server() as server, sync_playwright() as p:
        b = launch_chromium(p)
        page_ = b.new_page(viewport={"width": 1500, "height": 1100})
        page_.goto(f"{server.url}/image_kernels")
        page_.wait_for_selector("[data-testid=stImage] img", timeout=120_000)
        page_.wait_for_selector(IDLE, timeout=120_000)
        page_.wait_for_timeout(1000)  # the grid finishes drawing
        out = page_.locator("[data-testid=stImage] img").nth(1)
        box = page_.locator("[data-testid=stDataFrame]").first.bounding_box()
        centre = (box["x"] + box["width"] / 2, box["y"] + 35 + 35 + 17)  # the 3x3 grid's centre weight

        def edit(value: int, timeout_ms: int) -> float:
            """Type ``value`` into the centre weight; ms from Enter until the new output image is shown."""
            before = out.get_attribute("src")
            page_.mouse.click(*centre)  # select the cell; typing then replaces its value
            page_.wait_for_timeout(200)
            page_.keyboard.type(str(value))
            t0 = time.perf_counter()
            page_.keyboard.press("Enter")
            page_.wait_for_function(
                "([b]) => { const im = document.querySelectorAll('[data-testid=stImage] img')[1];"
                " return im && im.src !== b && im.complete; }",
                arg=[before],
                timeout=timeout_ms,
            )
            elapsed = (time.perf_counter() - t0) * 1000
            page_.wait_for_selector(IDLE)
            return elapsed

        # Warm-up, untimed: the first clicks only focus the grid, and a grid still drawing on a
        # loaded machine may swallow them, so try until an edit lands.
        for attempt in range(4):
            page_.mouse.click(*centre)
            page_.wait_for_timeout(300)
            try:
                edit(2 + attempt, 10_000)  # a new value each try
                break
            except PlaywrightTimeout:
                if attempt == 3:
                    raise
        times = [edit(6 + i % 4, 30_000) for i in range(repeat)]  # 6, 7, 8, 9, 6, ...: always a change
        b.close()
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--browser", action="store_true", help="also measure a real browser round trip")
    args = parser.parse_args()
    e = engine(args.repeat)
    print(
        f"a. engine, 512x512 RGB, 3x3 kernel + display: {e['engine_ms']:.1f} ms "
        f"(5x5: {e['engine5_ms']:.1f} ms; scipy.ndimage.correlate x3 channels: {e['scipy_ms']:.1f} ms; "
        f"the teaching loop would take ~{e['naive_ms'] / 1000:.0f} s)"
    )
    page_ms = page(max(3, args.repeat // 3))
    print(f"b. page rerun after a kernel change (AppTest, server side): {page_ms:.0f} ms")
    line = " ".join(f"{k}={v:.1f}" for k, v in e.items()) + f" page_ms={page_ms:.0f}"
    if args.browser:
        ms = browser(max(3, args.repeat // 3))
        if ms is not None:
            print(
                f"c. browser round trip (type a kernel value, Enter -> new output image shown): {ms:.0f} ms"
            )
            line += f" browser_ms={ms:.0f}"
    print(line)


if __name__ == "__main__":
    main()
