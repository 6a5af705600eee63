"""Frame rate and pause latency of any live page's view in a real browser, while its run trains.

Usage (from the repository root)::

    python bench/live_page_fps.py PAGE [--query Q] [--seconds S] [--url URL]
    python bench/live_page_fps.py gan --query "speed=1000&steps=50000"
    python bench/live_page_fps.py char_rnn
    python bench/live_page_fps.py all        # every page with a live view, one after the other

Without ``--url`` it starts ``streamlit run app.py`` pinned to core 0 and Chromium pinned to
core 1 (``tests/harness.py``). It opens the page, presses its Play button (the widget key
``<page>-play``, from the page registry), waits 2.5 s, then prints the frames/s the view
counted (``window.__mlpLive.fps``: a 2 s window, sampled every second), the frames counted over
the window, the mean draw time per frame, and how long Pause took to show "paused" in the view
(``#status``; the click's rerun included). One machine-readable line per page ends its output::

    page=<p> median_fps=<x> min_fps=<y> pause_s=<s>

Nothing is asserted (figures depend on the machine).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.harness import IDLE, IFRAME, launch_chromium, streamlit_server  # noqa: E402
from ui.live.routes import VIEW_ENCODERS  # noqa: E402
from ui.navigation import page_for  # noqa: E402

READ = "() => ({fps: window.__mlpLive.fps, frames: window.__mlpLive.frames, draw: window.__mlpLive.drawMs})"
#: Queries that keep a run going for the whole window (a run that finishes sends no frames).
LONG_RUN = {
    "gan": "speed=1000&steps=50000",
    "optimizer_race": "speed=120&max_steps=5000",
    "hello_tensorflow": "speed=25",
    "mnist_lab": "epochs=30",
    "rnn_forecast": "epochs=2000",
    "attention": "epochs=200",
    "vae": "epochs=200",
    "transfer_learning": "epochs=60&n=20",
}


def measure(base: str, view: str, query: str, seconds: int, core: int | None) -> None:
    play = f".st-key-{page_for(f'pages/{view}.py').prefix}play [data-testid^=stBaseButton]"
    with sync_playwright() as pw:
        browser = launch_chromium(pw, core=core)
        page = browser.new_page(viewport={"width": 1600, "height": 1200})
        page.set_default_timeout(120_000)
        page.goto(f"{base}/{view}{'?' + query if query else ''}")
        page.wait_for_selector(IDLE, timeout=120_000)
        body = page.frame_locator(IFRAME).first.locator("body")
        body.wait_for()
        page.wait_for_timeout(2000)
        page.locator(play).filter(visible=True).click()
        page.wait_for_timeout(2500)
        start = body.evaluate(READ)
        samples = []
        for _ in range(seconds):
            page.wait_for_timeout(1000)
            samples.append(body.evaluate(READ))
        fps = [s["fps"] for s in samples]
        n = samples[-1]["frames"] - start["frames"]
        print(
            f"{view}: frames/s (2 s window) min {min(fps):.1f}, median {statistics.median(fps):.1f}, max {max(fps):.1f}"
        )
        print(
            f"{view}: {n} frames in {seconds} s = {n / seconds:.1f}/s; draw {samples[-1]['draw']:.2f} ms/frame"
        )
        page.wait_for_selector(IDLE)
        t0 = time.monotonic()
        page.locator(play).filter(visible=True).click()
        body.locator("#status", has_text="paused").wait_for(timeout=10_000)
        pause = time.monotonic() - t0
        print(f"{view}: the view showed 'paused' {pause:.2f} s after the click (the rerun included)")
        print(
            f"page={view} median_fps={statistics.median(fps):.1f} min_fps={min(fps):.1f} pause_s={pause:.2f}"
        )
        browser.close()


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("page", help="a page with a live view (its file stem), or 'all'")
    parser.add_argument("--query", default=None, help="the page's link settings (default: a long run)")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--url", default=None, help="a running server instead of starting one")
    args = parser.parse_args(argv)
    views = [v for v in VIEW_ENCODERS if v != "mnist"] if args.page == "all" else [args.page]
    views = ["mnist_lab" if v == "mnist" else v for v in views]
    for view in views:
        query = args.query if args.query is not None else LONG_RUN.get(view, "")
        if args.url:
            measure(args.url.rstrip("/"), view, query, args.seconds, None)
            continue
        with streamlit_server(core=0) as server:
            print(
                f"{view}: streamlit pid {server.pid} on port {server.port} (core 0); chromium on core 1",
                flush=True,
            )
            measure(server.url, view, query, args.seconds, core=1)


if __name__ == "__main__":
    main(sys.argv[1:])
