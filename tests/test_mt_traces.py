"""Machine-translation traces: untranslated, fused and doubled words, broken sentences,
respelled names — each with its exact span."""

from __future__ import annotations

from wiretrace.forensics.document import analyse_document
from wiretrace.forensics.mt_traces import (
    Trace,
    find_mt_traces,
    respelled_names,
    translation_score,
)
from wiretrace.lexicon.wordnet import WordNet
from wiretrace.normalize.prepare import PreparedDoc, prepare_document
from wiretrace.records import Document

# Written to look machine-translated from Dutch: a word left in Dutch ("werknemers"),
# a sentence broken after "the", two words fused ("theministry"), a doubled "the",
# and the minister's name spelled differently from the wire story.
TRANSLATED = (
    "Port Strike Enters Second Day\n\n"
    "ROTTERDAM — Economy Minister Pieter Halink said on Friday that the werknemers of "
    "the port would receive a new offer before the weekend. He met the. committee of "
    "the union in The Hague, and said theministry would publish the the details on "
    "Monday. Halink urged both sides to return to the table."
)

WIRE = (
    "ROTTERDAM (Meridian Wire) — Economy Minister Pieter Hallink urged both sides to "
    "return to the negotiating table on Friday. Hallink told a press conference in The "
    "Hague that the government would not intervene for now."
)

FLUENT = (
    "The library will reopen on Monday after a three-month renovation that added a "
    "children's reading room, new lighting and a ramp at the main entrance. Staff spent "
    "the final week moving about 40,000 books back onto the shelves. The head librarian, "
    "Joan Whitaker, said visitors would also find longer opening hours on Thursdays. "
    '"We wanted the building to feel welcoming again," she said. Funding for the work '
    "came from a state grant and a local appeal that raised $85,000 in six weeks."
)


def _doc(text: str, wordnet: WordNet, doc_id: str) -> PreparedDoc:
    return prepare_document(Document(doc_id, text), wordnet)


def _span(text: str, piece: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(piece, start + 1)
    return start, start + len(piece)


def test_translated_passage_traces_with_exact_spans(wordnet: WordNet) -> None:
    doc = _doc(TRANSLATED, wordnet, "translated")
    wire = _doc(WIRE, wordnet, "wire-original")
    traces = find_mt_traces(doc, wordnet, [wire])
    got = [(t.kind, t.span, t.text) for t in traces]
    assert got == [
        ("respelled-name", _span(TRANSLATED, "Halink"), "Halink"),
        ("untranslated", _span(TRANSLATED, "werknemers"), "werknemers"),
        ("broken-sentence", _span(TRANSLATED, "the. committee"), "the. committee"),
        ("fused-word", _span(TRANSLATED, "theministry"), "theministry"),
        ("dropped-word", _span(TRANSLATED, "the the"), "the the"),
        ("respelled-name", _span(TRANSLATED, "Halink", 1), "Halink"),
    ]
    for t in traces:
        assert TRANSLATED[t.span[0] : t.span[1]] == t.text
    details = {t.kind: t.detail for t in traces}
    assert details["untranslated"].startswith("Dutch word 'werknemers' (zipf nl ")
    assert details["respelled-name"] == "'Halink' vs 'Hallink' in wire-original"
    assert details["fused-word"] == "'theministry' reads as 'the ministry'"
    assert "ends with 'the'" in details["broken-sentence"]
    assert "lowercase 'committee'" in details["broken-sentence"]
    # A word left in Dutch and three garbled spots in 55 words: far above the 0.5 a flag needs
    # (the garbled ones count a quarter each, the respelled name not at all).
    assert translation_score(doc, traces) > 0.85


def test_without_other_articles_names_are_not_compared(wordnet: WordNet) -> None:
    doc = _doc(TRANSLATED, wordnet, "translated")
    kinds = [t.kind for t in find_mt_traces(doc, wordnet)]
    assert "respelled-name" not in kinds
    assert len(kinds) == 4


def test_fluent_english_has_no_traces(wordnet: WordNet) -> None:
    doc = _doc(FLUENT, wordnet, "fluent")
    wire = _doc(WIRE, wordnet, "wire-original")
    traces = find_mt_traces(doc, wordnet, [wire])
    assert traces == []
    assert translation_score(doc, traces) == 0.0


def test_headline_dateline_and_byline_are_not_fragments(wordnet: WordNet) -> None:
    text = (
        "Harbour Talks Resume\n\nBy Anna de Vries\n\nROTTERDAM, Netherlands.\n\n"
        "Talks between the union and the employers resumed on Monday. Both sides said "
        "progress was slow but steady."
    )
    assert find_mt_traces(_doc(text, wordnet, "clean"), wordnet) == []


def test_verbless_fragment_mid_paragraph(wordnet: WordNet) -> None:
    text = (
        "The union leaders arrived early. In the early morning. They left before the "
        "employers made their offer."
    )
    traces = find_mt_traces(_doc(text, wordnet, "fragment"), wordnet)
    assert [(t.kind, t.span, t.detail) for t in traces] == [
        ("broken-sentence", _span(text, "In the early morning."), "verbless fragment mid-paragraph")
    ]


def test_accent_dropped_from_a_name_is_a_respelling(wordnet: WordNet) -> None:
    text = "Crane operator Yusuf Demirtas said he was worried."
    doc = _doc(text, wordnet, "copy")
    other = _doc("Crane operator Yusuf Demirtaş, 44, has worked there 19 years.", wordnet, "w")
    detail = "'Demirtas' vs 'Demirtaş' in w"
    assert respelled_names(doc, [other]) == [
        Trace("respelled-name", _span(text, "Demirtas"), "Demirtas", detail)
    ]


def test_same_or_different_names_are_not_respellings(wordnet: WordNet) -> None:
    doc = _doc("Minister Pieter Hallink met Mayor Ahmed Aboutaleb.", wordnet, "a")
    other = _doc("Minister Pieter Hallink spoke after Mayor Jan Smit.", wordnet, "b")
    assert respelled_names(doc, [other]) == []


def test_respelled_names_are_not_direction_evidence_for_either_side(wordnet: WordNet) -> None:
    # "Halink" and "Hallink" each read as a respelling of the other, so both articles get
    # the trace; it is reported, but neither side is counted as the disguised one for it.
    translated = _doc(TRANSLATED, wordnet, "translated")
    wire = _doc(WIRE, wordnet, "wire-original")
    ev_translated = analyse_document(translated, wordnet, [wire])
    ev_wire = analyse_document(wire, wordnet, [translated])
    assert {t.text for t in ev_wire.traces if t.kind == "respelled-name"} == {"Hallink"}
    assert ev_wire.disguise_spans() == ()
    spans = ev_translated.disguise_spans()
    assert _span(TRANSLATED, "werknemers") in spans
    assert _span(TRANSLATED, "Halink") not in spans
