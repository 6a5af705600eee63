"""The shared harness of the browser tests and the benchmarks (``tests/harness.py``), minus the
parts that need a server or a browser (the e2e tests and the bench scripts exercise those)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

from tests.harness import CpuMeter, free_port, pinned, server_env


def test_free_port_can_be_bound() -> None:
    port = free_port()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))


def test_pinned_prefixes_taskset_only_when_asked() -> None:
    assert pinned(["python"], None) == ["python"]
    assert pinned(["python"], 1) == ["taskset", "-c", "1", "python"]


def test_server_env_drops_streamlit_settings_and_adds_extra(monkeypatch) -> None:
    monkeypatch.setenv("STREAMLIT_SERVER_PORT", "1")
    env = server_env({"STREAMLIT_RUNNER_POST_SCRIPT_GC": "false", "MLP_OFFLINE": "1"})
    assert "STREAMLIT_SERVER_PORT" not in env
    assert env["STREAMLIT_RUNNER_POST_SCRIPT_GC"] == "false" and env["MLP_OFFLINE"] == "1"
    assert env["STREAMLIT_BROWSER_GATHER_USAGE_STATS"] == "false"


def test_cpu_meter_counts_a_busy_child_and_not_an_idle_one() -> None:
    busy = "import time\nend = time.monotonic() + 1.5\nwhile time.monotonic() < end: pass\n"
    idle = "import time; time.sleep(1.5)"
    procs = [subprocess.Popen([sys.executable, "-c", code]) for code in (busy, idle)]
    try:
        time.sleep(0.2)  # both started
        tree, idle_only = CpuMeter(os.getpid()), CpuMeter(procs[1].pid)
        before, idle_before = tree.snapshot(), idle_only.snapshot()
        assert {p.pid for p in procs} <= before.keys()
        assert CpuMeter(os.getpid(), children=False).snapshot().keys() == {os.getpid()}
        time.sleep(0.8)
        assert tree.used(before, tree.snapshot()) > 0.2  # the busy child (shared cores: a margin)
        assert idle_only.used(idle_before, idle_only.snapshot()) < 0.1
    finally:
        for proc in procs:
            proc.kill()
            proc.wait()
