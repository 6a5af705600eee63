"""Run N ``streamlit run app.py`` replicas behind HAProxy with sticky sessions, on this machine.

    python deploy/run_replicas.py 3            # proxy on :8500, replicas on 127.0.0.1:8501-8503
    python deploy/run_replicas.py 2 --port 8080 --first-replica-port 9001

The replicas listen on loopback only; learners use the proxy's address. Ctrl-C (or SIGTERM)
stops the proxy and every replica. A replica that dies is reported and left out by the proxy
(its learners reconnect to a live one); it is not restarted (a supervisor's job: Docker's
restart policy, Kubernetes).

Importable: :func:`start_stack` / :func:`replica_stack` start the same stack for tests
(``tests/e2e/test_e2e_replicas.py``) and return a :class:`ReplicaStack`. Replicas are
started by the project's one server harness (``tests/harness.py``: ``start_streamlit``).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as `python deploy/run_replicas.py`
    sys.path.insert(0, str(ROOT))

from tests.harness import (  # noqa: E402
    HarnessError,
    StreamlitServer,
    _answers,
    _stop_group,
    start_streamlit,
)
from tests.waiting import wait_until  # noqa: E402

CONFIG = ROOT / "deploy" / "haproxy.cfg"
HAPROXY = os.environ.get("MLP_HAPROXY", "").strip() or shutil.which("haproxy") or "/usr/sbin/haproxy"
#: Replicas ``deploy/haproxy.cfg`` declares (``MLP_REPLICA_1`` .. ``MLP_REPLICA_8``).
MAX_REPLICAS = 8
#: The affinity cookie HAProxy inserts; its value is the replica's name (r1, r2, ...).
COOKIE = "MLP_REPLICA"
PROXY_START_TIMEOUT_S = 20.0


def haproxy_missing() -> str | None:
    """Why HAProxy cannot run here, or None when it can."""
    if not Path(HAPROXY).is_file() or not os.access(HAPROXY, os.X_OK):
        return f"{HAPROXY} is missing (sudo apt-get install haproxy, or set MLP_HAPROXY)"
    return None


def replica_name(index: int) -> str:
    """The proxy's name (and cookie value) for replica ``index`` (0-based): r1, r2, ..."""
    return f"r{index + 1}"


def proxy_env(bind: str, replicas: list[str]) -> dict[str, str]:
    """The environment ``deploy/haproxy.cfg`` reads: ``MLP_PROXY_BIND`` and one
    ``MLP_REPLICA_<i>`` ("host:port") per replica. Any MLP_REPLICA_* set in this environment
    is dropped first, so exactly ``replicas`` are served."""
    if not 1 <= len(replicas) <= MAX_REPLICAS:
        raise ValueError(f"1 to {MAX_REPLICAS} replicas (deploy/haproxy.cfg declares {MAX_REPLICAS})")
    env = {k: v for k, v in os.environ.items() if not k.startswith("MLP_REPLICA_")}
    env["MLP_PROXY_BIND"] = bind
    env.update({f"MLP_REPLICA_{i + 1}": address for i, address in enumerate(replicas)})
    return env


def check_config(bind: str = "127.0.0.1:8500", replicas: tuple[str, ...] = ("127.0.0.1:8501",)) -> str:
    """``haproxy -c`` on deploy/haproxy.cfg with these settings; its output. Raises
    :class:`HarnessError` if the configuration is refused."""
    done = subprocess.run(
        [HAPROXY, "-c", "-f", str(CONFIG)],
        env=proxy_env(bind, list(replicas)),
        capture_output=True,
        text=True,
        timeout=30,
    )
    output = done.stdout + done.stderr
    if done.returncode != 0:
        raise HarnessError(f"haproxy -c refused {CONFIG}:\n{output}")
    return output


