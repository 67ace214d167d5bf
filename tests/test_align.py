"""Alignment on invented articles: which passages are found, and exactly where."""

from __future__ import annotations

import pytest

from reuse_texts import (
    LIBRARY,
    OWN,
    SAME_TOPIC,
    WIRE,
    article,
    assert_no_overlap,
    assert_span_near,
    core,
    locate,
    nonspace,
)
from wiretrace.classify import PairMatch
from wiretrace.normalize import prepare_document
from wiretrace.normalize.boilerplate import find_boilerplate
from wiretrace.pipeline import compare_documents, scan_documents
from wiretrace.records import Document

WIRE_TEXT = article(WIRE)


def compare(a_text: str, b_text: str) -> PairMatch | None:
    result = compare_documents(Document("a", a_text), Document("b", b_text))
    if result is not None:
        assert_no_overlap([p.a for p in result.passages])
        assert_no_overlap([p.b for p in result.passages])
        for p in result.passages:
            assert 0 <= p.a[0] < p.a[1] <= len(a_text)
            assert 0 <= p.b[0] < p.b[1] <= len(b_text)
    return result


def passage_at(result: PairMatch, a_text: str, b_text: str, paragraph: str):
    """The passage whose two sides point at ``paragraph`` in both texts."""
    ea, eb = locate(a_text, paragraph), locate(b_text, paragraph)
    hits = [p for p in result.passages if p.a[0] < ea[1] and ea[0] < p.a[1]]
    assert len(hits) == 1, f"{len(hits)} passages touch {paragraph[:40]!r}"
    p = hits[0]
    assert_span_near(p.a, ea)
    assert_span_near(p.b, eb)
    assert core(paragraph) in a_text[p.a[0] : p.a[1]]
    assert core(paragraph) in b_text[p.b[0] : p.b[1]]
    return p


def covered(spans: list[tuple[int, int]], region: tuple[int, int]) -> int:
    """Characters of ``region`` inside any of ``spans``."""
    return sum(max(0, min(e, region[1]) - max(s, region[0])) for s, e in spans)


# (a) several passages per pair ---------------------------------------------------------


def test_three_copied_paragraphs_give_three_passages() -> None:
    b_text = article(
        [OWN[0], WIRE[1], OWN[1], OWN[2], WIRE[4], OWN[3], OWN[4], WIRE[6], OWN[5]]
    )
    result = compare(WIRE_TEXT, b_text)
    assert result is not None
    assert len(result.passages) == 3
    found = [passage_at(result, WIRE_TEXT, b_text, WIRE[k]) for k in (1, 4, 6)]
    assert found == sorted(found, key=lambda p: p.a)  # reported in order of position in a
    assert all(p.kind == "verbatim" and p.score == pytest.approx(1.0) for p in found)
    assert result.relation == "copy"


# (b) passages in a different order ----------------------------------------------------


def test_paragraphs_in_reverse_order_are_two_passages() -> None:
    # WIRE[1] comes before WIRE[4] in the wire; the paper prints them the other way round,
    # with three paragraphs of its own in between.
    b_text = article([OWN[0], WIRE[4], OWN[1], OWN[2], OWN[3], WIRE[1], OWN[5]])
    result = compare(WIRE_TEXT, b_text)
    assert result is not None
    assert len(result.passages) == 2
    first = passage_at(result, WIRE_TEXT, b_text, WIRE[1])
    second = passage_at(result, WIRE_TEXT, b_text, WIRE[4])
    assert first.a < second.a and first.b > second.b


def test_swapped_adjacent_paragraphs_with_short_insert_stay_separate() -> None:
    insert = "The ferry office did not answer calls on Wednesday."
    b_text = article([OWN[0], WIRE[4], insert, WIRE[3], OWN[5]])
    result = compare(WIRE_TEXT, b_text)
    assert result is not None
    ins = locate(b_text, insert)
    assert covered([p.b for p in result.passages], ins) == 0, "own sentence reported as reused"
    assert len(result.passages) == 2
    passage_at(result, WIRE_TEXT, b_text, WIRE[3])
    passage_at(result, WIRE_TEXT, b_text, WIRE[4])


