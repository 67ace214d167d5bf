"""A packed prepared document unpacks to exactly the document that was packed."""

from __future__ import annotations

import pickle

import pytest

from reuse_texts import LIBRARY, OWN, WIRE, article
from wiretrace.lexicon.resources import wordnet_for
from wiretrace.normalize import Packed, pack, prepare_document, unpacked
from wiretrace.normalize.packed import tokens_of
from wiretrace.normalize.settings import NormalizeSettings
from wiretrace.records import Document

TEXTS = {
    "wire": article(WIRE),
    "own": article(OWN),
    "library": article(LIBRARY),
    "one-word": "Lindhaven",
    "empty": "",
    "spaces": " \n\t ",
    "boilerplate": "By Ana Ruiz\n\n" + article(WIRE[:2]) + "\n\n© 2026 Coastline Press",
}


@pytest.mark.parametrize("name", sorted(TEXTS))
@pytest.mark.parametrize("use_wordnet", [True, False])
def test_unpack_gives_back_the_prepared_document(name: str, use_wordnet: bool) -> None:
    wordnet = wordnet_for(use_wordnet)
    settings = NormalizeSettings()
    doc = prepare_document(Document(name, TEXTS[name]), wordnet, settings=settings)
    packed = pack(doc, settings.max_senses if wordnet is not None else 0)
    assert isinstance(packed, Packed)
    assert (packed.id, packed.text, packed.content_chars) == (doc.id, doc.text,
                                                              doc.content_chars)
    assert list(packed.boilerplate) == doc.boilerplate
    again = unpacked(packed)
    assert again == doc
    assert again.senses == doc.senses and again.weights == doc.weights
    # Survives a trip to a worker and back.
    assert unpacked(pickle.loads(pickle.dumps(packed))) == doc


def test_packed_is_a_fraction_of_the_prepared_document() -> None:
    doc = prepare_document(Document("wire", TEXTS["wire"] * 3), wordnet_for(True))
    packed = pack(doc, NormalizeSettings().max_senses)
    full = len(pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL))
    assert len(packed.blob) < full / 3
    assert unpacked(doc) is doc  # already unpacked: the same object


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_tokens_of_a_packed_document_are_its_tokens(name: str) -> None:
    doc = prepare_document(Document(name, TEXTS[name]), wordnet_for(True))
    packed = pack(doc, NormalizeSettings().max_senses)
    assert tokens_of(packed) == tokens_of(doc) == (doc.text, doc.starts, doc.keys,
                                                   doc.content, doc.sentences)
