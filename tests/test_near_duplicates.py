"""Large groups of near-identical documents are aligned as a star, every copy still
reported; smaller groups and ordinary corpora are scored pair by pair as before."""

from __future__ import annotations

import wiretrace
from wiretrace.candidates import CandidateSettings, doc_features
from wiretrace.candidates.near_duplicates import near_duplicates
from wiretrace.normalize import prepare_document
from wiretrace.records import Document
from wiretrace.settings import Settings

STORY = (
    "Ferry services resume after storm\n\n"
    "KESTREL BAY (Coastal Wire) — Ferry crossings between Kestrel Bay and the Saltmarsh "
    "islands resumed on Thursday after three days of gales kept every vessel in port, the "
    "operator said.\n\n"
    "The Coastal Ferry Company said the first sailing left at seven in the morning with "
    "supplies for the island school and the health centre, and that extra crossings would "
    "run until Sunday to clear the backlog of freight.\n\n"
    "Harbour master Ilse Brevik said the breakwater had lost several concrete blocks and "
    "that divers would inspect the pier before heavier lorries were allowed back on board."
)
FOLDED = (
    "Island traders count the cost of the gales\n\n"
    "Shopkeepers on the Saltmarsh islands said shelves were empty by Wednesday. "
    "The Coastal Ferry Company said the first sailing left at seven in the morning with "
    "supplies for the island school and the health centre, and that extra crossings would "
    "run until Sunday to clear the backlog of freight. The bakery expects flour on Friday."
)
UNRELATED = (
    "Library extension opens in Oakhollow\n\n"
    "OAKHOLLOW — The town library opened its new reading room on Saturday, with a children's "
    "corner, a local history archive and twelve public computers paid for by a bequest."
)


def _copies(n: int) -> list[Document]:
    """``n`` republications of the story: each adds its own footer line."""
    return [Document(f"copy-{k:03d}", STORY + f"\n\nRepublished by site number {k}.")
            for k in range(n)]


def test_a_large_group_of_copies_is_aligned_as_a_star_and_every_copy_reported() -> None:
    copies = _copies(120)
    report = wiretrace.scan([*copies, Document("folded", FOLDED), Document("other", UNRELATED)])
    pairs = {frozenset((p.a, p.b)): p for p in report.pairs}
    first = "copy-000"
    for c in copies[1:]:
        assert frozenset((first, c.id)) in pairs, c.id
        assert pairs[frozenset((first, c.id))].relation in ("duplicate", "copy")
    # The copies are compared with the first one only; the rest of the corpus still
    # meets the group through it.
    assert not any(first not in key and key <= {c.id for c in copies} for key in pairs)
    assert any("folded" in key and first in key for key in pairs)
    assert not any("other" in key for key in pairs)
    stats = report.stats
    assert stats["near_duplicate_groups"] == 1 and stats["near_duplicates_collapsed"] == 119
    assert stats["near_duplicate_pairs_not_aligned"] == 120 * 119 // 2 - 119
    (story,) = [s for s in report.stories if first in s.documents]
    assert {c.id for c in copies} | {"folded"} <= set(story.documents)


def test_small_groups_are_scored_pair_by_pair() -> None:
    copies = _copies(10)
    report = wiretrace.scan(copies)
    assert len(report.pairs) == 45
    assert "near_duplicate_groups" not in report.stats
    off = Settings.from_dict({"candidates": {"collapse_min_group": 0}})
    assert len(wiretrace.scan(_copies(60), off).pairs) == 60 * 59 // 2


def test_groups_need_overlapping_features() -> None:
    docs = [prepare_document(d) for d in [*_copies(6), Document("x", UNRELATED)]]
    feats = [doc_features(d) for d in docs]
    (group,) = near_duplicates(feats, CandidateSettings(collapse_min_group=3)).groups
    assert group.first == 0 and group.others == (1, 2, 3, 4, 5)
    assert all(j >= 0.8 for j in group.similarity)
    assert near_duplicates(feats, CandidateSettings(collapse_min_group=7)).groups == ()
