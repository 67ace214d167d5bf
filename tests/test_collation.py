"""The collation of a story: on a wire story and four versions we wrote (a trimmed
reprint, a spun copy, a local rewrite with an added paragraph and a changed number, a
roundup that folds in two paragraphs), every added, cut and changed segment exactly;
and the rules underneath (order, facts apart from wording) on small texts."""

from __future__ import annotations

import itertools
from dataclasses import replace
from pathlib import Path

import pytest

import wiretrace
from wiretrace.collate import Collation, NotCollated, VersionCollation, collate_story
from wiretrace.collate.changes import segment_changes, word_facts
from wiretrace.collate.order import collation_order, longest_increasing
from wiretrace.normalize import prepare_document
from wiretrace.records import Document
from wiretrace.stories import Story

FIXTURES = Path(__file__).parent / "fixtures" / "collation"
DATES = {"wire": "2026-03-10", "reprint": "2026-03-10", "spun": "2026-03-11",
         "local": "2026-03-11", "roundup": "2026-03-13"}


@pytest.fixture(scope="module")
def report() -> wiretrace.Report:
    docs, problems = wiretrace.read([FIXTURES])
    assert not problems
    return wiretrace.scan([replace(d, date=DATES[d.id]) for d in docs])


@pytest.fixture(scope="module")
def collation(report: wiretrace.Report) -> Collation:
    (story,) = report.stories
    c = report.collation_of(story.id)
    assert isinstance(c, Collation)
    return c


def _text(report: wiretrace.Report, doc: str, span: tuple[int, int]) -> str:
    return report.document(doc).text[span[0]:span[1]]


def _segment_texts(report: wiretrace.Report, c: Collation, doc: str, numbers: tuple[int, ...]
                   ) -> list[str]:
    out = []
    for n in numbers:
        span = c.segments[n - 1].span_in(doc)
        assert span is not None
        out.append(_text(report, doc, span))
    return out


def _version(c: Collation, doc: str) -> VersionCollation:
    return next(v for v in c.versions if v.id == doc)


def test_the_story_is_collated_in_the_order_of_its_origin(collation: Collation,
                                                          report: wiretrace.Report) -> None:
    c = collation
    assert (c.pivot, c.pivot_is_origin) == ("wire", True)
    assert c.versions[0].id == "wire"
    assert {v.id for v in c.versions} == set(DATES)
    assert all(v.compared_with == "wire" for v in c.versions if v.id != "wire")
    # The wire's own segments come in its text order, one after another.
    starts = [g.span_in("wire")[0] for g in c.segments if g.span_in("wire")]
    assert starts == sorted(starts)
    assert [g.number for g in c.segments] == list(range(1, len(c.segments) + 1))
    # Offsets round-trip: every segment text is a whole sentence (or a run of them).
    for g in c.segments:
        for v in g.versions:
            piece = _text(report, v.id, v.span)
            assert (piece == piece.strip() and piece[0].isupper()) or piece[0] in '"(', piece


def test_the_local_rewrite_added_a_paragraph_and_changed_a_number(
        collation: Collation, report: wiretrace.Report) -> None:
    v = _version(collation, "local")
    added = _segment_texts(report, collation, "local", v.added)
    assert added == [
        "Orvane floods reach Lindau district as river bursts its banks",
        report.document("local").text.split("\n\n")[4],  # the Lindau paragraph, whole
    ]
    assert _segment_texts(report, collation, "wire", v.cut) == [
        "Floods cut off mountain towns in the Orvane valley, thousands evacuated",
        "Insurers said it was too early to estimate the damage, but the regional chamber of "
        "commerce put losses to businesses in Breska alone at more than 40 million crowns.",
    ]
    changes = [(ch.source_text, ch.text, ch.fact) for ch in v.changes]
    assert changes == [("Northline Press", "", "name"),
                       ("more than 2,000", "about 3,000", "number")]
    for ch in v.changes:
        assert _text(report, "local", ch.span) == ch.text
        assert _text(report, "wire", ch.source_span) == ch.source_text


