"""Tests for the ingest stage: formats, ids, decoding and bad input."""

from __future__ import annotations

import gzip
import json
import os
import pathlib
import pickle
from pathlib import Path

import pytest

from wiretrace.ingest import IngestOptions, IngestResult, discover, read_file, read_paths
from wiretrace.ingest.text_format import guess_date, guess_title
from wiretrace.records import Document, InputProblem

STORY = (
    "Flood waters rise in Zürich\n"
    "\n"
    "Heavy rain pushed the Limmat above its banks on Sunday, flooding the café district.\n"
    "“We have not seen water like this in twenty years,” a spokesperson said — 🌧️.\n"
)

ARTICLE_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Flood waters rise in Zürich | Daily Alpine</title>
<meta property="og:title" content="Flood waters rise in Zürich">
<meta name="author" content="Anna Müller">
<meta property="og:site_name" content="Daily Alpine">
<meta property="og:url" content="https://alpine.example/news/flood">
<meta property="article:published_time" content="2024-03-03T08:15:00+01:00">
<script>window.tracker = "do not index";</script>
<style>p { color: red; }</style>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/sport">Sport</a></li>
<li><a href="/weather">Weather</a></li></ul></nav>
<header><div class="menu">Subscribe now for 1€ a month</div></header>
<article><h1>Flood waters rise in Zürich</h1>
<p>Heavy rain pushed the Limmat river above its banks on Sunday, flooding the old town café
district and forcing dozens of residents to leave their homes.</p>
<p>“We have not seen water like this in twenty years,” said a city spokesperson — adding that
emergency crews would work through the night. 🌧️</p>
<p>Officials expect the level to fall by Tuesday if the forecast holds.</p>
</article>
<footer><p>© 2024 Daily Alpine. All rights reserved.</p><a href="/privacy">Privacy policy</a>
</footer>
</body></html>
"""


def write(path: Path, data: str | bytes, compress: bool = False) -> Path:
    """Write ``data`` as bytes (no newline translation), gzip-compressed if asked."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if compress:
        raw = gzip.compress(raw)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    return path


def jsonl(*records: object) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def by_id(result: IngestResult) -> dict[str, Document]:
    return {d.id: d for d in result.documents}


def problems_for(result: IngestResult, path: Path) -> list[InputProblem]:
    return [p for p in result.problems if p.path == str(path)]


# --------------------------------------------------------------------------- .txt


def test_txt_document_text_title_and_id(tmp_path: Path) -> None:
    f = write(tmp_path / "zurich-flood.txt", STORY)
    docs, problems = read_file(f)
    assert problems == []
    [doc] = docs
    assert doc.id == "zurich-flood"
    assert doc.text == STORY  # nothing stripped, the title stays in the text
    assert doc.title == "Flood waters rise in Zürich"
    assert doc.path == str(f)
    assert doc.date is None
    assert doc.text[doc.text.index("café") :].startswith("café district")


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Council backs new tram line\n\nThe vote was 31 to 12.\n", "Council backs new tram line"),
        ("Council backs new tram line\nThe vote was 31 to 12.\n", "Council backs new tram line"),
        ("\n\n   Café owners protest rent rise  \n\nBody text.", "Café owners protest rent rise"),
        ("\ufeffZürich wins bid 🎉\n\nBody.", "Zürich wins bid 🎉"),
        ("Why did the bridge close?\n\nBody.", None),
        ("The council met on Monday.\n\nBody.", None),
        ("Three things to know:\n\nBody.", None),
        ("She said “enough.”\n\nBody.", None),
        ("A headline without a body", None),
        ("x" * 201 + "\n\nBody.", None),
        ("x" * 200 + "\n\nBody.", "x" * 200),
        ("March 3, 2024\n\nBody.", None),
        ("2024 — 2025\n\nBody.", None),
    ],
)
def test_txt_title_detection(text: str, title: str | None) -> None:
    assert guess_title(text) == title


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Tram line approved\nMarch 3, 2024\n\nBody.", "2024-03-03"),
        ("Tram line approved\n2024-03-03\n\nBody.", "2024-03-03"),
        ("Tram line approved\nPublished: 3 March 2024\n\nBody.", "2024-03-03"),
        ("Tram line approved\nBy Anna Müller | Sept. 14, 2023\n\nBody.", "2023-09-14"),
        ("Tram line\nMon, 4 Mar 2024 10:15:00 +0000\n\nBody.", "2024-03-04T10:15:00+00:00"),
        ("Tram line\nUpdated 2024-03-03T08:15:00Z\n\nBody.", "2024-03-03T08:15:00+00:00"),
        ("Tram line approved\n2024-02-30\n\nBody.", None),
        ("Tram line approved\n\nNo date anywhere in this one.", None),
        (
            "Tram line approved\n\nThe council, which first discussed the plan on March 3, 2024, "
            "finally approved it after a long and heated debate.",
            None,
        ),
        ("Tram line approved\n" + "Body.\n" * 10 + "March 3, 2024\n", None),
    ],
)
def test_txt_date_detection(text: str, date: str | None) -> None:
    assert guess_date(text, guess_title(text)) == date


