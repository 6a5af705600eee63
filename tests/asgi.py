"""Calling an ASGI app (Starlette routes) in-process, without a server or an HTTP client."""

from __future__ import annotations

import asyncio
from typing import Any


def get(app: Any, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
    """GET ``path``: (status, response headers with lower-case names, body text)."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 80),
    }
    sent: list[dict] = []

    async def receive() -> dict:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], {k.decode(): v.decode() for k, v in start["headers"]}, body.decode()


def websocket_first_message(app: Any, path: str, timeout_s: float = 5.0) -> dict:
    """Open a WebSocket on ``path``: the app's first message (``websocket.accept`` or ``websocket.close``)."""
    scope = {
        "type": "websocket",
        "asgi": {"version": "3.0"},
        "scheme": "ws",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 80),
        "subprotocols": [],
    }

    async def run() -> dict:
        inbox: asyncio.Queue[dict] = asyncio.Queue()
        outbox: asyncio.Queue[dict] = asyncio.Queue()
        await inbox.put({"type": "websocket.connect"})

        async def receive() -> dict:
            return await inbox.get()

        task = asyncio.ensure_future(app(scope, receive, outbox.put))
        try:
            return await asyncio.wait_for(outbox.get(), timeout_s)
        finally:
            await inbox.put({"type": "websocket.disconnect", "code": 1000})
            try:
                await asyncio.wait_for(task, timeout_s)
            except Exception:  # the app's own ending is not what is tested
                task.cancel()

    return asyncio.run(run())
