"""The examples of docs/python-api.md run as written, and the API is the one the
command line uses."""

from __future__ import annotations

import doctest
from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "python-api.md"


def test_the_python_api_page_runs_as_written() -> None:
    failures, tried = doctest.testfile(
        str(DOC), module_relative=False, raise_on_error=False, verbose=False,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
    )
    assert tried > 20
    assert failures == 0, f"{failures} of {tried} examples of {DOC.name} failed (see above)"


def test_import_wiretrace_is_light() -> None:
    import subprocess
    import sys

    code = ("import sys, wiretrace; "
            "print(sorted(m for m in ('numpy', 'scipy', 'sqlite3') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
