"""Stories at corpus scale: do same-story links chain unrelated subjects into one blob?

Usage::

    .venv/bin/python bench/stories.py [--docs 1000] [--jobs 2] [--data DIR]

The corpus is the first ``--docs`` PAN 2013 documents, half source and half
suspicious files in name order: web pages and news on a few hundred unrelated
subjects, the kind of mixed corpus a user scans. The whole scan runs (alignment,
forensics, same-story links, stories). Printed: the reuse pairs and same-story
links, the names the links most often rest on, and the stories — how many, the
largest, and how many of the linked documents the largest holds.

Baseline in the same run: connected components over the same pairs (what story
grouping was before average linkage: any chain of links makes one story).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from wiretrace.evaluation.pan13 import find_pan13
from wiretrace.ingest import read_paths
from wiretrace.pipeline import scan_documents
from wiretrace.stories import Link


def components(pairs: Sequence[Link]) -> list[set[str]]:
    adj: dict[str, set[str]] = {}
    for p in pairs:
        adj.setdefault(p.a, set()).add(p.b)
        adj.setdefault(p.b, set()).add(p.a)
    seen: set[str] = set()
    out = []
    for start in adj:
        if start in seen:
            continue
        comp, todo = {start}, [start]
        seen.add(start)
        while todo:
            for m in adj[todo.pop()]:
                if m not in seen:
                    seen.add(m)
                    comp.add(m)
                    todo.append(m)
        out.append(comp)
    return out


def describe(name: str, groups: Sequence[set[str] | list[str]]) -> str:
    sizes = sorted((len(g) for g in groups), reverse=True)
    linked = sum(sizes)
    largest = sizes[0] if sizes else 0
    return (f"{name:<34}{len(sizes):>8}{largest:>9}{largest / max(1, linked):>10.1%}"
            f"{linked:>9}   next: {', '.join(map(str, sizes[1:6]))}")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, help="pan13 folder (default ../shared/data/pan13)")
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args(argv)
    root = args.data or find_pan13()
    if root is None or not (Path(root) / "susp").is_dir():
        print("PAN 2013 data not found", file=sys.stderr)
        return 2
    half = args.docs // 2
    files = (sorted((Path(root) / "src").glob("*.txt"))[:half]
             + sorted((Path(root) / "susp").glob("*.txt"))[: args.docs - half])
    docs = read_paths(files).documents
    start = time.perf_counter()
    result = scan_documents(docs, jobs=args.jobs)
    wall = time.perf_counter() - start
    reuse = [p for p in result.pairs if p.relation != "same-story"]
    same = [p for p in result.pairs if p.relation == "same-story"]
    print(f"Stories in {len(docs):,} PAN 2013 documents (scan {wall:.0f} s)")
    print(f"  reuse pairs {len(reuse):,}, same-story links {len(same):,} "
          f"({sum(1 for p in same if p.shared_quotes)} with a shared "
          "quotation)")
    names = Counter(n for p in same for n in p.shared_names)
    print("  names most links rest on: "
          + ", ".join(f"{n} ({c})" for n, c in names.most_common(8)))
    print(f"{'grouping':<34}{'stories':>8}{'largest':>9}{'share':>10}{'linked':>9}")
    print(describe("wiretrace (average linkage)", [s.documents for s in result.stories]))
    print(describe("baseline: connected components", components(result.pairs)))
    print(describe("reuse links only, components", components(reuse)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
