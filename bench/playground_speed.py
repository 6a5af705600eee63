"""How fast does the playground train TensorFlow Playground's spiral setup?

Setup (TF Playground's hardest preset): spiral, 500 points, 50 % for training
(250 points), noise 0, all 7 input features, 6 hidden layers x 8 ReLU
neurons, batch size 10, SGD with learning rate 0.03, a sigmoid output and
binary cross-entropy.

Measured side by side in one process, after warm-up, interleaved in rounds so
a busy machine slows every contender alike:

a. the engine: ``PlaygroundTrainer.train_epochs`` called in chunks of
   ``--chunk`` epochs (as the live run does); each epoch also evaluates the
   train/test loss and accuracy (work the baselines below skip);
b. the naive loop: the same Keras model (``build_model``) compiled with the
   same optimizer and loss, ``model.fit(..., epochs=1)`` once per epoch;
c. a hand-written numpy MLP of the same shape (float32, backprop by hand,
   SGD, mini-batches of 10 shuffled each epoch), its gradient checked against
   central finite differences (in float64) before timing;
d. the time to build one complete view snapshot of a ``PlaygroundRun`` (the
   100x100 boundary grid and every neuron's heatmap) and to encode it as a
   live-view frame;
e. the engine's throughput while a ``PlaygroundRun`` actually plays (which
   includes publishing snapshots at up to 30/s), against TF Playground's
   ~5,000 examples/s.

All figures are indicative (other processes may share the cores); only the
ratios, measured side by side, mean much. Nothing here asserts a time.

Usage (from the repository root)::

    python bench/playground_speed.py            # ~2 s per measurement
    python bench/playground_speed.py --quick    # smoke test

The last line is machine-readable::

    engine_vs_fit=<ratio> engine_vs_numpy=<ratio> examples_per_s=<n> snapshot_ms=<ms>
"""

from __future__ import annotations

import argparse
import itertools
import math
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402

from engine.live.run import RunStatus  # noqa: E402
from engine.playground.config import PlaygroundConfig  # noqa: E402
from engine.playground.features import FEATURES, compute_features  # noqa: E402
from engine.playground.model import PlaygroundTrainer, build_model, build_optimizer  # noqa: E402
from engine.playground.run import PlaygroundRun, make_playground_data  # noqa: E402
from ui.playground.frames import PlaygroundEncoder  # noqa: E402

TF_PLAYGROUND_EXAMPLES_PER_S = 5000.0

CONFIG = PlaygroundConfig(
    dataset="spiral",
    features=FEATURES,
    hidden=(8,) * 6,
    activation="relu",
    batch_size=10,
    learning_rate=0.03,
)


# --------------------------------------------------------------------------- numpy MLP


