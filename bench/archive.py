"""Benchmark the archive: ``index add`` throughput, ``check`` latency as the archive grows,
database size per article, against a full scan of archive + 1 article.

Usage::

    .venv/bin/python bench/archive.py [--sizes 1000 10000 100000] [--checks 20]
                                      [--baseline-max 10000] [--jobs N] [--cache DIR]
                                      [--json FILE]

**Articles.** Made from the PAN 2013 development texts (``../shared/data/pan13``,
``susp/`` and ``src/``, 1,808 essays and web texts, 15 MB): each text is split into
sentences, sentences are grouped into paragraphs of 2–5 sentences, and paragraphs into
articles of 2,000–3,200 characters (a random target per article; mean ~2,500, 3–6
paragraphs). Texts are taken in an order that puts each suspicious text right after
the source texts it reuses. That gives ~5,500 articles per pass ("round"). More
rounds start the chunking at a different sentence offset and,
so that round *r* is not just a re-chunked copy of round 0 (which would make every
article a partial copy of ~2·*r* others and turn every check into dozens of
alignments), pass every word of four or more letters through a vocabulary
permutation of round *r*: words are shuffled among the words of the same Zipf
frequency band (half-Zipf steps, wordfreq), case kept. The text stays English-shaped
(function words, sentence lengths, the frequency profile that sets document
frequencies) but round *r* shares no content words with round 0 at the same place.
Reuse inside a round is the PAN reuse (suspicious texts quote source texts).

**What is timed** (one process; ``--jobs`` worker processes prepare articles). The
forensics stage (direction, disguise evidence, same-story links) is off for the
check and the baseline scan alike, so that the figures show what the archive
changes; ``check with forensics`` times ``check`` with the default settings on
``--forensics-checks`` articles, each on its own (as ``wiretrace check`` runs) and then
again with one :class:`~wiretrace.archive.WeightMemo` kept between them (as the service
runs checks: each archived partner's total weight read from its postings once while the
archive is unchanged; the memo starts empty, so its series includes the warm-up).

* ``index add``: :meth:`Archive.add` on documents already in memory (file reading
  excluded), in steps of 2,000 articles, one transaction per 500 articles (the default);
* ``check``: :func:`check_documents` of one new article against the open archive
  (the ``--checks`` articles that come next in the generated stream, so they reuse
  archived ones as often as the stream does); median and 90th percentile, plus one
  cold run (open the file + check);
* baseline ``scan``: :func:`wiretrace.pipeline.scan_documents` over archive + 1 article —
  what checking that article costs without an archive (for sizes ≤ ``--baseline-max``).
  At the smallest size the check's pairs are compared with the scan's.

The archive is built incrementally and cached under ``--cache`` (default: a folder in
the system temp dir), so a later run with larger sizes resumes where it stopped
(``index add`` is crash-consistent, so an interrupted build resumes too).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from news_corpus import articles, load_texts, take
from wiretrace.archive import Archive, WeightMemo, check_documents
from wiretrace.engine.local import default_jobs
from wiretrace.evaluation.pan13 import find_pan13
from wiretrace.pipeline import scan_documents
from wiretrace.settings import Settings

ADD_STEP = 2000


def checkpoint(archive: Archive) -> None:
    archive.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def pair_keys(pairs: list[Any]) -> list[tuple[str, str, str, str]]:
    return sorted((p.a, p.b, json.dumps([(q.a, q.b, q.kind, round(q.score, 4))
                                         for q in p.passages]), p.relation) for p in pairs)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--checks", type=int, default=20, help="articles checked per size")
    ap.add_argument("--forensics-checks", type=int, default=5,
                    help="articles checked with the forensics stage on (default settings)")
    ap.add_argument("--baseline-max", type=int, default=10000,
                    help="largest size at which the full-scan baseline runs")
    ap.add_argument("--jobs", type=int, default=default_jobs())
    ap.add_argument("--cache", type=Path,
                    default=Path(tempfile.gettempdir()) / "wiretrace-bench-archive")
    ap.add_argument("--data", type=Path, default=None, help="the pan13 folder")
    ap.add_argument("--json", type=Path, default=None, help="write the figures here")
    args = ap.parse_args(argv)
    pan13 = args.data or find_pan13()
    if pan13 is None or not (pan13 / "src").is_dir():
        print("bench/archive.py: ../shared/data/pan13 not found (use --data)", file=sys.stderr)
        return 2
    sizes = sorted(set(args.sizes))
    args.cache.mkdir(parents=True, exist_ok=True)
    db = args.cache / "archive.db"
    log_path = args.cache / "add-timings.json"
    add_log: list[dict[str, float]] = (
        json.loads(log_path.read_text()) if log_path.exists() else []
    )
    print(f"archive cache: {db}", flush=True)
    t0 = time.perf_counter()
    texts = load_texts(pan13)
    gen = articles(texts)
    needed = sizes[-1] + args.checks
    docs = take(gen, needed)
    print(f"made {len(docs):,} articles in {time.perf_counter() - t0:.1f}s "
          f"(mean {statistics.mean(len(d.text) for d in docs):,.0f} chars)", flush=True)
    results: list[dict[str, Any]] = []
    archive = Archive.open(db, create=True, settings=Settings())
    # The archive's own cost (candidates from the database + alignment) is timed with the
    # forensics stage off, for check and baseline scan alike; check with the default
    # settings (forensics on, as `wiretrace check` runs) is timed separately.
    full = archive.settings_for(Settings())
    settings = full.replace(**{"forensics.enabled": False})
    try:
        for size in sizes:
            have = archive.count()
            if have > size:
                print(f"cache holds {have:,} articles > {size:,}; skipping size {size:,} "
                      f"(use another --cache)", flush=True)
                continue
            # --- grow the archive to `size`, timing index add ---------------------------
            while have < size:
                step = docs[have : min(size, have + ADD_STEP)]
                start = time.perf_counter()
                archive.add(step, jobs=args.jobs)
                secs = time.perf_counter() - start
                add_log.append({"from": have, "articles": len(step), "seconds": secs})
                log_path.write_text(json.dumps(add_log))
                have = archive.count()
                print(f"  index add: {have:,}/{size:,} articles "
                      f"({len(step) / secs:,.0f} articles/s)", flush=True)
            checkpoint(archive)
            stats = archive.stats()
            window = [e for e in add_log if e["from"] < size]
            add_rate = (sum(e["articles"] for e in window) / sum(e["seconds"] for e in window)
                        if window else float("nan"))
            last_rate = (window[-1]["articles"] / window[-1]["seconds"]
                         if window else float("nan"))
            # --- check latency ----------------------------------------------------------
            probes = docs[size : size + args.checks]  # the next articles to arrive
            cold_start = time.perf_counter()
            with Archive.open(db) as fresh:
                check_documents(fresh, [probes[0]], settings)
            cold = time.perf_counter() - cold_start
            times, cands, found, exact = [], [], [], []
            for doc in probes:
                start = time.perf_counter()
                res = check_documents(archive, [doc], settings)
                times.append(time.perf_counter() - start)
                cands.append(len(res.candidates))
                found.append(len(res.pairs))
                exact.append(res.exact_totals)
            times.sort()
            full_times, memo_times = [], []
            for doc in probes[: args.forensics_checks]:
                start = time.perf_counter()
                check_documents(archive, [doc], full)
                full_times.append(time.perf_counter() - start)
            memo = WeightMemo()  # as the service checks: partners' weights read once
            for doc in probes[: args.forensics_checks]:
                start = time.perf_counter()
                check_documents(archive, [doc], full, weights=memo)
                memo_times.append(time.perf_counter() - start)
            memo_times.sort()
            row: dict[str, Any] = {
                "archive_articles": size,
                "add_articles_per_s": round(add_rate, 1),
                "add_last_step_articles_per_s": round(last_rate, 1),
                "bytes_on_disk": stats["bytes_on_disk"],
                "bytes_per_article": stats["bytes_per_document"],
                "features": stats["features"],
                "postings": stats["postings"],
                "check_median_s": round(statistics.median(times), 4),
                "check_p90_s": round(times[int(0.9 * (len(times) - 1))], 4),
                "check_cold_s": round(cold, 4),
                "check_candidates_mean": round(statistics.mean(cands), 2),
                "check_pairs_mean": round(statistics.mean(found), 2),
                "check_exact_totals_mean": round(statistics.mean(exact), 2),
                "check_with_forensics_median_s": (
                    round(statistics.median(full_times), 4) if full_times else None),
                "check_with_forensics_memo_median_s": (
                    round(statistics.median(memo_times), 4) if memo_times else None),
                "check_with_forensics_memo_p99_s": (
                    round(memo_times[int(0.99 * (len(memo_times) - 1))], 4)
                    if memo_times else None),
            }
            print(f"size {size:,}: add {add_rate:,.0f} articles/s · "
                  f"{stats['bytes_per_document']:,} bytes/article · check median "
                  f"{row['check_median_s'] * 1000:,.0f} ms, p90 "
                  f"{row['check_p90_s'] * 1000:,.0f} ms, cold {cold * 1000:,.0f} ms "
                  f"({row['check_candidates_mean']} candidates, "
                  f"{row['check_pairs_mean']} pairs per check); with forensics "
                  + (f"{row['check_with_forensics_median_s'] * 1000:,.0f} ms, "
                     f"{row['check_with_forensics_memo_median_s'] * 1000:,.0f} ms with the "
                     "weights kept between checks (as the service does)"
                     if full_times else "not run"), flush=True)
            # --- baseline: full scan of archive + 1 article --------------------------------
            if size <= args.baseline_max:
                corpus = [*archive.documents(), probes[0]]
                start = time.perf_counter()
                scan = scan_documents(corpus, settings, jobs=args.jobs)
                row["scan_baseline_s"] = round(time.perf_counter() - start, 2)
                row["scan_candidate_pairs"] = scan.stats["candidate_pairs"]
                mine = check_documents(archive, [probes[0]], settings)
                same = pair_keys(mine.pairs) == pair_keys(
                    [p for p in scan.pairs if probes[0].id in (p.a, p.b)])
                row["check_equals_scan"] = same
                print(f"  baseline scan of {size + 1:,} articles: {row['scan_baseline_s']:,}s "
                      f"({scan.stats['candidate_pairs']:,} candidate pairs); check equals "
                      f"scan for that article: {same}", flush=True)
            results.append(row)
    finally:
        archive.close()
    print("\n| archive | add (articles/s) | bytes/article | check median | check p90 | "
          "cold check | candidates/check | check with forensics | full scan (baseline) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in results:
        base = f"{r['scan_baseline_s']:,} s" if "scan_baseline_s" in r else "–"
        fx = r["check_with_forensics_median_s"]
        fx_text = f"{fx * 1000:,.0f} ms" if fx is not None else "–"
        print(f"| {r['archive_articles']:,} | {r['add_articles_per_s']:,.0f} | "
              f"{r['bytes_per_article']:,} | {r['check_median_s'] * 1000:,.0f} ms | "
              f"{r['check_p90_s'] * 1000:,.0f} ms | {r['check_cold_s'] * 1000:,.0f} ms | "
              f"{r['check_candidates_mean']} | {fx_text} | {base} |")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
