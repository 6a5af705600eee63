"""Frame rate of the GAN page's live view in a real browser, while the run trains.

Usage (from the repository root)::

    python bench/gan_view_fps.py [auto|URL] [seconds] [query]

``auto`` (the default) starts ``streamlit run app.py`` pinned to core 0 and Chromium pinned
to core 1 (``tests/harness.py``). Prints the frames/s the view counted
(``window.__mlpLive.fps``, a 2 s window, sampled every second), the steps/s the run
reached, the mean draw time per frame, and how long Pause took to show "paused".
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.harness import IDLE, IFRAME, launch_chromium, streamlit_server  # noqa: E402

READ = """() => ({fps: window.__mlpLive.fps, frames: window.__mlpLive.frames, draw: window.__mlpLive.drawMs,
  step: document.getElementById('step').textContent, rate: document.getElementById('rate').textContent,
  status: document.getElementById('status').textContent})"""
PLAY = ".st-key-gan-play [data-testid^=stBaseButton]"


def main(
    base: str, seconds: int = 10, query: str = "speed=1000&steps=50000", core: int | None = None
) -> None:
    with sync_playwright() as pw:
        browser = launch_chromium(pw, core=core)
        page = browser.new_page(viewport={"width": 1600, "height": 1200})
        page.set_default_timeout(120_000)
        page.goto(f"{base}/gan{'?' + query if query else ''}")
        page.wait_for_selector("h1", timeout=120_000)
        page.wait_for_selector(IDLE, timeout=120_000)
        body = page.frame_locator(IFRAME).locator("body")
        body.wait_for()
        page.wait_for_timeout(2000)
        page.locator(PLAY).filter(visible=True).click()
        page.wait_for_timeout(2500)
        start = body.evaluate(READ)
        samples = []
        for _ in range(seconds):
            page.wait_for_timeout(1000)
            samples.append(body.evaluate(READ))
        end = samples[-1]
        fps = [s["fps"] for s in samples]
        print(
            f"frames/s (2 s window): min {min(fps):.1f}  median {statistics.median(fps):.1f}  max {max(fps):.1f}"
        )
        n = end["frames"] - start["frames"]
        print(f"frames counted: {n} in {seconds} s = {n / seconds:.1f}/s; draw {end['draw']:.2f} ms/frame")
        print(f"step {start['step']} -> {end['step']}; steps/s shown {end['rate']}")
        page.wait_for_selector(IDLE)
        t0 = time.monotonic()
        page.locator(PLAY).filter(visible=True).click()
        body.locator("#status", has_text="paused").wait_for(timeout=10_000)
        print(
            f"Pause: the view showed 'paused' {time.monotonic() - t0:.2f} s after the click (incl. the rerun)"
        )
        browser.close()


def cli(argv: list[str]) -> None:
    target = argv[0] if argv else "auto"
    seconds = int(argv[1]) if len(argv) > 1 else 10
    query = argv[2] if len(argv) > 2 else "speed=1000&steps=50000"
    if target != "auto":
        main(target, seconds, query)
        return
    with streamlit_server(core=0) as server:
        print(f"streamlit pid {server.pid} on port {server.port} (core 0); chromium on core 1", flush=True)
        main(server.url, seconds, query, core=1)


if __name__ == "__main__":
    cli(sys.argv[1:])
