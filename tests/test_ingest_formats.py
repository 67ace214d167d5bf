"""Tests for the inputs news people have: CSV/TSV, JSON, NDJSON, WARC, URLs, stdin,
legacy encodings, and ids that stay unique across folders.

Every article here is invented for these tests; WARC files are built in the tests with
warcio, and URLs are served by a local HTTP server on 127.0.0.1 (nothing leaves the
machine).
"""

from __future__ import annotations

import gzip
import io
import json
import pickle
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from wiretrace.ingest import IngestOptions, IngestResult, discover, read_file, read_paths
from wiretrace.ingest.decode import detect_encoding
from wiretrace.ingest.discover import FORMATS, KNOWN_EXTENSIONS_HELP
from wiretrace.pipeline import compare_documents, scan_documents
from wiretrace.records import Document

# --------------------------------------------------------------------------- fixtures

FLOOD = (
    "Heavy rain pushed the Limmat above its banks on Sunday, flooding the café district.\r\n"
    "“We have not seen water like this in twenty years,” a city spokesperson said."
)
TRAM = "The council backed the new tram line by 31 votes to 12 on Tuesday — work starts in May."
COPIED = (
    "The owners of the café on Main Street said “enough is enough” on Monday and closed their "
    "doors at noon, two hours before the lunchtime crowd usually arrives from the offices. "
    "Their landlord, a property fund based in Lucerne, had raised the rent by forty percent "
    "in March, the third increase in as many years. ‘We cannot sell enough coffee to pay "
    "that,’ said Marta Keller, who has run the café with her brother since 2011."
)


