"""The hosting files in ``deploy/`` say what deploy/README.md promises (no server is started).

* ``haproxy.cfg``: HAProxy's own check (``haproxy -c``, when HAProxy is installed; in CI it
  must be), and the directives the replicas rely on: an inserted affinity cookie (never
  ``balance source``), redispatch, the health check path, long WebSocket timeouts;
* ``Dockerfile``: the base image, a non-root user, the port, the health check, the command;
* ``k8s.yaml`` (PyYAML): replicas, probes, resources, the Service selecting the Deployment's
  pods, the Ingress's cookie affinity and WebSocket timeouts;
* ``run_replicas.py``: its environment for HAProxy and its command line.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

from deploy import run_replicas
from tests.harness import ROOT, HarnessError

DEPLOY = ROOT / "deploy"
HEALTH = "/_stcore/health"
PORT = 8501


def _seconds(text: str) -> float:
    """An HAProxy time ("5s", "2h", "500ms", "30000" = ms) in seconds."""
    number, unit = re.fullmatch(r"(\d+)(us|ms|s|m|h|d)?", text).groups()
    return int(number) * {"us": 1e-6, "ms": 1e-3, "s": 1, "m": 60, "h": 3600, "d": 86400, None: 1e-3}[unit]


def haproxy_sections(text: str) -> dict[str, list[list[str]]]:
    """deploy/haproxy.cfg as section header ("defaults", "backend replicas") -> its directives,
    each split into words; comments dropped, conditional-block lines (``.if``) skipped, the
    lines inside them kept."""
    sections: dict[str, list[list[str]]] = {}
    current = None
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line or line.startswith("."):
            continue
        words = shlex.split(line)
        if not raw[0].isspace():
            current = " ".join(words)
            sections[current] = []
        else:
            assert current is not None, f"directive outside a section: {raw!r}"
            sections[current].append(words)
    return sections


@pytest.fixture(scope="module")
def haproxy() -> dict[str, list[list[str]]]:
    return haproxy_sections((DEPLOY / "haproxy.cfg").read_text())


def _directives(section: list[list[str]], *first: str) -> list[list[str]]:
    return [words for words in section if words[: len(first)] == list(first)]


@pytest.mark.usefixtures("haproxy_required")
def test_haproxy_accepts_the_config() -> None:
    one = run_replicas.check_config("127.0.0.1:8500", ("127.0.0.1:8501",))
    assert "valid" in one.lower()
    every = tuple(f"127.0.0.1:{9000 + i}" for i in range(run_replicas.MAX_REPLICAS))
    run_replicas.check_config(":8080", every)
    with pytest.raises(HarnessError, match="refused"):
        run_replicas.check_config("127.0.0.1:8500", ("not-a-host:port:x",))


def test_affinity_is_an_inserted_cookie_never_the_client_address(
    haproxy: dict[str, list[list[str]]],
) -> None:
    backend = haproxy["backend replicas"]
    (cookie,) = _directives(backend, "cookie")
    assert cookie[1] == run_replicas.COOKIE
    assert {"insert", "indirect", "nocache", "httponly"} <= set(cookie)
    for words in (w for section in haproxy.values() for w in section):
        assert words[:2] != ["balance", "source"], "source-IP balancing puts a whole NAT on one replica"
        assert words[:2] != ["stick", "on"], "stick tables keyed on the address are IP affinity too"
    assert _directives(backend, "balance") == [["balance", "leastconn"]]
    servers = _directives(backend, "server")
    assert [s[1] for s in servers] == [run_replicas.replica_name(i) for i in range(run_replicas.MAX_REPLICAS)]
    for i, server in enumerate(servers):
        assert server[2] == f"${{MLP_REPLICA_{i + 1}}}"  # the launcher's environment names them
        assert server[3:5] == ["cookie", server[1]]


def test_a_dead_replica_is_checked_out_and_its_learners_redispatched(
    haproxy: dict[str, list[list[str]]],
) -> None:
    defaults, backend = haproxy["defaults"], haproxy["backend replicas"]
    assert ["option", "redispatch", "1"] in defaults  # every retry may pick another replica
    assert int(_directives(defaults, "retries")[0][1]) >= 1
    assert ["option", "httpchk", "GET", HEALTH] in backend
    assert ["http-check", "expect", "status", "200"] in backend
    (default_server,) = _directives(backend, "default-server")
    assert "check" in default_server
    assert default_server[default_server.index("on-marked-down") + 1] == "shutdown-sessions"
    assert ["http-response", "set-header", "X-Replica", "%s"] in backend


def test_websockets_may_idle_for_a_lesson(haproxy: dict[str, list[list[str]]]) -> None:
    timeouts = {w[1]: _seconds(w[2]) for w in _directives(haproxy["defaults"], "timeout")}
    assert timeouts["tunnel"] >= 3600  # upgraded sockets: /_stcore/stream and /api/live/...
    assert timeouts["client"] >= 30 and timeouts["server"] >= 30
    assert timeouts["connect"] <= 10  # a dead replica is found out quickly
    assert ["mode", "http"] in haproxy["defaults"]  # upgrades and cookies need HTTP mode
    # Host is passed on untouched: Streamlit and the live channel compare it with Origin.
    assert not any(w[:1] == ["http-request"] and "Host" in w for s in haproxy.values() for w in s)


def dockerfile(path: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) per instruction, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n", " ", path.read_text())
    result = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            result.append((word.upper(), rest.strip()))
    return result


def test_dockerfile_runs_the_app_as_a_user_with_a_health_check() -> None:
    steps = dockerfile(DEPLOY / "Dockerfile")
    kinds = [kind for kind, _ in steps]
    assert steps[0] == ("FROM", "python:3.11-slim")
    assert any(kind == "RUN" and "pip install" in args for kind, args in steps)
    users = [args for kind, args in steps if kind == "USER"]
    assert users and users[-1] not in ("root", "0"), "the app must not run as root"
    assert kinds.index("USER") > max(i for i, k in enumerate(kinds) if k == "RUN")
    assert ("EXPOSE", str(PORT)) in steps
    (health,) = [args for kind, args in steps if kind == "HEALTHCHECK"]
    assert f"127.0.0.1:{PORT}{HEALTH}" in health
    (cmd,) = [args for kind, args in steps if kind == "CMD"]
    command = yaml.safe_load(cmd)  # the exec form is a JSON list
    assert command[:3] == ["streamlit", "run", "app.py"]
    flags = dict(zip(command[3::2], command[4::2], strict=True))
    assert flags == {"--server.headless": "true", "--server.address": "0.0.0.0", "--server.port": str(PORT)}


@pytest.fixture(scope="module")
def k8s() -> dict[str, dict[str, Any]]:
    docs = [d for d in yaml.safe_load_all((DEPLOY / "k8s.yaml").read_text()) if d]
    by_kind = {doc["kind"]: doc for doc in docs}
    assert sorted(by_kind) == ["Deployment", "Ingress", "Service"] and len(docs) == 3
    return by_kind


def test_deployment_replicas_probe_the_health_endpoint(k8s: dict[str, dict[str, Any]]) -> None:
    spec = k8s["Deployment"]["spec"]
    assert spec["replicas"] >= 2
    pod = spec["template"]
    assert spec["selector"]["matchLabels"].items() <= pod["metadata"]["labels"].items()
    (container,) = pod["spec"]["containers"]
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    assert ports == {"http": PORT}
    for probe in ("readinessProbe", "livenessProbe"):
        get = container[probe]["httpGet"]
        assert get["path"] == HEALTH and ports.get(get["port"], get["port"]) == PORT
    env = {e["name"]: e for e in container["env"]}
    assert int(env["MLP_MAX_ACTIVE_RUNS"]["value"]) >= 1
    assert "secretKeyRef" in env["STREAMLIT_SERVER_COOKIE_SECRET"]["valueFrom"]
    assert {"cpu", "memory"} <= container["resources"]["requests"].keys()
    assert "memory" in container["resources"]["limits"]
    assert pod["spec"]["securityContext"]["runAsNonRoot"] is True


def test_service_and_ingress_reach_the_pods_with_cookie_affinity(k8s: dict[str, dict[str, Any]]) -> None:
    service, ingress = k8s["Service"], k8s["Ingress"]
    pod_labels = k8s["Deployment"]["spec"]["template"]["metadata"]["labels"]
    assert service["spec"]["selector"].items() <= pod_labels.items()
    assert "sessionAffinity" not in service["spec"] or service["spec"]["sessionAffinity"] == "None"
    (svc_port,) = service["spec"]["ports"]
    assert svc_port["targetPort"] == "http"

    notes = ingress["metadata"]["annotations"]
    prefix = "nginx.ingress.kubernetes.io/"
    assert notes[prefix + "affinity"] == "cookie"
    assert notes[prefix + "session-cookie-name"] == run_replicas.COOKIE
    assert notes[prefix + "session-cookie-change-on-failure"] == "true"
    assert int(notes[prefix + "proxy-read-timeout"]) >= 3600
    assert int(notes[prefix + "proxy-send-timeout"]) >= 3600
    (rule,) = ingress["spec"]["rules"]
    (path,) = rule["http"]["paths"]
    backend = path["backend"]["service"]
    assert backend["name"] == service["metadata"]["name"]
    assert backend["port"]["name"] == svc_port["name"]
    assert path["path"] == "/" and path["pathType"] == "Prefix"


def test_launcher_environment_and_command_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MLP_REPLICA_7", "stale:1")
    env = run_replicas.proxy_env("0.0.0.0:8500", ["127.0.0.1:8501", "127.0.0.1:8502"])
    replicas = {k: v for k, v in env.items() if k.startswith("MLP_REPLICA_")}
    assert replicas == {"MLP_REPLICA_1": "127.0.0.1:8501", "MLP_REPLICA_2": "127.0.0.1:8502"}
    assert env["MLP_PROXY_BIND"] == "0.0.0.0:8500"
    for count in (0, run_replicas.MAX_REPLICAS + 1):
        with pytest.raises(ValueError, match="replicas"):
            run_replicas.proxy_env(":8500", ["127.0.0.1:1"] * count)
    with pytest.raises(SystemExit) as done:
        run_replicas.main(["--help"])
    assert done.value.code == 0
    assert "sticky" in capsys.readouterr().out
