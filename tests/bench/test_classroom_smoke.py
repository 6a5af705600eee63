"""The classroom benchmark's simulated learner against a real ``streamlit run app.py`` (no browser),
so ``bench/classroom.py`` cannot rot: it opens the playground over Streamlit's WebSocket protocol,
presses Play, receives live frames, presses Pause and sees "paused". Also the server side of a
run nobody watches: a hidden tab stops acknowledging, the run pauses itself, and the page and
the view say why."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from bench.learner_client import Learner
from engine.live.run import unwatched_message
from tests.harness import StreamlitServer, streamlit_server

UNWATCHED_S = 3.0
QUERY = "data=xor&net=2"  # a small network: quick to build and to trace


@pytest.fixture(scope="module")
def server() -> Iterator[StreamlitServer]:
    with streamlit_server(env={"MLP_UNWATCHED_PAUSE_S": str(UNWATCHED_S)}) as running:
        yield running


def test_learner_plays_receives_frames_and_pauses(server: StreamlitServer) -> None:
    async def scenario() -> None:
        learner = Learner(server.url, "playground", QUERY)
        await learner.open()
        try:
            assert learner.session.button_label(learner.play_key) == "Play"
            await learner.play()
            assert learner.session.button_label(learner.play_key) == "Pause"
            assert learner.live is not None
            first = await learner.live.first(lambda f: f.status == "running" and f.epoch > 0, 60)
            later = await learner.live.first(lambda f: f.epoch > first.epoch, 30)  # it trains
            assert later.seen > first.seen
            latency = await learner.pause()
            assert latency > 0
            assert learner.live.frames[-1].status == "paused"
            await asyncio.sleep(0.5)
            assert learner.session.button_label(learner.play_key) == "Play"
        finally:
            await learner.close()

    asyncio.run(scenario())


def test_hidden_tab_run_pauses_itself_and_says_why(server: StreamlitServer) -> None:
    async def scenario() -> None:
        learner = Learner(server.url, "playground", QUERY)
        await learner.open()
        try:
            await learner.play()
            assert learner.live is not None
            await learner.live.first(lambda f: f.epoch > 0, 60)
            learner.live.hidden = True  # stops acknowledging, as a hidden tab does
            for _ in range(int(UNWATCHED_S * 10) + 100):  # the page's run-end check reruns it
                await asyncio.sleep(0.1)
                if learner.session.button_label(learner.play_key) == "Play":
                    break
            assert learner.session.button_label(learner.play_key) == "Play"
            assert unwatched_message(UNWATCHED_S) in learner.session.notices
            await learner.live.show()
            frame = await learner.live.first(lambda f: f.status == "paused", 10)
            assert frame.status == "paused"
        finally:
            await learner.close()

    asyncio.run(scenario())
