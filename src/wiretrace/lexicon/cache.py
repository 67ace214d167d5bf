"""Tables derived from the language resources, built once into the user's cache.

Some lookups cost too much to compute afresh in every process: the WordNet relatives of
every common word (the tortured-phrase detector's back-translation), the frequency of
every word in the ten languages the translation traces look for. :func:`cached_arrays`
builds such a table once — the first time a process needs it — into the user's cache
(``$WIRETRACE_CACHE_DIR``, else ``$XDG_CACHE_HOME/wiretrace``, else
``~/.cache/wiretrace``) and loads it in milliseconds afterwards.

A table is a set of NumPy arrays, stored as uncompressed ``.npy`` files in a folder of
its own with a manifest: the key it was built for (a digest of everything it depends on:
the code that builds it, the lexicon, the settings that shape it) and the SHA-256 of each
file. A table whose key differs, or whose files are missing, truncated or changed, is
rebuilt, never used; one process builds while others that need it wait; the folder
appears whole or not at all. When the cache cannot be written the table is built in
memory, with a one-line warning.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"


def cache_root() -> Path:
    """``$WIRETRACE_CACHE_DIR``, else ``$XDG_CACHE_HOME/wiretrace``, else
    ``~/.cache/wiretrace``."""
    explicit = os.environ.get("WIRETRACE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "wiretrace"


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary name (readers see all or nothing)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)  # mkstemp's 0600 would make package data unreadable to others
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def locked(path: Path) -> Iterator[None]:
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


def digest(*parts: object) -> str:
    """A SHA-256 key over ``parts`` (strings, bytes, or anything with a ``repr``)."""
    h = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode()
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def code_digest(*files: str | os.PathLike[str]) -> str:
    """A digest of source files (the code a table is built by)."""
    return digest(*(Path(f).read_bytes() for f in files))


def cached_arrays(
    name: str, key: str, build: Callable[[], Mapping[str, np.ndarray]]
) -> dict[str, np.ndarray]:
    """The arrays of table ``name`` for ``key``: from the cache when a sound copy for
    ``key`` is there, else built by ``build()`` and stored (arrays are read-only)."""
    folder = cache_root() / "tables" / f"{name}-{key[:24]}"
    found = _load(folder, key)
    if found is not None:
        return found
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        with locked(folder.parent / f".{folder.name}.lock"):
            found = _load(folder, key)  # another process may have built it meanwhile
            if found is not None:
                return found
            arrays = {k: np.ascontiguousarray(v) for k, v in build().items()}
            _store(folder, key, arrays)
            _forget_older(folder)
        return _load(folder, key) or arrays
    except OSError as exc:
        log.warning("wiretrace: cannot write the %s table to %s (%s): building it in memory",
                    name, folder.parent, exc.strerror or exc)
        return dict(build())


def _store(folder: Path, key: str, arrays: Mapping[str, np.ndarray]) -> None:
    work = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}."))
    try:
        files = {}
        for name, array in arrays.items():
            path = work / f"{name}.npy"
            np.save(path, array, allow_pickle=False)
            files[name] = {"bytes": path.stat().st_size, "sha256": _sha256(path)}
        (work / MANIFEST).write_text(json.dumps({"key": key, "files": files}, indent=1))
        old = folder.with_name(f".{folder.name}.old-{os.getpid()}")
        if folder.exists():
            folder.rename(old)
        work.rename(folder)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _forget_older(folder: Path) -> None:
    """Remove the other versions of the table in ``folder`` (built for keys gone stale:
    older code or lexicon); one needed again is rebuilt."""
    name = folder.name.rsplit("-", 1)[0]
    for other in folder.parent.glob(f"{name}-*"):
        if other != folder and other.is_dir():
            shutil.rmtree(other, ignore_errors=True)


def _load(folder: Path, key: str) -> dict[str, np.ndarray] | None:
    """The table in ``folder`` when it is whole and built for ``key``, else ``None``."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
        if manifest.get("key") != key:
            return None
        out = {}
        for name, info in manifest["files"].items():
            path = folder / f"{name}.npy"
            if path.stat().st_size != info["bytes"] or _sha256(path) != info["sha256"]:
                return None
            out[name] = np.load(path, mmap_mode="r", allow_pickle=False)
        return out
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
