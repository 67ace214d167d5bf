"""The figures of ``bench/false_flags.py``: what one scan's report says about ordinary
news (flags per 100 articles, tortured phrases, traces, relations against labels) and
what scans of PAN 2013 pairs say about disguised text (scores, passage kinds)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from itertools import combinations
from pathlib import Path
from typing import Any

from wordfreq import zipf_frequency

import wiretrace
from wiretrace.evaluation.baselines import exact_ngram_align
from wiretrace.evaluation.pan13 import load_pan13
from wiretrace.records import Document
from wiretrace.settings import Settings

DISGUISED = ("03-random-obfuscation", "04-translation-obfuscation")
RELATIONS = ("duplicate", "copy", "spun", "translated", "paraphrase", "same-story", "none")
EXPECTED = ("copy", "same-story", "unrelated")
KINDS = ("verbatim", "edited", "spun", "translated", "paraphrase")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


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


# ----------------------------------------------------------------------------- ordinary side

def document_flags(report: dict[str, Any]) -> dict[str, Any]:
    docs = report["documents"]
    spin = [d["spin"]["score"] for d in docs]
    trans = [d["translation"]["score"] for d in docs]
    return {
        "articles": len(docs),
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


def corpus_figures(report: dict[str, Any], texts: dict[str, str]) -> dict[str, Any]:
    """Flags, tortured phrases and traces of one scanned corpus, and its reuse pairs by
    relation and passages by kind (none of them labelled)."""
    words = sum(word_count(t) for t in texts.values())
    tortured, traces = evidence_lists(report)
    reuse = [p for p in report["pairs"] if p["relation"] != "same-story"]
    return {
        "words": words, **document_flags(report),
        "tortured_per_1000_words": 1000 * len(tortured) / max(1, words),
        "tortured": tortured, "translation_traces": traces,
        "relations": dict(Counter(p["relation"] for p in report["pairs"])),
        "passage_kinds": dict(Counter(x["kind"] for p in reuse for x in p["passages"])),
        "flagged": [{"document": d["id"], "spin": d["spin"]["score"],
                     "translation": d["translation"]["score"],
                     "evidence": [f"{e['kind']}: {' '.join(e['text'].split())[:80]}"
                                  for e in d["spin"]["evidence"] + d["translation"]["evidence"]
                                  if e["kind"] != "substitution"][:6]}
                    for d in report["documents"]
                    if max(d["spin"]["score"], d["translation"]["score"]) > 0.2],
    }


def expected_relations(ids: Sequence[str], labels: dict[str, Any]) -> dict[frozenset[str], str]:
    expected = {key(a, b): "unrelated" for a, b in combinations(ids, 2)}
    for p in labels.get("pairs", []):
        expected[key(p["a"], p["b"])] = p["relation"]
    return expected


def _votes(p: dict[str, Any]) -> list[str]:
    return [f"{e['signal']}→{e['favours']} {e['weight']}" for e in p["direction_evidence"]]


def pair_figures(
    report: dict[str, Any], labels: dict[str, Any], texts: dict[str, str]
) -> dict[str, Any]:
    ids = [d["id"] for d in report["documents"]]
    dates = {d["id"]: d["date"] for d in report["documents"]}
    expected = expected_relations(ids, labels)
    reported = {key(p["a"], p["b"]): p for p in report["pairs"]}
    confusion: dict[str, Counter[str]] = {e: Counter() for e in EXPECTED}
    kinds: dict[str, Counter[str]] = {e: Counter() for e in EXPECTED}
    for k, exp in expected.items():
        p = reported.get(k)
        confusion[exp][p["relation"] if p else "none"] += 1
        for x in (p or {}).get("passages", []):
            kinds[exp][x["kind"]] += 1

    def names(p: dict[str, Any]) -> str:
        return f"{p['a']} ~ {p['b']}"

    disguised = [
        {"pair": names(p), "expected": expected.get(key(p["a"], p["b"]), "unrelated"),
         "relation": p["relation"],
         "kinds": dict(Counter(x["kind"] for x in p["passages"]))}
        for p in report["pairs"] if p["relation"] in ("spun", "translated")
        or any(x["kind"] in ("spun", "translated") for x in p["passages"])
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
    later_source, wrong_labelled = [], []
    labelled: Counter[str] = Counter()
    label_source = {key(p["a"], p["b"]): p.get("source") for p in labels.get("pairs", [])}
    for p in report["pairs"]:
        if p["relation"] == "same-story":
            continue
        src = p["source"]
        other = p["b"] if src == p["a"] else p["a"]
        if src and dates.get(src) and dates.get(other) and dates[src][:10] > dates[other][:10]:
            later_source.append({"pair": names(p), "source": src,
                                 "dates": f"{dates[src]} > {dates[other]}", "votes": _votes(p)})
        truth = label_source.get(key(p["a"], p["b"]))
        if truth:
            verdict = "undecided" if src is None else ("correct" if src == truth else "wrong")
            labelled[verdict] += 1
            if verdict == "wrong":
                wrong_labelled.append({"pair": names(p), "source": src, "truth": truth,
                                       "votes": _votes(p)})
    base: dict[str, Counter[str]] = {e: Counter() for e in EXPECTED}
    for k, exp in expected.items():
        a, b = sorted(k)
        base[exp]["copy" if exact_ngram_align(texts[a], texts[b]) else "none"] += 1
    return {
        "confusion": {e: dict(c) for e, c in confusion.items()},
        "passage_kinds": {e: dict(c) for e, c in kinds.items()},
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

def sample_pairs(pairs: Sequence[Any], n: int, offset: int = 0) -> list[Any]:
    """``n`` pairs spread evenly over ``pairs`` (every k-th from the ``offset``-th): PAN
    lists each suspicious document's pairs together, so the first ``n`` pairs would come
    from a handful of documents."""
    step = max(1, len(pairs) // max(1, n))
    return list(pairs[offset % step :: step][:n])


def _pan_pair(task: tuple[str, str, str, str]) -> dict[str, Any]:
    category, susp_path, src_path, stem = task
    susp = Document("suspicious", Path(susp_path).read_bytes().decode("utf-8"))
    src = Document("source", Path(src_path).read_bytes().decode("utf-8"))
    report = scan_report([susp, src])
    by_id = {d["id"]: d for d in report["documents"]}
    chars: Counter[str] = Counter()
    counts: Counter[str] = Counter()
    relation, source = "none", None
    for p in report["pairs"]:
        relation, source = p["relation"], p["source"]
        for x in p["passages"]:
            side = x["a"] if p["a"] == "suspicious" else x["b"]
            chars[x["kind"]] += side[1] - side[0]
            counts[x["kind"]] += 1
    return {
        "category": category, "pair": stem, "relation": relation, "source": source,
        "kind_chars": dict(chars), "kind_counts": dict(counts),
        **{f"{side}_{what}": by_id[side][what]["score"]
           for side in ("suspicious", "source") for what in ("spin", "translation")},
        "suspicious_unknown": unknown_per_1000(susp.text),
        "source_unknown": unknown_per_1000(src.text),
    }


def disguised_tasks(root: Path, limit: int, offset: int) -> list[tuple[str, str, str, str]]:
    pan = load_pan13(root, DISGUISED)
    return [
        (name, str(pan.susp_path(s)), str(pan.src_path(r)), f"{Path(s).stem}-{Path(r).stem}")
        for name, cat in pan.categories.items()
        for s, r in sample_pairs(cat.pairs, limit, offset)
    ]


def disguised_side(tasks: list[tuple[str, str, str, str]], jobs: int) -> list[dict[str, Any]]:
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
        chars: Counter[str] = Counter()
        counts: Counter[str] = Counter()
        for r in sel:
            chars.update(r["kind_chars"])
            counts.update(r["kind_counts"])
        total = sum(chars.values()) or 1
        fig: dict[str, Any] = {"pairs": len(sel),
                               "suspicious_documents": len({r["pair"].split("-")[1]
                                                            for r in sel}),
                               "relations": dict(Counter(r["relation"] for r in sel)),
                               "passage_kind_share": {k: chars[k] / total for k in KINDS},
                               "passage_kind_counts": {k: counts[k] for k in KINDS}}
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
