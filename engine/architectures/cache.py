"""One :class:`ArchInfo` per architecture and per server process, built in a worker process.

Building VGG16 allocates its 138 M random weights (about 1.4 GB of resident memory while it
runs, which a Python process does not give back); ResNet50 takes seconds. So the page never
builds in the server: :func:`get_info` runs ``python -m engine.architectures.worker KEY``
once per key, keeps the small result (the layer table), and every later call, from any
session, gets it at once. The worker's exit returns all of the build's memory and Keras'
global state (layer-name counters) never touches the server. A lock per key means two
sessions asking at once wait for one build, and one model's build never blocks another's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from engine.architectures.catalog import ARCHITECTURES
from engine.architectures.info import ArchInfo

ROOT = Path(__file__).resolve().parents[2]
#: Seconds a worker may take (TensorFlow's import alone takes seconds on a busy server).
TIMEOUT_S = float(os.environ.get("MLP_ARCH_BUILD_TIMEOUT", "300"))


class BuildError(RuntimeError):
    """The worker failed; the message says why (shown on the page)."""


_guard = threading.Lock()
_locks: dict[str, threading.Lock] = {}
_infos: dict[str, ArchInfo] = {}
_wall: dict[str, float] = {}


def _run_worker(key: str) -> ArchInfo:
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2", "PYTHONPATH": str(ROOT)}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "engine.architectures.worker", key],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired as err:
        raise BuildError(f"building {key} took over {TIMEOUT_S:.0f} s (the server is busy?)") from err
    if done.returncode != 0:
        tail = (done.stderr or "").strip().splitlines()[-1:] or ["no message"]
        raise BuildError(f"building {key} failed (exit {done.returncode}): {tail[0]}")
    return ArchInfo.from_json(json.loads(done.stdout))


def get_info(key: str) -> ArchInfo:
    """The architecture ``key``, built once per process (in a worker) and cached."""
    if key not in ARCHITECTURES:
        raise KeyError(key)
    cached = _infos.get(key)
    if cached is not None:
        return cached
    with _guard:
        lock = _locks.setdefault(key, threading.Lock())
    with lock:
        if key not in _infos:
            start = time.perf_counter()
            _infos[key] = _run_worker(key)
            _wall[key] = time.perf_counter() - start
    return _infos[key]


def is_cached(key: str) -> bool:
    return key in _infos


def worker_seconds(key: str) -> float | None:
    """Wall time of the worker that built ``key`` (with TensorFlow's import), if it ran here."""
    return _wall.get(key)


def put(info: ArchInfo) -> None:
    """Store an info built elsewhere (tests that already built the model in-process)."""
    _infos.setdefault(info.key, info)
