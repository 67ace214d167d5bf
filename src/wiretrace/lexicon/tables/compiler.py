"""Compiling a WordNet database folder into the lexicon tables, and writing them.

:func:`compile_lexicon` reads the WordNet 3.0 text files once (seconds), lays out
everything wiretrace reads from them as arrays (:func:`encode_lexicon`) and writes them
with their manifest (:func:`write_tables`): the same bytes for the same input.
:func:`source_key` names what a cached folder was compiled from and by which code.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from wiretrace.lexicon.cache import write_atomic
from wiretrace.lexicon.expressions import ExpressionIndex, build_expression_index
from wiretrace.lexicon.tables.codecs import (
    encode_ngrams,
    encode_postings,
    encode_rows,
    encode_strings,
    segment_deltas,
    shuffled,
    small_uint,
)
from wiretrace.lexicon.tables.format import (
    FORMAT_VERSION,
    KIND,
    MANIFEST,
    RELATIONS,
    SOURCE_FILES,
    TABLES,
    manifest_checksum,
)
from wiretrace.lexicon.wordnet import POS_FILES, WordNet

_PACKAGE = Path(__file__).parent
_BUILDER_FILES = (
    *(_PACKAGE / f"{name}.py"
      for name in ("__init__", "format", "codecs", "compiler", "reader", "locations")),
    _PACKAGE.parent / "wordnet.py",
    _PACKAGE.parent / "expressions.py",
    _PACKAGE.parent.parent / "normalize" / "tokens.py",
)
"""The code whose output the tables freeze: a cached folder built by other code is stale.
(All of this package, as when it was one module, and the readers it compiles from.)"""


class _Numbering:
    """Strings numbered in order of first appearance."""

    def __init__(self, items: Iterable[str] = ()) -> None:
        self.ids: dict[str, int] = {}
        self.add_all(items)

    def add(self, item: str) -> int:
        found = self.ids.get(item)
        if found is None:
            found = self.ids[item] = len(self.ids)
        return found

    def add_all(self, items: Iterable[str]) -> list[int]:
        return [self.add(item) for item in items]

    def strings(self) -> np.ndarray:
        return encode_strings(self.ids)


def count_prefixes(senses: Mapping[str, Mapping[str, Any]]) -> Counter[str]:
    """How many alphabetic lemmas are each word beginning (2–6 letters) plus another
    lemma ("non" + "alcoholic", "inter" + "national")."""
    lemmas = {w for table in senses.values() for w in table if w.isalpha()}
    counts: Counter[str] = Counter()
    for lemma in lemmas:
        for cut in range(2, min(7, len(lemma) - 2)):
            if lemma[cut:] in lemmas:
                counts[lemma[:cut]] += 1
    return counts


def encode_lexicon(
    wordnet: WordNet,
    members: Mapping[str, tuple[str, ...]],
    index: ExpressionIndex,
    prefixes: Mapping[str, int],
) -> dict[str, np.ndarray]:
    """The arrays of ``lexicon.npz`` for a WordNet, its synset members, its expression
    index and its prefix counts."""
    arrays: dict[str, np.ndarray] = {}
    sids = _Numbering(members)
    sids.add_all(index.members)
    sids.add_all(index.pointers)
    for table in wordnet.senses.values():
        for senses in table.values():
            sids.add_all(senses)
    for ptrs in index.pointers.values():
        sids.add_all(t for _, t in ptrs)
    sid = sids.ids.__getitem__

    def keys(name: str, table: Iterable[str]) -> None:
        arrays[f"{name}.keys"] = np.asarray([sid(k) for k in table], dtype=np.int32)

    for pos in POS_FILES:
        table = wordnet.senses[pos]
        arrays[f"lemmas.{pos}"] = encode_strings(table)
        encode_rows(arrays, f"senses.{pos}", (map(sid, row) for row in table.values()))
    bases = _Numbering()
    for pos in POS_FILES:
        exc = wordnet.exceptions[pos]
        arrays[f"exc.{pos}.forms"] = encode_strings(exc)
        encode_rows(arrays, f"exc.{pos}", (bases.add_all(row) for row in exc.values()))
    arrays["exc.bases"] = bases.strings()

    forms = _Numbering()
    keys("members", members)
    encode_rows(arrays, "members", (forms.add_all(row) for row in members.values()))
    arrays["members.forms"] = forms.strings()

    tokens = _Numbering()
    keys("single", index.members)
    encode_rows(arrays, "single", (tokens.add_all(row) for row in index.members.values()))
    keys("pointers", index.pointers)
    pairs = _Numbering()  # (relation, target) pairs, numbered through a string key
    pair_list: list[tuple[str, str]] = []
    rows = []
    for ptrs in index.pointers.values():
        row = []
        for relation, target in ptrs:
            before = len(pairs.ids)
            row.append(pairs.add(f"{relation} {target}"))
            if len(pairs.ids) > before:
                pair_list.append((relation, target))
        rows.append(row)
    arrays["pointers.pair_relation"] = np.asarray(
        [RELATIONS.index(r) for r, _ in pair_list], dtype=np.uint8
    )
    arrays["pointers.pair_target"] = np.asarray([sid(t) for _, t in pair_list], dtype=np.int32)
    encode_rows(arrays, "pointers", rows)

    expression_number = {keys: i for i, keys in enumerate(index.expressions)}
    encode_rows(arrays, "expressions", (tokens.add_all(k) for k in index.expressions))
    arrays["expressions.written"] = encode_strings(
        e.written for e in index.expressions.values()
    )
    pos_values = _Numbering(e.pos for e in index.expressions.values())
    arrays["expressions.pos_values"] = pos_values.strings()
    arrays["expressions.pos"] = small_uint(
        [pos_values.ids[e.pos] for e in index.expressions.values()]
    )
    arrays["by_first_length.first"] = np.asarray(
        [tokens.add(first) for first, _ in index.by_first_length], dtype=np.int32
    )
    arrays["by_first_length.n"] = small_uint([n for _, n in index.by_first_length])
    encode_rows(arrays, "by_first_length", (
        map(expression_number.__getitem__, row) for row in index.by_first_length.values()
    ))
    arrays["number_words"] = encode_strings(sorted(index.number_words))
    arrays["tokens"] = tokens.strings()
    arrays["plurals.singular"] = encode_strings(index.plurals)
    arrays["plurals.plural"] = encode_strings(index.plurals.values())

    glosses = index.glosses
    stems = sorted(glosses.stem_ids, key=glosses.stem_ids.__getitem__)
    if [glosses.stem_ids[s] for s in stems] != list(range(1, len(stems) + 1)):
        raise ValueError("gloss stem ids are not 1..n")
    arrays["glosses.stems"] = encode_strings(stems)
    arrays.update(encode_ngrams(glosses.ngrams))
    arrays["glosses.offsets"] = np.asarray(glosses.offsets, dtype=np.int64)
    arrays.update(encode_postings(segment_deltas(glosses.glosses, glosses.offsets)))

    arrays["prefixes"] = encode_strings(prefixes)
    arrays["prefixes.count"] = small_uint(list(prefixes.values()))
    arrays["synsets"] = sids.strings()
    return arrays


def source_key(source: Path) -> str:
    """Identifies a WordNet folder's files (names, sizes, modification times) together with
    the format version and the code that compiles them."""
    digest = hashlib.sha256()
    digest.update(f"{KIND} {FORMAT_VERSION}\n".encode())
    for name in SOURCE_FILES:
        try:
            st = (source / name).stat()
        except OSError:
            continue
        digest.update(f"{name} {st.st_size} {st.st_mtime_ns}\n".encode())
    digest.update(builder_fingerprint().encode())
    return digest.hexdigest()


def builder_fingerprint() -> str:
    """SHA-256 over the code that the compiled tables depend on."""
    digest = hashlib.sha256()
    for path in _BUILDER_FILES:
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(f"missing {path.name}".encode())
    return digest.hexdigest()


def compile_lexicon(
    source: Path, out: Path, *, description: str = "", key: str | None = None
) -> dict[str, Any]:
    """Read the WordNet database in ``source`` and write the compiled lexicon into ``out``
    (created if needed); returns the manifest. ``key``: the :func:`source_key` it is
    cached under, recorded in the manifest."""
    source = Path(source)
    if not (source / "index.noun").is_file():
        raise FileNotFoundError(f"no WordNet database in {source} (index.noun missing)")
    wordnet = WordNet.load(source)
    members = wordnet._load_members()
    index = build_expression_index(source)
    prefixes = dict(sorted(count_prefixes(wordnet.senses).items()))
    arrays = encode_lexicon(wordnet, members, index, prefixes)
    counts = {
        "lemmas": sum(len(t) for t in wordnet.senses.values()),
        "synsets": len(members),
        "expressions": len(index.expressions),
        "gloss_ngrams": len(index.glosses.ngrams),
    }
    return write_tables(out, arrays, description=description, key=key, counts=counts)


def write_tables(
    out: Path,
    arrays: Mapping[str, np.ndarray],
    *,
    description: str = "",
    key: str | None = None,
    counts: Mapping[str, int] | None = None,
) -> dict[str, Any]:
    """Write ``arrays`` as ``out/lexicon.npz`` and its manifest (each file through a
    temporary name, so a reader never sees half a file under the final name)."""
    out.mkdir(parents=True, exist_ok=True)
    data = _npz_bytes(arrays)
    files = {TABLES: {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}}
    manifest = {
        "kind": KIND,
        "format": FORMAT_VERSION,
        "source": {"description": description, "key": key},
        "builder": builder_fingerprint(),
        "counts": dict(counts or {}),
        "files": files,
        "checksum": manifest_checksum(files),
    }
    write_atomic(out / TABLES, data)
    write_atomic(out / MANIFEST, (json.dumps(manifest, indent=1) + "\n").encode())
    return manifest


def _npz_bytes(arrays: Mapping[str, np.ndarray]) -> bytes:
    """An ``.npz`` archive that is the same bytes for the same arrays (no time stamps)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name in sorted(arrays):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            member = io.BytesIO()
            stored_name, stored = shuffled(name, np.asarray(arrays[name]))
            info.filename = f"{stored_name}.npy"
            np.lib.format.write_array(member, stored, allow_pickle=False)
            raw = member.getvalue()
            # Deflate where it pays: a table it shrinks by less than a third is stored
            # as is, and costs no inflating on every load.
            if len(zlib.compress(raw, 9)) > _STORE_ABOVE * len(raw):
                info.compress_type = zipfile.ZIP_STORED
            zf.writestr(info, raw, compresslevel=9)
    return buffer.getvalue()


_STORE_ABOVE = 0.67