def test_txt_date_is_set_on_document(tmp_path: Path) -> None:
    f = write(tmp_path / "a.txt", "Tram line approved\nMarch 3, 2024\n\nThe vote was 31 to 12.\n")
    [doc], _ = read_file(f)
    assert doc.date == "2024-03-03"
    assert doc.title == "Tram line approved"


def test_txt_crlf_is_preserved(tmp_path: Path) -> None:
    raw = "Tram line approved\r\n\r\nThe vote in Zürich was 31 to 12.\r\nWork starts in May.\r\n"
    f = write(tmp_path / "crlf.txt", raw)
    [doc], problems = read_file(f)
    assert problems == []
    assert doc.text == raw
    assert doc.text.count("\r\n") == 4
    assert doc.title == "Tram line approved"
    start = doc.text.index("Work")
    assert doc.text[start : start + 4] == "Work"
    assert start == raw.index("Work")


def test_txt_bom_is_kept(tmp_path: Path) -> None:
    f = write(tmp_path / "bom.txt", b"\xef\xbb\xbf" + STORY.encode())
    [doc], problems = read_file(f)
    assert problems == []
    assert doc.text == "\ufeff" + STORY
    assert doc.text.index("Heavy") == 1 + STORY.index("Heavy")
    assert doc.title == "Flood waters rise in Zürich"


def test_txt_gzip(tmp_path: Path) -> None:
    f = write(tmp_path / "story.txt.gz", STORY.replace("\n", "\r\n"), compress=True)
    [doc], problems = read_file(f)
    assert problems == []
    assert doc.id == "story"
    assert doc.text == STORY.replace("\n", "\r\n")
    assert doc.title == "Flood waters rise in Zürich"


# --------------------------------------------------------------------------- .html


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    f = write(tmp_path / "flood.html", ARTICLE_HTML)
    [doc], problems = read_file(f)
    assert problems == []
    assert doc.id == "flood"
    assert doc.path == str(f)
    assert doc.title == "Flood waters rise in Zürich"
    assert doc.author == "Anna Müller"
    assert doc.date == "2024-03-03"
    assert doc.outlet == "Daily Alpine"
    assert doc.url == "https://alpine.example/news/flood"
    assert "Heavy rain pushed the Limmat river" in doc.text
    assert "café" in doc.text
    assert "— adding that" in doc.text
    assert "🌧️" in doc.text
    assert "Officials expect the level to fall" in doc.text
    # page furniture and code are not article text
    for noise in ("Subscribe now", "Privacy policy", "All rights reserved", "Sport", "tracker"):
        assert noise not in doc.text
    assert "<p>" not in doc.text


@pytest.mark.parametrize("name", ["flood.htm", "flood.html.gz", "flood.htm.gz"])
def test_html_variants(tmp_path: Path, name: str) -> None:
    f = write(tmp_path / name, ARTICLE_HTML, compress=name.endswith(".gz"))
    [doc], problems = read_file(f)
    assert problems == []
    assert doc.id == "flood"
    assert doc.author == "Anna Müller"
    assert "Officials expect the level to fall" in doc.text
    assert "Privacy policy" not in doc.text


