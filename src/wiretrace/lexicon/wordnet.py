"""WordNet 3.0 for wiretrace: lemma senses, synset members, morphy, and where they come from.

wiretrace reads a few parts of the Princeton WordNet 3.0 database (format: WordNet's
``wndb(5)`` manual page):

* which synsets (senses) a lemma belongs to, most frequent sense first
  (``index.<pos>``) — two words are synonyms when they share a synset;
* the lemmas of each synset (``data.<pos>``), loaded only when asked for;
* WordNet's "morphy" lemmatiser: exception lists plus suffix rules.

:func:`load_wordnet` returns, by default, the compiled lexicon shipped with the package
(``wiretrace/lexicon/data``, see :mod:`wiretrace.lexicon.tables`): pip alone brings it,
and it loads in milliseconds. A WordNet database folder (Debian's ``wordnet-base``
installs one in ``/usr/share/wordnet``) is used when asked for — ``$WIRETRACE_WORDNET``
or ``load_wordnet(folder)`` — and compiled once into the user's cache. :meth:`WordNet.load`
reads such a folder's text files directly (NLTK can read them too but refuses paths
outside its own data folders); the compiler uses it.

When no lexicon can be found, :func:`load_wordnet` returns ``None`` and the rest of
wiretrace runs without synonym matching.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

POS_FILES = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}

# WordNet's morphy detachment rules, per part of speech.
_SUFFIX_RULES: dict[str, tuple[tuple[str, str], ...]] = {
    "n": (("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"),
          ("shes", "sh"), ("men", "man"), ("ies", "y")),
    "v": (("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""),
          ("ing", "e"), ("ing", "")),
    "a": (("er", ""), ("est", ""), ("er", "e"), ("est", "e")),
    "r": (),
}

DEFAULT_LOCATIONS = ("/usr/share/wordnet", "/usr/local/share/wordnet", "/usr/share/wordnet-3.0")


def _data_lines(path: Path) -> Iterator[str]:
    with path.open("rb") as fh:
        for raw in fh:
            if raw.startswith(b"  "):  # licence header
                continue
            yield raw.decode("utf-8", "replace")


_LEMMA_MEMO_LIMIT = 200_000
"""Words whose base forms a :class:`WordNet` keeps before it starts afresh."""


@dataclass
class WordNet:
    """Lemma → synsets, synset → lemmas, and the morphological exception lists."""

    root: Path
    senses: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    exceptions: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    _members: dict[str, tuple[str, ...]] | None = None
    _tables: Any = field(default=None, compare=False, repr=False)
    """The compiled :class:`~wiretrace.lexicon.tables.LexiconTables` it was loaded from."""
    _prefix_counts: dict[str, int] | None = field(default=None, compare=False, repr=False)
    _lemma_memo: dict[tuple[str, str | None], tuple[tuple[str, str], ...]] = field(
        default_factory=dict, compare=False, repr=False)
    _synset_memo: dict[tuple[str, int, str | None], tuple[str, ...]] = field(
        default_factory=dict, compare=False, repr=False)

    def __reduce_ex__(self, protocol: Any) -> Any:
        # Loaded from compiled tables: travel as where to load them from (another process
        # opens its own copy in milliseconds) instead of as a few hundred thousand dicts.
        if self._tables is not None:
            packaged = self._tables.folder == _packaged_dir()
            return (_reopen, (None if packaged else str(self.root),))
        return super().__reduce_ex__(protocol)

    @classmethod
    def load(cls, root: str | os.PathLike[str]) -> WordNet:
        """Read the WordNet text database in ``root`` (slow: see :func:`load_wordnet`)."""
        root = Path(root)
        wn = cls(root=root)
        for pos, name in POS_FILES.items():
            table: dict[str, tuple[str, ...]] = {}
            for line in _data_lines(root / f"index.{name}"):
                parts = line.split()
                if len(parts) < 6:
                    continue
                lemma, synset_cnt, p_cnt = parts[0], int(parts[2]), int(parts[3])
                offsets = parts[4 + p_cnt + 2 : 4 + p_cnt + 2 + synset_cnt]
                table[lemma] = tuple(f"{pos}{off}" for off in offsets)
            wn.senses[pos] = table
            exc: dict[str, tuple[str, ...]] = {}
            exc_path = root / f"{name}.exc"
            if exc_path.exists():
                for line in _data_lines(exc_path):
                    parts = line.split()
                    if len(parts) >= 2:
                        exc[parts[0]] = tuple(parts[1:])
            wn.exceptions[pos] = exc
        return wn

    def lemmas(self, word: str, pos: str | None = None) -> tuple[tuple[str, str], ...]:
        """Base forms of ``word`` known to WordNet, as ``(pos, lemma)`` pairs (a pure
        lookup, kept for the next call with the same word in this process)."""
        memo = self._lemma_memo
        found = memo.get((word, pos))
        if found is None:
            if len(memo) >= _LEMMA_MEMO_LIMIT:
                memo.clear()
            found = memo[(word, pos)] = tuple(self._lemmas(word, pos))
        return found

    def _lemmas(self, word: str, pos: str | None) -> list[tuple[str, str]]:
        word = word.lower().replace(" ", "_")
        out: list[tuple[str, str]] = []
        for p in (pos,) if pos else tuple(POS_FILES):
            table = self.senses[p]
            candidates = [word, *self.exceptions[p].get(word, ())]
            for suffix, repl in _SUFFIX_RULES[p]:
                if word.endswith(suffix) and len(word) > len(suffix) + 1:
                    candidates.append(word[: len(word) - len(suffix)] + repl)
            seen: set[str] = set()
            for cand in candidates:
                if cand in table and cand not in seen:
                    seen.add(cand)
                    out.append((p, cand))
        return out

    def synsets(self, word: str, max_senses: int = 3, pos: str | None = None
                ) -> tuple[str, ...]:
        """Synset ids of ``word`` (most frequent senses first, at most ``max_senses`` per
        POS); a pure lookup, kept for the next call in this process."""
        memo = self._synset_memo
        found = memo.get((word, max_senses, pos))
        if found is None:
            if len(memo) >= _LEMMA_MEMO_LIMIT:
                memo.clear()
            found = memo[(word, max_senses, pos)] = tuple(self._synsets(word, max_senses, pos))
        return found

    def _synsets(self, word: str, max_senses: int, pos: str | None) -> list[str]:
        out: list[str] = []
        for p, lemma in self.lemmas(word, pos):
            for sid in self.senses[p][lemma][:max_senses]:
                if sid not in out:
                    out.append(sid)
        return out

    def members(self, synset_id: str) -> tuple[str, ...]:
        """The lemmas of a synset (``"v01009258"`` → ``("tell", ...)``), words joined by spaces."""
        if self._members is None:
            self._members = self._load_members()
        return self._members.get(synset_id, ())

    def _load_members(self) -> dict[str, tuple[str, ...]]:
        if self._tables is not None:
            return self._tables.members()
        members: dict[str, tuple[str, ...]] = {}
        for pos, name in POS_FILES.items():
            for line in _data_lines(self.root / f"data.{name}"):
                parts = line.split(" ", 4 + 2 * 64)
                if len(parts) < 5:
                    continue
                offset, w_cnt = parts[0], int(parts[3], 16)
                words = parts[4 : 4 + 2 * w_cnt : 2]
                members[f"{pos}{offset}"] = tuple(
                    w.split("(")[0].replace("_", " ").lower() for w in words
                )
        return members

    def synonyms(self, word: str, max_senses: int = 3, pos: str | None = None) -> list[str]:
        """Words sharing one of ``word``'s first senses, most frequent sense first."""
        own = {lemma for _, lemma in self.lemmas(word, pos)} | {word.lower()}
        out: list[str] = []
        for sid in self.synsets(word, max_senses, pos):
            for member in self.members(sid):
                if member not in own and member not in out:
                    out.append(member)
        return out

    def prefix_counts(self) -> dict[str, int]:
        """How many alphabetic lemmas are each word beginning (2–6 letters) plus another
        lemma ("non" + "alcoholic", "inter" + "national")."""
        if self._tables is not None:
            return self._tables.prefix_counts
        if self._prefix_counts is None:
            from wiretrace.lexicon.tables.compiler import count_prefixes

            self._prefix_counts = dict(count_prefixes(self.senses))
        return self._prefix_counts