# (c) partial reuse inside original reporting ------------------------------------------

FOLDED_PARAGRAPHS = [OWN[0], OWN[1], WIRE[2], OWN[2], OWN[3], WIRE[5], OWN[4], OWN[6], OWN[7]]


def test_folded_paragraphs_are_found_exactly_and_coverage_is_low() -> None:
    b_text = article(FOLDED_PARAGRAPHS)
    result = compare(WIRE_TEXT, b_text)
    assert result is not None
    assert len(result.passages) == 2
    passage_at(result, WIRE_TEXT, b_text, WIRE[2])
    passage_at(result, WIRE_TEXT, b_text, WIRE[5])
    assert result.coverage_b < 0.5
    # Coverage is the share of the folded article's non-space characters in the passages.
    expected = (nonspace(core(WIRE[2])) + nonspace(core(WIRE[5]))) / nonspace(b_text)
    assert result.coverage_b == pytest.approx(expected, abs=0.02)
    assert result.similarity < 0.5
    assert result.relation == "copy"


def test_passage_stops_at_paragraph_end_when_next_words_coincide() -> None:
    b_text = article([OWN[0], OWN[1], OWN[2], WIRE[5], OWN[5], OWN[6]])
    result = compare(WIRE_TEXT, b_text)
    assert result is not None
    (p,) = result.passages
    end_a = locate(WIRE_TEXT, WIRE[5])[1]
    end_b = locate(b_text, WIRE[5])[1]
    assert p.a[1] <= end_a and p.b[1] <= end_b


# (d) trimmed reprint ------------------------------------------------------------------


def test_trimmed_reprint_does_not_cover_the_dropped_paragraph() -> None:
    kept = [WIRE[0], WIRE[1], WIRE[2], WIRE[4], WIRE[5]]  # WIRE[3] dropped, WIRE[6] cut
    b_text = article(kept)
    result = compare(WIRE_TEXT, b_text)
    assert result is not None
    spans_a = [p.a for p in result.passages]
    assert covered(spans_a, locate(WIRE_TEXT, WIRE[3])) == 0
    assert covered(spans_a, locate(WIRE_TEXT, WIRE[6])) == 0
    for paragraph in kept:
        region = locate(WIRE_TEXT, paragraph)
        assert covered(spans_a, region) >= len(core(paragraph))
    assert len(result.passages) == 2
    head = (locate(WIRE_TEXT, WIRE[0])[0], locate(WIRE_TEXT, WIRE[2])[1])
    tail = (locate(WIRE_TEXT, WIRE[4])[0], locate(WIRE_TEXT, WIRE[5])[1])
    assert_span_near(result.passages[0].a, head)
    assert_span_near(result.passages[1].a, tail)
    assert result.coverage_b > 0.99
    assert result.coverage_a < 0.85


# (e) same topic, different story ------------------------------------------------------


def test_independent_story_on_same_topic_is_not_a_pair() -> None:
    other = article(SAME_TOPIC)
    # Guard: the two stories do share topic words.
    a, b = prepare_document(Document("a", WIRE_TEXT)), prepare_document(Document("b", other))
    topic_a = {s for s, c in zip(a.stems, a.content, strict=True) if c}
    topic_b = {s for s, c in zip(b.stems, b.content, strict=True) if c}
    assert {"bridg", "detour", "road", "northern", "vehicl"} <= topic_a & topic_b
    assert compare(WIRE_TEXT, other) is None
    assert compare(other, WIRE_TEXT) is None
    assert scan_documents([Document("wire", WIRE_TEXT), Document("other", other)]).pairs == []


def test_own_reporting_on_the_same_event_is_not_a_pair() -> None:
    assert compare(WIRE_TEXT, article(OWN)) is None


# (f) boilerplate ----------------------------------------------------------------------

