"""A class on one core: N simulated learners train live on the playground at once.

Usage (from the repository root)::

    python bench/classroom.py [--learners 30] [--seconds 20] [--churn 100]
                              [--preset "Spiral needs depth" | --query "data=xor"] [--port 8780]

Without --preset or --query the learners open the playground as it first opens (its defaults).

It starts ``taskset -c 0 streamlit run app.py --server.headless true --server.port P`` (the
server on core 0) and runs every learner in this one asyncio process, pinned to core 1. Each
learner (``bench/learner_client.py``) is a real Streamlit session opened over Streamlit's own
WebSocket protocol: it opens the playground with the preset's URL, presses Play through the
button's widget trigger and acknowledges every frame of its live view as the page's view does.

Printed, for N learners: frames/s per learner (min, median) and training examples/s per run
(min, max, fairness = max/min), both over the measurement window; the time from a Pause trigger
to the first "paused" frame (median, p95; learners pause one after another while the others
still play); the server's CPU (% of its core) and RSS; then it opens and closes ``--churn``
sessions and prints the server's RSS and thread growth. The last line is machine-readable::

    learners=<N> min_fps=<x> median_fps=<y> min_examples_per_s=<a> fairness=<r> pause_p95_s=<p> \
rss_mb=<m> leak_mb_per_100=<l> threads_after=<t>

Targets (issue 18, server on one core): N = 30 learners each >= 10 frames/s, every run >= 500
examples/s, fairness <= 1.5, pause p95 < 0.5 s, < 50 MB RSS growth and no thread growth after
100 open/close cycles. Nothing is asserted: the figures depend on the machine (and on what else
runs on it).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.learner_client import FrameStamp, Learner  # noqa: E402
from tests.harness import CpuMeter, streamlit_server  # noqa: E402

PAGE = "playground"
OPEN_AT_ONCE = 4  # learners opening the page at the same time (a class arrives within seconds)
#: The bench server keeps a closed tab's session this long (Streamlit's default is 120 s, for
#: reconnecting): the churn rounds wait for the release before measuring memory. With --url,
#: start the server with STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL=10 for the same figures.
SESSION_TTL_S = 10


def preset_query(title: str) -> str:
    """The URL query of the playground preset whose title starts with ``title``."""
    from engine.playground.config import PlaygroundConfig
    from ui.playground.presets import PRESETS

    for preset in PRESETS:
        if preset.title.lower().startswith(title.lower()):
            return urlencode(preset.applied_to(PlaygroundConfig()).to_params())
    raise SystemExit(f"no preset {title!r}; presets: {[p.title for p in PRESETS]}")


def rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` (MB): psutil if installed, else ``/proc``."""
    try:
        import psutil

        return psutil.Process(pid).memory_info().rss / 2**20
    except ImportError:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def percentile(values: list[float], q: float) -> float:
    """The ``q``-th percentile (linear interpolation); NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = q / 100 * (len(ordered) - 1)
    lo = int(rank)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (rank - lo) * (ordered[hi] - ordered[lo])


def examples_per_s(frames: list[FrameStamp]) -> float:
    """Training examples per second between the first and the last frame of a window."""
    if len(frames) < 2 or frames[-1].t <= frames[0].t:
        return 0.0
    return (frames[-1].seen - frames[0].seen) / (frames[-1].t - frames[0].t)


async def gather_limited(coros: list, at_once: int) -> list:
    """Run the coroutines, at most ``at_once`` at a time."""
    gate = asyncio.Semaphore(at_once)

    async def one(coro):
        async with gate:
            return await coro

    return await asyncio.gather(*(one(c) for c in coros))


async def churn(url: str, query: str, cycles: int) -> None:
    """Open the page (and its live view) and close it again, ``cycles`` times, a few at once."""

    async def cycle() -> None:
        learner = Learner(url, PAGE, query)
        await learner.open()
        await learner.close()

    await gather_limited([cycle() for _ in range(cycles)], OPEN_AT_ONCE)


async def wait_idle(meter: CpuMeter, below: float = 5.0, timeout: float = 30.0) -> float:
    """Wait until the server uses less than ``below`` % CPU over a second; returns the last reading."""
    end = time.monotonic() + timeout
    while True:
        before, t0 = meter.snapshot(), time.monotonic()
        await asyncio.sleep(1.0)
        cpu = meter.percent_since(before, time.monotonic() - t0)
        if cpu < below or time.monotonic() > end:
            return cpu


async def classroom(url: str, pid: int, args: argparse.Namespace) -> str:
    # Default: the page as every learner first opens it (circle, 4-2 tanh network, SGD).
    query = args.query if args.query is not None else (preset_query(args.preset) if args.preset else "")
    meter = CpuMeter(pid)
    n = args.learners
    print(f"server pid {pid}; {n} learners on /{PAGE}?{query}", flush=True)

    warm = Learner(url, PAGE, query)  # the first page run loads TensorFlow
    await warm.open(watch=False)
    await warm.close()

    learners = [Learner(url, PAGE, query) for _ in range(n)]
    t0 = time.monotonic()
    await gather_limited([learner.open() for learner in learners], OPEN_AT_ONCE)
    print(f"{n} sessions opened in {time.monotonic() - t0:.1f} s", flush=True)
    for learner in learners:
        await learner.play()
    await asyncio.sleep(args.warmup)

    cpu_before, start = meter.snapshot(), time.monotonic()
    await asyncio.sleep(args.seconds)
    end = time.monotonic()
    cpu = meter.percent_since(cpu_before, end - start)
    rss = rss_mb(pid)
    fps, rates, statuses = [], [], {}
    for learner in learners:
        assert learner.live is not None
        frames = learner.live.window(start, end)
        fps.append(len(frames) / (end - start))
        rates.append(examples_per_s(frames))
        for frame in frames:
            statuses[frame.status] = statuses.get(frame.status, 0) + 1
    frame_kb = statistics.mean(f.size for lr in learners for f in lr.live.window(start, end)) / 1024  # type: ignore[union-attr]
    auto = sum(learner.session.auto_reruns for learner in learners)

    # Pause, one learner after another, while the others keep playing.
    order = random.Random(0).sample(learners, n)
    tasks = []
    for learner in order:
        tasks.append(asyncio.create_task(learner.pause()))
        await asyncio.sleep(args.pause_gap)
    pauses = await asyncio.gather(*tasks)

    for learner in learners:
        await learner.close()
    idle = await wait_idle(meter)

    fairness = max(rates) / min(rates) if min(rates) > 0 else float("inf")
    print(f"window: {args.seconds:g} s after {args.warmup:g} s of warm-up; frame statuses {statuses}")
    print(
        f"frames/s per learner: min {min(fps):.1f}, median {statistics.median(fps):.1f}, max {max(fps):.1f}"
    )
    print(f"mean frame size: {frame_kb:.1f} KB")
    print(
        f"examples/s per run: min {min(rates):,.0f}, median {statistics.median(rates):,.0f}, "
        f"max {max(rates):,.0f}; fairness (max/min) {fairness:.2f}"
    )
    print(
        f"Pause -> paused frame: median {statistics.median(pauses):.3f} s, "
        f"p95 {percentile(pauses, 95):.3f} s, max {max(pauses):.3f} s"
    )
    print(f"server: CPU {cpu:.0f} % of its core, RSS {rss:.0f} MB; run-end checks (fragment reruns) {auto}")
    print(f"after every learner closed: server CPU {idle:.0f} %", flush=True)

    # Two rounds of churn: the first warms the allocator and caches up; the growth over the
    # second is what 100 more sessions leave behind. Each round ends after the server has
    # released the closed sessions (its disconnected-session TTL, shortened for the bench).
    rounds = []
    for name in ("warm-up", "measured"):
        rss0, threads0 = rss_mb(pid), meter.threads()
        t0 = time.monotonic()
        await churn(url, query, args.churn)
        took = time.monotonic() - t0
        await asyncio.sleep(SESSION_TTL_S + 3.0)
        await wait_idle(meter)
        rss1, threads1 = rss_mb(pid), meter.threads()
        rounds.append((rss0, rss1, threads0, threads1))
        print(
            f"churn ({name}): {args.churn} sessions opened and closed in {took:.1f} s; after they were "
            f"released: RSS {rss0:.0f} -> {rss1:.0f} MB ({rss1 - rss0:+.1f} MB), threads {threads0} -> {threads1}"
        )
    rss0, rss1, _, threads1 = rounds[-1]
    leak = (rss1 - rss0) * 100 / max(args.churn, 1)
    return (
        f"learners={n} min_fps={min(fps):.1f} median_fps={statistics.median(fps):.1f} "
        f"min_examples_per_s={min(rates):.0f} fairness={fairness:.2f} "
        f"pause_p95_s={percentile(pauses, 95):.3f} rss_mb={rss:.0f} leak_mb_per_100={leak:.1f} "
        f"threads_after={threads1}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=20.0, help="measurement window (s)")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds of play before the window")
    parser.add_argument("--churn", type=int, default=100, help="sessions to open and close afterwards")
    parser.add_argument(
        "--preset", default=None, help="a playground preset's title (its start); default: the page's defaults"
    )
    parser.add_argument("--query", default=None, help="a URL query instead of a preset's")
    parser.add_argument("--pause-gap", type=float, default=0.2, help="seconds between two learners' Pause")
    parser.add_argument("--port", type=int, default=8780)
    parser.add_argument("--server-core", default="0")
    parser.add_argument("--client-core", type=int, default=1)
    parser.add_argument("--url", default=None, help="use a running server (its pid: --pid)")
    parser.add_argument("--pid", type=int, default=None)
    args = parser.parse_args()
    try:
        os.sched_setaffinity(0, {args.client_core})
    except (AttributeError, OSError) as err:
        print(f"(learners not pinned: {err})")
    if args.url:
        if args.pid is None:
            raise SystemExit("--url needs --pid (the server's process, for its CPU and RSS)")
        line = asyncio.run(classroom(args.url, args.pid, args))
    else:
        ttl = {"STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": str(SESSION_TTL_S)}
        with streamlit_server(port=args.port, core=args.server_core, env=ttl) as server:
            line = asyncio.run(classroom(server.url, server.pid, args))
    print(line)


if __name__ == "__main__":
    main()
