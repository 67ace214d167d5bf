"""The collation on stories built from the PAN 2013 development data (a source and the
suspicious documents that reuse it): every truth passage falls into segments that its
suspicious document and its source both carry, as far as the pair's own passages
reach."""

from __future__ import annotations

import statistics

from shared_data import require_dataset
from wiretrace.evaluation.pan13 import load_pan13
from wiretrace.evaluation.pan_stories import measure_groups, story_groups

PAN = require_dataset("pan13")
GROUPS = 24
"""The first groups (the bench runs all 59, about 25 s)."""


def test_truth_passages_fall_into_shared_segments() -> None:
    pan = load_pan13(PAN)
    groups = story_groups(pan)
    assert len(groups) >= 50
    collated, cases = measure_groups(pan, groups[:GROUPS])
    assert collated >= GROUPS - 3 and len(cases) >= 25
    kept = statistics.mean(x for x, _ in cases)
    aligned = statistics.mean(p for _, p in cases)
    assert kept >= aligned - 0.02, (kept, aligned)
    # Where the pair's passages hold a truth passage, so does the collation.
    held = [x for x, p in cases if p >= 0.9]
    assert held and min(held) >= 0.85 and sum(x >= 0.9 for x in held) >= len(held) - 1
