"""The compact form a prepared document takes between stages.

A :class:`~wiretrace.normalize.prepare.PreparedDoc` holds a dozen parallel lists per
token (about 140 KB in memory for a 5 KB article); the main process of a large scan
keeps every document between the stages, and every task sends its documents to a
worker. :class:`Packed` is what it keeps and sends instead: the document's id, text
and boilerplate lines (what the report and the direction vote read), and the rest
compressed — the token offsets, match keys, stems, flags, weights and sentences. The
WordNet senses are not stored (they were a third of the size): they follow from the
match keys and are looked up again, once per distinct word, when a worker unpacks the
document.

``unpack(pack(doc)) == doc`` for every prepared document (tested). The blob is plain
bytes — length-prefixed arrays and strings, zlib-compressed, no pickle — so it can be
stored (the archive keeps each article's) and read back from a file without running
code from it.
"""

from __future__ import annotations

import io
import struct
import zlib
from array import array
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from wiretrace.lexicon.resources import wordnet_for
from wiretrace.normalize.prepare import PreparedDoc, word_senses
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
        _SEP.join(doc.keys).encode("utf-8", "surrogatepass"),
        stems.encode("utf-8", "surrogatepass"), flags,
        array("I", [t for s in doc.sentences for t in s]).tobytes(),
        array("d", doc.weights).tobytes(),
        _vectors_bytes(doc.sentence_vectors),
    )
    header = struct.pack(f"<B{len(payload)}I", _FORMAT, *map(len, payload))
    blob = zlib.compress(header + b"".join(payload), 1)
    return Packed(doc.id, doc.text, tuple(doc.boilerplate), doc.content_chars, max_senses,
                  blob)


def _ints(data: bytes) -> list[int]:
    out = array("I")
    out.frombytes(data)
    return out.tolist()


_FORMAT = 1
"""Version of the blob's layout (its first byte)."""
_FIELDS = 8


class PackedFormatError(ValueError):
    """A blob that :func:`pack` did not write (corrupt, or of another version)."""


def _vectors_bytes(vectors: Any) -> bytes:
    if vectors is None:
        return b""
    import numpy as np

    out = io.BytesIO()
    np.save(out, np.asarray(vectors), allow_pickle=False)
    return out.getvalue()


def _payload(blob: bytes) -> tuple[Any, ...]:
    """What :func:`pack` put in the blob: three arrays' bytes, keys and stems as text,
    flags, sentences and weights as bytes, the sentence vectors (or ``None``)."""
    try:
        data = zlib.decompress(blob)
        head = struct.calcsize(f"<B{_FIELDS}I")
        version, *sizes = struct.unpack_from(f"<B{_FIELDS}I", data)
    except (zlib.error, struct.error) as exc:
        raise PackedFormatError(f"not a packed document: {exc}") from None
    if version != _FORMAT or head + sum(sizes) != len(data):
        raise PackedFormatError(f"not a packed document of format {_FORMAT}")
    parts, at = [], head
    for size in sizes:
        parts.append(data[at : at + size])
        at += size
    starts, ends, keys, stems, flags, sentences, weights, vectors = parts
    arrays = None
    if vectors:
        import numpy as np

        arrays = np.load(io.BytesIO(vectors), allow_pickle=False)
    return (starts, ends, keys.decode("utf-8", "surrogatepass"),
            stems.decode("utf-8", "surrogatepass"), flags, sentences,
            weights, arrays)


def readable(blob: bytes) -> bool:
    """Whether ``blob`` is one :func:`pack` wrote (not corrupt, of this format)."""
    try:
        _payload(blob)
    except PackedFormatError:
        return False
    return True


def _flags(flags: bytes) -> tuple[list[bool], list[bool]]:
    """Each token's content and boilerplate flags (bits 0 and 1 of its byte)."""
    import numpy as np

    bits = np.frombuffer(flags, dtype=np.uint8)
    return (bits & 1).astype(bool).tolist(), (bits & 2).astype(bool).tolist()


def _sentences(data: bytes) -> list[tuple[int, int]]:
    bounds = _ints(data)
    return list(zip(bounds[::2], bounds[1::2], strict=True))


def unpack(packed: Packed) -> PreparedDoc:
    """The :class:`PreparedDoc` that :func:`pack` packed."""
    starts_b, ends_b, keys_s, stems_s, flags, sentences_b, weights_b, vectors = _payload(
        packed.blob)
    keys = keys_s.split(_SEP) if flags else []
    stems = [s or k for s, k in zip(stems_s.split(_SEP), keys, strict=True)] if flags else []
    content, boiler = _flags(flags)
    weights = array("d")
    weights.frombytes(weights_b)
    wordnet = wordnet_for(True) if packed.max_senses else None
    senses = word_senses(keys, content, wordnet, packed.max_senses)
    return PreparedDoc(
        id=packed.id, text=packed.text, starts=_ints(starts_b), ends=_ints(ends_b),
        keys=keys, stems=stems, content=content, boiler=boiler, weights=weights.tolist(),
        senses=senses, sentences=_sentences(sentences_b),
        boilerplate=list(packed.boilerplate), content_chars=packed.content_chars,
        sentence_vectors=vectors,
    )


class Tokens(NamedTuple):
    """The tokens of a document without their WordNet senses: what a reader of names and
    sentences needs, unpacked at a fraction of the cost of the whole document."""

    text: str
    starts: list[int]
    keys: list[str]
    content: list[bool]
    sentences: list[tuple[int, int]]


def tokens_of(doc: Prepared) -> Tokens:
    """The :class:`Tokens` of ``doc``."""
    if isinstance(doc, PreparedDoc):
        return Tokens(doc.text, doc.starts, doc.keys, doc.content, doc.sentences)
    starts_b, _ends, keys_s, _stems, flags, sentences_b, _weights, _vectors = _payload(doc.blob)
    return Tokens(doc.text, _ints(starts_b), keys_s.split(_SEP) if flags else [],
                  _flags(flags)[0], _sentences(sentences_b))


def unpacked(doc: Prepared) -> PreparedDoc:
    """``doc`` as a :class:`PreparedDoc` (unpacked when it is packed)."""
    return doc.unpack() if isinstance(doc, Packed) else doc


