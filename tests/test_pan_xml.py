"""PAN XML detections: write, read back, escaping, empty documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from wiretrace.pipeline import compare_documents
from wiretrace.records import Document
from wiretrace.report.pan_xml import Case, read_pan_xml, write_pan_xml


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "d.xml"
    passages = [((10, 60), (200, 260)), ((100, 150), (0, 40))]
    write_pan_xml(path, "suspicious-document00001.txt", "source-document00002.txt", passages)
    cases = read_pan_xml(path)
    assert cases == [
        Case("suspicious-document00001.txt", "source-document00002.txt", 10, 50, 200, 60),
        Case("suspicious-document00001.txt", "source-document00002.txt", 100, 50, 0, 40),
    ]
    assert [(c.susp_range, c.src_range) for c in cases] == passages
    text = path.read_text(encoding="utf-8")
    assert 'name="detected-plagiarism"' in text
    assert '<document reference="suspicious-document00001.txt">' in text


def test_passage_records_accepted(tmp_path: Path) -> None:
    path = tmp_path / "p.xml"
    text = ("The regional roads agency said divers and rope-access teams had measured wire "
            "losses of up to 12 percent in sections of the northern cable.")
    match = compare_documents(Document("a", text), Document("b", "Monday. " + text))
    assert match is not None
    write_pan_xml(path, "a", "b", list(match.passages))
    (case,) = read_pan_xml(path)
    assert (case.susp_range, case.src_range) == (match.passages[0].a, match.passages[0].b)


def test_empty_document(tmp_path: Path) -> None:
    path = tmp_path / "empty.xml"
    write_pan_xml(path, "susp.txt", "src.txt", [])
    assert read_pan_xml(path) == []
    assert "<document" in path.read_text(encoding="utf-8")


def test_escaping(tmp_path: Path) -> None:
    path = tmp_path / "esc.xml"
    susp, src = 'a&b<"c">\'d.txt', "ü & <é>.txt"
    write_pan_xml(path, susp, src, [((0, 1), (2, 3))])
    raw = path.read_bytes().decode("utf-8")
    assert "a&b<" not in raw and "&amp;" in raw and "&lt;" in raw
    (got,) = read_pan_xml(path)
    assert (got.susp, got.src) == (susp, src)


def test_reads_truth_format(tmp_path: Path) -> None:
    path = tmp_path / "truth.xml"
    path.write_text(
        '<document reference="suspicious-document00005.txt">\n'
        '<feature name="about" authors="x" />\n'
        '<feature name="plagiarism" obfuscation="none" source_length="698" '
        'source_offset="1300" source_reference="source-document01090.txt" '
        'this_length="698" this_offset="3593" type="artificial" />\n'
        "</document>\n",
        encoding="utf-8",
    )
    assert read_pan_xml(path) == [
        Case(
            "suspicious-document00005.txt", "source-document01090.txt", 3593, 698, 1300, 698, "none"
        )
    ]


def test_bad_input(tmp_path: Path) -> None:
    path = tmp_path / "bad.xml"
    path.write_text(
        '<document reference="s"><feature name="plagiarism" this_offset="x" '
        'this_length="1" source_reference="r" source_offset="0" '
        'source_length="1"/></document>',
        encoding="utf-8",
    )
    with pytest.raises(ValueError):
        read_pan_xml(path)
    with pytest.raises(ValueError):
        write_pan_xml(tmp_path / "w.xml", "s", "r", [((5, 2), (0, 1))])
