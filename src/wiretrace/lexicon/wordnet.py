"""A read-only reader for the Princeton WordNet 3.0 database files.

Debian's ``wordnet-base`` package installs them in ``/usr/share/wordnet``
(``index.*``, ``data.*``, ``*.exc``). The format is documented in WordNet's
``wndb(5)`` manual page. NLTK can read the same files but refuses paths outside
its own data folders, so wiretrace reads the few parts it needs directly:

* which synsets (senses) a lemma belongs to, most frequent sense first
  (``index.<pos>``) — two words are synonyms when they share a synset;
* the lemmas of each synset (``data.<pos>``), loaded only when asked for;
* WordNet's "morphy" lemmatiser: exception lists plus suffix rules.

When the files are missing, :func:`load_wordnet` returns ``None`` and the rest
of wiretrace runs without synonym matching.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

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


@dataclass
class WordNet:
    """Lemma → synsets, synset → lemmas, and the morphological exception lists."""

    root: Path
    senses: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    exceptions: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    _members: dict[str, tuple[str, ...]] | None = None

    @classmethod
    def load(cls, root: str | os.PathLike[str]) -> WordNet:
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

    def lemmas(self, word: str, pos: str | None = None) -> list[tuple[str, str]]:
        """Base forms of ``word`` known to WordNet, as ``(pos, lemma)`` pairs."""
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

    def synsets(self, word: str, max_senses: int = 3, pos: str | None = None) -> list[str]:
        """Synset ids of ``word`` (most frequent senses first, at most ``max_senses`` per POS)."""
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
    """Load (once per process) the WordNet database, or ``None`` when it is not installed."""
    path = Path(root) if root else find_wordnet_dir()
    if path is None or not (path / "index.noun").is_file():
        return None
    return WordNet.load(path)
