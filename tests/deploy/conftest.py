"""Tests of the hosting files in ``deploy/``.

``haproxy_required``: skips a test when HAProxy is not installed, except in CI (``CI=true``,
see ``.ci/run``, which installs it), where that is a failure.
"""

from __future__ import annotations

import os

import pytest

from deploy.run_replicas import haproxy_missing


@pytest.fixture
def haproxy_required() -> None:
    missing = haproxy_missing()
    if missing is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{missing}; in CI (CI=true) HAProxy must be installed (see .ci/run)")
    pytest.skip(missing)
