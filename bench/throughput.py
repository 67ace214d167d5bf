"""How fast the whole scan runs, beside datasketch MinHash+LSH on the same texts and cores.

Usage::

    .venv/bin/python bench/throughput.py [--docs 1000] [--jobs 2] [--profile FILE]
    .venv/bin/python bench/throughput.py --growth 1000 10000 100000 [--jobs 2]
    .venv/bin/python bench/throughput.py --startup

**Articles**: news-sized (2,000–3,200 characters) with real reuse among them, made from
the PAN 2013 development texts as bench/archive.py makes them (bench/news_corpus.py),
written to a JSONL file so that reading is part of what is timed.

**Whole scan** (default): ``wiretrace scan`` as it runs by default (forensics on) through
the library, ``--jobs`` worker processes, each stage timed: read (JSONL file →
documents), prepare, candidates, align (+ classify), forensics, stories, report (the
JSON report built and written). The baseline runs in the same process on the same
texts and the same number of cores: datasketch MinHash (128 permutations over word
5-grams, the signatures computed by ``--jobs`` worker processes) inserted into and
queried against a MinHashLSH index at threshold 0.5. It runs before and after the scan
and the mean is the baseline, so a machine loaded by others affects both alike; the
figure that matters is the ratio.

**Growth** (``--growth N …``): one whole scan per size, each in a fresh process: wall
time and documents/s, the main process's peak memory beyond the memory it held once
the texts were read (per article), and the largest worker's peak.

**Start-up** (``--startup``): wall time of ``wiretrace compare A B`` on two 3 KB
articles in a fresh process, and of the web service's first ``POST /check`` (a fresh
``wiretrace serve`` on loopback against a small archive), each the best of three.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from news_corpus import articles, load_texts, take
from wiretrace.engine import default_jobs, process_pool
from wiretrace.evaluation.pan13 import find_pan13
from wiretrace.pipeline import prepare_with_features, scan_prepared
from wiretrace.records import Document
from wiretrace.report.model import Report
from wiretrace.settings import Settings

_WORD = re.compile(r"\w+")


# --------------------------------------------------------------------------- baseline


def _minhash(text: str) -> Any:
    from datasketch import MinHash

    words = _WORD.findall(text.lower())
    grams = {" ".join(words[i : i + 5]).encode() for i in range(max(1, len(words) - 4))}
    m = MinHash(num_perm=128)
    m.update_batch(list(grams))
    return m.hashvalues, m.scheme


def datasketch_rate(texts: list[str], jobs: int) -> float:
    """Documents per second of MinHash (``jobs`` processes) + LSH insert and query."""
    from datasketch import MinHash, MinHashLSH

    start = time.perf_counter()
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    with ProcessPoolExecutor(jobs) as pool:
        for k, (values, scheme) in enumerate(pool.map(_minhash, texts, chunksize=64)):
            m = MinHash(num_perm=128, hashvalues=values, scheme=scheme)
            lsh.query(m)
            lsh.insert(str(k), m)
    return len(texts) / (time.perf_counter() - start)


# --------------------------------------------------------------------------- the scan


def write_jsonl(docs: list[Document], path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for d in docs:
            fh.write(json.dumps({"id": d.id, "text": d.text}, ensure_ascii=False) + "\n")


def timed_scan(path: Path, jobs: int, profile: Path | None = None,
               read: tuple[list[Document], list[Any]] | None = None) -> dict[str, Any]:
    """One whole scan of the JSONL file at ``path``, stage by stage (``read``: the file
    already read, when the caller measured memory after reading it)."""
    import wiretrace

    settings = Settings()
    times: dict[str, float] = {}
    prof = cProfile.Profile() if profile else None
    if prof:
        prof.enable()
    start = t = time.perf_counter()
    documents, problems = read if read is not None else wiretrace.read([path])
    times["read"] = time.perf_counter() - t
    mapper = process_pool(jobs)
    t = time.perf_counter()
    prepared, features = prepare_with_features(documents, settings, mapper)
    times["prepare"] = time.perf_counter() - t
    result = scan_prepared(prepared, settings, jobs, mapper=mapper, features=features,
                           dates={d.id: d.date for d in documents},
                           outlets={d.id: d.outlet for d in documents})
    times.update(result.timings)
    t = time.perf_counter()
    report = Report.of("scan", settings, documents, result.pairs, result.stories,
                       result.forensics, problems=tuple(problems), stats=result.stats,
                       boilerplate={p.id: p.boilerplate for p in result.prepared})
    with tempfile.TemporaryDirectory() as tmp:
        report.write_json(Path(tmp) / "report.json")
    times["report"] = time.perf_counter() - t
    wall = time.perf_counter() - start
    if prof:
        prof.disable()
        prof.dump_stats(str(profile))
    return {"documents": len(documents), "wall": wall, "stages": times,
            "stats": dict(result.stats)}


def cmd_scan(args: argparse.Namespace, docs: list[Document]) -> dict[str, Any]:
    texts = [d.text for d in docs]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "articles.jsonl"
        write_jsonl(docs, path)
        before = datasketch_rate(texts, args.jobs)
        ours = timed_scan(path, args.jobs, args.profile)
        after = datasketch_rate(texts, args.jobs)
    baseline = (before + after) / 2
    rate = ours["documents"] / ours["wall"]
    print(f"\nWhole scan of {ours['documents']:,} news-sized articles, --jobs {args.jobs}"
          f" ({ours['stats']['candidate_pairs']:,} candidate pairs, "
          f"{ours['stats']['reuse_pairs']:,} with reuse)")
    print(f"  {'stage':<12} {'seconds':>8} {'share':>6}")
    for stage, secs in ours["stages"].items():
        print(f"  {stage:<12} {secs:>8.2f} {secs / ours['wall']:>6.0%}")
    print(f"  {'total':<12} {ours['wall']:>8.2f}")
    print(f"\n  {'':<40} {'docs/s':>8}")
    print(f"  {'wiretrace scan (forensics on)':<40} {rate:>8.1f}")
    print(f"  {'baseline: datasketch MinHash+LSH':<40} {baseline:>8.1f}"
          f"   (before {before:.0f}, after {after:.0f})")
    print(f"  {'ratio wiretrace / datasketch':<40} {rate / baseline:>8.3f}   (target ≥ 0.1)")
    if args.profile:
        print(f"\n  profile of the main process written to {args.profile}")
        pstats.Stats(str(args.profile)).sort_stats("cumulative").print_stats(25)
    return {"scan": ours, "datasketch_docs_per_s": baseline, "ratio": rate / baseline}


# --------------------------------------------------------------------------- growth


def _growth_child(args: argparse.Namespace) -> None:
    """One size, in this fresh process: print one JSON line."""
    pan13 = args.data or find_pan13()
    docs = take(articles(load_texts(pan13)), args.child)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "articles.jsonl"
        write_jsonl(docs, path)
        texts_chars = sum(len(d.text) for d in docs)
        del docs
        import gc

        gc.collect()
        import wiretrace

        read = wiretrace.read([path])
        held = _rss()
        peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        out = timed_scan(path, args.jobs, read=read)
        del read
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    print(json.dumps({"size": args.child, "wall": out["wall"], "stages": out["stages"],
                      "texts_chars": texts_chars, "rss_after_read": held,
                      "peak_before": peak_before, "peak": peak, "worker_peak": children,
                      "stats": out["stats"]}))


def _rss() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def cmd_growth(args: argparse.Namespace) -> dict[str, Any]:
    rows = []
    for size in args.growth:
        cmd = [sys.executable, __file__, "--child", str(size), "--jobs", str(args.jobs)]
        if args.data:
            cmd += ["--data", str(args.data)]
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if done.returncode:
            sys.exit(f"growth run of {size} failed:\n{done.stderr[-3000:]}")
        row = json.loads(done.stdout.strip().splitlines()[-1])
        rows.append(row)
        extra = (row["peak"] - row["rss_after_read"]) / size
        print(f"  {size:>8,} articles: {row['wall']:8.1f} s, {size / row['wall']:7.1f} docs/s, "
              f"main process {extra / 1024:6.1f} KB/article beyond the texts "
              f"(peak {row['peak'] / 2**20:,.0f} MiB), largest worker "
              f"{row['worker_peak'] / 2**20:,.0f} MiB", flush=True)
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        growth = (last["wall"] / first["wall"]) / (last["size"] / first["size"])
        print(f"  time per article at {last['size']:,} / at {first['size']:,}: {growth:.2f} "
              "(1.00 = linear)")
        marginal = ((last["peak"] - last["rss_after_read"])
                    - (first["peak"] - first["rss_after_read"])) / (last["size"] - first["size"])
        print(f"  main process, each article beyond the first {first['size']:,}: "
              f"{marginal / 1024:.1f} KB beyond its text (target about 20)")
    return {"growth": rows}


# --------------------------------------------------------------------------- start-up


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cmd_startup(args: argparse.Namespace, docs: list[Document]) -> dict[str, Any]:
    exe = shutil.which("wiretrace", path=str(Path(sys.executable).parent)) or "wiretrace"
    a, b = next(d for d in docs if len(d.text) > 2800), docs[0]
    with tempfile.TemporaryDirectory() as tmp:
        pa, pb = Path(tmp) / "a.txt", Path(tmp) / "b.txt"
        pa.write_text(a.text, "utf-8")
        pb.write_text(a.text[:1500] + "\n\n" + b.text[:1500], "utf-8")
        compare = []
        for _ in range(3):
            t = time.perf_counter()
            subprocess.run([exe, "compare", str(pa), str(pb), "-q"], check=True)
            compare.append(time.perf_counter() - t)
        db = Path(tmp) / "a.db"
        subprocess.run([exe, "index", "add", str(db), str(pa), "-q"], check=True)
        first_check = []
        for _ in range(3):
            port = _free_port()
            server = subprocess.Popen([exe, "serve", str(db), "--port", str(port), "-q"],
                                      stderr=subprocess.DEVNULL)
            try:
                _wait(f"http://127.0.0.1:{port}/health")
                body = json.dumps({"text": pb.read_text("utf-8")}).encode()
                req = urllib.request.Request(f"http://127.0.0.1:{port}/check", data=body,
                                             headers={"Content-Type": "application/json"})
                t = time.perf_counter()
                with urllib.request.urlopen(req, timeout=60) as resp:
                    resp.read()
                first_check.append(time.perf_counter() - t)
            finally:
                server.terminate()
                server.wait(10)
    print(f"\nStart-up (best of 3): wiretrace compare of two 3 KB articles "
          f"{min(compare):.2f} s wall (target < 1.5 s); the service's first POST /check "
          f"{min(first_check):.2f} s (target < 1 s)")
    return {"compare_s": compare, "first_check_s": first_check}


def _wait(url: str, seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{url} did not answer")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--jobs", type=int, default=min(2, default_jobs()))
    ap.add_argument("--growth", type=int, nargs="+", metavar="N")
    ap.add_argument("--startup", action="store_true")
    ap.add_argument("--profile", type=Path, help="profile the whole scan's main process")
    ap.add_argument("--data", type=Path, help="the pan13 folder (default ../shared/data)")
    ap.add_argument("--json", type=Path, help="write the figures here")
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        _growth_child(args)
        return 0
    pan13 = args.data or find_pan13()
    if pan13 is None or not (pan13 / "src").is_dir():
        print("bench/throughput.py: ../shared/data/pan13 not found (use --data)",
              file=sys.stderr)
        return 2
    results: dict[str, Any] = {}
    if args.growth:
        print("Cost as the corpus grows (each size in a fresh process)")
        results.update(cmd_growth(args))
    else:
        docs = take(articles(load_texts(pan13)), args.docs)
        print(f"{len(docs):,} articles, mean "
              f"{statistics.mean(len(d.text) for d in docs):,.0f} characters")
        if args.startup:
            results.update(cmd_startup(args, docs))
        else:
            results.update(cmd_scan(args, docs))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
