"""The scan's stages timed for an earlier revision and the working tree at the same time,
one on each core — for a machine whose speed moves between runs.

Usage::

    .venv/bin/python bench/side_by_side.py REV [--docs 600] [--runs 3]

On a shared machine the speed of the same code moves by half between runs minutes apart
(datasketch's own rate went from 746 to 1,173 documents/s within one hour), so two
versions timed one after the other are compared with the machine as much as with each
other. Here both run at once, each in one process on one of the two cores, on the same
articles: each run's pair sees the same machine. Runs alternate which starts first.

**Baseline**: revision ``REV`` (``git worktree`` of it in a temporary folder, with a
lexicon cache of its own: tables whose code differs get different keys, and each
version would otherwise replace the other's). **Measured**: the working tree. Each
process prepares the news-sized articles of ``bench/news_corpus.py`` (not timed), scans
30 of them to load the lexicon, then times one whole in-process scan
(``scan_prepared``, forensics on): candidates, align, forensics, stories, collate.
Printed: each stage's seconds per run for both, the means and the ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def child(docs: int) -> None:
    """One timed scan in this process (whichever ``wiretrace`` is importable): one JSON line."""
    sys.path.insert(0, str(HERE))
    from news_corpus import articles, load_texts, take
    from wiretrace.engine.local import process_pool
    from wiretrace.evaluation.pan13 import find_pan13
    from wiretrace.pipeline import prepare_with_features, scan_prepared
    from wiretrace.settings import Settings

    pan13 = find_pan13()
    if pan13 is None:
        sys.exit("side_by_side: the PAN 2013 data (../shared/data/pan13) is not there")
    texts = take(articles(load_texts(pan13)), docs)
    settings = Settings()
    with process_pool(1) as run:
        prepared, features = prepare_with_features(texts, settings, run)
        scan_prepared(prepared[:30], settings, 1, mapper=run, features=features[:30])
        start = time.perf_counter()
        result = scan_prepared(prepared, settings, 1, mapper=run, features=features)
        wall = time.perf_counter() - start
    print(json.dumps({"wall": wall, "stages": result.timings}))


def _worktree(rev: str, into: Path) -> Path:
    path = into / "baseline"
    subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", "-q", str(path), rev],
                   check=True)
    return path


def _cache_copy(into: Path) -> Path:
    """A copy of the user's lexicon cache (so the baseline need not rebuild what it shares)."""
    from wiretrace.lexicon.cache import cache_root

    target = into / "cache"
    if cache_root().is_dir():
        shutil.copytree(cache_root(), target)
    else:
        target.mkdir()
    return target


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("rev", nargs="?", help="the baseline revision (git)")
    ap.add_argument("--docs", type=int, default=600)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(args.docs)
        return
    if not args.rev:
        ap.error("give the baseline revision, e.g. HEAD~3")
    me = [sys.executable, str(Path(__file__).resolve()), "--child", "--docs", str(args.docs)]
    with tempfile.TemporaryDirectory() as tmp:
        base = _worktree(args.rev, Path(tmp))
        try:
            envs = {
                "baseline": {**os.environ, "PYTHONPATH": str(base / "src"),
                             "WIRETRACE_CACHE_DIR": str(_cache_copy(Path(tmp)))},
                "now": dict(os.environ),
            }
            results: dict[str, list[dict[str, object]]] = {"baseline": [], "now": []}
            for k in range(args.runs):
                order = ["baseline", "now"] if k % 2 == 0 else ["now", "baseline"]
                procs = {name: subprocess.Popen(me, env=envs[name], stdout=subprocess.PIPE,
                                                text=True) for name in order}
                for name, proc in procs.items():
                    out, _ = proc.communicate()
                    if proc.returncode:
                        sys.exit(f"side_by_side: the {name} scan failed (exit {proc.returncode})")
                    results[name].append(json.loads(out.strip().splitlines()[-1]))
                print(f"run {k + 1}: baseline {results['baseline'][-1]['wall']:.2f} s, "
                      f"now {results['now'][-1]['wall']:.2f} s", flush=True)
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(base)],
                           check=False)
    _print(args.rev, args.docs, results)


def _print(rev: str, docs: int, results: dict[str, list[dict[str, object]]]) -> None:
    stages = list(results["now"][0]["stages"])  # type: ignore[call-overload]
    print(f"\n{docs:,} news-sized articles, one process each, side by side on two cores; "
          f"baseline {rev}")
    print(f"  {'stage':<11} {'baseline':>9} {'now':>9} {'now/baseline':>13}"
          "   runs (baseline | now)")
    for stage in [*stages, "wall"]:
        b = [float(r["wall"] if stage == "wall" else r["stages"][stage])  # type: ignore[index]
             for r in results["baseline"]]
        n = [float(r["wall"] if stage == "wall" else r["stages"][stage])  # type: ignore[index]
             for r in results["now"]]
        mb, mn = statistics.mean(b), statistics.mean(n)
        ratio = f"{mn / mb:.2f}" if mb > 0 else "–"
        print(f"  {stage:<11} {mb:>9.2f} {mn:>9.2f} {ratio:>13}   "
              f"{' '.join(f'{x:.2f}' for x in b)} | {' '.join(f'{x:.2f}' for x in n)}")


if __name__ == "__main__":
    main()
