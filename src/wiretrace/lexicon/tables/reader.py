"""Reading a compiled lexicon folder: :class:`LexiconTables` and its lazy expression index.

:meth:`LexiconTables.open` verifies the manifest, the format version and the checksums
before it believes anything, then turns the tables back into the dicts that
:class:`~wiretrace.lexicon.wordnet.WordNet` and
:class:`~wiretrace.lexicon.expressions.ExpressionIndex` expose, each part when it is
first asked for (:class:`_CompiledIndex` for the expression index), with every loop in
C: Python dicts, as before, because the tortured-phrase detector looks them up millions
of times.
"""

from __future__ import annotations

import gc
import hashlib
import io
import json
import os
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from itertools import repeat
from pathlib import Path
from typing import Any

import numpy as np

from wiretrace.lexicon.expressions import Expression, ExpressionIndex, GlossCorpus
from wiretrace.lexicon.tables.codecs import (
    decode_ngrams,
    decode_postings,
    decode_rows,
    decode_strings,
    objects,
    segment_sums,
    unshuffled,
)
from wiretrace.lexicon.tables.format import (
    FORMAT_VERSION,
    KIND,
    MANIFEST,
    RELATIONS,
    TABLES,
    LexiconError,
    manifest_checksum,
)
from wiretrace.lexicon.wordnet import POS_FILES, WordNet


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
        if manifest.get("checksum") != manifest_checksum(files):
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
            return unshuffled(array, dtype) if dtype else array
        except (KeyError, OSError, ValueError, TypeError, EOFError, zlib.error,
                zipfile.BadZipFile) as exc:
            raise LexiconError(f"{self.folder / TABLES}: table {name!r} unreadable") from exc

    def _strings(self, name: str) -> list[str]:
        return decode_strings(self._array(name))

    def _rows(self, items: np.ndarray, name: str) -> list[tuple[Any, ...]]:
        return decode_rows(items, self._array(f"{name}.rows_per_length"),
                           self._array(f"{name}.items"), self._array(f"{name}.row"))

    def _keys(self, name: str) -> list[str]:
        return self._synset_objects[self._array(f"{name}.keys")].tolist()

    @cached_property
    def _synsets(self) -> list[str]:
        return self._strings("synsets")

    @cached_property
    def _synset_objects(self) -> np.ndarray:
        return objects(self._synsets)

    @cached_property
    def _tokens(self) -> list[str]:
        return self._strings("tokens")

    @cached_property
    def _token_objects(self) -> np.ndarray:
        return objects(self._tokens)

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
            bases = objects(self._strings("exc.bases"))
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
                            self._rows(objects(self._strings("members.forms")), "members"),
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
                pairs = objects(list(zip(
                    objects(RELATIONS)[self._array("pointers.pair_relation")].tolist(),
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
                                                self._rows(objects(keys), "by_first_length"),
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
                    ngrams=decode_ngrams(self._array("glosses.bigram_first"),
                                         self._array("glosses.bigram_second"),
                                         self._array("glosses.trigram_prefix"),
                                         self._array("glosses.trigram_third")),
                    offsets=offsets,
                    glosses=segment_sums(decode_postings(
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
