"""The collation on stories built from the PAN 2013 development data (a source and the
suspicious documents that reuse it): every truth passage falls into segments that its
suspicious document and its source both carry, as far as the pair's own passages
reach."""

from __future__ import annotations

import statistics

import wiretrace
from shared_data import require_dataset
from wiretrace.collate import Collation
from wiretrace.evaluation.pan13 import load_pan13
from wiretrace.evaluation.pan_stories import (
    group_documents,
    story_groups,
    truth_in_pair_passages,
    truth_in_shared_segments,
)

PAN = require_dataset("pan13")
GROUPS = 24
"""The first groups (the bench runs all 59, about 25 s)."""


def test_truth_passages_fall_into_shared_segments() -> None:
    pan = load_pan13(PAN)
    groups = story_groups(pan)
    assert len(groups) >= 50
    collated, cases = 0, []
    for g in groups[:GROUPS]:
        report = wiretrace.scan(group_documents(pan, g))
        story = next((s for s in report.stories if g.source in s.documents), None)
        c = report.collation_of(story.id) if story else None
        if not isinstance(c, Collation):
            continue
        collated += 1
        assert len(c.versions) >= 3
        for case in g.truth:
            cases.append((truth_in_shared_segments(c, case),
                          truth_in_pair_passages(report.reuse_pairs, case)))
    assert collated >= GROUPS - 3 and len(cases) >= 25
    kept = statistics.mean(x for x, _ in cases)
    aligned = statistics.mean(p for _, p in cases)
    assert kept >= aligned - 0.02, (kept, aligned)
    # Where the pair's passages hold a truth passage, so does the collation.
    held = [x for x, p in cases if p >= 0.9]
    assert held and min(held) >= 0.85 and sum(x >= 0.9 for x in held) >= len(held) - 1
