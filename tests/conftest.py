"""Fixtures shared by several test files."""

from __future__ import annotations

import pytest

from wiretrace.lexicon.wordnet import WordNet, load_wordnet


@pytest.fixture(scope="module")
def wordnet() -> WordNet:
    """The WordNet database (Debian wordnet-base, installed by scripts/bootstrap)."""
    wn = load_wordnet()
    if wn is None:
        pytest.skip("WordNet (Debian wordnet-base) is not installed")
    return wn
