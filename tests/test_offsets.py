"""Character offsets round-trip through every stage, on text that is not plain ASCII.

Texts carry accents, em dashes, curly quotes, emoji, CJK, a byte-order mark and CRLF
line ends, so an offset counted in bytes, or on a normalised copy of the text, would
land in the wrong place.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from reuse_texts import assert_no_overlap, assert_span_near, core, locate
from wiretrace.ingest import read_paths
from wiretrace.normalize.boilerplate import find_boilerplate
from wiretrace.normalize.sentences import split_sentences
from wiretrace.normalize.tokens import fold, tokenize
from wiretrace.pipeline import compare_documents, scan_documents
from wiretrace.records import Document

COPIED_SENTENCES = [
    "Engineers in Växjö said the new tram line — the city’s first in ninety years — would carry "
    "14,000 passengers a day once the depot at Söderport opens.",
    "“We expect the café owners on Storgatan to notice the difference within a week,” said "
    "project director Åsa Lindqvist 🚋, who ran the firm’s 東京 office until 2019.",
    "The municipality budgeted 2.4 billion kronor for the work, which began in 2023 and employs "
    "crews from Łódź, Kraków and Tromsø.",
]
COPIED = " ".join(COPIED_SENTENCES)

# Document A starts with a BOM, CJK and emoji (multi-byte in UTF-8) and uses CRLF.
A_HEAD = (
    "\ufeff東京 — 速報 🚋🚋 ニュース\r\n\r\n"
    "Morning bulletin from the newsroom desk, with notes on the weather.\r\n\r\n"
)
A_TAIL = (
    "\r\n\r\nIn other news, the harbour festival was cancelled because of fog over the "
    "estuary.\r\n"
)
A_TEXT = A_HEAD + COPIED + A_TAIL

B_HEAD = "Local council notes for the week ahead, with meetings on housing and schools.\n\n"
B_TAIL = "\n\nResidents can send questions to the editor by post or by telephone until Friday.\n"
B_TEXT = B_HEAD + COPIED + B_TAIL


def _only_passage(a_text: str, b_text: str):
    result = compare_documents(Document("a", a_text), Document("b", b_text))
    assert result is not None, "the copied paragraph was not found"
    assert len(result.passages) == 1, [(p.a, p.b) for p in result.passages]
    return result.passages[0]


def _assert_holds_sentences(sliced: str, sentences: list[str]) -> None:
    flat = " ".join(sliced.split())
    for sentence in sentences:
        assert core(" ".join(sentence.split())) in flat, sentence


# --- tokens -------------------------------------------------------------------------

TOKEN_TEXT = (
    "\ufeff東京 — 速報 🚋\r\n"
    "Zürich’s café “Mée” reopened on 3 March — don’t miss it! 1,500 visitors, 4.2% more.\r\n"
)


def test_tokens_slice_back_to_their_words() -> None:
    starts, ends, keys = tokenize(TOKEN_TEXT)
    surfaces = [TOKEN_TEXT[s:e] for s, e in zip(starts, ends, strict=True)]
    assert surfaces == [
        "東京", "速報", "Zürich’s", "café", "Mée", "reopened", "on", "3", "March", "don’t",
        "miss", "it", "1,500", "visitors", "4.2", "more",
    ]
    assert keys == [fold(s) for s in surfaces]
    assert keys[2:5] == ["zurich's", "cafe", "mee"]
    assert starts == sorted(starts)
    assert all(e0 <= s1 for e0, s1 in zip(ends, starts[1:], strict=False))


def test_every_letter_and_digit_is_inside_a_token() -> None:
    starts, ends, _keys = tokenize(TOKEN_TEXT)
    inside = set()
    for s, e in zip(starts, ends, strict=True):
        inside.update(range(s, e))
    missed = [ch for k, ch in enumerate(TOKEN_TEXT) if ch.isalnum() and k not in inside]
    assert missed == []


def test_decomposed_accents_stay_inside_one_token() -> None:
    text = unicodedata.normalize("NFD", "Sjoerd van der Mée said")
    starts, ends, keys = tokenize(text)
    assert keys == ["sjoerd", "van", "der", "mee", "said"]
    assert text[starts[3] : ends[3]] == unicodedata.normalize("NFD", "Mée")


# --- sentences ----------------------------------------------------------------------

SENTENCE_TEXT = (
    "Harbour news\r\n\r\n"
    "The ferry “Nordlys” left at 06:30 — on time. Passengers cheered! Did the café open?\r\n"
    "Dr. Berg said it would. 東京 visitors arrived later, with 🚋 stickers.\r\n"
)


def test_sentence_spans_are_trimmed_and_slice_back() -> None:
    spans = split_sentences(SENTENCE_TEXT)
    assert [SENTENCE_TEXT[s:e] for s, e in spans] == [
        "Harbour news",
        "The ferry “Nordlys” left at 06:30 — on time.",
        "Passengers cheered!",
        "Did the café open?",
        "Dr. Berg said it would.",
        "東京 visitors arrived later, with 🚋 stickers.",
    ]
    for s, e in spans:
        piece = SENTENCE_TEXT[s:e]
        assert piece == piece.strip() and "\r" not in piece


# --- boilerplate --------------------------------------------------------------------

BOILER_TEXT = (
    "Harbour news\r\n"
    "By Jane Doe\r\n"
    "Published: 14 March 2026\r\n"
    "\r\n"
    "The ferry “Nordlys” left on time — for once.\r\n"
    "© 2026 Harbour Gazette 🚢\r\n"
    "Comments are closed.\r\n"
)


def test_boilerplate_spans_with_crlf_slice_the_line_without_cr() -> None:
    found = [(BOILER_TEXT[s:e], label) for (s, e), label in find_boilerplate(BOILER_TEXT)]
    assert found == [
        ("By Jane Doe", "byline"),
        ("Published: 14 March 2026", "date-header"),
        ("© 2026 Harbour Gazette 🚢", "copyright"),
        ("Comments are closed.", "comments"),
    ]


def test_byline_on_first_line_after_bom() -> None:
    text = "\ufeffBy Jane Doe\r\nThe ferry left on time.\r\n"
    assert [(text[s:e], label) for (s, e), label in find_boilerplate(text)] == [
        ("By Jane Doe", "byline")
    ]


# --- passages -----------------------------------------------------------------------


def test_byte_and_character_offsets_differ_in_these_texts() -> None:
    # Guard: the test texts would catch an aligner that counted UTF-8 bytes.
    start, _ = locate(A_TEXT, COPIED)
    assert len(A_TEXT[:start].encode("utf-8")) - start > 20
    assert len(COPIED.encode("utf-8")) - len(COPIED) > 20


def test_copy_after_multibyte_start_round_trips() -> None:
    passage = _only_passage(A_TEXT, B_TEXT)
    expected_a, expected_b = locate(A_TEXT, COPIED), locate(B_TEXT, COPIED)
    assert_span_near(passage.a, expected_a)
    assert_span_near(passage.b, expected_b)
    _assert_holds_sentences(A_TEXT[passage.a[0] : passage.a[1]], COPIED_SENTENCES)
    _assert_holds_sentences(B_TEXT[passage.b[0] : passage.b[1]], COPIED_SENTENCES)
    # Both slices are the same words: the copy is verbatim.
    assert A_TEXT[passage.a[0] : passage.a[1]] == B_TEXT[passage.b[0] : passage.b[1]]
    assert passage.kind == "verbatim"


def test_copy_round_trips_with_documents_swapped() -> None:
    passage = _only_passage(B_TEXT, A_TEXT)
    assert_span_near(passage.a, locate(B_TEXT, COPIED))
    assert_span_near(passage.b, locate(A_TEXT, COPIED))


def test_hard_wrapped_crlf_copy_maps_to_the_wrapped_text() -> None:
    wrapped = COPIED.replace(" would carry ", " would carry\r\n").replace(
        " said project ", "\r\nsaid project "
    ).replace(" for the work, ", " for the work,\r\n")
    assert wrapped.count("\r\n") == 3
    a_text = A_HEAD + wrapped + A_TAIL
    passage = _only_passage(a_text, B_TEXT)
    assert_span_near(passage.a, locate(a_text, wrapped))
    assert_span_near(passage.b, locate(B_TEXT, COPIED))
    sliced = a_text[passage.a[0] : passage.a[1]]
    assert "\r\n" in sliced
    _assert_holds_sentences(sliced, COPIED_SENTENCES)


A_FILLER = (
    "🚋🚋🚋 東京 速報 ニュース 🚋🚋🚋 The weather desk expects a dry weekend on the coast, with "
    "light winds from the north-east, sunshine on Saturday morning and a chance of showers "
    "inland by Sunday evening, when temperatures will fall to about four degrees."
)
B_FILLER = (
    "☕ Readers wrote in this week about the closure of the swimming hall, the new parking "
    "rules on the high street and the football club’s search for volunteer coaches, and we "
    "will print a selection of their letters in Saturday’s edition."
)


def test_two_copies_each_side_multibyte() -> None:
    second = (
        "Ticket prices will rise by 8 percent in August — the first increase since 2021 — "
        "and pensioners from Malmö and Lund will keep their half-price pass, the operator said."
    )
    # The two copies come in opposite orders, each time with a long paragraph of the
    # document's own between them, so they are two passages.
    a_text = A_HEAD + COPIED + "\r\n\r\n" + A_FILLER + "\r\n\r\n" + second + A_TAIL
    b_text = "😀 ☕ 📰\n\n" + second + "\n\n" + B_FILLER + "\n\n" + B_HEAD + COPIED + B_TAIL
    result = compare_documents(Document("a", a_text), Document("b", b_text))
    assert result is not None
    spans = sorted((p.a, p.b) for p in result.passages)
    assert len(spans) == 2, spans
    (a1, b1), (a2, b2) = spans
    assert_span_near(a1, locate(a_text, COPIED))
    assert_span_near(b1, locate(b_text, COPIED))
    assert_span_near(a2, locate(a_text, second))
    assert_span_near(b2, locate(b_text, second))
    assert_no_overlap([a1, a2])
    assert_no_overlap([b1, b2])


def test_offsets_from_files_point_into_the_decoded_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(A_TEXT.encode("utf-8"))
    (tmp_path / "b.txt").write_bytes(B_TEXT.encode("utf-8"))
    ingested = read_paths([tmp_path / "a.txt", tmp_path / "b.txt"])
    assert ingested.problems == []
    texts = {d.id: d.text for d in ingested.documents}
    assert texts["a"] == (tmp_path / "a.txt").read_bytes().decode("utf-8")  # BOM and CRLF kept
    result = scan_documents(ingested.documents)
    assert len(result.pairs) == 1
    pair = result.pairs[0]
    (passage,) = pair.passages
    for doc_id, span in ((pair.a, passage.a), (pair.b, passage.b)):
        assert_span_near(span, locate(texts[doc_id], COPIED))
        _assert_holds_sentences(texts[doc_id][span[0] : span[1]], COPIED_SENTENCES)


def test_decomposed_copy_of_accented_paragraph_is_found() -> None:
    paragraph = (
        "À Québec, la société Hydro-Météo a annoncé mercredi que le barrage de Sainte-Émilie "
        "serait fermé pendant l’été. « Nous préférons être prudents », a déclaré Hélène Côté, "
        "directrice générale, ajoutant que les résidents d’Évain et de Bécancour seront prévenus."
    )
    nfd = unicodedata.normalize("NFD", paragraph)
    a_text = B_HEAD + paragraph + B_TAIL
    b_text = A_HEAD + nfd + A_TAIL
    passage = _only_passage(a_text, b_text)
    assert_span_near(passage.a, locate(a_text, paragraph))
    assert_span_near(passage.b, locate(b_text, nfd))
