"""Loader for the PAN 2013 text-alignment corpus in the shared data folder.

Layout (see ``../shared/data/README.md``): ``susp/*.txt``, ``src/*.txt`` and one
directory per category (``01-no-plagiarism`` … ``05-summary-obfuscation``) with
a ``pairs`` file; only ``02-no-obfuscation`` has truth XML files
(``<susp stem>-<src stem>.xml``), and only for some of its pairs.

Texts are read as bytes and decoded from UTF-8, so the truth offsets index
straight into the returned strings.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from wiretrace.report.pan_xml import Case, read_pan_xml

ENV_VAR = "WIRETRACE_SHARED_DATA"
NEGATIVE = "01-no-plagiarism"
VERBATIM = "02-no-obfuscation"
CATEGORIES = (
    NEGATIVE,
    VERBATIM,
    "03-random-obfuscation",
    "04-translation-obfuscation",
    "05-summary-obfuscation",
)

Pair = tuple[str, str]
"""``(susp file name, src file name)``, e.g. ``("suspicious-document00005.txt", ...)``."""


def find_shared_data() -> Path | None:
    """The shared data folder: ``$WIRETRACE_SHARED_DATA`` or ``<repo>/../shared/data``.

    Returns ``None`` when the folder does not exist.
    """
    env = os.environ.get(ENV_VAR)
    # parents[3]: evaluation → wiretrace → src → repository root.
    path = Path(env) if env else Path(__file__).resolve().parents[3] / ".." / "shared" / "data"
    path = path.resolve()
    return path if path.is_dir() else None


def find_pan13() -> Path | None:
    """The ``pan13`` folder inside the shared data folder, or ``None``."""
    shared = find_shared_data()
    if shared is None or not (shared / "pan13" / "susp").is_dir():
        return None
    return shared / "pan13"


@lru_cache(maxsize=4096)
def read_text(path: str) -> str:
    """The file at ``path`` decoded from UTF-8 (bytes, not text mode; cached)."""
    return Path(path).read_bytes().decode("utf-8")


def pair_stem(pair: Pair) -> str:
    """``susp-src`` without ``.txt``: the PAN name of a pair's XML file."""
    return f"{Path(pair[0]).stem}-{Path(pair[1]).stem}"


@dataclass(frozen=True)
class Category:
    """One category directory: its pairs and, for 02, the truth cases per pair."""

    name: str
    pairs: list[Pair]
    truth: dict[Pair, list[Case]] = field(default_factory=dict)

    @property
    def has_reuse(self) -> bool:
        """Whether the pairs of this category contain reuse (all but 01)."""
        return self.name != NEGATIVE


@dataclass(frozen=True)
class Pan13:
    """The corpus: its root folder and categories in order 01 … 05."""

    root: Path
    categories: dict[str, Category]

    def susp_path(self, name: str) -> Path:
        return self.root / "susp" / name

    def src_path(self, name: str) -> Path:
        return self.root / "src" / name

    def susp_text(self, name: str) -> str:
        return read_text(str(self.susp_path(name)))

    def src_text(self, name: str) -> str:
        return read_text(str(self.src_path(name)))

    def texts(self, pair: Pair) -> tuple[str, str]:
        """``(susp text, src text)`` of a pair."""
        return self.susp_text(pair[0]), self.src_text(pair[1])

    def scored_pairs(self) -> list[tuple[str, Pair]]:
        """Pairs that PlagDet is computed on: 02 pairs with truth, then all 01 pairs.

        Detections on 01 pairs can only be false positives.
        """
        out: list[tuple[str, Pair]] = []
        if VERBATIM in self.categories:
            cat = self.categories[VERBATIM]
            out += [(cat.name, p) for p in cat.pairs if p in cat.truth]
        if NEGATIVE in self.categories:
            out += [(NEGATIVE, p) for p in self.categories[NEGATIVE].pairs]
        return out

    def truth_cases(self, pairs: Iterable[Pair] | None = None) -> list[Case]:
        """All truth cases (of the given pairs only, when given)."""
        wanted = None if pairs is None else set(pairs)
        return [
            case
            for cat in self.categories.values()
            for pair, cases in cat.truth.items()
            if wanted is None or pair in wanted
            for case in cases
        ]


def read_pairs(path: Path) -> list[Pair]:
    """Lines ``susp.txt src.txt`` of a ``pairs`` file, in file order."""
    pairs: list[Pair] = []
    for num, line in enumerate(path.read_bytes().decode("utf-8").splitlines(), 1):
        parts = line.split()
        if not parts:
            continue
        if len(parts) != 2:
            raise ValueError(f"{path}:{num}: expected 'susp src', got {line!r}")
        pairs.append((parts[0], parts[1]))
    return pairs


def load_pan13(
    root: str | os.PathLike[str] | None = None, categories: Iterable[str] | None = None
) -> Pan13:
    """Load pairs and truth of the corpus at ``root`` (default: :func:`find_pan13`).

    ``categories`` limits loading to the named category directories.
    """
    if root is None:
        root = find_pan13()
        if root is None:
            raise FileNotFoundError(f"PAN 2013 data not found (set ${ENV_VAR})")
    base = Path(root)
    wanted = CATEGORIES if categories is None else tuple(categories)
    cats: dict[str, Category] = {}
    for name in wanted:
        pairs = read_pairs(base / name / "pairs")
        truth: dict[Pair, list[Case]] = {}
        for pair in pairs:
            xml = base / name / f"{pair_stem(pair)}.xml"
            if xml.is_file():
                truth[pair] = [c for c in read_pan_xml(xml) if c.src == pair[1]]
        cats[name] = Category(name, pairs, truth)
    return Pan13(base, cats)


def detection_rate(flags: Iterable[bool]) -> float:
    """Share of true values: the document-level detection (or false-positive) rate."""
    values = list(flags)
    return sum(values) / len(values) if values else 0.0


def document_level(
    pan: Pan13, positive: dict[Pair, bool], categories: Iterable[str] | None = None
) -> dict[str, float]:
    """Per category, the share of its pairs flagged positive in ``positive``.

    For 01 this is the false-positive rate, for 02–05 the detection rate
    (recall at document level). Pairs missing from ``positive`` count as negative.
    """
    names = pan.categories if categories is None else categories
    return {
        name: detection_rate(positive.get(p, False) for p in pan.categories[name].pairs)
        for name in names
    }
