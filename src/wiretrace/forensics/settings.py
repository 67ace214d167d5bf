"""Settings of the forensics stage: every threshold and weight of the disguise
detectors, the direction vote and the same-story rule."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class SpinSettings:
    """Tortured phrases (a logistic model with hand-set weights, see
    :func:`wiretrace.forensics.tortured.model.score_candidate`) and the spin score."""

    min_score: float = 0.5
    """A tortured-phrase candidate is reported at this confidence or above."""
    relations: tuple[str, ...] = ("synonym", "similar", "hypernym", "hyponym")
    """The WordNet relations through which a written word may stand for the word a
    spinner replaced (synonym: the same synset; similar: a similar adjective; hypernym,
    hyponym: a broader or narrower word)."""
    min_corpus_docs: int = 1
    """Other documents that must use a phrase before it counts as an expression of the corpus."""
    pool: int = 40
    """Relatives per word tried against the corpus (the closest first), one word replaced."""
    pool_pair: int = 15
    """… and when two words are replaced."""
    rarer: float = 0.3
    """Zipf margin by which a corpus substitute must be rarer than the word it replaced."""
    bias: float = -1.6
    one_word_replaced: float = 1.2
    synonym: float = 0.8
    similar: float = 0.4
    hypernym: float = -0.4
    hyponym: float = -0.7
    rank_penalty: float = 0.4
    target_rank_penalty: float = 0.25
    rarity: float = 0.3
    head_not_noun: float = -2.5
    ambiguity: float = -0.5
    never_together: float = 0.8
    cooccurrence: float = -0.3
    three_tokens: float = 1.5
    corpus_margin: float = 1.0
    corpus_only: float = -0.5
    continued: float = -0.8
    free_finds: float = 1.0
    """Confidence the spin score forgives (ordinary text yields about one false flag per
    2,000 words, so a single odd phrase is no evidence of spinning)."""
    score_scale: float = 2.0
    """Spin score = 1 − exp(−rate / scale), rate = confidence-weighted finds per 1,000 words."""
    min_words: int = 200
    """Shorter documents are scored as if they had this many words."""
    replaced_factor: float = 6.25
    """A derived side that swapped this share's inverse of the content words of its spun
    passages for thesaurus neighbours (0.16: twice what ``spun`` needs) scores 1, one
    that swapped just enough for ``spun`` 0.5."""


@dataclass(frozen=True, slots=True)
class TranslationSettings:
    """Machine-translation traces and the translation score."""

    languages: tuple[str, ...] = ("de", "fr", "es", "it", "nl", "pt", "sv", "pl", "tr", "id")
    """Languages whose words are looked for (wordfreq codes)."""
    max_english_zipf: float = 3.0
    """A word left in another language is rare in English (below this Zipf) …"""
    min_foreign_zipf: float = 3.5
    """… and common in the other language …"""
    min_foreign_margin: float = 1.5
    """… by this margin."""
    min_part_zipf: float = 3.0
    """Both parts of a fused word are common English words …"""
    min_short_part_zipf: float = 5.0
    """… very common when they have one to three letters."""
    prefix_min_lemmas: int = 15
    """A word beginning is a prefix ("non", "inter") when this many lemmas are it plus
    another lemma."""
    max_fragment_tokens: int = 3
    untranslated_weight: float = 1.0
    """Words left in another language: the one kind of trace rarer in the originals of
    round trips than in the round trips (PAN 2013: 0.09 against 0.29 per 1,000 words)."""
    broken_sentence_weight: float = 0.25
    """Broken sentences, fused and doubled words show garbled text, not translation: the
    PAN 2013 round trips and their originals carry as many (1.07 / 0.39 / 0.10 against
    0.92 / 0.74 / 0.09 per 1,000 words), and random word edits five broken sentences per
    1,000 words."""
    fused_word_weight: float = 0.25
    dropped_word_weight: float = 0.25
    respelled_name_weight: float = 0.0
    """A name spelled two ways is found in both articles, so it cannot make one of them
    read as translated; it is shown, and counts in the pair's passages."""
    score_scale: float = 4.0
    """Translation score = 1 − exp(−rate / scale), rate = weighted traces per 1,000 words
    (0.5 at 2.8 words left in another language per 1,000 words)."""
    min_words: int = 200
    round_trip_scale: float = 0.4
    """The score of a document that is the derived side of ``translated`` passages is at
    least their grammar change (:class:`~wiretrace.classify.rewording.Rewording`) divided
    by this: twice the change a translated passage needs, so that a passage just
    translated enough scores 0.5."""


