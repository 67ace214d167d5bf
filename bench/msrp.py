"""wiretrace's sentence matcher as a paraphrase classifier on the MSR Paraphrase Corpus.

Usage::

    .venv/bin/python bench/msrp.py [--data DIR] [--folds 5] [--embeddings]

The corpus (``../shared/data/msrp/msr_paraphrase_train.txt``, 4,076 sentence pairs
from news clusters, 67.5% paraphrases) is the training part; the script uses it all
with k-fold cross-validation: for each fold the decision threshold of each scorer
is chosen on the other folds (best accuracy) and applied to the held-out fold, so
every pair is classified by a threshold that never saw it. Printed, in one run:

* ``majority`` — always "paraphrase";
* ``word-overlap`` — Jaccard of the two sentences' lower-cased word sets;
* ``wiretrace`` — the similarity the aligner seeds passages with
  (information-weighted Dice of content words, WordNet synonyms at reduced weight);
* ``wiretrace+emb`` — with ``--embeddings``: the larger of that similarity and the
  scaled cosine of the sentences' all-MiniLM-L6-v2 vectors (the optional extra);
  ``embedding cosine`` alone is shown beside it.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from wiretrace.align.sentence_match import bag_of, bag_similarity
from wiretrace.align.settings import AlignSettings
from wiretrace.evaluation.msrp import MSRP_FILE, read_msrp
from wiretrace.evaluation.pan13 import find_shared_data
from wiretrace.lexicon.wordnet import load_wordnet
from wiretrace.normalize.prepare import prepare_document
from wiretrace.records import Document

WORD = re.compile(r"\w+")


def load_msrp(path: Path) -> tuple[list[tuple[str, str]], np.ndarray]:
    """Sentence pairs and their labels (1 = paraphrase)."""
    rows = read_msrp(path)
    return [(r[3], r[4]) for r in rows], np.array([r[0] for r in rows])


def word_overlap(a: str, b: str) -> float:
    wa, wb = set(WORD.findall(a.lower())), set(WORD.findall(b.lower()))
    return len(wa & wb) / len(wa | wb) if wa | wb else 0.0


def wiretrace_scores(pairs: Sequence[tuple[str, str]]) -> np.ndarray:
    settings = AlignSettings()
    wordnet = load_wordnet()
    out = np.zeros(len(pairs))
    for k, (a, b) in enumerate(pairs):
        pa = prepare_document(Document("a", a), wordnet)
        pb = prepare_document(Document("b", b), wordnet)
        bag_a, bag_b = bag_of(pa, 0, len(pa.keys)), bag_of(pb, 0, len(pb.keys))
        out[k] = bag_similarity(bag_a, bag_b, settings.synonym_weight)[0]
    return out


def embedding_cosines(pairs: Sequence[tuple[str, str]]) -> np.ndarray:
    from wiretrace.normalize.embeddings import load_encoder

    encoder = load_encoder()
    va = encoder.encode([a for a, _ in pairs])
    vb = encoder.encode([b for _, b in pairs])
    return np.einsum("ij,ij->i", va, vb)


def _best_threshold(scores: np.ndarray, labels: np.ndarray) -> float:
    candidates = np.unique(scores)
    accs = [((scores >= t) == labels).mean() for t in candidates]
    return float(candidates[int(np.argmax(accs))])


def cross_validate(scores: np.ndarray, labels: np.ndarray, folds: int) -> np.ndarray:
    """Predictions where each fold's threshold is chosen on the other folds."""
    rng = np.random.default_rng(0)
    fold_of = rng.permutation(len(labels)) % folds
    pred = np.zeros(len(labels), dtype=int)
    for f in range(folds):
        train, test = fold_of != f, fold_of == f
        t = _best_threshold(scores[train], labels[train])
        pred[test] = scores[test] >= t
    return pred


def metrics(pred: np.ndarray, labels: np.ndarray) -> tuple[float, float, float, float]:
    tp = int(((pred == 1) & (labels == 1)).sum())
    fp = int(((pred == 1) & (labels == 0)).sum())
    fn = int(((pred == 0) & (labels == 1)).sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return float((pred == labels).mean()), precision, recall, f1


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, help="msrp folder (default ../shared/data/msrp)")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--embeddings", action="store_true", help="also score with the extra")
    args = ap.parse_args(argv)
    root = args.data or (find_shared_data() or Path("missing")) / "msrp"
    path = root / MSRP_FILE
    if not path.is_file():
        print(f"MSRP not found at {path}", file=sys.stderr)
        return 2
    pairs, labels = load_msrp(path)
    systems: list[tuple[str, Callable[[], np.ndarray]]] = [
        ("word-overlap", lambda: np.array([word_overlap(a, b) for a, b in pairs])),
        ("wiretrace", lambda: wiretrace_scores(pairs)),
    ]
    results = [("majority", np.ones(len(labels), dtype=int), 0.0)]
    cache: dict[str, np.ndarray] = {}
    for name, scorer in systems:
        start = time.perf_counter()
        cache[name] = scorer()
        results.append((name, cross_validate(cache[name], labels, args.folds),
                        time.perf_counter() - start))
    if args.embeddings:
        start = time.perf_counter()
        cos = embedding_cosines(pairs)
        wall = time.perf_counter() - start
        results.append(("embedding cosine", cross_validate(cos, labels, args.folds), wall))
        scale = AlignSettings().embedding_scale
        combined = np.maximum(cache["wiretrace"], scale * cos)
        results.append(("wiretrace+emb", cross_validate(combined, labels, args.folds), wall))
    print(f"MSRP training part: {len(labels)} pairs, {labels.mean():.1%} paraphrases; "
          f"{args.folds}-fold cross-validated thresholds")
    print(f"{'system':<18}{'accuracy':>10}{'precision':>11}{'recall':>9}{'F1':>8}{'secs':>8}")
    for name, pred, wall in results:
        acc, p, r, f1 = metrics(pred, labels)
        print(f"{name:<18}{acc:>10.3f}{p:>11.3f}{r:>9.3f}{f1:>8.3f}{wall:>8.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
