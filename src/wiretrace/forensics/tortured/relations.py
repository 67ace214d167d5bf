"""How a written word relates to the words a spinner may have replaced by it.

A word may stay itself, or stand for a WordNet relative: a synonym (same synset), a
similar adjective, a direct hypernym or hyponym. :func:`word_links` lists them, with
the sense ranks the link runs through, for the tortured-phrase detector's
back-translation of a phrase onto the expression it may have been.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, NamedTuple, TypeVar

from wiretrace.lexicon.expressions import (
    HYPERNYM,
    HYPONYM,
    MEMO_LIMIT,
    SAME,
    SIMILAR,
    SYNONYM,
    ExpressionIndex,
)
from wiretrace.lexicon.spelling import spelling_variant
from wiretrace.lexicon.stopwords import STOPWORDS
from wiretrace.lexicon.wordnet import WordNet

_RELATION_ORDER = {SAME: -1, SYNONYM: 0, SIMILAR: 1, HYPERNYM: 2, HYPONYM: 3}


class Link(NamedTuple):
    """How a written word relates to a word it may stand for (a named tuple: millions are
    made, and a tuple is made fast)."""

    relation: str
    rank: int
    """Sense number (0 = most frequent) of the written word through which the link runs."""
    pos: str
    """Part of speech of that sense (``""`` for the word itself)."""
    target_rank: int = 0
    """Sense number of the replaced word through which the link runs."""


KEEP = Link(SAME, 0, "")


T = TypeVar("T")

_TABLES = "tables"
"""The memo entry holding tables built once per process (kept when the memo is cleared)."""


def remember(index: ExpressionIndex, key: tuple[Hashable, ...], make: Callable[[], T]) -> T:
    """A pure lookup over the index, kept in its memo for the next document in this
    process (values are read only). Each kind of lookup (``key[0]``) has a memo of its
    own, which starts afresh past ``MEMO_LIMIT`` entries."""
    memo = index.memo.get(key[0])
    if memo is None:
        memo = index.memo[key[0]] = {}
    found = memo.get(key)
    if found is None:
        if len(memo) >= MEMO_LIMIT:
            memo.clear()
        found = memo[key] = make()
    return found  # type: ignore[no-any-return]


def tables(index: ExpressionIndex) -> dict[str, Any]:
    """Per-process tables derived from the index (built on first use, never cleared)."""
    return index.memo.setdefault(_TABLES, {})  # type: ignore[no-any-return]


ALL_RELATIONS = (SYNONYM, SIMILAR, HYPERNYM, HYPONYM)


def word_links(
    index: ExpressionIndex, wordnet: WordNet, key: str,
    relations: tuple[str, ...] = ALL_RELATIONS,
) -> dict[str, Link]:
    """Words a spinner may have replaced by ``key`` (and ``key``'s own base forms).

    The same for every document, so kept in the index's memo for the next one (read
    only: callers never change the dict); common words come from the relations table
    built once into the user's cache (:func:`relations_table`).
    """
    def make() -> dict[str, Link]:
        found = relations_table(index, wordnet, relations).links(key)
        return found if found is not None else _word_links(index, wordnet, key, relations)

    return remember(index, ("links", key, relations), make)


TABLE_WORDS = 50_000
"""The most frequent English words (wordfreq) whose relatives the table holds."""

_CODES = {SAME: 0, SYNONYM: 1, SIMILAR: 2, HYPERNYM: 3, HYPONYM: 4}
_RELATION_OF = {v: k for k, v in _CODES.items()}
_POS = ("", "n", "v", "a", "r")


POOL_WORDS = 64
"""Relatives of each word the table keeps in closeness order (:func:`closest`): corpus
evidence tries the closest ``SpinSettings.pool`` of them."""

REACH_SLOTS = ((0, 2), (1, 2), (0, 3), (2, 3))
"""The (position, length) pairs of the expressions a phrase's first or last word reaches."""