def test_the_trimmed_reprint_cut_the_second_half_and_changed_nothing_it_kept(
        collation: Collation, report: wiretrace.Report) -> None:
    v = _version(collation, "reprint")
    assert _segment_texts(report, collation, "reprint", v.added) == [
        "(Reporting by Teodor Lassiek for Northline Press)"]
    cut = _segment_texts(report, collation, "wire", v.cut)
    assert [t.split()[0] for t in cut] == ["About", "The", "Meteorologists", "Prime", '"No',
                                           "She", "Insurers", "Schools"]
    # What it kept of the body reads word for word; only its own headline differs.
    headline = collation.segments[v.changes[0].segment - 1]
    assert {ch.segment for ch in v.changes} == {headline.number}
    assert headline.span_in("reprint") == (0, 64)


def test_the_spun_copy_changed_wording_throughout_and_few_facts(
        collation: Collation, report: wiretrace.Report) -> None:
    v = _version(collation, "spun")
    assert v.added == ()
    assert _segment_texts(report, collation, "wire", v.cut) == [
        report.document("wire").text.split("\n\n")[-1].strip()]
    assert len(v.changes) > 60
    assert any(ch.in_quote for ch in v.changes)  # the quotations were spun too
    wording = {(ch.source_text, ch.text) for ch in v.changes if ch.fact is None}
    assert ("river", "stream") in wording and ("more than", "in excess of") in wording
    # Spinning mangles a figure's hedge or a title now and then; it never changed a figure.
    facts = [(ch.source_text, ch.text, ch.fact) for ch in v.fact_changes]
    assert len(facts) <= 3
    assert all(fact != "number" or not any(c.isdigit() for c in a + b)
               for a, b, fact in facts)


def test_the_roundup_carries_the_two_paragraphs_it_folded_in(
        collation: Collation, report: wiretrace.Report) -> None:
    v = _version(collation, "roundup")
    carried = [g for g in collation.segments if "roundup" in g.ids and g.kind != "added"]
    texts = [_text(report, "roundup", g.span_in("roundup")) for g in carried]
    assert [t.split()[:2] for t in texts] == [["The", "river"], ["Water", "poured"],
                                              ["The", "national"], ["Meteorologists", "said"]]
    assert len(v.added) == 5 and v.changes == ()
    # The common core: the two sentences every version carries (the Orva paragraph).
    assert [collation.segments[n - 1].kind for n in collation.core] == ["changed", "changed"]
    assert [line.carried for line in collation.digest if line.segment in collation.core] == [5, 5]
    assert all(line.agree == 4 for line in collation.digest if line.segment in collation.core)


def test_the_collation_is_in_the_json_and_valid(report: wiretrace.Report) -> None:
    report.validate()
    story = report.to_dict()["stories"][0]
    c = story["collation"]
    assert c["collated"] and c["pivot"] == "wire"
    texts = report.texts
    for seg in c["segments"]:
        assert seg["carried_by"] in ("all", "some", "one")
        for v in seg["versions"]:
            assert 0 <= v["span"][0] < v["span"][1] <= len(texts[v["id"]])
    local = next(v for v in c["versions"] if v["id"] == "local")
    assert local["fact_changes"] == 2
    core = [d["text"] for d in c["digest"] if d["carried"] == 5]
    assert core[0].startswith("The river Orva") and core[1].startswith("Water poured")


def test_summary_and_html_show_the_collation(report: wiretrace.Report) -> None:
    import io

    from wiretrace.report.summary import print_summary

    out = io.StringIO()
    print_summary(out, report, width=160)
    text = out.getvalue()
    assert "collation of 5 versions" in text
    assert "local ← wire (copy) — added 2, cut 2, 2 changed (of fact: number 1, name 1)" in text
    html = report.to_html()
    assert 'class="collation"' in html and "chg fact" in html
    assert html.count('class="seg ') == len(report.collations[0].segments)


