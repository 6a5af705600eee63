"""VAE page speed: epoch time, the live view's server-side frame budget, and its frame rate in a browser.

    python bench/vae_speed.py [--epochs N] [--window S] [--no-browser]

1. Epoch time of the page's default VAE (784-256-2 / 2-256-784, Adam, batch 64, the 4,000
   bundled training digits) and of the plain autoencoder, through the live run's ``step()``.
2. Server side, while the run trains on its thread: how many view snapshots (encoder pass over
   the 1,000 test digits, the batch's reconstructions) plus frame encodings it delivers per second
   when a client asks for every frame, as the app's WebSocket route does; and the frame sizes
   (with and without the decoder's weights).
3. In Chromium (``streamlit run app.py`` + Playwright): the latent view's refresh rate, frames/s
   from ``window.__mlpLive`` while training (budget >= 20), the browser's draw time per frame, the
   time for the view's JavaScript decoder to redraw the 15 x 15 decoded grid, and the pause latency.

Figures are indicative: other processes may share the cores. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from engine.generative.vae.config import VaeConfig  # noqa: E402
from engine.live.scheduler import ComputeScheduler  # noqa: E402
from engine.mnist.data import load_dataset  # noqa: E402


def epoch_times(epochs: int) -> None:
    from engine.generative.vae.run import VaeRun

    data = load_dataset("mnist", allow_download=False)
    for cfg in (VaeConfig(), VaeConfig(model="ae")):
        started = time.monotonic()
        run = VaeRun(cfg, data, scheduler=ComputeScheduler(1, quantum_s=1e9))
        built = time.monotonic() - started
        for _ in range(epochs):
            snap = run.step()
        per = snap.history[1:, -1]
        run.stop()
        print(
            f"{cfg.model}: built in {built:.1f} s; epoch time over {epochs} epochs of {snap.n_train:,} "
            f"images: median {statistics.median(per):.2f} s (min {per.min():.2f}, max {per.max():.2f}); "
            f"test reconstruction {snap.history[-1, 4]:.1f}"
        )


def server_frames(window: float) -> None:
    from engine.generative.vae.run import VaeRun
    from ui.generative.vae.frames import VaeEncoder

    data = load_dataset("mnist", allow_download=False)
    run = VaeRun(VaeConfig(epochs=200), data, scheduler=ComputeScheduler(1, quantum_s=1e9))
    encoder = VaeEncoder()
    run.start()
    time.sleep(1.0)
    version, frames, sizes, with_weights = 0, 0, [], []
    started = time.monotonic()
    while time.monotonic() - started < window:
        run.request_view()
        if not run.wait_version(version, 1.0):
            continue
        snap = run.snapshot()
        version = snap.version
        frame = encoder.encode(snap)
        (with_weights if len(frame) > 100_000 else sizes).append(len(frame))
        frames += 1
    elapsed = time.monotonic() - started
    epoch = run.snapshot().epoch
    run.stop()
    print(
        f"server: {frames / elapsed:.1f} frames/s while training ({epoch} epochs in {elapsed:.0f} s + 1 s); "
        f"frame {statistics.median(sizes) / 1000:.1f} kB, with the decoder's weights "
        f"{(statistics.median(with_weights) / 1000) if with_weights else 0:.0f} kB "
        f"({len(with_weights) / elapsed:.1f}/s)"
    )


def browser_fps(window: float) -> None:
    from playwright.sync_api import sync_playwright

    from tests.harness import IDLE, IFRAME, frame_of, launch_chromium, streamlit_server, wait_js

    with streamlit_server(log_path=Path("/tmp/vae_bench_streamlit.log")) as server, sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page(viewport={"width": 1600, "height": 1200})
        page.goto(server.url + "/vae?epochs=200")
        page.wait_for_selector("h1", timeout=120_000)
        page.wait_for_selector(IDLE, timeout=120_000)
        frame = frame_of(page, IFRAME)
        wait_js(frame, "() => window.__mlpLive && window.__mlpLive.connected", "the live view", timeout_s=60)
        play = page.locator("[class*='st-key-'][class*='play'] [data-testid^=stBaseButton]").filter(
            visible=True
        )
        play.click()
        wait_js(frame, "() => window.__mlpLive.lastHeader.status === 'running'", "running", timeout_s=60)
        time.sleep(1.0)
        f0, t0 = frame.evaluate("() => window.__mlpLive.frames"), time.monotonic()
        time.sleep(window)
        f1, t1 = frame.evaluate("() => window.__mlpLive.frames"), time.monotonic()
        draw_ms = frame.evaluate("() => window.__mlpLive.drawMs")
        grid_ms = frame.evaluate("() => window.__vae.state().gridMs")  # the last grid rebuild
        page.wait_for_selector(IDLE)
        clicked = time.monotonic()
        play.click()
        wait_js(
            frame, "() => document.getElementById('status').textContent === 'paused'", "paused", timeout_s=10
        )
        pause_s = time.monotonic() - clicked
        browser.close()
    fps = (f1 - f0) / (t1 - t0)
    print(
        f"browser: latent view {fps:.1f} frames/s while training [budget >= 20: {'PASS' if fps >= 20 else 'MISS'}], "
        f"draw {draw_ms:.1f} ms/frame; decoded 15x15 grid redrawn in {grid_ms:.0f} ms (JavaScript decoder); "
        f"pause shown {pause_s:.2f} s after the click [budget 0.5 s, includes Playwright's click]"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--window", type=float, default=8.0)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("MLP_OFFLINE", "1")
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    epoch_times(args.epochs)
    server_frames(args.window)
    if not args.no_browser:
        browser_fps(args.window)


if __name__ == "__main__":
    main()
