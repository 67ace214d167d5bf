"""Both sides of the disguise detectors' trade-off: false flags on ordinary news, catches
on disguised text.

Usage::

    .venv/bin/python bench/false_flags.py [--corpus DIR] [--pairs N] [--jobs N]
                                          [--data DIR] [--json FILE]

**Ordinary side** — the corpus (default ``bench/data/ordinary-news-2/``: English news
of our own that nobody spun or translated, with press releases republished verbatim or
lightly edited, wire reprints, British and American spellings, trade jargon, same-story
pairs and unrelated articles that share only common names; ``labels.json`` says which
pairs are ``copy``, which ``same-story`` and that every other pair is unrelated) is
scanned once, as ``wiretrace scan`` would, and the report is read:

* articles with a spin or a translation score above 0.5 and above 0.2, per 100 articles;
* tortured phrases per 1,000 words, and every flagged phrase with its proposal, and every
  translation trace, so that a reader sees what fires;
* the relation of every pair of articles against its label (expected ``copy`` /
  ``same-story`` / unrelated × reported relation, ``none`` when the pair is not reported);
  reuse pairs called ``spun`` or ``translated`` with their passage kinds; pairs labelled
  unrelated that are linked (same-story links with the names they rest on, reuse pairs)
  or put in one story; pairs labelled ``copy`` that were missed;
* direction: reuse pairs whose ``source`` is the later-dated article, and labelled
  sources (a press release or a wire story) named correctly, wrongly or not at all.

**Disguised side** — from PAN 2013 in ``../shared/data`` (skipped, with a message, when
it is absent): the first ``--pairs`` pairs of random obfuscation (03) and translation
(04), each pair scanned on its own (suspicious + source document), as a user would
scan a suspected copy with its source: the share of suspicious documents with spin and
translation scores above 0.5 and 0.2, the passage kinds found, and the same scores of
the source documents (not disguised, but PAN web text). A pair scanned alone goes
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
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from itertools import combinations
from pathlib import Path
from typing import Any

from wordfreq import zipf_frequency

import wiretrace
from wiretrace.evaluation.baselines import exact_ngram_align
from wiretrace.evaluation.pan13 import find_pan13, load_pan13
from wiretrace.ingest import read_paths
from wiretrace.records import Document
from wiretrace.settings import Settings

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "data" / "ordinary-news-2"
DISGUISED = ("03-random-obfuscation", "04-translation-obfuscation")
RELATIONS = ("duplicate", "copy", "spun", "translated", "paraphrase", "same-story", "none")
EXPECTED = ("copy", "same-story", "unrelated")
KINDS = ("verbatim", "edited", "spun", "translated", "paraphrase")
FIXED_UNKNOWN = 5.0
"""Baseline threshold, unknown words per 1,000 words, fixed before looking at any run."""
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


# ----------------------------------------------------------------------------- helpers

def scan_report(documents: Sequence[Document], jobs: int = 1) -> dict[str, Any]:
    """The scan's report as ``wiretrace scan --json`` writes it (without the texts)."""
    return wiretrace.scan(list(documents), Settings(), jobs=jobs).to_dict()


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def unknown_per_1000(text: str) -> float:
    """Lowercase words wordfreq does not know as English, per 1,000 words: the baseline.

    Capitalised words are left out of the count (not of the total): they are mostly
    names, which wordfreq does not know either, and news is full of them."""
    words = _WORD.findall(text)
    if not words:
        return 0.0
    unknown = sum(1 for w in words if w.islower() and zipf_frequency(w, "en") == 0)
    return 1000 * unknown / len(words)


def share(flags: Iterable[bool]) -> float:
    values = list(flags)
    return sum(values) / len(values) if values else 0.0


def key(a: str, b: str) -> frozenset[str]:
    return frozenset((a, b))


def load_corpus(folder: Path) -> tuple[list[Document], dict[str, Any]]:
    files = sorted(folder.glob("*.jsonl"))
    read = read_paths(files)
    for problem in read.problems:
        print(f"corpus: {problem}", file=sys.stderr)
    labels_path = folder / "labels.json"
    labels = json.loads(labels_path.read_text("utf-8")) if labels_path.is_file() else {}
    return read.documents, labels