class RelationsTable:
    """The links of common words, as arrays: ``links(word)`` decodes one word's,
    ``reaching(word, position, n)`` the ids of the ``n``-word expressions whose word at
    ``position`` is one of its relatives (ids as :func:`expression_ids` numbers them),
    and ``pool(word, size)`` its ``size`` closest relatives."""

    def __init__(self, arrays: dict[str, Any]) -> None:
        self._rows = {w: k for k, w in enumerate(_strings(arrays["words"]))}
        self._targets = _strings(arrays["targets"])
        self._offsets = arrays["offsets"]
        self._entries = arrays["entries"]
        # Plain array views of the memory maps: a slice of a memory map costs ~4 µs to
        # make, of a plain view ~1 µs (the pages are the map's, shared between processes).
        self._reach = _plain(arrays["reach"])
        self._reach_offsets = _plain(arrays["reach_offsets"])
        self._pools = _plain(arrays["pools"])
        self._pool_offsets = _plain(arrays["pool_offsets"])
        self._arrays = arrays
        self._by_position: dict[tuple[int, int], dict[str, Any]] = {}

    def by_position(self, position: int, n: int) -> dict[str, Any]:
        """Ids of the ``n``-word expressions by their word at ``position`` (decoded from
        the table on first use; was ~0.1 s to build from the expressions per process)."""
        found = self._by_position.get((position, n))
        if found is None:
            slot = REACH_SLOTS.index((position, n))
            words = _strings(self._arrays[f"by_position.{slot}.words"])
            import numpy as np

            # In memory, not a memory map: a memory-mapped slice costs ~2 µs to make.
            ids = np.array(self._arrays[f"by_position.{slot}.ids"])
            offsets = self._arrays[f"by_position.{slot}.offsets"].tolist()
            found = self._by_position[(position, n)] = {
                w: ids[offsets[k] : offsets[k + 1]] for k, w in enumerate(words)}
        return found

    def reaching(self, key: str, position: int, n: int) -> Any:
        row = self._rows.get(key)
        if row is None:
            return None
        slot = row * len(REACH_SLOTS) + REACH_SLOTS.index((position, n))
        return self._reach[int(self._reach_offsets[slot]) : int(self._reach_offsets[slot + 1])]

    def pool(self, key: str, size: int) -> list[str] | None:
        row = self._rows.get(key)
        if row is None or size > POOL_WORDS:
            return None
        lo = int(self._pool_offsets[row])
        hi = min(int(self._pool_offsets[row + 1]), lo + size)
        targets = self._targets
        return [targets[t] for t in self._pools[lo:hi].tolist()]

    def links(self, key: str) -> dict[str, Link] | None:
        row = self._rows.get(key)
        if row is None:
            return None
        lo, hi = int(self._offsets[row]), int(self._offsets[row + 1])
        targets, relation_of, pos_of = self._targets, _RELATION_OF, _POS
        return {targets[t]: Link(relation_of[r], rank, pos_of[p], trank)
                for t, r, rank, p, trank in self._entries[lo:hi].tolist()}


def _plain(array: Any) -> Any:
    import numpy as np

    return array.view(np.ndarray) if isinstance(array, np.memmap) else array


def relations_table(
    index: ExpressionIndex, wordnet: WordNet, relations: tuple[str, ...]
) -> RelationsTable:
    """The table of this lexicon and ``relations``, built once into the user's cache and
    loaded once per process."""
    built = tables(index)
    found = built.get(("relations", relations))
    if found is None:
        from wiretrace.lexicon.cache import cached_arrays, code_digest, digest

        key = digest("relations", _lexicon_key(wordnet), sorted(relations), TABLE_WORDS,
                     code_digest(__file__))
        arrays = cached_arrays("relations", key,
                               lambda: _build_table(index, wordnet, relations))
        found = built[("relations", relations)] = RelationsTable(arrays)
    return found  # type: ignore[no-any-return]


def _lexicon_key(wordnet: WordNet) -> str:
    compiled = getattr(wordnet, "_tables", None)
    if compiled is not None:
        return str(compiled.manifest.get("checksum"))
    from wiretrace.lexicon.tables import source_key

    return source_key(wordnet.root)


def _build_table(
    index: ExpressionIndex, wordnet: WordNet, relations: tuple[str, ...]
) -> dict[str, Any]:
    import numpy as np
    from wordfreq import top_n_list

    from wiretrace.normalize.tokens import fold

    words = sorted({fold(w) for w in top_n_list("en", TABLE_WORDS) if w.isalpha()})
    targets: dict[str, int] = {}
    offsets = [0]
    entries: list[tuple[int, int, int, int, int]] = []
    reach: list[Any] = []
    reach_offsets = [0]
    pools: list[int] = []
    pool_offsets = [0]
    by_position = {slot: _by_position_ids(index, position, n)
                   for slot, (position, n) in enumerate(REACH_SLOTS)}
    for word in words:
        links = _word_links(index, wordnet, word, relations)
        for target, link in links.items():
            tid = targets.setdefault(target, len(targets))
            entries.append((tid, _CODES[link.relation], link.rank, _POS.index(link.pos),
                            link.target_rank))
        offsets.append(len(entries))
        pools.extend(targets[w] for w in closest(links)[:POOL_WORDS])
        pool_offsets.append(len(pools))
        for by_word in by_position.values():  # in the order of REACH_SLOTS
            ids = reaching_of(by_word, links)
            reach.append(ids)
            reach_offsets.append(reach_offsets[-1] + len(ids))
    by_position_arrays: dict[str, Any] = {}
    for slot, by_word in by_position.items():
        ordered = sorted(by_word)
        by_position_arrays[f"by_position.{slot}.words"] = _encode(ordered)
        by_position_arrays[f"by_position.{slot}.ids"] = (
            np.concatenate([by_word[w] for w in ordered]).astype(np.int32)
            if ordered else np.zeros(0, np.int32))
        by_position_arrays[f"by_position.{slot}.offsets"] = np.cumsum(
            [0] + [len(by_word[w]) for w in ordered]).astype(np.int64)
    return {
        **by_position_arrays,
        "words": _encode(words),
        "targets": _encode(list(targets)),
        "offsets": np.array(offsets, dtype=np.int64),
        "entries": np.array(entries, dtype=np.int32).reshape(-1, 5),
        "reach": np.concatenate(reach).astype(np.int32) if reach else np.zeros(0, np.int32),
        "reach_offsets": np.array(reach_offsets, dtype=np.int64),
        "pools": np.array(pools, dtype=np.int32),
        "pool_offsets": np.array(pool_offsets, dtype=np.int64),
    }


