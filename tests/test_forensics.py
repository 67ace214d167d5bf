"""Forensics on text written for these tests: substitution table, direction, altered
quotations, same-story links, stories with lineage, roundups."""

from __future__ import annotations

import pytest

from test_disguise import ORIGINAL, OWN_AFTER, OWN_BEFORE, REUSED_END, REUSED_START, SPUN
from wiretrace.pipeline import scan_documents
from wiretrace.records import Document
from wiretrace.report.json_report import pair_entry, story_entry

FARM = "Harbour district counts the cost\n\n" + OWN_BEFORE + SPUN + OWN_AFTER
REPRINT = "Gdansk strike ends\n\n" + ORIGINAL[REUSED_START:REUSED_END] + "\n"

INDEPENDENT = (
    "Gdansk dockers back deal after tense week\n\n"
    "Members of the Solidarność port branch filed into a sports hall in Gdansk on Sunday "
    "afternoon to decide whether to accept management's latest proposal. Marta Kowalczyk, "
    "who has led the branch since 2019, spoke for twenty minutes before the count began. "
    "\"This agreement protects the jobs of our members and their families,\" she told the "
    "hall. Several older crane operators said they had doubts about the automation clauses "
    "but would not stand in the way of a settlement. Outside, a few families waited with "
    "flasks of tea, and a brass band from the shipyard played between speeches.\n"
)

OTHER_STORY = (
    "Flooded museum reopens its lower galleries\n\n"
    "VALENCIA, Spain (Iberia Desk) — The Museo del Agua reopened its lower galleries on "
    "Saturday, eight months after floodwater damaged more than 300 paintings. Curator "
    "Lucía Ferrando said restorers had saved all but eleven works, and that a new pump "
    "system would keep the basement dry even in the worst autumn storms. Visitors queued "
    "along the river path before the doors opened, many of them schoolchildren.\n\n"
    "The regional government paid 4.2 million euros towards the repairs, the museum said.\n"
)

OTHER_COPY = (
    "Valencia museum back in business\n\n"
    + OTHER_STORY.split("\n\n", 1)[1]
)

ROUNDUP = (
    "Weekend in brief\n\n"
    "A quick look at the stories of the weekend across Europe.\n\n"
    + OTHER_STORY.split("\n\n")[1]
    + "\n\nIn other news, a long winter of talks in the north came to an end.\n\n"
    + ORIGINAL.split("\n\n")[1]
    + "\n\nOur weekend desk will be back next Saturday with more.\n"
)


@pytest.fixture(scope="module")
def spun_pair():
    result = scan_documents([
        Document("wire", ORIGINAL, date="2026-05-03"),
        Document("farm", FARM, date="2026-05-04"),
    ])
    (pair,) = result.pairs
    return pair


def test_spun_copy_direction_and_substitution_table(spun_pair) -> None:
    pair = pair_entry(spun_pair)
    assert pair["relation"] == "spun"
    assert pair["source"] == "wire"
    votes = {e["signal"]: e["favours"] for e in pair["direction_evidence"]}
    assert votes["date"] == "wire"
    table = {(r["derived"], r["source"]): r for r in pair["substitutions"]}
    expected = {
        ("stated", "said"): 2, ("employment", "jobs"): 2, ("associates", "members"): 2,
        ("vessels", "ships"): 1, ("cautioned", "warned"): 1, ("harbour", "port"): 1,
        ("households", "families"): 1, ("salaries", "wages"): 1,
    }
    for key, count in expected.items():
        assert key in table, (key, sorted(table))
        assert table[key]["count"] == count, key
    # Each row says what supports it: twice made, or a WordNet relation.
    assert table[("stated", "said")]["support"] == "synonym"
    assert table[("vessels", "ships")]["support"] in {"hypernym", "hyponym", "synonym"}
    # Every occurrence points at the derived word in the farm and the original in the wire.
    for (derived, source), row in table.items():
        for occ in row["occurrences"]:
            assert FARM[occ["derived"][0] : occ["derived"][1]] == derived
            assert ORIGINAL[occ["source"][0] : occ["source"][1]] == source
    # Words the spinner left alone are not in the table.
    assert not any(src in ("Marta", "Kowalczyk", "Monday", "2") for _, src in table)


