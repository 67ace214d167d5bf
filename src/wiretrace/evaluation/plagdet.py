"""PlagDet: character-level precision, recall and granularity for text alignment.

Potthast, Stein, Barrón-Cedeño and Rosso, "An Evaluation Framework for
Plagiarism Detection" (COLING 2010), as computed by the PAN evaluator.

A case ``s`` and a detection ``r`` each name a (susp doc, src doc) pair and a
character range in each document; the characters of both ranges form one set,
so ``|s| = this_length + source_length``. ``r`` *detects* ``s`` iff both name the
same document pair and their ranges overlap in the susp document **and** in the
src document; then ``s ⊓ r = s ∩ r``, otherwise ``s ⊓ r = ∅``.

* macro precision ``= 1/|R| · Σ_r |∪_s (s ⊓ r)| / |r|``
* macro recall    ``= 1/|S| · Σ_s |∪_r (s ⊓ r)| / |s|``
* granularity     ``= 1/|S_R| · Σ_{s ∈ S_R} |R_s|`` (1 when no case is detected)
* PlagDet         ``= F1 / log2(1 + granularity)``

Micro precision/recall divide the characters of all ``s ⊓ r`` by those of all
detections / all cases, each counted once per document (overlaps merged).

Edge cases follow the PAN evaluator: with neither cases nor detections every
measure is 1 (nothing to find, nothing wrongly found); with cases but no
detections, or detections but no cases, precision and recall are both 0 (so
PlagDet is 0). A zero-length detection or case contributes a ratio of 0.

Unions are computed with interval arithmetic (sort and merge), never with
per-character sets.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from wiretrace.report.pan_xml import Case

Interval = tuple[int, int]


@dataclass(frozen=True, slots=True)
class PlagDetScore:
    """PlagDet and its components (macro measures unless named micro)."""

    plagdet: float
    precision: float
    recall: float
    granularity: float
    f1: float
    micro_precision: float
    micro_recall: float
    n_cases: int
    n_detections: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def merged_length(intervals: Iterable[Interval]) -> int:
    """Number of positions covered by half-open intervals, overlaps counted once."""
    total = 0
    cur_start = cur_end = None
    for start, end in sorted(i for i in intervals if i[1] > i[0]):
        if cur_end is None or start > cur_end:
            if cur_end is not None:
                total += cur_end - cur_start
            cur_start, cur_end = start, end
        elif end > cur_end:
            cur_end = end
    if cur_end is not None:
        total += cur_end - cur_start
    return total


def _overlaps(a: Interval, b: Interval) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _intersect(a: Interval, b: Interval) -> Interval:
    return (max(a[0], b[0]), min(a[1], b[1]))


def detects(case: Case, det: Case) -> bool:
    """True iff ``det`` detects ``case``: same pair, overlap in both documents."""
    return (
        case.susp == det.susp
        and case.src == det.src
        and _overlaps(case.susp_range, det.susp_range)
        and _overlaps(case.src_range, det.src_range)
    )


def _size(ann: Case) -> int:
    return ann.this_length + ann.source_length


def _check(annotations: Sequence[Case], what: str) -> None:
    for ann in annotations:
        if ann.this_length < 0 or ann.source_length < 0:
            raise ValueError(f"{what} with negative length: {ann}")


def _covered_share(target: Case, others: Iterable[Case]) -> float:
    """Share of ``target``'s characters covered by ``target ⊓ o`` over all ``o``."""
    size = _size(target)
    if size == 0:
        return 0.0
    susp: list[Interval] = []
    src: list[Interval] = []
    for other in others:
        susp.append(_intersect(target.susp_range, other.susp_range))
        src.append(_intersect(target.src_range, other.src_range))
    return (merged_length(susp) + merged_length(src)) / size


def _by_pair(annotations: Sequence[Case]) -> dict[tuple[str, str], list[int]]:
    """Indices of ``annotations`` grouped by (susp, src) pair."""
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, ann in enumerate(annotations):
        groups[(ann.susp, ann.src)].append(i)
    return groups


def _doc_chars(pieces: Iterable[tuple[str, str, Interval, Interval]]) -> int:
    """Characters covered per document (susp and src docs apart), overlaps once."""
    per_doc: dict[tuple[str, str], list[Interval]] = defaultdict(list)
    for susp, src, susp_range, src_range in pieces:
        per_doc[("susp", susp)].append(susp_range)
        per_doc[("src", src)].append(src_range)
    return sum(merged_length(ivs) for ivs in per_doc.values())


def _pieces(anns: Iterable[Case]) -> Iterable[tuple[str, str, Interval, Interval]]:
    return ((a.susp, a.src, a.susp_range, a.src_range) for a in anns)


def plagdet(cases: Sequence[Case], detections: Sequence[Case]) -> PlagDetScore:
    """Score ``detections`` against the truth ``cases`` (see module docstring)."""
    cases, detections = list(cases), list(detections)
    _check(cases, "case")
    _check(detections, "detection")
    n_s, n_r = len(cases), len(detections)
    if n_s == 0 or n_r == 0:
        v = 1.0 if n_s == n_r else 0.0
        return PlagDetScore(v, v, v, 1.0, v, v, v, n_s, n_r)

    cases_by_pair = _by_pair(cases)
    dets_by_pair = _by_pair(detections)

    # For each case, the detections that detect it, and vice versa (by index).
    hits_of_case: list[list[Case]] = [[] for _ in cases]
    hits_of_det: list[list[Case]] = [[] for _ in detections]
    true_pieces: list[tuple[str, str, Interval, Interval]] = []
    for pair, case_ids in cases_by_pair.items():
        det_ids = dets_by_pair.get(pair, [])
        for i in case_ids:
            s = cases[i]
            for j in det_ids:
                r = detections[j]
                if detects(s, r):
                    hits_of_case[i].append(r)
                    hits_of_det[j].append(s)
                    susp_part = _intersect(s.susp_range, r.susp_range)
                    src_part = _intersect(s.src_range, r.src_range)
                    true_pieces.append((s.susp, s.src, susp_part, src_part))

    recall = sum(map(_covered_share, cases, hits_of_case)) / n_s
    precision = sum(map(_covered_share, detections, hits_of_det)) / n_r

    detected = [len(hits) for hits in hits_of_case if hits]
    granularity = sum(detected) / len(detected) if detected else 1.0

    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
    score = f1 / math.log2(1 + granularity)

    true_chars = _doc_chars(true_pieces)
    case_chars = _doc_chars(_pieces(cases))
    det_chars = _doc_chars(_pieces(detections))
    micro_recall = true_chars / case_chars if case_chars else 0.0
    micro_precision = true_chars / det_chars if det_chars else 0.0

    return PlagDetScore(
        plagdet=score,
        precision=precision,
        recall=recall,
        granularity=granularity,
        f1=f1,
        micro_precision=micro_precision,
        micro_recall=micro_recall,
        n_cases=n_s,
        n_detections=n_r,
    )