@dataclass
class ReplicaStack:
    """HAProxy on ``host:port`` in front of ``replicas`` (``replicas[i]`` is named r{i+1})."""

    proxy: subprocess.Popen
    host: str
    port: int
    replicas: list[StreamlitServer]
    log_dir: Path
    stopped: bool = field(default=False, init=False)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def replica(self, name: str) -> StreamlitServer:
        """The replica the proxy calls ``name`` (the affinity cookie's value)."""
        return self.replicas[int(name.removeprefix("r")) - 1]

    def kill_replica(self, name: str, sig: int = signal.SIGKILL) -> None:
        """Kill replica ``name`` and its process group at once (SIGKILL: a crash, no goodbye)."""
        server = self.replica(name)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, sig)
        server.proc.wait(timeout=15)

    def dead(self) -> list[str]:
        """Names of the replicas whose process has exited."""
        return [replica_name(i) for i, s in enumerate(self.replicas) if s.proc.poll() is not None]

    def proxy_log(self, chars: int = 4000) -> str:
        try:
            return (self.log_dir / "haproxy.log").read_text(errors="replace")[-chars:]
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        """Stop the proxy first (no new requests), then every replica."""
        if self.stopped:
            return
        self.stopped = True
        _stop_group(self.proxy, timeout=10)
        with ThreadPoolExecutor(max_workers=len(self.replicas)) as pool:
            list(pool.map(lambda s: s.stop(), self.replicas))


