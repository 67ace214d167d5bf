"""Which article is the original, from the text alone: the context-fit signal."""

from __future__ import annotations

from reuse_texts import LIBRARY, WIRE, article
from wiretrace.classify import PairMatch
from wiretrace.forensics.context_fit import ContextFit, context_fit
from wiretrace.forensics.direction import SideEvidence, Vote, decide_direction
from wiretrace.lexicon.wordnet import load_wordnet
from wiretrace.normalize.prepare import prepare_document
from wiretrace.pipeline import scan_documents
from wiretrace.records import Document

# A library article into which one paragraph of the bridge story was pasted, whole.
WIRE_TEXT = article(["Sørvik bridge shut after cable corrosion found", *WIRE])
PASTED = article(["Oskarsberg opens its new library", *LIBRARY[:2], WIRE[3], *LIBRARY[2:]])


def test_pasted_paragraph_fits_its_original_not_its_host() -> None:
    wn = load_wordnet()
    wire = prepare_document(Document("wire", WIRE_TEXT), wn)
    host = prepare_document(Document("host", PASTED), wn)
    start = PASTED.index(WIRE[3])
    span_host = (start, start + len(WIRE[3]))
    start = WIRE_TEXT.index(WIRE[3])
    span_wire = (start, start + len(WIRE[3]))
    fit = context_fit(host, wire, [span_host], [span_wire])
    assert fit is not None
    # "bridge", "agency", "island", "Brekke" recur around the paragraph in the wire story;
    # around it in the library article little of it does.
    assert fit.fit_b > fit.fit_a + 0.1
    assert fit.fit_a < 0.1, fit


def test_scan_calls_the_original_with_no_dates_or_credits() -> None:
    result = scan_documents([Document("host", PASTED), Document("wire", WIRE_TEXT)])
    (pair,) = result.pairs
    assert pair.source == "wire"
    votes = {e.signal: e for e in pair.direction.votes}
    assert votes["context-fit"].favours == "wire"
    assert "date" not in votes and "credit" not in votes


def test_full_reprint_gives_no_context_fit() -> None:
    wn = load_wordnet()
    wire = prepare_document(Document("wire", WIRE_TEXT), wn)
    reprint = prepare_document(Document("reprint", WIRE_TEXT.replace("Sørvik bridge shut",
                                                                      "Bridge closed")), wn)
    body = WIRE_TEXT.index(WIRE[0])
    fit = context_fit(reprint, wire, [(body - 4, len(reprint.text))],
                      [(body, len(WIRE_TEXT))])
    assert fit is None


def test_context_fit_does_not_overrule_a_date_on_its_own() -> None:
    # The host is dated before the wire story: the text says one thing, the metadata the
    # other. The context-fit vote is capped below a date's, so the pair stays undecided
    # and both votes are shown.
    result = scan_documents([
        Document("host", PASTED, date="2026-03-01"),
        Document("wire", WIRE_TEXT, date="2026-03-02"),
    ])
    (pair,) = result.pairs
    votes = {e.signal: e for e in pair.direction.votes}
    assert votes["date"].favours == "host"
    assert votes["context-fit"].favours == "wire"
    assert pair.source is None


def test_trimmed_reprint_gets_no_context_fit_vote() -> None:
    # The reprint lies wholly inside the wire story: it has no text of its own around
    # the reuse to compare with, so the vote abstains (dates and credits must decide).
    reprint = article(["Island cut off", *WIRE[:4]])
    result = scan_documents([Document("reprint", reprint), Document("wire", WIRE_TEXT)])
    (pair,) = result.pairs
    assert pair.coverage_a > 0.9
    assert all(e.signal != "context-fit" for e in pair.direction.votes)


def _fit_votes(fit: ContextFit) -> tuple[str | None, list[Vote]]:
    pair = PairMatch("host", "wire", 0.5, 0.1, 0.1, "copy", passages=(), substitutions=())
    direction = decide_direction(pair, SideEvidence(), SideEvidence(), fit=fit)
    return direction.source, list(direction.votes)


def test_context_fit_lead_is_read_relative_to_the_better_fit() -> None:
    # Little context around the reuse makes both fits low; 4% against 8% is still the
    # passage belonging to one side twice as much, and decides.
    source, votes = _fit_votes(ContextFit(fit_a=0.04, fit_b=0.08, context_tokens=120))
    assert source == "wire"
    assert votes[0].signal == "context-fit" and votes[0].weight == 2.5
    # 35% against 37% is the same coherence on both sides: no vote at all.
    source, votes = _fit_votes(ContextFit(fit_a=0.35, fit_b=0.37, context_tokens=400))
    assert source is None and votes == []
    # With 40 tokens of context on each side the same lead counts for less than a vote.
    source, votes = _fit_votes(ContextFit(fit_a=0.04, fit_b=0.05, context_tokens=40))
    assert source is None and votes[0].weight < 1.0