def write(path: Path, data: str | bytes, encoding: str = "utf-8") -> Path:
    """Write ``data`` as bytes (no newline translation)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode(encoding) if isinstance(data, str) else data)
    return path


def by_id(result: IngestResult) -> dict[str, Document]:
    return {d.id: d for d in result.documents}


def span_of(text: str, passage: str) -> tuple[int, int]:
    start = text.index(passage)
    return start, start + len(passage)


# --------------------------------------------------------------------------- CSV / TSV


def csv_text(*rows: list[str]) -> str:
    """Rows as CSV with CRLF line ends (as Excel writes them), every cell quoted."""
    return "".join(",".join('"' + c.replace('"', '""') + '"' for c in row) + "\r\n" for row in rows)


def test_csv_guesses_body_headline_and_metadata_columns(tmp_path: Path) -> None:
    f = write(
        tmp_path / "export.csv",
        csv_text(
            ["guid", "Headline", "Body", "Published At", "Source", "Byline", "word_count"],
            ["ap-1", "Flood in Zürich", FLOOD, "2024-03-03", "Alpine Wire", "Anna Müller", "31"],
            ["ap-2", "Tram line approved", TRAM, "", "", "", "18"],
        ),
    )
    result = read_paths([f])
    assert result.problems == []
    docs = by_id(result)
    assert list(docs) == ["ap-1", "ap-2"]
    flood = docs["ap-1"]
    assert flood.text == FLOOD  # the cell exactly: CRLF inside the quoted cell kept
    assert (flood.title, flood.date, flood.outlet, flood.author) == (
        "Flood in Zürich", "2024-03-03", "Alpine Wire", "Anna Müller",
    )
    assert (flood.path, flood.encoding) == (str(f), "utf-8")
    start, end = span_of(flood.text, "“We have not seen water")
    assert flood.text[start:end] == "“We have not seen water"
    assert flood.text[: flood.text.index("\r\n")].endswith("café district.")
    tram = docs["ap-2"]
    assert (tram.text, tram.title, tram.date) == (TRAM, "Tram line approved", None)
    assert tram.outlet is None


def test_csv_without_id_column_generates_ids_from_line_numbers(tmp_path: Path) -> None:
    f = write(
        tmp_path / "desk" / "feed.csv",
        csv_text(["title", "content"], ["Flood", FLOOD], ["Tram", TRAM], ["", "A third one."]),
    )
    result = read_paths([tmp_path / "desk"])
    assert result.problems == []
    # FLOOD's cell spans lines 2-3, so the second row starts on line 4
    assert [(d.id, d.title, d.text) for d in result.documents] == [
        ("feed#2", "Flood", FLOOD),
        ("feed#4", "Tram", TRAM),
        ("feed#5", None, "A third one."),
    ]
    assert read_file(f)[0][1].id == "feed#4"


def test_csv_explicit_field_mapping(tmp_path: Path) -> None:
    f = write(
        tmp_path / "wire.csv",
        csv_text(
            ["story_no", "slug", "summary", "copy", "when"],
            ["17", "flood", "Short version.", FLOOD, "Sunday"],
            ["18", "tram", "Short tram.", TRAM, "Tuesday"],
        ),
    )
    options = IngestOptions(
        id_field="story_no", text_field="copy", title_field="slug", date_field="when"
    )
    result = read_paths([f], options)
    assert result.problems == []
    assert [(d.id, d.text, d.title, d.date) for d in result.documents] == [
        ("17", FLOOD, "flood", "Sunday"),
        ("18", TRAM, "tram", "Tuesday"),
    ]
    # names match ignoring case and separators; without the mapping, "summary" is no text field
    again = read_paths([f], IngestOptions(text_field="COPY", id_field="Story No"))
    assert [d.id for d in again.documents] == ["17", "18"]
    [problem] = read_paths([f]).problems
    assert "no text field" in problem.message and "'copy'" in problem.message


def test_csv_missing_explicit_field_is_one_problem_for_the_file(tmp_path: Path) -> None:
    rows = [["id", "body"]] + [[str(n), f"Story number {n}."] for n in range(1, 6)]
    f = write(tmp_path / "feed.csv", csv_text(*rows))
    result = read_paths([f], IngestOptions(text_field="article_body"))
    assert result.documents == []
    [problem] = result.problems
    assert (problem.path, problem.line) == (str(f), None)
    assert "'article_body'" in problem.message and "--text-field" in problem.message
    assert "'body'" in problem.message  # the fields the file does have
    # a missing metadata field is reported once too, but the articles are still read
    result = read_paths([f], IngestOptions(date_field="pubdate"))
    assert [d.id for d in result.documents] == ["1", "2", "3", "4", "5"]
    assert [(p.line, "'pubdate'" in p.message) for p in result.problems] == [(None, True)]


def test_csv_bad_rows_are_reported_with_their_lines(tmp_path: Path) -> None:
    content = (
        "id,text\n"
        "a,First story.\n"
        "b,\n"  # empty text
        "c,Third,extra cell\n"
        "\n"  # blank row: skipped
        "d,Fourth story.\n"
    )
    f = write(tmp_path / "feed.csv", content)
    result = read_paths([f])
    assert [(d.id, d.text) for d in result.documents] == [
        ("a", "First story."),
        ("d", "Fourth story."),
    ]
    assert [(p.line, p.message) for p in result.problems] == [
        (3, "field 'text' is empty (id 'b')"),
        (4, "row has 3 cells, the header has 2"),
    ]


def test_semicolon_csv_and_tsv(tmp_path: Path) -> None:
    semi = write(tmp_path / "excel.csv", "id;title;text\r\n1;Flood, again;Rain, rain and rain.\r\n")
    tsv = write(tmp_path / "dump.tsv", "id\ttext\ttitle\nt1\tTabs, commas; all fine.\tT\n")
    result = read_paths([semi, tsv])
    assert result.problems == []
    assert [(d.id, d.title, d.text) for d in result.documents] == [
        ("1", "Flood, again", "Rain, rain and rain."),
        ("t1", "T", "Tabs, commas; all fine."),
    ]


# --------------------------------------------------------------------------- JSON / NDJSON


def test_json_array(tmp_path: Path) -> None:
    records = [
        {"id": "j1", "headline": "Flood", "body": FLOOD, "date": "2024-03-03"},
        {"body": TRAM, "url": "https://news.example/tram"},
        {"id": "j3", "body": 42},
        "not an object",
    ]
    f = write(tmp_path / "stories.json", json.dumps(records, ensure_ascii=False, indent=2))
    result = read_paths([f])
    assert [(d.id, d.title, d.text, d.date, d.url) for d in result.documents] == [
        ("j1", "Flood", FLOOD, "2024-03-03", None),
        # the file's id field is "id"; a record without one gets its position
        ("stories#2", None, TRAM, None, "https://news.example/tram"),
    ]
    assert [(p.line, p.message) for p in result.problems] == [
        (None, "record 3: field 'body' must be a string, got number (id 'j3')"),
        (None, "record 4: expected a JSON object, got string"),
    ]
    doc = result.documents[0]
    start, end = span_of(doc.text, "café district")
    assert doc.text[start:end] == "café district"


def test_json_wrapped_arrays(tmp_path: Path) -> None:
    newsapi = {
        "status": "ok",
        "totalResults": 2,
        "articles": [
            {
                "source": {"id": None, "name": "Alpine Wire"},
                "author": "Anna Müller",
                "title": "Flood in Zürich",
                "publishedAt": "2024-03-03T08:15:00Z",
                "content": FLOOD,
            },
            {"title": "Tram", "content": TRAM},
        ],
    }
    nested = {"response": {"status": "ok", "results": [{"id": 9, "text": TRAM}]}}
    single = {"id": "one", "title": "Only one", "article": FLOOD}
    f1 = write(tmp_path / "newsapi.json", json.dumps(newsapi))
    f2 = write(tmp_path / "guardian.json", json.dumps(nested))
    f3 = write(tmp_path / "single.json", json.dumps(single))
    result = read_paths([f1, f2, f3])
    assert result.problems == []
    assert [(d.id, d.title, d.outlet, d.author, d.date, d.text) for d in result.documents] == [
        ("newsapi#1", "Flood in Zürich", "Alpine Wire", "Anna Müller", "2024-03-03T08:15:00Z",
         FLOOD),
        ("newsapi#2", "Tram", None, None, None, TRAM),
        ("9", None, None, None, None, TRAM),
        ("one", "Only one", None, None, None, FLOOD),
    ]


def test_json_that_is_not_articles_or_not_json(tmp_path: Path) -> None:
    config = write(tmp_path / "config.json", json.dumps({"threshold": 0.5, "names": ["a"]}))
    broken = write(tmp_path / "broken.json", '[\n  {"id": "x", "text": "ok"},\n  {"id": \n')
    empty = write(tmp_path / "empty.json", "[]")
    result = read_paths([config, broken, empty])
    assert result.documents == []
    got = {Path(p.path).name: (p.line, p.message) for p in result.problems}
    assert got["config.json"][1].startswith("expected a JSON array of articles")
    assert got["broken.json"][0] == 4 and got["broken.json"][1].startswith("invalid JSON")
    assert got["empty.json"] == (None, "no articles: the array is empty")


def test_ndjson_with_body_field_and_generated_ids(tmp_path: Path) -> None:
    lines = [
        {"guid": "n1", "body": FLOOD, "headline": "Flood"},
        {"body": TRAM},
        {"guid": "n3", "headline": "No body here"},
    ]
    content = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines)
    f = write(tmp_path / "wire.ndjson", content)
    result = read_paths([f])
    assert [(d.id, d.title, d.text) for d in result.documents] == [
        ("n1", "Flood", FLOOD),
        ("wire#2", None, TRAM),
    ]
    assert [(p.line, p.message) for p in result.problems] == [(3, "missing field 'body' (id 'n3')")]
    # a .json file holding JSON Lines is read as such
    g = write(tmp_path / "lines.json", content)
    assert [d.id for d in read_paths([g]).documents] == ["n1", "lines#2"]


def test_jsonl_named_text_field_missing_everywhere_is_one_problem(tmp_path: Path) -> None:
    content = "".join(json.dumps({"id": n, "text": "x"}) + "\n" for n in range(50))
    f = write(tmp_path / "feed.jsonl", content)
    result = read_paths([f], IngestOptions(text_field="body"))
    assert result.documents == []
    [problem] = result.problems
    assert problem.line is None and "'body'" in problem.message


# --------------------------------------------------------------------------- WARC


def page(title: str, body: str, published: str | None = None, charset: str = "utf-8") -> str:
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n"))
    return (
        f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title}</title>{meta}'
        f"</head><body><nav><a href='/'>Home</a> <a href='/sport'>Sport</a></nav>"
        f"<article><h1>{title}</h1>{paragraphs}</article>"
        "<footer>© Alpine Wire. All rights reserved.</footer></body></html>"
    )


FLOOD_PAGE = page(
    "Flood in Zürich",
    "Heavy rain pushed the Limmat above its banks on Sunday, flooding the café district and "
    "forcing dozens of residents to leave their homes.\n"
    "“We have not seen water like this in twenty years,” a city spokesperson said.",
    published="2024-03-03T08:15:00+01:00",
)
TRAM_PAGE = page(
    "Tram line approved",
    "The council backed the new tram line by 31 votes to 12 on Tuesday, ending a debate that "
    "had run for almost a decade.\nWork on the first section starts in May, the city said.",
)
MAYOR_PAGE = page(
    "Mayor’s café plan",
    "The mayor’s “bold” plan for the café quarter would close three streets to cars from June, "
    "the city hall said on Friday.\nShop owners said they had not been asked.",
    charset="windows-1252",
)

WarcRecord = tuple[str, str, str, str, bytes, str]
"""(WARC type, target URI, HTTP status line, content type, payload, WARC-Date)."""

CRAWL: list[WarcRecord] = [
    ("request", "https://alpine.example/flood", "", "", b"", "2024-03-04T01:00:00Z"),
    ("response", "https://alpine.example/flood", "200 OK", "text/html; charset=utf-8",
     FLOOD_PAGE.encode(), "2024-03-04T01:00:00Z"),
    ("response", "https://alpine.example/logo.png", "200 OK", "image/png",
     b"\x89PNG\r\n\x1a\n\x00\x00\x00", "2024-03-04T01:00:01Z"),
    ("response", "https://alpine.example/gone", "404 Not Found", "text/html",
     page("Not found", "This page does not exist.").encode(), "2024-03-04T01:00:02Z"),
    ("response", "https://alpine.example/tram", "200 OK", "text/html",
     TRAM_PAGE.encode(), "2024-03-05T09:30:00Z"),
    ("response", "https://city.example/mayor", "200 OK", "text/html; charset=windows-1252",
     MAYOR_PAGE.encode("cp1252"), "2024-03-06T12:00:00Z"),
]


def write_warc(path: Path, records: list[WarcRecord], compress: bool) -> Path:
    """A WARC file like a crawler's (gzip: one member per record, as in CC-NEWS)."""
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=compress)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        for kind, uri, status, ctype, payload, date in records:
            headers = {"WARC-Date": date}
            if kind == "request":
                http = StatusAndHeaders(
                    "GET / HTTP/1.1", [("Host", "alpine.example")], is_http_request=True
                )
            else:
                http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                uri, kind, payload=io.BytesIO(payload), http_headers=http,
                warc_headers_dict=headers,
            )
            writer.write_record(record)
    return path


