"""Finding inputs: walking folders, recognising formats, deriving document ids.

An argument is a file, a folder (walked recursively), an ``http://`` or
``https://`` URL (downloaded later, see :mod:`wiretrace.ingest.url_input`), or
``-`` for standard input.

Ids. A file's id is its path relative to the argument it was found under,
without its format extension(s) and with forward slashes (``news/a.txt.gz`` found
under ``corpus`` → ``news/a``). A file given directly gets its bare name
(``corpus/news/a.txt`` → ``a``). A URL's id is the URL; standard input's is
``stdin``.

When the ids of two or more files collide (``ap/story.txt`` and
``reuters/story.txt`` given directly are both ``story``), each of them keeps as
many more of its folders as it takes for them to differ: ``ap/story`` and
``reuters/story`` (folders come from the absolute path when the argument has too
few). Files that differ only by extension (``story.txt``, ``story.html``) keep
their file names instead: ``story.txt`` and ``story.html``. This is repeated
until no two files share an id.

The id of a file of records (CSV, TSV, JSON, JSONL, WARC) is only the prefix of
the ids it generates for records without one (``feed#3``); records carry their
own ids otherwise, and an id read twice from records is reported as a duplicate.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

from wiretrace.records import InputProblem

FORMATS: dict[str, str] = {
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".tsv": "tsv",
    ".warc": "warc",
}
"""Known extensions (lower case) and the format each one holds."""

GZIP_SUFFIX = ".gz"

KNOWN_EXTENSIONS_HELP = (
    ".txt, .html, .htm, .jsonl, .ndjson, .json, .csv, .tsv or .warc"
    " (optionally gzip-compressed: .gz)"
)

INPUTS_HELP = f"a file ({KNOWN_EXTENSIONS_HELP}), a folder, an http(s):// URL or - for stdin"
"""What an argument may be, for help texts."""

STDIN_ARG = "-"
STDIN_ID = "stdin"
STDIN_PATH = "<stdin>"
"""The path standard input's documents and problems are reported under."""

_URL_PREFIXES = ("http://", "https://")

PathArg = str | os.PathLike[str]
Source = Path | str
"""A discovered input: a file's :class:`Path`, or a URL or ``-`` as a ``str``."""


def is_url(arg: str) -> bool:
    """Whether an argument is a web address rather than a path."""
    return arg[:8].lower().startswith(_URL_PREFIXES)


def split_name(name: str) -> tuple[str, str, bool] | None:
    """Split a file name into ``(stem, format, gzipped)``; ``None`` for an unknown type.

    >>> split_name("Story.TXT.gz")
    ('Story', 'text', True)
    """
    lower = name.lower()
    gzipped = lower.endswith(GZIP_SUFFIX)
    if gzipped:
        name, lower = name[: -len(GZIP_SUFFIX)], lower[: -len(GZIP_SUFFIX)]
    for ext, fmt in FORMATS.items():
        if lower.endswith(ext) and len(name) > len(ext):
            return name[: -len(ext)], fmt, gzipped
    return None


def unknown_type_message(name: str) -> str:
    """The problem text for a file whose extension wiretrace does not read."""
    suffixes = "".join(Path(name).suffixes[-2:]) or "no extension"
    return f"unknown file type ({suffixes}); expected {KNOWN_EXTENSIONS_HELP}"


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


def _walk(folder: Path, seen_dirs: set[str], problems: list[InputProblem]) -> Iterable[Path]:
    """Yield known-format files under ``folder`` in sorted order, skipping hidden entries."""
    real = os.path.realpath(folder)
    if real in seen_dirs:  # a symlink loop or a folder reached twice
        return
    seen_dirs.add(real)
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except PermissionError:
        problems.append(InputProblem(str(folder), "cannot read folder: permission denied"))
        return
    except OSError as exc:
        problems.append(InputProblem(str(folder), f"cannot read folder: {_os_reason(exc)}"))
        return
    for entry in entries:
        if _is_hidden(entry.name):
            continue
        path = folder / entry.name
        try:
            is_dir = entry.is_dir()
            is_file = not is_dir and entry.is_file()
        except OSError as exc:
            problems.append(InputProblem(str(path), f"cannot read: {_os_reason(exc)}"))
            continue
        if is_dir:
            yield from _walk(path, seen_dirs, problems)
        elif is_file and split_name(entry.name) is not None:
            yield path


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory"
    return exc.strerror or str(exc)