@dataclass(frozen=True, slots=True)
class QuoteSettings:
    min_words: int = 4
    """Words a quotation needs."""
    attribution_chars: int = 100
    """Characters before and after a quotation read for its speaker's name."""
    min_similarity: float = 0.45
    """Two quotations by one speaker this similar (and not equal) are an altered quotation."""
    synonym_weight: float = 0.8


@dataclass(frozen=True, slots=True)
class DirectionSettings:
    margin: float = 1.0
    """Votes one side must lead by to be called the source."""
    date_weight: float = 3.0
    credit_weight: float = 2.0
    """An article naming the other's outlet: below a date, above a disguise-trace vote
    against it (which is held to ``credit_weight - margin`` when it opposes a credit)."""
    credit_ordinary_zipf: float = 4.0
    """An outlet's one-word name this common in English (Zipf; "Time", "Fortune", "Energy")
    is not read as a credit at the start of a sentence …"""
    credit_short_max_zipf: float = 5.0
    """… and a name of three letters or fewer this common ("US", "UK") is not read at all."""
    trace_weight: float = 1.5
    usual_weight: float = 0.5
    """Low because the sign depends on the tool: spinners reach for rarer words, but
    machine translation returns the commoner ones (on PAN 2013 translations the
    "more usual" side was the copy in 2 of 3 pairs)."""
    usual_min_difference: float = 0.3
    """Zipf difference for a replacement to count as more usual on one side."""
    fit_step: float = 0.1
    """A context-fit lead of this much, relative to the better fit (the looser side's
    fit 10% below the tighter side's), is worth one vote …"""
    fit_max: float = 2.5
    """… up to this many, below a date so that a date still decides;"""
    fit_full_context: int = 100
    """the vote is scaled down when fewer context tokens than this were read."""
    fit_min_relative: float = 0.1
    """No vote when the looser side's fit is within this share of the tighter side's …"""
    fit_min_difference: float = 0.01
    """… or within this many points of it."""
    fit_context_cap: int = 400
    """Context tokens read at most on each side."""
    fit_min_context: int = 30
    """Context-fit abstains when a side has fewer context tokens than this."""
    containment_weight: float = 0.0
    contained: float = 0.9
    """Coverage above which a document counts as lying inside the other …"""
    container: float = 0.6
    """… when the other's coverage is below this."""


@dataclass(frozen=True, slots=True)
class SameStorySettings:
    min_names: int = 2
    """Distinctive names two articles must share (without a shared quotation) …"""
    min_name_share: float = 0.2
    """… and the share of the distinctive names of the article with fewer they make up."""
    max_name_df: float = 0.05
    """A name held by more than this share of the corpus is not distinctive …"""
    min_name_df_limit: int = 10
    """… unless it is held by at most this many documents (a small corpus of one story)."""
    common_word_zipf: float = 4.5
    """A name made up of words at least this common in English (wordfreq's Zipf scale:
    about 30 per million words; "eastern europe", "prime minister") is not distinctive,
    in any corpus; nor is a dictionary entry ("baltic sea"; WordNet, when used)."""
    max_days: int = 7


@dataclass(frozen=True, slots=True)
class ForensicsSettings:
    enabled: bool = True
    """Disguise evidence, direction and same-story links (scan, compare, check)."""
    spin: SpinSettings = field(default_factory=SpinSettings)
    translation: TranslationSettings = field(default_factory=TranslationSettings)
    quotes: QuoteSettings = field(default_factory=QuoteSettings)
    direction: DirectionSettings = field(default_factory=DirectionSettings)
    same_story: SameStorySettings = field(default_factory=SameStorySettings)
