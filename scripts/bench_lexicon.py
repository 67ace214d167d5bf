"""Start-up cost of the WordNet lexicon, and the speed of the lookups that use it.

Usage::

    .venv/bin/python scripts/bench_lexicon.py [--files LIST] [--repeat N] [--loads N]

Printed, each load step in a fresh interpreter (so nothing is cached in the process;
the operating system's file cache is warm after the first run):

1. **load** — milliseconds (wall and CPU time: the machine may be shared) to import the
   lexicon modules, ``load_wordnet()``, ``expression_index()``, the fused-word prefixes
   of ``mt_traces`` (their sum: "ready"); then the first ``members()`` lookup, the first
   read of the expression index's tables ("index tables"), and the sum of all;
2. **scan** — with everything loaded: seconds to prepare the documents of ``--files``
   (a text file listing paths, one a line) with WordNet synonyms, then to run the
   tortured-phrase detector and the machine-translation traces over them (``--repeat``
   times; the expression index's memo cleared before each round, so each round does
   the same work).

Baseline: none in the same run; compare two checkouts by running the script in each.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

_LOAD = r"""
import json, time
clock = time.process_time if CPU else time.perf_counter
t0 = clock()
import wiretrace.classify.mt_traces as mt
from wiretrace.lexicon.expressions import expression_index
from wiretrace.lexicon.wordnet import load_wordnet
t1 = clock()
wn = load_wordnet()
t2 = clock()
index = expression_index(wn)
t3 = clock()
prefixes = mt._prefixes(str(wn.root))
t4 = clock()
wn.members("n02084071")
t5 = clock()
# First use of every table the tortured-phrase detector reads (decoded on first use
# from compiled tables; built above by the text reader).
index.expressions, index.members, index.glosses.has_ngram(["cold", "war"])
t6 = clock()
print(json.dumps({"import": t1 - t0, "load_wordnet": t2 - t1, "expression_index": t3 - t2,
                  "prefixes": t4 - t3, "members": t5 - t4, "ready": t4 - t1,
                  "index tables": t6 - t5, "everything": t6 - t1,
                  "n_prefixes": len(prefixes)}))
"""


def load_times(cpu: bool) -> dict[str, float]:
    code = f"CPU = {cpu}\n{_LOAD}"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout)


def scan_times(files: list[Path], repeat: int) -> dict[str, float]:
    from wiretrace.classify.mt_traces import find_mt_traces
    from wiretrace.classify.tortured import find_tortured_phrases
    from wiretrace.lexicon.expressions import expression_index
    from wiretrace.lexicon.wordnet import load_wordnet
    from wiretrace.normalize.prepare import prepare_document
    from wiretrace.records import Document

    wn = load_wordnet()
    index = expression_index(wn)
    find_mt_traces(prepare_document(Document("warm", "Warm up the lexicon."), wn))
    docs = [Document(p.stem, p.read_text(encoding="utf-8", errors="replace")) for p in files]
    t0 = time.perf_counter()
    prepared = [prepare_document(d, wn) for d in docs]
    t1 = time.perf_counter()
    found = 0
    best = best_cpu = float("inf")
    for _ in range(repeat):
        index.memo.clear()
        start, start_cpu = time.perf_counter(), time.process_time()
        found = 0
        for doc in prepared:
            found += len(find_tortured_phrases(doc, wn))
            found += len(find_mt_traces(doc))
        best = min(best, time.perf_counter() - start)
        best_cpu = min(best_cpu, time.process_time() - start_cpu)
    return {"prepare": t1 - t0, "detect": best, "detect_cpu": best_cpu, "found": found,
            "documents": len(docs)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=Path, help="a file listing documents, one a line")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--loads", type=int, default=3, help="fresh processes for the load")
    args = parser.parse_args()
    for cpu in (False, True):
        runs = [load_times(cpu) for _ in range(args.loads)]
        clock = "CPU time" if cpu else "wall time"
        print(f"load ({clock}, ms, best of {len(runs)} fresh processes):")
        for key in ("import", "load_wordnet", "expression_index", "prefixes", "ready",
                    "members", "index tables", "everything"):
            print(f"  {key:17s} {1000 * min(r[key] for r in runs):9.1f}")
    print(f"  prefixes found    {runs[0]['n_prefixes']}")
    if args.files:
        base = args.files.parent
        files = []
        for line in args.files.read_text().split():
            path = Path(line)
            files.append(path if path.is_absolute() else base / path)
        scan = scan_times(files, args.repeat)
        print(f"scan ({scan['documents']} documents):")
        print(f"  prepare (synsets) {scan['prepare']:8.2f} s")
        print(f"  detect (best of {args.repeat}) {scan['detect']:6.2f} s wall, "
              f"{scan['detect_cpu']:.2f} s CPU, {scan['found']} finds")


if __name__ == "__main__":
    main()
