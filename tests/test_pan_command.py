"""``wiretrace pan`` on a tiny PAN-style layout built in a temporary folder."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from reuse_texts import LIBRARY, OWN, WIRE, article, assert_span_near, core, locate
from wiretrace.cli import main
from wiretrace.report.pan_xml import read_pan_xml

SRC1, SRC2 = "source-document00001.txt", "source-document00002.txt"
SUSP1, SUSP2 = "suspicious-document00001.txt", "suspicious-document00002.txt"
COPIED = WIRE[3]

# The source starts with multi-byte characters so byte offsets would be wrong.
SRC1_TEXT = "Ærøskøbing — 港 📰\n\n" + article(WIRE)
SRC2_TEXT = article(LIBRARY)
SUSP1_TEXT = article([OWN[0], OWN[1], COPIED, OWN[2]])
SUSP2_TEXT = article(OWN[3:7])


@pytest.fixture
def layout(tmp_path: Path) -> Path:
    (tmp_path / "src").mkdir()
    (tmp_path / "susp").mkdir()
    for folder, name, text in (
        ("src", SRC1, SRC1_TEXT), ("src", SRC2, SRC2_TEXT),
        ("susp", SUSP1, SUSP1_TEXT), ("susp", SUSP2, SUSP2_TEXT),
    ):
        (tmp_path / folder / name).write_bytes(text.encode("utf-8"))
    (tmp_path / "pairs").write_text(f"{SUSP1} {SRC1}\n{SUSP2} {SRC2}\n", encoding="utf-8")
    return tmp_path


def run_pan(root: Path, pairs: str = "pairs", out: str = "out") -> int:
    return main(["pan", str(root / pairs), str(root / "src"), str(root / "susp"),
                 str(root / out), "-j", "1"])


def test_pan_writes_one_xml_per_pair(layout: Path, capsys) -> None:
    assert run_pan(layout) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert "2 pairs aligned, 1 with reuse, 1 passages" in captured.out
    names = sorted(p.name for p in (layout / "out").iterdir())
    assert names == [
        "suspicious-document00001-source-document00001.xml",
        "suspicious-document00002-source-document00002.xml",
    ]


def test_copied_paragraph_feature_slices_both_texts(layout: Path, capsys) -> None:
    run_pan(layout)
    xml_path = layout / "out" / "suspicious-document00001-source-document00001.xml"
    root = ET.parse(xml_path).getroot()
    assert root.tag == "document" and root.get("reference") == SUSP1
    (feature,) = root.findall("feature")
    assert feature.get("name") == "detected-plagiarism"
    assert feature.get("source_reference") == SRC1
    this = int(feature.get("this_offset")), int(feature.get("this_length"))
    source = int(feature.get("source_offset")), int(feature.get("source_length"))
    assert_span_near((this[0], this[0] + this[1]), locate(SUSP1_TEXT, COPIED))
    assert_span_near((source[0], source[0] + source[1]), locate(SRC1_TEXT, COPIED))
    susp_piece = SUSP1_TEXT[this[0] : this[0] + this[1]]
    src_piece = SRC1_TEXT[source[0] : source[0] + source[1]]
    assert core(COPIED) in susp_piece and susp_piece == src_piece
    (case,) = read_pan_xml(xml_path)
    assert (case.susp, case.src) == (SUSP1, SRC1)
    assert case.susp_range == (this[0], this[0] + this[1])


def test_pair_without_reuse_gets_an_empty_document(layout: Path, capsys) -> None:
    run_pan(layout)
    xml_path = layout / "out" / "suspicious-document00002-source-document00002.xml"
    root = ET.parse(xml_path).getroot()
    assert root.tag == "document" and root.get("reference") == SUSP2
    assert list(root) == []
    assert read_pan_xml(xml_path) == []


def test_missing_document_is_a_problem_not_a_traceback(layout: Path, capsys) -> None:
    (layout / "pairs2").write_text(
        f"{SUSP1} {SRC1}\nsuspicious-document00009.txt {SRC2}\n", encoding="utf-8"
    )
    status = run_pan(layout, "pairs2", "out2")
    captured = capsys.readouterr()
    assert status == 1
    assert "Traceback" not in captured.err
    assert captured.err.splitlines() == [
        f"wiretrace: {layout / 'susp' / 'suspicious-document00009.txt'}: file not found"
    ]
    # The good pair is still aligned and written.
    names = sorted(p.name for p in (layout / "out2").iterdir())
    assert names == ["suspicious-document00001-source-document00001.xml"]


def test_malformed_pairs_line_is_reported_with_its_number(layout: Path, capsys) -> None:
    (layout / "pairs3").write_text(f"{SUSP1} {SRC1}\n\njust-one-name.txt\n", encoding="utf-8")
    status = run_pan(layout, "pairs3", "out3")
    captured = capsys.readouterr()
    assert status == 1
    assert "Traceback" not in captured.err
    assert "pairs3:3: expected two file names" in captured.err
    assert (layout / "out3" / "suspicious-document00001-source-document00001.xml").exists()


def test_missing_source_folder_is_a_clean_error(layout: Path, capsys) -> None:
    status = main(["pan", str(layout / "pairs"), str(layout / "nowhere"), str(layout / "susp"),
                   str(layout / "out"), "-j", "1"])
    captured = capsys.readouterr()
    assert status == 1
    assert "Traceback" not in captured.err
    assert captured.err.strip() == (
        f"wiretrace: error: source folder {layout / 'nowhere'} does not exist"
    )


# Arguments that make no PAN layout: one error line naming the argument and what is
# wrong with it, status 1, and nothing written. Each entry: PAIRS, SRC_DIR, SUSP_DIR,
# OUT_DIR (relative to the layout) and the error after "wiretrace: error: ".
LAYOUT_ERRORS = {
    "swapped folders": (
        ("pairs", "susp", "src", "out"),
        "source folder {root}/susp and suspicious folder {root}/src are swapped: the "
        f"suspicious documents of {{root}}/pairs (its first column, e.g. {SUSP1}) are in "
        "{root}/susp, not in {root}/src; give SRC_DIR before SUSP_DIR"),
    "a folder for PAIRS": (
        ("src", "susp", "pairs", "out"),
        "pairs file {root}/src is a folder, not a file of 'susp src' lines (the arguments "
        "are PAIRS SRC_DIR SUSP_DIR OUT_DIR)"),
    "a file for SUSP_DIR": (
        ("pairs", "src", "pairs", "out"), "suspicious folder {root}/pairs is a file, not a folder"),
    "a file for OUT_DIR": (
        ("pairs", "src", "susp", "pairs"), "output folder {root}/pairs is a file, not a folder"),
    "OUT_DIR is SRC_DIR": (
        ("pairs", "src", "susp", "src"),
        "output folder {root}/src is the source folder: the XML files would be written "
        "among the documents"),
    "the source folder twice": (
        ("pairs", "src", "src", "out"),
        "suspicious folder {root}/src holds none of the suspicious documents named in the "
        f"first column of {{root}}/pairs (e.g. {SUSP1})"),
    "an empty source folder": (
        ("pairs", "empty", "susp", "out"),
        "source folder {root}/empty holds none of the source documents named in the second "
        f"column of {{root}}/pairs (e.g. {SRC1})"),
    "a document for PAIRS": (
        (f"src/{SRC2}", "src", "susp", "out"),
        f"pairs file {{root}}/src/{SRC2} holds no 'susp src' line (line 1: expected two "
        "file names: 'susp src')"),
    "a binary PAIRS": (
        ("blob", "src", "susp", "out"), "pairs file {root}/blob: binary file"),
}


@pytest.mark.parametrize("case", sorted(LAYOUT_ERRORS))
def test_arguments_that_make_no_layout_are_one_error_line(
    case: str, layout: Path, capsys
) -> None:
    (layout / "empty").mkdir()
    (layout / "blob").write_bytes(bytes(range(256)))
    names, message = LAYOUT_ERRORS[case]
    before = sorted(str(p) for p in layout.rglob("*"))
    status = main(["pan", *(str(layout / n) for n in names), "-j", "1"])
    captured = capsys.readouterr()
    assert status == 1
    assert "Traceback" not in captured.err
    (line,) = captured.err.splitlines()
    assert line.startswith("wiretrace: error: " + message.format(root=layout)), line
    assert captured.out == ""
    assert sorted(str(p) for p in layout.rglob("*")) == before  # nothing written


def test_swapped_folders_as_a_user_meets_them(layout: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "wiretrace", "pan", "pairs", "susp", "src",
                          "out"], cwd=layout, capture_output=True, text=True, timeout=300,
                         check=False)
    assert run.returncode == 1
    assert run.stderr.splitlines() == [
        "wiretrace: error: source folder susp and suspicious folder src are swapped: the "
        f"suspicious documents of pairs (its first column, e.g. {SUSP1}) are in susp, not "
        "in src; give SRC_DIR before SUSP_DIR"]
    assert not (layout / "out").exists()
