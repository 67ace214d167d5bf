"""Tortured phrases: spun fixed expressions found in one document, with proposals."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from wiretrace.forensics.tortured import (
    excluding,
    find_tortured_phrases,
    phrase_counts,
    spin_score,
)
from wiretrace.forensics.tortured.phrase import TorturedPhrase
from wiretrace.forensics.user_lexicon import Lexicon, load_lexicon
from wiretrace.lexicon.wordnet import WordNet
from wiretrace.normalize.prepare import PreparedDoc, prepare_document
from wiretrace.records import Document

# Spun by hand from WordNet expressions (prime_minister, climate_change, stock_market),
# one word each replaced by a WordNet synonym.
SPUN = (
    "Budget Vote Delayed Again\n\n"
    "The prime curate told reporters on Monday that the climate alteration bill would "
    "pass before the summer recess. Analysts said the stock marketplace had already "
    "priced in the change, and traders expected little reaction when the vote is held."
)

ORDINARY = (
    "The school board met on Thursday evening to discuss a plan to replace the heating "
    "system at the old high school, which has broken down twice this winter. Parents "
    "told the board that classrooms had been so cold that children wore coats at their "
    "desks. The district's facilities manager said a new boiler would cost about "
    "$600,000 and could be installed during the summer break. Board members agreed to "
    "seek bids from contractors and to vote on the project at their next meeting in "
    "March. Several teachers thanked the maintenance staff, who had kept the building "
    "open by repairing the old pumps at night."
)


def _doc(text: str, wordnet: WordNet | None, doc_id: str = "doc") -> PreparedDoc:
    return prepare_document(Document(doc_id, text), wordnet)


def _span(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def test_spun_paragraph_flags_each_phrase_with_its_original(wordnet: WordNet) -> None:
    doc = _doc(SPUN, wordnet)
    found = find_tortured_phrases(doc, wordnet)
    assert [(f.span, f.phrase, f.proposal, f.source) for f in found] == [
        (_span(SPUN, "prime curate"), "prime curate", "prime minister", "wordnet"),
        (_span(SPUN, "climate alteration"), "climate alteration", "climate change", "wordnet"),
        (_span(SPUN, "stock marketplace"), "stock marketplace", "stock market", "wordnet"),
    ]
    for f in found:
        assert SPUN[f.span[0] : f.span[1]] == f.phrase
        assert 0.5 <= f.score <= 1.0
    assert spin_score(doc, found) > 0.9


def test_ordinary_paragraph_has_no_flags(wordnet: WordNet) -> None:
    doc = _doc(ORDINARY, wordnet)
    found = find_tortured_phrases(doc, wordnet)
    assert found == []
    assert spin_score(doc, found) == 0.0


def test_expression_as_written_is_never_flagged(wordnet: WordNet) -> None:
    text = "The prime minister said the stock market and climate change were linked."
    assert find_tortured_phrases(_doc(text, wordnet), wordnet) == []


def test_plural_is_kept_in_the_proposal(wordnet: WordNet) -> None:
    text = "Both stock marketplaces fell sharply on Friday."
    found = find_tortured_phrases(_doc(text, wordnet), wordnet)
    assert [(f.phrase, f.proposal) for f in found] == [("stock marketplaces", "stock markets")]


@pytest.mark.parametrize(
    ("text", "phrase", "proposal"),
    [
        ("Critics called the witnesses stalk men for the company.", "stalk men", "straw men"),
        ("Investors got chilly feet after the report.", "chilly feet", "cold feet"),
        ("The festival drew thousands of bloom children to the park.", "bloom children",
         "flower children"),
        ("He had two sapience teeth pulled on Monday.", "sapience teeth", "wisdom teeth"),
    ],
)
def test_irregular_plural_in_the_proposal(
    wordnet: WordNet, text: str, phrase: str, proposal: str
) -> None:
    # The proposal is what a reader would put back: "straw men", not "straw mans".
    found = find_tortured_phrases(_doc(text, wordnet), wordnet)
    assert [(f.phrase, f.proposal) for f in found] == [(phrase, proposal)]


def test_corpus_evidence_yields_a_proposal(wordnet: WordNet) -> None:
    spun = "Delays at the port rippled through provide chains across the region."
    doc = _doc(spun, wordnet, "spun")
    assert find_tortured_phrases(doc, wordnet) == []  # "supply chain" is not in WordNet
    others = [
        _doc("The strike disrupted supply chains in northern Europe.", wordnet, "wire"),
        _doc("Retailers warned that supply chains would take weeks to recover.", wordnet, "b"),
    ]
    counts = phrase_counts(others)
    assert counts["supply chains"] == 2
    found = find_tortured_phrases(doc, wordnet, corpus_phrases=counts)
    assert [(f.span, f.proposal, f.source) for f in found] == [
        (_span(spun, "provide chains"), "supply chains", "corpus")
    ]
    # The words following each first word rule out most tries without a lookup; a plain
    # mapping of counts (the archive's) has none and gives the same finds.
    assert counts.followers().after["supply"] == {"chains"}
    assert "chains" in counts.followers().seconds
    counts.update(["supply lines"])
    assert counts.followers().after["supply"] == {"chains", "lines"}  # kept up to date
    assert find_tortured_phrases(doc, wordnet, corpus_phrases=Counter(counts)) == found
    # Counts over the whole scan, this document taken out again, give the same finds.
    everyone = excluding(phrase_counts([doc, *others]), doc)
    assert everyone["supply chains"] == 2 and "provide chains" not in everyone
    assert find_tortured_phrases(doc, wordnet, corpus_phrases=everyone) == found


def test_corpus_evidence_raises_confidence(wordnet: WordNet) -> None:
    spun = "Workers are demanding a wage increment of 7.5 percent over two years."
    doc = _doc(spun, wordnet, "spun")
    (alone,) = find_tortured_phrases(doc, wordnet)
    other = _doc("Workers want a wage increase of 7.5 percent, the union said.", wordnet, "wire")
    (backed,) = find_tortured_phrases(doc, wordnet, corpus_phrases=phrase_counts([other]))
    assert alone.proposal == backed.proposal == "wage increase"
    assert alone.span == backed.span == _span(spun, "wage increment")
    assert backed.score > alone.score


def test_corpus_evidence_in_an_irregular_plural_raises_confidence(wordnet: WordNet) -> None:
    # Another article says "straw men": the plural of "straw man" is "men", not "mans".
    spun = "Critics called the witnesses stalk men for the company."
    doc = _doc(spun, wordnet, "spun")
    (alone,) = find_tortured_phrases(doc, wordnet)
    other = _doc("Critics called the witnesses straw men for the firm.", wordnet, "wire")
    assert phrase_counts([other])["straw men"] == 1
    (backed,) = find_tortured_phrases(doc, wordnet, corpus_phrases=phrase_counts([other]))
    assert alone.proposal == backed.proposal == "straw men"
    # The corpus backs WordNet's expression itself (counted in its plural), which beats
    # reading "straw men" as a corpus-only phrase.
    assert alone.source == backed.source == "wordnet"
    assert backed.score > alone.score


def test_corpus_wording_of_the_original_is_not_flagged(wordnet: WordNet) -> None:
    original = "The strike disrupted supply chains in northern Europe."
    spun = _doc("Delays at the port rippled through provide chains across the region.", wordnet)
    doc = _doc(original, wordnet, "wire")
    assert find_tortured_phrases(doc, wordnet, corpus_phrases=phrase_counts([spun])) == []


def test_corpus_without_the_document_itself(wordnet: WordNet) -> None:
    doc = _doc("Supply chains broke at the port.", wordnet, "a")
    alone = excluding(phrase_counts([doc]), doc)
    # Only the document's own phrases: the view is empty, and says so.
    assert not alone and len(alone) == 0 and dict(alone) == {}
    other = _doc("Supply chains will mend slowly.", wordnet, "b")
    counts = phrase_counts([doc, other])
    both = excluding(counts, doc)
    assert both and both["supply chains"] == 1 and "port" not in " ".join(both)
    assert len(both) == len(phrase_counts([other])) and dict(both) == dict(phrase_counts([other]))


def test_phrase_counts_counts_documents_not_occurrences(wordnet: WordNet) -> None:
    doc = _doc("Supply chains broke. Supply chains will mend.", wordnet)
    assert phrase_counts([doc, doc])["supply chains"] == 2


def _lexicon_text_doc(wordnet: WordNet | None) -> tuple[str, PreparedDoc]:
    text = "Engineers said counterfeit consciousness tools were reviewed by a colossal data team."
    return text, _doc(text, wordnet)


def test_json_lexicon_forms(tmp_path: Path, wordnet: WordNet) -> None:
    entries = [
        {"tortured": "counterfeit consciousness", "correct": "artificial intelligence (AI)"},
        {"tortured": "Colossal  Data", "correct": "big data"},
    ]
    listed = tmp_path / "list.json"
    listed.write_text(json.dumps(entries), encoding="utf-8")
    wrapped = tmp_path / "wrapped.json"
    wrapped.write_text(json.dumps({"version": "1", "phrases": entries}), encoding="utf-8")
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({e["tortured"]: e["correct"] for e in entries}), "utf-8")
    expected = {
        "counterfeit consciousness": "artificial intelligence",
        "colossal data": "big data",
    }
    for path in (listed, wrapped, mapping):
        assert load_lexicon(path) == expected

    text, doc = _lexicon_text_doc(wordnet)
    found = find_tortured_phrases(doc, wordnet, lexicon=load_lexicon(listed))
    assert [(f.span, f.proposal, f.score, f.source) for f in found] == [
        (_span(text, "counterfeit consciousness"), "artificial intelligence", 1.0, "lexicon"),
        (_span(text, "colossal data"), "big data", 1.0, "lexicon"),
    ]


def test_csv_lexicon_with_and_without_header(tmp_path: Path) -> None:
    with_header = tmp_path / "with.csv"
    with_header.write_text(
        "tortured,correct\ncounterfeit consciousness,artificial intelligence\n"
        '"colossal data","big data"\n',
        encoding="utf-8",
    )
    without = tmp_path / "without.csv"
    without.write_text("squeeze meeting,press conference\n\n", encoding="utf-8")
    assert load_lexicon(with_header) == {
        "counterfeit consciousness": "artificial intelligence",
        "colossal data": "big data",
    }
    assert load_lexicon(without) == {"squeeze meeting": "press conference"}


def test_lexicon_works_without_wordnet(tmp_path: Path) -> None:
    text, doc = _lexicon_text_doc(None)
    lexicon = Lexicon({"Colossal Data": "big data"})
    found = find_tortured_phrases(doc, None, lexicon=lexicon)
    assert found == [
        TorturedPhrase(_span(text, "colossal data"), "colossal data", "big data", 1.0, "lexicon")
    ]


@pytest.mark.parametrize(
    ("name", "content", "line"),
    [
        ("broken.json", '[\n  {"tortured": "a b", "correct": "c d"},\n  {"tortured": \n]', 4),
        ("fields.json", '[\n  {"tortured": "a b", "correct": "c d"},\n  {"tortured": "x"}\n]', 3),
        ("columns.csv", "tortured,correct\nsqueeze meeting,press conference\na,b,c\n", 3),
        ("empty-cell.csv", "squeeze meeting,press conference\nchilly battle,\n", 2),
    ],
)
def test_malformed_lexicon_names_file_and_line(
    tmp_path: Path, name: str, content: str, line: int
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=rf"{name}.*line {line}\b"):
        load_lexicon(path)


def test_unreadable_lexicon_names_file(tmp_path: Path) -> None:
    path = tmp_path / "missing.json"
    with pytest.raises(ValueError, match=r"missing\.json"):
        load_lexicon(path)


# --- the early tests that leave most phrases before anything is looked up for them ----


def test_table_pools_and_reach_are_those_of_the_word_links(wordnet: WordNet) -> None:
    """The relations table's closest relatives and reached expressions of a common word
    are what the word's own links give (the path taken for words outside the table)."""
    from wiretrace.forensics.tortured.relations import (
        ALL_RELATIONS,
        REACH_SLOTS,
        _word_links,
        closest,
        reaching_of,
        relations_table,
    )
    from wiretrace.lexicon.expressions import expression_index

    index = expression_index(wordnet)
    table = relations_table(index, wordnet, ALL_RELATIONS)
    for word in ("market", "war", "minister", "change", "meeting", "house", "cold"):
        links = _word_links(index, wordnet, word, ALL_RELATIONS)
        assert table.pool(word, 40) == closest(links)[:40], word
        assert len(table.pool(word, 40)) > 5, word
        for position, n in REACH_SLOTS:
            expected = reaching_of(table.by_position(position, n), links)
            assert table.reaching(word, position, n).tolist() == expected.tolist(), word
    assert table.pool("chilly", 1000) is None  # more than the table keeps: computed


