"""What a scan must leave alone in ordinary news: nobody spun or translated these articles.

The fixtures (``fixtures/ordinary_news/articles.jsonl``, written for these tests) are 14
short articles: a British hydrogen press release reprinted by a British trade site and, in
American spelling, by an American one; an American solar release reprinted in British
spelling; a Reuters story (outlet given as the host name ``www.reuters.com``) rewritten a
day later by a trade site "according to the Reuters news agency"; articles full of trade
jargon; and unrelated stories that share only common names (United States, White House,
Baltic Sea, Nord Stream, Eastern Europe, NATO).

Expectations that today's detectors miss are marked ``xfail(strict=True)`` with what
fires, so the suite stays green and each one flips (and then fails as XPASS, asking for
its mark to be removed) when the detector is fixed.
"""

from __future__ import annotations

import dataclasses
import json
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest

import wiretrace
from wiretrace.evaluation.baselines import exact_ngram_align
from wiretrace.ingest import read_paths
from wiretrace.records import Document

FIXTURES = Path(__file__).parent / "fixtures" / "ordinary_news" / "articles.jsonl"
DOC_IDS = [json.loads(line)["id"] for line in FIXTURES.read_text("utf-8").splitlines()]

REUSE = (
    ("pr-cairnmoor", "h2weekly-cairnmoor"),  # British release, British trade reprint
    ("pr-cairnmoor", "powerbeat-cairnmoor"),  # ... and an American reprint, American spelling
    ("h2weekly-cairnmoor", "powerbeat-cairnmoor"),
    ("pr-brightline", "renewreview-brightline"),  # American release, British reprint
    ("reuters-keadwater", "ppj-keadwater"),  # wire story, trade rewrite crediting Reuters
)
WIRE, REWRITE = "reuters-keadwater", "ppj-keadwater"
NAME_SHARING = ("ap-solar-tariff", "geneva-talks", "transit-talks", "baltic-cable",
                "lng-front-month")
"""Unrelated stories: a solar import ban (United States, White House), Ukraine talks (United
States, White House, NATO, Eastern Europe, Nord Stream, Baltic Sea), gas transit costs
(Eastern Europe, Nord Stream, Baltic Sea), a tanker damaging a Baltic Sea cable (Baltic
Sea, Nord Stream, NATO), Asian LNG prices (United States)."""

TRADE_TERMS = ("hydrogen plant", "gas plant", "gas plants", "solar modules", "solar module",
               "offshore wind farm", "grid operator", "spot price", "front-month contract",
               "heat pumps", "capacity auction", "power purchase agreement", "LNG cargoes",
               "data centers", "data centres", "training center", "training centre")

_US_UK = {"center": "centre", "centers": "centres", "program": "programme",
          "programs": "programmes", "labor": "labour", "organized": "organised",
          "modeled": "modelled", "percent": "per cent", "tons": "tonnes"}


def _respelled(phrase: str) -> str:
    """The phrase in British spelling (lowercase), to compare spelling variants."""
    words = phrase.lower().split()
    return " ".join(_US_UK.get(w, w) for w in words)


def _documents() -> list[Document]:
    read = read_paths([FIXTURES])
    assert not read.problems, read.problems
    return read.documents


def _report(documents: list[Document]) -> dict[str, Any]:
    return wiretrace.scan(documents).to_dict()


@pytest.fixture(scope="module")
def documents() -> list[Document]:
    return _documents()


@pytest.fixture(scope="module")
def report(wordnet, documents) -> dict[str, Any]:  # wordnet: skip when not installed
    return _report(documents)


def _pair(report: dict[str, Any], a: str, b: str) -> dict[str, Any] | None:
    for p in report["pairs"]:
        if {p["a"], p["b"]} == {a, b}:
            return p
    return None


def _param(a: str, b: str, known: dict[tuple[str, str], str]) -> Any:
    marks = ([pytest.mark.xfail(reason=known[(a, b)], strict=True)] if (a, b) in known else [])
    return pytest.param(a, b, id=f"{a}~{b}", marks=marks)


# ----------------------------------------------------------------------------- the fixtures

