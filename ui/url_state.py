"""A page's config in ``st.session_state`` and in the URL, from its one declared table.

Usage (every page)::

    state = PageState(__file__, GDConfig)   # prefix from ui.navigation (may be module-level)
    state.open()                            # every run: reads the link on the first visit and
                                            # shows a uniform warning per unusable link value
    state.widget("lr", st.sidebar)          # widgets come from the declared settings...
    st.sidebar.slider("Steps", 1, 200, key=state.key("steps"))  # ...or are written by hand
    cfg = state.config()                    # validated; an impossible combination is explained
    state.remember(cfg)                     # the address bar is now a link to this experiment

On a session's first visit the config comes from the URL's query parameters
(:meth:`engine.urlstate.UrlConfig.from_params`); afterwards from the last config,
so widget keys that Streamlit dropped while another page was shown are restored.
Every key starts with the page's registry prefix (``ui.navigation.TopicPage.prefix``),
so two pages can never share a key.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar
from urllib.parse import urlencode

import streamlit as st

from engine.urlstate import ConfigError, FieldInfo, UrlConfig
from ui.navigation import page_for

C = TypeVar("C", bound=UrlConfig)

LINK_PROBLEM = "The link had a setting this page cannot use as it was: {problem}."
IMPOSSIBLE = "That combination of settings is not possible: {error}. The last working settings are kept."


class PageState(Generic[C]):
    """One page's config bound to session state (keys ``prefix + field``) and the URL."""

    def __init__(self, script: str, config_cls: type[C]) -> None:
        self.page = page_for(script)
        self.prefix = self.page.prefix
        self.cls = config_cls

    def open(self, show_problems: bool = True) -> list[str]:
        """Call at the top of every run: fills missing keys (from the link on the session's first
        visit, else from the last config); returns (and by default shows) the link's problems."""
        problems = self._ensure()
        if show_problems:
            for problem in problems:
                st.warning(LINK_PROBLEM.format(problem=problem), icon=":material/link_off:")
        return problems

    # ---- keys and values ---------------------------------------------------
    def key(self, name: str) -> str:
        """The session-state key of a field or of any other widget of this page."""
        return self.prefix + name

    @property
    def _last_key(self) -> str:
        return self.prefix + "_last_config"

    def _ensure(self) -> list[str]:
        problems: list[str] = []
        last = st.session_state.get(self._last_key)
        if not isinstance(last, self.cls):
            last, problems = self.cls.from_params(st.query_params.to_dict())
            st.session_state[self._last_key] = last
        for info in self.cls.fields_info():
            key = self.key(info.name)
            if key not in st.session_state:
                st.session_state[key] = getattr(last, info.name)
        return problems

    def value(self, name: str) -> Any:
        return st.session_state[self.key(name)]

    def set(self, **values: Any) -> None:
        """Set fields (from a callback: presets, +/- buttons)."""
        for name, value in values.items():
            st.session_state[self.key(name)] = value

    def apply(self, config: C) -> None:
        """Set every field from ``config`` (a preset, a reset to defaults)."""
        self.set(**config.as_dict())

    @property
    def last(self) -> C:
        """The last config that worked (what the URL holds)."""
        return st.session_state[self._last_key]

    # ---- the config ----------------------------------------------------------
    def raw_config(self) -> C:
        """The config as the widgets hold it, not validated (raises TypeError on a broken value)."""
        return self.cls(**{info.name: self.value(info.name) for info in self.cls.fields_info()})

    def config(self) -> C:
        """The validated config from the widgets; an impossible one is explained and the last kept."""
        try:
            return self.raw_config().validated()
        except (ConfigError, TypeError, ValueError) as err:
            st.error(IMPOSSIBLE.format(error=err), icon=":material/block:")
            return self.last

    def remember(self, config: C) -> None:
        """Store ``config`` as the session's last one and mirror it into the URL."""
        st.session_state[self._last_key] = config
        params = config.to_params()
        current = {k: v for k, v in st.query_params.to_dict().items() if k != "present"}
        if current != params:
            present = st.query_params.get("present")
            st.query_params.from_dict({**params, **({"present": present} if present else {})})

    def share_url(self, config: C) -> str:
        """This page's address with ``config`` in the query string."""
        return share_url(config.to_params(), self.page.slug)

    # ---- widgets from the table ------------------------------------------------
    def widget(self, name: str, container: Any = None, **overrides: Any) -> Any:
        """Render field ``name`` with the widget its setting declares; returns its value.

        ``overrides`` go to the Streamlit call (``disabled``, ``on_change``, ``label``...).
        """
        info = self.cls.field_info(name)
        target = container if container is not None else st
        kwargs: dict[str, Any] = {"key": self.key(name), "help": info.spec.help}
        kwargs.update(overrides)
        label = kwargs.pop("label", info.spec.label or name.replace("_", " ").capitalize())
        kind = _widget_kind(info)
        spec = info.spec
        if kind in ("checkbox", "toggle"):
            return getattr(target, kind)(label, **kwargs)
        if kind in ("select", "radio", "select_slider", "segmented"):
            call = {
                "select": target.selectbox,
                "radio": target.radio,
                "select_slider": target.select_slider,
                "segmented": target.segmented_control,
            }[kind]
            fmt = kwargs.pop("format_func", _formatter(info))
            if kind == "radio":
                kwargs.setdefault("horizontal", True)
            return call(label, list(spec.choice_values()), format_func=fmt, **kwargs)
        if kind == "multiselect":
            fmt = kwargs.pop("format_func", _formatter(info))
            return target.multiselect(label, list(spec.choice_values()), format_func=fmt, **kwargs)
        numeric: dict[str, Any] = {}
        cast = float if info.kind is float else int
        if spec.low is not None and not spec.low_open:
            numeric["min_value"] = cast(spec.low)
        if spec.high is not None and not spec.high_open:
            numeric["max_value"] = cast(spec.high)
        if spec.step is not None:
            numeric["step"] = cast(spec.step)
        if spec.fmt:
            numeric["format"] = spec.fmt
        numeric.update(kwargs)
        if kind == "slider":
            return target.slider(label, **numeric)
        return target.number_input(label, **numeric)


def _widget_kind(info: FieldInfo) -> str:
    spec = info.spec
    if spec.widget:
        return {"number": "number"}.get(spec.widget, spec.widget)
    if info.kind is bool:
        return "checkbox"
    if info.kind is tuple:
        return "multiselect"
    if spec.choices is not None:
        return "select_slider" if spec.grid else "select"
    if spec.low is not None and spec.high is not None and not (spec.low_open or spec.high_open):
        return "slider"
    return "number"


def _formatter(info: FieldInfo):
    spec = info.spec
    if isinstance(spec.choices, dict):
        return spec.choice_label
    if spec.fmt:
        return lambda v: spec.fmt % v
    return lambda v: f"{v:g}" if isinstance(v, float) else str(v)


def share_url(params: dict[str, str], page: str) -> str:
    """This page's address with ``params`` in the query string (``page``: the URL path, used
    when the browser's address is unknown, e.g. under AppTest)."""
    base = (st.context.url or "").split("?")[0] or f"http://localhost:8501/{page}"
    query = urlencode(params)
    return f"{base}?{query}" if query else base