def test_quotation_altered_by_the_spinner(spun_pair) -> None:
    quotes = pair_entry(spun_pair)["altered_quotes"]
    assert quotes, "the spun quotation was not flagged"
    q = next(q for q in quotes if "never" in q["a"]["text"])
    texts = {q["a"]["text"], q["b"]["text"]}
    assert texts == {
        "We never wanted to close the port, but the company left us no choice.",
        "We never desired to shut the harbour, but the firm left us no option.",
    }
    # The quotation goes on from the one attributed to her in the same paragraph.
    assert q["speaker"] == "Marta Kowalczyk"
    changed = {frozenset(pair) for pair in q["changed_words"]}
    assert frozenset(("wanted", "desired")) in changed
    assert frozenset(("port", "harbour")) in changed
    # Each changed stretch points at its words in both articles.
    texts = {"wire": ORIGINAL, "farm": FARM}
    side_text = {"a": texts[pair_entry(spun_pair)["a"]], "b": texts[pair_entry(spun_pair)["b"]]}
    for c in q["changes"]:
        assert side_text["a"][c["a"][0] : c["a"][1]] == c["a_text"]
        assert side_text["b"][c["b"][0] : c["b"][1]] == c["b_text"]
    assert {c["a_text"] for c in q["changes"]} | {c["b_text"] for c in q["changes"]} >= {
        "wanted", "desired", "port", "harbour"}


def test_faithful_quotation_is_not_flagged() -> None:
    result = scan_documents([
        Document("wire", ORIGINAL, date="2026-05-03"),
        Document("reprint", REPRINT, date="2026-05-03"),
    ])
    (pair,) = result.pairs
    assert pair.altered_quotes == ()


def test_three_article_story_lineage_and_same_story_link() -> None:
    result = scan_documents([
        Document("reprint", REPRINT, date="2026-05-04", outlet="Gdansk Evening"),
        Document("wire", ORIGINAL, date="2026-05-03", outlet="Baltic Wire"),
        Document("farm", FARM, date="2026-05-05"),
        Document("independent", INDEPENDENT, date="2026-05-04"),
    ])
    relations = {frozenset((p.a, p.b)): p for p in result.pairs}
    assert relations[frozenset(("wire", "reprint"))].relation == "copy"
    assert relations[frozenset(("wire", "farm"))].relation == "spun"
    link = relations[frozenset(("wire", "independent"))]
    assert link.relation == "same-story" and link.passages == ()
    evidence = pair_entry(link)["evidence"]
    assert "marta kowalczyk" in evidence["shared_names"]
    assert evidence["shared_quotes"] == [
        "This agreement protects the jobs of our members and their families,"
    ]
    assert evidence["days_apart"] == 1
    (story,) = result.stories
    assert set(story.documents) == {"wire", "reprint", "farm", "independent"}
    assert story.origin == "wire"
    parents = {row["document"]: row["source"] for row in story_entry(story)["lineage"]}
    # The farm spun exactly the paragraphs the reprint carries, a day after it: its
    # closest source is the reprint, itself derived from the wire.
    assert parents == {"wire": None, "reprint": "wire", "farm": "reprint", "independent": None}


def test_roundup_does_not_chain_two_stories() -> None:
    result = scan_documents([
        Document("wire", ORIGINAL, date="2026-05-03"),
        Document("reprint", REPRINT, date="2026-05-03"),
        Document("museum", OTHER_STORY, date="2026-05-02"),
        Document("museum-copy", OTHER_COPY, date="2026-05-02"),
        Document("roundup", ROUNDUP, date="2026-05-09"),
    ])
    linked = {frozenset((p.a, p.b)) for p in result.pairs if p.passages}
    assert linked & {frozenset(("roundup", "wire")), frozenset(("roundup", "reprint"))}
    assert linked & {frozenset(("roundup", "museum")), frozenset(("roundup", "museum-copy"))}
    groups = [set(s.documents) for s in result.stories]
    assert not any({"wire", "museum"} <= g for g in groups), groups
    roundup_story = next(s for s in result.stories if "roundup" in s.documents)
    other = next(s for s in result.stories if "roundup" not in s.documents)
    assert other.roundups == ("roundup",)
    assert roundup_story is not other


def test_undecided_pair_says_why() -> None:
    """A full reprint on the same day: nothing tells which came first, and the note says
    which signals were silent and why."""
    result = scan_documents([
        Document("wire", ORIGINAL, date="2026-05-03"),
        Document("copy", ORIGINAL, date="2026-05-03"),
    ])
    (pair,) = result.pairs
    assert pair.source is None
    assert pair.direction.note == (
        "Both are dated 2026-05-03; no tortured phrases or translation traces in the "
        "reused passages; too little text outside the reused passages on one side to tell "
        "which article they were written for."
    )
    undated = scan_documents([Document("wire", ORIGINAL), Document("copy", ORIGINAL)])
    assert undated.pairs[0].direction.note.startswith(
        "No publication date for wire or copy;")
    decided = scan_documents([
        Document("wire", ORIGINAL, date="2026-05-03"),
        Document("reprint", REPRINT, date="2026-05-04"),
    ])
    assert decided.pairs[0].source == "wire"
    assert "direction_note" not in pair_entry(decided.pairs[0])
