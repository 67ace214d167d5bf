"""The confidence of a tortured-phrase candidate: a logistic model whose weights (set by
hand from the tortured-phrases development set and news sentences) are settings
(:class:`~wiretrace.forensics.settings.SpinSettings`)."""

from __future__ import annotations

import math

from wiretrace.forensics.settings import SpinSettings
from wiretrace.forensics.tortured.candidates import Candidate
from wiretrace.lexicon.expressions import HYPERNYM, HYPONYM, SAME, SIMILAR, SYNONYM


def score_candidate(cand: Candidate, s: SpinSettings | None = None) -> float:
    """Confidence (0–1) that the phrase of ``cand`` is a spun copy of its expression."""
    s = s or SpinSettings()
    bonus = {SYNONYM: s.synonym, SIMILAR: s.similar, HYPERNYM: s.hypernym, HYPONYM: s.hyponym}
    replaced = [link for link in cand.links if link.relation != SAME]
    z = s.bias
    if len(replaced) == 1:
        z += s.one_word_replaced
    z += sum(bonus[link.relation] for link in replaced) / len(replaced)
    z -= s.rank_penalty * sum(min(link.rank, 4) for link in replaced) / len(replaced)
    z -= s.target_rank_penalty * sum(min(link.target_rank, 4) for link in replaced) / len(replaced)
    z += s.rarity * max(-2.0, min(2.0, cand.rarity))
    head = cand.links[-1]
    if head.relation != SAME and head.pos != "n":
        z += s.head_not_noun
    z += s.ambiguity * math.log(cand.alternatives)
    if cand.cooccurrence == 0:
        z += s.never_together
    else:
        z += s.cooccurrence * math.log1p(cand.cooccurrence)
    if len(cand.links) == 3:
        z += s.three_tokens
    margin = cand.corpus_expected - cand.corpus_observed
    z += s.corpus_margin * max(-3, min(margin, 3))
    if cand.source == "corpus":
        z += s.corpus_only
    if cand.continued:
        z += s.continued
    return 1.0 / (1.0 + math.exp(-z))

