"""The compact form a prepared document takes between stages.

A :class:`~wiretrace.normalize.prepare.PreparedDoc` holds a dozen parallel lists per
token (about 140 KB in memory for a 5 KB article); the main process of a large scan
keeps every document between the stages, and every task sends its documents to a
worker. :class:`Packed` is what it keeps and sends instead: the document's id, text
and boilerplate lines (what the report and the direction vote read), and the rest
compressed — the token offsets, match keys, stems, flags and sentences. The WordNet
senses and the information weights are not stored: they follow from the match keys
and are looked up again when a worker unpacks the document.

``unpack(pack(doc)) == doc`` for every prepared document (tested).
"""

from __future__ import annotations

import pickle
import zlib
from array import array
from dataclasses import dataclass, field, replace

from wiretrace.lexicon.frequency import word_weight
from wiretrace.lexicon.resources import wordnet_for
from wiretrace.normalize.prepare import PreparedDoc
from wiretrace.records import Span

_SEP = "\x00"  # never inside a token (tokens are runs of non-space characters)


@dataclass(frozen=True, slots=True)
class Packed:
    """A prepared document, packed (see the module)."""

    id: str
    text: str = field(repr=False)
    boilerplate: tuple[tuple[Span, str], ...]
    content_chars: int
    max_senses: int
    """How many WordNet senses each content word had (0: prepared without WordNet)."""
    blob: bytes = field(repr=False)

    def unpack(self) -> PreparedDoc:
        """The prepared document again, exactly as it was packed."""
        return unpack(self)

    def with_text(self, text: str) -> Packed:
        """The same document holding ``text`` (equal to its own), so that the main
        process keeps one copy of each text, not one per stage."""
        if text != self.text:
            raise ValueError(f"{self.id}: not the text this document was prepared from")
        return replace(self, text=text)


Prepared = PreparedDoc | Packed
"""A prepared document in either form: ``id``, ``text``, ``boilerplate`` and
``content_chars`` read the same on both; :func:`unpacked` gives the tokens."""


def pack(doc: PreparedDoc, max_senses: int) -> Packed:
    """The packed form of ``doc``, prepared with ``max_senses`` WordNet senses per word
    (0 when prepared without WordNet)."""
    stems = _SEP.join("" if s == k else s for s, k in zip(doc.stems, doc.keys, strict=True))
    flags = bytes(c | (b << 1) for c, b in zip(doc.content, doc.boiler, strict=True))
    payload = (
        array("I", doc.starts).tobytes(), array("I", doc.ends).tobytes(),
        _SEP.join(doc.keys), stems, flags,
        array("I", [t for s in doc.sentences for t in s]).tobytes(),
        doc.sentence_vectors,
    )
    blob = zlib.compress(pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL), 1)
    return Packed(doc.id, doc.text, tuple(doc.boilerplate), doc.content_chars, max_senses,
                  blob)


def _ints(data: bytes) -> list[int]:
    out = array("I")
    out.frombytes(data)
    return out.tolist()


def unpack(packed: Packed) -> PreparedDoc:
    """The :class:`PreparedDoc` that :func:`pack` packed."""
    starts_b, ends_b, keys_s, stems_s, flags, sentences_b, vectors = pickle.loads(
        zlib.decompress(packed.blob))
    keys = keys_s.split(_SEP) if flags else []
    stems = [s or k for s, k in zip(stems_s.split(_SEP), keys, strict=True)] if flags else []
    content = [bool(f & 1) for f in flags]
    boiler = [bool(f & 2) for f in flags]
    weights = [word_weight(k) if c else 0.0 for k, c in zip(keys, content, strict=True)]
    wordnet = wordnet_for(True) if packed.max_senses else None
    if wordnet is not None:
        n = packed.max_senses
        senses = [tuple(wordnet.synsets(k, n)) if c and not k[:1].isdigit() else ()
                  for k, c in zip(keys, content, strict=True)]
    else:
        senses = [()] * len(keys)
    bounds = _ints(sentences_b)
    return PreparedDoc(
        id=packed.id, text=packed.text, starts=_ints(starts_b), ends=_ints(ends_b),
        keys=keys, stems=stems, content=content, boiler=boiler, weights=weights,
        senses=senses, sentences=list(zip(bounds[::2], bounds[1::2], strict=True)),
        boilerplate=list(packed.boilerplate), content_chars=packed.content_chars,
        sentence_vectors=vectors,
    )


def unpacked(doc: Prepared) -> PreparedDoc:
    """``doc`` as a :class:`PreparedDoc` (unpacked when it is packed)."""
    return doc.unpack() if isinstance(doc, Packed) else doc


def packed_from(doc: Prepared, max_senses: int) -> Packed:
    """``doc`` as a :class:`Packed`."""
    return doc if isinstance(doc, Packed) else pack(doc, max_senses)


