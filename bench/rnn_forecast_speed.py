"""The time-series page's figures: training throughput per network, forecast error of LSTM vs
SimpleRNN on the default series, the live view's frame rate and the pause latency.

Usage (from the repository root)::

    python bench/rnn_forecast_speed.py            # engine figures, then the browser (fps, pause)
    python bench/rnn_forecast_speed.py --engine   # engine figures only
    python bench/rnn_forecast_speed.py --epochs 100 --seconds 10

Engine figures (in this process, TensorFlow on one intra-op thread as the app runs it):

* windows (sequences) per second trained by each network **alone** and by the three in the
  page's lockstep run, on the default series (400 points, window 24, 16 units, batch 32);
* after ``--epochs`` epochs of the default run (seed 1): each network's validation RMSE, one-step
  and free-running (the horizon's 60 steps), the naive "next = last" RMSE, and the ratio
  SimpleRNN / LSTM of the forecast errors;
* the cost of one prediction refresh (one-step over the validation range + the forecast).

Browser figures: ``streamlit run app.py`` pinned to core 0, Chromium to core 1 (``tests/harness.py``);
frames/s of the live view while playing (``window.__mlpLive.fps``, sampled each second) and the
time from the Pause click until the view reads "paused". Nothing is asserted; the figures depend
on the machine (on a shared machine they are pessimistic).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from engine.live.scheduler import ComputeScheduler  # noqa: E402
from engine.sequences.forecast.config import MODELS, ForecastConfig  # noqa: E402
from engine.sequences.forecast.run import ForecastRun  # noqa: E402


def _throughput(cfg: ForecastConfig, epochs: int = 5) -> float:
    """Training windows per second (each network) over ``epochs`` epochs, after one warm-up epoch."""
    run = ForecastRun(cfg, scheduler=ComputeScheduler(1, quantum_s=600))
    run._train_step()
    started = time.perf_counter()
    for _ in range(epochs):
        run._train_step()
    elapsed = time.perf_counter() - started
    run.stop()
    return epochs * run.n_windows / elapsed


def engine_figures(n_epochs: int) -> None:
    base = ForecastConfig()
    print("Training throughput, default series (windows/s each network; all three: the page's lockstep run)")
    alone = {}
    for kind in base.models:
        alone[kind] = _throughput(ForecastConfig(models=(kind,)))
        print(f"  {MODELS[kind]:9} alone     {alone[kind]:8.0f} windows/s")
    both = _throughput(base)
    print(f"  all three lockstep {both:8.0f} windows/s each ({3 * both:.0f} sequences/s in total)")

    run = ForecastRun(ForecastConfig(epochs=n_epochs), scheduler=ComputeScheduler(1, quantum_s=600))
    started = time.perf_counter()
    for _ in range(n_epochs):
        run._train_step()
    train_s = time.perf_counter() - started
    started = time.perf_counter()
    p = run.predictions()
    refresh_ms = 1000 * (time.perf_counter() - started)
    run.stop()
    print(f"\nDefault series after {n_epochs} epochs (seed 1, {train_s:.1f} s of training, three networks)")
    for i, kind in enumerate(run.kinds):
        print(
            f"  {MODELS[kind]:9} RMSE one-step {p.rmse_onestep[i]:.4f}   free-running forecast "
            f"({run.horizon} steps) {p.rmse_forecast[i]:.4f}"
        )
    print(f"  naive 'next = last' one-step RMSE {p.rmse_naive:.4f}")
    rnn, lstm = run.kinds.index("rnn"), run.kinds.index("lstm")
    print(f"  forecast RMSE SimpleRNN / LSTM = {p.rmse_forecast[rnn] / p.rmse_forecast[lstm]:.2f}")
    print(f"  one prediction refresh (one-step + forecast, 3 networks): {refresh_ms:.0f} ms")
    print(
        f"RESULT rnn_windows_s={alone['rnn']:.0f} lstm_windows_s={alone['lstm']:.0f} gru_windows_s={alone['gru']:.0f} "
        f"lockstep_windows_s={both:.0f} rmse_forecast_rnn={p.rmse_forecast[rnn]:.4f} "
        f"rmse_forecast_lstm={p.rmse_forecast[lstm]:.4f}"
    )


def browser_figures(seconds: int) -> None:
    from playwright.sync_api import sync_playwright

    from tests.harness import IDLE, IFRAME, launch_chromium, streamlit_server

    read = "() => ({fps: window.__mlpLive.fps, status: document.getElementById('status').textContent})"
    with streamlit_server(core=0) as server, sync_playwright() as pw:
        browser = launch_chromium(pw, core=1)
        page = browser.new_page(viewport={"width": 1600, "height": 1200})
        page.set_default_timeout(120_000)
        page.goto(f"{server.url}/rnn_forecast?epochs=2000")
        page.wait_for_selector(IDLE, timeout=120_000)
        body = page.frame_locator(IFRAME).locator("body")
        body.wait_for()
        page.wait_for_timeout(2000)
        button = page.locator(".st-key-rnn_forecast-play [data-testid^=stBaseButton]").filter(visible=True)
        button.click()
        page.wait_for_timeout(3000)
        fps = []
        for _ in range(seconds):
            page.wait_for_timeout(1000)
            fps.append(body.evaluate(read)["fps"])
        page.wait_for_selector(IDLE)
        started = time.perf_counter()
        button.click()
        body.locator("#status:text-is('paused')").wait_for(timeout=10_000)
        pause_s = time.perf_counter() - started
        browser.close()
    print(
        f"\nLive view: frames/s min {min(fps):.1f}  median {statistics.median(fps):.1f}  max {max(fps):.1f}"
    )
    print(f"Pause click -> view shows 'paused': {pause_s:.2f} s")
    print(f"RESULT median_fps={statistics.median(fps):.1f} pause_s={pause_s:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", action="store_true", help="engine figures only (no browser)")
    parser.add_argument("--epochs", type=int, default=100, help="epochs of the default run (100)")
    parser.add_argument("--seconds", type=int, default=10, help="frame-rate window, seconds (10)")
    args = parser.parse_args()
    engine_figures(args.epochs)
    if not args.engine:
        browser_figures(args.seconds)


if __name__ == "__main__":
    main()
