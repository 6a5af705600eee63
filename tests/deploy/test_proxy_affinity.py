"""deploy/haproxy.cfg in front of two stand-in replicas (stdlib HTTP servers, no Streamlit):
learners from one address spread over both and stay on theirs; the Host header arrives
untouched; when a replica dies its learners land on the other one with a new cookie.

The browser test (tests/e2e/test_e2e_replicas.py) shows the same with the real app.
Skipped without HAProxy, except in CI (CI=true), where it must run.
"""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from deploy import run_replicas
from tests.harness import _answers, _stop_group, free_port
from tests.waiting import wait_until

LEARNERS = 6


class Replica(BaseHTTPRequestHandler):
    """Answers ``/_stcore/health`` and every other path with its name and the Host it saw."""

    def do_GET(self) -> None:
        body = f"{self.server.name} {self.headers.get('Host')} {self.headers.get('Cookie')}".encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:  # quiet
        pass


def _replica(name: str) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Replica)
    server.name = name  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def proxy(haproxy_required: None, tmp_path: Path) -> Iterator[tuple[int, list[ThreadingHTTPServer]]]:
    replicas = [_replica("r1"), _replica("r2")]
    port = free_port()
    addresses = [f"127.0.0.1:{r.server_address[1]}" for r in replicas]
    proc = run_replicas.start_proxy(f"127.0.0.1:{port}", addresses, tmp_path / "haproxy.log")
    try:
        assert wait_until(lambda: _answers(f"http://127.0.0.1:{port}/_stcore/health"), timeout=15, poll=0.05)
        yield port, replicas
    finally:
        _stop_group(proc, timeout=10)
        for replica in replicas:
            replica.shutdown()
            replica.server_close()


def _get(port: int, cookie: str | None, host: str = "class.example:8080") -> tuple[str, str | None, str]:
    """GET /playground through the proxy: (the replica's answer, the Set-Cookie, X-Replica)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request(
            "GET", "/playground?data=xor", headers={"Host": host, **({"Cookie": cookie} if cookie else {})}
        )
        resp = conn.getresponse()
        return resp.read().decode(), resp.getheader("Set-Cookie"), resp.getheader("X-Replica")
    finally:
        conn.close()


def test_learners_spread_stick_and_move_when_their_replica_dies(
    proxy: tuple[int, list[ThreadingHTTPServer]],
) -> None:
    port, replicas = proxy
    jars = []
    for _ in range(LEARNERS):  # one address, no cookie yet: the proxy picks and sets the cookie
        body, set_cookie, served_by = _get(port, None)
        name, host, seen_cookie = body.split(" ", 2)
        assert set_cookie is not None and set_cookie.startswith(f"{run_replicas.COOKIE}={name};")
        assert served_by == name and host == "class.example:8080"  # Host passed on untouched
        assert seen_cookie == "None"  # `indirect`: the replica never sees the proxy's cookie
        jars.append(set_cookie.split(";", 1)[0])
    on = [jar.split("=", 1)[1] for jar in jars]
    assert sorted(set(on)) == ["r1", "r2"], on

    for jar, name in zip(jars, on, strict=True):  # every later request stays on its replica
        for _ in range(3):
            body, set_cookie, _ = _get(port, jar)
            assert body.split(" ", 1)[0] == name and set_cookie is None

    replicas[0].shutdown()  # r1 dies: its port refuses connections
    replicas[0].server_close()
    for jar, name in zip(jars, on, strict=True):
        body, set_cookie, served_by = _get(port, jar)
        assert served_by == "r2" and body.startswith("r2 ")
        if name == "r1":  # redispatched, and told so: the browser's next requests go to r2
            assert set_cookie is not None and set_cookie.startswith(f"{run_replicas.COOKIE}=r2;")
        else:
            assert set_cookie is None
