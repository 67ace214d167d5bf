"""The collation of one story of 10, 25 and 50 versions, and of the PAN development stories.

Usage::

    .venv/bin/python bench/collation.py [--sizes 10,25,50] [--jobs 2] [--pan]

*Timing.* One wire story (``tests/fixtures/collation/wire.txt``, ours) picked up by N
outlets: each version keeps each paragraph with probability 0.85, one in five changes
one figure, one in four adds a paragraph of its own (a paragraph of a PAN source
document), one in ten moves a paragraph, one in five is the spun copy of the fixtures,
trimmed the same way. The whole scan runs (``--jobs``), and the collate stage's seconds
are printed beside the align stage's of the same run (the baseline: the pairwise
alignments the collation is built from), as a ratio, with the segments and versions
collated.

*PAN* (``--pan``): every source of the PAN 2013 development data reused by two or more
suspicious documents, with passage truth, scanned as one corpus per source: the share
of each truth passage inside segments its suspicious document and its source both
carry, beside the share inside the pair's own passages (the baseline).
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from wiretrace.collate import Collation  # noqa: E402
from wiretrace.evaluation.pan13 import find_pan13, load_pan13  # noqa: E402
from wiretrace.evaluation.pan_stories import measure_groups, story_groups  # noqa: E402
from wiretrace.pipeline import scan_documents  # noqa: E402
from wiretrace.records import Document  # noqa: E402
from wiretrace.settings import Settings  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "collation"


def versions(n: int, seed: int = 7) -> tuple[list[Document], set[str], set[str]]:
    """The wire story and ``n - 1`` versions of it (see the module's docstring), the ids
    of the versions that changed a figure, and of the spun ones."""
    rng = random.Random(seed)
    wire = (FIXTURES / "wire.txt").read_text("utf-8")
    spun = (FIXTURES / "spun.txt").read_text("utf-8")
    extra: list[str] = []
    pan = find_pan13()
    if pan is not None:
        for path in sorted((pan / "src").glob("*.txt"))[:200]:
            paras = [p.strip() for p in path.read_text("utf-8").split("\n\n")
                     if 300 < len(p.strip()) < 900]
            extra.extend(paras[:1])
    docs = [Document("wire", wire, date="2026-03-10")]
    changed: set[str] = set()
    spun_ids: set[str] = set()
    for k in range(1, n):
        name = f"outlet-{k:02d}"
        base = spun if rng.random() < 0.2 else wire
        if base is spun:
            spun_ids.add(name)
        paras = base.split("\n\n")
        kept = paras[:3] + [p for p in paras[3:] if rng.random() < 0.85]
        if rng.random() < 0.2:
            j = rng.randrange(3, len(kept))
            old = kept[j]
            kept[j] = re.sub(r"\d+", lambda m: str(int(m.group()) + 7), kept[j], count=1)
            if kept[j] != old:
                changed.add(name)
        if extra and rng.random() < 0.25:
            kept.insert(rng.randrange(3, len(kept) + 1), rng.choice(extra))
        if rng.random() < 0.1 and len(kept) > 5:
            j = rng.randrange(3, len(kept) - 1)
            kept.insert(len(kept) - 1, kept.pop(j))
        docs.append(Document(name, "\n\n".join(kept), date=f"2026-03-{11 + k % 9:02d}"))
    return docs, changed, spun_ids


def timing(sizes: list[int], jobs: int) -> None:
    print(f"{'versions':>8} {'pairs':>6} {'align s':>8} {'collate s':>10} {'ratio':>6} "
          f"{'segments':>8} {'collated':>8} {'scan s':>7}  figure changes found · fact "
          f"changes in versions that changed none (vs the wire, spun copies apart)")
    for n in sizes:
        docs, changed, spun_ids = versions(n)
        t0 = time.perf_counter()
        result = scan_documents(docs, Settings(), jobs=jobs)
        total = time.perf_counter() - t0
        c = next((c for c in result.collations if isinstance(c, Collation)), None)
        align, collate = result.timings["align"], result.timings["collate"]
        judged = [v for v in (c.versions if c else ())
                  if v.compared_with == "wire" and v.id not in spun_ids]
        found = sum(1 for v in judged if v.id in changed
                    and any(ch.fact == "number" for ch in v.changes))
        injected = sum(1 for v in judged if v.id in changed)
        false = sum(len(v.fact_changes) for v in judged if v.id not in changed)
        clean = sum(1 for v in judged if v.id not in changed)
        print(f"{n:>8} {len(result.forensics.pairs):>6} {align:>8.2f} {collate:>10.3f} "
              f"{collate / align:>6.3f} {len(c.segments) if c else 0:>8} "
              f"{len(c.versions) if c else 0:>8} {total:>7.1f}  {found}/{injected} · "
              f"{false} in {clean}")


def pan() -> None:
    data = find_pan13()
    if data is None:
        print("PAN 2013 data not found (../shared/data/pan13)")
        return
    corpus = load_pan13(data)
    groups = story_groups(corpus)
    t0 = time.perf_counter()
    collated, cases = measure_groups(corpus, groups)
    held = [x for x, p in cases if p >= 0.9]
    print(f"PAN stories: {len(groups)} groups, {collated} collated (the rest: fewer than "
          f"three documents share text), {len(cases)} truth passages, "
          f"{time.perf_counter() - t0:.1f} s")
    print(f"  truth inside shared segments: mean {statistics.mean(x for x, _ in cases):.3f}"
          f"  (baseline, inside the pair's passages: "
          f"{statistics.mean(p for _, p in cases):.3f})")
    print(f"  of the {len(held)} truth passages the pair's passages hold (>= 0.9): "
          f"{sum(x >= 0.9 for x in held)} held by the collation, min {min(held):.3f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="10,25,50")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--pan", action="store_true")
    args = ap.parse_args()
    timing([int(x) for x in args.sizes.split(",")], args.jobs)
    if args.pan:
        pan()


if __name__ == "__main__":
    main()
