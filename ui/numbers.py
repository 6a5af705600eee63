"""Numbers as a learner reads them in a formula: a signed term after the first ("+ 2", "− 30")."""

from __future__ import annotations

from collections.abc import Callable


def signed(value: float, fmt: str | Callable[[float], str] = ".4g", minus: str = "−") -> str:
    """`` + 1.2`` or `` − 1.2`` (never ``+ -1.2``) for a term after the first; ``fmt`` is a format
    spec or a function of the magnitude; ``minus="-"`` inside LaTeX."""
    text = fmt(abs(value)) if callable(fmt) else format(abs(value), fmt)
    return f" {minus if value < 0 else '+'} {text}"


def count(n: int, unit: str, plural: str | None = None) -> str:
    """``"1 epoch"``, ``"5 epochs"``, ``"1,000 epochs"`` (``plural`` when not ``unit + "s"``)."""
    return f"{n:,} {unit if n == 1 else plural or unit + 's'}"


def server_load(active: int, slots: int, queued: int) -> str:
    """The live scheduler's state in words, e.g. "This server is training 3 runs now (up to 16 at once)."."""
    now = (
        "No run is training on this server now"
        if not active
        else f"This server is training {count(active, 'run')} now"
    )
    wait = f"; {count(queued, 'more run')} {'waits' if queued == 1 else 'wait'} for a turn" if queued else ""
    return f"{now} (up to {slots} at once){wait}."
