"""Players: views that animate precomputed data in the browser (no server round trip per frame).

Unlike the live views (``ui/live``) they hold no connection: the page embeds the
whole animation's data with :func:`ui.embed.embed_view`, and the view plays it
with its own Play / Pause / Step.

* ``static/basics_trace.html``: a training trace (gradient descent, linear and
  logistic regression), data ``window.BASICS`` (:mod:`ui.basics.trace_view`);
* ``static/conv_step.html``: a convolution computed cell by cell, data
  ``window.CONV_DATA`` (:mod:`ui.conv.step`).
"""

from __future__ import annotations

from pathlib import Path

STATIC_DIR = Path(__file__).parent / "static"
BASICS_TRACE = STATIC_DIR / "basics_trace.html"
CONV_STEP = STATIC_DIR / "conv_step.html"
