"""URL round trip shared by the basics pages' frozen configs.

A config class lists its fields with plain types (str, int, float, bool) and
a ``validated()`` method that raises :class:`ConfigError`; :func:`to_params`
and :func:`from_params` turn it into query parameters and back without ever
raising on a bad link.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from typing import Any, TypeVar

T = TypeVar("T")


class ConfigError(ValueError):
    """A configuration value is out of range; the message says which and why."""


def _encode(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def _decode(text: str, like: Any) -> Any:
    if isinstance(like, bool):
        if text.lower() in ("1", "true", "yes", "on"):
            return True
        if text.lower() in ("0", "false", "no", "off"):
            return False
        raise ValueError("expected 0 or 1")
    if isinstance(like, int):
        return int(text)
    if isinstance(like, float):
        value = float(text)
        if not math.isfinite(value):
            raise ValueError("not a finite number")
        return value
    return str(text)


def to_params(config: Any) -> dict[str, str]:
    """Query parameters holding the fields that differ from the defaults."""
    default = type(config)()
    return {
        f.name: _encode(getattr(config, f.name))
        for f in dataclasses.fields(config)
        if getattr(config, f.name) != getattr(default, f.name)
    }


def from_params(cls: type[T], params: Mapping[str, str]) -> tuple[T, list[str]]:
    """Parse query parameters into ``cls``; bad values fall back to defaults and are reported."""
    default = cls()
    values: dict[str, Any] = {}
    problems: list[str] = []
    for field in dataclasses.fields(default):  # type: ignore[arg-type]
        if field.name not in params:
            continue
        raw = params[field.name]
        try:
            candidate = _decode(raw, getattr(default, field.name))
            dataclasses.replace(default, **{field.name: candidate}).validated()  # type: ignore[type-var]
        except (ValueError, TypeError) as err:
            problems.append(f"ignored {field.name}={raw!r}: {err}")
            continue
        values[field.name] = candidate
    config = dataclasses.replace(default, **values)  # type: ignore[type-var]
    try:
        config.validated()  # type: ignore[attr-defined]
    except ConfigError as err:
        problems.append(f"ignored the link's settings: {err}")
        config = default
    return config, problems


def check(rules: list[tuple[bool, str]]) -> None:
    """Raise :class:`ConfigError` with the first failing rule's message."""
    for ok, why in rules:
        if not ok:
            raise ConfigError(why)
