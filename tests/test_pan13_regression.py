"""Regression guard on real PAN 2013 development pairs (fixed samples).

Fails when document-level recall per obfuscation type, the false-positive rate on
no-plagiarism pairs, or PlagDet on verbatim pairs with truth fall below the levels
wiretrace reached when this test was written (see README, "Measured"). The full
figures come from bench/pan13.py; this sample keeps the suite fast.
"""

from __future__ import annotations

import pytest

from shared_data import require_dataset
from wiretrace.evaluation.pan13 import load_pan13
from wiretrace.evaluation.plagdet import plagdet
from wiretrace.pipeline import align_pan_pair
from wiretrace.report.pan_xml import Case

pytestmark = pytest.mark.shared_data

ROOT = require_dataset("pan13")

# Sample size per category, and the floor each measure must stay above. The floors
# sit a little under what the full development split gives (README), since a sample
# of 80 pairs moves by one or two pairs.
SAMPLE = 80


@pytest.fixture(scope="module")
def pan():
    return load_pan13(ROOT)


def _sample(pairs: list, n: int = SAMPLE) -> list:
    step = max(1, len(pairs) // n)
    return pairs[::step][:n]


def _detected(pan, pairs) -> float:
    found = 0
    for s, r in pairs:
        susp, src = pan.texts((s, r))
        found += bool(align_pan_pair(susp, src))
    return found / len(pairs)


@pytest.mark.parametrize(
    ("category", "floor"),
    [
        ("02-no-obfuscation", 0.99),
        ("03-random-obfuscation", 0.90),
        ("04-translation-obfuscation", 0.93),
    ],
)
def test_document_level_recall(pan, category: str, floor: float) -> None:
    rate = _detected(pan, _sample(pan.categories[category].pairs))
    assert rate >= floor, f"{category}: {rate:.3f} of pairs detected, floor {floor}"


def test_false_positive_rate_on_no_plagiarism(pan) -> None:
    pairs = pan.categories["01-no-plagiarism"].pairs  # all 261: the rate is small
    rate = _detected(pan, pairs)
    assert rate <= 0.01, f"false-positive rate {rate:.3f} > 0.01"


def test_plagdet_on_verbatim_pairs_with_truth(pan) -> None:
    verbatim = pan.categories["02-no-obfuscation"]
    pairs = _sample(sorted(verbatim.truth))
    negatives = _sample(pan.categories["01-no-plagiarism"].pairs, 40)
    detections = []
    for s, r in pairs + negatives:
        susp, src = pan.texts((s, r))
        detections += [Case.from_ranges(s, r, a, b) for a, b in align_pan_pair(susp, src)]
    cases = [c for p in pairs for c in verbatim.truth[p]]
    score = plagdet(cases, detections)
    assert score.plagdet >= 0.88, score
    assert score.granularity <= 1.05, score
