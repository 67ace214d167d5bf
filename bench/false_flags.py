"""Both sides of the disguise detectors' trade-off: false flags on ordinary news,
catches on disguised text.

Usage::

    .venv/bin/python bench/false_flags.py [--corpus DIR] [--pairs N] [--offset K]
                                          [--jobs N] [--data DIR] [--json FILE]

**Ordinary side** — three corpora nobody spun or translated, each scanned once as
``wiretrace scan`` would:

* ``--corpus`` (default ``bench/data/ordinary-news-2/``: English news of our own, with
  press releases republished verbatim or lightly edited, wire reprints, British and
  American spellings, trade jargon, same-story pairs and unrelated articles that share
  only common names; ``labels.json`` says which pairs are ``copy``, which
  ``same-story`` and that every other pair is unrelated): articles with a spin or a
  translation score above 0.5 and above 0.2, per 100 articles; tortured phrases per
  1,000 words, every flagged phrase with its proposal, every translation trace; the
  relation of every pair of articles against its label and the kinds of their passages;
  reuse pairs with spun or translated passages; unrelated pairs that are linked or put
  in one story; copies missed; sources contradicting the dates;
* **MSRP** news sentences (``../shared/data/msrp``; real newswire from many agencies,
  paraphrases of the same news among them), 20 to an article-sized document, so that
  a threshold tuned on the first corpus is checked on another: the same flags, the
  flagged documents, and the relations and passage kinds of the reuse pairs found;
* the **PAN source documents** of the sampled pairs (web text, not disguised), scanned
  together: the same flags.

**Disguised side** — from PAN 2013 in ``../shared/data`` (skipped, with a message, when
it is absent): ``--pairs`` pairs of random obfuscation (03) and of translation (04),
spread evenly over each category's list (``--offset`` shifts the spread, for a second
sample), each pair scanned on its own (suspicious + source document), as a user would
scan a suspected copy with its source: the share of suspicious documents with spin and
translation scores above 0.5 and 0.2, and of the source documents (not disguised,
flagged when a pair's direction is wrong); passage kinds by category, as counts and as
shares of the suspicious side's characters (random obfuscation should read as ``spun``
or ``paraphrase``, translation as ``translated``); relations. A pair scanned alone goes
through the candidate stage with a corpus of two documents; some pairs that
``wiretrace compare`` (and ``wiretrace pan``) align get no candidate there, and their
relation reads ``none``.

**Baseline in the same run** — the unknown-word rate: the share of lowercase words that
wordfreq does not know as English (zipf 0; capitalised words are mostly names and are
not counted), the plainest sign of garbled or foreign text, flagged
at a fixed 5 per 1,000 words and at the threshold that flags as many disguised PAN
documents as wiretrace's scores do (any score > 0.5), so the two are compared at the
same catch rate. For pairs, an exact word-5-gram aligner
(:func:`wiretrace.evaluation.baselines.exact_ngram_align`): a pair with a passage is a
``copy``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from false_flags_figures import (
    DISGUISED,
    KINDS,
    RELATIONS,
    corpus_figures,
    disguised_figures,
    disguised_side,
    disguised_tasks,
    matched_threshold,
    pair_figures,
    scan_report,
    share,
    unknown_per_1000,
)
from wiretrace.evaluation.msrp import MSRP_FILE, news_documents
from wiretrace.evaluation.pan13 import find_pan13, find_shared_data
from wiretrace.ingest import read_paths
from wiretrace.records import Document

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "data" / "ordinary-news-2"
FIXED_UNKNOWN = 5.0
"""Baseline threshold, unknown words per 1,000 words, fixed before looking at any run."""
FLAG_ROWS = (("spin > 0.5", "spin_gt_0.5_per_100"), ("spin > 0.2", "spin_gt_0.2_per_100"),
             ("translation > 0.5", "translation_gt_0.5_per_100"),
             ("translation > 0.2", "translation_gt_0.2_per_100"),
             ("spin or translation > 0.5", "either_gt_0.5_per_100"))


def load_corpus(folder: Path) -> tuple[list[Document], dict[str, Any]]:
    files = sorted(folder.glob("*.jsonl"))
    read = read_paths(files)
    for problem in read.problems:
        print(f"corpus: {problem}", file=sys.stderr)
    labels_path = folder / "labels.json"
    labels = json.loads(labels_path.read_text("utf-8")) if labels_path.is_file() else {}
    return read.documents, labels


# ----------------------------------------------------------------------------- printing

def _table(title: str, rows: dict[str, dict[str, int]], columns: Sequence[str]) -> None:
    print(f"  {title}")
    print(f"    {'expected':<12}" + "".join(f"{c:>11}" for c in columns) + f"{'all':>8}")
    for exp, counts in rows.items():
        print(f"    {exp:<12}" + "".join(f"{counts.get(c, 0):>11}" for c in columns)
              + f"{sum(counts.values()):>8}")


def _listing(title: str, items: Sequence[Any], show: int = 60) -> None:
    print(f"  {title}: {len(items)}")
    for item in items[:show]:
        print(f"    - {item}")
    if len(items) > show:
        print(f"    … {len(items) - show} more (see --json)")


def _flags(fig: dict[str, Any], unknown: dict[str, float]) -> None:
    base = 100 * share(u >= FIXED_UNKNOWN for u in unknown.values())
    print(f"  {'per 100 articles':<44}{'wiretrace':>10}{'baseline: unknown words ≥ 5/1,000':>36}")
    for label, name in FLAG_ROWS:
        print(f"  {label:<44}{fig[name]:>10.1f}{base:>36.1f}")
    print(f"  tortured phrases per 1,000 words: {fig['tortured_per_1000_words']:.2f} "
          f"({len(fig['tortured'])} flagged); translation evidence: "
          f"{len(fig['translation_traces'])}")


def _scan(documents: Sequence[Document], jobs: int) -> tuple[dict[str, Any], float]:
    start = time.perf_counter()
    report = scan_report(documents, jobs=jobs)
    return report, time.perf_counter() - start


def ordinary_corpus(args: argparse.Namespace) -> dict[str, Any] | None:
    documents, labels = load_corpus(args.corpus)
    if not documents:
        print(f"no articles in {args.corpus}", file=sys.stderr)
        return None
    texts = {d.id: d.text for d in documents}
    report, seconds = _scan(documents, args.jobs)
    fig = corpus_figures(report, texts)
    pairs = pair_figures(report, labels, texts)
    unknown = {d: unknown_per_1000(t) for d, t in texts.items()}
    print(f"False flags on ordinary news — {args.corpus.name}: {len(documents)} articles, "
          f"{fig['words']:,} words, {len(labels.get('pairs', []))} labelled pairs "
          f"(scan {seconds:.1f} s)")
    _flags(fig, unknown)
    _listing("tortured phrases flagged (document [spin score]: phrase → proposal, found by)",
             [f"{t['document']} [{t['score']:.2f}]: '{t['text']}' → '{t['proposal']}' "
              f"({t['found_by']}, {t['confidence']:.2f})" for t in fig["tortured"]])
    _listing("translation evidence (document [translation score]: kind, detail)",
             [f"{t['document']} [{t['score']:.2f}]: {t['kind']}: {t['detail'] or t['text']}"
              for t in fig["translation_traces"]])
    _table("relation of every pair of articles, label × reported (none = not reported)",
           pairs["confusion"], RELATIONS)
    _table("passages of those pairs, label × passage kind", pairs["passage_kinds"], KINDS)
    _table("baseline: exact word-5-gram aligner (a passage = copy)",
           pairs["baseline_exact_5gram"], ("copy", "none"))
    _listing("reuse pairs with spun or translated passages",
             [f"{d['pair']} (labelled {d['expected']}): {d['relation']}, passages {d['kinds']}"
              for d in pairs["disguised_relations"]])
    _listing("pairs labelled unrelated that are linked",
             [f"{d['pair']}: {d['relation']}"
              + (f", names {d['names']}" if d["names"] else "")
              + (f", {d['quotes']} shared quotes" if d["quotes"] else "")
              + (f", passages {d['kinds']}" if d["kinds"] else "")
              for d in pairs["links_between_unrelated"]])
    _listing("pairs labelled unrelated that end up in one story", pairs["unrelated_in_one_story"])
    _listing("pairs labelled copy that were missed", pairs["missed_copies"])
    _listing("reuse pairs whose source is the later-dated article",
             [f"{d['pair']}: source {d['source']} ({d['dates']}); votes {d['votes']}"
              for d in pairs["source_later_than_other"]])
    lab = pairs["labelled_source"]
    print(f"  labelled source (press release / wire story) named: correct {lab.get('correct', 0)}, "
          f"wrong {lab.get('wrong', 0)}, undecided {lab.get('undecided', 0)}")
    for d in pairs["labelled_source_wrong"]:
        print(f"    - wrong: {d['pair']}: source {d['source']}, truth {d['truth']}; {d['votes']}")
    return {"corpus": str(args.corpus), "scan_seconds": round(seconds, 1), **fig, **pairs,
            "baseline_unknown_per_1000": unknown}


def other_corpus(name: str, documents: Sequence[Document], jobs: int) -> dict[str, Any]:
    """An unlabelled ordinary corpus: flags, and what its reuse pairs were called."""
    texts = {d.id: d.text for d in documents}
    report, seconds = _scan(documents, jobs)
    fig = corpus_figures(report, texts)
    unknown = {d: unknown_per_1000(t) for d, t in texts.items()}
    print(f"\nFalse flags on {name}: {len(documents)} documents, {fig['words']:,} words "
          f"(scan {seconds:.1f} s)")
    _flags(fig, unknown)
    print(f"  reuse pairs found: {fig['relations']}; their passages: {fig['passage_kinds']}")
    _listing("documents scoring above 0.2 (spin, translation: evidence)",
             [f"{d['document']} ({d['spin']:.2f}, {d['translation']:.2f}): {d['evidence']}"
              for d in fig["flagged"]], show=20)
    return {"scan_seconds": round(seconds, 1), **fig, "baseline_unknown_per_1000": unknown,
            "baseline_fixed_per_100": 100 * share(u >= FIXED_UNKNOWN for u in unknown.values())}


def _print_disguised(dis: dict[str, Any], seconds: float, n: int, offset: int) -> None:
    print(f"\nDisguised side — PAN 2013, {n} pairs per category spread over its list "
          f"(offset {offset}), each pair scanned alone ({seconds:.0f} s)")
    print(f"  {'':<30}" + "".join(f"{c[:2] + ' susp':>11}{c[:2] + ' src':>10}" for c in dis))
    print(f"  {'documents':<30}" + "".join(
        f"{f['suspicious_documents']:>11}{f['pairs']:>10}" for f in dis.values()))
    for what in ("spin_gt_0.5", "spin_gt_0.2", "translation_gt_0.5", "translation_gt_0.2",
                 "either_gt_0.5"):
        print(f"  {what.replace('_gt_', ' > '):<30}" + "".join(
            f"{f['suspicious_' + what]:>11.2f}{f['source_' + what]:>10.2f}"
            for f in dis.values()))
    print(f"  {'unknown words/1,000 (median)':<30}" + "".join(
        f"{f['suspicious_unknown_median']:>11.1f}{f['source_unknown_median']:>10.1f}"
        for f in dis.values()))
    print("  passage kinds by category: passages (share of the suspicious side's characters)")
    print(f"    {'category':<30}" + "".join(f"{k:>17}" for k in KINDS))
    for category, f in dis.items():
        print(f"    {category:<30}" + "".join(
            f"{f['passage_kind_counts'][k]:>8} ({f['passage_kind_share'][k]:>4.0%})"
            for k in KINDS))
    print("  relations by category (pairs)")
    print(f"    {'category':<30}" + "".join(f"{r:>11}" for r in RELATIONS))
    for category, f in dis.items():
        print(f"    {category:<30}" + "".join(f"{f['relations'].get(r, 0):>11}" for r in RELATIONS))


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS, help="folder of *.jsonl + labels.json")
    ap.add_argument("--pairs", type=int, default=60, help="PAN pairs per category")
    ap.add_argument("--offset", type=int, default=0, help="shift the spread of PAN pairs")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--data", type=Path, help="pan13 folder (default ../shared/data/pan13)")
    ap.add_argument("--json", type=Path, help="write the figures to this JSON file")
    args = ap.parse_args(argv)

    ordinary = ordinary_corpus(args)
    if ordinary is None:
        return 2
    figures: dict[str, Any] = {"ordinary": ordinary}
    shared = find_shared_data()
    msrp = shared / "msrp" / MSRP_FILE if shared else None
    if msrp is not None and msrp.is_file():
        figures["msrp"] = other_corpus("MSRP news sentences (20 to a document)",
                                       news_documents(msrp), args.jobs)
    else:
        print("\nMSRP skipped: ../shared/data/msrp not found")

    root = args.data or find_pan13()
    if root is None or not (Path(root) / "susp").is_dir():
        print("\nDisguised side skipped: PAN 2013 not found (../shared/data/pan13 or --data)")
    else:
        tasks = disguised_tasks(Path(root), args.pairs, args.offset)
        sources = {src: None for _c, _s, src, _n in tasks}
        figures["pan_sources"] = other_corpus(
            "PAN 2013 source documents of the sampled pairs (not disguised)",
            [Document(Path(p).stem, Path(p).read_bytes().decode("utf-8")) for p in sources],
            args.jobs)
        start = time.perf_counter()
        rows = disguised_side(tasks, args.jobs)
        seconds = time.perf_counter() - start
        dis = disguised_figures(rows)
        figures["disguised"] = {"pairs_per_category": args.pairs, "offset": args.offset,
                                "seconds": round(seconds, 1), **dis, "rows": rows}
        _print_disguised(dis, seconds, args.pairs, args.offset)
        _both_sides(figures, rows)
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=1) + "\n", "utf-8")
        print(f"\nFigures written to {args.json}")
    return 0


def _both_sides(figures: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    """Wiretrace and the baseline at the same catch rate on disguised documents."""
    susp = [r for r in rows if r["category"] in DISGUISED]
    catch = share(max(r["suspicious_spin"], r["suspicious_translation"]) > 0.5 for r in susp)
    threshold = matched_threshold([r["suspicious_unknown"] for r in susp], catch)
    corpora = [(name, figures[name]) for name in ("ordinary", "msrp", "pan_sources")
               if name in figures]
    base = {
        "threshold_per_1000": threshold,
        "disguised_flagged": share(r["suspicious_unknown"] >= threshold for r in susp),
        "sources_flagged": share(r["source_unknown"] >= threshold for r in susp),
        "fixed_disguised_flagged": share(r["suspicious_unknown"] >= FIXED_UNKNOWN for r in susp),
        "fixed_sources_flagged": share(r["source_unknown"] >= FIXED_UNKNOWN for r in susp),
        **{f"{name}_flagged_per_100": 100 * share(
            u >= threshold for u in fig["baseline_unknown_per_1000"].values())
           for name, fig in corpora},
    }
    figures["baseline_matched"] = base
    print("\nBoth sides at once (flagged = any score > 0.5; baseline = unknown-word rate)")
    print(f"  {'':<40}{'disguised susp':>15}{'their sources':>15}"
          + "".join(f"{name + ' /100':>18}" for name, _f in corpora))
    src = share(max(r["source_spin"], r["source_translation"]) > 0.5 for r in susp)
    print(f"  {'wiretrace':<40}{catch:>15.2f}{src:>15.2f}"
          + "".join(f"{f['either_gt_0.5_per_100']:>18.1f}" for _n, f in corpora))
    print(f"  {'baseline, same catch rate (≥ ' + format(threshold, '.1f') + '/1,000)':<40}"
          f"{base['disguised_flagged']:>15.2f}{base['sources_flagged']:>15.2f}"
          + "".join(f"{base[name + '_flagged_per_100']:>18.1f}" for name, _f in corpora))
    fixed = [100 * share(u >= FIXED_UNKNOWN for u in f["baseline_unknown_per_1000"].values())
             for _n, f in corpora]
    print(f"  {'baseline, fixed (≥ 5/1,000)':<40}{base['fixed_disguised_flagged']:>15.2f}"
          f"{base['fixed_sources_flagged']:>15.2f}" + "".join(f"{x:>18.1f}" for x in fixed))


if __name__ == "__main__":
    raise SystemExit(main())
