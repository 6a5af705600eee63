"""The app routes of the live-view channel (mounted by ``app.py``'s ``st.App``).

``/api/live/{token}/{view}`` (WebSocket) streams frames of the session's run
for ``view`` (one of ``VIEW_ENCODERS``); ``/api/live-static/{name}`` serves the
live views' files and plotly.js (from the installed plotly package: no CDN,
works offline; every embedded view loads it from ``ui.embed.PLOTLY_URL``).

Flow control: at most one frame is in flight per client. The server sends the
newest snapshot only after the client acknowledged the previous frame, so a
slow client skips frames instead of queueing them, and the server never
produces more than ``MAX_FPS`` frames a second per client. The next snapshot is
requested as soon as a frame is sent, so it is built while the client draws.
A connection sleeps until an ack, a new snapshot of its run (``LiveRun.subscribe``)
or the frame-rate cap wakes it: no polling. While the client keeps up (nothing
unacknowledged), the run is marked watched (``LiveRun.mark_watched``); a hidden or
closed tab acknowledges nothing, so its run pauses itself after a while.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import time
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

from engine.live import telemetry
from ui.live import session as live_session

MAX_FPS = 30.0
IDLE_S = 0.1  # how often an idle connection looks for a new run in its session
ACK_TIMEOUT_S = 2.0  # resend even without an ack after this long (a lost ack must not freeze)
STATIC_DIR = Path(__file__).parent / "static"  # the live views, live.js and live.css

#: view name -> "module:EncoderClass"; a class instance encodes snapshots for one connection.
VIEW_ENCODERS: dict[str, str] = {
    "playground": "ui.playground.frames:PlaygroundEncoder",
    "neuron": "ui.neuron.frames:NeuronEncoder",
    "optimizer_race": "ui.optim.frames:RaceEncoder",
    "mnist": "ui.mnist.frames:MnistEncoder",
    "rnn_forecast": "ui.sequences.forecast.frames:ForecastEncoder",
    "char_rnn": "ui.sequences.text.frames:TextEncoder",
    "attention": "ui.sequences.attention.frames:AttentionEncoder",
    "vae": "ui.generative.vae.frames:VaeEncoder",
    "gan": "ui.generative.gan.frames:GanEncoder",
    "transfer_learning": "ui.transfer.frames:TransferEncoder",
}


class Encoder(Protocol):
    def encode(self, snapshot: Any) -> bytes: ...


def _plotly_js() -> Path:
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def _static_file(name: str) -> Path | None:
    if name == "plotly.min.js":
        return _plotly_js()
    path = (STATIC_DIR / name).resolve()
    if path.parent != STATIC_DIR.resolve() or not path.is_file():
        return None
    return path


async def live_static(request: Request) -> Response:
    path = _static_file(request.path_params["name"])
    if path is None:
        return PlainTextResponse("not found", status_code=404)
    return FileResponse(path, headers={"Cache-Control": "public, max-age=3600"})


def _same_origin(ws: WebSocket) -> bool:
    """Refuse pages of other sites (a browser always sends Origin on WebSockets)."""
    origin = ws.headers.get("origin")
    if not origin:
        return True
    return urlsplit(origin).netloc == ws.headers.get("host", "")


def _make_encoder(view: str) -> Encoder | None:
    target = VIEW_ENCODERS.get(view)
    if target is None:
        return None
    module, cls = target.split(":")
    return getattr(importlib.import_module(module), cls)()


async def live_socket(ws: WebSocket) -> None:
    token = ws.path_params["token"]
    view = ws.path_params["view"]
    holder = live_session.lookup(token)
    if holder is None or view not in VIEW_ENCODERS or not _same_origin(ws):
        await ws.close(code=4404)
        return
    await ws.accept()
    encoder = _make_encoder(view)
    assert encoder is not None
    loop = asyncio.get_running_loop()
    wake = asyncio.Event()  # set by an ack, by a new snapshot of the watched run, or by a close

    def on_publish() -> None:  # on the run's thread
        loop.call_soon_threadsafe(wake.set)

    state: dict[str, Any] = {"in_flight_since": None}

    async def read_acks() -> None:
        try:
            while True:
                message = await ws.receive()
                if message["type"] == "websocket.disconnect":
                    return
                if message.get("text") == "ack":
                    state["in_flight_since"] = None  # drawn: the next turn asks for a new view
                    wake.set()
        except Exception:  # the socket went away
            return
        finally:
            state["closed"] = True
            wake.set()

    reader = asyncio.ensure_future(read_acks())
    last_key: tuple[int, int] | None = None
    last_sent = 0.0
    run: Any = None
    unsubscribe = None
    try:
        while not holder.closed and "closed" not in state:
            wake.clear()
            tick = time.monotonic()
            current = holder.get(view)
            if current is not run:  # a new run (a new network): follow it
                if unsubscribe is not None:
                    unsubscribe()
                run = current
                unsubscribe = run.subscribe(on_publish) if hasattr(run, "subscribe") else None
            since = state["in_flight_since"]
            waiting_ack = since is not None and tick - since < ACK_TIMEOUT_S
            due = last_sent + 1.0 / MAX_FPS
            if run is not None and not waiting_ack:
                if since is None and hasattr(run, "mark_watched"):
                    run.mark_watched()  # the client drew everything it got: someone watches
                if tick >= due:
                    run.request_view()
                    snap = run.snapshot()
                    key = (id(run), snap.version)
                    if key != last_key:
                        frame = encoder.encode(snap)
                        await ws.send_bytes(frame)
                        telemetry.record_frame(len(frame))
                        last_key, state["in_flight_since"], last_sent = key, time.monotonic(), tick
                        # Pipelining: the run builds the next view while the client draws
                        # this one, so an ack finds it ready instead of waiting for the
                        # training thread's next chunk boundary (tens of ms on a busy core).
                        run.request_view()
                        continue
            # Sleep until an ack, a new snapshot, the frame-rate cap or the ack timeout; at
            # the latest after IDLE_S (a new run in this session is noticed then).
            if waiting_ack:
                timeout = min(IDLE_S, since + ACK_TIMEOUT_S - tick)
            elif run is not None and tick < due:
                timeout = due - tick
            else:
                timeout = IDLE_S
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(max(timeout, 0.0)):
                    await wake.wait()
        if "closed" not in state:
            await ws.close(code=4410)
    except (WebSocketDisconnect, RuntimeError):
        pass
    finally:
        if unsubscribe is not None:
            unsubscribe()
        reader.cancel()


def live_routes() -> list[BaseRoute]:
    """The routes ``app.py`` mounts on its ``st.App``."""
    return [
        WebSocketRoute("/api/live/{token}/{view}", live_socket),
        Route("/api/live-static/{name}", live_static),
    ]
