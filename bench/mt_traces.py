"""How well the machine-translation traces tell translated text from original English.

Usage::

    .venv/bin/python bench/mt_traces.py [--data DIR] [--jobs N] [--limit N]

The traces (``wiretrace.forensics.mt_traces``: words left in another language, broken
sentences, fused and doubled words) are what a report's ``documents[].translation``
shows. Respelled names are left out: they need another article to compare with.
Printed, in one run, traces per 1,000 words, by kind:

1. **round trips** — PAN 2013 translation obfuscation (``04-translation-obfuscation``):
   the reused passages wiretrace aligns in each suspicious document (text sent through
   a chain of machine translations and back) against the same passages in the source
   document (the original). Also per pair: how often the translated side carries more
   traces than its original, fewer, or as many. PAN's source documents are web pages
   with their own noise (markup-fused words, lowercase sentence starts).
2. **clean English** — false traces on text nobody translated: the invented news
   articles of ``bench/data/ordinary-news/`` (written for the benchmarks), the
   Clough & Stevenson Wikipedia sources and independently written (``non``) answers,
   and MSRP's distinct newswire sentences (20 to a document).

Baseline in the same run, on the same text: the unknown-word rate, words that
wordfreq does not know as English (zipf 0), the plainest sign of garbled or foreign
text.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from wordfreq import zipf_frequency

from wiretrace.evaluation.msrp import MSRP_FILE, news_documents
from wiretrace.evaluation.pan13 import find_pan13, find_shared_data, load_pan13
from wiretrace.forensics.mt_traces import RESPELLED_NAME, find_mt_traces
from wiretrace.lexicon.wordnet import load_wordnet
from wiretrace.normalize.prepare import PreparedDoc, prepare_document
from wiretrace.pipeline import compare_prepared
from wiretrace.records import Document, Span
from wiretrace.settings import Settings

HERE = Path(__file__).resolve().parent
ORDINARY = HERE / "data" / "ordinary-news"
KINDS = ("untranslated", "broken-sentence", "fused-word", "dropped-word")
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


class Tally:
    """Traces by kind and unknown words over a body of text."""

    def __init__(self) -> None:
        self.words = 0
        self.unknown = 0
        self.traces: Counter[str] = Counter()

    def add(self, doc: PreparedDoc, spans: Sequence[Span] | None = None) -> int:
        """Count ``doc`` (only inside ``spans`` when given); return its traces there."""
        regions = spans if spans is not None else [(0, len(doc.text))]
        for s, e in regions:
            words = _WORD.findall(doc.text[s:e])
            self.words += len(words)
            self.unknown += sum(1 for w in words if zipf_frequency(w.lower(), "en") == 0)
        found = 0
        for trace in find_mt_traces(doc, load_wordnet()):
            if trace.kind == RESPELLED_NAME:
                continue
            if any(s <= trace.span[0] and trace.span[1] <= e for s, e in regions):
                self.traces[trace.kind] += 1
                found += 1
        return found

    def merge(self, other: Tally) -> None:
        self.words += other.words
        self.unknown += other.unknown
        self.traces.update(other.traces)

    def row(self, name: str) -> str:
        per = 1000 / max(1, self.words)
        kinds = "".join(f"{self.traces[k] * per:>17.2f}" for k in KINDS)
        total = sum(self.traces.values()) * per
        return (f"{name:<34}{self.words:>8}{total:>8.2f}{kinds}"
                f"{self.unknown * per:>12.1f}")


def _prepare(path: Path, name: str | None = None) -> PreparedDoc:
    text = path.read_bytes().decode("utf-8", errors="replace")
    return prepare_document(Document(name or path.name, text), load_wordnet())


def round_trip(task: tuple[str, str]) -> tuple[Tally, Tally, int] | None:
    """(translated side, original side, translated minus original traces) of one pair."""
    susp_path, src_path = task
    susp, src = _prepare(Path(susp_path)), _prepare(Path(src_path))
    result = compare_prepared(susp, src, Settings())
    if result is None:
        return None
    translated, original = Tally(), Tally()
    n_t = translated.add(susp, [p.a for p in result.passages])
    n_o = original.add(src, [p.b for p in result.passages])
    return translated, original, n_t - n_o


def clean_texts(data: Path) -> dict[str, list[Path]]:
    clough = data / "clough-stevenson"
    labels: dict[str, str] = {}
    if (clough / "file_information.csv").is_file():
        with (clough / "file_information.csv").open(encoding="utf-8") as f:
            labels = {row["File"]: row["Category"] for row in csv.DictReader(f)}
    return {
        "ordinary news (bench/data, ours)": sorted(ORDINARY.glob("*.txt")),
        "Clough Wikipedia sources": sorted(clough.glob("orig_task*.txt")),
        "Clough independent answers": sorted(
            clough / name for name, label in labels.items() if label == "non"
        ),
    }


def newswire(data: Path) -> list[PreparedDoc]:
    """MSRP's distinct sentences (real newswire), 20 to a document; empty when absent."""
    path = data / "msrp" / MSRP_FILE
    if not path.is_file():
        return []
    return [prepare_document(d, load_wordnet()) for d in news_documents(path)]


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, help="shared data folder (default ../shared/data)")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--limit", type=int, help="first N translation pairs")
    args = ap.parse_args(argv)
    data = args.data or find_shared_data()
    pan_root = (data / "pan13") if args.data else find_pan13()
    if data is None or pan_root is None or not (Path(pan_root) / "susp").is_dir():
        print("shared data (pan13, clough-stevenson) not found", file=sys.stderr)
        return 2
    start = time.perf_counter()
    pan = load_pan13(pan_root, ["04-translation-obfuscation"])
    pairs = pan.categories["04-translation-obfuscation"].pairs
    tasks = [(str(pan.susp_path(s)), str(pan.src_path(r))) for s, r in pairs[: args.limit]]
    if args.jobs > 1:
        with ProcessPoolExecutor(args.jobs) as pool:
            results = list(pool.map(round_trip, tasks, chunksize=4))
    else:
        results = [round_trip(t) for t in tasks]
    translated, original = Tally(), Tally()
    more = Counter[str]()
    for found in results:
        if found is None:
            continue
        t, o, lead = found
        translated.merge(t)
        original.merge(o)
        more["more" if lead > 0 else "fewer" if lead < 0 else "as many"] += 1
    clean = {}
    for name, paths in clean_texts(data).items():
        tally = Tally()
        for path in paths:
            tally.add(_prepare(path))
        clean[name] = tally
    news = Tally()
    for doc in newswire(data):
        news.add(doc)
    if news.words:
        clean["MSRP newswire sentences"] = news
    wall = time.perf_counter() - start

    print(f"Machine-translation traces per 1,000 words ({wall:.0f} s)")
    print(f"{'text':<34}{'words':>8}{'traces':>8}"
          + "".join(f"{k:>17}" for k in KINDS) + f"{'unknown words':>14}")
    print("Round trips (PAN 2013 translation obfuscation, aligned passages):")
    print(translated.row("  translated passages"))
    print(original.row("  their originals"))
    n = sum(more.values())
    if n:
        print(f"  per pair ({n}): the translated side has more traces in "
              f"{more['more'] / n:.0%}, fewer in {more['fewer'] / n:.0%}, "
              f"as many in {more['as many'] / n:.0%}")
    print("Clean English (nobody translated it):")
    for name, tally in clean.items():
        print(tally.row(f"  {name}"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
