"""Which side is the original? Direction accuracy on PAN 2013.

Usage::

    .venv/bin/python bench/direction.py [--data DIR] [--jobs N] [--limit N]

In every positive PAN pair the suspicious document is the derived one. For each
pair in which wiretrace finds reuse, the forensics run as in a scan (tortured
phrases and machine-translation traces of both documents, then
:func:`wiretrace.forensics.direction.decide_direction`), and the pair's ``source``
is compared with the source document. Printed per obfuscation type: the share of
pairs with reuse where ``source`` is the source document (correct), the suspicious
document (wrong), or ``null`` (undecided), and which signals gave evidence. PAN documents
carry no dates or outlets, so only the text itself can decide. Baseline in the
same run: "the longer document is the original".
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from pathlib import Path

from wiretrace.evaluation.pan13 import find_pan13, load_pan13
from wiretrace.forensics.context_fit import context_fit
from wiretrace.forensics.direction import SideEvidence, decide_direction
from wiretrace.forensics.document import analyse_document
from wiretrace.lexicon.wordnet import load_wordnet
from wiretrace.normalize.prepare import PreparedDoc, prepare_document
from wiretrace.pipeline import compare_prepared
from wiretrace.records import Document
from wiretrace.settings import Settings

CATEGORIES = ("02-no-obfuscation", "03-random-obfuscation", "04-translation-obfuscation",
              "05-summary-obfuscation")


@lru_cache(maxsize=256)
def _prepared(path: str) -> PreparedDoc:
    text = Path(path).read_bytes().decode("utf-8")
    return prepare_document(Document(Path(path).name, text), load_wordnet())


Vote = tuple[str, float, bool]
"""(signal, weight, whether it favours the source document)."""


def judge(task: tuple[str, str, str]) -> tuple[str, str, list[Vote], str]:
    """(category, verdict, votes, baseline verdict) for one pair."""
    category, susp_path, src_path = task
    susp, src = _prepared(susp_path), _prepared(src_path)
    result = compare_prepared(susp, src, Settings())
    baseline = "correct" if len(src.text) > len(susp.text) else "wrong"
    if result is None:
        return category, "no reuse", [], baseline
    wordnet = load_wordnet()
    ev_susp = analyse_document(susp, wordnet, [src])
    ev_src = analyse_document(src, wordnet, [susp])
    direction = decide_direction(
        result,
        SideEvidence(disguise_spans=ev_susp.disguise_spans()),
        SideEvidence(disguise_spans=ev_src.disguise_spans()),
        fit=context_fit(susp, src, [p.a for p in result.passages], [p.b for p in result.passages]),
    )
    source = direction.source
    verdict = "undecided" if source is None else ("correct" if source == src.id else "wrong")
    votes = [(e.signal, e.weight, e.favours == src.id) for e in direction.votes]
    return category, verdict, votes, baseline


def judge_in_scan(tasks: list[tuple[str, str, str]], jobs: int
                  ) -> list[tuple[str, str, list[Vote], str]]:
    """The same verdicts read off one ``wiretrace scan`` of every document of ``tasks``
    together, as a user scans a corpus: the pair's ``source`` in the report."""
    import wiretrace

    paths = sorted({p for _c, s_path, r_path in tasks for p in (s_path, r_path)})
    docs = [Document(Path(p).name, Path(p).read_bytes().decode("utf-8")) for p in paths]
    report = wiretrace.scan(docs, jobs=jobs)
    by_pair = {frozenset((p.a, p.b)): p for p in report.pairs}
    lengths = {d.id: len(d.text) for d in docs}
    out = []
    for category, s_path, r_path in tasks:
        susp, src = Path(s_path).name, Path(r_path).name
        baseline = "correct" if lengths[src] > lengths[susp] else "wrong"
        pair = by_pair.get(frozenset((susp, src)))
        if pair is None or pair.relation == "same-story":
            out.append((category, "no reuse", [], baseline))
            continue
        source = pair.direction.source
        verdict = "undecided" if source is None else ("correct" if source == src else "wrong")
        votes = [(e.signal, e.weight, e.favours == src) for e in pair.direction.votes]
        out.append((category, verdict, votes, baseline))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, help="pan13 folder (default ../shared/data/pan13)")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--limit", type=int, help="first N pairs of each category")
    ap.add_argument("--dump", type=Path, help="write every pair's votes to this JSON file")
    ap.add_argument("--scan", action="store_true",
                    help="judge the pairs as one wiretrace scan of all their documents "
                         "together reports them (as users do), instead of each pair alone")
    ap.add_argument("--categories", nargs="+", default=list(CATEGORIES), metavar="NAME")
    args = ap.parse_args(argv)
    root = args.data or find_pan13()
    if root is None or not (Path(root) / "susp").is_dir():
        print("PAN 2013 data not found", file=sys.stderr)
        return 2
    pan = load_pan13(root, list(args.categories))
    tasks = [
        (name, str(pan.susp_path(s)), str(pan.src_path(r)))
        for name, cat in pan.categories.items()
        for s, r in (cat.pairs[: args.limit] if args.limit else cat.pairs)
    ]
    start = time.perf_counter()
    if args.scan:
        results = judge_in_scan(tasks, args.jobs)
    elif args.jobs > 1:
        with ProcessPoolExecutor(args.jobs) as pool:
            results = list(pool.map(judge, tasks, chunksize=8))
    else:
        results = [judge(t) for t in tasks]
    wall = time.perf_counter() - start
    if args.dump:
        args.dump.write_text(json.dumps(results))
    verdicts: dict[str, Counter[str]] = defaultdict(Counter)
    signals: dict[str, Counter[str]] = defaultdict(Counter)
    right: dict[str, Counter[str]] = defaultdict(Counter)
    baseline: dict[str, Counter[str]] = defaultdict(Counter)
    for category, verdict, sig, base in results:
        verdicts[category][verdict] += 1
        if verdict != "no reuse":
            baseline[category][base] += 1
        for name, _, favours_source in sig:
            signals[category][name] += 1
            right[category][name] += favours_source
    how = "one scan of all their documents" if args.scan else "each pair judged alone"
    print(f"Direction on PAN 2013 ({len(tasks)} positive pairs, {how}, {wall:.0f} s)")
    print(f"{'category':<28}{'pairs':>7}{'correct':>9}{'wrong':>8}{'undecided':>11}"
          f"{'longer-is-original':>20}  signals: pairs where it favoured the source / voted")
    for category in CATEGORIES:
        v = verdicts.get(category)
        if not v:
            continue
        n = sum(c for k, c in v.items() if k != "no reuse")
        if not n:
            continue
        b = baseline[category]
        sig = ", ".join(f"{k} {right[category][k]}/{c}"
                        for k, c in signals[category].most_common())
        print(f"{category:<28}{n:>7}{v['correct'] / n:>9.3f}{v['wrong'] / n:>8.3f}"
              f"{v['undecided'] / n:>11.3f}{b['correct'] / n:>20.3f}  {sig}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