HEADER = ["By Jane Doe", "Published: 14 March 2026", "Home | News | Sport | Business"]
FOOTER = [
    "Comments are closed.",
    "Share this: Facebook Twitter Email",
    "Copyright 2026 Harbour Gazette Media Group. All rights reserved. This material may not "
    "be published, broadcast, rewritten or redistributed.",
]


def test_articles_sharing_only_boilerplate_are_not_a_pair() -> None:
    a_text = article(["Bridge shut after cable corrosion found", *HEADER, *WIRE, *FOOTER])
    b_text = article(["Oskarsberg opens its new library", *HEADER, *LIBRARY, *FOOTER])
    assert compare(a_text, b_text) is None
    docs = [Document("a", a_text), Document("b", b_text)]
    assert scan_documents(docs).pairs == []


def test_line_repeated_across_corpus_is_not_reuse() -> None:
    footer = "Get the Harbour Gazette app today"  # no rule knows this line
    docs = [
        Document("wire", article([*WIRE[:3], footer, *WIRE[3:]])),
        Document("library", article([*LIBRARY, footer])),
        Document("same-topic", article([*SAME_TOPIC, footer])),
    ]
    result = scan_documents(docs)
    assert result.pairs == []
    for prepared in result.prepared:
        repeated = [prepared.text[s:e] for (s, e), lb in prepared.boilerplate if lb == "repeated"]
        assert repeated == [footer]


def test_boilerplate_is_left_out_of_coverage() -> None:
    a_text = article(["Bridge shut after cable corrosion found", *HEADER, *WIRE, *FOOTER])
    headline = "Ferry timetable announced"
    b_text = article([headline, *HEADER, WIRE[1], OWN[0], *FOOTER])
    result = compare(a_text, b_text)
    assert result is not None
    (p,) = result.passages
    assert_span_near(p.b, locate(b_text, WIRE[1]))
    expected = nonspace(core(WIRE[1])) / nonspace(headline + WIRE[1] + OWN[0])
    assert result.coverage_b == pytest.approx(expected, abs=0.01)
    # No passage reaches into a boilerplate line of either document.
    for text, span in ((a_text, p.a), (b_text, p.b)):
        for (s, e), _label in find_boilerplate(text):
            assert span[1] <= s or span[0] >= e, text[s:e]


def test_same_body_with_different_furniture_is_a_duplicate() -> None:
    a_text = article([*HEADER, *WIRE, *FOOTER])
    b_text = article(
        ["By Ola Strand, Coastline Press", "Updated 14:05 CET", *WIRE,
         "Leave a comment", "© 2026 Vestøy Avis"]
    )
    result = compare(a_text, b_text)
    assert result is not None
    assert result.coverage_a > 0.99 and result.coverage_b > 0.99
    assert result.relation == "duplicate"
    assert result.similarity > 0.99


def test_alignment_indexes_live_in_the_worker_memo_not_on_the_documents() -> None:
    # Aligning a pair keeps each document's alignment index (n-grams, sentence matrices)
    # in the worker's memo for its next pair; the prepared documents never change, and
    # a memo sent to another process arrives empty.
    import dataclasses
    import pickle

    from wiretrace.engine import WorkerMemo
    from wiretrace.pipeline import compare_prepared, prepare_corpus
    from wiretrace.settings import Settings

    settings = Settings()
    docs = [Document("wire", "\n\n".join(WIRE)), Document("reprint", "\n\n".join(WIRE[:3]))]
    prepared = prepare_corpus(docs, settings)
    before = pickle.dumps(prepared)
    memo = WorkerMemo()
    first = compare_prepared(prepared[0], prepared[1], settings, memo)
    assert first is not None
    assert memo.get("wire", lambda: None) is not None  # kept
    assert compare_prepared(prepared[0], prepared[1], settings, memo) == first
    assert compare_prepared(prepared[0], prepared[1], settings) == first  # no memo: the same
    assert pickle.dumps(prepared) == before
    with pytest.raises(dataclasses.FrozenInstanceError):
        prepared[0].text = "changed"  # type: ignore[misc]
    copied = pickle.loads(pickle.dumps(memo))
    assert copied.get("wire", lambda: "rebuilt") == "rebuilt"


