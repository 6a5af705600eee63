"""Mouse-up -> prediction on the "Draw a digit" page vs a minimal canvas page, side by side.

Starts two Streamlit servers in one run: this app (``/draw_digit``) and a minimal
page written to a temporary folder (``st_canvas`` -> the same bundled model, called
directly, -> ``st.write`` of the digit: the smallest canvas-to-prediction page). For
each, Chromium draws a "1" with the mouse, then two times are taken, ``--trials``
times, alternating the pages: mouse-up until the prediction is on screen (an element
``data-testid=draw-prediction`` appears: what the learner waits for), and mouse-up
until the page's script run is over (Streamlit's ``data-test-script-state`` goes back
to ``notRunning``; on the draw page this includes the path through the network).

The minimal page runs with Streamlit's defaults, as anyone would write it; this app
turns off Streamlit's ``gc.collect(2)`` after every script run (``.streamlit/config.toml``,
~190 ms with TensorFlow loaded). ``--minimal-no-gc`` gives the minimal page that
setting too, so the two differ only in the page.

Usage (from the repository root): ``python bench/draw_roundtrip.py [--trials 8] [--minimal-no-gc]``.
Last line: ``draw_page_s=<median> minimal_page_s=<median> ratio=<draw/minimal>``.
Figures are indicative: nothing is asserted.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.harness import IDLE, launch_chromium, streamlit_server  # noqa: E402
from ui.mnist.state import DRAW_STATE  # noqa: E402  (after the path: run as a script)

#: The draw page's Clear button, by its widget key ("draw_digit-clear").
CLEAR = f".st-key-{DRAW_STATE.key('clear')} button"

MINIMAL_PAGE = textwrap.dedent(
    """
    import numpy as np
    import streamlit as st
    from streamlit_drawable_canvas import st_canvas

    @st.cache_resource
    def model():
        import keras
        return keras.models.load_model(r"{model}")

    result = st_canvas(stroke_width=20, stroke_color="#FFFFFF", background_color="#000000",
                       update_streamlit=True, height=280, width=280, drawing_mode="freedraw",
                       return_image_data=True, key="c")
    if result.image_data is not None and result.image_data[..., 0].max() > 0:
        ink = result.image_data[..., 0].astype("float32") / 255.0
        x = ink.reshape(28, 10, 28, 10).mean(axis=(1, 3))[None, :, :, None]
        digit = int(np.argmax(model()(x, training=False)))
        st.markdown(f"Prediction: <b data-testid='draw-prediction'>{{digit}}</b>", unsafe_allow_html=True)
    """
)

# Runs in the page: remember when each script run ends and when a prediction is first shown.
HOOK = """
() => {
  window.__runsDone = [];
  window.__shownAt = null;
  const app = document.querySelector("[data-testid=stApp]");
  new MutationObserver(() => {
    if (app.getAttribute("data-test-script-state") === "notRunning") window.__runsDone.push(performance.now());
  }).observe(app, { attributes: true, attributeFilter: ["data-test-script-state"] });
  new MutationObserver(() => {
    if (window.__shownAt === null && document.querySelector("[data-testid=draw-prediction]"))
      window.__shownAt = performance.now();
  }).observe(document.body, { subtree: true, childList: true });
}
"""


def stroke_one(page, box: dict) -> float:
    """Draw a vertical stroke (a "1"); returns the page clock at mouse-up (ms)."""
    x, y0, y1 = box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.2, box["y"] + box["height"] * 0.8
    page.mouse.move(x, y0)
    page.mouse.down()
    for k in range(1, 13):
        page.mouse.move(x, y0 + (y1 - y0) * k / 12)
    up_at = page.evaluate("() => performance.now()")
    page.mouse.up()
    return up_at


def trial(page, clear) -> tuple[float, float]:
    """Seconds from mouse-up to the prediction on screen, and to the end of the script run."""
    page.wait_for_selector(IDLE, timeout=60_000)
    canvas = page.locator("canvas.upper-canvas").last
    canvas.wait_for(state="visible")
    page.wait_for_timeout(800)
    box = canvas.bounding_box()
    page.evaluate("() => { window.__runsDone = []; window.__shownAt = null; }")
    up_at = stroke_one(page, box)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        done = page.evaluate("() => window.__runsDone")
        if done and done[-1] > up_at:
            page.wait_for_timeout(300)  # a second run may follow; take the last one that ends
            done = page.evaluate("() => window.__runsDone")
            shown = page.evaluate("() => window.__shownAt")
            clear(page)
            if shown is None:
                raise RuntimeError(f"the script ran but no prediction was shown on {page.url}")
            return (shown - up_at) / 1000.0, (done[-1] - up_at) / 1000.0
        page.wait_for_timeout(20)
    raise RuntimeError("no script run after mouse-up")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=8)
    parser.add_argument("--query", default="", help="query string for the draw page, e.g. 'path=0'")
    parser.add_argument(
        "--minimal-no-gc",
        action="store_true",
        help="give the minimal page this app's runner setting (runner.postScriptGC = false) "
        "so the comparison isolates the page itself",
    )
    args = parser.parse_args()
    model = ROOT / "assets" / "models" / "digit_recognizer.keras"
    with tempfile.TemporaryDirectory(prefix="mlp-draw-") as tmp_name:
        tmp = Path(tmp_name)
        minimal = tmp / "minimal.py"
        minimal.write_text(MINIMAL_PAGE.format(model=model))
        offline = {"MLP_OFFLINE": "1"}
        with contextlib.ExitStack() as stack:
            app = stack.enter_context(streamlit_server(log_path=tmp / "app.log", env=offline))
            mini = stack.enter_context(
                streamlit_server(
                    minimal,
                    cwd=tmp,
                    log_path=tmp / "minimal.log",
                    env={**offline, "STREAMLIT_RUNNER_POST_SCRIPT_GC": "false"}
                    if args.minimal_no_gc
                    else offline,
                )
            )
            with sync_playwright() as pw:
                browser = launch_chromium(pw)
                pages = {}
                for name, url in (
                    ("draw", f"{app.url}/draw_digit?{args.query}"),
                    ("minimal", f"{mini.url}/"),
                ):
                    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
                    page.goto(url)
                    page.wait_for_selector("canvas.upper-canvas", timeout=120_000)
                    page.evaluate(HOOK)
                    pages[name] = page

                def clear_draw(page) -> None:
                    page.locator(CLEAR).click()
                    page.wait_for_selector("[data-testid=draw-empty]", timeout=60_000)

                def clear_minimal(page) -> None:
                    page.reload()
                    page.wait_for_selector("canvas.upper-canvas", timeout=60_000)
                    page.evaluate(HOOK)

                clears = {"draw": clear_draw, "minimal": clear_minimal}
                for name in pages:  # warm-up: model load, first compile
                    trial(pages[name], clears[name])
                shown: dict[str, list[float]] = {"draw": [], "minimal": []}
                over: dict[str, list[float]] = {"draw": [], "minimal": []}
                for _ in range(args.trials):
                    for name in pages:
                        shown_s, over_s = trial(pages[name], clears[name])
                        shown[name].append(shown_s)
                        over[name].append(over_s)
                browser.close()
    for name in shown:
        print(f"{name:8s} mouse-up -> prediction shown: " + ", ".join(f"{v:.2f}" for v in shown[name]) + " s")
        print(f"{name:8s} mouse-up -> run over:         " + ", ".join(f"{v:.2f}" for v in over[name]) + " s")
    draw_over, mini_over = statistics.median(over["draw"]), statistics.median(over["minimal"])
    print(f"run over (whole page, path figures included): draw {draw_over:.2f} s, minimal {mini_over:.2f} s")
    draw, mini = statistics.median(shown["draw"]), statistics.median(shown["minimal"])
    print(f"draw_page_s={draw:.2f} minimal_page_s={mini:.2f} ratio={draw / mini:.2f}")


if __name__ == "__main__":
    main()
