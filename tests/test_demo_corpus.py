"""The demo scan finds what src/wiretrace/demo/corpus/README.md says it should."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from wiretrace.cli import main

WIRE, REPRINT, SPUN, FOLDED = "wire-original", "reprint-trimmed", "spun-copy", "folded-report"
UNRELATED, SAME_TOPIC = "unrelated", "same-topic-different-story"
RELATED = {WIRE, REPRINT, SPUN, FOLDED}


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    corpus = resources.files("wiretrace.demo").joinpath("corpus")
    return {
        Path(f.name).stem: f.read_bytes().decode("utf-8")
        for f in corpus.iterdir()
        if f.name.endswith(".txt")
    }


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("demo") / "demo.json"
    assert main(["demo", "--json", str(out), "-q", "-j", "1"]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


def paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p.strip()]


def wire_paragraph(texts: dict[str, str], k: int) -> str:
    """W*k* of the README: paragraph k of the wire story (after headline and byline)."""
    return paragraphs(texts[WIRE])[k + 1]


def pair(report: dict, x: str, y: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Passages of pair (x, y) as ``(x_span, y_span)``, whichever order the report uses."""
    for p in report["pairs"]:
        if (p["a"], p["b"]) == (x, y):
            return [(tuple(q["a"]), tuple(q["b"])) for q in p["passages"]]
        if (p["a"], p["b"]) == (y, x):
            return [(tuple(q["b"]), tuple(q["a"])) for q in p["passages"]]
    raise AssertionError(f"no pair {x} / {y}")


def span_of(text: str, piece: str) -> tuple[int, int]:
    start = text.find(piece)
    assert start >= 0 and text.find(piece, start + 1) < 0
    return start, start + len(piece)


def overlap(span: tuple[int, int], region: tuple[int, int]) -> int:
    return max(0, min(span[1], region[1]) - max(span[0], region[0]))


def test_corpus_is_as_described(texts: dict[str, str]) -> None:
    assert sorted(texts) == sorted(RELATED | {UNRELATED, SAME_TOPIC})
    assert len(paragraphs(texts[WIRE])) == 2 + 12 + 1  # headline, byline, W1–W12, copyright
    assert wire_paragraph(texts, 1).startswith("ROTTERDAM, Netherlands (Meridian Wire) — ")
    assert wire_paragraph(texts, 12).startswith("Mediators from the national")


def test_exactly_the_expected_pairs(report: dict) -> None:
    found = {frozenset((p["a"], p["b"])) for p in report["pairs"]}
    expected = {
        frozenset((WIRE, REPRINT)),
        frozenset((WIRE, SPUN)),
        frozenset((WIRE, FOLDED)),
        # Linked through the wire, as the README describes:
        frozenset((REPRINT, SPUN)),  # S1–S4, S6, S7 are spun R1–R6
        frozenset((SPUN, FOLDED)),  # S11, S9, S8 are spun F3, F6, F8
    }
    assert found == expected
    assert frozenset((REPRINT, FOLDED)) not in found
    for p in report["pairs"]:
        assert UNRELATED not in (p["a"], p["b"])
        assert SAME_TOPIC not in (p["a"], p["b"])


def test_folded_verbatim_paragraphs_are_separate_passages(
    report: dict, texts: dict[str, str]
) -> None:
    passages = pair(report, FOLDED, WIRE)
    folded, wire = texts[FOLDED], texts[WIRE]
    w11, w9 = wire_paragraph(texts, 11), wire_paragraph(texts, 9)
    f3, f6 = span_of(folded, w11), span_of(folded, w9)  # F3 = W11, F6 = W9, byte for byte
    assert f3 < f6  # reverse order in the folded report
    for in_folded, in_wire in ((f3, span_of(wire, w11)), (f6, span_of(wire, w9))):
        hits = [p for p in passages if overlap(p[0], in_folded)]
        assert len(hits) == 1, hits
        got_f, got_w = hits[0]
        # Starts exactly at the paragraph; ends at its last word (the final "." may be left out).
        assert got_f[0] == in_folded[0] and got_w[0] == in_wire[0]
        assert in_folded[1] - 2 <= got_f[1] <= in_folded[1]
        assert in_wire[1] - 2 <= got_w[1] <= in_wire[1]
    assert pair_relation(report, FOLDED, WIRE) == "copy"
    coverage = pair_coverage(report, FOLDED)
    assert coverage < 0.5


def pair_relation(report: dict, x: str, y: str) -> str:
    (p,) = [p for p in report["pairs"] if {p["a"], p["b"]} == {x, y}]
    return p["relation"]


def pair_coverage(report: dict, doc: str) -> float:
    (p,) = [p for p in report["pairs"] if {p["a"], p["b"]} == {doc, WIRE}]
    return p["coverage"]["a" if p["a"] == doc else "b"]


def test_folded_report_own_paragraphs_are_not_reused(report: dict, texts: dict[str, str]) -> None:
    folded = texts[FOLDED]
    own = [paragraphs(folded)[k + 1] for k in (1, 2, 4, 5, 7, 9, 10, 11)]  # F1 F2 F4 F5 F7 F9…
    spans = [p[0] for p in pair(report, FOLDED, WIRE)]
    for paragraph in own:
        region = span_of(folded, paragraph)
        assert sum(overlap(s, region) for s in spans) == 0, paragraph[:40]


