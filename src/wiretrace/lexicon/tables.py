"""WordNet compiled into wiretrace's own lexicon tables, and the cache they live in.

Reading the WordNet 3.0 text database takes seconds (index files, every data file for
the expression index, every lemma for the fused-word prefixes). :func:`compile_lexicon`
does that once and writes everything wiretrace reads from WordNet into one folder:

* ``lexicon.npz`` — numpy arrays: string tables (one UTF-8 text per table, one item a
  line) and integer tables that refer to them (a dict of tuples as its keys, and for
  each key the number of its row in a table of the distinct rows, stored shortest
  first); wide integers as byte planes, deflated where that pays (:func:`_npz_bytes`);
* ``manifest.json`` — the format version, where the tables came from, and the size
  and SHA-256 of each file plus a checksum over them.

:class:`LexiconTables` opens such a folder, verifies the manifest and the checksums
before it believes anything, and turns the tables back into the dicts that
:class:`~wiretrace.lexicon.wordnet.WordNet` and
:class:`~wiretrace.lexicon.expressions.ExpressionIndex` expose (equal to what the text
readers produce; the test suite compares them), each part when it is first asked for,
with every loop in C (numpy gathers, ``map``, ``zip``, ``dict``): Python dicts, as
before, because the tortured-phrase detector looks them up millions of times.

Two places hold compiled folders:

* the package itself (``wiretrace/lexicon/data``, built by ``scripts/build_lexicon.py``
  from Debian's WordNet 3.0): what :func:`~wiretrace.lexicon.wordnet.load_wordnet`
  returns by default, so pip alone brings WordNet;
* the user's cache (``$WIRETRACE_CACHE_DIR``, else ``$XDG_CACHE_HOME/wiretrace``, else
  ``~/.cache/wiretrace``), for a WordNet folder the user names (``$WIRETRACE_WORDNET``,
  ``load_wordnet(folder)``). A cached folder is keyed by its source (the names, sizes and
  modification times of the source files), the format version and the code that
  compiles it; a stale, truncated or corrupt one is rebuilt, never used.
"""

from __future__ import annotations

import gc
import hashlib
import io
import json
import logging
import os
import shutil
import tempfile
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cached_property
from itertools import repeat
from pathlib import Path
from typing import Any

import numpy as np

from wiretrace.lexicon.expressions import (
    _CODE_BASE,
    HYPERNYM,
    HYPONYM,
    SIMILAR,
    Expression,
    ExpressionIndex,
    GlossCorpus,
    build_expression_index,
)
from wiretrace.lexicon.wordnet import POS_FILES, WordNet

log = logging.getLogger("wiretrace.lexicon")

FORMAT_VERSION = 1
"""Bump when the tables' layout or meaning changes: older folders are then rebuilt."""

KIND = "wiretrace-lexicon"
MANIFEST = "manifest.json"
TABLES = "lexicon.npz"
PACKAGED_DIR = Path(__file__).with_name("data")
"""The compiled lexicon shipped with the package."""

SOURCE_FILES = tuple(
    f"{kind}.{name}" for name in POS_FILES.values() for kind in ("index", "data")
) + tuple(f"{name}.exc" for name in POS_FILES.values())
"""The files of a WordNet database folder that the tables are compiled from."""

_BUILDER_FILES = (
    Path(__file__),
    Path(__file__).with_name("wordnet.py"),
    Path(__file__).with_name("expressions.py"),
    Path(__file__).parent.parent / "normalize" / "tokens.py",
)
"""The code whose output the tables freeze: a cached folder built by other code is stale."""

_RELATIONS = (SIMILAR, HYPERNYM, HYPONYM)


class LexiconError(Exception):
    """A compiled lexicon folder that is missing, stale, truncated or corrupt."""


# ----------------------------------------------------------------------- encoding


def _encode_strings(items: Iterable[str]) -> np.ndarray:
    """One UTF-8 text, each item followed by a newline."""
    parts = []
    for item in items:
        if "\n" in item:
            raise ValueError(f"a newline in a lexicon string: {item!r}")
        parts.append(item)
        parts.append("\n")
    return np.frombuffer("".join(parts).encode("utf-8"), dtype=np.uint8)


