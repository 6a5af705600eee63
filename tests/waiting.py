"""Polling helper shared by the tests that drive background threads."""

from __future__ import annotations

import time
from collections.abc import Callable

TIMEOUT = 5.0


def wait_until(pred: Callable[[], bool], timeout: float = TIMEOUT, poll: float = 0.002) -> bool:
    """Poll ``pred`` until it is true; False on timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return True
        time.sleep(poll)
    return pred()