def expression_ids(index: ExpressionIndex) -> list[tuple[str, ...]]:
    """The index's expressions numbered in its own order (built once per process)."""
    built = tables(index)
    if "expression_list" not in built:
        built["expression_list"] = list(index.expressions)
    return built["expression_list"]  # type: ignore[no-any-return]


def _by_position_ids(index: ExpressionIndex, position: int, n: int) -> dict[str, Any]:
    """Ids of the ``n``-word expressions by their word at ``position`` (read only while
    the relations table is built, so not kept)."""
    import numpy as np

    table: dict[str, list[int]] = {}
    for eid, expression in enumerate(expression_ids(index)):
        if len(expression) == n:
            table.setdefault(expression[position], []).append(eid)
    return {w: np.array(v, dtype=np.int32) for w, v in table.items()}


def reaching_of(by_word: dict[str, Any], relatives: dict[str, Link]) -> Any:
    """Sorted ids of the expressions (of ``by_word``: ids by their word at one position)
    whose word there is one of ``relatives``."""
    import numpy as np

    found = [by_word[w] for w in relatives if w in by_word]
    if not found:
        return np.zeros(0, dtype=np.int32)
    return np.unique(np.concatenate(found))


def reaching(index: ExpressionIndex, wordnet: WordNet, key: str, position: int, n: int,
             relations: tuple[str, ...]) -> Any:
    """Sorted ids of the ``n``-word expressions whose word at ``position`` is a relative
    of ``key`` (:func:`reaching_of`): from the relations table when it holds the word
    (a view of the table, no copy), from the word's links otherwise; kept in the memo."""
    def make() -> Any:
        table = relations_table(index, wordnet, relations)
        found = table.reaching(key, position, n)
        if found is None:
            found = reaching_of(table.by_position(position, n),
                                word_links(index, wordnet, key, relations))
        return found

    return remember(index, ("reaching", key, position, n, relations), make)


def common_ids(a: Any, b: Any) -> Any:
    """The ids in both of two sorted arrays of distinct ids (each of the smaller looked
    up in the larger: about 3 µs where ``numpy.intersect1d`` takes 20)."""
    import numpy as np

    if len(a) > len(b):
        a, b = b, a
    if not len(a):
        return a
    at = np.searchsorted(b, a)
    np.minimum(at, len(b) - 1, out=at)
    return a[b[at] == a]


def closest(links: dict[str, Link]) -> list[str]:
    """The relatives in ``links`` (a word's own forms left out), the closest first: by
    :func:`link_order`, ties in the order of ``links``."""
    close = [(w, link) for w, link in links.items() if link.relation != SAME]
    close.sort(key=lambda item: link_order(item[1]))
    return [w for w, _ in close]


def pool(index: ExpressionIndex, wordnet: WordNet, key: str, size: int,
         relations: tuple[str, ...]) -> list[str]:
    """The ``size`` closest relatives of ``key`` (:func:`closest`): from the relations
    table when it holds the word, from its links otherwise; kept in the memo."""
    def make() -> list[str]:
        words = relations_table(index, wordnet, relations).pool(key, size)
        return closest(word_links(index, wordnet, key, relations))[:size] \
            if words is None else words

    return remember(index, ("pool", key, size, relations), make)


def _encode(strings: list[str]) -> Any:
    import numpy as np

    return np.frombuffer("\n".join(strings).encode("utf-8"), dtype=np.uint8)


def _strings(array: Any) -> list[str]:
    data = bytes(array)
    return data.decode("utf-8").split("\n") if data else []


