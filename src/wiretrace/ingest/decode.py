"""Bytes on disk → ``str``, with the checks that turn bad input into clear messages.

Files are always read as bytes and decoded as strict UTF-8 here, never opened in
text mode: newline translation would shift character offsets, so ``\\r\\n`` stays
``\\r\\n`` and a leading byte-order mark stays in the text as U+FEFF.
"""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

GZIP_MAGIC = b"\x1f\x8b"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_TEXT_CONTROLS = frozenset(b"\t\n\v\f\r\x1b")
_SAMPLE = 8192
_MAX_CONTROL_SHARE = 0.1


class InputError(Exception):
    """A file (or one line of it) that cannot be used; ``message`` says why for the user."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def read_bytes(path: Path) -> bytes:
    """The raw content of ``path``; any OS error becomes an :class:`InputError`."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError("file not found") from None
    except PermissionError:
        raise InputError("cannot read file: permission denied") from None
    except IsADirectoryError:
        raise InputError("is a folder, not a file") from None
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}") from None


def gunzip(data: bytes) -> bytes:
    """Decompress gzip ``data`` (all members); corrupt or truncated data is an InputError."""
    if not data:
        raise InputError("empty file")
    if not data.startswith(GZIP_MAGIC):
        raise InputError("corrupt gzip file: not gzip-compressed data (wrong header)")
    try:
        return gzip.decompress(data)
    except EOFError:
        raise InputError("corrupt gzip file: compressed data is truncated") from None
    except (OSError, zlib.error) as exc:
        raise InputError(f"corrupt gzip file: {exc}") from None


def check_not_binary(data: bytes, gzipped: bool = False) -> None:
    """Reject data that is clearly not text: NUL bytes or mostly control characters."""
    if data.startswith(_UTF16_BOMS):
        raise InputError("file is UTF-16 encoded; wiretrace reads UTF-8 only")
    if not gzipped and data.startswith(GZIP_MAGIC):
        raise InputError("binary file: looks gzip-compressed, but the name does not end in .gz")
    if b"\x00" in data:
        raise InputError("binary file (contains NUL bytes)")
    sample = data[:_SAMPLE]
    controls = sum(1 for b in sample if (b < 0x20 and b not in _TEXT_CONTROLS) or b == 0x7F)
    if sample and controls / len(sample) > _MAX_CONTROL_SHARE:
        raise InputError("binary file (mostly non-text control characters)")


def decode_utf8(data: bytes, gzipped: bool = False) -> str:
    """Strict UTF-8 decoding; the error names the byte offset (and line) where it fails."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.end]
        where = f"byte offset {exc.start}" + (" of the decompressed data" if gzipped else "")
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"not valid UTF-8: {exc.reason} (byte 0x{bad[:1].hex()}) at {where}", line=line
        ) from None


def is_blank(text: str) -> bool:
    """True for text with nothing but whitespace and byte-order marks."""
    return not text.replace("\ufeff", "").strip()


def load_text(path: Path, gzipped: bool) -> str:
    """Read ``path`` (gunzipping it if ``gzipped``) and return its text, checked and decoded.

    Raises :class:`InputError` for unreadable, corrupt-gzip, binary, non-UTF-8 and
    empty or whitespace-only files.
    """
    data = read_bytes(path)
    if gzipped:
        data = gunzip(data)
    if not data:
        raise InputError("empty file")
    check_not_binary(data, gzipped)
    text = decode_utf8(data, gzipped)
    if is_blank(text):
        raise InputError("empty file (only whitespace)")
    return text
