"""Bytes on disk → ``str``, with the checks that turn bad input into clear messages.

Files are always read as bytes and decoded here, never opened in text mode: newline
translation would shift character offsets, so ``\\r\\n`` stays ``\\r\\n`` and a leading
byte-order mark stays in the text as U+FEFF.

:func:`decode_text` picks the encoding, in this order: an encoding named explicitly;
a byte-order mark (UTF-8, UTF-16, UTF-32); strict UTF-8; an encoding the input
declares (an HTTP ``charset``, an HTML ``<meta charset>``) if it decodes strictly;
else :func:`detect_encoding`. The name used is returned so it can be recorded on the
document. :func:`load_text` stays strict UTF-8 (the PAN corpora's offsets need it).
"""

from __future__ import annotations

import codecs
import gzip
import re
import unicodedata
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

import charset_normalizer

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
    except OSError as exc:
        raise _os_input_error(exc) from None


def open_binary(path: Path) -> BinaryIO:
    """``path`` opened for reading bytes; any OS error becomes an :class:`InputError`."""
    try:
        return path.open("rb")
    except OSError as exc:
        raise _os_input_error(exc) from None


def _os_input_error(exc: OSError) -> InputError:
    if isinstance(exc, FileNotFoundError):
        return InputError("file not found")
    if isinstance(exc, PermissionError):
        return InputError("cannot read file: permission denied")
    if isinstance(exc, IsADirectoryError):
        return InputError("is a folder, not a file")
    return InputError(f"cannot read file: {exc.strerror or exc}")


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


def check_not_binary(data: bytes, gzipped: bool = False, utf16_ok: bool = False) -> None:
    """Reject data that is clearly not text: NUL bytes or mostly control characters.

    Text with a UTF-16 byte-order mark is refused too (strict UTF-8 readers cannot
    use it) unless ``utf16_ok``.
    """
    if not utf16_ok and data.startswith(_UTF16_BOMS):
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
    return decode_strict(data, "utf-8", gzipped)


_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),  # before UTF-16 LE, whose BOM it starts with
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_DETECT_SAMPLE = 1 << 20
"""At most this many bytes are given to charset-normalizer (the whole input is decoded)."""
_NEAR_CHAOS = 0.1
_NEAR_COHERENCE = 0.05
_MIN_LANGUAGE_COHERENCE = 0.1
_MAX_ACCENTED_SHARE = 0.35
_WESTERN_SYMBOLS = frozenset("\u00a0“”‘’‚„–—…«»‹›€£¥¢°©®™•·§¶¡¿±×÷¹²³¼½¾ºª")
_CP1252 = "cp1252"
_HOME_LANGUAGES: dict[str, frozenset[str]] = {
    codec: frozenset(languages.split(","))
    for codecs_, languages in (
        (
            "cp1250 iso8859-2 mac-latin2",
            "Czech,Slovak,Polish,Hungarian,Croatian,Slovene,Romanian,Serbian,Bosnian",
        ),
        (
            "cp1251 koi8-r koi8-u iso8859-5 mac-cyrillic cp866",
            "Russian,Ukrainian,Bulgarian,Serbian,Macedonian,Belarusian,Kazakh",
        ),
        ("cp1253 iso8859-7", "Greek"),
        ("cp1254 iso8859-9", "Turkish"),
        ("cp1255 iso8859-8", "Hebrew"),
        ("cp1256 iso8859-6", "Arabic,Farsi"),
        ("cp1257 iso8859-13 iso8859-4", "Estonian,Latvian,Lithuanian"),
        ("cp1258", "Vietnamese"),
        ("cp874 tis-620 iso8859-11", "Thai"),
        ("cp932 shift_jis euc_jp iso2022_jp", "Japanese"),
        ("gb2312 gbk gb18030 big5 big5hkscs hz", "Chinese"),
        ("cp949 euc_kr johab iso2022_kr", "Korean"),
    )
    for codec in (codecs.lookup(name).name for name in codecs_.split())
}
"""Languages usually written in each legacy encoding (charset-normalizer's language names)."""


def encoding_name(codec: str) -> str:
    """The canonical Python name of ``codec`` (``"latin-1"`` → ``"iso8859-1"``)."""
    return codecs.lookup(codec).name


def _label(codec: str) -> str:
    return "UTF-8" if codec == "utf-8" else codec


def decode_strict(data: bytes, codec: str, gzipped: bool = False) -> str:
    """``data`` decoded with ``codec``; an error names the byte offset (and line) of failure."""
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.end]
        where = f"byte offset {exc.start}" + (" of the decompressed data" if gzipped else "")
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"not valid {_label(encoding_name(codec))}: {exc.reason} (byte 0x{bad[:1].hex()})"
            f" at {where}",
            line=line,
        ) from None


