"""News-sized articles with real reuse among them, made from the PAN 2013 development texts
(``../shared/data/pan13``), for the benchmarks that need many articles (bench/archive.py,
bench/throughput.py).

Each text is split into sentences, sentences are grouped into paragraphs of 2–5
sentences, and paragraphs into articles of 2,000–3,200 characters (a random target per
article; mean ~2,500, 3–6 paragraphs). Texts are taken in an order that puts each
suspicious text right after the source texts it reuses. That gives ~5,500 articles per
pass ("round"). More rounds start the chunking at a different sentence offset and pass
every word of four or more letters through a vocabulary permutation of round *r*: words
are shuffled among the words of the same Zipf frequency band (half-Zipf steps,
wordfreq), case kept. The text stays English-shaped (function words, sentence lengths,
the frequency profile that sets document frequencies) but round *r* shares no content
words with round 0 at the same place, so it is new articles rather than copies. Reuse
inside a round is the PAN reuse (suspicious texts quote source texts).
"""

from __future__ import annotations

import itertools
import random
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from wiretrace.lexicon.frequency import zipf
from wiretrace.lexicon.stopwords import STOPWORDS
from wiretrace.records import Document

MIN_CHARS, MAX_CHARS = 2000, 3200
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+")
_WORD = re.compile(r"[A-Za-z]{4,}")


def load_texts(pan13: Path) -> list[str]:
    """The PAN texts, each suspicious text right after the source texts it reuses (so that
    an archive of the first *n* articles holds reuse, and so do the articles after it)."""
    sources: dict[str, list[str]] = defaultdict(list)
    for pairs in sorted(pan13.glob("0[2-5]-*/pairs")):
        for line in pairs.read_text().splitlines():
            if line.strip():
                susp, src = line.split()
                sources[susp].append(src)
    order: list[Path] = []
    seen: set[Path] = set()
    for susp in sorted(sources):
        for path in [*(pan13 / "src" / s for s in sorted(sources[susp])), pan13 / "susp" / susp]:
            if path not in seen and path.exists():
                seen.add(path)
                order.append(path)
    rest = sorted((pan13 / "src").glob("*.txt")) + sorted((pan13 / "susp").glob("*.txt"))
    order += [p for p in rest if p not in seen]
    return [f.read_bytes().decode("utf-8", "replace") for f in order]


def sentences(text: str, longest: int = 400) -> list[str]:
    """Sentences of ``text``; text without sentence ends is cut into ~``longest``-char pieces."""
    flat = " ".join(text.split())
    out: list[str] = []
    for s in _SENTENCE_END.split(flat):
        while len(s) > longest:
            cut = s.rfind(" ", 0, longest)
            cut = cut if cut > 0 else longest
            out.append(s[:cut])
            s = s[cut:].lstrip()
        if s.strip():
            out.append(s)
    return out


class Permutation:
    """Round ``r``'s vocabulary permutation within Zipf frequency bands."""

    def __init__(self, vocabulary: list[str], seed: int) -> None:
        bands: dict[float, list[str]] = defaultdict(list)
        for w in vocabulary:
            bands[round(zipf(w) * 2) / 2].append(w)
        rnd = random.Random(seed)
        self.map: dict[str, str] = {}
        for words in bands.values():
            shuffled = words[:]
            rnd.shuffle(shuffled)
            self.map.update(zip(words, shuffled, strict=True))

    def _sub(self, m: re.Match[str]) -> str:
        word = m.group(0)
        low = word.lower()
        new = self.map.get(low)
        if new is None:
            return word
        if word.isupper() and len(word) > 1:
            return new.upper()
        if word[0].isupper():
            return new[0].upper() + new[1:]
        return new

    def apply(self, text: str) -> str:
        return _WORD.sub(self._sub, text)


def articles(texts: list[str]) -> Iterator[Document]:
    """Article-sized documents, round after round (see the module docstring)."""
    split = [sentences(t) for t in texts]
    vocabulary = sorted({w.lower() for t in texts for w in _WORD.findall(t)}
                        - set(STOPWORDS))
    n = 0
    for r in itertools.count():
        rnd = random.Random(1000 + r)
        perm = Permutation(vocabulary, seed=r) if r else None
        for doc_no, sents in enumerate(split):
            k = (r * 3) % 5 if r else 0
            paragraphs: list[str] = []
            while k < len(sents):
                size = rnd.randint(2, 5)
                paragraphs.append(" ".join(sents[k : k + size]))
                k += size
            article: list[str] = []
            want = rnd.randint(MIN_CHARS, MAX_CHARS)
            for para in paragraphs:
                chars = sum(map(len, article))
                if article and (chars >= want or chars + len(para) > MAX_CHARS + 500):
                    yield _doc(n, r, doc_no, article, perm)
                    n += 1
                    article, want = [], rnd.randint(MIN_CHARS, MAX_CHARS)
                article.append(para)
            if article and sum(map(len, article)) > 300:
                yield _doc(n, r, doc_no, article, perm)
                n += 1


def _doc(n: int, r: int, doc_no: int, paragraphs: list[str], perm: Permutation | None) -> Document:
    text = "\n\n".join(paragraphs) + "\n"
    if perm is not None:
        text = perm.apply(text)
    return Document(f"a{n:06d}", text, path=f"pan13 round {r} text {doc_no}")


def take(it: Iterator[Document], n: int) -> list[Document]:
    return [next(it) for _ in range(n)]
