"""``/api/metrics``: this process's figures in Prometheus's text format (mounted by ``app.py``).

``MLP_METRICS_TOKEN``, when set, makes the route require ``Authorization: Bearer <token>``.
The class password does not cover it: Prometheus cannot log in, and the page holds only
counts (no names, no tokens, no content).
"""

from __future__ import annotations

import functools
import os

from prometheus_client import CollectorRegistry
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from engine.monitoring.metrics import CONTENT_TYPE_LATEST, bearer_ok, build_registry, exposition

TOKEN_ENV = "MLP_METRICS_TOKEN"


def active_sessions() -> int | None:
    """Browser sessions connected to this process (Streamlit's runtime); None without one."""
    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return None
    try:
        return Runtime.instance()._session_mgr.num_active_sessions()  # no public accessor in 1.67
    except AttributeError:
        return None


@functools.cache
def registry() -> CollectorRegistry:
    """The process's one metrics registry (built on first use)."""
    return build_registry(active_sessions)


def metrics_text() -> str:
    """This process's metrics as Prometheus text (what the route serves)."""
    return exposition(registry()).decode()


def metrics(request: Request) -> Response:
    """The route (sync: Starlette runs it in its thread pool, off the event loop)."""
    token = os.environ.get(TOKEN_ENV, "")
    if token and not bearer_ok(request.headers.get("authorization"), token):
        return PlainTextResponse("unauthorized", status_code=401, headers={"WWW-Authenticate": "Bearer"})
    return Response(exposition(registry()), media_type=CONTENT_TYPE_LATEST)


def metrics_routes() -> list[BaseRoute]:
    """The routes ``app.py`` mounts on its ``st.App``."""
    return [Route("/api/metrics", metrics, methods=["GET"])]