log = logging.getLogger("wiretrace.lexicon")


def find_wordnet_dir() -> Path | None:
    """The WordNet database folder: ``$WIRETRACE_WORDNET`` or a standard location."""
    env = os.environ.get("WIRETRACE_WORDNET")
    candidates = [env] if env else list(DEFAULT_LOCATIONS)
    for cand in candidates:
        if cand and (Path(cand) / "index.noun").is_file():
            return Path(cand)
    return None


@lru_cache(maxsize=4)
def load_wordnet(root: str | None = None) -> WordNet | None:
    """WordNet (loaded once per process), or ``None`` when there is none.

    ``root`` (else ``$WIRETRACE_WORDNET``) names a WordNet database folder — compiled
    once into the user's cache (:func:`wiretrace.lexicon.tables.cached_tables`), or read
    in memory when the cache cannot be written — or a compiled lexicon folder. Without
    either, the lexicon shipped with the package; should that be missing or damaged, a
    WordNet database in one of :data:`DEFAULT_LOCATIONS`.
    """
    if root:
        return _load_folder(str(Path(root)))
    env = os.environ.get("WIRETRACE_WORDNET")
    if env:
        return _load_folder(str(Path(env)))
    packaged = _load_packaged()
    if packaged is not None:
        return packaged
    path = find_wordnet_dir()
    return None if path is None else _load_folder(str(path))