class NumpyMLP:
    """ReLU hidden layers, one sigmoid output, binary cross-entropy, plain SGD."""

    def __init__(self, sizes: list[int], seed: int, dtype: type = np.float32) -> None:
        rng = np.random.default_rng(seed)
        self.dtype = dtype
        self.W: list[np.ndarray] = []
        self.b: list[np.ndarray] = []
        for n_in, n_out in itertools.pairwise(sizes):
            limit = math.sqrt(6.0 / (n_in + n_out))  # Glorot uniform, as Keras
            self.W.append(rng.uniform(-limit, limit, (n_in, n_out)).astype(dtype))
            self.b.append(np.zeros(n_out, dtype))

    def astype(self, dtype: type) -> NumpyMLP:
        other = NumpyMLP.__new__(NumpyMLP)
        other.dtype = dtype
        other.W = [w.astype(dtype) for w in self.W]
        other.b = [b.astype(dtype) for b in self.b]
        return other

    def forward(self, x: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
        """Activations of every layer (input first) and the output probabilities (n,)."""
        acts = [x]
        h = x
        last = len(self.W) - 1
        for i, (w, b) in enumerate(zip(self.W, self.b, strict=True)):
            z = h @ w
            z += b
            if i < last:
                h = np.maximum(z, 0.0)
                acts.append(h)
            else:
                p = 1.0 / (1.0 + np.exp(-z[:, 0]))
        return acts, p

    def loss(self, x: np.ndarray, y: np.ndarray) -> float:
        _, p = self.forward(x)
        p = np.clip(p, 1e-12, 1 - 1e-12)
        return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))

    def gradients(self, x: np.ndarray, y: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """d(mean BCE)/d(W, b) by backprop."""
        acts, p = self.forward(x)
        dz = ((p - y) / len(y))[:, None].astype(self.dtype, copy=False)  # sigmoid + BCE
        dW: list[np.ndarray] = [None] * len(self.W)  # type: ignore[list-item]
        db: list[np.ndarray] = [None] * len(self.W)  # type: ignore[list-item]
        for i in range(len(self.W) - 1, -1, -1):
            a_prev = acts[i]
            dW[i] = a_prev.T @ dz
            db[i] = dz.sum(axis=0)
            if i:
                dz = (dz @ self.W[i].T) * (a_prev > 0)
        return dW, db

    def train_epoch(self, x: np.ndarray, y: np.ndarray, batch: int, lr: float, rng: np.random.Generator):
        order = rng.permutation(len(x))
        xs, ys = x[order], y[order]
        for start in range(0, len(xs), batch):
            dW, db = self.gradients(xs[start : start + batch], ys[start : start + batch])
            for w, g in zip(self.W, dW, strict=True):
                w -= lr * g
            for b, g in zip(self.b, db, strict=True):
                b -= lr * g


def gradient_check(
    net: NumpyMLP, x: np.ndarray, y: np.ndarray, eps: float = 1e-6
) -> tuple[float, float, int]:
    """Backprop vs central differences (float64).

    Returns the max per-parameter relative error (denominator floored at 1e-7,
    so exact zeros of dead ReLUs count as agreement), the relative error of the
    whole gradient vector and the number of parameters checked.
    """
    net64 = net.astype(np.float64)
    x64, y64 = x.astype(np.float64), y.astype(np.float64)
    dW, db = net64.gradients(x64, y64)
    worst, count = 0.0, 0
    analytic, numerics = [], []
    for params, grads in ((net64.W, dW), (net64.b, db)):
        for p, g in zip(params, grads, strict=True):
            flat, gflat = p.reshape(-1), g.reshape(-1)
            for k in range(flat.size):
                old = flat[k]
                flat[k] = old + eps
                up = net64.loss(x64, y64)
                flat[k] = old - eps
                down = net64.loss(x64, y64)
                flat[k] = old
                numeric = (up - down) / (2 * eps)
                denom = max(abs(numeric), abs(gflat[k]), 1e-7)
                worst = max(worst, abs(numeric - gflat[k]) / denom)
                analytic.append(gflat[k])
                numerics.append(numeric)
                count += 1
    a, n = np.array(analytic), np.array(numerics)
    whole = float(np.linalg.norm(a - n) / max(np.linalg.norm(a) + np.linalg.norm(n), 1e-30))
    return worst, whole, count


# --------------------------------------------------------------------------- timing helpers


@dataclass
class Contender:
    name: str
    train: Callable[[int], None]  # train this many epochs
    unit: int = 1  # epochs must be a multiple of this (engine chunks)
    epochs: int = 0
    seconds: float = 0.0
    capped: bool = False

    @property
    def epochs_per_s(self) -> float:
        return self.epochs / self.seconds if self.seconds > 0 else float("nan")


def _round_up(n: float, unit: int) -> int:
    return max(unit, math.ceil(n / unit) * unit)


def _time_epochs(c: Contender, epochs: int) -> float:
    started = time.perf_counter()
    c.train(epochs)
    return time.perf_counter() - started


def measure(contenders: list[Contender], seconds: float, cap_s: float, rounds: int) -> None:
    """Give every contender the same number of epochs (enough for ``seconds`` on the
    fastest), unless that would take one longer than ``cap_s``: that one then runs
    fewer whole epochs (still >= ``seconds``). Runs interleave over ``rounds``."""
    per_epoch = {}
    for c in contenders:  # calibrate (after warm-up): >= ~0.2 s each
        n, dt = c.unit, _time_epochs(c, c.unit)
        while dt < 0.2:
            n = _round_up(n * 2, c.unit)
            dt = _time_epochs(c, n)
        per_epoch[c.name] = dt / n
    fastest = min(per_epoch.values())
    common = _round_up(seconds / fastest, math.lcm(*(c.unit for c in contenders)) * rounds)
    for c in contenders:
        want = common
        if want * per_epoch[c.name] > cap_s:
            want = math.ceil(seconds / per_epoch[c.name])
            c.capped = True
        c.epochs = _round_up(want, c.unit * rounds)
    for r in range(rounds):
        for c in contenders if r % 2 == 0 else reversed(contenders):
            c.seconds += _time_epochs(c, c.epochs // rounds)


# --------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="seconds per measurement (default 2)")
    parser.add_argument("--quick", action="store_true", help="short smoke test (0.3 s measurements)")
    parser.add_argument("--chunk", type=int, default=20, help="engine epochs per train_epochs call (20)")
    parser.add_argument(
        "--cap",
        type=float,
        default=None,
        help="longest a baseline may run to match the engine's epoch count (default 8x --seconds); "
        "0 = no cap, strictly the same number of epochs for all",
    )
    args = parser.parse_args()
    seconds = 0.3 if args.quick else args.seconds
    cap_s = args.cap if args.cap is not None else 8 * seconds
    if cap_s == 0:
        cap_s = math.inf
    rounds = 2 if args.quick else 3
    snap_reps = 10 if args.quick else 50
    live_s = 1.0 if args.quick else 3.0

    cfg = CONFIG.validated()
    data = make_playground_data(cfg)
    n_train = len(data.x_train)
    x = compute_features(data.x_train, cfg.features)
    y = data.y_train.astype(np.float32)
    print(
        f"spiral: {n_train} training points, features {','.join(cfg.features)}, "
        f"hidden {'x'.join(map(str, cfg.hidden))} {cfg.activation}, batch {cfg.batch_size}, "
        f"SGD lr {cfg.learning_rate}, sigmoid + BCE; cores: {os.cpu_count()}",
        flush=True,
    )

    # (a) the engine
    trainer = PlaygroundTrainer(cfg, data, cfg.init_seed)
    print(f"parameters: {trainer.n_params}", flush=True)
    engine_epoch = [0]

    def engine_train(epochs: int) -> None:
        for _ in range(epochs // args.chunk):
            trainer.train_epochs(args.chunk, cfg.batch_size, engine_epoch[0])
            engine_epoch[0] += args.chunk

    # (b) model.fit once per epoch
    model = build_model(cfg, cfg.init_seed)
    model.compile(optimizer=build_optimizer(cfg), loss="binary_crossentropy")

    def fit_train(epochs: int) -> None:
        for _ in range(epochs):
            model.fit(x, y, batch_size=cfg.batch_size, epochs=1, verbose=0, shuffle=True)

    # (c) numpy
    net = NumpyMLP([len(cfg.features), *cfg.hidden, 1], seed=cfg.init_seed, dtype=np.float32)
    check_rng = np.random.default_rng(0)
    pick = check_rng.choice(n_train, size=cfg.batch_size, replace=False)
    max_rel, whole_rel, n_checked = gradient_check(net, x[pick], y[pick])
    print(
        f"numpy MLP gradient check (backprop vs central differences, float64, {n_checked} parameters): "
        f"max relative error {max_rel:.2e} per parameter, {whole_rel:.2e} for the whole gradient",
        flush=True,
    )
    if max_rel > 1e-3 or whole_rel > 1e-6:
        print("WARNING: the numpy gradient disagrees with finite differences", flush=True)
    np_rng = np.random.default_rng(1)

    def numpy_train(epochs: int) -> None:
        for _ in range(epochs):
            net.train_epoch(x, y, cfg.batch_size, cfg.learning_rate, np_rng)

    contenders = [
        Contender(f"engine (train_epochs, {args.chunk} epochs/call)", engine_train, unit=args.chunk),
        Contender("naive model.fit(epochs=1) per epoch", fit_train),
        Contender("numpy MLP (float32, hand backprop)", numpy_train),
    ]
    for c in contenders:  # warm-up: tracing, first-call costs
        c.train(c.unit * 2)
    loss_before = net.loss(x, y)
    measure(contenders, seconds, cap_s, rounds)
    loss_after = net.loss(x, y)
    engine, fit, numpy_c = contenders

    print()
    print(f"{'method':<44} {'epochs':>7} {'seconds':>8} {'epochs/s':>9} {'examples/s':>11} {'engine x':>9}")
    print("-" * 93)
    engine_rate = engine.epochs_per_s * n_train
    for c in contenders:
        rate = c.epochs_per_s * n_train
        mark = " *" if c.capped else ""
        print(
            f"{c.name:<44} {c.epochs:>7} {c.seconds:>8.2f} {c.epochs_per_s:>9.1f} {rate:>11,.0f} "
            f"{engine_rate / rate:>9.2f}{mark}"
        )
    if any(c.capped for c in contenders):
        print(
            f"* ran fewer epochs than the engine (the same count would take over {cap_s:.0f} s); "
            "--cap 0 forces the same count"
        )
    print("(the engine also evaluates train+test loss/accuracy after every epoch; the baselines do not)")
    print(f"numpy MLP training loss: {loss_before:.4f} -> {loss_after:.4f} (sanity: it learns)")

    # (d) snapshot and frame
    run = PlaygroundRun(cfg)
    for _ in range(3):
        run._build_snapshot(RunStatus.PAUSED, "", 1)
    times = []
    for _ in range(snap_reps):
        started = time.perf_counter()
        snap = run._build_snapshot(RunStatus.PAUSED, "", 1)
        times.append(time.perf_counter() - started)
    snapshot_ms = statistics.median(times) * 1000
    full_times, warm_times = [], []
    full = warm = b""
    for i in range(snap_reps):
        enc = PlaygroundEncoder()
        started = time.perf_counter()
        full = enc.encode(snap)
        full_times.append(time.perf_counter() - started)
        snap2 = run._build_snapshot(RunStatus.RUNNING, "", i + 2)
        started = time.perf_counter()
        warm = enc.encode(snap2)
        warm_times.append(time.perf_counter() - started)
    print()
    print(
        f"snapshot (100x100 boundary grid + {sum(snap.layer_sizes)} neuron heatmaps): "
        f"median {snapshot_ms:.1f} ms (min {min(times) * 1000:.1f}, n={snap_reps})"
    )
    print(
        f"frame encode: first frame (with points) {statistics.median(full_times) * 1000:.2f} ms, "
        f"{len(full):,} bytes; next frames {statistics.median(warm_times) * 1000:.2f} ms, "
        f"{len(warm):,} bytes"
    )

    # (e) a playing run
    run.step()  # traces the run's own training function
    run.start()
    time.sleep(1.0 if args.quick else 1.5)  # the chunk size adapts to ~20 ms
    s0, t0 = run.snapshot(), time.monotonic()
    time.sleep(live_s)
    s1, t1 = run.snapshot(), time.monotonic()
    run.stop()
    live_rate = (s1.epoch - s0.epoch) * n_train / (t1 - t0)
    views = (s1.version - s0.version) / (t1 - t0)
    print(
        f"playing PlaygroundRun: {live_rate:,.0f} examples/s over {t1 - t0:.1f} s "
        f"({views:.1f} snapshots/s published; the run's own estimate {s1.examples_per_s:,.0f}); "
        f"{live_rate / engine_rate:.2f}x the bare engine"
    )
    print(
        f"live_examples_per_s={live_rate:.0f} vs_tf_playground={live_rate / TF_PLAYGROUND_EXAMPLES_PER_S:.2f}"
    )
    print(
        f"engine_vs_fit={engine_rate / (fit.epochs_per_s * n_train):.2f} "
        f"engine_vs_numpy={engine_rate / (numpy_c.epochs_per_s * n_train):.2f} "
        f"examples_per_s={engine_rate:.0f} snapshot_ms={snapshot_ms:.1f}",
        flush=True,
    )


if __name__ == "__main__":
    main()