def record_offsets(path: Path) -> list[int]:
    offsets = []
    with path.open("rb") as fh:
        iterator = ArchiveIterator(fh)
        for _ in iterator:
            offsets.append(iterator.get_record_offset())
    return offsets


@pytest.mark.parametrize("name", ["crawl.warc", "CC-NEWS-20240306-00001.warc.gz"])
def test_warc_html_responses_are_articles(tmp_path: Path, name: str) -> None:
    f = write_warc(tmp_path / name, CRAWL, compress=name.endswith(".gz"))
    result = read_paths([f])
    assert result.problems == []
    docs = by_id(result)
    # the request, the image and the 404 page are skipped silently
    assert list(docs) == [
        "https://alpine.example/flood",
        "https://alpine.example/tram",
        "https://city.example/mayor",
    ]
    flood = docs["https://alpine.example/flood"]
    assert flood.url == "https://alpine.example/flood"
    assert flood.path == str(f)
    assert flood.title == "Flood in Zürich"
    assert flood.date == "2024-03-03"  # the page's own date, not the crawl's
    assert "flooding the café district" in flood.text
    assert "All rights reserved" not in flood.text and "Sport" not in flood.text
    start, end = span_of(flood.text, "“We have not seen water")
    assert flood.text[start:end] == "“We have not seen water"
    tram = docs["https://alpine.example/tram"]
    assert tram.date == "2024-03-05"  # no date on the page: the WARC-Date's day
    assert "31 votes to 12" in tram.text
    mayor = docs["https://city.example/mayor"]
    assert mayor.encoding == "cp1252"  # from the HTTP charset
    assert "The mayor’s “bold” plan for the café quarter" in mayor.text
    assert flood.encoding == "utf-8"