def lemma_prefixes(root: str | None, min_lemmas: int) -> frozenset[str]:
    """Word beginnings that at least ``min_lemmas`` lemmas of the WordNet
    ``load_wordnet(root)`` are made of plus another lemma (empty without WordNet)."""
    wordnet = load_wordnet(root)
    if wordnet is None:
        return frozenset()
    return frozenset(p for p, n in wordnet.prefix_counts().items() if n >= min_lemmas)


def _packaged_dir() -> Path:
    from wiretrace.lexicon.tables import locations

    return locations.PACKAGED_DIR


@lru_cache(maxsize=1)
def _load_packaged() -> WordNet | None:
    from wiretrace.lexicon.tables import MANIFEST, LexiconError, locations

    if not (locations.PACKAGED_DIR / MANIFEST).exists():
        return None
    try:
        return locations.packaged_tables().wordnet
    except LexiconError as exc:
        log.warning("wiretrace: the packaged WordNet lexicon is unusable (%s); "
                    "reinstall wiretrace or set WIRETRACE_WORDNET", exc)
        return None


@lru_cache(maxsize=4)
def _load_folder(folder: str) -> WordNet | None:
    from wiretrace.lexicon.tables import MANIFEST, LexiconError, LexiconTables, locations

    path = Path(folder)
    if path.resolve() == locations.PACKAGED_DIR.resolve():
        return _load_packaged()
    if (path / MANIFEST).is_file() and not (path / "index.noun").is_file():
        try:
            return LexiconTables.open(path).wordnet
        except LexiconError as exc:
            log.warning("wiretrace: the compiled lexicon in %s is unusable (%s)", path, exc)
            return None
    if not (path / "index.noun").is_file():
        return None
    compiled = locations.cached_tables(path)
    return WordNet.load(path) if compiled is None else compiled.wordnet


def _reopen(root: str | None) -> WordNet:
    """Unpickling: the packaged lexicon (``root`` None) or the WordNet folder ``root``."""
    wordnet = _load_packaged() if root is None else load_wordnet(root)
    if wordnet is None:
        raise RuntimeError(f"WordNet is not available here ({root or 'packaged lexicon'})")
    return wordnet


def forget_loaded() -> None:
    """Drop the WordNet objects this process has loaded (for tests that change the
    environment or the files)."""
    load_wordnet.cache_clear()
    _load_folder.cache_clear()
    _load_packaged.cache_clear()
    from wiretrace.lexicon import expressions

    expressions._index_at.cache_clear()