def test_html_short_page_falls_back_to_plain_text(tmp_path: Path) -> None:
    page = (
        "<html><head><title>Brief</title><script>var x = 'hidden';</script>"
        "<style>p {}</style></head><body><p>Café reopens 🎉</p></body></html>"
    )
    f = write(tmp_path / "brief.html", page)
    [doc], problems = read_file(f)
    assert problems == []
    assert doc.text == "Café reopens 🎉"
    assert doc.title == "Brief"


def test_html_fragment_still_gives_text(tmp_path: Path) -> None:
    f = write(tmp_path / "frag.html", "<p>Zürich — short note</p>")
    [doc], problems = read_file(f)
    assert problems == []
    assert doc.text == "Zürich — short note"


def test_html_without_text_is_a_problem_and_others_survive(tmp_path: Path) -> None:
    empty_page = write(
        tmp_path / "in" / "a-empty.html", "<html><body><script>x()</script></body></html>"
    )
    good = write(tmp_path / "in" / "b-good.txt", STORY)
    result = read_paths([tmp_path / "in"])
    assert [d.id for d in result.documents] == ["b-good"]
    assert result.documents[0].path == str(good)
    [problem] = result.problems
    assert problem.path == str(empty_page)
    assert problem.message == "no article text found"


# --------------------------------------------------------------------------- .jsonl


def test_jsonl_good_and_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {
                "id": "a1",
                "text": "Zürich café reopens.",
                "title": "Reopening",
                "date": "March 3, 2024",
                "url": "https://ex.example/a1",
                "outlet": "Wire",
                "author": "Anna Müller",
                "extra": [1, 2],
            },
            ensure_ascii=False,
        ),
        "",  # blank line: skipped, but still counted
        "{not json",
        json.dumps({"text": "no id"}),
        json.dumps({"id": "a2"}),
        json.dumps({"id": 7, "text": "Integer ids become strings — fine 👍"}),
        json.dumps({"id": True, "text": "bool is not an id"}),
        json.dumps({"id": 1.5, "text": "float is not an id"}),
        json.dumps({"id": "a3", "text": 42}),
        json.dumps({"id": "a4", "text": "bad title", "title": ["x"]}),
        json.dumps(["id", "text"]),
        json.dumps({"id": "a5", "text": "   "}),
        "   ",
        json.dumps({"id": "a6", "text": "last line, no newline", "date": None}),
    ]
    f = write(tmp_path / "feed.jsonl", "\n".join(lines))
    docs, problems = read_file(f)
    # a line without an id gets one made of the file's id and its line number
    assert [d.id for d in docs] == ["a1", "feed#4", "7", "a6"]
    a1 = docs[0]
    assert a1 == Document(
        id="a1",
        text="Zürich café reopens.",
        path=str(f),
        title="Reopening",
        date="March 3, 2024",
        author="Anna Müller",
        outlet="Wire",
        url="https://ex.example/a1",
        encoding="utf-8",
    )
    assert docs[1].text == "no id"
    assert docs[2].text == "Integer ids become strings — fine 👍"
    assert docs[3].date is None
    got = {p.line: p.message for p in problems}
    assert all(p.path == str(f) for p in problems)
    assert sorted(got) == [3, 5, 7, 8, 9, 10, 11, 12]
    assert got[3].startswith("invalid JSON")
    assert "'text'" in got[5] and "missing" in got[5]
    assert "'id'" in got[7] and "boolean" in got[7]
    assert "'id'" in got[8] and "number" in got[8]
    assert "'text'" in got[9] and "string" in got[9]
    assert "'title'" in got[10]
    assert "object" in got[11]
    assert "'text'" in got[12] and "empty" in got[12]
    assert str(problems[0]) == f"{f}:3: {got[3]}"


def test_jsonl_crlf_and_bom(tmp_path: Path) -> None:
    body = jsonl({"id": "x", "text": "line one\r\nline two"}, {"id": "y", "text": "Zürich"})
    f = write(tmp_path / "feed.jsonl", b"\xef\xbb\xbf" + body.replace("\n", "\r\n").encode())
    docs, problems = read_file(f)
    assert problems == []
    assert [(d.id, d.text) for d in docs] == [("x", "line one\r\nline two"), ("y", "Zürich")]


