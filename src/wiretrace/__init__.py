"""wiretrace: text-reuse forensics for news.

Find which articles reuse which, the reused passages as character offsets, how each
copy was disguised (spun, machine-translated …) with the evidence, which article is
the original, and how the articles group into stories::

    import wiretrace

    report = wiretrace.scan(["corpus/"], jobs=2)
    for pair in report.reuse_pairs:
        print(pair.a, pair.b, pair.relation, pair.source)
    report.write_html("report.html")
    tables = report.to_dataframes()          # pandas: documents, pairs, passages, stories, …

    with wiretrace.Archive.open("news.db", create=True) as archive:
        archive.add(wiretrace.read(["archive/"])[0])
        report = archive.check(wiretrace.read(["today/"])[0])

The pipeline, one package per stage, in the order it runs:
ingest → normalize → candidates → align → classify → forensics → stories → report.
See docs/python-api.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["Archive", "Document", "Report", "Settings", "__version__", "compare", "load_settings",
           "read", "scan"]

if TYPE_CHECKING:
    from wiretrace.api import compare, read, scan
    from wiretrace.archive import Archive
    from wiretrace.records import Document
    from wiretrace.report.model import Report
    from wiretrace.settings import Settings, load_settings

_WHERE = {
    "scan": "wiretrace.api", "compare": "wiretrace.api", "read": "wiretrace.api",
    "Archive": "wiretrace.archive", "Document": "wiretrace.records",
    "Report": "wiretrace.report.model", "Settings": "wiretrace.settings",
    "load_settings": "wiretrace.settings",
}


def __getattr__(name: str) -> Any:
    """The public names, imported on first use (``import wiretrace`` stays light)."""
    if name in _WHERE:
        import importlib

        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'wiretrace' has no attribute {name!r}")
