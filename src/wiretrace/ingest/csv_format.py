"""Spreadsheet exports (``.csv``, ``.tsv``): a header row, then one article per row.

Columns are mapped to document fields as described in :mod:`wiretrace.ingest.fields`
(text from ``text``/``body``/``content``…, id from ``id``/``guid``/``url``…). A
``.csv`` file's delimiter is a comma, or a semicolon when the header row has more
semicolons than commas (European spreadsheet exports); ``.tsv`` is tab-separated.
Quoted cells may span lines; their text is kept exactly, line ends included.

A row's number is the line it starts on (the header is line 1, so with one-line
rows that is the spreadsheet's row number): a row without an id gets
``<file id>#<line>``, and problems carry that line. Blank rows are skipped; a row
with more or fewer cells than the header is reported and skipped.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from wiretrace.ingest.decode import InputError
from wiretrace.ingest.fields import Located, records_to_documents
from wiretrace.ingest.options import DEFAULT_OPTIONS, IngestOptions
from wiretrace.records import InputProblem


def _delimiter(content: str, tsv: bool) -> str:
    if tsv:
        return "\t"
    header = content.split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


def parse_csv_located(
    content: str,
    path: str,
    options: IngestOptions = DEFAULT_OPTIONS,
    file_id: str = "rows",
    encoding: str | None = None,
    tsv: bool = False,
) -> tuple[list[Located], list[InputProblem]]:
    """The articles of a CSV/TSV file's ``content``, and problems (raises InputError)."""
    body = content.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=_delimiter(body, tsv))
    problems: list[InputProblem] = []
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise InputError(f"cannot read the header row: {exc}", line=1) from None
    if not header or not any(cell.strip() for cell in header):
        raise InputError("no header row (the first line must name the columns)", line=1)
    names = [cell.strip() or f"column {i}" for i, cell in enumerate(header, start=1)]
    items: list[tuple[int, Any]] = []
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            message = f"bad row: {exc}"
            if "field limit" in str(exc):
                message = (f"a cell is longer than {csv.field_size_limit():,} characters"
                           " (the CSV reader's limit); row skipped")
            problems.append(InputProblem(path, message, line=start))
            continue
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(names):
            problems.append(
                InputProblem(
                    path, f"row has {len(row)} cells, the header has {len(names)}", line=start
                )
            )
            continue
        record: dict[str, str] = {}
        for name, cell in zip(names, row, strict=True):
            record.setdefault(name, cell)  # a repeated column name: the first one counts
        items.append((start, record))
    if not items and not problems:
        raise InputError("no rows after the header")
    located, record_problems = records_to_documents(
        items, by_line=True, path=path, file_id=file_id, options=options, encoding=encoding
    )
    return located, problems + record_problems
