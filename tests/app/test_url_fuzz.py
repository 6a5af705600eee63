"""Every page's URL keys, fuzzed with hostile values: a warning, a valid config, never an exception.

A page's keys come from its config class, found in session state after one run with no
link (``<prefix>_last_config``, written by ``ui.url_state.PageState``). Then each hostile
value is put into every key at once (plus unknown keys), in one page run per value:

* the page raises nothing;
* its config (``<prefix>_last_config``) passes ``validated()``;
* each field holds its default (the link base's, for fields that depend on a ``PRIMARY``
  one), its clamp bound or a grid point where the field declares ``clamp``/``grid``, or
  what the text says where that is a valid value (free text, an empty list, a finite
  float with no upper bound);
* every key that was not taken as written, and every unknown key, is named in a
  link warning;
* the address bar then holds the page's working config, not the hostile link.

A repeated key (``?k=abc&k=<valid>``) uses its last value.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.util import patch_config_options

from engine.urlstate import FieldInfo, UrlConfig, encode_value
from ui.navigation import COURSE_MAP, TOPICS, TopicPage
from ui.url_state import LINK_PROBLEM

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 120
LINK_WARNING = LINK_PROBLEM.split("{")[0]
#: A warning that drops the whole link names no key; it covers them all.
WHOLE_LINK = LINK_WARNING + "ignored the link's settings"
UNKNOWN = "zz_no_such_setting"
HOSTILE = {
    "text": "abc",
    "nan": "nan",
    "inf": "inf",
    "-inf": "-inf",
    "huge": "1e308",
    "-huge": "-1e308",
    "empty": "",
    "5000 chars": "9" * 5000,
}

#: Every page with settings in its URL (Home and the Instructor page have none).
FUZZED: tuple[TopicPage, ...] = (COURSE_MAP, *TOPICS)


def run_page(page: TopicPage, query: dict[str, Any]) -> AppTest:
    at = AppTest.from_file(str(ROOT / page.path), default_timeout=TIMEOUT)
    at.query_params.update(query)
    with patch_config_options({"client.showErrorDetails": "full"}):
        at.run()
    return at


def errors(at: AppTest) -> list[str]:
    return [" | ".join([e.message, *[line.strip() for line in e.stack_trace[-3:]]]) for e in at.exception]


@functools.cache
def _config_class(page: TopicPage) -> type[UrlConfig] | None:
    at = run_page(page, {})
    assert not at.exception, errors(at)
    config = at.session_state.get(page.prefix + "_last_config")
    return type(config) if isinstance(config, UrlConfig) else None


def page_config_class(page: TopicPage) -> type[UrlConfig]:
    """The page's config class, from one run with no link (once per page and test session)."""
    cls = _config_class(page)
    if cls is None:
        pytest.skip(
            f"{page.path} keeps no {page.prefix + '_last_config'!r} UrlConfig in session state "
            "(not on ui.url_state.PageState yet): its URL keys are unknown"
        )
    return cls


def names_key(warnings: Iterable[str], key: str) -> bool:
    """Whether a link warning names URL key ``key`` ("ignored n=...", "n=...:", "ignored lo, hi from")."""
    pattern = re.compile(rf"(?<![\w-]){re.escape(key)}(?=[=:,]| from)")
    return any(pattern.search(w) or w.startswith(WHOLE_LINK) for w in warnings)


def taken_as_written(info: FieldInfo, text: str, value: Any) -> bool:
    """Whether ``value`` is what ``text`` says for this field (a hostile text can be a valid value)."""
    if info.kind is float:
        try:
            return float(text) == value
        except ValueError:
            return False
    if info.kind is str:
        return value == text.strip()
    if info.kind is tuple:
        return value == () and text.strip() in ("", "-")
    return False


def fallbacks(info: FieldInfo, base: UrlConfig) -> set[Any]:
    """What a field may hold when its link value was not usable as written."""
    allowed = {getattr(base, info.name)}
    if info.spec.clamp:
        allowed |= {v for v in (info.spec.low, info.spec.high) if v is not None}
    if info.spec.grid:
        allowed |= set(info.spec.choice_values())
    return allowed


