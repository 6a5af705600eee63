"""URL query-parameter round trip shared by this package's frozen configs.

A config class lists ``PARAMS`` (field -> query key) and implements
``validated()`` (raising ``ValueError`` with a learner-readable reason). Values
that differ from the defaults go into the link; bad values in a link fall back
to the default and are reported, never raised.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from typing import Any, TypeVar

T = TypeVar("T")


def encode(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return f"{value:g}" if math.isfinite(value) else repr(value)
    return str(value)


def decode(text: str, like: Any) -> Any:
    """Parse ``text`` as the type of ``like`` (the field's default); raises ValueError."""
    if isinstance(like, bool):
        if text not in ("0", "1"):
            raise ValueError("expected 0 or 1")
        return text == "1"
    if isinstance(like, int):
        return int(text)
    if isinstance(like, float):
        value = float(text)
        if not math.isfinite(value):
            raise ValueError("not a finite number")
        return value
    return text


def to_params(config: Any, names: Mapping[str, str]) -> dict[str, str]:
    """Query parameters of the fields of ``config`` that differ from the defaults."""
    default = type(config)()
    return {
        key: encode(getattr(config, name))
        for name, key in names.items()
        if getattr(config, name) != getattr(default, name)
    }


def from_params(cls: type[T], params: Mapping[str, str], names: Mapping[str, str]) -> tuple[T, list[str]]:
    """Config from query parameters, plus human-readable problems for values it ignored."""
    default = cls()
    values: dict[str, Any] = {}
    problems: list[str] = []
    for name, key in names.items():
        if key not in params:
            continue
        try:
            candidate = decode(params[key], getattr(default, name))
            dataclasses.replace(default, **{name: candidate}).validated()  # type: ignore[attr-defined]
        except (ValueError, TypeError) as err:
            problems.append(f"ignored {key}={params[key]!r}: {err}")
            continue
        values[name] = candidate
    config = dataclasses.replace(default, **values)  # type: ignore[type-var]
    try:
        config.validated()  # type: ignore[attr-defined]
    except ValueError as err:
        problems.append(f"ignored the link's settings: {err}")
        config = default
    return config, problems