def test_folded_edited_paragraph_is_covered_end_to_end(
    report: dict, texts: dict[str, str]
) -> None:
    folded = texts[FOLDED]
    f8 = next(p for p in paragraphs(folded) if p.startswith("Several shipping lines"))
    region = span_of(folded, f8)
    hits = [p for p in pair(report, FOLDED, WIRE) if overlap(p[0], region)]
    assert len(hits) == 1
    got = hits[0][0]
    assert got[0] - region[0] <= 3 and region[1] - got[1] <= 3


def test_reprint_leaves_out_the_dropped_paragraph(report: dict, texts: dict[str, str]) -> None:
    wire = texts[WIRE]
    passages = pair(report, WIRE, REPRINT)
    assert len(passages) == 2  # W1–W4, then W6–W7
    w5 = span_of(wire, wire_paragraph(texts, 5))
    assert all(overlap(p[0], w5) == 0 for p in passages)
    for k in (1, 2, 3, 4, 6, 7):
        region = span_of(wire, wire_paragraph(texts, k))
        assert sum(overlap(p[0], region) for p in passages) >= region[1] - region[0] - 2, k
    for k in (8, 9, 10, 11, 12):
        region = span_of(wire, wire_paragraph(texts, k))
        assert all(overlap(p[0], region) == 0 for p in passages), k
    # The second run starts at W6 in both texts (give or take its opening quote).
    second = max(passages)
    w6 = wire_paragraph(texts, 6)
    assert abs(second[0][0] - span_of(wire, w6)[0]) <= 1
    assert abs(second[1][0] - span_of(texts[REPRINT], w6)[0]) <= 1


def test_reprint_passage_starts_at_first_paragraph(report: dict, texts: dict[str, str]) -> None:
    first = min(pair(report, WIRE, REPRINT))
    w1 = wire_paragraph(texts, 1)
    assert first[0][0] == span_of(texts[WIRE], w1)[0]
    assert first[1][0] == span_of(texts[REPRINT], w1)[0]


def test_spun_copy_is_covered_but_not_verbatim(report: dict) -> None:
    (p,) = [p for p in report["pairs"] if {p["a"], p["b"]} == {WIRE, SPUN}]
    assert min(p["coverage"]["a"], p["coverage"]["b"]) > 0.8
    assert p["relation"] != "duplicate"
    assert all(q["kind"] != "verbatim" for q in p["passages"])


def test_boilerplate_trap_is_not_reuse(report: dict) -> None:
    docs = {d["id"]: d for d in report["documents"]}
    for doc_id in (UNRELATED, SAME_TOPIC, WIRE):
        labels = [b["label"] for b in docs[doc_id]["boilerplate"]]
        assert "copyright" in labels, doc_id
    assert not [p for p in report["pairs"] if {p["a"], p["b"]} == {UNRELATED, SAME_TOPIC}]


def test_reprint_site_furniture_is_boilerplate(report: dict, texts: dict[str, str]) -> None:
    (doc,) = [d for d in report["documents"] if d["id"] == REPRINT]
    text = texts[REPRINT]
    found = [(text[s:e], b["label"]) for b in doc["boilerplate"] for s, e in [b["span"]]]
    assert found == [
        ("Home | News | Business | Sport | Weather", "navigation"),
        ("Published: 14 March 2026", "date-header"),
        ("Photo: Meridian Wire", "photo-credit"),
        ("By Annelies Kroon, Meridian Wire", "byline"),
        ("Comments are closed.", "comments"),
        ("Share this: Facebook Twitter Email", "sharing"),
    ]


def test_stories_group_the_four_related_articles(report: dict) -> None:
    (story,) = report["stories"]
    assert set(story["documents"]) == RELATED
    assert len(story["documents"]) == 4
    assert UNRELATED not in story["documents"] and SAME_TOPIC not in story["documents"]


def test_forensics_of_the_demo(report: dict, texts: dict[str, str]) -> None:
    docs = {d["id"]: d for d in report["documents"]}
    # Only the spun copy reads as spun; one odd phrase elsewhere is not evidence.
    assert docs["spun-copy"]["spin"]["score"] >= 0.8
    for other in ("wire-original", "reprint-trimmed", "folded-report", "unrelated",
                  "same-topic-different-story"):
        assert docs[other]["spin"]["score"] == 0.0, other
    # The tortured phrases of the spun copy point back at the wire's wording.
    proposals = {
        e["text"].lower(): (e.get("proposal") or "").lower()
        for e in docs["spun-copy"]["spin"]["evidence"] if e["kind"] == "tortured-phrase"
    }
    assert proposals.get("provide chains") == "supply chains"
    for e in docs["spun-copy"]["spin"]["evidence"]:
        assert texts["spun-copy"][e["span"][0] : e["span"][1]] == e["text"]
    # Direction: the reprint and the spun copy credit Meridian Wire, the wire's outlet.
    pairs = {frozenset((p["a"], p["b"])): p for p in report["pairs"]}
    for copy in ("reprint-trimmed", "spun-copy"):
        p = pairs[frozenset((copy, "wire-original"))]
        assert p["source"] == "wire-original"
        assert "credit" in {e["signal"] for e in p["direction_evidence"]}
    (story,) = report["stories"]
    assert story["origin"] == "wire-original"
    parents = {row["document"]: row["source"] for row in story["lineage"]}
    assert parents["reprint-trimmed"] == parents["spun-copy"] == "wire-original"
    assert parents["wire-original"] is None
