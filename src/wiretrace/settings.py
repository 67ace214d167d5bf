"""All tunable settings of a run, as one plain record (recorded in every report)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from wiretrace.align.settings import AlignSettings
from wiretrace.candidates.inverted_index import CandidateSettings


@dataclass(frozen=True, slots=True)
class Settings:
    align: AlignSettings = field(default_factory=AlignSettings)
    candidates: CandidateSettings = field(default_factory=CandidateSettings)
    synonyms: bool = True
    """Use WordNet synonyms when it is installed (``/usr/share/wordnet``)."""
    embeddings: bool = False
    """Also compare sentences by embedding vectors (needs the ``embeddings`` extra)."""
    forensics: bool = True
    """Disguise evidence, direction, same-story links and lineage (scan, compare, check)."""
    lexicon: tuple[tuple[str, str], ...] = ()
    """Optional user lexicon: (tortured, correct) phrase pairs (``--lexicon FILE``)."""
    corpus_boilerplate_min_docs: int = 3
    """A short line found in this many documents is boilerplate (0 turns this off)."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
