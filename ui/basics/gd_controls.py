"""The gradient-descent row shared by the linear and logistic regression pages."""

from __future__ import annotations

from typing import Any

from ui.basics.common import options_with
from ui.url_state import PageState


def gd_controls(state: PageState, cols: Any, *, max_batch: int, learning_rates: tuple[float, ...]) -> None:
    """Method, batch size (mini-batch only), learning rate and epochs in the first four ``cols``.

    The config needs the fields ``method``, ``batch``, ``lr`` and ``epochs``.
    """
    method, batch, lr, epochs = cols[:4]
    state.widget("method", method)
    batch.number_input(
        "Batch size",
        1,
        max_batch,
        step=1,
        key=state.key("batch"),
        disabled=state.value("method") != "minibatch",
    )
    lr.select_slider(
        "Learning rate",
        options=options_with(learning_rates, state.value("lr")),
        key=state.key("lr"),
        format_func=lambda v: f"{v:g}",
    )
    state.widget("epochs", epochs)