def start_proxy(bind: str, replicas: list[str], log_path: Path) -> subprocess.Popen:
    """HAProxy in the foreground on ``bind`` ("host:port") with deploy/haproxy.cfg in front of
    ``replicas`` ("host:port" each, named r1, r2, ...), in its own process group; its log goes
    to ``log_path``. Returns at once (see :func:`start_stack` for waiting on it)."""
    with open(log_path, "wb") as log:
        return subprocess.Popen(
            [HAPROXY, "-db", "-f", str(CONFIG)],  # -db: foreground, logs on stdout
            env=proxy_env(bind, replicas),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def start_stack(
    n: int,
    *,
    port: int = 8500,
    first_replica_port: int | None = None,
    replica_ports: list[int] | None = None,
    host: str = "127.0.0.1",
    log_dir: Path | None = None,
    env: Mapping[str, str] | None = None,
    script: str | Path = "app.py",
) -> ReplicaStack:
    """Start ``n`` replicas (in parallel) and HAProxy on ``host:port`` in front of them; return
    once the proxy answers ``/_stcore/health`` through a replica.

    Replica ports: ``replica_ports``, else ``first_replica_port`` + 0..n-1 (default: the proxy's
    port + 1..n). ``env`` is added to every replica's environment (the harness drops this
    process's STREAMLIT_* variables: pass them here); the replicas share one
    ``server.cookieSecret`` (``env``'s STREAMLIT_SERVER_COOKIE_SECRET, else a random one), so a
    signed login cookie made by one replica stays valid on another after a failover. Logs: ``log_dir`` (default: a folder in the temp folder) holds
    ``replica-<i>.log`` and ``haproxy.log``. Raises :class:`HarnessError` if anything fails
    to start (what was started is stopped).
    """
    missing = haproxy_missing()
    if missing:
        raise HarnessError(missing)
    if not 1 <= n <= MAX_REPLICAS:
        raise ValueError(f"1 to {MAX_REPLICAS} replicas (deploy/haproxy.cfg declares {MAX_REPLICAS})")
    if replica_ports is None:
        first = first_replica_port if first_replica_port is not None else port + 1
        replica_ports = [first + i for i in range(n)]
    if len(replica_ports) != n:
        raise ValueError(f"{n} replicas need {n} ports, got {replica_ports}")
    log_dir = log_dir or Path(os.environ.get("TMPDIR", "/tmp")) / f"mlp-replicas-{port}"
    log_dir.mkdir(parents=True, exist_ok=True)
    replica_env = {
        "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32),
        # The Instructor page of any replica reads every replica's /api/metrics.
        "MLP_REPLICA_URLS": ",".join(f"http://127.0.0.1:{p}" for p in replica_ports),
        **(env or {}),
    }

    def start(i: int) -> StreamlitServer:
        return start_streamlit(
            script, port=replica_ports[i], log_path=log_dir / f"replica-{i + 1}.log", env=replica_env
        )

    with ThreadPoolExecutor(max_workers=n) as pool:
        futures = [pool.submit(start, i) for i in range(n)]
    started, errors = [], []
    for future in futures:
        try:
            started.append(future.result())
        except HarnessError as err:
            errors.append(str(err))
    if errors:
        for server in started:
            server.stop()
        raise HarnessError("\n".join(errors))
    proxy = start_proxy(f"{host}:{port}", [f"127.0.0.1:{s.port}" for s in started], log_dir / "haproxy.log")
    stack = ReplicaStack(proxy, host, port, started, log_dir)
    health = f"{stack.url}/_stcore/health"
    ok = wait_until(lambda: proxy.poll() is not None or _answers(health), PROXY_START_TIMEOUT_S, poll=0.1)
    if not ok or proxy.poll() is not None:
        log = stack.proxy_log()
        stack.stop()
        raise HarnessError(f"haproxy did not serve {health}:\n{log}")
    return stack


@contextlib.contextmanager
def replica_stack(n: int, **options: Any) -> Iterator[ReplicaStack]:
    """:func:`start_stack` as a context manager: everything is stopped on exit."""
    stack = start_stack(n, **options)
    try:
        yield stack
    finally:
        stack.stop()


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Run N ML Playground replicas (streamlit run app.py) behind HAProxy with "
        "cookie-based sticky sessions (deploy/haproxy.cfg). Ctrl-C stops everything.",
    )
    parser.add_argument("replicas", type=int, help=f"how many Streamlit processes (1-{MAX_REPLICAS})")
    parser.add_argument("--port", type=int, default=8500, help="the proxy's port (default 8500)")
    parser.add_argument(
        "--host",
        default="0.0.0.0",
        help="the proxy's address (default 0.0.0.0: the whole network; the replicas always "
        "listen on 127.0.0.1 only)",
    )
    parser.add_argument(
        "--first-replica-port", type=int, help="the first replica's port (default: the proxy's + 1)"
    )
    parser.add_argument("--log-dir", type=Path, help="where the logs go (default: /tmp/mlp-replicas-PORT)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    missing = haproxy_missing()
    if missing:
        print(missing, file=sys.stderr)
        return 2
    stop = {"signal": 0}

    def on_signal(signum: int, _frame: Any) -> None:
        stop["signal"] = signum

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, on_signal)
    print(f"starting {args.replicas} replicas and HAProxy ...", flush=True)
    try:
        stack = start_stack(
            args.replicas,
            port=args.port,
            host=args.host,
            first_replica_port=args.first_replica_port,
            log_dir=args.log_dir,
            # Streamlit settings given as STREAMLIT_* variables reach every replica.
            env={k: v for k, v in os.environ.items() if k.startswith("STREAMLIT_")},
        )
    except (HarnessError, ValueError) as err:
        print(err, file=sys.stderr)
        return 1
    shown = "localhost" if args.host in ("0.0.0.0", "::") else args.host
    print(f"ML Playground on http://{shown}:{args.port} (Ctrl-C stops)", flush=True)
    for i, server in enumerate(stack.replicas):
        print(f"  {replica_name(i)}: {server.url} (pid {server.pid}, log {server.log_path})", flush=True)
    print(f"  haproxy: pid {stack.proxy.pid}, log {stack.log_dir / 'haproxy.log'}", flush=True)
    reported: set[str] = set()
    code = 0
    try:
        while not stop["signal"]:
            if stack.proxy.poll() is not None:
                print(f"haproxy exited ({stack.proxy.returncode}):\n{stack.proxy_log()}", file=sys.stderr)
                code = 1
                break
            for name in set(stack.dead()) - reported:
                reported.add(name)
                server = stack.replica(name)
                print(
                    f"replica {name} ({server.url}) exited with {server.proc.returncode}; "
                    f"its learners move to the others. Log: {server.log_path}",
                    file=sys.stderr,
                    flush=True,
                )
            if len(reported) == len(stack.replicas):
                print("every replica has exited", file=sys.stderr)
                code = 1
                break
            time.sleep(0.5)
    finally:
        print("stopping ...", flush=True)
        stack.stop()
    return code


if __name__ == "__main__":
    sys.exit(main())
