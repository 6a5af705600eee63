"""Frame rate of the optimizer race's live view in a real browser.

Usage: start the app (ideally pinned: ``taskset -c 0 streamlit run app.py --server.port 8660``),
then ``taskset -c 1 python bench/optimizer_race_fps.py http://localhost:8660 [seconds] [query]``.
Prints frames/s as counted by the view (``window.__mlpLive.fps``, a 2 s window, sampled
every second), the steps/s the race reached and the mean draw time per frame.
"""

from __future__ import annotations

import statistics
import sys

from playwright.sync_api import sync_playwright

IFRAME = "[data-testid=stIFrame]"
IDLE = "[data-testid=stApp][data-test-script-state=notRunning]"


def main(base: str, seconds: int = 10, query: str = "") -> None:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox"], headless=True
        )
        page = browser.new_page(viewport={"width": 1600, "height": 1200})
        page.set_default_timeout(120_000)
        page.goto(f"{base}/optimizer_race{'?' + query if query else ''}")
        page.wait_for_selector("h1", timeout=120_000)
        page.wait_for_selector(IDLE, timeout=120_000)
        body = page.frame_locator(IFRAME).locator("body")
        body.wait_for()
        page.wait_for_timeout(2000)
        page.locator(".st-key-or_play [data-testid^=stBaseButton]").filter(visible=True).click()
        page.wait_for_timeout(2500)
        read = "() => ({fps: window.__mlpLive.fps, frames: window.__mlpLive.frames, draw: window.__raceView.drawMs, step: document.getElementById('step').textContent, rate: document.getElementById('rate').textContent})"
        samples = []
        start = body.evaluate(read)
        for _ in range(seconds):
            page.wait_for_timeout(1000)
            samples.append(body.evaluate(read))
        end = samples[-1]
        fps = [s["fps"] for s in samples]
        print(
            f"frames/s (2 s window): min {min(fps):.1f}  median {statistics.median(fps):.1f}  max {max(fps):.1f}"
        )
        print(
            f"frames counted: {end['frames'] - start['frames']} in {seconds} s "
            f"= {(end['frames'] - start['frames']) / seconds:.1f}/s"
        )
        print(
            f"step {start['step']} -> {end['step']}; steps/s shown {end['rate']}; draw {end['draw']:.2f} ms/frame"
        )
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 10, sys.argv[3] if len(sys.argv) > 3 else "")
