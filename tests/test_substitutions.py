"""The substitution table shows supported swaps only, measured on the spun copy of
``test_disguise`` whose swaps are known word by word, and on a round trip whose
rebuilt sentences make the aligner pair words that merely stand in the same place."""

from __future__ import annotations

from test_disguise import ORIGINAL, SPUN, TRANSLATED, _derived
from wiretrace.classify.substitutions import SUPPORTS, support
from wiretrace.classify.token_alignment import Substitution
from wiretrace.lexicon.expressions import expression_index
from wiretrace.normalize.prepare import prepare_document
from wiretrace.pipeline import compare_documents
from wiretrace.records import Document

# Every word the spinner replaced in SPUN (derived ← source), as a reader finds them.
KNOWN_SWAPS = {
    ("association", "union"), ("stated", "said"), ("associates", "members"),
    ("acknowledged", "accepted"), ("proposal", "offer"), ("assures", "guarantees"),
    ("employment", "jobs"), ("lifts", "raises"), ("salaries", "wages"),
    ("officers", "officials"), ("instructed", "told"), ("journalists", "reporters"),
    ("resume", "restart"), ("dawn", "morning"), ("accumulation", "backlog"),
    ("vessels", "ships"), ("vanish", "clear"), ("transport", "shipping"),
    ("firms", "companies"), ("cautioned", "warned"), ("quarrel", "dispute"),
    ("roughly", "about"), ("holdups", "delays"), ("redirected", "diverted"),
    ("freight", "cargo"), ("deal", "agreement"), ("shields", "protects"),
    ("households", "families"), ("chief", "leader"), ("ballot", "vote"),
    ("desired", "wanted"), ("shut", "close"), ("harbour", "port"), ("firm", "company"),
    ("option", "choice"), ("bosses", "managers"), ("greeted", "welcomed"),
    ("choice", "decision"), ("clients", "customers"), ("tolerance", "patience"),
}


def _table(body: str):
    match = compare_documents(Document("derived", _derived(body)), Document("wire", ORIGINAL))
    assert match is not None
    return match.substitutions


def test_spun_copy_table_is_precise_and_finds_most_swaps() -> None:
    rows = _table(SPUN)
    found = {(e.a.lower(), e.b.lower()) for e in rows}
    assert found <= KNOWN_SWAPS, sorted(found - KNOWN_SWAPS)  # precision 1.0
    assert len(found) >= 0.7 * len(KNOWN_SWAPS), sorted(KNOWN_SWAPS - found)
    assert {e.support for e in rows} <= set(SUPPORTS)
    assert {e.support for e in rows if e.count >= 2} and all(
        e.support != "recurring" for e in rows if e.count == 1)


def test_round_trip_table_leaves_out_words_that_only_stand_in_the_same_place() -> None:
    # The rebuilt sentences put "wages" where the original had "reporters", "company"
    # where it had "Port": alignment noise, shown before as if swapped.
    found = {(e.a.lower(), e.b.lower()) for e in _table(TRANSLATED)}
    for noise in [("wages", "reporters"), ("company", "port"), ("port", "welcomed"),
                  ("choice", "company"), ("rise", "wages")]:
        assert noise not in found, found
    assert found <= {("start", "restart")}


def test_support_of_single_replacements(wordnet) -> None:
    a = prepare_document(Document("a", "MOSCOW alliance labour vessels protecting"), wordnet)
    b = prepare_document(Document("b", "Russia non labor ships protects"), wordnet)

    def why(k: int, count: int = 1) -> str | None:
        return support(expression_index(wordnet), a, Substitution(k, k + 1, k, k + 1), b, count)

    # A place for the country it lies in, a word for a prefix: noise, unless made again.
    assert why(0) is None and why(1) is None
    assert why(0, count=2) == "recurring"
    assert why(2) == "spelling-variant"
    assert why(3) in {"synonym", "hyponym", "hypernym"}
    assert why(4) == "same-stem"
