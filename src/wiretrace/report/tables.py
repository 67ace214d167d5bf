"""The report as flat tables that load straight into pandas, DuckDB or Spark.

Seven tables, one row per …

* ``documents`` — document: metadata, length, spin and translation scores, its story,
  and its text (the passages' offsets index it: ``text[a_start:a_end]``);
* ``pairs`` — pair of documents that share text or report the same event: relation,
  similarity, coverage, the likely original and why;
* ``passages`` — reused passage: character offsets into both documents **and the text
  on both sides** (``text[start:end]``);
* ``stories`` — document of a story: its closest source in the story's lineage;
* ``evidence`` — piece of disguise evidence in a document (a tortured phrase, a
  substituted word, a machine-translation trace), with its offsets and text;
* ``collation`` — segment of a collated story as one version has it: the segment's
  number and kind, the version's offsets and text, and whether the version reads it as
  most versions do;
* ``changes`` — stretch that a version of a collated story reads differently from the
  version it is compared with: offsets and text on both sides, fact or wording.

:func:`write_tables` writes them as Parquet (pyarrow) or CSV files; :func:`to_dataframes`
returns pandas DataFrames. Column types are fixed (:data:`COLUMNS`), so an empty table
still has its columns.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wiretrace.collate import Collation
from wiretrace.forensics import ReusePair, SameStoryLink
from wiretrace.report.collation_json import carried_by
from wiretrace.report.json_report import spin_entry, translation_entry

if TYPE_CHECKING:
    import pandas

    from wiretrace.report.model import Report

TABLES = ("documents", "pairs", "passages", "stories", "evidence", "collation", "changes")
FORMATS = ("parquet", "csv")

COLUMNS: dict[str, list[tuple[str, str]]] = {
    "documents": [
        ("id", "string"), ("path", "string"), ("title", "string"), ("date", "string"),
        ("author", "string"), ("outlet", "string"), ("url", "string"), ("chars", "int64"),
        ("spin_score", "float64"), ("translation_score", "float64"), ("story", "string"),
        ("text", "string"),
    ],
    "pairs": [
        ("a", "string"), ("b", "string"), ("relation", "string"), ("similarity", "float64"),
        ("coverage_a", "float64"), ("coverage_b", "float64"), ("passages", "int64"),
        ("source", "string"), ("derived", "string"), ("direction_votes", "string"),
        ("direction_note", "string"), ("substitutions", "int64"), ("altered_quotes", "int64"),
        ("shared_names", "string"), ("days_apart", "int64"), ("story", "string"),
    ],
    "passages": [
        ("a", "string"), ("b", "string"), ("passage", "int64"), ("kind", "string"),
        ("score", "float64"), ("a_start", "int64"), ("a_end", "int64"), ("b_start", "int64"),
        ("b_end", "int64"), ("a_text", "string"), ("b_text", "string"),
    ],
    "stories": [
        ("story", "string"), ("document", "string"), ("origin", "bool"),
        ("source", "string"), ("relation", "string"), ("similarity", "float64"),
        ("roundup", "bool"),
    ],
    "evidence": [
        ("document", "string"), ("signal", "string"), ("kind", "string"), ("start", "int64"),
        ("end", "int64"), ("text", "string"), ("note", "string"),
        ("source_document", "string"), ("confidence", "float64"),
    ],
    "collation": [
        ("story", "string"), ("segment", "int64"), ("kind", "string"),
        ("carried_by", "string"), ("document", "string"), ("start", "int64"),
        ("end", "int64"), ("text", "string"), ("majority_reading", "bool"),
        ("moved", "bool"),
    ],
    "changes": [
        ("story", "string"), ("document", "string"), ("compared_with", "string"),
        ("segment", "int64"), ("start", "int64"), ("end", "int64"), ("text", "string"),
        ("source_start", "int64"), ("source_end", "int64"), ("source_text", "string"),
        ("fact", "string"), ("in_quote", "bool"),
    ],
}
"""Each table's columns and their types (pyarrow / pandas names)."""


