"""What disguise-robust matching costs: pairs per second and peak memory per configuration.

Usage::

    .venv/bin/python bench/cost.py [--limit 60] [--data DIR]

Each configuration runs ``wiretrace pan`` (:func:`wiretrace.pan.run_pan`, one
process, no pool) over the first ``--limit`` pairs of every PAN 2013 category, in
a fresh Python process of its own, so its peak resident memory (``ru_maxrss``)
is its own:

* ``exact layer only`` — the sentence layer switched off: only runs of identical
  words (the baseline pipeline: what a verbatim-only aligner costs);
* ``wiretrace`` — the default: exact layer + sentence layer with WordNet synonyms;
* ``wiretrace + embeddings`` — the default plus sentence vectors from the optional
  extra (skipped, with the reason, when the extra is not installed).

Times include reading and preparing every document, and, for the embedding
configuration, loading the model once.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

CONFIGS = {
    "exact layer only": {"sentence_layer": False, "embeddings": False},
    "wiretrace": {"sentence_layer": True, "embeddings": False},
    "wiretrace + embeddings": {"sentence_layer": True, "embeddings": True},
}


def worker(name: str, limit: int, data: Path | None) -> dict[str, float | int | str]:
    """Run one configuration in this process and measure it."""
    from dataclasses import replace

    from wiretrace.evaluation.pan13 import find_pan13, load_pan13
    from wiretrace.pan import run_pan
    from wiretrace.settings import Settings

    cfg = CONFIGS[name]
    settings = Settings(embeddings=bool(cfg["embeddings"]))
    settings = replace(settings, align=replace(settings.align,
                                               sentence_layer=bool(cfg["sentence_layer"])))
    if settings.embeddings:
        from wiretrace.normalize.embeddings import load_encoder

        load_encoder()  # fails here, before timing, when the extra is missing
    root = data or find_pan13()
    pan = load_pan13(root)
    start = time.perf_counter()
    n = 0
    with tempfile.TemporaryDirectory() as tmp:
        for cat_name, cat in pan.categories.items():
            pairs_file = Path(tmp) / f"{cat_name}.pairs"
            chosen = cat.pairs[:limit]
            pairs_file.write_text("".join(f"{s} {r}\n" for s, r in chosen), "utf-8")
            outcomes, _ = run_pan(pairs_file, pan.root / "src", pan.root / "susp",
                                  Path(tmp) / "out", settings, jobs=1)
            n += len(outcomes)
    wall = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"config": name, "pairs": n, "wall_seconds": wall, "pairs_per_second": n / wall,
            "peak_rss_mib": peak_kib / 1024}


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=60, help="pairs per category (default 60)")
    ap.add_argument("--data", type=Path, help="pan13 folder (default ../shared/data/pan13)")
    ap.add_argument("--worker", choices=list(CONFIGS), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.worker, args.limit, args.data)))
        return 0
    print(f"PAN 2013, first {args.limit} pairs of each category, one process each")
    print(f"{'configuration':<26}{'pairs':>7}{'wall s':>9}{'pairs/s':>9}{'peak MiB':>10}")
    for name in CONFIGS:
        cmd = [sys.executable, __file__, "--worker", name, "--limit", str(args.limit)]
        if args.data:
            cmd += ["--data", str(args.data)]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            reason = (proc.stderr.strip().splitlines() or ["failed"])[-1]
            print(f"{name:<26}  skipped: {reason}")
            continue
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        print(f"{name:<26}{r['pairs']:>7}{r['wall_seconds']:>9.1f}{r['pairs_per_second']:>9.1f}"
              f"{r['peak_rss_mib']:>10.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
