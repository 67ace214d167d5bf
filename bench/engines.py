"""One scan, three ways to run its stages: in-process, a local process pool, Spark.

Usage::

    .venv/bin/python bench/engines.py [--docs 300] [--jobs 2] [--data DIR]

The corpus is the first ``--docs`` documents of PAN 2013 (suspicious and source
documents of the random-obfuscation pairs, in pair order), scanned as one corpus:
normalization, candidates, alignment, forensics and stories. Each engine's wall
time covers the whole scan; Spark's also includes starting the context (shown
apart). The baseline is the in-process run; every engine must return the same
pairs, evidence and stories, and the script says so.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from wiretrace.engine.local import Mapper, process_pool
from wiretrace.evaluation.pan13 import find_pan13, load_pan13
from wiretrace.pipeline import ScanResult, prepare_corpus, scan_prepared
from wiretrace.records import Document
from wiretrace.report.json_report import pair_entry
from wiretrace.settings import Settings


def corpus(root: Path, limit: int) -> list[Document]:
    pan = load_pan13(root, ["03-random-obfuscation"])
    docs: dict[str, Document] = {}
    for susp, src in pan.categories["03-random-obfuscation"].pairs:
        for name, text in ((susp, pan.susp_text(susp)), (src, pan.src_text(src))):
            if len(docs) < limit and name not in docs:
                docs[name] = Document(name, text)
    return list(docs.values())


def scan(docs: list[Document], mapper: Mapper) -> tuple[ScanResult, float]:
    settings = Settings()
    start = time.perf_counter()
    result = scan_prepared(prepare_corpus(docs, settings, mapper), settings, mapper=mapper)
    return result, time.perf_counter() - start


def same(a: ScanResult, b: ScanResult) -> bool:
    return (
        [pair_entry(p) for p in a.pairs] == [pair_entry(p) for p in b.pairs]
        and a.forensics.documents == b.forensics.documents
        and a.stories == b.stories
    )


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, help="pan13 folder (default ../shared/data/pan13)")
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--jobs", type=int, default=2, help="processes / Spark local cores")
    args = ap.parse_args(argv)
    root = args.data or find_pan13()
    if root is None or not (Path(root) / "susp").is_dir():
        print("PAN 2013 data not found", file=sys.stderr)
        return 2
    docs = corpus(Path(root), args.docs)

    baseline, t_base = scan(docs, process_pool(1))
    rows = [("in-process (baseline)", t_base, 0.0, True)]
    pooled, t_pool = scan(docs, process_pool(args.jobs))
    rows.append((f"process pool, {args.jobs} processes", t_pool, 0.0, same(baseline, pooled)))
    from wiretrace.engine.spark import spark_mapper, start_spark

    t0 = time.perf_counter()
    context = start_spark(f"local[{args.jobs}]", "wiretrace-bench")
    t_start = time.perf_counter() - t0
    try:
        remote, t_spark = scan(docs, spark_mapper(context))
    finally:
        context.stop()
    rows.append((f"Spark local[{args.jobs}]", t_spark + t_start, t_start, same(baseline, remote)))

    stats = baseline.stats
    print(f"Scan of {stats['documents']} PAN 2013 documents: {stats['candidate_pairs']} "
          f"candidate pairs, {stats['reuse_pairs']} with reuse")
    print(f"{'engine':<28}{'wall s':>8}{'of it start-up':>16}{'docs/s':>8}{'speed-up':>10}"
          f"  same result as baseline")
    for name, wall, start_up, ok in rows:
        print(f"{name:<28}{wall:>8.1f}{start_up:>16.1f}{len(docs) / wall:>8.1f}"
              f"{t_base / wall:>10.2f}  {'yes' if ok else 'NO'}")
    return 0 if all(ok for *_, ok in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