def test_jsonl_raw_line_separator_inside_string_is_not_a_line_break(tmp_path: Path) -> None:
    f = write(tmp_path / "feed.jsonl", '{"id": "x", "text": "one\u2028two"}\n')
    docs, problems = read_file(f)
    assert problems == []
    assert docs[0].text == "one\u2028two"


def test_jsonl_gzip(tmp_path: Path) -> None:
    body = jsonl({"id": "g1", "text": "café"}) + "oops\n" + jsonl({"id": "g2", "text": "—"})
    f = write(tmp_path / "feed.jsonl.gz", body, compress=True)
    docs, problems = read_file(f)
    assert [(d.id, d.text, d.path) for d in docs] == [("g1", "café", str(f)), ("g2", "—", str(f))]
    assert [(p.path, p.line) for p in problems] == [(str(f), 2)]


# --------------------------------------------------------------------------- discovery, ids


def test_folder_ids_order_and_skips(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    write(root / "b.txt", "Second story\n\nText b.")
    write(root / "a.html", ARTICLE_HTML)
    write(root / "news" / "2024" / "zürich.txt.gz", "Zürich story\n\nText z.", compress=True)
    write(root / "news" / "c.htm", "<p>Short c</p>")
    write(root / "feeds" / "wire.jsonl", jsonl({"id": "w1", "text": "Wire copy."}))
    write(root / "README.md", "not an article")
    write(root / "image.png", b"\x89PNG\r\n\x1a\n\x00\x00")
    write(root / ".hidden.txt", "hidden file")
    write(root / ".git" / "x.txt", "hidden folder")

    files, problems = discover([root])
    assert problems == []
    assert [(p.relative_to(root).as_posix(), i) for p, i in files] == [
        ("a.html", "a"),
        ("b.txt", "b"),
        ("feeds/wire.jsonl", "feeds/wire"),
        ("news/2024/zürich.txt.gz", "news/2024/zürich"),
        ("news/c.htm", "news/c"),
    ]

    result = read_paths([root])
    assert result.problems == []
    assert [d.id for d in result.documents] == ["a", "b", "w1", "news/2024/zürich", "news/c"]
    docs = by_id(result)
    assert docs["news/2024/zürich"].path == str(root / "news" / "2024" / "zürich.txt.gz")
    assert docs["news/2024/zürich"].title == "Zürich story"


def test_single_file_argument_id_is_its_name(tmp_path: Path) -> None:
    f = write(tmp_path / "deep" / "dir" / "story.txt", STORY)
    result = read_paths([f])
    assert [d.id for d in result.documents] == ["story"]
    assert result.documents[0].path == str(f)


def test_read_paths_accepts_a_single_path_and_read_file_an_id_base(tmp_path: Path) -> None:
    f = write(tmp_path / "story.txt", STORY)
    assert [d.id for d in read_paths(str(f)).documents] == ["story"]
    [doc], _ = read_file(f, id_base="custom/id")
    assert doc.id == "custom/id"


def test_explicit_unknown_extension_is_a_problem(tmp_path: Path) -> None:
    bad = write(tmp_path / "notes.md", "some notes")
    good = write(tmp_path / "good.txt", STORY)
    result = read_paths([bad, good])
    assert [d.id for d in result.documents] == ["good"]
    [problem] = result.problems
    assert problem.path == str(bad)
    assert "unknown file type" in problem.message and ".md" in problem.message
    docs, problems = read_file(bad)
    assert docs == [] and problems[0].path == str(bad)


def test_same_file_twice_is_read_once(tmp_path: Path) -> None:
    f = write(tmp_path / "corpus" / "a.txt", STORY)
    result = read_paths([tmp_path / "corpus", f])
    assert [d.id for d in result.documents] == ["a"]
    assert result.problems == []
    # the folder is not "empty" just because its only file was already listed
    result = read_paths([f, tmp_path / "corpus"])
    assert [d.id for d in result.documents] == ["a"]
    assert result.problems == []


def test_folder_without_readable_files_is_reported(tmp_path: Path) -> None:
    write(tmp_path / "empty-dir" / "notes.md", "nothing to read")
    result = read_paths([tmp_path / "empty-dir"])
    assert result.documents == []
    [problem] = result.problems
    assert problem.path == str(tmp_path / "empty-dir")
    assert "no readable files" in problem.message


def test_on_file_called_per_file(tmp_path: Path) -> None:
    write(tmp_path / "c" / "a.txt", STORY)
    write(tmp_path / "c" / "b.txt", b"")
    seen: list[str] = []
    read_paths([tmp_path / "c"], on_file=seen.append)
    assert seen == [str(tmp_path / "c" / "a.txt"), str(tmp_path / "c" / "b.txt")]


# --------------------------------------------------------------------------- duplicate ids


def test_colliding_file_ids_keep_their_folders(tmp_path: Path) -> None:
    first = write(tmp_path / "a" / "x.txt", "First version\n\nText one.")
    second = write(tmp_path / "b" / "x.html", "<p>Second version of x</p>")
    result = read_paths([tmp_path / "a", tmp_path / "b"])
    assert result.problems == []
    assert [(d.id, d.path) for d in result.documents] == [("a/x", str(first)), ("b/x", str(second))]


def test_duplicate_record_id_names_both_sources(tmp_path: Path) -> None:
    first = write(tmp_path / "a" / "feed.jsonl", jsonl({"id": "x", "text": "First version"}))
    second = write(tmp_path / "b" / "feed.jsonl", jsonl({"id": "x", "text": "Second version"}))
    result = read_paths([first, second])
    assert [(d.id, d.text) for d in result.documents] == [("x", "First version")]
    [problem] = result.problems
    assert (problem.path, problem.line) == (str(second), 1)
    assert problem.message == f"duplicate id 'x': already read from {first}:1"


def test_duplicate_ids_in_jsonl_name_lines(tmp_path: Path) -> None:
    feed = write(
        tmp_path / "feed.jsonl",
        jsonl({"id": "s1", "text": "one"}, {"id": "s2", "text": "two"}, {"id": "s1", "text": "3"}),
    )
    story = write(tmp_path / "s2.txt", "A txt whose id clashes with the feed.")
    result = read_paths([feed, story])
    assert [(d.id, d.text) for d in result.documents] == [("s1", "one"), ("s2", "two")]
    assert [(p.path, p.line, p.message) for p in result.problems] == [
        (str(feed), 3, f"duplicate id 's1': already read from {feed}:1"),
        (str(story), None, f"duplicate id 's2': already read from {feed}:2"),
    ]


# --------------------------------------------------------------------------- bad input


def _assert_one_problem(result: IngestResult, bad: Path, *needles: str) -> InputProblem:
    """``bad`` is reported once, mentioning ``needles``; the good file was still read."""
    assert [d.id for d in result.documents] == ["good"]
    [problem] = result.problems
    assert problem.path == str(bad)
    assert str(bad) in str(problem)
    for needle in needles:
        assert needle in problem.message
    return problem


@pytest.fixture
def good(tmp_path: Path) -> Path:
    return write(tmp_path / "good.txt", STORY)


def test_missing_path(tmp_path: Path, good: Path) -> None:
    missing = tmp_path / "nope.txt"
    _assert_one_problem(read_paths([missing, good]), missing, "no such file")
    docs, problems = read_file(missing)
    assert docs == []
    assert problems == [InputProblem(str(missing), "file not found")]


def test_unreadable_file_reported(
    tmp_path: Path, good: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = write(tmp_path / "locked.txt", STORY)
    real_read_bytes = pathlib.Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_bytes(self)

    monkeypatch.setattr(pathlib.Path, "read_bytes", read_bytes)
    _assert_one_problem(read_paths([locked, good]), locked, "permission denied")


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can read files despite chmod 000"
)
def test_unreadable_file_chmod(tmp_path: Path, good: Path) -> None:
    locked = write(tmp_path / "locked.txt", STORY)
    locked.chmod(0)
    try:
        _assert_one_problem(read_paths([locked, good]), locked, "permission denied")
    finally:
        locked.chmod(0o644)


def test_unreadable_folder_reported(
    tmp_path: Path, good: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "corpus"
    write(root / "ok.txt", "Readable\n\nStill read.")
    locked = root / "locked"
    write(locked / "secret.txt", "never reached")
    real_scandir = os.scandir

    def scandir(path: str | os.PathLike[str]) -> object:
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = read_paths([root, good])
    assert [d.id for d in result.documents] == ["ok", "good"]
    [problem] = result.problems
    assert problem.path == str(locked)
    assert "permission denied" in problem.message


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can list folders despite chmod 000"
)
def test_unreadable_folder_chmod(tmp_path: Path, good: Path) -> None:
    root = tmp_path / "corpus"
    write(root / "ok.txt", "Readable\n\nStill read.")
    locked = root / "locked"
    write(locked / "secret.txt", "never reached")
    locked.chmod(0)
    try:
        result = read_paths([root, good])
    finally:
        locked.chmod(0o755)
    assert [d.id for d in result.documents] == ["ok", "good"]
    [problem] = result.problems
    assert problem.path == str(locked)
    assert "permission denied" in problem.message


@pytest.mark.parametrize(
    ("name", "data", "needles"),
    [
        ("nul.txt", b"Zurich\x00\x00\x01binary", ("binary", "NUL")),
        ("controls.txt", bytes(range(1, 9)) * 50 + b"some text", ("binary", "control")),
        ("zipped.txt", gzip.compress(b"hello"), ("binary", "gzip")),
        ("nul.html", b"<html>\x00\x00</html>", ("binary", "NUL")),
        ("nul.jsonl", b'{"id": 1, "text": "a\x00"}\n', ("binary", "NUL")),
    ],
)
def test_binary_file(
    tmp_path: Path, good: Path, name: str, data: bytes, needles: tuple[str, ...]
) -> None:
    bad = write(tmp_path / name, data)
    _assert_one_problem(read_paths([bad, good]), bad, *needles)


@pytest.mark.parametrize(
    ("name", "data", "compress"),
    [
        ("empty.txt", b"", False),
        ("blank.txt", b"  \r\n\t\n", False),
        ("bom-only.txt", b"\xef\xbb\xbf\n", False),
        ("empty.html", b"", False),
        ("empty.jsonl", b"\n\n", False),
        ("empty.txt.gz", b"", True),
        ("zero-bytes.txt.gz", b"", False),
    ],
)
def test_empty_file(tmp_path: Path, good: Path, name: str, data: bytes, compress: bool) -> None:
    bad = write(tmp_path / name, data, compress=compress)
    _assert_one_problem(read_paths([bad, good]), bad, "empty")


def test_non_utf8_names_byte_offset_when_utf8_is_required(tmp_path: Path, good: Path) -> None:
    strict = IngestOptions(encoding="utf-8")
    bad = write(tmp_path / "latin1.txt", "Zürich\ncafé".encode("latin-1"))
    problem = _assert_one_problem(read_paths([bad, good], strict), bad, "UTF-8", "byte offset 1")
    assert problem.line == 1
    bad2 = write(tmp_path / "later.txt", "ok line\nsecond café".encode("cp1252"))
    [problem2] = read_file(bad2, options=strict)[1]
    assert "byte offset 18" in problem2.message
    assert problem2.line == 2
    # without the option, the encoding is detected instead
    [doc], problems = read_file(bad2)
    assert problems == []
    assert (doc.text, doc.encoding) == ("ok line\nsecond café", "cp1252")


def test_non_utf8_inside_gzip(tmp_path: Path, good: Path) -> None:
    bad = write(tmp_path / "latin1.jsonl.gz", '{"id": "x", "text": "café"}'.encode("latin-1"), True)
    result = read_paths([bad, good], IngestOptions(encoding="utf-8"))
    _assert_one_problem(result, bad, "UTF-8", "byte offset 24", "decompressed")
    assert [(d.id, d.text, d.encoding) for d in read_paths([bad]).documents] == [
        ("x", "café", "cp1252")
    ]


def test_corrupt_gzip(tmp_path: Path, good: Path) -> None:
    not_gzip = write(tmp_path / "plain.txt.gz", STORY)
    _assert_one_problem(read_paths([not_gzip, good]), not_gzip, "corrupt gzip")

    truncated = write(tmp_path / "truncated.html.gz", gzip.compress(ARTICLE_HTML.encode())[:40])
    _assert_one_problem(read_paths([truncated, good]), truncated, "corrupt gzip", "truncated")

    broken = bytearray(gzip.compress(STORY.encode() * 20))
    broken[20:30] = b"\xff" * 10
    damaged = write(tmp_path / "damaged.jsonl.gz", bytes(broken))
    _assert_one_problem(read_paths([damaged, good]), damaged, "corrupt gzip")


def test_many_bad_files_in_a_folder_do_not_stop_the_rest(tmp_path: Path) -> None:
    root = tmp_path / "mixed"
    write(root / "1-empty.txt", b"")
    write(root / "2-binary.txt", b"\x00\x01\x02")
    write(root / "3-latin1.txt", "café".encode("latin-1"))  # not a problem: decoded
    write(root / "4-corrupt.txt.gz", b"\x1f\x8bnot really")
    write(root / "5-good.txt", STORY)
    write(root / "6-feed.jsonl", jsonl({"id": "j", "text": "Zürich"}) + "{broken\n")
    result = read_paths([root])
    assert [d.id for d in result.documents] == ["3-latin1", "5-good", "j"]
    assert result.documents[0].text == "café"
    assert [(Path(p.path).name, p.line) for p in result.problems] == [
        ("1-empty.txt", None),
        ("2-binary.txt", None),
        ("4-corrupt.txt.gz", None),
        ("6-feed.jsonl", 2),
    ]


def test_results_pickle_for_process_pools(tmp_path: Path) -> None:
    write(tmp_path / "c" / "a.txt", STORY)
    write(tmp_path / "c" / "b.txt", b"")
    result = read_paths([tmp_path / "c"])
    again = pickle.loads(pickle.dumps(result))
    assert again == result
    assert again.documents[0].text == STORY


def _long_text(paragraphs: int) -> str:
    return "\n\n".join(
        f"Paragraph {k}: the ferry company said on Monday that crossings to the island "
        f"would resume once the storm had passed, and that {k} extra sailings were planned."
        for k in range(paragraphs))


def test_a_document_longer_than_max_chars_is_cut_at_a_paragraph_and_said_so(
    tmp_path: Path,
) -> None:
    text = _long_text(60)  # about 9,000 characters
    (tmp_path / "book.txt").write_text(text, encoding="utf-8")
    (tmp_path / "short.txt").write_text(_long_text(3), encoding="utf-8")
    result = read_paths([tmp_path], IngestOptions(max_chars=2000))
    docs = {d.id: d for d in result.documents}
    assert set(docs) == {"book", "short"}
    cut = docs["book"].text
    assert len(cut) <= 2000 and text.startswith(cut) and text[len(cut):].startswith("\n\n")
    assert docs["short"].text == _long_text(3)
    (problem,) = result.problems
    assert problem.path.endswith("book.txt")
    assert f"cut to its first {len(cut):,} characters of {len(text):,}" in problem.message
    # The same for one file read alone (the service's uploads).
    docs_alone, problems = read_file(tmp_path / "book.txt", options=IngestOptions(max_chars=2000))
    assert docs_alone[0].text == cut and "--max-chars" in problems[0].message
    with pytest.raises(ValueError, match="max_chars"):
        IngestOptions(max_chars=10)


def test_scan_reports_the_cut_and_goes_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                          ) -> None:
    from wiretrace.cli import main

    (tmp_path / "book.txt").write_text(_long_text(60), encoding="utf-8")
    (tmp_path / "copy.txt").write_text(_long_text(8), encoding="utf-8")
    assert main(["scan", str(tmp_path), "--max-chars", "3000", "--json", "-", "-q"]) == 0
    report = json.loads(capsys.readouterr().out)
    (problem,) = report["problems"]
    assert problem["path"].endswith("book.txt") and "cut to its first" in problem["message"]
    assert report["pairs"], "the cut document is still compared"
