"""Benchmark wiretrace and two baselines on the PAN 2013 text-alignment corpus.

Usage::

    .venv/bin/python bench/pan13.py [--data DIR] [--jobs N] [--limit N]
                                    [--category 02 03 ...] [--json FILE] [--xml-dir DIR]

All systems run in this process (or its worker pool) on the same pairs:

* ``wiretrace`` — the ``wiretrace pan`` command's code path (:func:`wiretrace.pan.run_pan`),
  which writes one PAN XML file per pair;
* ``exact-5gram`` — :func:`wiretrace.evaluation.baselines.exact_ngram_align`;
* ``minhash`` — :class:`wiretrace.evaluation.baselines.MinHashBaseline`, document
  level only, at several Jaccard thresholds.

Passage detections are written as PAN XML (one file per pair) and read back
before scoring. PlagDet is computed over the 02 pairs that have truth plus all
01 pairs (whose detections are false positives). Document-level rates are the
share of a category's pairs with at least one passage (for 01: false positives).
Wall times exclude reading the files (texts are read once before timing).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

from wiretrace.evaluation.baselines import MinHashBaseline, exact_ngram_align
from wiretrace.evaluation.pan13 import (
    CATEGORIES,
    NEGATIVE,
    VERBATIM,
    Pair,
    Pan13,
    document_level,
    find_pan13,
    load_pan13,
    pair_stem,
    read_text,
)
from wiretrace.evaluation.plagdet import plagdet
from wiretrace.report.pan_xml import Case, read_pan_xml, write_pan_xml

RangePair = tuple[tuple[int, int], tuple[int, int]]
Aligner = Callable[[str, str], list[RangePair]]
# One unit of work: (susp path, src path).
Task = tuple[str, str]


# --- workers (top level, so that they pickle) ------------------------------------


@cache
def _aligner(name: str) -> Aligner:
    if name == "exact-5gram":
        return exact_ngram_align
    raise ValueError(f"unknown aligner {name!r}")


def _valid(passage: Any, len_a: int, len_b: int) -> bool:
    try:
        (a0, a1), (b0, b1) = passage
    except (TypeError, ValueError):
        return False
    ints = all(isinstance(x, int) for x in (a0, a1, b0, b1))
    return ints and 0 <= a0 < a1 <= len_a and 0 <= b0 < b1 <= len_b


def align_task(aligner: str, task: Task) -> tuple[list[RangePair], int]:
    """Run one aligner on one pair; returns valid passages and the number dropped."""
    susp_text, src_text = read_text(task[0]), read_text(task[1])
    found = _aligner(aligner)(susp_text, src_text)
    valid = [p for p in found if _valid(p, len(susp_text), len(src_text))]
    return [((a0, a1), (b0, b1)) for (a0, a1), (b0, b1) in valid], len(found) - len(valid)


_MINHASH = MinHashBaseline()


def minhash_task(task: Task) -> float:
    """Estimated Jaccard of one pair (signatures cached per file in each process)."""
    return _MINHASH.similarity(read_text(task[0]), read_text(task[1]), task[0], task[1])


def _align_star(args: tuple[str, Task]) -> tuple[list[RangePair], int]:
    return align_task(*args)


def run_tasks(fn: Callable[[Any], Any], items: Sequence[Any], jobs: int) -> list[Any]:
    """``[fn(x) for x in items]``, in a process pool when ``jobs > 1``."""
    if jobs <= 1:
        return [fn(x) for x in items]
    chunk = max(1, len(items) // (jobs * 16))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(fn, items, chunksize=chunk))


# --- the benchmark ---------------------------------------------------------------


def select_pairs(pan: Pan13, limit: int | None) -> list[tuple[str, Pair]]:
    """All (category, pair) in corpus order, the first ``limit`` per category."""
    return [
        (name, pair)
        for name, cat in pan.categories.items()
        for pair in (cat.pairs if limit is None else cat.pairs[:limit])
    ]


def _detect_with_pan_command(
    pan: Pan13, pairs: list[tuple[str, Pair]], jobs: int, xml_dir: Path
) -> tuple[float, dict[Pair, str | None]]:
    """Run the ``wiretrace pan`` code path category by category.

    Returns the wall seconds and each pair's relation (``None``: no reuse found).
    """
    from wiretrace.pan import run_pan
    from wiretrace.settings import Settings

    by_cat: dict[str, list[Pair]] = {}
    for cat, pair in pairs:
        by_cat.setdefault(cat, []).append(pair)
    wall = 0.0
    relations: dict[Pair, str | None] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for cat, cat_pairs in by_cat.items():
            pairs_file = Path(tmp) / f"{cat}.pairs"
            pairs_file.write_text("".join(f"{s} {r}\n" for s, r in cat_pairs), "utf-8")
            start = time.perf_counter()
            outcomes, problems = run_pan(
                pairs_file, pan.root / "src", pan.root / "susp", xml_dir, Settings(), jobs
            )
            for pair, outcome in zip(cat_pairs, outcomes, strict=True):
                relations[pair] = outcome.relation
            wall += time.perf_counter() - start
            if problems:
                raise RuntimeError(f"wiretrace pan reported problems: {problems[:3]}")
    return wall, relations


def run_aligner(
    pan: Pan13, aligner: str, pairs: list[tuple[str, Pair]], jobs: int, xml_dir: Path
) -> dict[str, Any]:
    """Align every pair, round-trip the detections through PAN XML, score them.

    wiretrace runs through ``wiretrace pan`` itself (which writes the XML files, and
    whose time includes reading the texts); the baseline aligner runs here and its
    detections are written with the same XML writer.
    """
    xml_dir.mkdir(parents=True, exist_ok=True)
    detections: dict[Pair, list[Case]] = {}
    dropped = 0
    relations: dict[Pair, str | None] = {}
    if aligner == "wiretrace":
        wall, relations = _detect_with_pan_command(pan, pairs, jobs, xml_dir)
        for _, pair in pairs:
            detections[pair] = read_pan_xml(xml_dir / f"{pair_stem(pair)}.xml")
    else:
        tasks = [
            (aligner, (str(pan.susp_path(p[0])), str(pan.src_path(p[1])))) for _, p in pairs
        ]
        start = time.perf_counter()
        results = run_tasks(_align_star, tasks, jobs)
        wall = time.perf_counter() - start
        for (_, pair), (passages, bad) in zip(pairs, results, strict=True):
            dropped += bad
            path = xml_dir / f"{pair_stem(pair)}.xml"
            write_pan_xml(path, pair[0], pair[1], passages)
            detections[pair] = read_pan_xml(path)

    selected = {p for _, p in pairs}
    scored = [p for _, p in pan.scored_pairs() if p in selected]
    truth_02 = pan.categories[VERBATIM].truth if VERBATIM in pan.categories else {}
    scored_02 = [p for p in scored if p in truth_02]
    truth = pan.truth_cases(scored)

    def score(on: list[Pair]) -> dict[str, Any] | None:
        if not on:
            return None
        dets = [d for p in on for d in detections[p]]
        return plagdet(pan.truth_cases(on), dets).to_dict()

    positive = {p: bool(detections[p]) for _, p in pairs}
    return {
        "aligner": aligner,
        "pairs": len(pairs),
        "wall_seconds": wall,
        "pairs_per_second": len(pairs) / wall if wall > 0 else None,
        "invalid_passages_dropped": dropped,
        "passages": sum(len(v) for v in detections.values()),
        "plagdet": score(scored),
        "plagdet_02_only": score(scored_02),
        "scored_pairs": {
            "02_with_truth": len(scored_02),
            "01": len(scored) - len(scored_02),
            "cases": len(truth),
        },
        "document_level": document_level(_subset(pan, pairs), positive),
        "relations": _relation_table(pairs, relations) if relations else None,
    }


def _relation_table(
    pairs: list[tuple[str, Pair]], relations: dict[Pair, str | None]
) -> dict[str, dict[str, int]]:
    """Per category, how many pairs got each relation ("none": no reuse found)."""
    table: dict[str, dict[str, int]] = {}
    for cat, pair in pairs:
        row = table.setdefault(cat, {})
        label = relations.get(pair) or "none"
        row[label] = row.get(label, 0) + 1
    return table


def _subset(pan: Pan13, pairs: list[tuple[str, Pair]]) -> Pan13:
    """The corpus restricted to the selected pairs (for per-category rates)."""
    keep: dict[str, list[Pair]] = {}
    for cat, pair in pairs:
        keep.setdefault(cat, []).append(pair)
    cats = {n: replace(c, pairs=keep.get(n, [])) for n, c in pan.categories.items()}
    return replace(pan, categories=cats)


def run_minhash(
    pan: Pan13, pairs: list[tuple[str, Pair]], jobs: int, thresholds: list[float]
) -> dict[str, Any]:
    """Estimated Jaccard for every pair; detection rates per category per threshold."""
    tasks = [(str(pan.susp_path(p[0])), str(pan.src_path(p[1]))) for _, p in pairs]
    start = time.perf_counter()
    sims = run_tasks(minhash_task, tasks, jobs)
    wall = time.perf_counter() - start
    sub = _subset(pan, pairs)
    by_pair = {p: s for (_, p), s in zip(pairs, sims, strict=True)}
    return {
        "pairs": len(pairs),
        "wall_seconds": wall,
        "pairs_per_second": len(pairs) / wall if wall > 0 else None,
        "document_level": {
            str(t): document_level(sub, {p: s >= t for p, s in by_pair.items()}) for t in thresholds
        },
        "mean_similarity": {
            name: sum(by_pair[p] for p in cat.pairs) / len(cat.pairs)
            for name, cat in sub.categories.items()
            if cat.pairs
        },
    }


# --- output ----------------------------------------------------------------------


def _fmt(x: float | None, width: int = 7, digits: int = 3) -> str:
    return f"{'-':>{width}}" if x is None else f"{x:>{width}.{digits}f}"


def format_report(report: dict[str, Any]) -> str:
    """The figures as aligned plain-text tables."""
    cats = report["categories"]
    systems = report["systems"]
    lines: list[str] = []
    sp = next(iter(systems.values()))["scored_pairs"]
    lines.append(
        f"Passage level: PlagDet over {sp['02_with_truth']} 02 pairs with truth "
        f"({sp['cases']} cases) + {sp['01']} 01 pairs (detections there are false positives)"
    )
    head = ("system", "PlagDet", "Prec", "Rec", "Gran", "F1", "µPrec", "µRec", "#det", "P02only")
    lines.append(f"{head[0]:<22}" + "".join(f"{h:>9}" for h in head[1:]))
    for name, s in systems.items():
        d, d2 = s["plagdet"], s["plagdet_02_only"]
        if d is None:
            lines.append(f"{name:<22}  (no scored pairs selected)")
            continue
        vals = [
            d["plagdet"],
            d["precision"],
            d["recall"],
            d["granularity"],
            d["f1"],
            d["micro_precision"],
            d["micro_recall"],
        ]
        row = "".join(f"  {_fmt(v)}" for v in vals) + f"  {d['n_detections']:>7}"
        row += f"  {_fmt(d2['plagdet'] if d2 else None)}"
        lines.append(f"{name:<22}{row}")

    ref = report.get("truth_reference")
    if ref:
        lines.append(
            f"reference: the copied words around each truth case, aligned exactly: PlagDet "
            f"{_fmt(ref['plagdet'])} (precision {_fmt(ref['precision'])}, recall "
            f"{_fmt(ref['recall'])}) -- what the truth's own offsets let a correct aligner reach"
        )
    lines.append("")
    lines.append("Document level: share of pairs with >= 1 passage (01 = false-positive rate)")
    lines.append(
        f"{'system':<22}" + "".join(f"{c[:2] + (' FPR' if c == NEGATIVE else ''):>9}" for c in cats)
    )
    rows: list[tuple[str, dict[str, float]]] = [
        (n, s["document_level"]) for n, s in systems.items()
    ]
    mh = report.get("minhash")
    if mh:
        rows += [(f"minhash J>={t}", r) for t, r in mh["document_level"].items()]
    for name, rates in rows:
        lines.append(f"{name:<22}" + "".join(f"  {_fmt(rates.get(c))}" for c in cats))

    table = systems.get("wiretrace", {}).get("relations")
    if table:
        labels = ["none", "duplicate", "copy", "spun", "translated", "paraphrase"]
        lines.append("")
        lines.append("wiretrace relation per PAN category (pairs)")
        lines.append(f"{'category':<28}" + "".join(f"{x:>11}" for x in labels))
        for cat, row in table.items():
            lines.append(f"{cat:<28}" + "".join(f"{row.get(x, 0):>11}" for x in labels))

    lines.append("")
    lines.append(f"{'system':<22}{'pairs':>9}{'wall s':>9}{'pairs/s':>9}")
    timed = [(n, s) for n, s in systems.items()] + ([("minhash", mh)] if mh else [])
    for name, s in timed:
        lines.append(
            f"{name:<22}{s['pairs']:>9}  {_fmt(s['wall_seconds'], 7, 2)}"
            f"  {_fmt(s['pairs_per_second'], 7, 1)}"
        )
    return "\n".join(lines)


def truth_reference(pan: Pan13, pairs: Sequence[tuple[str, Pair]], margin: int = 300) -> Any:
    """PlagDet of marking what was really copied around each truth case of the 02 pairs.

    The exact word-5-gram aligner runs on each case's ranges widened by ``margin``
    characters; its passages, joined into one detection per case, are what an aligner
    that finds exactly the copied text would report. Scored against the truth, it shows
    how far the truth's own offsets let any correct aligner go.
    """
    truth = pan.categories[VERBATIM].truth if VERBATIM in pan.categories else {}
    cases = pan.truth_cases([p for _, p in pairs if p in truth])
    if not cases:
        return None
    detections = []
    for case in cases:
        susp, src = pan.susp_text(case.susp), pan.src_text(case.src)
        a0 = max(0, case.this_offset - margin)
        b0 = max(0, case.source_offset - margin)
        found = exact_ngram_align(
            susp[a0 : case.this_offset + case.this_length + margin],
            src[b0 : case.source_offset + case.source_length + margin],
            max_gap=2 * margin, min_seeds=1, min_chars=20,
        )
        if found:
            sa, ea = min(f[0][0] for f in found) + a0, max(f[0][1] for f in found) + a0
            sb, eb = min(f[1][0] for f in found) + b0, max(f[1][1] for f in found) + b0
            detections.append(Case(case.susp, case.src, sa, ea - sa, sb, eb - sb))
    return plagdet(cases, detections).to_dict()


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, help="pan13 folder (default: ../shared/data/pan13)")
    ap.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    ap.add_argument("--limit", type=int, help="first N pairs of each category only")
    ap.add_argument(
        "--category",
        nargs="+",
        metavar="CAT",
        help="categories by name or number (e.g. 01 02); default all",
    )
    ap.add_argument(
        "--thresholds",
        type=float,
        nargs="+",
        default=[0.5, 0.1],
        help="MinHash Jaccard thresholds (default 0.5 0.1)",
    )
    ap.add_argument("--json", type=Path, help="also write all figures to this JSON file")
    ap.add_argument("--xml-dir", type=Path, help="keep the PAN XML detections here")
    return ap.parse_args(argv)


def _categories(selected: list[str] | None) -> list[str]:
    if not selected:
        return list(CATEGORIES)
    out = []
    for sel in selected:
        match = [c for c in CATEGORIES if c == sel or c.startswith(sel.zfill(2))]
        if len(match) != 1:
            raise SystemExit(f"unknown category {sel!r}; choose from {', '.join(CATEGORIES)}")
        out.append(match[0])
    return [c for c in CATEGORIES if c in out]


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    root = args.data or find_pan13()
    if root is None or not Path(root, "susp").is_dir():
        print("PAN 2013 data not found: pass --data or set $WIRETRACE_SHARED_DATA", file=sys.stderr)
        return 2
    pan = load_pan13(root, _categories(args.category))
    pairs = select_pairs(pan, args.limit)
    for _, pair in pairs:  # read every text once, outside the timed runs
        pan.texts(pair)

    systems: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="wiretrace-pan13-") as tmp:
        xml_root = args.xml_dir or Path(tmp)
        for label in ("wiretrace", "exact-5gram"):
            print(f"{label}: aligning {len(pairs)} pairs with {args.jobs} job(s)…", file=sys.stderr)
            systems[label] = run_aligner(pan, label, pairs, args.jobs, xml_root / label)
    print(f"minhash: {len(pairs)} pairs…", file=sys.stderr)
    minhash = run_minhash(pan, pairs, args.jobs, args.thresholds)

    report = {
        "data": str(Path(root).resolve()),
        "categories": list(pan.categories),
        "limit": args.limit,
        "jobs": args.jobs,
        "systems": systems,
        "minhash": minhash,
        "truth_reference": truth_reference(pan, pairs),
    }
    print(format_report(report))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