def table_rows(report: Report) -> dict[str, list[dict[str, Any]]]:
    """Every table as a list of rows (dicts keyed by :data:`COLUMNS`)."""
    return {name: list(rows) for name, rows in (
        ("documents", _documents(report)), ("pairs", _pairs(report)),
        ("passages", _passages(report)), ("stories", _stories(report)),
        ("evidence", _evidence(report)), ("collation", _collation(report)),
        ("changes", _changes(report)),
    )}


def _story_of(report: Report) -> dict[str, str]:
    return {d: s.id for s in report.stories for d in s.documents}


def _documents(report: Report) -> Iterator[dict[str, Any]]:
    story = _story_of(report)
    factor = report.settings.forensics.spin.replaced_factor
    scale = report.settings.forensics.translation.round_trip_scale
    for d in report.documents:
        ev = report.evidence.get(d.id)
        spin = spin_entry(ev, report.substituted.get(d.id), factor)["score"] if ev else None
        translation = (translation_entry(ev, report.round_trips.get(d.id), scale)["score"]
                       if ev else None)
        yield {"id": d.id, "path": d.path, "title": d.title, "date": d.date,
               "author": d.author, "outlet": d.outlet, "url": d.url, "chars": len(d.text),
               "spin_score": spin, "translation_score": translation,
               "story": story.get(d.id), "text": d.text}


def _pairs(report: Report) -> Iterator[dict[str, Any]]:
    story = _story_of(report)
    for p in report.pairs:
        row: dict[str, Any] = {"a": p.a, "b": p.b, "relation": p.relation,
                               "story": story.get(p.a) if story.get(p.a) == story.get(p.b)
                               else None}
        if isinstance(p, SameStoryLink):
            row.update(similarity=0.0, coverage_a=0.0, coverage_b=0.0, passages=0,
                       source=None, derived=None, direction_votes=None, direction_note=None,
                       substitutions=0, altered_quotes=0,
                       shared_names="; ".join(p.shared_names), days_apart=p.days_apart)
        else:
            votes = [{"signal": v.signal, "favours": v.favours, "weight": v.weight}
                     for v in p.direction.votes]
            row.update(similarity=round(p.similarity, 4), coverage_a=round(p.coverage_a, 4),
                       coverage_b=round(p.coverage_b, 4), passages=len(p.passages),
                       source=p.source, derived=p.derived(),
                       direction_votes=json.dumps(votes) if votes else None,
                       direction_note=p.direction.note,
                       substitutions=len(p.match.substitutions),
                       altered_quotes=len(p.altered_quotes or ()), shared_names=None,
                       days_apart=None)
        yield row


def _passages(report: Report) -> Iterator[dict[str, Any]]:
    texts = report.texts
    for p in report.pairs:
        if not isinstance(p, ReusePair):
            continue
        ta, tb = texts[p.a], texts[p.b]
        for k, q in enumerate(p.passages):
            yield {"a": p.a, "b": p.b, "passage": k, "kind": q.kind, "score": round(q.score, 4),
                   "a_start": q.a[0], "a_end": q.a[1], "b_start": q.b[0], "b_end": q.b[1],
                   "a_text": ta[q.a[0] : q.a[1]], "b_text": tb[q.b[0] : q.b[1]]}


def _stories(report: Report) -> Iterator[dict[str, Any]]:
    for s in report.stories:
        for row in s.lineage:
            yield {"story": s.id, "document": row.document, "origin": row.document == s.origin,
                   "source": row.source, "relation": row.relation,
                   "similarity": round(row.similarity, 4) if row.similarity is not None
                   else None, "roundup": False}
        for d in s.roundups:
            yield {"story": s.id, "document": d, "origin": False, "source": None,
                   "relation": None, "similarity": None, "roundup": True}


