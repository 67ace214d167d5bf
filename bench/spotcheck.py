"""Spot-check passage coverage on obfuscated PAN 2013 pairs (no passage truth exists there).

Usage::

    .venv/bin/python bench/spotcheck.py 03-random-obfuscation 10,30,40 [--show]

For each chosen pair: wiretrace's passages, and every sentence of the suspicious
document with its best similarity to any source sentence. The *estimated reused
text* is each passage extended over neighbouring sentences that still match the
source closely (similarity ≥ 0.45); the share of it inside passages is printed.
``--show`` prints the sentences (IN = inside a passage) for reading by hand —
the estimate was checked that way, see bench/README.md.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from wiretrace.align.sentence_match import bag_of, bag_similarity
from wiretrace.evaluation.pan13 import find_pan13, load_pan13
from wiretrace.lexicon.wordnet import load_wordnet
from wiretrace.normalize.prepare import prepare_document
from wiretrace.pipeline import compare_prepared
from wiretrace.records import Document
from wiretrace.settings import Settings

NEIGHBOUR = 0.45


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("category")
    ap.add_argument("indices", help="comma-separated pair numbers within the category")
    ap.add_argument("--show", action="store_true")
    args = ap.parse_args(argv)
    pan = load_pan13(find_pan13(), [args.category])
    wordnet = load_wordnet()
    total_in = total_est = 0
    for k in (int(x) for x in args.indices.split(",")):
        s, r = pan.categories[args.category].pairs[k]
        a = prepare_document(Document(s, pan.susp_text(s)), wordnet)
        b = prepare_document(Document(r, pan.src_text(r)), wordnet)
        result = compare_prepared(a, b, Settings())
        passages = result.passages if result else []
        bags_b = [bag_of(b, *x) for x in b.sentences]
        sims = []
        for f, last in a.sentences:
            x = bag_of(a, f, last)
            best = max((bag_similarity(x, y, 0.8)[0] for y in bags_b), default=0.0)
            sims.append((a.starts[f], a.ends[last - 1], best))
        estimate: set[int] = set()
        for p in passages:
            idx = [i for i, (st, en, _) in enumerate(sims) if st < p.a[1] and en > p.a[0]]
            if not idx:
                continue
            i0, i1 = min(idx), max(idx)
            while i0 > 0 and sims[i0 - 1][2] >= NEIGHBOUR:
                i0 -= 1
            while i1 < len(sims) - 1 and sims[i1 + 1][2] >= NEIGHBOUR:
                i1 += 1
            estimate.update(range(min(p.a[0], sims[i0][0]), max(p.a[1], sims[i1][1])))
        inside = {c for p in passages for c in range(*p.a)}
        covered = len(inside & estimate)
        total_in, total_est = total_in + covered, total_est + len(estimate)
        share = covered / len(estimate) if estimate else 0.0
        print(f"{k:4} {s} {r}: {len(passages)} passages {[p.kind for p in passages]}, "
              f"covers {share:.2f} of the estimated reused text ({covered}/{len(estimate)} chars)")
        if args.show:
            for st, en, best in sims:
                tag = "IN " if any(p.a[0] <= st and en <= p.a[1] + 1 for p in passages) else "out"
                if best >= 0.25 or tag == "IN ":
                    print(f"     {tag} {best:.2f} [{st}:{en}] {a.text[st:en][:100]!r}")
    print(f"overall: {total_in / max(1, total_est):.3f} of {total_est} estimated reused characters")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
