"""Settings of the classify stage: passage kinds and the pair's relation."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ClassifySettings:
    verbatim_exact: float = 0.95
    """Share of words inside exact runs for ``verbatim``."""
    edited_max_substitution: float = 0.12
    """At most this share of the kept-or-replaced words replaced, for ``edited``."""
    parallel: float = 0.75
    """Share of words kept or replaced in place, for ``edited`` and ``spun``."""
    same_length: tuple[float, float] = (0.75, 1.33)
    """Length ratio (words of a / words of b) for ``spun`` and ``translated``."""
    edited_min_exact: float = 0.6
    """A passage of another length with this share of words in exact runs is ``edited``."""
    duplicate_coverage: float = 0.9
    """Both documents at least this much covered by verbatim passages: ``duplicate``."""
    max_substitution: int = 3
    """Longest phrase (in words) counted as one substitution ("artificial intelligence")."""
