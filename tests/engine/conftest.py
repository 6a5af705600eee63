"""Fixtures shared by the engine tests that need real playground runs."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from engine.live.scheduler import ComputeScheduler
from engine.playground.config import PlaygroundConfig
from engine.playground.run import PlaygroundRun
from engine.tf_runtime import get_tf


@pytest.fixture(scope="module")
def runs() -> Iterator[Callable[[PlaygroundConfig], PlaygroundRun]]:
    """Factory of runs on a private one-slot scheduler; all are stopped at the end."""
    get_tf()
    made: list[PlaygroundRun] = []
    scheduler = ComputeScheduler(1, quantum_s=60.0)

    def make(cfg: PlaygroundConfig) -> PlaygroundRun:
        run = PlaygroundRun(cfg, scheduler=scheduler)
        made.append(run)
        return run

    yield make
    for run in made:
        run.stop()
    assert not any(run.alive for run in made)
