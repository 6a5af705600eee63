"""One table per page drives its URL both ways (TensorFlow Playground's ``state.ts`` idea).

A page's config is a frozen dataclass that inherits :class:`UrlConfig` and
declares every field once with :func:`setting`: the URL key, the default, the
constraints (range, choices, grid, length) and how it is shown (label, help,
widget). From that one declaration this module

* validates a config (:meth:`UrlConfig.validated`, uniform messages, then the
  class's own cross-field rules in :meth:`UrlConfig.check`),
* encodes it (:meth:`UrlConfig.to_params`: only values that differ from the
  defaults, one format per type), and
* parses a link (:meth:`UrlConfig.from_params`: never raises; unparsable values
  fall back to the default, finite numbers out of range are clamped, numbers
  off a grid are snapped, and every change is reported in plain words).

It is UI-free (no streamlit): ``ui.url_state`` binds it to session state and widgets.

Example::

    @dataclasses.dataclass(frozen=True)
    class GDConfig(UrlConfig):
        fn: str = setting("parabola", choices=FUNCTIONS, label="Function")
        lr: float = setting(0.1, low=0.0, high=2.0, low_open=True, label="Learning rate")
"""

from __future__ import annotations

import dataclasses
import math
import typing
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar, TypeVar

C = TypeVar("C", bound="UrlConfig")

#: Query keys that belong to Streamlit or to the whole app, never reported as unknown.
GLOBAL_KEYS: frozenset[str] = frozenset({"embed", "embed_options", "present"})
#: A URL value longer than this is refused before it is parsed (hostile links).
MAX_VALUE_CHARS = 2000
#: How many choices a message lists before "...".
_LISTED_CHOICES = 8


