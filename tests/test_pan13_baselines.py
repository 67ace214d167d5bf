"""The exact 5-gram baseline on a fixed sample of real PAN 2013 pairs."""

from __future__ import annotations

import pytest

from shared_data import require_dataset
from wiretrace.evaluation.baselines import MinHashBaseline, exact_ngram_align
from wiretrace.evaluation.pan13 import NEGATIVE, VERBATIM, load_pan13
from wiretrace.evaluation.plagdet import plagdet
from wiretrace.report.pan_xml import Case

pytestmark = pytest.mark.shared_data

ROOT = require_dataset("pan13")


@pytest.fixture(scope="module")
def pan():
    return load_pan13(ROOT, [NEGATIVE, VERBATIM])


def test_loader(pan) -> None:
    verbatim = pan.categories[VERBATIM]
    assert len(verbatim.pairs) == 385 and len(verbatim.truth) == 294
    assert len(pan.categories[NEGATIVE].pairs) == 261
    assert len(pan.scored_pairs()) == 294 + 261


def test_exact_baseline_on_sample(pan) -> None:
    with_truth = sorted(pan.categories[VERBATIM].truth)
    positives = with_truth[::12][:24]  # fixed, spread over the category
    negatives = pan.categories[NEGATIVE].pairs[::40][:6]
    detections: list[Case] = []
    found = 0
    for pair in positives + negatives:
        passages = exact_ngram_align(*pan.texts(pair))
        detections += [Case.from_ranges(pair[0], pair[1], a, b) for a, b in passages]
        found += bool(passages) and pair in positives
    assert found >= 0.9 * len(positives)
    score = plagdet(pan.truth_cases(positives), detections)
    assert score.plagdet > 0.5, score


def test_minhash_similarity_is_sane(pan) -> None:
    mh = MinHashBaseline()
    susp, _ = pan.texts(pan.categories[VERBATIM].pairs[0])
    assert mh.similarity(susp, susp) == 1.0
    assert mh.similarity(susp, "") == 0.0
