"""The evidence behind a passage's kind (:mod:`wiretrace.classify.rewording`), on the
texts of ``test_disguise``: a spinner's thesaurus swaps, a round trip's rebuilt grammar,
and neither in an edited copy; a round trip is ``translated`` only with traces."""

from __future__ import annotations

import pytest

import wiretrace
from test_disguise import EDITED, ORIGINAL, SPUN, TRANSLATED, _derived
from wiretrace.classify import ClassifySettings, with_trace_evidence
from wiretrace.classify.passage_kind import round_trip_signature, spinner_signature
from wiretrace.classify.rewording import Rewording
from wiretrace.lexicon.spelling import respelled, spelling_variant
from wiretrace.pipeline import compare_documents
from wiretrace.records import Document


def _match(body: str):
    text = _derived(body)
    match = compare_documents(Document("derived", text), Document("wire", ORIGINAL))
    assert match is not None and len(match.passages) == 1
    return text, match


def test_spun_passage_carries_a_spinners_signature() -> None:
    text, match = _match(SPUN)
    r = match.passages[0].rewording
    assert spinner_signature(r, ClassifySettings())
    assert not round_trip_signature(r, ClassifySettings())
    # Each swap points at the spun word in the derived article and at its original.
    swaps = {(text[a[0] : a[1]].lower(), ORIGINAL[b[0] : b[1]].lower()) for a, b in r.thesaurus}
    for pair in [("acknowledged", "accepted"), ("cautioned", "warned"), ("vessels", "ships")]:
        assert pair in swaps, sorted(swaps)
    assert r.thesaurus_swaps >= 20 and r.neighbour_share > 0.6


def test_round_trip_passage_carries_a_round_trips_signature() -> None:
    _text, match = _match(TRANSLATED)
    r = match.passages[0].rewording
    assert round_trip_signature(r, ClassifySettings())
    assert not spinner_signature(r, ClassifySettings())
    assert r.kept_share > 0.8 and r.grammar_change > 0.3 and r.moved_share == 0.0
    assert match.passages[0].kind == "translated"


def test_edited_copy_carries_neither_signature() -> None:
    _text, match = _match(EDITED)
    r = match.passages[0].rewording
    assert not spinner_signature(r, ClassifySettings())
    assert not round_trip_signature(r, ClassifySettings())
    assert r.thesaurus_swaps == 0 and r.grammar_change < 0.1


@pytest.mark.parametrize(("words", "expected"), [(45, False), (59, False), (60, True), (200, True)])
def test_a_round_trip_signature_needs_a_passage_long_enough(words: int, expected: bool) -> None:
    # What an editor's rewrite of a lead sentence measures: content kept, grammar rebuilt.
    r = Rewording(words=words, content_words=words // 2, kept=int(words * 0.45),
                  shared_stems=20, inflected=4, function_words=40, function_changed=10,
                  sentence_pairs=2)
    assert round_trip_signature(r, ClassifySettings()) is expected


def test_without_traces_a_round_trip_is_a_paraphrase() -> None:
    _text, match = _match(TRANSLATED)
    untraced = with_trace_evidence(match, traced=False)
    assert [p.kind for p in untraced.passages] == ["paraphrase"]
    assert untraced.relation == "paraphrase"
    assert match.passages[0].kind == "translated"  # the match itself is left as it was
    assert with_trace_evidence(match, traced=True) is match
    # A spun passage does not depend on translation traces.
    _t, spun = _match(SPUN)
    assert with_trace_evidence(spun, traced=False) is spun


def test_scan_reports_translated_passage_as_evidence_when_traces_back_it() -> None:
    plain = wiretrace.compare(_derived(TRANSLATED), ORIGINAL)
    assert plain.pairs[0].relation == "paraphrase" and not plain.round_trips
    body = TRANSLATED.replace("by the members", "by the werknemers").replace(
        "the ships waiting", "the schepen waiting")
    text = _derived(body)
    report = wiretrace.compare(text, ORIGINAL)
    assert report.pairs[0].relation == "translated"
    (doc_id, trip), = report.round_trips.items()
    assert doc_id == "a" and trip.passages[0].source_document == "b"
    for p in trip.passages:
        assert text[p.span[0] : p.span[1]] == p.text
        assert p.text.startswith("According to the union")
    entry = next(d for d in report.to_dict()["documents"] if d["id"] == "a")
    kinds = [e["kind"] for e in entry["translation"]["evidence"]]
    assert kinds[0] == "translated-passage" and kinds.count("untranslated") == 2
    assert entry["translation"]["score"] > 0.5


def test_spelling_variants_and_respelled_names() -> None:
    for a, b in [("labour", "labor"), ("centre", "center"), ("organise", "organize"),
                 ("travelled", "traveled"), ("defence", "defense"),
                 ("programme", "program"), ("catalogue", "catalog")]:
        assert spelling_variant(a, b) and spelling_variant(b, a)
    for a, b in [("charge", "change"), ("form", "from"), ("cat", "cut"), ("tonne", "ton"),
                 ("legume", "leg")]:
        assert not spelling_variant(a, b)
    assert respelled("Halink", "Hallink") and respelled("Demirtas", "Demirtaş")
    assert not respelled("Halink", "halink") and not respelled("Smith", "Keith")
    assert not respelled("Mark", "Marta")  # short names: one letter at most