class ConfigError(ValueError):
    """A setting (or a combination of settings) is not possible; the message says which and why.

    ``fields`` names the config fields involved, so a link parser can drop just those.
    """

    def __init__(self, message: str, fields: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.fields = tuple(fields)


@dataclasses.dataclass(frozen=True)
class Setting:
    """The declaration of one config field (see :func:`setting`)."""

    key: str | None = None
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False
    choices: Mapping[Any, str] | Sequence[Any] | None = None
    grid: bool = False
    min_len: int = 0
    max_len: int | None = None
    ordered: bool = False
    clamp: bool = False
    label: str = ""
    help: str | None = None
    widget: str | None = None
    step: float | None = None
    fmt: str | None = None
    describe: str = ""

    def choice_values(self) -> tuple[Any, ...]:
        return tuple(self.choices) if self.choices is not None else ()

    def choice_label(self, value: Any) -> str:
        if isinstance(self.choices, Mapping):
            return str(self.choices.get(value, value))
        return str(value)


def setting(
    default: Any,
    *,
    key: str | None = None,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
    choices: Mapping[Any, str] | Sequence[Any] | None = None,
    grid: bool = False,
    min_len: int = 0,
    max_len: int | None = None,
    ordered: bool = False,
    clamp: bool = False,
    label: str = "",
    help: str | None = None,
    widget: str | None = None,
    step: float | None = None,
    fmt: str | None = None,
    describe: str = "",
) -> Any:
    """Declare a config field: ``default`` plus its URL key, constraints and presentation.

    Args:
        key: the URL query key (default: the field name). Changing it breaks shared links.
        low, high: the allowed range of a number (of each item of a tuple); ``*_open``
            makes a bound exclusive.
        choices: the allowed values (a mapping value -> label, or a sequence). For a
            tuple field, the allowed items.
        grid: numbers only; ``choices`` is a grid and a link value is snapped to its
            nearest point (a select slider's values).
        min_len, max_len: a tuple field's length range.
        ordered: a tuple field's items are kept once each, in the order of ``choices``.
        clamp: a link's finite number outside ``low``/``high`` is clamped (with a note)
            instead of falling back to the default.
        label, help, widget, step, fmt: how ``ui.url_state`` shows it (widget: "slider",
            "select_slider", "number", "select", "radio", "toggle", "checkbox",
            "multiselect", "segmented"; default: chosen from the type).
        describe: a noun phrase for messages ("the learning rate"); default: the label.
    """
    spec = Setting(
        key=key,
        low=low,
        high=high,
        low_open=low_open,
        high_open=high_open,
        choices=choices,
        grid=grid,
        min_len=min_len,
        max_len=max_len,
        ordered=ordered,
        clamp=clamp,
        label=label,
        help=help,
        widget=widget,
        step=step,
        fmt=fmt,
        describe=describe,
    )
    return dataclasses.field(default=default, metadata={"url": spec})


@dataclasses.dataclass(frozen=True)
class FieldInfo:
    """One declared field: its name, kind (bool/int/float/str/tuple), item kind and setting."""

    name: str
    kind: type
    item_kind: type | None
    default: Any
    spec: Setting

    @property
    def key(self) -> str:
        return self.spec.key or self.name

    @property
    def noun(self) -> str:
        return self.spec.describe or (self.spec.label or self.name.replace("_", " "))


# --------------------------------------------------------------------------- text <-> values


def _fmt_number(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def encode_value(value: Any) -> str:
    """One URL text per value: bools 1/0, floats shortest round-trip, tuples comma-joined ("-" if empty)."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, tuple):
        return ",".join(encode_value(v) for v in value) if value else "-"
    return str(value)


_TRUE = ("1", "true")
_FALSE = ("0", "false")


def decode_scalar(text: str, kind: type) -> Any:
    """``text`` as a ``kind`` value; raises ValueError with a short reason."""
    text = text.strip()
    if kind is bool:
        if text.lower() in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        raise ValueError("expected 0 or 1")
    if kind is int:
        try:
            return int(text)
        except ValueError:
            pass
        try:
            value = float(text)
        except ValueError:
            raise ValueError("expected a whole number") from None
        if not math.isfinite(value) or value != int(value):
            raise ValueError("expected a whole number")
        return int(value)
    if kind is float:
        try:
            value = float(text)
        except ValueError:
            raise ValueError("expected a number") from None
        if not math.isfinite(value):
            raise ValueError("not a finite number")
        return value
    return text


# --------------------------------------------------------------------------- the mixin


class UrlConfig:
    """Mixin for a frozen dataclass whose fields are declared with :func:`setting`.

    Subclasses may override :meth:`check` (cross-field rules, raise :class:`ConfigError`
    naming the fields) and :meth:`link_base` (defaults that depend on other fields,
    e.g. a surface's own start point), and list in ``PRIMARY`` the fields that
    :meth:`link_base` reads (they are parsed first).
    """

    PRIMARY: ClassVar[tuple[str, ...]] = ()

    # ---- the table -------------------------------------------------------
    @classmethod
    def fields_info(cls) -> tuple[FieldInfo, ...]:
        """Every declared field, in declaration order (cached per class)."""
        cache = cls.__dict__.get("_fields_info_cache")
        if cache is not None:
            return cache
        hints = typing.get_type_hints(cls)
        default = cls()
        out: list[FieldInfo] = []
        for f in dataclasses.fields(cls):  # type: ignore[arg-type]
            spec = f.metadata.get("url", Setting())
            value = getattr(default, f.name)
            kind, item_kind = _kinds(hints.get(f.name), value)
            out.append(FieldInfo(f.name, kind, item_kind, value, spec))
        result = tuple(out)
        cls._fields_info_cache = result  # type: ignore[attr-defined]
        return result

    @classmethod
    def field_info(cls, name: str) -> FieldInfo:
        for info in cls.fields_info():
            if info.name == name:
                return info
        raise KeyError(name)

    # ---- validation ------------------------------------------------------
    def check(self) -> None:
        """Cross-field rules; raise :class:`ConfigError` (with ``fields``) when one fails."""

    def validated(self: C) -> C:
        """Return self if every field and every cross-field rule holds, else raise ConfigError."""
        for info in self.fields_info():
            why = _field_problem(info, getattr(self, info.name))
            if why:
                raise ConfigError(why, (info.name,))
        self.check()
        return self

    def as_dict(self) -> dict[str, Any]:
        return {info.name: getattr(self, info.name) for info in self.fields_info()}

    # ---- link round trip ---------------------------------------------------
    @classmethod
    def link_base(cls: type[C], primary: Mapping[str, Any]) -> C:
        """The defaults a link is told apart from, given the ``PRIMARY`` fields' values."""
        return dataclasses.replace(cls(), **primary)  # type: ignore[type-var]

    def to_params(self) -> dict[str, str]:
        """Query parameters for a shareable link: the values that differ from the defaults."""
        default = type(self)()
        primary = {name: getattr(self, name) for name in self.PRIMARY}
        base = self.link_base(primary)
        out: dict[str, str] = {}
        for info in self.fields_info():
            value = getattr(self, info.name)
            reference = default if info.name in self.PRIMARY else base
            if value != getattr(reference, info.name):
                out[info.key] = encode_value(value)
        return out

    @classmethod
    def from_params(cls: type[C], params: Mapping[str, Any]) -> tuple[C, list[str]]:
        """Parse a link's query parameters. Never raises.

        Returns the config and one plain sentence per value that could not be used as
        it was (skipped, clamped, snapped) or key this page does not know.
        """
        problems: list[str] = []
        infos = cls.fields_info()
        known = {info.key for info in infos}
        for key in params:
            if key not in known and key not in GLOBAL_KEYS:
                problems.append(f"ignored {_short(key)}: this page has no such setting")
        parsed: dict[str, Any] = {}
        for info in infos:
            if info.key not in params:
                continue
            raw = params[info.key]
            if isinstance(raw, list | tuple):  # a repeated key: the last one wins
                raw = raw[-1] if raw else ""
            value, note = parse_field(info, str(raw))
            if note:
                problems.append(note)
            if value is not _SKIP:
                parsed[info.name] = value
        primary = {name: parsed.pop(name) for name in cls.PRIMARY if name in parsed}
        try:
            base = cls.link_base(primary).validated()
        except (ConfigError, ValueError, TypeError) as err:
            problems.append(f"ignored the link's settings: {err}")
            return cls(), problems
        config = base
        for name, value in parsed.items():
            config = dataclasses.replace(config, **{name: value})
        for _ in range(len(parsed) + 1):
            try:
                return config.validated(), problems
            except ConfigError as err:
                bad = [name for name in err.fields if name in parsed]
                if not bad:
                    break
                keys = ", ".join(cls.field_info(name).key for name in bad)
                problems.append(f"ignored {keys} from the link: {err}")
                for name in bad:
                    parsed.pop(name)
                config = dataclasses.replace(config, **{name: getattr(base, name) for name in bad})
        problems.append(f"ignored the link's settings: they do not fit together ({_last_error(config)})")
        return base, problems


# --------------------------------------------------------------------------- field parsing

_SKIP = object()


def parse_field(info: FieldInfo, raw: str) -> tuple[Any, str]:
    """One link value -> (value or _SKIP, a problem sentence or "")."""
    key = info.key
    if len(raw) > MAX_VALUE_CHARS:
        return _SKIP, f"ignored {key}: the value is {len(raw):,} characters long"
    shown = _short(raw)
    try:
        if info.kind is str and info.spec.choices is None:
            value = str(raw)  # free text (a prefix "The "): its spaces are part of it
        else:
            value = _parse_tuple(info, raw) if info.kind is tuple else decode_scalar(raw, info.kind)
    except ValueError as err:
        return _SKIP, f"ignored {key}={shown}: {err}"
    if info.kind in (int, float):
        value, note = _fit_number(info, value)
        if value is _SKIP:
            return _SKIP, f"ignored {key}={shown}: {note}"
        if note:
            return value, f"{key}={shown}: {note}"
    why = _field_problem(info, value)
    if why:
        return _SKIP, f"ignored {key}={shown}: {why}"
    return value, ""


def _parse_tuple(info: FieldInfo, raw: str) -> tuple[Any, ...]:
    text = raw.strip()
    parts = [] if text in ("", "-") else [p.strip() for p in text.split(",")]
    kind = info.item_kind or str
    items = [decode_scalar(p, kind) for p in parts]
    if info.spec.ordered and info.spec.choices is not None:
        allowed = info.spec.choice_values()
        unknown = [i for i in items if i not in allowed]
        if unknown:
            raise ValueError(f"unknown item {_short(str(unknown[0]))} ({_listing(allowed)})")
        return tuple(c for c in allowed if c in items)
    return tuple(items)


def _fit_number(info: FieldInfo, value: float) -> tuple[Any, str]:
    """Snap to the grid, or clamp into the range where declared; the note says what changed."""
    spec = info.spec
    if spec.grid and spec.choices is not None:
        grid = spec.choice_values()
        lo, hi = min(grid), max(grid)
        slack = 1e-9 * max(abs(lo), abs(hi))  # not lo * (1 - 1e-9): that refuses a negative lo itself
        if not lo - slack <= value <= hi + slack:
            return _SKIP, f"{info.noun} must be between {_fmt_number(lo)} and {_fmt_number(hi)}"
        nearest = min(grid, key=lambda g: (_grid_distance(value, g), g))
        if math.isclose(nearest, value, rel_tol=1e-6, abs_tol=1e-12):
            return nearest, ""
        return nearest, f"not one of the offered values, so the nearest one, {_fmt_number(nearest)}, is used"
    if not spec.clamp:
        return value, ""
    low, high = spec.low, spec.high
    if low is not None and not spec.low_open and value < low:
        return info.kind(low), f"below the minimum, so {_fmt_number(low)} is used"
    if high is not None and not spec.high_open and value > high:
        return info.kind(high), f"above the maximum, so {_fmt_number(high)} is used"
    return value, ""


def _grid_distance(value: float, point: float) -> float:
    if value > 0 and point > 0:
        return abs(math.log(value) - math.log(point))
    return abs(value - point) + (1e9 if (value > 0) != (point > 0) else 0.0)


def _field_problem(info: FieldInfo, value: Any) -> str:
    """Why ``value`` is not allowed for this field ("" if it is)."""
    spec = info.spec
    if info.kind is tuple:
        if not isinstance(value, tuple):
            return f"{info.noun} must be a list"
        if len(value) < spec.min_len:
            return f"{info.noun} needs at least {spec.min_len} item{'s' if spec.min_len != 1 else ''}"
        if spec.max_len is not None and len(value) > spec.max_len:
            return f"{info.noun} has at most {spec.max_len} items"
        for item in value:
            why = _scalar_problem(info, item)
            if why:
                return why
        if spec.ordered and spec.choices is not None:
            allowed = spec.choice_values()
            if tuple(c for c in allowed if c in value) != value:
                return f"{info.noun} lists each item once, in the order {', '.join(map(str, allowed))}"
        return ""
    return _scalar_problem(info, value)


def _scalar_problem(info: FieldInfo, value: Any) -> str:
    spec = info.spec
    kind = info.item_kind if info.kind is tuple else info.kind
    if kind is bool and not isinstance(value, bool):
        return f"{info.noun} must be on or off"
    if kind in (int, float):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"{info.noun} must be a number"
        # an int is whole and finite as it is (float() of a 400-digit link value overflows)
        if kind is int and not isinstance(value, int) and not float(value).is_integer():
            return f"{info.noun} must be a whole number"
        if isinstance(value, float) and not math.isfinite(value):
            return f"{info.noun} must be a finite number"
        if spec.grid and spec.choices is not None:
            if not any(math.isclose(value, g, rel_tol=1e-9) for g in spec.choice_values()):
                return f"{info.noun} must be one of {_listing(spec.choice_values())}"
            return ""
        low_bad = spec.low is not None and (value < spec.low or (spec.low_open and value <= spec.low))
        high_bad = spec.high is not None and (value > spec.high or (spec.high_open and value >= spec.high))
        if low_bad or high_bad:
            return f"{info.noun} must be {_range_text(spec)}"
    if spec.choices is not None and not spec.grid and value not in spec.choice_values():
        return f"unknown {info.noun} {_short(str(value))} (choose {_listing(spec.choice_values())})"
    return ""


def _range_text(spec: Setting) -> str:
    lo, hi = spec.low, spec.high
    if lo is not None and hi is not None:
        left, right = ("(" if spec.low_open else "["), (")" if spec.high_open else "]")
        return f"in {left}{_fmt_number(lo)}, {_fmt_number(hi)}{right}"
    if lo is not None:
        return f"{'above' if spec.low_open else 'at least'} {_fmt_number(lo)}"
    return f"{'below' if spec.high_open else 'at most'} {_fmt_number(hi)}"


def _listing(values: Sequence[Any]) -> str:
    shown = [_fmt_number(v) if isinstance(v, float) else str(v) for v in values[:_LISTED_CHOICES]]
    return ", ".join(shown) + (", ..." if len(values) > _LISTED_CHOICES else "")


def _short(text: str, limit: int = 40) -> str:
    return repr(text if len(text) <= limit else text[:limit] + "…")


def _last_error(config: UrlConfig) -> str:
    try:
        config.validated()
    except ConfigError as err:
        return str(err)
    return "unknown"


def _kinds(hint: Any, value: Any) -> tuple[type, type | None]:
    """(kind, item kind) of a field from its annotation, else from its default."""
    origin = typing.get_origin(hint)
    if origin is tuple or isinstance(value, tuple):
        args = [a for a in typing.get_args(hint) if a is not Ellipsis]
        item = args[0] if args and isinstance(args[0], type) else None
        if item is None and value:
            item = type(value[0])
        return tuple, item or str
    for kind in (bool, int, float, str):
        if hint is kind:
            return kind, None
    if isinstance(value, bool):
        return bool, None
    for kind in (int, float, str):
        if isinstance(value, kind):
            return kind, None
    return str, None


def require(ok: bool, why: str, *fields: str) -> None:
    """Raise :class:`ConfigError` naming ``fields`` unless ``ok`` (for :meth:`UrlConfig.check`)."""
    if not ok:
        raise ConfigError(why, fields)


def replace_from(config: C, values: Mapping[str, Any], *, keep: Callable[[str], bool] | None = None) -> C:
    """``config`` with ``values`` applied (only declared fields; ``keep`` filters names)."""
    names = {info.name for info in config.fields_info()}
    chosen = {k: v for k, v in values.items() if k in names and (keep is None or keep(k))}
    return dataclasses.replace(config, **chosen)  # type: ignore[type-var]
