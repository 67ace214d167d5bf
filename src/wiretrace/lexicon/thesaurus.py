"""Thesaurus neighbours: two words that WordNet relates in one step — a shared sense
(synonyms), a similar adjective, a broader or a narrower word. What a synonym spinner
swaps one word for."""

from __future__ import annotations

from collections.abc import Sequence

from wiretrace.lexicon.expressions import HYPERNYM, HYPONYM, SIMILAR, SYNONYM, ExpressionIndex

_REVERSE = {SIMILAR: SIMILAR, HYPERNYM: HYPONYM, HYPONYM: HYPERNYM}


def neighbours(
    index: ExpressionIndex, senses_a: Sequence[str], senses_b: Sequence[str]
) -> str | None:
    """How WordNet relates a word with senses (synset ids) ``senses_a`` to one with
    ``senses_b``: ``"synonym"`` (a sense shared), ``"similar"``, ``"hypernym"`` (the
    second word is broader), ``"hyponym"`` (narrower), or ``None``."""
    if not senses_a or not senses_b:
        return None
    set_b = set(senses_b)
    if not set_b.isdisjoint(senses_a):
        return SYNONYM
    pointers = index.pointers
    for sid in senses_a:
        for relation, target in pointers.get(sid, ()):
            if target in set_b:
                return relation
    set_a = set(senses_a)
    for sid in senses_b:
        for relation, target in pointers.get(sid, ()):
            if target in set_a:
                return _REVERSE[relation]
    return None
