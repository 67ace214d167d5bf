"""``--tables DIR --tables-format parquet|csv``: the tables written by the command line,
read back with pandas and with pyarrow, agree with the JSON report of the same run — the
same documents, pairs and passage offsets — and each passage's text on both sides is the
slice ``text[start:end]`` of its document's text in the documents table."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest

from reuse_texts import OWN, WIRE
from wiretrace.cli import main

TABLES = ["changes", "collation", "documents", "evidence", "pairs", "passages", "stories"]


@pytest.fixture(scope="module", params=["parquet", "csv"])
def run(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
        ) -> tuple[str, Path, dict[str, Any]]:
    """The demo corpus scanned once per format: the format, the tables' folder, and the
    JSON report with the texts."""
    fmt = request.param
    out = tmp_path_factory.mktemp(f"tables-{fmt}")
    status = main(["demo", "-q", "-j", "1", "--include-text", "--json", str(out / "report.json"),
                   "--tables", str(out / "tables"), "--tables-format", fmt])
    assert status == 0
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return fmt, out / "tables", report


def read_pandas(folder: Path, name: str, fmt: str) -> pd.DataFrame:
    path = folder / f"{name}.{fmt}"
    if fmt == "parquet":
        return pd.read_parquet(path)
    # Only an empty field is missing: a word such as "NA" in a text is text.
    return pd.read_csv(path, keep_default_na=False, na_values=[""])


def read_arrow(folder: Path, name: str, fmt: str) -> list[dict[str, Any]]:
    path = folder / f"{name}.{fmt}"
    if fmt == "parquet":
        return pq.read_table(path).to_pylist()
    # Texts hold line breaks, inside quoted CSV fields.
    options = pa_csv.ParseOptions(newlines_in_values=True)
    return pa_csv.read_csv(path, parse_options=options).to_pylist()


def report_passages(report: dict[str, Any]) -> list[tuple[Any, ...]]:
    return sorted(
        (p["a"], p["b"], k, q["kind"], q["a"][0], q["a"][1], q["b"][0], q["b"][1])
        for p in report["pairs"] for k, q in enumerate(p["passages"])
    )


def table_passages(rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return sorted(
        (r["a"], r["b"], int(r["passage"]), r["kind"], int(r["a_start"]), int(r["a_end"]),
         int(r["b_start"]), int(r["b_end"]))
        for r in rows
    )


def test_every_table_is_written_in_the_format_asked(run) -> None:
    fmt, folder, _ = run
    assert sorted(p.name for p in folder.iterdir()) == [f"{t}.{fmt}" for t in TABLES]


def test_documents_and_pairs_are_the_reports(run) -> None:
    fmt, folder, report = run
    for rows in (read_pandas(folder, "documents", fmt).to_dict("records"),
                 read_arrow(folder, "documents", fmt)):
        assert [r["id"] for r in rows] == [d["id"] for d in report["documents"]]
        assert [r["text"] for r in rows] == [d["text"] for d in report["documents"]]
        assert [int(r["chars"]) for r in rows] == [len(d["text"]) for d in report["documents"]]
    for rows in (read_pandas(folder, "pairs", fmt).to_dict("records"),
                 read_arrow(folder, "pairs", fmt)):
        assert [(r["a"], r["b"], r["relation"]) for r in rows] == [
            (p["a"], p["b"], p["relation"]) for p in report["pairs"]]
        assert [int(r["passages"]) for r in rows] == [len(p["passages"]) for p in
                                                      report["pairs"]]


def test_passage_offsets_are_the_reports(run) -> None:
    fmt, folder, report = run
    expected = report_passages(report)
    assert len(expected) >= 5  # the demo's pairs have passages to compare
    assert table_passages(read_pandas(folder, "passages", fmt).to_dict("records")) == expected
    assert table_passages(read_arrow(folder, "passages", fmt)) == expected


def test_passage_text_is_the_slice_of_the_documents_text(run) -> None:
    fmt, folder, report = run
    for docs, passages in (
        (read_pandas(folder, "documents", fmt), read_pandas(folder, "passages", fmt)),
        (pd.DataFrame(read_arrow(folder, "documents", fmt)),
         pd.DataFrame(read_arrow(folder, "passages", fmt))),
    ):
        text = dict(zip(docs["id"], docs["text"], strict=True))
        assert len(passages) == len(report_passages(report))
        for r in passages.to_dict("records"):
            a_piece = text[r["a"]][int(r["a_start"]) : int(r["a_end"])]
            b_piece = text[r["b"]][int(r["b_start"]) : int(r["b_end"])]
            assert a_piece and r["a_text"] == a_piece, (r["a"], r["passage"])
            assert b_piece and r["b_text"] == b_piece, (r["b"], r["passage"])


def test_evidence_spans_slice_the_documents_text(run) -> None:
    fmt, folder, _ = run
    docs = read_pandas(folder, "documents", fmt)
    text = dict(zip(docs["id"], docs["text"], strict=True))
    evidence = read_pandas(folder, "evidence", fmt).to_dict("records")
    assert evidence  # the demo's spun copy carries disguise evidence
    for e in evidence:
        assert text[e["document"]][int(e["start"]) : int(e["end"])] == e["text"], e


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_texts_with_crlf_quotes_and_commas_survive_the_tables(fmt: str, tmp_path: Path) -> None:
    # CRLF line ends, quotation marks and commas are kept in the texts (offsets count
    # every character), so the CSV's quoting must give them back exactly.
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "wire.txt").write_bytes("\r\n\r\n".join(WIRE).encode("utf-8"))
    (tmp_path / "in" / "copy.txt").write_bytes(
        "\r\n\r\n".join([OWN[0], WIRE[2], WIRE[3], OWN[1]]).encode("utf-8"))
    tables = tmp_path / "tables"
    assert main(["scan", str(tmp_path / "in"), "-q", "-j", "1", "--tables", str(tables),
                 "--tables-format", fmt]) == 0
    for docs, passages in (
        (read_pandas(tables, "documents", fmt), read_pandas(tables, "passages", fmt)),
        (pd.DataFrame(read_arrow(tables, "documents", fmt)),
         pd.DataFrame(read_arrow(tables, "passages", fmt))),
    ):
        text = dict(zip(docs["id"], docs["text"], strict=True))
        assert text["wire"] == "\r\n\r\n".join(WIRE)
        assert len(passages) >= 1
        for r in passages.to_dict("records"):
            piece = text[r["b"]][int(r["b_start"]) : int(r["b_end"])]
            assert '"We did not take this decision lightly' in piece or "9,400" in piece
            assert r["b_text"] == piece
            assert r["a_text"] == text[r["a"]][int(r["a_start"]) : int(r["a_end"])]
