"""Settings of the stories stage."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class StorySettings:
    same_story_linkage: float = 0.5
    """Share of the pairs between two groups that must be ``same-story`` links to join them."""
    roundup_min_shared_names: int = 1
    """A document is a roundup when the stretches it takes from two parts share fewer names."""