def test_the_tables_carry_the_collation(report: wiretrace.Report) -> None:
    tables = report.to_dataframes()
    seg, changes = tables["collation"], tables["changes"]
    c = report.collations[0]
    assert len(seg) == sum(len(g.versions) for g in c.segments)
    texts = report.texts
    for row in seg.itertuples():
        assert texts[row.document][row.start:row.end] == row.text
    local = changes[changes["document"] == "local"]
    assert list(local["fact"]) == ["name", "number"]
    assert list(local["source_text"]) == ["Northline Press", "more than 2,000"]


def _docs(*texts: str) -> list:
    return [prepare_document(Document(f"d{k}", t)) for k, t in enumerate(texts)]


def _changes(a: str, b: str) -> list[tuple[str, str, str | None]]:
    da, db = _docs(a, b)
    ta, tb = list(range(len(da.keys))), list(range(len(db.keys)))
    out = segment_changes(1, db, word_facts(db), tb, da, word_facts(da), ta, [], [])
    return [(c.source_text, c.text, c.fact) for c in out]


def test_facts_are_told_apart_from_wording() -> None:
    assert _changes("Officials said 100,000 troops had gathered.",
                    "Officials said more than 100,000 troops had gathered.") == [
        ("", "more than", "number")]
    assert _changes("Officials said 40 ships were waiting.",
                    "Officials said 50 ships were waiting.") == [("40", "50", "number")]
    assert _changes("It left more than 40 ships waiting.",
                    "It left in excess of 40 ships waiting.") == [
        ("more than", "in excess of", None)]
    assert _changes("It left more than 40 ships waiting.",
                    "It left fewer than 40 ships waiting.")[0][2] == "number"
    assert _changes("He urged both sides to talk.", "He urged the two sides to talk.") == [
        ("both", "the two", None)]
    assert _changes("The minister did not sign the decree.",
                    "The minister did sign the decree.") == [("not", "", "negation")]
    assert _changes("The talks, led by Anna Berg, failed.",
                    "The talks, led by Anna Borg, failed.") == [("Berg", "Borg", "name")]
    assert _changes("Firms said they were diverting ships.",
                    "Firms said on Friday they were diverting ships.") == [
        ("", "on Friday", None)]


def test_order_keeps_the_longest_run_and_marks_the_rest_moved() -> None:
    values = [3, 1, 2, 5, 4, 6]
    run = longest_increasing(values)
    assert len(run) == 4 and all(values[i] < values[j] for i, j in itertools.pairwise(run))
    assert longest_increasing([]) == []
    order, moved = collation_order([[1, 2, 3, 4], [1, 3, 4, 2, 9], [7, 1, 4]])
    assert order == [7, 1, 2, 3, 4, 9]
    assert moved == [[], [2], []]


def test_a_reordered_version_has_its_moved_paragraph_marked() -> None:
    wire = (FIXTURES / "wire.txt").read_text("utf-8")
    paras = wire.split("\n\n")
    swapped = "\n\n".join(paras[:3] + paras[7:9] + paras[3:7] + paras[9:])
    docs = [Document("wire", wire, date="2026-03-10"),
            Document("reprint", (FIXTURES / "reprint.txt").read_text("utf-8"),
                     date="2026-03-10"),
            Document("swapped", swapped, date="2026-03-12")]
    report = wiretrace.scan(docs)
    c = report.collations[0]
    assert isinstance(c, Collation)
    v = _version(c, "swapped")
    moved = [report.document("swapped").text[s[0]:s[1]].split()[0]
             for s in (c.segments[n - 1].span_in("swapped") for n in v.moved)]
    assert moved in (["About", "The", "Meteorologists"], ['"We', '"Our', "Three", "Rescuers",
                                                           "The", "The"])
    assert v.cut == () and v.added == ()


