"""Tortured-phrase detection measured on the Problematic Paper Screener fingerprints.

Usage::

    .venv/bin/python bench/tortured.py [--data DIR] [--limit N]

Reads ``tortured-phrases/tortured-phrases.json`` from the shared data folder
(``wiretrace.evaluation.pan13.find_shared_data()``): 7,942 ``{tortured, correct}``
pairs found in published papers. Notes in parentheses in ``correct`` are dropped.
Nothing from the data set is copied into the repository. Printed, in one run:

1. **pairs** — both phrases of a pair, each in the same carrier sentence: how often
   the tortured one is flagged while the correct one is not, and how often it
   scores higher (a phrase with no candidate scores 0);
2. **in context** — the tortured phrase alone, inserted as is into each of a few
   neutral carrier sentences written for this benchmark: how often it is flagged
   (a find overlapping it) and how often the proposal equals the correct phrase
   (case-insensitive, spaces normalised), overall and by phrase length in words;
   also with *corpus evidence* (another document uses the correct phrase) and, as a
   sanity row only, with the data set itself loaded as the user lexicon;
3. **ordinary text** — false flags per 1,000 words on ``bench/data/ordinary-news/``
   (invented news articles written for this benchmark, not derived from the data)
   and on the distinct sentences of MSRP (``../shared/data/msrp``: real newswire
   nobody spun, 20 sentences to a document);

and the run time. Only the default threshold (``min_score=0.5``) is used.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from wiretrace.evaluation.msrp import MSRP_FILE, news_documents
from wiretrace.evaluation.pan13 import find_shared_data
from wiretrace.forensics.settings import SpinSettings
from wiretrace.forensics.tortured import find_tortured_phrases, phrase_counts
from wiretrace.forensics.tortured.phrase import TorturedPhrase
from wiretrace.forensics.user_lexicon import Lexicon, clean_correct, load_lexicon, normalize_phrase
from wiretrace.lexicon.expressions import expression_index
from wiretrace.lexicon.wordnet import WordNet, load_wordnet
from wiretrace.normalize.prepare import PreparedDoc, prepare_document
from wiretrace.normalize.tokens import tokenize
from wiretrace.records import Document

HERE = Path(__file__).resolve().parent
ORDINARY = HERE / "data" / "ordinary-news"

# Neutral carrier sentences; the phrase is inserted as it is written in the data set.
TEMPLATES = (
    "Researchers said the {} could change how the industry works.",
    "In a statement on Tuesday, the agency described the {} in some detail.",
    "Officials expect the {} to be discussed at next month's meeting.",
)
# The sentence another article of the "story" uses, with the correct phrase.
CORPUS_TEMPLATE = "A report published last week looked closely at the {} and its effects."


@dataclass
class Tally:
    """Counts of one measure, overall and by phrase length."""

    total: Counter[str] = field(default_factory=Counter)
    hits: Counter[str] = field(default_factory=Counter)
    right: Counter[str] = field(default_factory=Counter)

    def add(self, length: int, hit: bool, right: bool) -> None:
        for key in ("all", _length_bucket(length)):
            self.total[key] += 1
            self.hits[key] += hit
            self.right[key] += right


def _length_bucket(words: int) -> str:
    return f"{words} words" if words < 5 else "5+ words"


def load_pairs(path: Path) -> list[tuple[str, str]]:
    """``(tortured, correct)`` with notes in parentheses dropped from ``correct``."""
    data = json.loads(path.read_text(encoding="utf-8"))
    pairs = []
    for item in data["phrases"]:
        tortured, correct = item["tortured"].strip(), clean_correct(item["correct"])
        if tortured and correct:
            pairs.append((tortured, correct))
    return pairs


def _same(a: str | None, b: str) -> bool:
    if a is None:
        return False
    return normalize_phrase(a) == normalize_phrase(b) or _keys(a) == _keys(b)


def _keys(text: str) -> list[str]:
    return tokenize(text)[2]


def _finds_at(
    doc: PreparedDoc, span: tuple[int, int], finds: list[TorturedPhrase]
) -> list[TorturedPhrase]:
    return [f for f in finds if f.span[0] < span[1] and f.span[1] > span[0]]


def _prepare(text: str, wordnet: WordNet) -> PreparedDoc:
    return prepare_document(Document("bench", text), wordnet)


def in_context(
    pairs: list[tuple[str, str]],
    wordnet: WordNet,
    find: Callable[[PreparedDoc, str], list[TorturedPhrase]],
) -> tuple[Tally, int, int]:
    """Measure 2: flagged / right proposal per template; plus flags outside the phrase."""
    tally = Tally()
    outside = 0
    carrier_words = 0
    for tortured, correct in pairs:
        for template in TEMPLATES:
            text = template.format(tortured)
            start = template.index("{}")
            span = (start, start + len(tortured))
            doc = _prepare(text, wordnet)
            finds = find(doc, correct)
            here = _finds_at(doc, span, finds)
            outside += len(finds) - len(here)
            carrier_words += len(doc.keys) - len(_keys(tortured))
            best = max(here, key=lambda f: f.score, default=None)
            right = best is not None and _same(best.proposal, correct)
            tally.add(len(tortured.split()), best is not None, right)
    return tally, outside, carrier_words


def pair_measure(pairs: list[tuple[str, str]], wordnet: WordNet) -> tuple[int, int, int]:
    """Measure 1: (pairs, tortured flagged and correct not, tortured scores higher)."""
    flagged_only = higher = 0
    template = TEMPLATES[0]
    start = template.index("{}")
    for tortured, correct in pairs:
        scores = []
        flags = []
        for phrase in (tortured, correct):
            doc = _prepare(template.format(phrase), wordnet)
            finds = find_tortured_phrases(doc, wordnet, settings=SpinSettings(min_score=0.0))
            here = _finds_at(doc, (start, start + len(phrase)), finds)
            score = max((f.score for f in here), default=0.0)
            scores.append(score)
            flags.append(score >= 0.5)
        flagged_only += flags[0] and not flags[1]
        higher += scores[0] > scores[1]
    return len(pairs), flagged_only, higher


def ordinary_text(
    wordnet: WordNet, documents: list[Document]
) -> tuple[int, list[tuple[str, TorturedPhrase]], float]:
    """Measure 3: words, false flags and seconds per document on text nobody spun."""
    words = 0
    flags: list[tuple[str, TorturedPhrase]] = []
    t0 = time.perf_counter()
    for document in documents:
        doc = prepare_document(document, wordnet)
        words += sum(1 for b in doc.boiler if not b)
        flags.extend((document.id, f) for f in find_tortured_phrases(doc, wordnet))
    return words, flags, (time.perf_counter() - t0) / max(len(documents), 1)


def ordinary_documents() -> list[Document]:
    return [
        Document(path.stem, path.read_text(encoding="utf-8"))
        for path in sorted(ORDINARY.glob("*.txt"))
    ]


def _reachable(pairs: list[tuple[str, str]], wordnet: WordNet) -> list[tuple[str, str]]:
    """Pairs whose correct phrase is a WordNet multi-word lemma of 2–3 words."""
    index = expression_index(wordnet)
    out = []
    for tortured, correct in pairs:
        keys = _keys(correct)
        if 2 <= len(keys) <= 3:
            tails = {keys[-1], *(lemma for _, lemma in wordnet.lemmas(keys[-1]))}
            if any((*keys[:-1], t) in index.expressions for t in tails):
                out.append((tortured, correct))
    return out


def _row(name: str, tally: Tally, key: str = "all") -> str:
    n = tally.total[key]
    if not n:
        return f"| {name} | 0 | – | – |"
    return (
        f"| {name} | {n:,} | {tally.hits[key] / n:.3f} ({tally.hits[key]:,}) "
        f"| {tally.right[key] / n:.3f} ({tally.right[key]:,}) |"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, help="tortured-phrases.json (default: shared data)")
    parser.add_argument("--limit", type=int, help="use only the first N pairs")
    args = parser.parse_args(argv)
    path = args.data
    if path is None:
        shared = find_shared_data()
        path = shared / "tortured-phrases" / "tortured-phrases.json" if shared else None
    if path is None or not path.is_file():
        print("tortured-phrases.json not found (../shared/data or --data)", file=sys.stderr)
        return 2
    wordnet = load_wordnet()
    if wordnet is None:
        print("WordNet is not installed (Debian package wordnet-base)", file=sys.stderr)
        return 2

    t_start = time.perf_counter()
    expression_index(wordnet)
    t_index = time.perf_counter() - t_start
    pairs = load_pairs(path)[: args.limit]
    lexicon = Lexicon(load_lexicon(path))
    reachable = _reachable(pairs, wordnet)

    def plain(doc: PreparedDoc, correct: str) -> list[TorturedPhrase]:
        return find_tortured_phrases(doc, wordnet)

    def with_corpus(doc: PreparedDoc, correct: str) -> list[TorturedPhrase]:
        other = _prepare(CORPUS_TEMPLATE.format(correct), wordnet)
        return find_tortured_phrases(doc, wordnet, corpus_phrases=phrase_counts([other]))

    def with_lexicon(doc: PreparedDoc, correct: str) -> list[TorturedPhrase]:
        return find_tortured_phrases(doc, wordnet, lexicon=lexicon)

    t0 = time.perf_counter()
    n_pairs, flagged_only, higher = pair_measure(pairs, wordnet)
    t_pairs = time.perf_counter() - t0
    t0 = time.perf_counter()
    alone, outside, carrier_words = in_context(pairs, wordnet, plain)
    t_context = time.perf_counter() - t0
    alone_reach, _, _ = in_context(reachable, wordnet, plain)
    corpus, _, _ = in_context(pairs, wordnet, with_corpus)
    corpus_reach, _, _ = in_context(reachable, wordnet, with_corpus)
    sanity, _, _ = in_context(pairs, wordnet, with_lexicon)
    words, flags, per_doc = ordinary_text(wordnet, ordinary_documents())
    msrp = path.parent.parent / "msrp" / MSRP_FILE
    news = ordinary_text(wordnet, news_documents(msrp)) if msrp.is_file() else None
    total = time.perf_counter() - t_start
    placements = len(pairs) * len(TEMPLATES)

    print(f"tortured-phrases: {len(pairs):,} pairs; {len(reachable):,} whose correct phrase is a")
    print("WordNet multi-word lemma of 2-3 words (the ceiling without corpus or lexicon)")
    print()
    print("1. pairs (both phrases in the same carrier sentence)")
    print(f"   tortured flagged, correct not: {flagged_only / n_pairs:.3f} ({flagged_only:,})")
    print(f"   tortured scores higher:        {higher / n_pairs:.3f} ({higher:,})")
    print()
    print(f"2. tortured phrase alone in {len(TEMPLATES)} carrier sentences ({placements:,})")
    print("| setting | placements | flagged | proposal = correct |")
    print("|---|---|---|---|")
    print(_row("no lexicon, no corpus (all pairs)", alone))
    for key in sorted(k for k in alone.total if k != "all"):
        print(_row(f"  tortured phrase of {key}", alone, key))
    print(_row("no lexicon, no corpus (WordNet-reachable pairs)", alone_reach))
    print(_row("+ corpus evidence (all pairs)", corpus))
    print(_row("+ corpus evidence (WordNet-reachable pairs)", corpus_reach))
    print(_row("SANITY: data set loaded as user lexicon", sanity))
    carrier_rate = 1000 * outside / max(carrier_words, 1)
    print(f"   flags outside the phrase (carrier words): {outside} ({carrier_rate:.2f} per 1,000)")
    print()
    print(f"3. ordinary news text ({words:,} words in {ORDINARY.relative_to(HERE.parent)})")
    print(f"   false flags: {len(flags)} = {1000 * len(flags) / max(words, 1):.2f} per 1,000 words")
    for name, f in flags:
        print(f"     {name}: {f.phrase!r} -> {f.proposal!r} ({f.score:.2f})")
    if news is not None:
        n_words, n_flags, _ = news
        print(f"   real newswire sentences (MSRP, {n_words:,} words): {len(n_flags)} false flags = "
              f"{1000 * len(n_flags) / max(n_words, 1):.2f} per 1,000 words")
        for name, f in n_flags:
            print(f"     {name}: {f.phrase!r} -> {f.proposal!r} ({f.score:.2f})")
    print()
    per_sentence = 1000 * t_context / max(placements, 1)
    print(f"time: index build {t_index:.1f} s; measure 1 {t_pairs:.1f} s; measure 2 (plain)")
    print(f"{t_context:.1f} s = {per_sentence:.1f} ms per sentence; ordinary articles")
    print(f"{1000 * per_doc:.0f} ms per article; whole run {total:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
