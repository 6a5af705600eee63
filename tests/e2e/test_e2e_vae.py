"""The VAE page in a real browser: Play trains (frames arrive, the epoch rises), Pause acts, and the
view's own JavaScript decoder draws what the Keras decoder draws, wherever the learner clicks.

The view keeps ``window.__vae`` for tests: ``decode(z1, z2)`` (784 probabilities from the weights of
the last frame), ``weights()`` (those weights, flat) and ``state()`` (weight steps, hidden units,
the picked point)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from playwright.sync_api import expect

from engine.generative.vae.model import DecoderWeights, build_decoder
from tests.harness import IDLE, IFRAME, ViewFrame
from ui.navigation import page_for

pytestmark = pytest.mark.e2e
K = page_for("pages/vae.py").prefix
HIDDEN = 64

_READ = """() => {
  const s = window.__mlpLive, v = window.__vae;
  const text = (id) => document.getElementById(id).textContent;
  return {epoch: text("epoch"), status: text("status"), z: text("zval"), frames: s ? s.frames : 0,
          connected: !!(s && s.connected), vae: v ? v.state() : null};
}"""


def click(page: Any, key: str) -> None:
    page.locator(f".st-key-{key} [data-testid^=stBaseButton]").filter(visible=True).click()


def test_play_pause_and_the_browser_decoder_matches_keras(
    open_app: Callable[[str], Any], browser_errors: list[str]
) -> None:
    page = open_app(f"/vae?units={HIDDEN}&n=1000&epochs=200")
    page.wait_for_selector(IFRAME)
    view = ViewFrame(page, _READ, numbers=("epoch",))
    start = view.until("s.connected && s.lastHeader !== null && window.__vae.state().steps >= 0", "the view")
    assert start["epoch_n"] == 0 and start["status"] == "paused"

    click(page, K + "play")
    expect(view.el("status")).to_have_text("running", timeout=60_000)
    view.until("num('epoch') >= 2", "two epochs", timeout=90)
    frames = view.read()["frames"]
    page.wait_for_timeout(1000)
    assert view.read()["frames"] > frames + 5, "frames stopped arriving while training"
    page.wait_for_selector(IDLE)
    click(page, K + "play")  # pause
    expect(view.el("status")).to_have_text("paused")
    paused = view.until(
        "s.lastHeader.status === 'paused' && window.__vae.state().steps === s.lastHeader.steps",
        "the paused frame's weights",
    )
    page.wait_for_timeout(600)
    assert view.read()["epoch"] == paused["epoch"], "the counter moved while paused"

    # Click in the plane: the picked point moves and the decoded digit follows.
    plane = view.locator("#plane")
    box = plane.bounding_box()
    plane.click(position={"x": box["width"] * 0.7, "y": box["height"] * 0.3})
    picked = view.read()
    z = picked["vae"]["pointer"]
    assert z[0] > 0 and z[1] > 0 and picked["z"] == f"({z[0]:.2f}, {z[1]:.2f})"

    # The JavaScript decoder against Keras, on the weights the view holds.
    body = view.locator("body")
    flat = np.array(body.evaluate("() => window.__vae.weights()"), np.float32)
    h = HIDDEN
    w1, b1 = flat[: 2 * h].reshape(2, h), flat[2 * h : 3 * h]
    w2, b2 = flat[3 * h : 3 * h + 784 * h].reshape(h, 784), flat[3 * h + 784 * h :]
    decoder = build_decoder(h, seed=0)
    decoder.set_weights([w1, b1, w2, b2])
    points = np.array([z, [0.0, 0.0], [-2.5, 1.5]], np.float32)
    keras_out = decoder.predict(points, verbose=0)
    js_out = np.array(
        [body.evaluate("(el, p) => window.__vae.decode(p[0], p[1])", p.tolist()) for p in points]
    )
    assert js_out == pytest.approx(keras_out, abs=1e-5)
    assert DecoderWeights(w1, b1, w2, b2).decode(points).reshape(3, -1) == pytest.approx(keras_out, abs=1e-5)
    assert browser_errors == []