def test_phrases_left_early_have_no_back_translation(wordnet: WordNet) -> None:
    """The expressions the early test finds a phrase's outer words reach are exactly those,
    found by brute force over WordNet's expressions, with a relative of the first word
    first and one of the last word last: a phrase it leaves has no back-translation (the
    early test never drops a phrase the full search would keep), and spun phrases pass it."""
    import sys

    from wiretrace.forensics.settings import SpinSettings
    from wiretrace.forensics.tortured.corpus import phrases
    from wiretrace.forensics.tortured.relations import expression_ids, word_links
    from wiretrace.lexicon.expressions import expression_index

    candidates = sys.modules["wiretrace.forensics.tortured.candidates"]
    s = SpinSettings()
    index = expression_index(wordnet)
    number = {e: k for k, e in enumerate(expression_ids(index))}
    left = kept = 0
    for text in (SPUN, ORDINARY):
        doc = _doc(text, wordnet)
        for first, last, _hyphen in phrases(doc):
            keys = doc.keys[first : last + 1]
            n = len(keys)
            firsts = word_links(index, wordnet, keys[0], s.relations)
            lasts = word_links(index, wordnet, keys[-1], s.relations)
            brute = sorted(number[e] for w in firsts
                           for e in index.by_first_length.get((w, n), ()) if e[-1] in lasts)
            ids = candidates._common_expressions(wordnet, index, keys, s.relations)
            assert sorted(ids.tolist()) == brute, keys
            if len(ids):
                kept += 1
            else:
                left += 1
    assert left > kept > 0
    for spun in (["prime", "curate"], ["climate", "alteration"], ["stock", "marketplace"]):
        assert len(candidates._common_expressions(wordnet, index, spun, s.relations))


