"""The language resources a run uses, chosen by its settings.

Every stage that reads WordNet gets it from :func:`wordnet_for`, so switching WordNet
off (``[lexicon] wordnet = false``, ``--no-synonyms``) switches it off everywhere: in
the match keys, the substitution tables and every disguise detector. :func:`describe`
says in the report what was used, and whether WordNet was asked for but missing.
"""

from __future__ import annotations

from typing import Any

from wiretrace.lexicon.wordnet import WordNet, load_wordnet


def wordnet_for(use: bool) -> WordNet | None:
    """The WordNet database when ``use`` (the ``lexicon.wordnet`` setting) and it can be
    loaded, else ``None`` (loaded once per process)."""
    return load_wordnet() if use else None


def describe(use: bool) -> dict[str, Any]:
    """What the report records of the lexicon: whether WordNet was used, and from where."""
    if not use:
        return {"wordnet": "off"}
    wordnet = load_wordnet()
    if wordnet is None:
        return {"wordnet": "unavailable",
                "warning": "WordNet could not be loaded: synonyms, fixed expressions and "
                           "tortured phrases are not used"}
    return {"wordnet": str(wordnet.root)}
