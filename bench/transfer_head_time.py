"""Transfer page figures: head training time on 50 drawn images (generated ones: 5 classes x 10).

Prints, side by side on the same 50 images and batch size, the time per epoch of
* the frozen base + new head (the page's way: the full Keras model, base frozen),
* fine-tuning every layer, and training the same network from scratch,
and the ratios. Run: ``python bench/transfer_head_time.py`` (times depend on the machine).
"""

from __future__ import annotations

import dataclasses
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine.tf_runtime import get_tf
from engine.transfer.config import TransferConfig
from engine.transfer.data import demo_task
from engine.transfer.run import TransferRun

EPOCHS = 10


def main() -> None:
    get_tf()
    cfg = dataclasses.replace(TransferConfig(), classes=5, per_class=10, batch_size=8, epochs=EPOCHS)
    task = demo_task(cfg.classes, cfg.per_class, cfg.data_seed)
    assert len(task.y_train) == 50
    started = time.perf_counter()
    run = TransferRun(cfg, task)
    build = time.perf_counter() - started
    started = time.perf_counter()
    run._ensure_compiled(wait=True)
    compile_s = time.perf_counter() - started
    for _ in range(EPOCHS):
        snap = run.step()
    per_epoch = {r.key: r.seconds / EPOCHS for r in snap.racers}

    print(f"50 generated images, 5 classes, batch {cfg.batch_size}, {EPOCHS} epochs, base = {cfg.cut}")
    print(f"build three networks: {build:.2f} s, compile their steps: {compile_s:.2f} s (once per run)")
    print(f"{'network':<34}{'ms / epoch':>12}{'x frozen':>10}{'val acc':>10}")
    frozen = per_epoch["frozen"]
    for r in snap.racers:
        print(
            f"{r.label:<34}{1000 * per_epoch[r.key]:>12.1f}{per_epoch[r.key] / frozen:>10.2f}{r.val_acc:>10.0%}"
        )
    print(f"head training, 50 images x {EPOCHS} epochs: {frozen * EPOCHS:.2f} s (frozen base in the graph)")
    run.stop()


if __name__ == "__main__":
    main()
