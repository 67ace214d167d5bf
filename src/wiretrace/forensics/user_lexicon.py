"""A user's own list of tortured → correct phrases (``wiretrace scan --lexicon FILE``).

Loaded from JSON or CSV by :func:`load_lexicon`, compiled into a :class:`Lexicon`
and matched token by token; a hit is certain (score 1, source ``"lexicon"``).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

from wiretrace.forensics.tortured.phrase import TorturedPhrase
from wiretrace.normalize.prepare import PreparedDoc
from wiretrace.normalize.tokens import tokenize


def load_lexicon(path: str | Path) -> dict[str, str]:
    """Read a user lexicon of tortured phrases → correct phrases.

    Accepted: JSON — a list of ``{"tortured": ..., "correct": ...}`` objects, an
    object ``{"phrases": [...]}`` of such objects, or a plain ``{tortured: correct}``
    mapping — or CSV with two columns ``tortured,correct`` (header optional).
    Notes in parentheses in a correct phrase are dropped. Keys are in token form
    (:func:`phrase_key`: folded words joined by one space). Raises :class:`ValueError`
    naming the file (and line) when the file cannot be read as such.
    """
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: cannot read lexicon: {exc}") from exc
    if path.suffix.lower() == ".json" or text.lstrip()[:1] in ("[", "{"):
        pairs = _json_pairs(path, text)
    else:
        pairs = _csv_pairs(path, text)
    out: dict[str, str] = {}
    for tortured, correct in pairs:
        key = phrase_key(tortured)
        value = clean_correct(correct)
        if key and value:
            out.setdefault(key, value)
    return out


def normalize_phrase(text: str) -> str:
    """Lowercase, single-spaced form of a phrase, for lexicon keys and comparisons."""
    return " ".join(text.casefold().split())


def clean_correct(text: str) -> str:
    """A correct phrase without notes in parentheses or stray quotes."""
    text = re.sub(r"\([^)]*\)", " ", text.replace('\\"', "").replace('"', ""))
    return " ".join(text.split())


# -------------------------------------------------------------------------- lexicon


def _json_pairs(path: Path, text: str) -> list[tuple[str, str]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}, line {exc.lineno}: not valid JSON: {exc.msg}") from exc
    if isinstance(data, dict) and "phrases" in data:
        data = data["phrases"]
    if isinstance(data, dict):
        items = list(data.items())
        for k, v in items:
            if not isinstance(v, str):
                raise ValueError(f"{path}: value of {k!r} is not a string")
        return items
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a list of {{tortured, correct}} objects or a mapping")
    out = []
    for i, item in enumerate(data):
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("tortured"), str)
            or not isinstance(item.get("correct"), str)
        ):
            raise ValueError(
                f"{path}, entry {i + 1} (line {_entry_line(text, i)}): expected an object "
                'with string fields "tortured" and "correct"'
            )
        out.append((item["tortured"], item["correct"]))
    return out


def _entry_line(text: str, index: int) -> int:
    """Best-effort line number of the ``index``-th element of the outermost JSON list."""
    decoder = json.JSONDecoder()
    start = text.find("[")
    if start < 0:
        return 1
    pos = start + 1
    for _ in range(index + 1):
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        item_start = pos
        try:
            _, pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError:
            break
    else:
        return text.count("\n", 0, item_start) + 1
    return text.count("\n", 0, pos) + 1


def _csv_pairs(path: Path, text: str) -> list[tuple[str, str]]:
    out = []
    for lineno, row in enumerate(csv.reader(text.splitlines()), start=1):
        if not row or all(not cell.strip() for cell in row):
            continue
        if len(row) != 2 or not row[0].strip() or not row[1].strip():
            raise ValueError(
                f"{path}, line {lineno}: expected two columns tortured,correct, got {row!r}"
            )
        if lineno == 1 and [c.strip().lower() for c in row] == ["tortured", "correct"]:
            continue
        out.append((row[0], row[1]))
    return out


_TOKEN_FORM = re.compile(r"[a-z]+(?: [a-z]+)*")


def phrase_key(text: str) -> str:
    """Token form of a phrase (folded words, one space): "Low-pass (LPF)" → "low pass lpf"."""
    if _TOKEN_FORM.fullmatch(text):
        return text
    return " ".join(tokenize(text)[2])


class Lexicon(Mapping[str, str]):
    """A read-only user lexicon prepared for matching (build once, pass to every call).

    Any ``{tortured: correct}`` mapping works as the ``lexicon`` argument of
    :func:`find_tortured_phrases`; wrapping it in a :class:`Lexicon` first saves
    preparing it again for every document.
    """

    __slots__ = ("_firsts", "_longest", "_table")

    def __init__(self, entries: Mapping[str, str]) -> None:
        table: dict[str, str] = {}
        for tortured, correct in entries.items():
            key = phrase_key(tortured)
            if key:
                table.setdefault(key, correct)
        self._table = table
        self._firsts = frozenset(key.split(" ", 1)[0] for key in table)
        self._longest = max((key.count(" ") + 1 for key in table), default=0)

    def __getitem__(self, key: str) -> str:
        return self._table[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)

    def __bool__(self) -> bool:
        # Stops at the first phrase another document has: no walk over the whole corpus.
        return any(True for _ in self)

    def __len__(self) -> int:
        return len(self._table)

    def hits(self, doc: PreparedDoc) -> Iterator[TorturedPhrase]:
        """Longest entries found in ``doc`` (outside boilerplate), left to right."""
        n = len(doc.keys)
        for i, key in enumerate(doc.keys):
            if key not in self._firsts or doc.boiler[i]:
                continue
            for j in range(min(n, i + self._longest), i, -1):
                correct = self._table.get(" ".join(doc.keys[i:j]))
                if correct is not None and not any(doc.boiler[i:j]):
                    span = (doc.starts[i], doc.ends[j - 1])
                    yield TorturedPhrase(span, doc.text[span[0] : span[1]], correct, 1.0, "lexicon")
                    break


def lexicon_hits(doc: PreparedDoc, lexicon: Mapping[str, str]) -> Iterator[TorturedPhrase]:
    compiled = lexicon if isinstance(lexicon, Lexicon) else Lexicon(lexicon)
    return compiled.hits(doc)
