"""A stand-in replica for the monitoring tests: an HTTP server answering ``/api/metrics``.

Each request reads the counters a little further on (``step`` frames, examples and CPU
seconds per request), so rates between two scrapes are positive.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TEXT = """# TYPE mlp_sessions gauge
mlp_sessions {sessions}
# TYPE mlp_runs_active gauge
mlp_runs_active 2
# TYPE mlp_runs_queued gauge
mlp_runs_queued 1
# TYPE mlp_frames_sent_total counter
mlp_frames_sent_total {n}
# TYPE mlp_frame_bytes_sent_total counter
mlp_frame_bytes_sent_total {bytes}
# TYPE mlp_training_examples_total counter
mlp_training_examples_total {examples}
# TYPE mlp_process_threads gauge
mlp_process_threads 21
# TYPE process_resident_memory_bytes gauge
process_resident_memory_bytes 3.5e+08
# TYPE process_cpu_seconds_total counter
process_cpu_seconds_total {cpu}
"""


@contextmanager
def fake_replica(sessions: int = 7, step: int = 100, token: str | None = None) -> Iterator[str]:
    """Serve fake metrics on a free loopback port; yields the replica's base URL."""
    hits = [0]

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path != "/api/metrics":
                self.send_error(404)
                return
            if token and self.headers.get("Authorization") != f"Bearer {token}":
                self.send_error(401)
                return
            hits[0] += 1
            n = hits[0] * step
            body = TEXT.format(sessions=sessions, n=n, bytes=n * 1000, examples=n * 50, cpu=n / 1000).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; version=0.0.4")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def down_replica_url() -> str:
    """A loopback URL where nothing listens (a port just freed): connections are refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"
