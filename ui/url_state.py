"""Keep a page's frozen config in ``st.session_state`` and in the URL.

Pattern (one key per config field, ``prefix + field``):

1. :func:`ensure_state` on every run: on the session's first visit the config
   comes from the URL's query parameters (bad values are reported, not
   fatal); afterwards from the last config, so widget keys that Streamlit
   dropped while another page was shown are restored.
2. The page's widgets read and write those keys.
3. :func:`remember` stores the resulting config and writes it to the URL, so
   the address bar is always a shareable link to the exact configuration.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Protocol, TypeVar
from urllib.parse import urlencode

import streamlit as st


class UrlConfig(Protocol):
    def to_params(self) -> dict[str, str]: ...


C = TypeVar("C")


def _last_key(prefix: str) -> str:
    return f"{prefix}_last_config"


def ensure_state(prefix: str, config_cls: Any) -> list[str]:
    """Fill missing ``prefix+field`` keys; returns problems found in the URL (first visit only)."""
    problems: list[str] = []
    last = st.session_state.get(_last_key(prefix))
    if last is None:
        last, problems = config_cls.from_params(st.query_params.to_dict())
        st.session_state[_last_key(prefix)] = last
    for field in dataclasses.fields(last):
        key = prefix + field.name
        if key not in st.session_state:
            st.session_state[key] = getattr(last, field.name)
    return problems


def config_from_state(prefix: str, config_cls: type[C]) -> C:
    """Build the config from the session-state keys."""
    values = {f.name: st.session_state[prefix + f.name] for f in dataclasses.fields(config_cls)}
    return config_cls(**values)


def set_fields(prefix: str, **values: Any) -> None:
    """Set config fields from a callback (presets, +/- buttons)."""
    for name, value in values.items():
        st.session_state[prefix + name] = value


def remember(prefix: str, config: UrlConfig) -> None:
    """Store ``config`` as the session's last one and mirror it into the URL."""
    st.session_state[_last_key(prefix)] = config
    params = config.to_params()
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)


def share_url(params: dict[str, str], page: str) -> str:
    """This page's address with ``params`` in the query string (``page``: the URL path, used
    when the browser's address is unknown, e.g. under AppTest)."""
    base = (st.context.url or "").split("?")[0] or f"http://localhost:8501/{page}"
    query = urlencode(params)
    return f"{base}?{query}" if query else base
