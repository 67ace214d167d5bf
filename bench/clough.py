"""Graded reuse on the Clough & Stevenson corpus of plagiarised short answers.

Usage::

    .venv/bin/python bench/clough.py [--data DIR] [--embeddings]

95 short answers to five questions, each labelled ``cut`` (copied from the task's
Wikipedia source), ``light`` (lightly revised), ``heavy`` (heavily rewritten) or
``non`` (written independently, on the same topic). Each answer is compared with
its task's source (``orig_task?.txt``) through :func:`wiretrace.pipeline.compare_documents`.
Reuse "found" means at least one passage. Printed, in one run:

* accuracy of found-vs-not against label ≠ ``non`` (target ≥ 0.95), with the word
  5-gram containment baseline (share of the answer's 5-grams found in the source,
  threshold chosen by leave-one-out) beside it;
* the confusion table of label against wiretrace's relation, and the mean coverage
  of the answer per label.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

from wiretrace.evaluation.pan13 import find_shared_data
from wiretrace.pipeline import compare_documents
from wiretrace.records import Document
from wiretrace.settings import Settings

LABELS = ("cut", "light", "heavy", "non")
RELATIONS = ("none", "duplicate", "copy", "spun", "translated", "paraphrase")
WORD = re.compile(r"\w+")


def read(path: Path) -> str:
    return path.read_bytes().decode("utf-8", errors="replace")


def load(root: Path) -> list[tuple[str, str, str]]:
    """(answer file, task letter, label) for every answer."""
    rows = []
    with (root / "file_information.csv").open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["Category"] in LABELS:
                rows.append((row["File"], row["Task"], row["Category"]))
    return rows


def containment(answer: str, source: str, n: int = 5) -> float:
    wa = [w.lower() for w in WORD.findall(answer)]
    ws = [w.lower() for w in WORD.findall(source)]
    grams_a = {tuple(wa[i : i + n]) for i in range(len(wa) - n + 1)}
    grams_s = {tuple(ws[i : i + n]) for i in range(len(ws) - n + 1)}
    return len(grams_a & grams_s) / len(grams_a) if grams_a else 0.0


def loo_accuracy(scores: list[float], truth: list[bool]) -> float:
    """Leave-one-out: each item classified by the best threshold on the others."""
    correct = 0
    for k in range(len(scores)):
        rest = [(s, t) for i, (s, t) in enumerate(zip(scores, truth, strict=True)) if i != k]
        best = max(
            sorted({s for s, _ in rest}),
            key=lambda th: sum((s >= th) == t for s, t in rest),
        )
        correct += (scores[k] >= best) == truth[k]
    return correct / len(scores)


KINDS = ("none", "verbatim", "edited", "spun", "translated", "paraphrase")


def _dominant_kind(result: object) -> str:
    """The passage kind holding most characters of the answer ("none" without reuse)."""
    if result is None:
        return "none"
    weight: Counter[str] = Counter()
    for p in result.passages:  # type: ignore[attr-defined]
        weight[p.kind] += p.a[1] - p.a[0]
    return weight.most_common(1)[0][0] if weight else "none"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--data", type=Path, help="corpus folder (default ../shared/data/clough-stevenson)"
    )
    ap.add_argument("--embeddings", action="store_true", help="use the embeddings extra")
    args = ap.parse_args(argv)
    root = args.data or (find_shared_data() or Path("missing")) / "clough-stevenson"
    if not (root / "file_information.csv").is_file():
        print(f"Clough & Stevenson corpus not found at {root}", file=sys.stderr)
        return 2
    settings = Settings(embeddings=bool(args.embeddings))
    rows = load(root)
    sources = {t: read(root / f"orig_task{t}.txt") for t in "abcde"}
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    coverage: dict[str, list[float]] = defaultdict(list)
    found_ok = 0
    baseline_scores: list[float] = []
    truth: list[bool] = []
    start = time.perf_counter()
    for name, task, label in rows:
        answer = read(root / name)
        result = compare_documents(
            Document(name, answer), Document(f"orig_task{task}", sources[task]), settings
        )
        relation = result.relation if result else "none"
        confusion[label][relation] += 1
        kinds[label][_dominant_kind(result)] += 1
        coverage[label].append(result.coverage_a if result else 0.0)
        found_ok += (result is not None) == (label != "non")
        baseline_scores.append(containment(answer, sources[task]))
        truth.append(label != "non")
    wall = time.perf_counter() - start
    n = len(rows)
    counts = ", ".join(f"{k} {v}" for k, v in Counter(r[2] for r in rows).items())
    print(f"Clough & Stevenson: {n} answers ({counts})")
    print(f"{'system':<34}{'accuracy':>9}")
    print(f"{'wiretrace (reuse found = not non)':<34}{found_ok / n:>9.3f}   ({wall:.1f} s)")
    print(f"{'5-gram containment, LOO threshold':<34}{loo_accuracy(baseline_scores, truth):>9.3f}")
    print()
    print("label × relation (answers), and the mean share of the answer covered by passages")
    print(f"{'label':<8}" + "".join(f"{r:>12}" for r in RELATIONS) + f"{'coverage':>10}")
    for label in LABELS:
        row = confusion[label]
        cov = sum(coverage[label]) / max(1, len(coverage[label]))
        print(f"{label:<8}" + "".join(f"{row.get(r, 0):>12}" for r in RELATIONS) + f"{cov:>10.2f}")
    print()
    print("label × dominant passage kind (answers)")
    print(f"{'label':<8}" + "".join(f"{k:>12}" for k in KINDS))
    for label in LABELS:
        print(f"{label:<8}" + "".join(f"{kinds[label].get(k, 0):>12}" for k in KINDS))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