def test_fixtures_are_what_the_labels_say(documents) -> None:
    """Short articles; the labelled pairs share text, no other pair shares any."""
    by_id = {d.id: d for d in documents}
    assert 12 <= len(documents) <= 16
    for d in documents:
        assert 800 <= len(d.text) <= 2000, (d.id, len(d.text))
    for a, b in combinations(sorted(by_id), 2):
        shared = bool(exact_ngram_align(by_id[a].text, by_id[b].text))
        assert shared == ((a, b) in REUSE or (b, a) in REUSE), (a, b)
    assert by_id[WIRE].outlet == "www.reuters.com"
    assert "according to the Reuters news agency" in by_id[REWRITE].text
    assert by_id[WIRE].date < by_id[REWRITE].date
    assert "programme manager" in by_id["pr-cairnmoor"].text
    assert "program manager" in by_id["powerbeat-cairnmoor"].text


# ----------------------------------------------------------------------------- spin / translation

@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_no_article_scores_as_spun_or_translated(report, doc_id) -> None:
    (doc,) = [d for d in report["documents"] if d["id"] == doc_id]
    assert doc["spin"]["score"] < 0.5, doc["spin"]
    assert doc["translation"]["score"] < 0.5, doc["translation"]


def test_spelling_variants_are_not_tortured_phrases(report) -> None:
    respelled = [
        (d["id"], e["text"], e["proposal"])
        for d in report["documents"] for e in d["spin"]["evidence"]
        if e["kind"] == "tortured-phrase" and _respelled(e["text"]) == _respelled(e["proposal"])
    ]
    assert respelled == []


def test_trade_terms_are_not_tortured_phrases(report) -> None:
    flagged = [
        (d["id"], e["text"], e["proposal"])
        for d in report["documents"] for e in d["spin"]["evidence"]
        if e["kind"] == "tortured-phrase" and e["text"].lower() in TRADE_TERMS
    ]
    assert flagged == []


# ----------------------------------------------------------------------------- reuse is copy

REUSE_KNOWN: dict[tuple[str, str], str] = {}


@pytest.mark.parametrize(("a", "b"), [_param(a, b, REUSE_KNOWN) for a, b in REUSE])
def test_press_release_and_wire_reuse_is_a_copy(report, a, b) -> None:
    pair = _pair(report, a, b)
    assert pair is not None, "reuse not found"
    assert pair["relation"] in ("copy", "duplicate"), pair["relation"]
    kinds = [p["kind"] for p in pair["passages"]]
    assert not {"spun", "translated"} & set(kinds), kinds


# ----------------------------------------------------------------------------- common names

@pytest.mark.parametrize(("a", "b"), list(combinations(NAME_SHARING, 2)),
                         ids=[f"{a}~{b}" for a, b in combinations(NAME_SHARING, 2)])
def test_articles_sharing_only_common_names_are_not_linked(report, a, b) -> None:
    pair = _pair(report, a, b)
    assert pair is None, (pair["relation"], (pair.get("evidence") or {}).get("shared_names"))
    for story in report["stories"]:
        assert not {a, b} <= set(story["documents"]), story["documents"]


# ----------------------------------------------------------------------------- agency credit

def test_wire_story_is_not_named_the_copy_of_its_reprint(report) -> None:
    """The dates say the Reuters story came first: it must not be called the copy."""
    pair = _pair(report, WIRE, REWRITE)
    assert pair is not None
    assert pair["source"] != REWRITE, pair["direction_evidence"]


def test_credit_to_an_outlet_given_as_host_name_is_a_vote(report) -> None:
    pair = _pair(report, WIRE, REWRITE)
    assert pair is not None
    credits = [e for e in pair["direction_evidence"] if e["signal"] == "credit"]
    assert [e["favours"] for e in credits] == [WIRE], pair["direction_evidence"]


def test_credit_decides_a_same_day_reprint(wordnet, documents) -> None:
    by_id = {d.id: d for d in documents}
    same_day = dataclasses.replace(by_id[REWRITE], date=by_id[WIRE].date)
    report = _report([by_id[WIRE], same_day])
    pair = _pair(report, WIRE, REWRITE)
    assert pair is not None
    assert pair["source"] == WIRE, (pair["direction_evidence"], pair.get("direction_note"))