def test_a_story_whose_documents_share_no_text_is_listed_not_collated() -> None:
    story = Story("story-1", ("a", "b", "c"), None, ())
    docs = _docs("One sentence here about a port.", "Another about a port strike.",
                 "A third one.")
    docs = [replace(d, id=i) for d, i in zip(docs, "abc", strict=True)]
    result = collate_story(story, docs, [])
    assert isinstance(result, NotCollated)
    assert result.documents == ("a", "b", "c")
    assert "0 of its documents share text" in result.reason


def test_a_check_against_an_archive_collates_the_story_too(tmp_path: Path) -> None:
    docs, _ = wiretrace.read([FIXTURES])
    docs = {d.id: replace(d, date=DATES[d.id]) for d in docs}
    with wiretrace.Archive.open(tmp_path / "news.db", create=True) as archive:
        archive.add([docs["wire"], docs["reprint"]])
        report = archive.check([docs["local"]])
    report.validate()
    (story,) = report.stories
    c = report.collation_of(story.id)
    assert isinstance(c, Collation) and c.pivot == "wire"
    local = _version(c, "local")
    assert [(ch.source_text, ch.text) for ch in local.changes] == [
        ("Northline Press", ""), ("more than 2,000", "about 3,000")]


WIRE_PARAS = (FIXTURES / "wire.txt").read_text("utf-8").split("\n\n")


def _scan(*versions: tuple[str, list[str]]) -> tuple[wiretrace.Report, Collation]:
    report = wiretrace.scan([{"id": k, "text": "\n\n".join(p)} for k, p in versions])
    report.validate()
    c = report.collations[0]
    assert isinstance(c, Collation)
    return report, c


def test_a_repeated_paragraph_is_material_of_its_own_not_a_change() -> None:
    repeated = WIRE_PARAS[:5] + WIRE_PARAS[4:]
    _report, c = _scan(("a", WIRE_PARAS), ("b", WIRE_PARAS), ("c", repeated))
    assert all(v.changes == () for v in c.versions)
    assert [g.kind for g in c.segments if g.kind != "shared"] == ["added"]
    (extra,) = [g for g in c.segments if g.kind == "added"]
    assert extra.ids == ("c",)
    for g in c.segments:  # one place per version in every segment
        assert len(g.versions) == len(g.ids)


def test_words_only_cut_are_shown_in_the_html() -> None:
    cut = [p.replace("destroying at least 14 bridges", "destroying bridges")
           for p in WIRE_PARAS]
    report, c = _scan(("a", WIRE_PARAS), ("b", cut), ("c", WIRE_PARAS))
    (change,) = _version(c, "b").changes
    assert (change.source_text, change.text, change.fact) == ("at least 14", "", "number")
    assert change.span[0] == change.span[1]
    html = report.to_html()
    assert 'class="chg fact gone"' in html and "words cut" in html


def test_a_boilerplate_line_inside_a_sentence_stays_out_of_the_segment() -> None:
    ad = [p.replace("two days of torrential", "two days of\nAdvertisement\ntorrential")
          for p in WIRE_PARAS]
    report, c = _scan(("a", WIRE_PARAS), ("b", ad), ("c", WIRE_PARAS))
    for g in c.segments:
        for v in g.versions:
            assert "Advertisement" not in report.document(v.id).text[v.span[0]:v.span[1]]
    assert all(v.changes == () for v in c.versions)


def test_a_verbatim_reprint_changes_nothing_even_where_other_pairs_cut_a_sentence() -> None:
    # The demo corpus: the spun copy's passage with the wire ends inside a sentence the
    # trimmed reprint has whole; the reprint must not read as changing (or adding) it.
    corpus = Path(wiretrace.__file__).parent / "demo" / "corpus"
    report = wiretrace.scan([corpus])
    c = report.collations[0]
    assert isinstance(c, Collation)
    reprint = _version(c, "reprint-trimmed")
    assert reprint.changes == ()
    added = _segment_texts(report, c, "reprint-trimmed", reprint.added)
    assert added == ["Port of Rotterdam at a standstill as dockers strike over robot cranes"]
