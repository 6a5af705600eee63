"""Rebuild the draw page's pretrained digit recognizer (seeded): ``python scripts/train_recognizer.py``.

Trains :func:`engine.mnist.recognizer.build_recognizer` with augmentation on the
training part of whatever MNIST the loader chain finds (the bundled 5,000-digit
subset offline: its 4,000 training digits), measures accuracy on the held-out
test part (never used in training), and writes
``assets/models/digit_recognizer.keras`` plus ``digit_recognizer.json`` (the card
the draw page shows). The defaults (50 epochs, batch 64, seed 0) are what built the
shipped model: on the subset that took 1,662 s (about 28 minutes) on 2 CPU cores, as its
card records (``train_seconds``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine.mnist.data import load_dataset
from engine.mnist.recognizer import CARD_PATH, MODEL_PATH, predict_proba, train_recognizer
from engine.tf_runtime import get_tf


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--epochs", type=int, default=50)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-download", action="store_true", help="never try the network")
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args()

    tf = get_tf()
    data = load_dataset("mnist", allow_download=not args.no_download)
    print(data.describe())
    for note in data.notes:
        print("note:", note)
    started = time.monotonic()
    model = train_recognizer(data.x_train, data.y_train, args.epochs, args.batch_size, args.seed)
    seconds = time.monotonic() - started
    probs = predict_proba(model, data.x_test.astype(np.float32) / 255.0)
    pred = np.argmax(probs, axis=1)
    acc = float(np.mean(pred == data.y_test))
    per_class = {str(c): round(float(np.mean(pred[data.y_test == c] == c)), 4) for c in range(10)}
    print(f"held-out test accuracy: {acc:.4f} on {len(data.y_test)} digits; trained in {seconds:.0f} s")

    args.out.parent.mkdir(parents=True, exist_ok=True)
    model.save(args.out)
    card = {
        "model": "digit_recognizer.keras",
        "architecture": "Conv32-Conv32-Pool-Conv64-Conv64-Pool-Dense128-Dense10 (3x3 convs, "
        "batch normalisation, ReLU, dropout 0.3)",
        "parameters": int(model.count_params()),
        "data": data.describe(),
        "data_source": data.source,
        "train_images": len(data.y_train),
        "test_images": len(data.y_test),
        "test_accuracy": round(acc, 4),
        "test_accuracy_per_class": per_class,
        "test_note": "held-out test digits, never used in training",
        "augmentation": "random rotation +-12 deg, zoom +-12 %, shift +-3 px, stroke thicker/thinner "
        "(seeded)",
        "training": f"Adam, cosine-decayed learning rate 2e-3 -> 0, batch {args.batch_size}, "
        f"{args.epochs} epochs, seed {args.seed}",
        "train_seconds": round(seconds),
        "tensorflow": tf.__version__,
        "built": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d"),
        "command": "python scripts/train_recognizer.py",
    }
    card_path = args.out.with_suffix(".json") if args.out != MODEL_PATH else CARD_PATH
    card_path.write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB) and {card_path}")


if __name__ == "__main__":
    main()
