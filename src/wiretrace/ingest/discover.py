"""Finding input files: walking folders, recognising formats, deriving document ids.

A document id is the file's path relative to the argument it was found under,
without its format extension(s) and with forward slashes (``news/a.txt.gz`` found
under ``corpus`` → ``news/a``). A file given directly gets its bare name
(``corpus/news/a.txt`` → ``a``). JSONL files carry their own ids per line; the id
derived here is only used for files holding a single document.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from wiretrace.records import InputProblem

FORMATS: dict[str, str] = {".txt": "text", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}
"""Known extensions (lower case) and the format each one holds."""

GZIP_SUFFIX = ".gz"

KNOWN_EXTENSIONS_HELP = ".txt, .html, .htm or .jsonl (optionally gzip-compressed: .gz)"

PathArg = str | os.PathLike[str]


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


def discover(
    paths: Sequence[PathArg] | PathArg,
) -> tuple[list[tuple[Path, str]], list[InputProblem]]:
    """Expand files and folders into ``(file, id)`` pairs, in argument order.

    Folders are walked recursively in sorted order; hidden files and folders and
    files of unknown type are skipped there, but a file named explicitly with an
    unknown extension is reported. A file reached twice (same real path) is
    listed once. Missing paths, unreadable folders and folders without any
    readable file are returned as problems.
    """
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    found: list[tuple[Path, str]] = []
    problems: list[InputProblem] = []
    seen_files: set[str] = set()

    def add(path: Path, doc_id: str) -> None:
        real = os.path.realpath(path)
        if real not in seen_files:
            seen_files.add(real)
            found.append((path, doc_id))

    for arg in paths:
        given = os.fspath(arg)
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
    return found, problems
