"""A simulated learner: a real Streamlit session driven over Streamlit's own WebSocket protocol.

No browser: :class:`StreamlitSession` speaks ``/_stcore/stream`` as the frontend does (the
``streamlit.proto`` ``BackMsg``/``ForwardMsg`` messages): the first ``rerun_script`` carries the
page's name and the URL's query; a button press is a rerun whose ``widget_states`` hold the
button's id with ``trigger_value``; a ``st.fragment(run_every=...)`` is rerun on the server's
``auto_rerun`` interval (and stopped as the frontend stops it). :class:`LiveClient` opens the
page's live view (``/api/live/{token}/{view}``, the token read from the view's iframe) and
acknowledges every frame, as ``ui/live/static/live.js`` does. :class:`Learner` ties both.

Used by ``bench/classroom.py`` (many learners in one asyncio process) and by
``tests/bench/test_classroom_smoke.py``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import struct
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import ClientConnection, connect

#: The live view's token, as ``ui.live.view.live_view`` writes it into the iframe's HTML.
TOKEN_RE = re.compile(r'"token":"([A-Za-z0-9_\-]+)"')


#: A whole script run ended (a fragment's run or one cut short by a rerun does not count).
DONE = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR)


class LearnerError(RuntimeError):
    """The server did not answer as a browser would expect."""


def decode_frame(data: bytes) -> dict[str, Any]:
    """A live frame's JSON header (``[u32 length][JSON header][buffers]``, as in live.js)."""
    (n,) = struct.unpack_from("<I", data, 0)
    return json.loads(data[4 : 4 + n])


@dataclass
class FrameStamp:
    """One live frame as the learner received it (``t``: ``time.monotonic()``)."""

    t: float
    status: str
    epoch: int
    seen: int
    size: int


