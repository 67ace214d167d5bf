"""How one side of a passage was reworded into the other: the evidence behind its kind.

Two readings of the passage's two sides, both the same whichever side is the original:

**Word for word.** The sentences are paired first (each with the sentence of the
other side that shares most of its content words; one split in two pairs with both
halves; sentences left over between the same pairs on both sides are compared in
order, as a heavily spun sentence shares few words with its original), so that
sentences put in another order are still compared with their counterparts. Within each
group the words are aligned by stem (as in :mod:`.token_alignment`) and each content
word replaced one for one is one of:

* a **thesaurus swap** — a WordNet neighbour (a shared sense, a similar adjective, a
  broader or a narrower word: "acknowledged" for "accepted"), a synonym spinner's work;
* **moved** — a word that stands elsewhere in the other side (shuffled, not replaced);
* a **spelling variant** ("labour" / "labor") or a **respelled name** ("Hallink" /
  "Halink", both capitalised, a letter or two apart);
* another swap.

The sentence pairs also tell whether the sentences kept their order (a translation
goes sentence by sentence; an editor or a word shuffler moves them).

**As bags of words.** What a round trip through another language leaves: the content
words come back (**kept**: content words whose stem the other side has too), some in
another form (**inflected**: stems written differently on the two sides, "protects" /
"protecting"), and the grammar around them is rebuilt (**function words changed**:
function words of either side that the other side lacks, counted with repeats).

:mod:`.passage_kind` reads the counts: a spinner's signature is many thesaurus swaps
among few other changes; a round trip's is the content kept, sentence by sentence in
the same order, and the grammar rebuilt.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from wiretrace.align.cluster import DisjointSets
from wiretrace.lexicon.expressions import ExpressionIndex
from wiretrace.lexicon.spelling import respelled, spelling_variant
from wiretrace.lexicon.stopwords import STOPWORDS
from wiretrace.lexicon.thesaurus import neighbours
from wiretrace.normalize.prepare import PreparedDoc
from wiretrace.records import Span

MIN_SENTENCE_DICE = 0.3
"""Two sentences pair when their content stems overlap this much (Dice)."""
MAX_SWAP = 3
"""Longest run of words replaced word for word (as in :mod:`.token_alignment`)."""


@dataclass(frozen=True, slots=True)
class Rewording:
    """What changed between the two sides of a passage (boilerplate left out)."""

    words: int = 0
    """Words of the longer side."""
    content_words: int = 0
    """Content words of the side with more of them."""
    kept: int = 0
    """Content words found on both sides (by stem, each occurrence matched once)."""
    thesaurus: tuple[tuple[Span, Span], ...] = ()
    """Each thesaurus swap: the word's span in ``a`` and the span of the word it stands
    for in ``b``."""
    other_swaps: int = 0
    moved: int = 0
    spelling_variants: int = 0
    respelled_names: int = 0
    shared_stems: int = 0
    """Distinct content stems on both sides …"""
    inflected: int = 0
    """… of which written in another form on one side."""
    function_words: int = 0
    """Function words of both sides together …"""
    function_changed: int = 0
    """… of which missing from the other side."""
    sentence_changes: int = 0
    """Sentences split or merged (a sentence paired with two of the other side: one)."""
    sentence_pairs: int = 0
    """Groups of sentences paired by the words they share …"""
    sentences_moved: int = 0
    """… of which standing in another order on the other side (the fewest that would
    have to move to restore it). A translation goes sentence by sentence."""

    @property
    def thesaurus_swaps(self) -> int:
        return len(self.thesaurus)

    @property
    def swap_share(self) -> float:
        """Thesaurus swaps per content word: how much a spinner replaced."""
        return self.thesaurus_swaps / self.content_words if self.content_words else 0.0

    @property
    def neighbour_share(self) -> float:
        """Share of the content words replaced one for one that were replaced by
        thesaurus neighbours (nearly all of a spinner's are)."""
        swaps = self.thesaurus_swaps + self.other_swaps
        return self.thesaurus_swaps / swaps if swaps else 0.0

    @property
    def kept_share(self) -> float:
        """Share of the content words kept on both sides."""
        return self.kept / self.content_words if self.content_words else 0.0

    @property
    def moved_share(self) -> float:
        """Share of the paired sentences that stand in another order."""
        return self.sentences_moved / self.sentence_pairs if self.sentence_pairs else 0.0

    @property
    def grammar_change(self) -> float:
        """The grammar rebuilt around the words: the share of function words changed plus
        the share of shared stems inflected differently."""
        function = self.function_changed / self.function_words if self.function_words else 0.0
        inflected = self.inflected / self.shared_stems if self.shared_stems else 0.0
        return function + inflected


def _span_sentences(doc: PreparedDoc, span: Span) -> list[list[int]]:
    """The non-boilerplate tokens of ``span``, sentence by sentence."""
    t0, t1 = doc.token_at(span[0]), doc.token_at(span[1])
    out: list[list[int]] = []
    covered: set[int] = set()
    for first, last in doc.sentences:
        if last <= t0 or first >= t1:
            continue
        tokens = [t for t in range(max(first, t0), min(last, t1)) if not doc.boiler[t]]
        covered.update(tokens)
        if tokens:
            out.append(tokens)
    rest = [t for t in range(t0, t1) if not doc.boiler[t] and t not in covered]
    return [*out, rest] if rest else out


def _stem_set(doc: PreparedDoc, tokens: list[int]) -> frozenset[str]:
    content = frozenset(doc.stems[t] for t in tokens if doc.content[t])
    return content or frozenset(doc.stems[t] for t in tokens)


def _sentence_links(
    stems_a: list[frozenset[str]], stems_b: list[frozenset[str]]
) -> list[tuple[int, int]]:
    """The sentence pairs ``(i, j)`` that pair: their stems overlap at least
    :data:`MIN_SENTENCE_DICE` (Dice), and ``j`` is the best match of ``i`` or ``i`` the
    best of ``j`` (ties: the first). Only sentences that share a stem are compared (an
    inverted index of ``b``'s), so a long passage costs what its shared words do."""
    where: dict[str, list[int]] = {}
    for j, y in enumerate(stems_b):
        for stem in y:
            where.setdefault(stem, []).append(j)
    dice: dict[tuple[int, int], float] = {}
    for i, x in enumerate(stems_a):
        shared = Counter(j for stem in x for j in where.get(stem, ()))
        for j, k in shared.items():
            dice[i, j] = 2 * k / (len(x) + len(stems_b[j]))
    best_b: dict[int, tuple[float, int]] = {}
    best_a: dict[int, tuple[float, int]] = {}
    for (i, j), d in dice.items():
        kb, ka = best_b.get(i), best_a.get(j)
        if kb is None or d > kb[0] or (d == kb[0] and j < kb[1]):
            best_b[i] = (d, j)
        if ka is None or d > ka[0] or (d == ka[0] and i < ka[1]):
            best_a[j] = (d, i)
    return sorted((i, j) for (i, j), d in dice.items()
                  if d >= MIN_SENTENCE_DICE and (best_b[i][1] == j or best_a[j][1] == i))


def _moved(groups: list[tuple[list[int], list[int], int]]) -> int:
    """Groups out of order: all but the longest run kept in the same order on both sides."""
    order = [min(gb) for _ga, gb, _n in sorted(groups, key=lambda g: min(g[0]))]
    longest: list[int] = []
    for x in order:
        k = bisect_left(longest, x)
        longest[k : k + 1] = [x]
    return len(order) - len(longest)


def _groups(
    a: PreparedDoc, sa: list[list[int]], b: PreparedDoc, sb: list[list[int]]
) -> tuple[list[tuple[list[int], list[int], int]], tuple[int, int]]:
    """Sentences of the two sides (indices into ``sa`` and ``sb``) joined into groups, each
    with the sentence changes it stands for; and how many groups were paired by the words
    they share, and how many of those are out of order."""
    if not sa or not sb:
        return [], (0, 0)
    stems_a = [_stem_set(a, s) for s in sa]
    stems_b = [_stem_set(b, s) for s in sb]
    n = len(sa)
    sets = DisjointSets(n + len(sb))
    paired: set[int] = set()
    for i, j in _sentence_links(stems_a, stems_b):
        sets.union(n + j, i)
        paired.update((i, n + j))
    found: dict[int, tuple[list[int], list[int]]] = {}
    for node in sorted(paired):
        ga, gb = found.setdefault(sets.find(node), ([], []))
        (ga if node < n else gb).append(node if node < n else node - n)
    groups = [(ga, gb, max(len(ga), len(gb)) - 1) for ga, gb in found.values()]
    moved = (len(groups), _moved(groups))
    # Sentences left over between the same two groups on both sides, compared in order.
    anchors = sorted(groups, key=lambda g: g[0][0])
    after = [(-1, -1)] + [(max(g[0]), max(g[1])) for g in anchors]
    before = [(min(g[0]), min(g[1])) for g in anchors] + [(len(sa), len(sb))]
    for (prev_a, prev_b), (next_a, next_b) in zip(after, before, strict=True):
        left_a = [i for i in range(prev_a + 1, next_a) if i not in paired]
        left_b = [j for j in range(prev_b + 1, next_b) if n + j not in paired]
        if left_a and left_b:
            groups.append((left_a, left_b, abs(len(left_a) - len(left_b))))
    return groups, moved


def _swap(
    index: ExpressionIndex | None, a: PreparedDoc, x: int, b: PreparedDoc, y: int,
    here_a: frozenset[str], here_b: frozenset[str],
) -> str | None:
    """What one content word of ``a`` standing where one of ``b`` stood is (``None``: not a
    content word for a content word)."""
    kx, ky = a.keys[x], b.keys[y]
    if kx in STOPWORDS or ky in STOPWORDS or not kx.isalpha() or not ky.isalpha():
        return None
    if spelling_variant(kx, ky):
        return "spelling_variants"
    capitals = a.text[a.starts[x]].isupper() and b.text[b.starts[y]].isupper()
    if capitals and respelled(kx, ky):
        return "respelled_names"
    if b.stems[y] in here_a or a.stems[x] in here_b:
        return "moved"
    if index is not None and neighbours(index, a.senses[x], b.senses[y]):
        return "thesaurus_swaps"
    return "other_swaps"


def _swaps(
    index: ExpressionIndex | None, a: PreparedDoc, ta: list[int], b: PreparedDoc, tb: list[int],
    found: Counter[str], thesaurus: list[tuple[Span, Span]],
) -> None:
    """The one-for-one replacements of content words between two groups of sentences,
    counted into ``found`` (the thesaurus swaps listed in ``thesaurus``)."""
    here_a = frozenset(a.stems[t] for t in ta)
    here_b = frozenset(b.stems[t] for t in tb)
    for op in Levenshtein.opcodes([a.stems[t] for t in ta], [b.stems[t] for t in tb]):
        xs, ys = ta[op.src_start : op.src_end], tb[op.dest_start : op.dest_end]
        if op.tag == "replace" and len(xs) == len(ys) <= MAX_SWAP:
            for x, y in zip(xs, ys, strict=True):
                what = _swap(index, a, x, b, y, here_a, here_b)
                if what == "thesaurus_swaps":
                    thesaurus.append(((a.starts[x], a.ends[x]), (b.starts[y], b.ends[y])))
                elif what is not None:
                    found[what] += 1


def _bags(a: PreparedDoc, ta: list[int], b: PreparedDoc, tb: list[int]) -> dict[str, int]:
    """Content words kept, stems inflected differently, function words changed."""
    forms_a: dict[str, set[str]] = {}
    forms_b: dict[str, set[str]] = {}
    stems_a: Counter[str] = Counter()
    stems_b: Counter[str] = Counter()
    for doc, tokens, forms, stems in ((a, ta, forms_a, stems_a), (b, tb, forms_b, stems_b)):
        for t in tokens:
            if doc.content[t]:
                forms.setdefault(doc.stems[t], set()).add(doc.keys[t])
                stems[doc.stems[t]] += 1
    shared = forms_a.keys() & forms_b.keys()
    inflected = sum(
        1 for s in shared
        if forms_a[s] != forms_b[s] and not any(
            spelling_variant(x, y) for x in forms_a[s] for y in forms_b[s] if x != y)
    )
    function_a = Counter(a.keys[t] for t in ta if a.keys[t] in STOPWORDS)
    function_b = Counter(b.keys[t] for t in tb if b.keys[t] in STOPWORDS)
    return {
        "kept": sum((stems_a & stems_b).values()),
        "shared_stems": len(shared),
        "inflected": inflected,
        "function_words": sum(function_a.values()) + sum(function_b.values()),
        "function_changed": sum((function_a - function_b).values())
        + sum((function_b - function_a).values()),
    }


def rewording(
    a: PreparedDoc, span_a: Span, b: PreparedDoc, span_b: Span,
    index: ExpressionIndex | None = None,
) -> Rewording:
    """The :class:`Rewording` between ``a[span_a]`` and ``b[span_b]`` (``index``: WordNet's,
    to tell thesaurus swaps from other swaps; without it there are none)."""
    sa, sb = _span_sentences(a, span_a), _span_sentences(b, span_b)
    swaps: Counter[str] = Counter()
    thesaurus: list[tuple[Span, Span]] = []
    changes = 0
    groups, (paired, moved) = _groups(a, sa, b, sb)
    for ga, gb, split in groups:
        changes += split
        _swaps(index, a, [t for i in ga for t in sa[i]], b, [t for j in gb for t in sb[j]],
               swaps, thesaurus)
    ta = [t for s in sa for t in s]
    tb = [t for s in sb for t in s]
    return Rewording(
        words=max(len(ta), len(tb)),
        content_words=max(sum(a.content[t] for t in ta), sum(b.content[t] for t in tb)),
        sentence_changes=changes,
        sentence_pairs=paired,
        sentences_moved=moved,
        **_bags(a, ta, b, tb),
        thesaurus=tuple(sorted(thesaurus)),
        **{k: swaps[k] for k in ("other_swaps", "moved", "spelling_variants",
                                 "respelled_names")},
    )