def _decode_strings(array: np.ndarray) -> list[str]:
    return str(memoryview(array), "utf-8").split("\n")[:-1]


def _small_uint(values: Sequence[int] | np.ndarray) -> np.ndarray:
    top = int(np.max(values)) if len(values) else 0
    dtype = np.uint8 if top < 1 << 8 else np.uint16 if top < 1 << 16 else np.uint32
    return np.asarray(values, dtype=dtype)


def _encode_rows(arrays: dict[str, np.ndarray], name: str,
                 rows: Iterable[Iterable[int]]) -> None:
    """Rows of item numbers (one per entry of a table), each distinct row stored once.

    ``name.row``: for each entry, the number of its row; ``name.rows_per_length``: how many
    distinct rows have 0, 1, 2 … items (they are stored shortest first, so that a block of
    equal-length rows decodes as a matrix); ``name.items``: their items, row after row.
    Equal rows decode as one shared tuple — fewer objects to make and for the cyclic GC
    to visit (a third of WordNet's sense lists, half of its pointer lists are repeats).
    """
    distinct: dict[tuple[int, ...], int] = {}
    entries = [distinct.setdefault(tuple(row), len(distinct)) for row in rows]
    ordered = sorted(distinct, key=len)
    renumber = np.empty(len(ordered), dtype=np.int64)
    for new, row in enumerate(ordered):
        renumber[distinct[row]] = new
    longest = len(ordered[-1]) if ordered else 0
    per_length = np.bincount([len(row) for row in ordered], minlength=longest + 1)
    arrays[f"{name}.row"] = renumber[np.asarray(entries, dtype=np.int64)].astype(np.int32)
    arrays[f"{name}.rows_per_length"] = per_length.astype(np.uint32)
    arrays[f"{name}.items"] = np.asarray(
        [item for row in ordered for item in row], dtype=np.int32
    )


def _objects(values: Sequence[Any]) -> np.ndarray:
    """``values`` as a 1-D object array (tuples stay whole), for gathering in C."""
    return np.fromiter(values, dtype=object, count=len(values))


def _decode_rows(items: np.ndarray, per_length: np.ndarray, flat: np.ndarray,
                 row: np.ndarray) -> list[tuple[Any, ...]]:
    """The tuples of :func:`_encode_rows`, one per entry, of the objects ``items``.

    Every loop runs in C (numpy gathers, ``zip``): built a row at a time in Python, the
    tuples of WordNet would take several times longer.
    """
    distinct: list[tuple[Any, ...]] = []
    at = 0
    for k, m in enumerate(per_length.tolist()):
        if m == 0:
            continue
        if k == 0:
            distinct.extend(repeat((), m))
            continue
        block = flat[at : at + m * k].reshape(m, k)
        at += m * k
        if k < 3:  # column by column: no list per row
            distinct.extend(zip(*(items[block[:, j]].tolist() for j in range(k)),
                                strict=True))
        else:  # row by row: no numpy call per column (pointer lists run to 400 items)
            distinct.extend(map(tuple, items[block].tolist()))
    if not distinct:
        return []
    return _objects(distinct)[row].tolist()


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Building a million tuples would otherwise set off the cyclic GC again and again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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
        return _encode_strings(self.ids)


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
        arrays[f"lemmas.{pos}"] = _encode_strings(table)
        _encode_rows(arrays, f"senses.{pos}", (map(sid, row) for row in table.values()))
    bases = _Numbering()
    for pos in POS_FILES:
        exc = wordnet.exceptions[pos]
        arrays[f"exc.{pos}.forms"] = _encode_strings(exc)
        _encode_rows(arrays, f"exc.{pos}", (bases.add_all(row) for row in exc.values()))
    arrays["exc.bases"] = bases.strings()

    forms = _Numbering()
    keys("members", members)
    _encode_rows(arrays, "members", (forms.add_all(row) for row in members.values()))
    arrays["members.forms"] = forms.strings()

    tokens = _Numbering()
    keys("single", index.members)
    _encode_rows(arrays, "single", (tokens.add_all(row) for row in index.members.values()))
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
        [_RELATIONS.index(r) for r, _ in pair_list], dtype=np.uint8
    )
    arrays["pointers.pair_target"] = np.asarray([sid(t) for _, t in pair_list], dtype=np.int32)
    _encode_rows(arrays, "pointers", rows)

    expression_number = {keys: i for i, keys in enumerate(index.expressions)}
    _encode_rows(arrays, "expressions", (tokens.add_all(k) for k in index.expressions))
    arrays["expressions.written"] = _encode_strings(
        e.written for e in index.expressions.values()
    )
    pos_values = _Numbering(e.pos for e in index.expressions.values())
    arrays["expressions.pos_values"] = pos_values.strings()
    arrays["expressions.pos"] = _small_uint(
        [pos_values.ids[e.pos] for e in index.expressions.values()]
    )
    arrays["by_first_length.first"] = np.asarray(
        [tokens.add(first) for first, _ in index.by_first_length], dtype=np.int32
    )
    arrays["by_first_length.n"] = _small_uint([n for _, n in index.by_first_length])
    _encode_rows(arrays, "by_first_length", (
        map(expression_number.__getitem__, row) for row in index.by_first_length.values()
    ))
    arrays["number_words"] = _encode_strings(sorted(index.number_words))
    arrays["tokens"] = tokens.strings()
    arrays["plurals.singular"] = _encode_strings(index.plurals)
    arrays["plurals.plural"] = _encode_strings(index.plurals.values())

    glosses = index.glosses
    stems = sorted(glosses.stem_ids, key=glosses.stem_ids.__getitem__)
    if [glosses.stem_ids[s] for s in stems] != list(range(1, len(stems) + 1)):
        raise ValueError("gloss stem ids are not 1..n")
    arrays["glosses.stems"] = _encode_strings(stems)
    arrays.update(_encode_ngrams(glosses.ngrams))
    arrays["glosses.offsets"] = np.asarray(glosses.offsets, dtype=np.int64)
    arrays.update(_encode_postings(_segment_deltas(glosses.glosses, glosses.offsets)))

    arrays["prefixes"] = _encode_strings(prefixes)
    arrays["prefixes.count"] = _small_uint(list(prefixes.values()))
    arrays["synsets"] = sids.strings()
    return arrays