class StreamlitSession:
    """One browser tab's Streamlit session, without the browser.

    Args:
        base_url: ``http://host:port`` of the app.
        page: the page's URL path (``"playground"``).
        query: the URL's query string, without ``?``.
    """

    def __init__(self, base_url: str, page: str, query: str = "") -> None:
        self.base_url = base_url.rstrip("/")
        self.page = page
        self.query = query
        self.page_script_hash = ""
        self.buttons: dict[str, str] = {}  # widget id -> label
        self.iframe_html: list[str] = []
        self.notices: list[str] = []  # st.info / st.error / ... texts, in the order received
        self.runs_finished = 0
        self.auto_reruns = 0
        self._ws: ClientConnection | None = None
        self._reader: asyncio.Task | None = None
        self._finished = asyncio.Event()
        self._timers: dict[str, asyncio.Task] = {}

    # ---- connection --------------------------------------------------------------------------
    async def open(self, timeout: float = 120.0) -> None:
        """Connect and run the page once (as a browser opening ``/page?query``)."""
        parts = urlsplit(self.base_url)
        self._ws = await connect(
            f"ws://{parts.netloc}/_stcore/stream",
            origin=self.base_url,  # type: ignore[arg-type]
            subprotocols=["streamlit"],  # type: ignore[list-item]
            max_size=None,
            open_timeout=timeout,
        )
        self._reader = asyncio.create_task(self._read())
        await self.rerun(timeout=timeout)

    async def close(self) -> None:
        """Close the tab: the socket goes, the server ends the session."""
        for task in self._timers.values():
            task.cancel()
        self._timers.clear()
        if self._ws is not None:
            with contextlib.suppress(Exception):
                await self._ws.close()
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader

    # ---- what the page shows ---------------------------------------------------------------------
    def button_id(self, key: str) -> str:
        """The id of the button whose widget key is ``key`` (ids end with the user key)."""
        for widget_id in self.buttons:
            if widget_id.endswith(f"-{key}"):
                return widget_id
        raise LearnerError(f"no button with key {key!r} on the page (seen: {sorted(self.buttons)})")

    def button_label(self, key: str) -> str:
        return self.buttons[self.button_id(key)]

    def live_token(self) -> str:
        """The session's live-view token (from the live view's iframe)."""
        for html in reversed(self.iframe_html):
            match = TOKEN_RE.search(html)
            if match:
                return match.group(1)
        raise LearnerError("no live view on the page")

    # ---- actions ---------------------------------------------------------------------------------
    async def rerun(
        self, trigger: str | None = None, fragment_id: str = "", timeout: float = 120.0, wait: bool = True
    ) -> None:
        """A rerun as the frontend sends it; ``trigger``: a button's widget id to press."""
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query
        if self.page_script_hash:
            state.page_script_hash = self.page_script_hash
        else:
            state.page_name = self.page
        if trigger is not None:
            widget = state.widget_states.widgets.add()
            widget.id = trigger
            widget.trigger_value = True
        if fragment_id:
            state.fragment_id = fragment_id
            state.is_auto_rerun = True
        if wait:
            self._finished.clear()
        assert self._ws is not None, "open() first"
        await self._ws.send(msg.SerializeToString())
        if wait:
            try:
                await asyncio.wait_for(self._finished.wait(), timeout)
            except TimeoutError:
                raise LearnerError(f"no script run finished within {timeout:g} s") from None

    async def press(self, key: str, timeout: float = 60.0, wait: bool = True) -> float:
        """Press the button ``key``; returns ``time.monotonic()`` when the trigger was sent."""
        widget_id = self.button_id(key)
        sent = time.monotonic()
        await self.rerun(trigger=widget_id, timeout=timeout, wait=wait)
        return sent

    # ---- the server's messages -----------------------------------------------------------------
    async def _read(self) -> None:
        assert self._ws is not None
        with contextlib.suppress(Exception):
            async for data in self._ws:
                if isinstance(data, bytes):
                    self._handle(data)

    def _handle(self, data: bytes) -> None:
        msg = ForwardMsg()
        msg.ParseFromString(data)
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            if msg.new_session.page_script_hash:
                self.page_script_hash = msg.new_session.page_script_hash
            if not msg.metadata.run.fragment_ids:  # a full run: the frontend drops every timer
                for fragment_id in list(self._timers):
                    self._stop_timer(fragment_id)
        elif kind == "navigation":
            self.page_script_hash = msg.navigation.page_script_hash or self.page_script_hash
        elif kind == "page_info_changed":
            self.query = msg.page_info_changed.query_string
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            which = element.WhichOneof("type")
            if which == "button":
                self.buttons[element.button.id] = element.button.label
            elif which == "alert":
                self.notices.append(element.alert.body)
            elif which == "iframe" and element.iframe.srcdoc:
                self.iframe_html = [*self.iframe_html[-3:], element.iframe.srcdoc]
        elif kind == "script_finished":
            self.runs_finished += 1
            if msg.script_finished in DONE:  # a whole run (not a fragment's, not cut short)
                self._finished.set()
        elif kind == "auto_rerun":
            self._start_timer(msg.auto_rerun.fragment_id, msg.auto_rerun.interval)
        elif kind == "stop_auto_rerun":
            for fragment_id in msg.stop_auto_rerun.fragment_ids:
                self._stop_timer(fragment_id)

    def _start_timer(self, fragment_id: str, interval: float) -> None:
        """The frontend's ``setInterval``: rerun the fragment every ``interval`` seconds."""
        if fragment_id in self._timers:
            return
        self._timers[fragment_id] = asyncio.create_task(self._tick(fragment_id, interval))

    def _stop_timer(self, fragment_id: str) -> None:
        task = self._timers.pop(fragment_id, None)
        if task is not None:
            task.cancel()

    async def _tick(self, fragment_id: str, interval: float) -> None:
        with contextlib.suppress(Exception):
            while True:
                await asyncio.sleep(interval)
                self.auto_reruns += 1
                await self.rerun(fragment_id=fragment_id, wait=False)