def test_corpus_combinations_are_the_corpus_phrases_among_all(wordnet: WordNet) -> None:
    """With the corpus's followers known, the combinations tried are exactly those of the
    full list (no corpus known) that are phrases of the corpus, in the same order."""
    import sys

    from wiretrace.forensics.settings import SpinSettings
    from wiretrace.forensics.tortured.relations import plural_form
    from wiretrace.lexicon.expressions import expression_index

    candidates = sys.modules["wiretrace.forensics.tortured.candidates"]
    s = SpinSettings()
    index = expression_index(wordnet)
    counts = phrase_counts([
        _doc("The strike disrupted supply chains and the supply lines of the firms.", wordnet),
        _doc("Officials held a press conference on the food supply and a news meeting.",
             wordnet, "b"),
    ])
    followers = counts.followers()
    tried = 0
    for keys, plural in ((["provide", "chains"], True), (["provide", "chain"], False),
                         (["squeeze", "conference"], False), (["nutrient", "supply"], False),
                         (["quiet", "harbour"], False)):
        everything = candidates._corpus_combos(wordnet, index, keys, None, plural, s)
        in_corpus = [c for c in everything if " ".join(c) in counts or (
            plural and " ".join((c[0], plural_form(index, c[1]))) in counts)]
        assert candidates._corpus_combos(wordnet, index, keys, followers, plural, s) \
            == in_corpus, keys
        tried += len(in_corpus)
    assert tried >= 3  # "supply chains", "press conference", "food supply"
