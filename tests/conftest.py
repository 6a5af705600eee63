"""Suite-wide collection rules.

Every test under ``tests/e2e/`` is marked ``e2e`` (a real browser against ``streamlit run``),
whether or not its module says ``pytestmark = pytest.mark.e2e``, so that
``python -m pytest -m "not e2e"`` is always the fast lane.
"""

from __future__ import annotations

from pathlib import Path

import pytest

E2E = Path(__file__).resolve().parent / "e2e"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if E2E in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.e2e)