@pytest.mark.parametrize("compress", [False, True])
def test_truncated_warc_keeps_the_records_before_the_damage(
    tmp_path: Path, compress: bool
) -> None:
    whole = write_warc(tmp_path / "whole.warc", CRAWL, compress)
    data = whole.read_bytes()
    last = record_offsets(whole)[-1]  # the cp1252 mayor page
    cut = write(tmp_path / ("cut.warc.gz" if compress else "cut.warc"),
                data[: last + (len(data) - last) // 2])
    result = read_paths([cut])
    assert [d.id for d in result.documents] == [
        "https://alpine.example/flood",
        "https://alpine.example/tram",
    ]
    [problem] = result.problems
    assert problem.path == str(cut)
    assert f"byte offset {last}" in problem.message
    assert "truncated" in problem.message


def test_warc_problems_name_the_file(tmp_path: Path) -> None:
    not_warc = write(tmp_path / "notes.warc", "These are my notes, not an archive.\n")
    empty = write(tmp_path / "empty.warc.gz", b"")
    good = write(tmp_path / "good.txt", TRAM)
    result = read_paths([not_warc, empty, good])
    assert [d.id for d in result.documents] == ["good"]
    got = {Path(p.path).name: p.message for p in result.problems}
    assert got["notes.warc"].startswith("not a WARC file")
    assert got["empty.warc.gz"] == "empty file"


def test_whole_file_gzipped_warc_is_still_read(tmp_path: Path) -> None:
    plain = write_warc(tmp_path / "plain.warc", CRAWL, compress=False)
    f = write(tmp_path / "whole.warc.gz", gzip.compress(plain.read_bytes()))
    result = read_paths([f])
    assert result.problems == []
    assert len(result.documents) == 3
    assert result.documents[2].encoding == "cp1252"


# --------------------------------------------------------------------------- URLs


BIG_PAGE = b"<html><body><p>" + b"x" * 5000 + b"</p></body></html>"


class _Handler(BaseHTTPRequestHandler):
    pages: ClassVar[dict[str, tuple[str, bytes]]] = {
        "/news/flood": ("text/html; charset=utf-8", FLOOD_PAGE.encode()),
        "/news/mayor": ("text/html", MAYOR_PAGE.encode("cp1252")),  # charset only in <meta>
        "/data.json": ("application/json", b'{"id": 1}'),
        "/big": ("text/html", BIG_PAGE),
    }

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:
        if self.path == "/old-flood":
            self.send_response(301)
            self.send_header("Location", "/news/flood")
            self.end_headers()
            return
        if self.path == "/slow":
            time.sleep(1.0)
        if self.path not in self.pages:
            self.send_error(404, "Not Found")
            return
        ctype, body = self.pages[self.path]
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_url_is_downloaded_and_extracted(server: str) -> None:
    url = f"{server}/news/flood"
    result = read_paths([url])
    assert result.problems == []
    [doc] = result.documents
    assert (doc.id, doc.url, doc.path, doc.encoding) == (url, url, url, "utf-8")
    assert doc.title == "Flood in Zürich"
    assert doc.date == "2024-03-03"
    assert "flooding the café district" in doc.text and "All rights reserved" not in doc.text


def test_url_redirect_and_meta_charset(server: str) -> None:
    old, mayor = f"{server}/old-flood", f"{server}/news/mayor"
    result = read_paths([old, mayor])
    assert result.problems == []
    docs = by_id(result)
    assert docs[old].url == f"{server}/news/flood"  # id as given, url where it was read
    assert docs[mayor].encoding == "cp1252"
    assert "The mayor’s “bold” plan for the café quarter" in docs[mayor].text


def test_failed_downloads_are_problems_naming_the_url(server: str, tmp_path: Path) -> None:
    good = write(tmp_path / "good.txt", TRAM)
    urls = [f"{server}/missing", f"{server}/data.json", f"{server}/big", f"{server}/slow"]
    result = read_paths([*urls, good], IngestOptions(timeout=0.3, max_page_bytes=1000))
    assert [d.id for d in result.documents] == ["good"]
    assert [(p.path, p.message) for p in result.problems] == [
        (urls[0], "download failed: HTTP 404 Not Found"),
        (urls[1], "not an HTML page (content type 'application/json')"),
        (urls[2], f"page larger than 1,000 bytes (Content-Length {len(BIG_PAGE)})"),
        (urls[3], "download failed: timed out after 0.3 s"),
    ]


# --------------------------------------------------------------------------- stdin


def stdin_of(data: bytes) -> tuple[list[int], Callable[[], bytes]]:
    calls: list[int] = []

    def read() -> bytes:
        calls.append(1)
        return data

    return calls, read


def test_stdin_plain_text_read_once(tmp_path: Path) -> None:
    text = "Tram line approved\r\n\r\n" + TRAM
    calls, read = stdin_of(text.encode())
    result = read_paths(["-", "-"], read_stdin=read)
    assert calls == [1]
    assert result.problems == []
    [doc] = result.documents
    assert (doc.id, doc.path, doc.text) == ("stdin", "<stdin>", text)
    assert doc.title == "Tram line approved"


@pytest.mark.parametrize(
    ("data", "ids"),
    [
        (b'{"id": "s1", "body": "One."}\n{"body": "Two."}\n', ["s1", "stdin#2"]),
        (b'  [{"id": "s1", "text": "One."}, {"text": "Two."}]', ["s1", "stdin#2"]),
        (b'{"articles": [{"content": "One."}]}', ["stdin#1"]),
    ],
)
def test_stdin_json_and_jsonl(data: bytes, ids: list[str]) -> None:
    _, read = stdin_of(data)
    result = read_paths(["-"], read_stdin=read)
    assert result.problems == []
    assert [d.id for d in result.documents] == ids
    assert result.documents[0].text == "One."


def test_stdin_html_warc_and_empty(tmp_path: Path) -> None:
    _, read = stdin_of(FLOOD_PAGE.encode())
    [doc] = read_paths(["-"], read_stdin=read).documents
    assert doc.id == "stdin" and doc.title == "Flood in Zürich" and "<p>" not in doc.text
    warc = write_warc(tmp_path / "c.warc.gz", CRAWL, compress=True)
    _, read = stdin_of(warc.read_bytes())
    assert len(read_paths(["-"], read_stdin=read).documents) == 3
    _, read = stdin_of(b"")
    result = read_paths(["-"], read_stdin=read)
    assert [(p.path, p.message) for p in result.problems] == [("<stdin>", "empty input")]


# --------------------------------------------------------------------------- encodings

CP1252_STORY = (
    "Café owners protest rent rise\r\n\r\n"
    "The owners of the café on Main Street said “enough is enough” on Monday — and closed "
    "early. ‘We are tired,’ one said.\r\n"
)


def test_cp1252_file_is_decoded_and_its_encoding_recorded(tmp_path: Path) -> None:
    f = write(tmp_path / "export.txt", CP1252_STORY, encoding="cp1252")
    with pytest.raises(UnicodeDecodeError):
        f.read_bytes().decode("utf-8")
    result = read_paths([f])
    assert result.problems == []
    [doc] = result.documents
    assert doc.text == CP1252_STORY  # CRLF kept, nothing normalised
    assert doc.encoding == "cp1252"
    assert doc.title == "Café owners protest rent rise"
    assert doc.to_dict()["encoding"] == "cp1252"
    for passage in ("café on Main Street", "“enough is enough”", "‘We are tired,’"):
        start, end = span_of(CP1252_STORY, passage)
        assert doc.text[start:end] == passage
    # an explicit encoding wins over detection
    [forced], _ = read_file(f, options=IngestOptions(encoding="cp437"))
    assert forced.encoding == "cp437" and "café" not in forced.text


def test_cp1252_csv_and_utf16_text(tmp_path: Path) -> None:
    rows = csv_text(["id", "text"], ["c1", CP1252_STORY])
    f = write(tmp_path / "legacy.csv", rows, encoding="cp1252")
    u = write(tmp_path / "unicode.txt", b"\xff\xfe" + CP1252_STORY.encode("utf-16-le"))
    result = read_paths([f, u])
    assert result.problems == []
    assert [(d.id, d.text, d.encoding) for d in result.documents] == [
        ("c1", CP1252_STORY, "cp1252"),
        ("unicode", "\ufeff" + CP1252_STORY, "utf-16-le"),  # the BOM stays, as for UTF-8
    ]


def test_legacy_encodings_of_other_languages_are_detected() -> None:
    czech = "Vláda v pondělí schválila nový zákon o ochraně přírody, řekl mluvčí ministerstva."
    russian = "Правительство в понедельник одобрило новый закон об охране природы."
    assert detect_encoding("Příliš žluťoučký kůň úpěl ďábelské ódy. " .encode("cp1250")
                           + czech.encode("cp1250")) == "cp1250"
    assert detect_encoding(russian.encode("cp1251")) == "cp1251"
    assert detect_encoding("“café”".encode("cp1252")) == "cp1252"


def test_offsets_from_a_cp1252_file_round_trip_through_compare(tmp_path: Path) -> None:
    a = write(tmp_path / "wire" / "cafe.txt", "Café closes\r\n\r\n" + COPIED + "\r\n", "cp1252")
    b = write(tmp_path / "paper" / "cafe.html",
              f"<html><body><article><p>Local news.</p><p>{COPIED}</p></article></body></html>")
    result = read_paths([a, b])
    assert result.problems == []
    docs = by_id(result)
    assert list(docs) == ["wire/cafe", "paper/cafe"]
    assert docs["wire/cafe"].encoding == "cp1252"
    pair = compare_documents(docs["wire/cafe"], docs["paper/cafe"])
    assert pair is not None and pair.passages
    for doc_id in (pair.a, pair.b):
        text = docs[doc_id].text
        spans = pair.spans_in(doc_id)
        copied = " ".join(text[s:e] for s, e in spans)
        assert "“enough is enough”" in copied and "café with her brother" in copied


# --------------------------------------------------------------------------- unique ids


def test_same_name_in_two_folders_keeps_the_folders(tmp_path: Path) -> None:
    ap = write(tmp_path / "ap" / "story.txt", "Bridge closed\n\n" + COPIED)
    reuters = write(tmp_path / "reuters" / "story.txt", "Bridge shut\n\n" + COPIED)
    result = read_paths([ap, reuters])
    assert result.problems == []
    assert [(d.id, d.path) for d in result.documents] == [
        ("ap/story", str(ap)),
        ("reuters/story", str(reuters)),
    ]
    scan = scan_documents(result.documents)  # was "No reuse found": one was dropped
    assert [(p.a, p.b) for p in scan.pairs] == [("ap/story", "reuters/story")]


def test_id_collisions_extend_as_far_as_needed(tmp_path: Path) -> None:
    one = write(tmp_path / "2024" / "ap" / "story.txt", "One.")
    two = write(tmp_path / "2025" / "ap" / "story.txt", "Two.")
    html = write(tmp_path / "2025" / "ap" / "story.html", "<p>Three.</p>")
    lone = write(tmp_path / "other" / "lone.txt", "Four.")
    files, problems = discover([one, two, html, lone])
    assert problems == []
    assert [i for _, i in files] == [
        "2024/ap/story.txt", "2025/ap/story.txt", "2025/ap/story.html", "lone"
    ]
    # folders walked: ids relative to each folder, lengthened only where they collide
    files, _ = discover([tmp_path / "2024", tmp_path / "2025"])
    assert [i for _, i in files] == ["2024/ap/story.txt", "2025/ap/story.html", "2025/ap/story.txt"]


def test_generated_ids_of_same_named_feeds_differ(tmp_path: Path) -> None:
    ap = write(tmp_path / "ap" / "feed.csv", csv_text(["text"], ["Story A."]))
    rt = write(tmp_path / "reuters" / "feed.csv", csv_text(["text"], ["Story B."]))
    result = read_paths([ap, rt])
    assert result.problems == []
    assert [(d.id, d.text) for d in result.documents] == [
        ("ap/feed#2", "Story A."), ("reuters/feed#2", "Story B."),
    ]


# --------------------------------------------------------------------------- the API


def test_discover_passes_urls_and_stdin_through(tmp_path: Path) -> None:
    f = write(tmp_path / "a.txt", "A.")
    url = "https://news.example/a"
    files, problems = discover([url, "-", f, url])
    assert problems == []
    assert files == [(url, url), ("-", "stdin"), (f, "a")]


def test_new_formats_are_known() -> None:
    for ext in (".csv", ".tsv", ".json", ".ndjson", ".warc"):
        assert ext in FORMATS and ext in KNOWN_EXTENSIONS_HELP


def test_options_are_checked_and_pickle() -> None:
    with pytest.raises(ValueError, match="unknown encoding"):
        IngestOptions(encoding="no-such-codec")
    with pytest.raises(ValueError, match="encoding"):
        IngestOptions(encoding="rot13")
    with pytest.raises(ValueError, match="text_field"):
        IngestOptions(text_field=" ")
    options = IngestOptions(text_field="body", encoding="cp1252", timeout=5)
    assert pickle.loads(pickle.dumps(options)) == options