# ----------------------------------------------------------------------------- ordinary side

def document_flags(report: dict[str, Any]) -> dict[str, Any]:
    docs = report["documents"]
    n = len(docs)
    spin = [d["spin"]["score"] for d in docs]
    trans = [d["translation"]["score"] for d in docs]
    return {
        "articles": n,
        "spin_gt_0.5_per_100": 100 * share(s > 0.5 for s in spin),
        "spin_gt_0.2_per_100": 100 * share(s > 0.2 for s in spin),
        "translation_gt_0.5_per_100": 100 * share(t > 0.5 for t in trans),
        "translation_gt_0.2_per_100": 100 * share(t > 0.2 for t in trans),
        "either_gt_0.5_per_100": 100 * share(
            max(s, t) > 0.5 for s, t in zip(spin, trans, strict=True)),
    }


def evidence_lists(report: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    tortured, traces = [], []
    for d in report["documents"]:
        for e in d["spin"]["evidence"]:
            if e["kind"] == "tortured-phrase":
                tortured.append({"document": d["id"], "score": d["spin"]["score"],
                                 "text": e["text"], "proposal": e["proposal"],
                                 "found_by": e["found_by"], "confidence": e["confidence"]})
        for e in d["translation"]["evidence"]:
            traces.append({"document": d["id"], "score": d["translation"]["score"],
                           "kind": e["kind"], "text": e.get("text"), "detail": e.get("detail")})
    return tortured, traces


def expected_relations(ids: Sequence[str], labels: dict[str, Any]) -> dict[frozenset[str], str]:
    expected = {key(a, b): "unrelated" for a, b in combinations(ids, 2)}
    for p in labels.get("pairs", []):
        expected[key(p["a"], p["b"])] = p["relation"]
    return expected


def pair_figures(
    report: dict[str, Any], labels: dict[str, Any], texts: dict[str, str]
) -> dict[str, Any]:
    ids = [d["id"] for d in report["documents"]]
    dates = {d["id"]: d["date"] for d in report["documents"]}
    expected = expected_relations(ids, labels)
    reported = {key(p["a"], p["b"]): p for p in report["pairs"]}
    confusion: dict[str, Counter[str]] = {e: Counter() for e in EXPECTED}
    for k, exp in expected.items():
        p = reported.get(k)
        confusion[exp][p["relation"] if p else "none"] += 1

    def names(p: dict[str, Any]) -> str:
        return f"{p['a']} ~ {p['b']}"

    disguised = [
        {"pair": names(p), "expected": expected.get(key(p["a"], p["b"]), "unrelated"),
         "relation": p["relation"],
         "kinds": dict(Counter(x["kind"] for x in p["passages"]))}
        for p in report["pairs"] if p["relation"] in ("spun", "translated")
    ]
    false_links = []
    for p in report["pairs"]:
        if expected.get(key(p["a"], p["b"])) != "unrelated":
            continue
        ev = p.get("evidence") or {}
        false_links.append({
            "pair": names(p), "relation": p["relation"],
            "names": ev.get("shared_names", []), "quotes": len(ev.get("shared_quotes", [])),
            "kinds": dict(Counter(x["kind"] for x in p["passages"])),
        })
    story_of = {d: s["id"] for s in report["stories"] for d in s["documents"]}
    joined = sorted(
        " ~ ".join(sorted(k)) for k, exp in expected.items()
        if exp == "unrelated" and len({story_of.get(d) for d in k} - {None}) == 1
        and all(d in story_of for d in k)
    )
    missed = sorted(" ~ ".join(sorted(k)) for k, exp in expected.items()
                    if exp == "copy" and k not in reported)
    # Direction
    later_source, labelled = [], Counter()
    wrong_labelled = []
    label_source = {key(p["a"], p["b"]): p.get("source") for p in labels.get("pairs", [])}
    for p in report["pairs"]:
        if p["relation"] == "same-story":
            continue
        src = p["source"]
        other = p["b"] if src == p["a"] else p["a"]
        if src and dates.get(src) and dates.get(other) and dates[src][:10] > dates[other][:10]:
            later_source.append({"pair": names(p), "source": src,
                                 "dates": f"{dates[src]} > {dates[other]}",
                                 "votes": [f"{e['signal']}→{e['favours']} {e['weight']}"
                                           for e in p["direction_evidence"]]})
        truth = label_source.get(key(p["a"], p["b"]))
        if truth:
            verdict = "undecided" if src is None else ("correct" if src == truth else "wrong")
            labelled[verdict] += 1
            if verdict == "wrong":
                wrong_labelled.append({"pair": names(p), "source": src, "truth": truth,
                                       "votes": [f"{e['signal']}→{e['favours']} {e['weight']}"
                                                 for e in p["direction_evidence"]]})
    # Baseline: exact word-5-gram aligner over every pair.
    base = {e: Counter() for e in EXPECTED}
    for k, exp in expected.items():
        a, b = sorted(k)
        base[exp]["copy" if exact_ngram_align(texts[a], texts[b]) else "none"] += 1
    return {
        "confusion": {e: dict(c) for e, c in confusion.items()},
        "baseline_exact_5gram": {e: dict(c) for e, c in base.items()},
        "disguised_relations": disguised,
        "links_between_unrelated": false_links,
        "unrelated_in_one_story": joined,
        "missed_copies": missed,
        "source_later_than_other": later_source,
        "labelled_source": dict(labelled),
        "labelled_source_wrong": wrong_labelled,
        "stories": len(report["stories"]),
    }


# ----------------------------------------------------------------------------- disguised side

def _pan_pair(task: tuple[str, str, str, str]) -> dict[str, Any]:
    category, susp_path, src_path, stem = task
    susp = Document("suspicious", Path(susp_path).read_bytes().decode("utf-8"))
    src = Document("source", Path(src_path).read_bytes().decode("utf-8"))
    report = scan_report([susp, src])
    by_id = {d["id"]: d for d in report["documents"]}
    kinds: Counter[str] = Counter()
    relation = "none"
    for p in report["pairs"]:
        relation = p["relation"]
        for x in p["passages"]:
            kinds[x["kind"]] += x["a"][1] - x["a"][0] if p["a"] == "suspicious" else (
                x["b"][1] - x["b"][0])
    return {
        "category": category, "pair": stem, "relation": relation, "kind_chars": dict(kinds),
        **{f"{side}_{what}": by_id[side][what]["score"]
           for side in ("suspicious", "source") for what in ("spin", "translation")},
        "suspicious_unknown": unknown_per_1000(susp.text),
        "source_unknown": unknown_per_1000(src.text),
    }


def disguised_side(root: Path, limit: int, jobs: int) -> list[dict[str, Any]]:
    pan = load_pan13(root, DISGUISED)
    tasks = [
        (name, str(pan.susp_path(s)), str(pan.src_path(r)), f"{Path(s).stem}-{Path(r).stem}")
        for name, cat in pan.categories.items() for s, r in cat.pairs[:limit]
    ]
    if jobs > 1:
        with ProcessPoolExecutor(jobs) as pool:
            return list(pool.map(_pan_pair, tasks, chunksize=2))
    return [_pan_pair(t) for t in tasks]


def disguised_figures(rows: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for category in DISGUISED:
        sel = [r for r in rows if r["category"] == category]
        if not sel:
            continue
        kinds: Counter[str] = Counter()
        for r in sel:
            kinds.update(r["kind_chars"])
        total = sum(kinds.values()) or 1
        fig: dict[str, Any] = {"pairs": len(sel),
                               "relations": dict(Counter(r["relation"] for r in sel)),
                               "passage_kind_share": {k: kinds[k] / total for k in KINDS}}
        for side in ("suspicious", "source"):
            for what in ("spin", "translation"):
                scores = [r[f"{side}_{what}"] for r in sel]
                fig[f"{side}_{what}_gt_0.5"] = share(s > 0.5 for s in scores)
                fig[f"{side}_{what}_gt_0.2"] = share(s > 0.2 for s in scores)
            fig[f"{side}_either_gt_0.5"] = share(
                max(r[f"{side}_spin"], r[f"{side}_translation"]) > 0.5 for r in sel)
            fig[f"{side}_unknown_median"] = sorted(r[f"{side}_unknown"] for r in sel)[len(sel) // 2]
        out[category] = fig
    return out


def matched_threshold(unknown_rates: Sequence[float], catch_rate: float) -> float:
    """The unknown-word threshold that flags ``catch_rate`` of the disguised documents."""
    ranked = sorted(unknown_rates, reverse=True)
    n = round(catch_rate * len(ranked))
    if n <= 0:
        return float("inf")
    return ranked[min(n, len(ranked)) - 1]


# ----------------------------------------------------------------------------- printing

def _table(title: str, rows: dict[str, dict[str, int]], columns: Sequence[str]) -> None:
    print(f"  {title}")
    print(f"    {'expected':<12}" + "".join(f"{c:>11}" for c in columns) + f"{'pairs':>8}")
    for exp, counts in rows.items():
        print(f"    {exp:<12}" + "".join(f"{counts.get(c, 0):>11}" for c in columns)
              + f"{sum(counts.values()):>8}")


def _listing(title: str, items: Sequence[Any], show: int = 60) -> None:
    print(f"  {title}: {len(items)}")
    for item in items[:show]:
        print(f"    - {item}")
    if len(items) > show:
        print(f"    … {len(items) - show} more (see --json)")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS, help="folder of *.jsonl + labels.json")
    ap.add_argument("--pairs", type=int, default=60, help="first N PAN pairs per category")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--data", type=Path, help="pan13 folder (default ../shared/data/pan13)")
    ap.add_argument("--json", type=Path, help="write the figures to this JSON file")
    args = ap.parse_args(argv)

    documents, labels = load_corpus(args.corpus)
    if not documents:
        print(f"no articles in {args.corpus}", file=sys.stderr)
        return 2
    texts = {d.id: d.text for d in documents}
    start = time.perf_counter()
    report = scan_report(documents, jobs=args.jobs)
    scan_s = time.perf_counter() - start
    words = sum(word_count(t) for t in texts.values())
    flags = document_flags(report)
    tortured, traces = evidence_lists(report)
    pairs = pair_figures(report, labels, texts)
    unknown = {d: unknown_per_1000(t) for d, t in texts.items()}
    figures: dict[str, Any] = {"ordinary": {
        "corpus": str(args.corpus), "words": words, "scan_seconds": round(scan_s, 1),
        **flags, "tortured_per_1000_words": 1000 * len(tortured) / max(1, words),
        "tortured": tortured, "translation_traces": traces, **pairs,
        "baseline_unknown_per_1000": unknown,
    }}

    print(f"False flags on ordinary news — {args.corpus.name}: {len(documents)} articles, "
          f"{words:,} words, {len(labels.get('pairs', []))} labelled pairs (scan {scan_s:.1f} s)")
    print(f"  {'per 100 articles':<44}{'wiretrace':>10}{'baseline: unknown words ≥ 5/1,000':>36}")
    base_fixed = 100 * share(u >= FIXED_UNKNOWN for u in unknown.values())
    for label, value in (("spin > 0.5", flags["spin_gt_0.5_per_100"]),
                         ("spin > 0.2", flags["spin_gt_0.2_per_100"]),
                         ("translation > 0.5", flags["translation_gt_0.5_per_100"]),
                         ("translation > 0.2", flags["translation_gt_0.2_per_100"]),
                         ("spin or translation > 0.5", flags["either_gt_0.5_per_100"])):
        print(f"  {label:<44}{value:>10.1f}{base_fixed:>36.1f}")
    rate = figures["ordinary"]["tortured_per_1000_words"]
    print(f"  tortured phrases per 1,000 words: {rate:.2f} ({len(tortured)} flagged); "
          f"translation traces: {len(traces)}")
    _listing("tortured phrases flagged (document [spin score]: phrase → proposal, found by)",
             [f"{t['document']} [{t['score']:.2f}]: '{t['text']}' → '{t['proposal']}' "
              f"({t['found_by']}, {t['confidence']:.2f})" for t in tortured])
    _listing("translation traces (document [translation score]: kind, detail)",
             [f"{t['document']} [{t['score']:.2f}]: {t['kind']}: {t['detail'] or t['text']}"
              for t in traces])
    _table("relation of every pair of articles, label × reported (none = not reported)",
           pairs["confusion"], RELATIONS)
    _table("baseline: exact word-5-gram aligner (a passage = copy)",
           pairs["baseline_exact_5gram"], ("copy", "none"))
    _listing("reuse pairs reported spun/translated",
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

    root = args.data or find_pan13()
    if root is None or not (Path(root) / "susp").is_dir():
        print("\nDisguised side skipped: PAN 2013 not found (../shared/data/pan13 or --data)")
    else:
        start = time.perf_counter()
        rows = disguised_side(Path(root), args.pairs, args.jobs)
        pan_s = time.perf_counter() - start
        dis = disguised_figures(rows)
        figures["disguised"] = {"pairs_per_category": args.pairs, "seconds": round(pan_s, 1),
                                **dis, "rows": rows}
        print(f"\nDisguised side — PAN 2013, first {args.pairs} pairs per category, each pair "
              f"scanned alone ({pan_s:.0f} s)")
        print(f"  {'share of documents':<30}" + "".join(f"{c[:2] + ' susp':>11}{c[:2] + ' src':>10}"
                                                     for c in dis))
        for what in ("spin_gt_0.5", "spin_gt_0.2", "translation_gt_0.5", "translation_gt_0.2",
                     "either_gt_0.5"):
            print(f"  {what.replace('_gt_', ' > '):<30}" + "".join(
                f"{f['suspicious_' + what]:>11.2f}{f['source_' + what]:>10.2f}"
                for f in dis.values()))
        print(f"  {'unknown words/1,000 (median)':<30}" + "".join(
            f"{f['suspicious_unknown_median']:>11.1f}{f['source_unknown_median']:>10.1f}"
            for f in dis.values()))
        for category, f in dis.items():
            kinds = ", ".join(f"{k} {v:.0%}" for k, v in f["passage_kind_share"].items())
            print(f"  {category}: passage kinds by suspicious-side characters: {kinds}; "
                  f"relations {f['relations']}")
        # Baseline at the same catch rate.
        susp = [r for r in rows if r["category"] in DISGUISED]
        catch = share(max(r["suspicious_spin"], r["suspicious_translation"]) > 0.5 for r in susp)
        threshold = matched_threshold([r["suspicious_unknown"] for r in susp], catch)
        base = {
            "threshold_per_1000": threshold,
            "disguised_flagged": share(r["suspicious_unknown"] >= threshold for r in susp),
            "sources_flagged": share(r["source_unknown"] >= threshold for r in susp),
            "ordinary_flagged_per_100": 100 * share(u >= threshold for u in unknown.values()),
            "fixed_disguised_flagged": share(
                r["suspicious_unknown"] >= FIXED_UNKNOWN for r in susp),
            "fixed_sources_flagged": share(r["source_unknown"] >= FIXED_UNKNOWN for r in susp),
        }
        figures["baseline_matched"] = base
        print("\nBoth sides at once (flagged = any score > 0.5; baseline = unknown-word rate)")
        print(f"  {'':<40}{'disguised susp':>15}{'their sources':>15}{'ordinary /100':>15}")
        print(f"  {'wiretrace':<40}{catch:>15.2f}"
              f"{share(max(r['source_spin'], r['source_translation']) > 0.5 for r in susp):>15.2f}"
              f"{flags['either_gt_0.5_per_100']:>15.1f}")
        print(f"  {'baseline, same catch rate (≥ ' + format(threshold, '.1f') + '/1,000)':<40}"
              f"{base['disguised_flagged']:>15.2f}{base['sources_flagged']:>15.2f}"
              f"{base['ordinary_flagged_per_100']:>15.1f}")
        print(f"  {'baseline, fixed (≥ 5/1,000)':<40}{base['fixed_disguised_flagged']:>15.2f}"
              f"{base['fixed_sources_flagged']:>15.2f}{base_fixed:>15.1f}")
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=1) + "\n", "utf-8")
        print(f"\nFigures written to {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