def _collation(report: Report) -> Iterator[dict[str, Any]]:
    texts = report.texts
    for c in report.collations:
        if not isinstance(c, Collation):
            continue
        for g in c.segments:
            by = carried_by(g, len(c.versions))
            for v in g.versions:
                yield {"story": c.story, "segment": g.number, "kind": g.kind,
                       "carried_by": by, "document": v.id, "start": v.span[0],
                       "end": v.span[1], "text": texts[v.id][v.span[0]:v.span[1]],
                       "majority_reading": v.id in g.readings[0],
                       "moved": v.id in g.moved_in}


def _changes(report: Report) -> Iterator[dict[str, Any]]:
    for c in report.collations:
        if not isinstance(c, Collation):
            continue
        for v in c.versions:
            for ch in v.changes:
                yield {"story": c.story, "document": v.id, "compared_with": v.compared_with,
                       "segment": ch.segment, "start": ch.span[0], "end": ch.span[1],
                       "text": ch.text, "source_start": ch.source_span[0],
                       "source_end": ch.source_span[1], "source_text": ch.source_text,
                       "fact": ch.fact, "in_quote": ch.in_quote}


def _evidence(report: Report) -> Iterator[dict[str, Any]]:
    factor = report.settings.forensics.spin.replaced_factor
    for d in report.documents:
        ev = report.evidence.get(d.id)
        if ev is None:
            continue
        for e in spin_entry(ev, report.substituted.get(d.id), factor)["evidence"]:
            note = e.get("proposal") if e["kind"] == "tortured-phrase" else e.get("source")
            yield {"document": d.id, "signal": "spin", "kind": e["kind"],
                   "start": e["span"][0], "end": e["span"][1], "text": e["text"],
                   "note": note, "source_document": e.get("source_document"),
                   "confidence": e.get("confidence")}
        for e in translation_entry(ev, report.round_trips.get(d.id),
                                   report.settings.forensics.translation.round_trip_scale
                                   )["evidence"]:
            yield {"document": d.id, "signal": "translation", "kind": e["kind"],
                   "start": e["span"][0], "end": e["span"][1], "text": e["text"],
                   "note": e["detail"], "source_document": e.get("source_document"),
                   "confidence": None}


# ----------------------------------------------------------------------------- output


def to_dataframes(report: Report) -> dict[str, pandas.DataFrame]:
    """The tables as pandas DataFrames (needs pandas: ``pip install 'wiretrace[tables]'``)."""
    try:
        import pandas as pd
    except ImportError:
        raise ImportError("Report.to_dataframes needs pandas: pip install 'wiretrace[tables]'"
                          ) from None
    out = {}
    for name, rows in table_rows(report).items():
        columns = [c for c, _ in COLUMNS[name]]
        frame = pd.DataFrame(rows, columns=columns)
        out[name] = frame.astype({c: _pandas_type(t) for c, t in COLUMNS[name]})
    return out


def _pandas_type(kind: str) -> str:
    return {"string": "string", "int64": "Int64", "float64": "Float64", "bool": "boolean"}[kind]


def write_tables(report: Report, folder: str | Path, fmt: str = "parquet") -> list[Path]:
    """Write every table into ``folder`` as ``<table>.parquet`` or ``<table>.csv``;
    returns the files written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown table format {fmt!r}: expected {' or '.join(FORMATS)}")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in table_rows(report).items():
        path = folder / f"{name}.{fmt}"
        if fmt == "csv":
            _write_csv(path, name, rows)
        else:
            _write_parquet(path, name, rows)
        written.append(path)
    return written


def _write_csv(path: Path, name: str, rows: list[dict[str, Any]]) -> None:
    columns = [c for c, _ in COLUMNS[name]]
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def _write_parquet(path: Path, name: str, rows: list[dict[str, Any]]) -> None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ImportError("Parquet tables need pyarrow: pip install 'wiretrace[tables]' "
                          "(or write CSV tables)") from None
    types = {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64(),
             "bool": pa.bool_()}
    schema = pa.schema([(c, types[t]) for c, t in COLUMNS[name]])
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), path)
