""" "What to try" presets: a named change of a page's config plus the lesson it teaches.

UI-free, so a test can run every preset through the engine and check its claim.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from engine.urlstate import UrlConfig

C = TypeVar("C", bound=UrlConfig)


@dataclasses.dataclass(frozen=True)
class Preset:
    """A lesson: ``values`` applied to the page's defaults (or to the current config).

    Attributes:
        title: the button's text.
        lesson: what to watch for (markdown).
        values: config fields to set.
        keep: fields kept from the learner's current config (e.g. a data seed).
        from_defaults: start from the page's defaults (True) or from the current config.
        build: an optional step before ``values`` for settings that depend on others
            (e.g. ``lambda c: c.for_surface("saddle")``).
    """

    title: str
    lesson: str
    values: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    keep: tuple[str, ...] = ()
    from_defaults: bool = True
    build: Callable[[Any], Any] | None = None

    def applied_to(self, current: C) -> C:
        """The config this preset makes from ``current`` (validated)."""
        base = type(current)() if self.from_defaults else current
        base = dataclasses.replace(base, **{name: getattr(current, name) for name in self.keep})
        if self.build is not None:
            base = self.build(base)
        return dataclasses.replace(base, **dict(self.values)).validated()