def _encode_ngrams(ngrams: np.ndarray) -> dict[str, np.ndarray]:
    """The sorted n-gram codes of :class:`GlossCorpus` as a two-level trie: each bigram
    ``(a, b)`` as the gap from the previous ``a`` and ``b``; each trigram ``(a, b, c)`` as
    the gap from the previous trigram's bigram number and ``c`` (every trigram's first
    two words are a bigram of the list, and trigrams sort as their bigrams do)."""
    base = np.int64(_CODE_BASE)
    trigram = ngrams >= base * base
    bigrams, trigrams = ngrams[~trigram], ngrams[trigram]
    prefix = np.searchsorted(bigrams, trigrams // base)
    if len(trigrams) and not (bigrams[np.minimum(prefix, len(bigrams) - 1)]
                              == trigrams // base).all():
        raise ValueError("a gloss trigram whose first two words are not a bigram")
    return {
        "glosses.bigram_first": _small_uint(np.diff(bigrams // base, prepend=0)),
        "glosses.bigram_second": _small_uint(bigrams % base),
        "glosses.trigram_prefix": _small_uint(np.diff(prefix, prepend=0)),
        "glosses.trigram_third": _small_uint(trigrams % base),
    }


def _decode_ngrams(first: np.ndarray, second: np.ndarray, prefix: np.ndarray,
                   third: np.ndarray) -> np.ndarray:
    base = np.int64(_CODE_BASE)
    bigrams = np.cumsum(first, dtype=np.int64) * base + second
    trigrams = bigrams[np.cumsum(prefix, dtype=np.int64)] * base + third
    return np.concatenate([bigrams, trigrams])


def _segment_deltas(values: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Each posting list as its first value and then the gaps (small numbers pack well)."""
    if values.dtype != np.int32:
        raise ValueError("gloss postings are expected as int32")
    deltas = np.diff(values.astype(np.int64), prepend=np.int64(0))
    starts = np.asarray(offsets[:-1])[np.diff(offsets) > 0]
    deltas[starts] = values[starts]
    return deltas.astype(values.dtype)


def _encode_postings(deltas: np.ndarray) -> dict[str, np.ndarray]:
    """Posting gaps as their low 16 bits, plus the few that need more as (where, high
    bits): half the bytes to inflate on every load."""
    wide = np.flatnonzero(deltas >= 1 << 16)
    return {
        "glosses.postings_low": (deltas & 0xFFFF).astype(np.uint16),
        "glosses.postings_high_at": wide.astype(np.int32),
        "glosses.postings_high": (deltas[wide] >> 16).astype(np.uint16),
    }


def _decode_postings(low: np.ndarray, high_at: np.ndarray, high: np.ndarray) -> np.ndarray:
    deltas = low.astype(np.int32)
    deltas[high_at] |= high.astype(np.int32) << 16
    return deltas


def _segment_sums(deltas: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Undo :func:`_segment_deltas`. Sums run in unsigned 32-bit arithmetic: the running
    total may wrap around, but each value (total minus the total before its segment) is
    exact, as it fits in 32 bits."""
    total = np.cumsum(deltas.view(np.uint32), dtype=np.uint32)
    before = np.concatenate((np.zeros(1, np.uint32), total))[np.asarray(offsets[:-1])]
    total -= np.repeat(before, np.diff(offsets))
    return total.view(deltas.dtype)


# ------------------------------------------------------------------ compiling


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
        "checksum": _checksum(files),
    }
    _write_atomic(out / TABLES, data)
    _write_atomic(out / MANIFEST, (json.dumps(manifest, indent=1) + "\n").encode())
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
            stored_name, stored = _shuffled(name, np.asarray(arrays[name]))
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


def _shuffled(name: str, array: np.ndarray) -> tuple[str, np.ndarray]:
    """A 1-D integer array of wide items as its byte planes (all first bytes, then all
    second bytes …): the high bytes of small numbers are runs of zeros, which deflate
    packs into almost nothing. Stored as ``name@dtype``."""
    if array.ndim != 1 or array.dtype.kind not in "iu" or array.dtype.itemsize == 1:
        return name, np.ascontiguousarray(array)
    planes = np.ascontiguousarray(array).view(np.uint8).reshape(-1, array.dtype.itemsize).T
    return f"{name}@{array.dtype.str}", np.ascontiguousarray(planes)


def _unshuffled(stored: np.ndarray, dtype: str) -> np.ndarray:
    width, n = stored.shape
    out = np.empty(n, dtype=np.dtype(dtype))
    view = out.view(np.uint8).reshape(n, width)
    for plane in range(width):  # a strided copy per byte plane: faster than a transpose
        view[:, plane] = stored[plane]
    return out


def _checksum(files: Mapping[str, Mapping[str, Any]]) -> str:
    lines = "".join(f"{name} {files[name]['bytes']} {files[name]['sha256']}\n"
                    for name in sorted(files))
    return hashlib.sha256(lines.encode()).hexdigest()


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)  # mkstemp's 0600 would make package data unreadable to others
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# -------------------------------------------------------------------- loading


class _PositionalFile(io.RawIOBase):
    """A read-only file that reads with ``os.pread`` at a position of its own.

    Worker processes forked after a lexicon was opened share its descriptor; with
    ``seek`` and ``read`` they would move each other's file offset. Nothing of the file
    is kept in memory.
    """

    def __init__(self, path: Path) -> None:
        super().__init__()
        self._fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        self.size = os.fstat(self._fd).st_size
        self._at = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._at

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._at, io.SEEK_END: self.size}[whence]
        self._at = max(0, base + offset)
        return self._at

    def readinto(self, buffer: Any) -> int:
        data = os.pread(self._fd, len(buffer), self._at)
        buffer[: len(data)] = data
        self._at += len(data)
        return len(data)

    def sha256(self) -> str:
        digest = hashlib.sha256()
        at = 0
        while chunk := os.pread(self._fd, 1 << 20, at):
            digest.update(chunk)
            at += len(chunk)
        return digest.hexdigest()

    def close(self) -> None:
        if not self.closed:
            os.close(self._fd)
        super().close()



class LexiconTables:
    """A verified compiled lexicon folder; its parts are decoded when first asked for."""

    def __init__(self, folder: Path, manifest: dict[str, Any], file: _PositionalFile,
                 root: Path | None = None) -> None:
        self.folder = folder
        self.manifest = manifest
        self.root = root if root is not None else folder
        """What :attr:`WordNet.root` says: the WordNet folder the tables were compiled
        from (or, for the packaged lexicon, this folder)."""
        self._file = file
        try:
            self._npz = np.load(file, allow_pickle=False)
        except (OSError, ValueError, zipfile.BadZipFile) as exc:
            raise LexiconError(f"{folder / TABLES}: unreadable ({exc})") from exc
        self._stored = {key.partition("@")[0]: key for key in self._npz.files}
        missing = _REQUIRED - set(self._stored)
        if missing:
            raise LexiconError(f"{folder / TABLES}: missing tables {sorted(missing)[:3]}")

    @classmethod
    def open(cls, folder: Path, *, key: str | None = None,
             root: Path | None = None) -> LexiconTables:
        """Open ``folder`` after checking its manifest, its format version, the sizes and
        checksums of its files and (``key`` given) that it was built from that source;
        :class:`LexiconError` says what is wrong.

        The tables file stays open, and is read again as parts are decoded: the same file
        that was checked (a cache replaced meanwhile is another file), whose every table
        is checked once more by its zip CRC-32 when read.
        """
        folder = Path(folder)
        try:
            manifest = json.loads((folder / MANIFEST).read_bytes())
        except FileNotFoundError as exc:
            raise LexiconError(f"{folder}: no {MANIFEST}") from exc
        except (OSError, ValueError) as exc:
            raise LexiconError(f"{folder / MANIFEST}: unreadable ({exc})") from exc
        if not isinstance(manifest, dict) or manifest.get("kind") != KIND:
            raise LexiconError(f"{folder / MANIFEST}: not a wiretrace lexicon manifest")
        if manifest.get("format") != FORMAT_VERSION:
            raise LexiconError(
                f"{folder}: lexicon format {manifest.get('format')!r}, "
                f"this wiretrace reads {FORMAT_VERSION}"
            )
        if key is not None and manifest.get("source", {}).get("key") != key:
            raise LexiconError(f"{folder}: built from other source files or code (stale)")
        files = manifest.get("files")
        if not isinstance(files, dict) or set(files) != {TABLES}:
            raise LexiconError(f"{folder / MANIFEST}: unexpected file list")
        if manifest.get("checksum") != _checksum(files):
            raise LexiconError(f"{folder / MANIFEST}: checksum does not match its file list")
        expected = files[TABLES]
        try:
            file = _PositionalFile(folder / TABLES)
        except OSError as exc:
            raise LexiconError(f"{folder / TABLES}: unreadable ({exc})") from exc
        try:
            if file.size != expected.get("bytes"):
                raise LexiconError(
                    f"{folder / TABLES}: {file.size} bytes, the manifest says "
                    f"{expected.get('bytes')} (truncated?)"
                )
            if file.sha256() != expected.get("sha256"):
                raise LexiconError(
                    f"{folder / TABLES}: SHA-256 differs from the manifest (corrupt)"
                )
            return cls(folder, manifest, file, root)
        except BaseException:
            file.close()
            raise

    # -- raw tables

    def _array(self, name: str) -> np.ndarray:
        try:
            key = self._stored[name]
            array = self._npz[key]
            _, _, dtype = key.partition("@")
            return _unshuffled(array, dtype) if dtype else array
        except (KeyError, OSError, ValueError, TypeError, EOFError, zlib.error,
                zipfile.BadZipFile) as exc:
            raise LexiconError(f"{self.folder / TABLES}: table {name!r} unreadable") from exc

    def _strings(self, name: str) -> list[str]:
        return _decode_strings(self._array(name))

    def _rows(self, items: np.ndarray, name: str) -> list[tuple[Any, ...]]:
        return _decode_rows(items, self._array(f"{name}.rows_per_length"),
                            self._array(f"{name}.items"), self._array(f"{name}.row"))

    def _keys(self, name: str) -> list[str]:
        return self._synset_objects[self._array(f"{name}.keys")].tolist()

    @cached_property
    def _synsets(self) -> list[str]:
        return self._strings("synsets")

    @cached_property
    def _synset_objects(self) -> np.ndarray:
        return _objects(self._synsets)

    @cached_property
    def _tokens(self) -> list[str]:
        return self._strings("tokens")

    @cached_property
    def _token_objects(self) -> np.ndarray:
        return _objects(self._tokens)

    # -- the parts

    @cached_property
    def wordnet(self) -> WordNet:
        """Lemma senses and exception lists (members come with :meth:`members`)."""
        with _gc_paused():
            senses = {
                pos: dict(zip(self._strings(f"lemmas.{pos}"),
                              self._rows(self._synset_objects, f"senses.{pos}"), strict=True))
                for pos in POS_FILES
            }
            bases = _objects(self._strings("exc.bases"))
            exceptions = {
                pos: dict(zip(self._strings(f"exc.{pos}.forms"),
                              self._rows(bases, f"exc.{pos}"), strict=True))
                for pos in POS_FILES
            }
        wordnet = WordNet(root=self.root, senses=senses, exceptions=exceptions)
        wordnet._tables = self
        return wordnet

    def members(self) -> dict[str, tuple[str, ...]]:
        """Synset id → its lemmas as written (lower case, words joined by spaces)."""
        with _gc_paused():
            return dict(zip(self._keys("members"),
                            self._rows(_objects(self._strings("members.forms")), "members"),
                            strict=True))

    @cached_property
    def prefix_counts(self) -> dict[str, int]:
        return dict(zip(self._strings("prefixes"), self._array("prefixes.count").tolist(),
                        strict=True))

    @cached_property
    def expression_index(self) -> ExpressionIndex:
        """The expression index, each group of its tables decoded when first read."""
        return _CompiledIndex(self)

    def index_part(self, name: str) -> dict[str, Any]:
        """The attributes of :class:`ExpressionIndex` that are decoded with ``name``."""
        with _gc_paused():
            if name in ("members", "pointers"):
                pairs = _objects(list(zip(
                    _objects(_RELATIONS)[self._array("pointers.pair_relation")].tolist(),
                    self._synset_objects[self._array("pointers.pair_target")].tolist(),
                    strict=True,
                )))
                return {
                    "members": dict(zip(self._keys("single"),
                                        self._rows(self._token_objects, "single"),
                                        strict=True)),
                    "pointers": dict(zip(self._keys("pointers"), self._rows(pairs, "pointers"),
                                         strict=True)),
                }
            if name in ("expressions", "by_first_length"):
                tokens = self._tokens
                keys = self._rows(self._token_objects, "expressions")
                pos_values = self._strings("expressions.pos_values")
                pos = map(pos_values.__getitem__, self._array("expressions.pos").tolist())
                values = map(tuple.__new__, repeat(Expression),
                             zip(self._strings("expressions.written"), pos, strict=True))
                firsts = zip(map(tokens.__getitem__,
                                 self._array("by_first_length.first").tolist()),
                             self._array("by_first_length.n").tolist(), strict=True)
                return {
                    "expressions": dict(zip(keys, values, strict=True)),
                    "by_first_length": dict(zip(firsts,
                                                self._rows(_objects(keys), "by_first_length"),
                                                strict=True)),
                }
            if name == "number_words":
                return {"number_words": frozenset(self._strings("number_words"))}
            if name == "plurals":
                return {"plurals": dict(zip(self._strings("plurals.singular"),
                                            self._strings("plurals.plural"), strict=True))}
            if name == "glosses":
                stems = self._strings("glosses.stems")
                offsets = self._array("glosses.offsets")
                return {"glosses": GlossCorpus(
                    stem_ids=dict(zip(stems, range(1, len(stems) + 1), strict=True)),
                    ngrams=_decode_ngrams(self._array("glosses.bigram_first"),
                                          self._array("glosses.bigram_second"),
                                          self._array("glosses.trigram_prefix"),
                                          self._array("glosses.trigram_third")),
                    offsets=offsets,
                    glosses=_segment_sums(_decode_postings(
                        self._array("glosses.postings_low"),
                        self._array("glosses.postings_high_at"),
                        self._array("glosses.postings_high")), offsets),
                )}
        raise AttributeError(name)


_REQUIRED = frozenset(
    {"synsets", "tokens", "members.keys", "single.keys", "pointers.keys", "glosses.stems",
     "glosses.bigram_first", "glosses.trigram_third",
     "prefixes", "expressions.written", "by_first_length.first"}
    | {f"lemmas.{pos}" for pos in POS_FILES} | {f"exc.{pos}.forms" for pos in POS_FILES}
)
"""Tables every compiled folder of this format has (a quick sanity check on open)."""

_INDEX_PARTS = frozenset(
    {"members", "pointers", "expressions", "by_first_length", "number_words", "plurals",
     "glosses"}
)


class _CompiledIndex(ExpressionIndex):
    """An :class:`ExpressionIndex` whose tables are decoded from :class:`LexiconTables`
    when first read; afterwards they are plain instance attributes (no extra cost)."""

    def __init__(self, tables: LexiconTables) -> None:
        object.__setattr__(self, "memo", {})
        object.__setattr__(self, "_tables", tables)

    def __getattr__(self, name: str) -> Any:
        tables = self.__dict__.get("_tables")
        if tables is None or name not in _INDEX_PARTS:
            raise AttributeError(name)
        for attr, value in tables.index_part(name).items():
            object.__setattr__(self, attr, value)
        return self.__dict__[name]

    def __reduce__(self) -> tuple[Any, ...]:
        return (_index_of, (self._tables.wordnet,))


def _index_of(wordnet: WordNet) -> ExpressionIndex:
    from wiretrace.lexicon.expressions import expression_index

    return expression_index(wordnet)


# ---------------------------------------------------------------------- places


def cache_root() -> Path:
    """``$WIRETRACE_CACHE_DIR``, else ``$XDG_CACHE_HOME/wiretrace``, else
    ``~/.cache/wiretrace``."""
    explicit = os.environ.get("WIRETRACE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "wiretrace"


def cache_folder(source: Path) -> Path:
    """Where the compiled lexicon of the WordNet folder ``source`` is cached."""
    name = hashlib.sha256(str(Path(source).resolve()).encode()).hexdigest()[:16]
    return cache_root() / "lexicon" / f"wordnet-{name}"


def packaged_tables() -> LexiconTables:
    """The compiled lexicon shipped with the package (:class:`LexiconError` when it is
    missing or damaged)."""
    return LexiconTables.open(PACKAGED_DIR)


def cached_tables(source: Path) -> LexiconTables | None:
    """The compiled lexicon of the WordNet folder ``source`` from the user's cache,
    compiled first when it is missing, stale or damaged; ``None`` (after a one-line
    warning) when it cannot be compiled there, for the caller to read ``source``
    directly. Processes that need the same folder at once compile it once: the others
    wait for it."""
    source = Path(source)
    key = source_key(source)
    folder = cache_folder(source)
    found = _open_cached(folder, key, source)
    if found is not None:
        return found
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        with _locked(folder.parent / f".{folder.name}.lock"):
            found = _open_cached(folder, key, source)  # another process may have built it
            if found is not None:
                return found
            work = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}."))
            try:
                compile_lexicon(source, work, description=f"compiled from {source}", key=key)
                _replace_folder(work, folder)
            finally:
                shutil.rmtree(work, ignore_errors=True)
        return LexiconTables.open(folder, key=key, root=source)
    except (OSError, LexiconError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        log.warning("wiretrace: cannot use the lexicon cache in %s (%s); reading WordNet "
                    "from %s in memory instead", folder.parent, reason, source)
        return None


def _open_cached(folder: Path, key: str, source: Path) -> LexiconTables | None:
    if not (folder / MANIFEST).exists():
        return None
    try:
        return LexiconTables.open(folder, key=key, root=source)
    except LexiconError as exc:
        log.info("wiretrace: rebuilding the lexicon cache: %s", exc)
        return None


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock on ``path`` (created), held for the ``with`` block."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no waiting, concurrent builds only waste time
        yield
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _replace_folder(new: Path, folder: Path) -> None:
    """Put the folder ``new`` in ``folder``'s place (a reader sees the old or the new one)."""
    old = None
    if folder.exists():
        old = folder.with_name(f".{folder.name}.old-{os.getpid()}")
        shutil.rmtree(old, ignore_errors=True)
        try:
            folder.rename(old)
        except FileNotFoundError:
            old = None  # another process moved it first
    try:
        new.rename(folder)
    except OSError:
        if not (folder / MANIFEST).exists():
            raise
        # Another process put its fresh copy there first: that one is as good.
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