class LiveClient:
    """The page's live view without a browser: receives frames, acknowledges each one at once
    (``ack``, as live.js does once the frame is drawn) and records what it needs of them.

    ``hidden`` stops the acks, as a hidden browser tab does (the server then sends nothing more).
    """

    def __init__(self, base_url: str, token: str, view: str) -> None:
        self.url = f"ws://{urlsplit(base_url).netloc}/api/live/{token}/{view}"
        self.origin = base_url.rstrip("/")
        self.frames: list[FrameStamp] = []
        self.hidden = False
        self.closed_code: int | None = None
        self._ws: ClientConnection | None = None
        self._task: asyncio.Task | None = None
        self._listeners: list[Callable[[FrameStamp], None]] = []

    async def open(self, timeout: float = 30.0) -> None:
        self._ws = await connect(self.url, origin=self.origin, max_size=None, open_timeout=timeout)  # type: ignore[arg-type]
        self._task = asyncio.create_task(self._read())

    async def close(self) -> None:
        if self._ws is not None:
            with contextlib.suppress(Exception):
                await self._ws.close()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task

    async def _read(self) -> None:
        assert self._ws is not None
        try:
            async for data in self._ws:
                if not isinstance(data, bytes):
                    continue
                header = decode_frame(data)
                stamp = FrameStamp(
                    time.monotonic(),
                    str(header.get("status", "")),
                    int(header.get("epoch", 0)),
                    int(header.get("seen", 0)),
                    len(data),
                )
                self.frames.append(stamp)
                for listener in list(self._listeners):
                    listener(stamp)
                if not self.hidden:
                    await self._ws.send("ack")
        except Exception:
            pass
        finally:
            self.closed_code = self._ws.close_code

    async def show(self) -> None:
        """The tab is shown again: acknowledge (live.js does on ``visibilitychange``)."""
        self.hidden = False
        assert self._ws is not None
        await self._ws.send("ack")

    async def first(self, predicate: Callable[[FrameStamp], bool], timeout: float) -> FrameStamp:
        """The first frame from now on (or the latest one) for which ``predicate`` holds."""
        if self.frames and predicate(self.frames[-1]):
            return self.frames[-1]
        loop = asyncio.get_running_loop()
        found: asyncio.Future[FrameStamp] = loop.create_future()

        def listen(stamp: FrameStamp) -> None:
            if not found.done() and predicate(stamp):
                found.set_result(stamp)

        self._listeners.append(listen)
        try:
            return await asyncio.wait_for(found, timeout)
        except TimeoutError:
            last = self.frames[-1] if self.frames else None
            raise LearnerError(f"no such frame within {timeout:g} s (last: {last})") from None
        finally:
            self._listeners.remove(listen)

    def window(self, start: float, end: float) -> list[FrameStamp]:
        """The frames received between two ``time.monotonic()`` readings."""
        return [f for f in self.frames if start <= f.t <= end]


@dataclass
class Learner:
    """A learner on a live page: the Streamlit session plus its live view.

    ``key_prefix``: the page's widget-key prefix (``"playground-"``); Play/Pause is ``<prefix>play``.
    """

    base_url: str
    page: str
    query: str = ""
    view: str = ""
    key_prefix: str = ""
    session: StreamlitSession = field(init=False)
    live: LiveClient | None = field(default=None, init=False)
    pause_latencies: list[float] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        self.view = self.view or self.page
        self.key_prefix = self.key_prefix or f"{self.page}-"
        self.session = StreamlitSession(self.base_url, self.page, self.query)

    @property
    def play_key(self) -> str:
        return f"{self.key_prefix}play"

    async def open(self, timeout: float = 120.0, watch: bool = True) -> None:
        """Open the page (and, with ``watch``, its live view)."""
        await self.session.open(timeout=timeout)
        if watch:
            self.live = LiveClient(self.base_url, self.session.live_token(), self.view)
            await self.live.open()

    async def play(self, timeout: float = 60.0) -> None:
        """Press Play and wait until the view shows the run training."""
        if self.session.button_label(self.play_key) != "Play":
            raise LearnerError(f"the button reads {self.session.button_label(self.play_key)!r}, not Play")
        await self.session.press(self.play_key, timeout=timeout)
        if self.live is not None:
            await self.live.first(lambda f: f.status in ("running", "queued"), timeout)

    async def pause(self, timeout: float = 60.0) -> float:
        """Press Pause; returns the seconds from the trigger to the first "paused" frame."""
        assert self.live is not None, "pause() measures on the live view: open(watch=True)"
        paused = asyncio.create_task(self.live.first(lambda f: f.status == "paused", timeout))
        await asyncio.sleep(0)  # the listener is in place before the trigger goes out
        sent = await self.session.press(self.play_key, timeout=timeout, wait=False)
        frame = await paused
        latency = frame.t - sent
        self.pause_latencies.append(latency)
        return latency

    async def close(self) -> None:
        if self.live is not None:
            await self.live.close()
        await self.session.close()