def _word_links(
    index: ExpressionIndex, wordnet: WordNet, key: str, relations: tuple[str, ...]
) -> dict[str, Link]:
    if key in STOPWORDS or key in index.number_words:
        return {key: KEEP}
    # word -> (relation order, rank + target rank, relation, rank, pos, target rank): the
    # closest link of each word, the first one met on a tie, in the order words are met.
    best: dict[str, tuple[int, int, str, int, str, int]] = {key: (-1, 0, SAME, 0, "", 0)}
    same = _RELATION_ORDER[SAME]
    for pos, lemma in _base_forms(wordnet, key):
        old = best.get(lemma)
        if old is None or (same, 0) < old[:2]:
            best[lemma] = (same, 0, SAME, 0, pos, 0)
        for rank, sid in enumerate(wordnet.senses[pos][lemma]):
            for word, order, relation, trank in _sense_links(index, wordnet, sid, relations):
                total = rank + trank
                old = best.get(word)
                if old is None or order < old[0] or (order == old[0] and total < old[1]):
                    best[word] = (order, total, relation, rank, pos, trank)
    out = {w: Link(rel, rank, pos, trank) for w, (_o, _s, rel, rank, pos, trank) in best.items()}
    out[key] = KEEP
    # Spelling variants ("labour" for "labor", "centres" for "center") are the same
    # word, not a substitute: compared with the word and with each of its base forms.
    forms = [word for word, link in out.items() if link.relation == SAME]
    for word, link in list(out.items()):
        if link.relation != SAME and any(spelling_variant(f, word) for f in forms):
            out[word] = Link(SAME, 0, link.pos)
    return out


def _sense_links(
    index: ExpressionIndex, wordnet: WordNet, sid: str, relations: tuple[str, ...]
) -> tuple[tuple[str, int, str, int], ...]:
    """What one sense of a word links it to, in order: ``(word, relation order, relation,
    target rank)`` for the sense's own members (when ``relations`` holds synonyms), then
    the members of its similar, hypernym and hyponym synsets (those in ``relations``)."""
    def make() -> tuple[tuple[str, int, str, int], ...]:
        out = [(w, _RELATION_ORDER[SYNONYM], SYNONYM, trank)
               for w, trank in _ranked_members(index, wordnet, sid)] if SYNONYM in relations \
            else []
        for relation, target in index.pointers.get(sid, ()):
            if relation not in relations:
                continue
            order = _RELATION_ORDER[relation]
            out.extend((w, order, relation, trank)
                       for w, trank in _ranked_members(index, wordnet, target))
        return tuple(out)

    return remember(index, ("sense", sid, relations), make)


def _ranked_members(
    index: ExpressionIndex, wordnet: WordNet, sid: str
) -> tuple[tuple[str, int], ...]:
    """A synset's single-word members, each with the rank of the synset among its senses."""
    def make() -> tuple[tuple[str, int], ...]:
        table = wordnet.senses[sid[0]]
        out = []
        for word in index.members.get(sid, ()):
            senses = table.get(word, ())
            out.append((word, senses.index(sid) if sid in senses else len(senses)))
        return tuple(out)

    return remember(index, ("members", sid), make)


def _base_forms(wordnet: WordNet, key: str) -> list[tuple[str, str]]:
    """WordNet base forms of ``key``, without comparatives made up by the suffix rules.

    Morphy reads "offer" as the comparative of "off"; a word that is itself a noun or a
    verb is not taken for the comparative of a different adjective.
    """
    found = wordnet.lemmas(key)
    own = any(lemma == key for pos, lemma in found if pos in "nv")
    return [(pos, lemma) for pos, lemma in found if not (own and pos == "a" and lemma != key)]


def link_order(link: Link) -> tuple[int, int]:
    return _RELATION_ORDER[link.relation], link.rank + link.target_rank


def nominal(wordnet: WordNet, key: str) -> bool:
    return bool(wordnet.lemmas(key, "n") or wordnet.lemmas(key, "a"))


def is_plural(wordnet: WordNet, key: str) -> bool:
    """A noun in the plural: WordNet knows a different singular base form."""
    return any(pos == "n" and lemma != key for pos, lemma in wordnet.lemmas(key, "n"))


def plural_of(index: ExpressionIndex, word: str) -> str:
    """:func:`plural_form`, kept in the memo."""
    return remember(index, ("plural", word), lambda: plural_form(index, word))


def plural_form(index: ExpressionIndex, word: str) -> str:
    """The plural of noun ``word``: WordNet's irregular one ("man" → "men") or the regular."""
    form = index.plurals.get(word.lower())
    if form is None:
        return pluralise(word)
    return form[:1].upper() + form[1:] if word[:1].isupper() else form


def pluralise(word: str) -> str:
    """Regular English plural ("conference" → "conferences", "box" → "boxes")."""
    if word.endswith("s"):
        return word
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + ("es" if word.endswith(("x", "z", "ch", "sh")) else "s")