def check_run(at: AppTest, page: TopicPage, cls: type[UrlConfig], texts: dict[str, str]) -> list[str]:
    """Problems with one fuzzed run (``texts``: URL key -> the value that counts, i.e. the last)."""
    problems = errors(at)
    if problems:
        return problems
    warnings = [w.value for w in at.warning if w.value.startswith(LINK_WARNING)]
    config = at.session_state.get(page.prefix + "_last_config")
    if not isinstance(config, cls):
        return [f"no {cls.__name__} in session state after the run"]
    try:
        config.validated()
    except ValueError as err:
        problems.append(f"the config the page kept is not valid: {err}")
    base = cls.link_base({name: getattr(config, name) for name in cls.PRIMARY})
    for info in cls.fields_info():
        if info.key not in texts:
            continue
        text, value = texts[info.key], getattr(config, info.name)
        as_written = taken_as_written(info, text, value)
        if not as_written and value not in fallbacks(info, base):
            problems.append(f"{info.key}={text[:20]!r} gave {info.name}={value!r}, not its default")
        if not as_written and not names_key(warnings, info.key):
            problems.append(f"{info.key}={text[:20]!r}: no link warning names {info.key!r}")
    for key in texts.keys() - {info.key for info in cls.fields_info()}:
        if not any(key[:20] in w for w in warnings):
            problems.append(f"unknown key {key[:20]!r}: no link warning")
    left = {k: v for k, v in at.query_params.items() if k != "present"}
    if left != config.to_params():
        problems.append(f"the URL holds {left}, not the page's config {config.to_params()}")
    return problems


@pytest.mark.parametrize("page", FUZZED, ids=[p.slug for p in FUZZED])
def test_hostile_values_in_every_key(page: TopicPage) -> None:
    cls = page_config_class(page)
    failures: list[str] = []
    for label, text in HOSTILE.items():
        texts = {info.key: text for info in cls.fields_info()} | {UNKNOWN: "1"}
        if label == "5000 chars":
            texts["k" * 5000] = "1"  # an unknown key that long, too
        at = run_page(page, texts)
        failures += [f"[{label}] {p}" for p in check_run(at, page, cls, texts)]
    assert not failures, f"{page.path}?<every key>=<hostile value>:\n" + "\n".join(failures)


def valid_other_value(cls: type[UrlConfig], info: FieldInfo) -> Any:
    """A value other than the default that the config accepts on its own, or None."""
    spec, default = info.spec, info.default
    if info.kind is bool:
        candidates: list[Any] = [not default]
    elif info.kind in (int, float):
        candidates = [default + 1, default - 1, spec.low, spec.high, *spec.choice_values()]
    elif info.kind is tuple:
        candidates = [default[:1], default[:-1]]
    else:
        candidates = [*spec.choice_values()] if spec.choices is not None else [default + "x"]
    for candidate in candidates:
        if candidate is None or candidate == default:
            continue
        if info.kind in (int, float):
            candidate = info.kind(candidate)
        try:
            dataclasses.replace(cls(), **{info.name: candidate}).validated()
        except (ValueError, TypeError):
            continue
        return candidate
    return None


@pytest.mark.parametrize("page", FUZZED, ids=[p.slug for p in FUZZED])
def test_a_repeated_key_uses_its_last_value(page: TopicPage) -> None:
    """``?k=abc&k=<v>`` opens the page as ``?k=<v>`` does, for every key at once."""
    cls = page_config_class(page)
    infos = {info.name: info for info in cls.fields_info() if info.name not in cls.PRIMARY}
    others = {name: valid_other_value(cls, info) for name, info in infos.items()}
    last = {infos[name].key: encode_value(value) for name, value in others.items() if value is not None}
    if not last:
        pytest.skip(f"{page.path}: no field has a second valid value")
    single = run_page(page, last)
    repeated = run_page(page, {key: ["abc", value] for key, value in last.items()})
    assert not single.exception and not repeated.exception, errors(single) + errors(repeated)
    key = page.prefix + "_last_config"
    assert repeated.session_state[key] == single.session_state[key]


def range_ends(cls: type[UrlConfig], end: str) -> dict[str, str]:
    """URL values: every number field (not a grid, not PRIMARY) at its closed ``low`` or ``high``."""
    out = {}
    for info in cls.fields_info():
        value = getattr(info.spec, end)
        is_open = getattr(info.spec, f"{end}_open")
        number = info.kind in (int, float) and not info.spec.grid and info.name not in cls.PRIMARY
        if number and value is not None and not is_open:
            out[info.key] = encode_value(info.kind(value))
    return out


@pytest.mark.parametrize("page", FUZZED, ids=[p.slug for p in FUZZED])
def test_the_declared_range_ends_open_as_written(page: TopicPage) -> None:
    """A number at its declared ``low``/``high`` is valid: the page keeps it, or a link warning
    names its key (a cross-field rule). A page whose widget has a narrower range than its
    declaration would change the shared link silently."""
    cls = page_config_class(page)
    failures = []
    for end in ("low", "high"):
        texts = range_ends(cls, end)
        at = run_page(page, texts)
        failures += [f"[{end}] {e}" for e in errors(at)]
        config = at.session_state.get(page.prefix + "_last_config")
        warnings = [w.value for w in at.warning if w.value.startswith(LINK_WARNING)]
        for info in cls.fields_info():
            if info.key in texts and config is not None:
                value = getattr(config, info.name)
                if value != info.kind(texts[info.key]) and not names_key(warnings, info.key):
                    failures.append(f"[{end}] {info.key}={texts[info.key]} opened as {value!r}, silently")
    assert not failures, f"{page.path}:\n" + "\n".join(failures)