def folder_file_id(root: Path, path: Path) -> str:
    """Id of ``path`` found under folder ``root``: relative path, no extension, ``/``-separated."""
    rel = path.relative_to(root)
    split = split_name(rel.name)
    stem = split[0] if split else rel.name
    return (rel.parent / stem).as_posix() if rel.parent != Path(".") else stem


def _parts(path: Path) -> list[str]:
    """The folders and name of ``path`` made absolute (without the root)."""
    absolute = Path(os.path.abspath(path))
    return [p for p in absolute.parts if p != absolute.anchor]


def _longer_ids(paths: list[Path], depth: int) -> list[str] | None:
    """Ids for files whose ``depth``-part ids collide, each keeping more of its path."""
    parts = [_parts(p) for p in paths]
    stems = [[*ps[:-1], (split_name(ps[-1]) or (ps[-1],))[0]] for ps in parts]
    longest = max(len(ps) for ps in parts)
    for names in (stems, parts):
        start = depth + 1 if names is stems else depth
        for k in range(start, longest + 1):
            ids = ["/".join(ns[-k:]) for ns in names]
            if len(set(ids)) == len(ids):
                return ids
    return None


def unique_ids(found: Sequence[tuple[Source, str]]) -> list[str]:
    """The ids of ``found`` with files' colliding ids lengthened (see the module docstring)."""
    ids = [doc_id for _, doc_id in found]
    for _ in range(len(ids)):
        groups: dict[str, list[int]] = defaultdict(list)
        for index, doc_id in enumerate(ids):
            groups[doc_id].append(index)
        changed = False
        for doc_id, members in groups.items():
            files = [(i, source) for i in members if isinstance(source := found[i][0], Path)]
            if len(files) < 2:
                continue
            longer = _longer_ids([source for _, source in files], doc_id.count("/") + 1)
            for (index, _), new_id in zip(files, longer or (), strict=False):
                if ids[index] != new_id:
                    ids[index], changed = new_id, True
        if not changed:
            break
    return ids


def discover(
    paths: Sequence[PathArg] | PathArg,
) -> tuple[list[tuple[Source, str]], list[InputProblem]]:
    """Expand the arguments into ``(source, id)`` pairs, in argument order.

    A source is a file's :class:`Path`, or a URL or ``-`` (standard input), as given.
    Folders are walked recursively in sorted order; hidden files and folders and
    files of unknown type are skipped there, but a file named explicitly with an
    unknown extension is reported. A file reached twice (same real path), or a URL
    given twice, is listed once. Colliding file ids are made unique (see the module
    docstring). Missing paths, unreadable folders and folders without any readable
    file are returned as problems.
    """
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    found: list[tuple[Source, str]] = []
    problems: list[InputProblem] = []
    seen_files: set[str] = set()

    def add(source: Source, doc_id: str) -> None:
        key = os.path.realpath(source) if isinstance(source, Path) else f"\0{source}"
        if key not in seen_files:
            seen_files.add(key)
            found.append((source, doc_id))

    for arg in paths:
        given = os.fspath(arg)
        if isinstance(arg, str) and given == STDIN_ARG:
            add(STDIN_ARG, STDIN_ID)
            continue
        if isinstance(arg, str) and is_url(given):
            add(given, given)
            continue
        path = Path(given)
        try:
            is_dir, is_file = path.is_dir(), path.is_file()
            exists = is_dir or is_file or path.exists()
        except OSError as exc:  # e.g. a name too long for the file system
            problems.append(InputProblem(given, f"cannot read: {_os_reason(exc)}"))
            continue
        if is_dir:
            walk_problems: list[InputProblem] = []
            walked = list(_walk(path, set(), walk_problems))
            for file in walked:
                add(file, folder_file_id(path, file))
            problems.extend(walk_problems)
            if not walked and not walk_problems:
                problems.append(
                    InputProblem(
                        given, f"folder holds no readable files; expected {KNOWN_EXTENSIONS_HELP}"
                    )
                )
        elif is_file:
            split = split_name(path.name)
            if split is None:
                problems.append(InputProblem(given, unknown_type_message(path.name)))
            else:
                add(path, split[0])
        elif exists or path.is_symlink():
            message = "broken symbolic link" if not exists else "not a regular file or folder"
            problems.append(InputProblem(given, message))
        else:
            problems.append(InputProblem(given, "no such file or directory"))
    return list(zip((source for source, _ in found), unique_ids(found), strict=True)), problems