def test_exact_runs_skip_boilerplate_and_overused_ngrams() -> None:
    from wiretrace.align.runs import Run, ngram_index

    def exact_runs(x, y, n, most=40):  # type: ignore[no-untyped-def]
        from wiretrace.align.runs import exact_runs as runs

        return runs(ngram_index(x, n), ngram_index(y, n), n, most)

    from wiretrace.lexicon.wordnet import load_wordnet
    from wiretrace.normalize.prepare import prepare_document

    wordnet = load_wordnet()
    a = prepare_document(Document("a", "The harbour board met on Monday to discuss the new "
                                       "cranes.\n\nComments are closed."), wordnet)
    b = prepare_document(Document("b", "On Monday the harbour board met on Monday to discuss "
                                       "the new cranes, officials said.\n\nComments are "
                                       "closed."), wordnet)
    assert any(a.boiler) and any(b.boiler)
    # one maximal run; the shared "Comments are closed." line is boilerplate
    assert exact_runs(a, b, 3) == [Run(0, 2, 11)]
    assert exact_runs(b, a, 3) == [Run(2, 0, 11)]
    chant = prepare_document(Document("c", "Yes we can, yes we can, yes we can."), wordnet)
    assert Run(0, 0, 9) in exact_runs(chant, chant, 3)
    # "yes we can" occurs three times: with at most two occurrences it seeds no run
    assert all(r.i % 3 != 0 and r.j % 3 != 0 for r in exact_runs(chant, chant, 3, 2))


