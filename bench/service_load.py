"""The web service under load: ``POST /check`` from concurrent clients on loopback.

Usage::

    .venv/bin/python bench/service_load.py [--size 10000] [--clients 8] [--requests 400]
                                           [--seconds 300] [--workers 1] [--checks N]
                                           [--queue 16] [--time-limit 30] [--cache DIR]
                                           [--json FILE]

**Archive.** The first ``--size`` articles of the stream ``bench/archive.py`` makes from
the PAN 2013 development texts (news-sized, ~2,500 characters, with PAN's reuse among
them), in the same cache (``--cache``, default the one ``bench/archive.py`` uses; built
or extended here when it holds fewer). The checked articles are the 40 that come next
in the stream, so they reuse archived ones as often as the stream does.

**Load.** ``wiretrace serve`` is started as a separate process (``--workers`` check
processes fed from one queue, ``--checks`` checks at once, ``--queue`` waiting,
``--time-limit``),
and ``--clients`` threads each send ``POST /check`` requests one after the other (a
fresh connection each) until ``--requests`` in all have been answered or ``--seconds``
have passed — bounded in count and time. Printed: answered requests per second, the
latency's median, 90th and 99th percentile, the answers by status (429: refused while
busy; 503: stopped at the time limit), and the server's memory (resident, summed over
its processes) before and after.

**Baseline in the same run**: the same checks called in this process one after the
other (``check_documents`` on the open archive, forensics on, with one
:class:`~wiretrace.archive.WeightMemo` kept between them, as the service runs them) —
checks per second without HTTP, threads or concurrency. The ratio says what
the service adds or loses on this machine's cores.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from news_corpus import articles, load_texts, take
from wiretrace.archive import Archive, WeightMemo, check_documents
from wiretrace.evaluation.pan13 import find_shared_data

CHECKED = 40


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _rss_kb(pid: int) -> int:
    """Resident memory of ``pid`` and its descendants (KB): the server process and its
    check processes."""
    total = 0
    pids, k = [pid], 0
    while k < len(pids):  # children of every thread, then theirs
        for children in Path(f"/proc/{pids[k]}/task").glob("*/children"):
            try:
                pids += [int(x) for x in children.read_text(encoding="ascii").split()]
            except FileNotFoundError:
                continue
        k += 1
    for p in pids:
        try:
            with open(f"/proc/{p}/status", encoding="ascii") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except FileNotFoundError:
            continue
    return total


def _archive(cache: Path, size: int, distinct: int = CHECKED) -> tuple[Path, list[Any]]:
    pan13 = find_shared_data() / "pan13"
    stream = take(articles(load_texts(pan13)), size + max(distinct, CHECKED))
    cache.mkdir(parents=True, exist_ok=True)
    db = cache / "archive.db"
    with Archive.open(db, create=True) as archive:
        have = archive.count()
        if have < size:
            print(f"building the archive: articles {have:,} to {size:,} …", flush=True)
            archive.add(stream[have:size])
    return db, stream[size:]


def _post(port: int, body: bytes, timeout: float) -> tuple[int, float]:
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("POST", "/check", body=body, headers={"Content-Type": "application/json"})
        resp = conn.getresponse()
        resp.read()
        return resp.status, time.perf_counter() - start
    except OSError:
        return 0, time.perf_counter() - start
    finally:
        conn.close()


def _wait_up(port: int, proc: subprocess.Popen[bytes], seconds: float = 120) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise SystemExit("the server exited: " + (proc.stderr.read().decode()
                                                      if proc.stderr else ""))
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/health")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not start")


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=10_000)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--requests", type=int, default=400)
    ap.add_argument("--seconds", type=float, default=300.0)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--checks", type=int, default=None,
                    help="checks at once (the server's default: 2, or one per --workers)")
    ap.add_argument("--queue", type=int, default=16)
    ap.add_argument("--time-limit", type=float, default=30.0)
    ap.add_argument("--cache", type=Path,
                    default=Path(tempfile.gettempdir()) / "wiretrace-bench-archive")
    ap.add_argument("--distinct", type=int, default=CHECKED,
                    help="different articles the clients send, in turn (default 40)")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)

    db, checked = _archive(args.cache, args.size, args.distinct)
    bodies = [json.dumps({"text": d.text, "title": d.title or ""}).encode() for d in checked]

    # Baseline: the same checks in this process, one after the other.
    with Archive.open(db, readonly=True) as archive:
        weights = WeightMemo()  # as the service keeps one
        check_documents(archive, checked[:1], weights=weights)  # warm: lexicon, memos
        t = time.perf_counter()
        for d in checked[:CHECKED]:
            check_documents(archive, [d], weights=weights)
        direct = CHECKED / (time.perf_counter() - t)

    port = _free_port()
    cmd = [sys.executable, "-m", "wiretrace", "serve", str(db), "--port", str(port), "-q",
           "--workers", str(args.workers),
           *(["--checks", str(args.checks)] if args.checks else []),
           "--queue", str(args.queue), "--time-limit", str(args.time_limit)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ, "WIRETRACE_TOKEN": ""})
    results: list[tuple[int, float]] = []
    lock = threading.Lock()
    try:
        _wait_up(port, proc)
        _post(port, bodies[0], 120)  # each process loads its lexicon on first use
        rss_before = _rss_kb(proc.pid)
        end = time.monotonic() + args.seconds
        sent = iter(range(args.requests))

        def client() -> None:
            while time.monotonic() < end:
                with lock:
                    k = next(sent, None)
                if k is None:
                    return
                got = _post(port, bodies[k % len(bodies)], args.time_limit + 60)
                with lock:
                    results.append(got)

        samples: list[tuple[int, float]] = [(0, rss_before / 1024)]
        step = max(50, args.requests // 20)

        def sampler() -> None:  # resident memory every `step` answers
            mark = step
            while any(th.is_alive() for th in threads):
                if len(results) >= mark:
                    samples.append((len(results), _rss_kb(proc.pid) / 1024))
                    mark += step
                time.sleep(0.2)

        t = time.perf_counter()
        threads = [threading.Thread(target=client) for _ in range(args.clients)]
        for th in threads:
            th.start()
        watch = threading.Thread(target=sampler)
        watch.start()
        for th in threads:
            th.join()
        watch.join()
        wall = time.perf_counter() - t
        rss_after = _rss_kb(proc.pid)
    finally:
        proc.terminate()
        proc.wait(30)

    ok = [s for st, s in results if st == 200]
    by_status: dict[str, int] = {}
    for st, _s in results:
        by_status[str(st)] = by_status.get(str(st), 0) + 1
    served = len(ok) / wall if wall else 0.0
    figures = {
        "archive_articles": args.size, "clients": args.clients, "requests": len(results),
        "workers": args.workers, "checks": args.checks, "queue": args.queue,
        "seconds": round(wall, 2), "ok_per_second": round(served, 2),
        "p50_s": round(_percentile(ok, 0.5), 3), "p90_s": round(_percentile(ok, 0.9), 3),
        "p99_s": round(_percentile(ok, 0.99), 3), "by_status": by_status,
        "server_rss_mib": [round(rss_before / 1024, 1), round(rss_after / 1024, 1)],
        "baseline_direct_checks_per_second": round(direct, 2),
        "distinct_articles": len(checked),
        "server_rss_mib_by_answers": [[n, round(m, 1)] for n, m in samples],
    }
    print(f"\nPOST /check of news-sized articles against a {args.size:,}-article archive: "
          f"{args.clients} clients, {len(results)} requests in {wall:.1f} s "
          f"({args.workers} check process(es), checks at once: {args.checks or 'default'}, "
          f"queue "
          f"{args.queue})")
    print(f"  {'answered 200 per second':<44}{served:>10.2f}")
    print(f"  {'baseline: the same checks in-process, serial':<44}{direct:>10.2f}")
    print(f"  {'ratio service / in-process':<44}{served / direct if direct else 0:>10.2f}")
    print(f"  latency of 200 answers: median {figures['p50_s']:.3f} s, 90th "
          f"{figures['p90_s']:.3f} s, 99th {figures['p99_s']:.3f} s")
    print(f"  answers by status: {by_status}")
    print(f"  server memory (resident): {figures['server_rss_mib'][0]:.0f} MiB before, "
          f"{figures['server_rss_mib'][1]:.0f} MiB after")
    half = [(n, m) for n, m in samples if n >= len(results) // 2]
    if len(half) > 1:
        (n0, m0), (n1, m1) = half[0], half[-1]
        per_k = (m1 - m0) / max(1, n1 - n0) * 1000
        print("  memory by answers: " + ", ".join(f"{n}: {m:.0f}" for n, m in samples))
        print(f"  growth over the second half: {per_k:+.1f} MiB per 1,000 answers")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
