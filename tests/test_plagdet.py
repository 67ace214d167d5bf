"""PlagDet on small hand-computed examples, plus a brute-force cross-check."""

from __future__ import annotations

import math
import random

import pytest

from wiretrace.evaluation.plagdet import merged_length, plagdet
from wiretrace.report.pan_xml import Case


def case(a: tuple[int, int], b: tuple[int, int], susp: str = "s1", src: str = "r1") -> Case:
    return Case.from_ranges(susp, src, a, b)


S = case((0, 100), (0, 100))  # |s| = 200 characters over both documents


def test_merged_length() -> None:
    assert merged_length([]) == 0
    assert merged_length([(0, 10), (5, 15), (20, 25), (25, 30), (40, 40)]) == 25


def test_perfect_detection() -> None:
    score = plagdet([S], [case((0, 100), (0, 100))])
    assert score.plagdet == score.precision == score.recall == score.f1 == 1.0
    assert score.granularity == 1.0
    assert (score.micro_precision, score.micro_recall) == (1.0, 1.0)
    assert (score.n_cases, score.n_detections) == (1, 1)


def test_half_recall() -> None:
    score = plagdet([S], [case((0, 50), (0, 50))])
    assert score.precision == 1.0
    assert score.recall == 0.5  # 100 of 200 characters
    assert score.plagdet == pytest.approx(2 / 3)


def test_partial_overlap_halves_precision_and_recall() -> None:
    score = plagdet([S], [case((50, 150), (50, 150))])
    assert score.precision == 0.5 and score.recall == 0.5
    assert score.plagdet == pytest.approx(0.5)


def test_split_detection_granularity() -> None:
    score = plagdet([S], [case((0, 50), (0, 50)), case((50, 100), (50, 100))])
    assert score.precision == 1.0 and score.recall == 1.0
    assert score.granularity == 2.0
    assert score.plagdet == pytest.approx(1 / math.log2(3))


def test_false_positive_on_other_pair_lowers_precision() -> None:
    fp = case((0, 100), (0, 100), susp="s2", src="r2")
    score = plagdet([S], [case((0, 100), (0, 100)), fp])
    assert score.precision == 0.5  # (1 + 0) / 2
    assert score.recall == 1.0
    assert score.granularity == 1.0
    assert score.plagdet == pytest.approx(2 / 3)
    assert score.micro_precision == 0.5  # 200 true of 400 detected characters


def test_same_susp_other_source_is_not_a_detection() -> None:
    score = plagdet([S], [case((0, 100), (0, 100), src="r2")])
    assert score.precision == 0.0 and score.recall == 0.0 and score.plagdet == 0.0


def test_overlap_in_one_document_only_is_not_a_detection() -> None:
    score = plagdet([S], [case((0, 100), (500, 600))])
    assert score.recall == 0.0 and score.precision == 0.0
    assert score.granularity == 1.0  # no case detected


def test_overlapping_detections_not_double_counted() -> None:
    score = plagdet([S], [case((0, 60), (0, 60)), case((40, 100), (40, 100))])
    assert score.recall == 1.0  # union 200/200, not 240/200
    assert score.micro_recall == 1.0
    assert score.precision == 1.0
    assert score.granularity == 2.0


def test_detection_spanning_two_cases() -> None:
    cases = [case((0, 100), (0, 100)), case((200, 300), (200, 300))]
    score = plagdet(cases, [case((0, 300), (0, 300))])
    assert score.recall == 1.0
    assert score.precision == pytest.approx(400 / 600)
    assert score.granularity == 1.0


def test_macro_and_micro_recall_differ() -> None:
    cases = [case((0, 100), (0, 100)), case((0, 300), (0, 300), susp="s2", src="r2")]
    score = plagdet(cases, [case((0, 100), (0, 100))])
    assert score.recall == 0.5  # (1 + 0) / 2
    assert score.micro_recall == pytest.approx(200 / 800)


def test_empty_inputs() -> None:
    none = plagdet([], [])
    assert none.plagdet == none.precision == none.recall == 1.0
    missed = plagdet([S], [])
    assert missed.precision == missed.recall == missed.plagdet == 0.0
    only_fp = plagdet([], [S])
    assert only_fp.precision == only_fp.plagdet == 0.0


def test_negative_length_rejected() -> None:
    with pytest.raises(ValueError):
        plagdet([Case("s", "r", 10, -5, 0, 10)], [S])


def _naive(cases: list[Case], dets: list[Case]) -> tuple[float, float, float]:
    """Per-character sets, straight from the definitions (slow, for checking)."""

    def chars(x: Case) -> set[tuple[str, int]]:
        return {("s", i) for i in range(*x.susp_range)} | {("r", i) for i in range(*x.src_range)}

    def detects(s: Case, r: Case) -> bool:
        return bool(
            set(range(*s.susp_range)) & set(range(*r.susp_range))
            and set(range(*s.src_range)) & set(range(*r.src_range))
            and (s.susp, s.src) == (r.susp, r.src)
        )

    def cover(x: Case, others: list[Case]) -> float:
        got: set[tuple[str, int]] = set()
        for o in others:
            if detects(x, o) if x in cases else detects(o, x):
                got |= chars(x) & chars(o)
        return len(got) / len(chars(x))

    rec = sum(cover(s, dets) for s in cases) / len(cases)
    prec = sum(cover(r, cases) for r in dets) / len(dets)
    counts = [sum(detects(s, r) for r in dets) for s in cases]
    hit = [c for c in counts if c]
    return prec, rec, (sum(hit) / len(hit) if hit else 1.0)


@pytest.mark.parametrize("seed", range(20))
def test_matches_naive_definition(seed: int) -> None:
    rng = random.Random(seed)

    def rand_case() -> Case:
        a0, b0 = rng.randrange(0, 80), rng.randrange(0, 80)
        return Case.from_ranges(
            rng.choice(["s1", "s2"]),
            "r1",
            (a0, a0 + rng.randrange(1, 40)),
            (b0, b0 + rng.randrange(1, 40)),
        )

    cases = list({rand_case() for _ in range(rng.randrange(1, 5))})
    dets = [rand_case() for _ in range(rng.randrange(1, 8))]
    score = plagdet(cases, dets)
    prec, rec, gran = _naive(cases, dets)
    assert score.precision == pytest.approx(prec)
    assert score.recall == pytest.approx(rec)
    assert score.granularity == pytest.approx(gran)
