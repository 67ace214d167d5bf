"""Locating ../shared/data for the evaluation tests.

Tests that need a data set call :func:`require_dataset` at import time. When the
folder is absent they are skipped with the reason — unless
``WIRETRACE_REQUIRE_SHARED_DATA`` is set (CI sets it), in which case they fail,
so CI always runs them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from wiretrace.evaluation.pan13 import find_shared_data


def require_dataset(name: str) -> Path:
    """The folder ``../shared/data/<name>``, or skip (fail under CI) when it is absent."""
    root = find_shared_data()
    path = root / name if root is not None else None
    if path is not None and path.is_dir():
        return path
    reason = (
        f"shared data set {name!r} not found (looked for ../shared/data/{name} beside the "
        "checkout, or $WIRETRACE_SHARED_DATA)"
    )
    if os.environ.get("WIRETRACE_REQUIRE_SHARED_DATA"):
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason, allow_module_level=True)
