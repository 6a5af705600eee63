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
"""

from __future__ import annotations

import asyncio
import importlib
import time
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

from ui.live import session as live_session

MAX_FPS = 30.0
POLL_S = 0.01  # how often a connection looks for a newer snapshot
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
    receiver: asyncio.Task = asyncio.ensure_future(ws.receive_text())
    last_key: tuple[int, int] | None = None
    in_flight_since: float | None = None
    last_sent = 0.0
    run = None
    try:
        while not holder.closed:
            tick = time.monotonic()
            run = holder.get(view)
            waiting_ack = in_flight_since is not None and tick - in_flight_since < ACK_TIMEOUT_S
            if run is not None and not waiting_ack and tick - last_sent >= 1.0 / MAX_FPS:
                run.request_view()
                snap = run.snapshot()
                key = (id(run), snap.version)
                if key != last_key:
                    await ws.send_bytes(encoder.encode(snap))
                    last_key, in_flight_since = key, time.monotonic()
                    last_sent = tick
                    # Pipelining: the run builds the next view while the client draws
                    # this one, so an ack finds it ready instead of waiting for the
                    # training thread's next chunk boundary (tens of ms on a busy core).
                    run.request_view()
            timeout = max(0.0, POLL_S - (time.monotonic() - tick))
            done, _ = await asyncio.wait({receiver}, timeout=timeout)
            if receiver in done:
                message = receiver.result()  # raises WebSocketDisconnect when the tab closed
                if message == "ack":
                    in_flight_since = None  # drawn: the next tick asks the run for a new view
                receiver = asyncio.ensure_future(ws.receive_text())
        await ws.close(code=4410)
    except (WebSocketDisconnect, RuntimeError):
        pass
    finally:
        receiver.cancel()


def live_routes() -> list[BaseRoute]:
    """The routes ``app.py`` mounts on its ``st.App``."""
    return [
        WebSocketRoute("/api/live/{token}/{view}", live_socket),
        Route("/api/live-static/{name}", live_static),
    ]
