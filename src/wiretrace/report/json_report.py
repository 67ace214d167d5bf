"""The JSON report (format ``wiretrace.report/1``, documented in docs/report-format.md)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema

from wiretrace import __version__
from wiretrace.classify.document_evidence import DocumentEvidence, spin_report, translation_report
from wiretrace.records import Document, InputProblem, PairResult, Story

SCHEMA_ID = "wiretrace.report/1"


@lru_cache(maxsize=1)
def report_schema() -> dict[str, Any]:
    """The JSON Schema of the report, as shipped with the package."""
    text = resources.files("wiretrace.report").joinpath("report.schema.json").read_text("utf-8")
    return json.loads(text)


def validate_report(report: dict[str, Any]) -> None:
    """Raise :class:`jsonschema.ValidationError` unless ``report`` follows the schema."""
    jsonschema.validate(report, report_schema())


def build_report(
    documents: list[Document],
    pairs: list[PairResult],
    stories: list[Story],
    problems: list[InputProblem],
    *,
    include_text: bool = False,
    command: str = "scan",
    settings: dict[str, Any] | None = None,
    stats: dict[str, Any] | None = None,
    boilerplate: dict[str, list[tuple[tuple[int, int], str]]] | None = None,
    evidence: Mapping[str, DocumentEvidence] | None = None,
) -> dict[str, Any]:
    """Assemble the report dict from the pipeline's records."""
    docs_out = []
    for doc in documents:
        entry = doc.to_dict(include_text=include_text)
        if boilerplate is not None:
            entry["boilerplate"] = [
                {"span": [s, e], "label": label} for (s, e), label in boilerplate.get(doc.id, [])
            ]
        if evidence is not None and doc.id in evidence:
            entry["spin"] = spin_report(evidence[doc.id])
            entry["translation"] = translation_report(evidence[doc.id])
        docs_out.append(entry)
    return {
        "schema": SCHEMA_ID,
        "generator": {
            "name": "wiretrace",
            "version": __version__,
            "command": command,
            "settings": settings or {},
        },
        "documents": docs_out,
        "pairs": [p.to_dict() for p in pairs],
        "stories": [s.to_dict() for s in stories],
        "problems": [p.to_dict() for p in problems],
        "stats": stats or {},
    }


def write_report(report: dict[str, Any], path: str | Path) -> None:
    """Write the report as UTF-8 JSON (non-ASCII kept as is)."""
    Path(path).write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", "utf-8")