def _looks_western(text: str) -> bool:
    """Text as Windows-1252 would give it for a Western European language: mostly ASCII
    letters, the rest Latin letters and common typographic signs (no ``†‰ˆ`` mojibake)."""
    letters = accented = 0
    for ch in text:
        if ch.isascii():
            letters += ch.isalpha()
        elif (ch.isalpha() and ord(ch) < 0x250) or unicodedata.combining(ch):
            letters += 1
            accented += 1
        elif ch not in _WESTERN_SYMBOLS:
            return False
    return letters > 0 and accented <= _MAX_ACCENTED_SHARE * letters


def _is_wide(codec: str) -> bool:
    """UTF-16/32 without a byte-order mark: impossible for data without NUL bytes here."""
    return encoding_name(codec).startswith(("utf-16", "utf-32"))


def detect_encoding(data: bytes) -> str | None:
    """The likely legacy encoding of ``data`` (not valid UTF-8), or ``None``.

    charset-normalizer ranks the candidate encodings. Its first choice is kept when
    the language it reads is one usually written in that encoding (Czech in cp1250,
    Russian in cp1251…). Otherwise Windows-1252, the usual encoding of Western
    newsroom exports, is preferred when it is (nearly) as good a candidate, or when
    nothing better is found and it decodes to plausible Western text: short
    single-byte Latin texts are ambiguous, and detectors often name a sibling code
    page. Name the encoding explicitly for e.g. Turkish or Baltic legacy files.
    """
    matches = [m for m in charset_normalizer.from_bytes(data[:_DETECT_SAMPLE]) if
               not _is_wide(m.encoding)]
    if matches:
        best = matches[0]
        name = encoding_name(best.encoding)
        if (best.coherence >= _MIN_LANGUAGE_COHERENCE
                and best.language in _HOME_LANGUAGES.get(name, ())):
            return name
        for match in matches:
            if (_CP1252 in (encoding_name(c) for c in match.could_be_from_charset)
                    and match.chaos <= best.chaos + _NEAR_CHAOS
                    and match.coherence >= best.coherence - _NEAR_COHERENCE):
                return _CP1252
    try:
        if _looks_western(data.decode(_CP1252)):
            return _CP1252
    except UnicodeDecodeError:
        pass
    return encoding_name(matches[0].encoding) if matches else None


_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)


def html_declared_charset(data: bytes) -> str | None:
    """The ``<meta charset>`` (or ``http-equiv`` content type) near the top of an HTML page."""
    if m := _META_CHARSET.search(data[:4096]):
        return m.group(1).decode("ascii")
    return None


def _known_codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return encoding_name(name)
    except LookupError:
        return None


def decode_text(
    data: bytes,
    encoding: str | None = None,
    declared: Iterable[str | None] = (),
    gzipped: bool = False,
) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding used)`` (see the module docstring).

    Binary data (NUL bytes, mostly control characters, gzip bytes) is refused as by
    :func:`check_not_binary`, except UTF-16/32 text with its byte-order mark, or when
    one of them is named as ``encoding``. Raises :class:`InputError`.
    """
    if encoding is not None:
        codec = encoding_name(encoding)
        if not _is_wide(codec):
            check_not_binary(data, gzipped, utf16_ok=True)
        return decode_strict(data, codec, gzipped), codec
    for bom, codec in _BOMS:
        if data.startswith(bom):
            if codec != "utf-8":
                return decode_strict(data, codec, gzipped), codec
            break
    check_not_binary(data, gzipped)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    for name in declared:
        codec = _known_codec(name)
        if codec is not None and codec != "utf-8" and not _is_wide(codec):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError:
                continue
    detected = detect_encoding(data)
    if detected is not None:
        try:
            return data.decode(detected), detected
        except UnicodeDecodeError:
            pass
    try:
        decode_strict(data, "utf-8", gzipped)
    except InputError as exc:
        raise InputError(
            f"{exc.message}; no other text encoding fits (name one explicitly)", line=exc.line
        ) from None
    raise AssertionError("unreachable: the data did not decode as UTF-8 above")


def load_bytes(path: Path, gzipped: bool) -> bytes:
    """The content of ``path``, gunzipped if ``gzipped``; unreadable or empty is an InputError."""
    data = read_bytes(path)
    if gzipped:
        data = gunzip(data)
    if not data:
        raise InputError("empty file")
    return data


def load_decoded(
    path: Path, gzipped: bool, encoding: str | None = None, html: bool = False
) -> tuple[str, str]:
    """Read ``path`` and return ``(text, encoding)``, decoded as :func:`decode_text` does.

    ``html`` also tries the page's ``<meta charset>`` before detecting. Raises
    :class:`InputError` for unreadable, corrupt-gzip, binary, undecodable and empty or
    whitespace-only files.
    """
    data = load_bytes(path, gzipped)
    declared = [html_declared_charset(data)] if html else []
    text, used = decode_text(data, encoding, declared, gzipped)
    if is_blank(text):
        raise InputError("empty file (only whitespace)")
    return text, used


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
