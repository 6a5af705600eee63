"""Polling for what is not in a browser: a run's background thread, a server's health
(``tests/harness.py``). A browser test waits on the page with Playwright instead:
``expect(locator)`` for the DOM, ``tests.harness.wait_js`` for a page's JavaScript state."""

from __future__ import annotations

import sys
import threading
import time
import traceback
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


def thread_stacks() -> str:
    """Every live thread's name and current stack: the message of a wait that timed out,
    so a hang in CI says where each thread was instead of only that it waited."""
    frames = sys._current_frames()
    parts = []
    for thread in threading.enumerate():
        frame = frames.get(thread.ident or -1)
        stack = "".join(traceback.format_stack(frame)[-8:]) if frame is not None else "  (no frame)\n"
        parts.append(f"--- thread {thread.name} (daemon={thread.daemon})\n{stack}")
    return "\n".join(parts)