def test_long_documents_score_sentence_pairs_sparse_with_the_same_figures(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The spun and the translated fixture against their original: every sentence pair
    # and its figures are the same whether the arrays are dense (news length) or sparse
    # (what a long document gets), and a synonym counts only where the stem is absent.
    from test_disguise import ORIGINAL, SPUN, TRANSLATED
    from wiretrace.align import sentence_match
    from wiretrace.align.index import align_index
    from wiretrace.align.settings import AlignSettings
    from wiretrace.lexicon.wordnet import load_wordnet

    wordnet = load_wordnet()
    settings = AlignSettings()
    docs = [prepare_document(Document(k, t), wordnet)
            for k, t in [("o", ORIGINAL), ("s", SPUN + "\n\n" + TRANSLATED)]]

    def pairs() -> list:
        a, b = (align_index(d, settings).matrices for d in docs)
        return sentence_match.sentence_pairs(docs[0], a, docs[1], b, 0.5, 0.5)

    dense = pairs()
    monkeypatch.setattr(sentence_match, "DENSE_CELLS", 0)
    sparse = pairs()
    assert len(dense) >= 8
    assert [(p.i, p.j) for p in sparse] == [(p.i, p.j) for p in dense]
    for x, y in zip(sparse, dense, strict=True):
        assert x.shared == pytest.approx(y.shared) and x.dice == pytest.approx(y.dice)
        assert x.containment == pytest.approx(y.containment)


BAG_TEXT = (
    "Dockers at the harbour walked out on Monday. The strike closed the harbour, and "
    "striking dockers said the strikes would go on.\n\n"
    "Harbour officials said talks with the dockers' union would resume on Friday; the "
    "union said the harbour board had not called."
)


def _reference_bag(doc, first: int, last: int) -> list[tuple[str, float, tuple[str, ...]]]:  # type: ignore[no-untyped-def]
    """The rule of a bag read literally: content tokens of positive weight, one entry per
    stem in order of first appearance, with the weight and senses of the heaviest token
    (the first of equal ones)."""
    best: dict[str, tuple[float, tuple[str, ...]]] = {}
    for t in range(first, last):
        if doc.content[t] and doc.weights[t] > best.get(doc.stems[t], (0.0, ()))[0]:
            best[doc.stems[t]] = (doc.weights[t], doc.senses[t])
    return [(stem, w, senses) for stem, (w, senses) in best.items()]


def test_a_bag_holds_each_stem_once_with_its_heaviest_token() -> None:
    from wiretrace.align.sentence_match import bag_of
    from wiretrace.lexicon.wordnet import load_wordnet

    doc = prepare_document(Document("bag", BAG_TEXT), load_wordnet())
    stems = [doc.stems[t] for t in range(len(doc.keys)) if doc.content[t]]
    assert len(stems) > len(set(stems))  # stems recur ("harbour", "strike", "docker")
    ranges = [*doc.sentences, (0, len(doc.keys)), (3, 17), (5, 5), (9, 4)]
    for first, last in ranges:
        bag = bag_of(doc, first, last)
        want = _reference_bag(doc, first, last)
        assert [(s, w, bag.senses[s]) for s, w in bag.weights.items()] == want
        assert bag.total == sum(w for _s, w, _z in want)
        assert bag.sense_set == {z for _s, _w, senses in want for z in senses}
    assert bag_of(doc, 5, 5).total == 0 and not bag_of(doc, 9, 4).weights


def test_sentence_matrices_hold_each_sentences_bag(monkeypatch: pytest.MonkeyPatch) -> None:
    # The arrays the sentence layer multiplies are the bags of the sentences, dense
    # (news length) and sparse (a long document) alike.
    import numpy as np

    from wiretrace.align import sentence_match
    from wiretrace.align.sentence_match import bag_of, sentence_matrices
    from wiretrace.lexicon.wordnet import load_wordnet

    doc = prepare_document(Document("bag", BAG_TEXT), load_wordnet())
    name = {hash(s): s for s in doc.stems} | {hash(z): z for ss in doc.senses for z in ss}
    for dense_cells in (sentence_match.DENSE_CELLS, 0):
        monkeypatch.setattr(sentence_match, "DENSE_CELLS", dense_cells)
        m = sentence_matrices(doc)
        stems = m.stems if isinstance(m.stems, np.ndarray) else m.stems.toarray()
        senses = m.senses if isinstance(m.senses, np.ndarray) else m.senses.toarray()
        assert isinstance(m.stems, np.ndarray) == bool(dense_cells)
        for r, (first, last) in enumerate(doc.sentences):
            bag = bag_of(doc, first, last)
            mine = np.flatnonzero(m.entry_sentence == r)
            assert [name[i] for i in m.stem_ids.ids[m.entry_stem[mine]].tolist()] == list(
                bag.weights)
            assert m.entry_weight[mine].tolist() == list(bag.weights.values())
            for e, stem in zip(mine.tolist(), bag.weights, strict=True):
                cols = m.sense_col[m.sense_entry == e]
                assert [name[i] for i in m.sense_ids.ids[cols].tolist()] == list(
                    bag.senses[stem])
            assert {name[i] for i in m.stem_ids.ids[np.flatnonzero(stems[r])].tolist()} == set(
                bag.weights)
            assert {name[i] for i in m.sense_ids.ids[np.flatnonzero(senses[r])].tolist()} == (
                bag.sense_set)
            assert m.totals[r] == bag.total
        assert m.stem_ids.sorted_ids.tolist() == sorted(m.stem_ids.ids.tolist())


def test_ngram_hashes_are_equal_exactly_for_equal_ngrams() -> None:
    from wiretrace.align.runs import ngram_hashes

    keys = prepare_document(Document("bag", BAG_TEXT * 2)).keys
    for n in (1, 2, 5):
        grams = [tuple(keys[i : i + n]) for i in range(len(keys) - n + 1)]
        hashes = ngram_hashes(keys, n).tolist()
        assert len(hashes) == len(grams)
        by_hash: dict[int, set[tuple[str, ...]]] = {}
        for g, h in zip(grams, hashes, strict=True):
            by_hash.setdefault(h, set()).add(g)
        assert all(len(v) == 1 for v in by_hash.values())
        assert len(by_hash) == len(set(grams)) < len(grams)  # the text repeats
    assert ngram_hashes(keys[:3], 5).tolist() == [] and ngram_hashes([], 2).tolist() == []
