"""The web service over a real server on loopback: the check, the archive writes and their
token, the size limit, and JSON errors with the right status codes."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import lxml.html
import pytest

from service_helpers import (
    Reply,
    call,
    demo_documents,
    gz,
    make_archive,
    post_json,
    serve,
    upload,
)
from wiretrace.records import Document
from wiretrace.report.json_report import validate_report
from wiretrace.service.app import create_app

TOKEN = "test-token-5f1c"
MAX_BYTES = 256 * 1024
ARCHIVED = ("wire-original", "unrelated", "same-topic-different-story")


@pytest.fixture(scope="module")
def docs() -> dict[str, Document]:
    return demo_documents()


@pytest.fixture(scope="module")
def app_and_url(tmp_path_factory: pytest.TempPathFactory, docs: dict[str, Document]
                ) -> Iterator[tuple[Any, str]]:
    db = make_archive(tmp_path_factory.mktemp("service") / "archive.db",
                      [docs[i] for i in ARCHIVED])
    app = create_app(db, token=TOKEN, max_bytes=MAX_BYTES)
    with serve(app) as url:
        yield app, url


@pytest.fixture(scope="module")
def url(app_and_url: tuple[Any, str]) -> str:
    return app_and_url[1]


def assert_error(reply: Reply, status: int, contains: str = "") -> None:
    assert reply.status == status, (reply.status, reply.body[:300])
    assert reply.headers["content-type"].startswith("application/json")
    body = reply.json()
    assert set(body) == {"error"} and isinstance(body["error"], str) and body["error"]
    assert contains.lower() in body["error"].lower()
    assert "Traceback" not in reply.text


def wire_pair(report: dict[str, Any]) -> dict[str, Any]:
    (pair,) = [p for p in report["pairs"] if "wire-original" in (p["a"], p["b"])]
    return pair


def assert_finds_wire(report: dict[str, Any], text: str, wire: str, checked_id: str) -> None:
    """The check found the wire story in the reprint, with passages whose verbatim text is
    the same on both sides."""
    validate_report(report)
    assert report["generator"]["command"] == "check"
    assert report["generator"]["archive"]["checked"] == [checked_id]
    pair = wire_pair(report)
    assert {pair["a"], pair["b"]} == {"wire-original", checked_id}
    assert pair["relation"] in ("copy", "duplicate")
    assert pair["passages"]
    side_wire = "a" if pair["a"] == "wire-original" else "b"
    side_new = "b" if side_wire == "a" else "a"
    verbatim = [p for p in pair["passages"] if p["kind"] == "verbatim"]
    assert verbatim
    for p in verbatim:
        (ws, we), (ns, ne) = p[side_wire], p[side_new]
        assert wire[ws:we] == text[ns:ne]
        assert len(text[ns:ne]) > 100


# --- reads -------------------------------------------------------------------------------


def test_health_docs_and_openapi(url: str) -> None:
    reply = call(url, "GET", "/health")
    assert reply.status == 200 and reply.json()["documents"] == len(ARCHIVED)
    docs_page = call(url, "GET", "/docs")
    assert docs_page.status == 200 and "openapi.json" in docs_page.text
    # Swagger UI comes from the service itself, not from a CDN.
    assert "//cdn" not in docs_page.text and "/docs-assets/swagger-ui-bundle.js" in docs_page.text
    script = call(url, "GET", "/docs-assets/swagger-ui-bundle.js")
    assert script.status == 200 and "SwaggerUIBundle" in script.text
    spec = call(url, "GET", "/openapi.json").json()
    for path in ("/check", "/check.html", "/documents", "/documents/{doc_id}",
                 "/stories/{doc_id}", "/health"):
        assert path in spec["paths"], path
    body = spec["paths"]["/check"]["post"]["requestBody"]["content"]
    assert {"application/json", "multipart/form-data", "text/plain"} <= set(body)
    assert "413" in spec["paths"]["/check"]["post"]["responses"]


def test_index_page(url: str) -> None:
    reply = call(url, "GET", "/")
    assert reply.status == 200 and reply.headers["content-type"].startswith("text/html")
    tree = lxml.html.document_fromstring(reply.text)
    assert tree.xpath("//form[@id='check-form']//textarea[@name='text']")
    assert tree.xpath("//form[@id='check-form']//input[@type='file'][@name='file']")
    for attr in ("src", "href", "action"):
        for el in tree.xpath(f"//*[@{attr}]"):
            assert "//" not in el.get(attr), el.get(attr)  # nothing from another site
    assert not tree.xpath("//script[@src] | //link[@rel='stylesheet']")


def test_check_json_finds_the_reprint(url: str, docs: dict[str, Document]) -> None:
    text = docs["reprint-trimmed"].text
    reply = post_json(url, "/check", {"text": text, "title": "A reprint"})
    assert reply.status == 200, reply.body[:300]
    report = reply.json()
    assert_finds_wire(report, text, docs["wire-original"].text, "submitted")
    assert all("text" not in d for d in report["documents"])
    checked = next(d for d in report["documents"] if d["id"] == "submitted")
    assert checked["title"] == "A reprint"
    full = post_json(url, "/check?include_text=true", {"text": text, "id": "mine"}).json()
    assert {d["id"]: d["text"] for d in full["documents"]}["mine"] == text


def test_check_uploads(url: str, docs: dict[str, Document]) -> None:
    text = docs["reprint-trimmed"].text
    wire = docs["wire-original"].text
    reply = upload(url, "/check", "reprint.txt", text.encode())
    assert reply.status == 200, reply.body[:300]
    assert_finds_wire(reply.json(), text, wire, "reprint")
    reply = upload(url, "/check", "reprint.txt.gz", gz(text))
    assert reply.status == 200, reply.body[:300]
    assert_finds_wire(reply.json(), text, wire, "reprint")
    line = json.dumps({"id": "line-1", "text": text}) + "\n"
    reply = upload(url, "/check", "batch.jsonl", line.encode())
    assert reply.status == 200, reply.body[:300]
    assert_finds_wire(reply.json(), text, wire, "line-1")
    reply = call(url, "POST", "/check", text.encode(), {"Content-Type": "text/plain"})
    assert_finds_wire(reply.json(), text, wire, "submitted")


def test_check_html(url: str, docs: dict[str, Document]) -> None:
    text = docs["reprint-trimmed"].text
    reply = post_json(url, "/check.html", {"text": text})
    assert reply.status == 200 and reply.headers["content-type"].startswith("text/html")
    tree = lxml.html.document_fromstring(reply.text)
    spans = tree.xpath("//div[@data-side]//span[contains(@class, 'psg')]")
    assert spans
    for s in spans:
        col = s.xpath("ancestor::div[@data-side]")[0]
        source = text if col.get("data-doc") == "submitted" else docs["wire-original"].text
        assert s.text_content() == source[int(s.get("data-start")):int(s.get("data-end"))]
    assert tree.xpath("//a[@href='./']")  # back to the form


# --- errors ------------------------------------------------------------------------------


JSON = {"Content-Type": "application/json"}


@pytest.mark.parametrize(("body", "headers", "status", "message"), [
    (b'{"text": "unfinished', JSON, 400, "malformed JSON"),
    (b"", JSON, 400, "empty request body"),
    (b'["text"]', JSON, 400, "JSON object"),
    (b'{"title": "no text"}', JSON, 400, "missing field 'text'"),
    (b'{"text": 42}', JSON, 422, "must be a string"),
    (b'{"text": "story", "title": ["x"]}', JSON, 422, "'title' must be a string"),
    (b'{"text": "   \\n "}', JSON, 422, "empty"),
    ('{"text": "caf\u00e9"}'.encode("latin-1"), JSON, 400, "not UTF-8"),
    (b"<xml/>", {"Content-Type": "application/xml"}, 415, "Content-Type"),
    (b"text", {}, 415, "Content-Type"),
])
def test_bad_requests(url: str, body: bytes, headers: dict[str, str], status: int,
                      message: str) -> None:
    assert_error(call(url, "POST", "/check", body, headers), status, message)


@pytest.mark.parametrize(("filename", "data", "status", "message"), [
    ("article.pdf", b"%PDF-1.4", 415, "unsupported file type"),
    ("article.txt", b"caf\x00\x00 au lait", 422, "binary"),
    ("article.txt", b"", 422, "empty"),
    ("article.txt.gz", b"not gzip at all", 422, "gzip"),
    ("articles.jsonl", b'{"id": 1}\n', 422, "could not read"),
])
def test_bad_uploads(url: str, filename: str, data: bytes, status: int, message: str) -> None:
    assert_error(upload(url, "/check", filename, data), status, message)


def test_bad_multipart(url: str) -> None:
    body = b"--xyz\r\nnot a real part"
    reply = call(url, "POST", "/check", body,
                 {"Content-Type": "multipart/form-data; boundary=xyz"})
    assert reply.status in (400, 422)
    assert set(reply.json()) == {"error"}
    assert_error(call(url, "POST", "/check", b"title=x",
                      {"Content-Type": "application/x-www-form-urlencoded"}), 400, "text")


def test_too_large_by_content_length(url: str) -> None:
    big = b'{"text": "' + b"x" * (MAX_BYTES + 10) + b'"}'
    assert_error(call(url, "POST", "/check", big, JSON), 413, "larger than")
    body = b"x" * (MAX_BYTES + 1)
    assert_error(upload(url, "/check", "big.txt", body), 413)
    assert call(url, "GET", "/health").status == 200


def test_too_large_while_reading(url: str) -> None:
    chunks = (b"y" * 16384 for _ in range(40))  # 640 KiB, chunked: no Content-Length
    reply = call(url, "POST", "/check", chunks, {"Content-Type": "text/plain"})
    assert_error(reply, 413, "larger than")
    small = (b"word " * 100 for _ in range(3))
    reply = call(url, "POST", "/check", small, {"Content-Type": "text/plain"})
    assert reply.status == 200  # a chunked body within the limit is fine
    assert call(url, "GET", "/health").status == 200


def test_unknown_ids_and_routes(url: str) -> None:
    assert_error(call(url, "GET", "/documents/no-such-article"), 404, "no-such-article")
    assert_error(call(url, "GET", "/stories/no-such-article"), 404)
    assert_error(call(url, "GET", "/nowhere"), 404)
    assert_error(call(url, "GET", "/stories/wire-original?limit=0"), 422, "limit")
    assert call(url, "PUT", "/check").status == 405


def test_unexpected_error_is_a_json_500(app_and_url: tuple[Any, str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    app, url = app_and_url

    def broken(*_args: Any) -> None:
        raise RuntimeError("secret internals /srv/data")

    monkeypatch.setattr(app.state.service, "check", broken)
    reply = post_json(url, "/check", {"text": "anything at all"})
    assert_error(reply, 500, "internal server error")
    assert "secret" not in reply.text and "RuntimeError" not in reply.text


# --- writes ------------------------------------------------------------------------------


def test_writes_need_the_token(url: str, docs: dict[str, Document]) -> None:
    article = {"id": "ledger/reprint 1", "text": docs["reprint-trimmed"].text,
               "date": "2026-03-14", "outlet": "Ledger"}
    assert_error(post_json(url, "/documents", article), 401, "missing token")
    assert_error(post_json(url, "/documents", article, {"Authorization": "Bearer wrong"}),
                 403, "wrong token")
    assert_error(post_json(url, "/documents", article, {"X-Token": "wrong"}), 403)
    assert_error(call(url, "DELETE", "/documents/wire-original"), 401)
    assert_error(call(url, "DELETE", "/documents/wire-original", None, {"X-Token": "nope"}), 403)
    assert call(url, "GET", "/documents/wire-original").status == 200  # still there
    assert_error(post_json(url, "/documents", {"text": "no id"}, {"X-Token": TOKEN}), 400, "id")

    reply = post_json(url, "/documents", article, {"Authorization": f"Bearer {TOKEN}"})
    assert reply.status == 201, reply.body[:300]
    assert reply.json()["added"] == ["ledger/reprint 1"]
    again = post_json(url, "/documents", article, {"X-Token": TOKEN})
    assert again.status == 200 and again.json()["unchanged"] == ["ledger/reprint 1"]
    got = call(url, "GET", "/documents/ledger/reprint%201").json()
    assert got["text"] == article["text"] and got["outlet"] == "Ledger"

    reply = call(url, "GET", "/stories/wire-original")
    assert reply.status == 200, reply.body[:300]
    story = reply.json()
    validate_report(story)
    assert story["generator"]["command"] == "story"
    assert set(story["stories"][0]["documents"]) == {"wire-original", "ledger/reprint 1"}
    assert story["generator"]["archive"]["complete"] is True
    html = call(url, "GET", "/stories/ledger/reprint%201?format=html")
    assert html.status == 200 and "psg" in html.text

    reply = call(url, "DELETE", "/documents/ledger/reprint%201", None, {"X-Token": TOKEN})
    assert reply.status == 200 and reply.json()["removed"] == "ledger/reprint 1"
    assert_error(call(url, "GET", "/documents/ledger/reprint%201"), 404)
    assert_error(call(url, "DELETE", "/documents/ledger/reprint%201", None,
                      {"X-Token": TOKEN}), 404)
    assert call(url, "GET", "/health").json()["documents"] == len(ARCHIVED)


def test_upload_to_the_archive(url: str, docs: dict[str, Document]) -> None:
    text = docs["reprint-trimmed"].text
    reply = upload(url, "/documents", "reprint.txt.gz", gz(text), headers={"X-Token": TOKEN})
    assert reply.status == 201 and reply.json()["added"] == ["reprint"], reply.body[:300]
    assert call(url, "GET", "/documents/reprint").json()["text"] == text
    assert call(url, "DELETE", "/documents/reprint", None, {"X-Token": TOKEN}).status == 200


# --- the command ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_command_without_token(tmp_path: Path, docs: dict[str, Document]) -> None:
    db = make_archive(tmp_path / "a.db", [docs["wire-original"]])
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "WIRETRACE_TOKEN"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "wiretrace.cli", "serve", str(db), "--port", str(port), "-q"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if call(base, "GET", "/health", timeout=5).status == 200:
                    break
            except OSError:
                pass
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            assert time.monotonic() < deadline, "wiretrace serve did not start"
            time.sleep(0.2)
        article = {"id": "x", "text": "some text"}
        reply = post_json(base, "/documents", article, {"Authorization": "Bearer anything"})
        assert_error(reply, 403, "without a token")
        assert_error(call(base, "DELETE", "/documents/wire-original"), 403, "without a token")
        assert call(base, "GET", "/documents/wire-original").status == 200
    finally:
        proc.terminate()
        proc.wait(20)


def test_serve_help_says_writes_need_a_token() -> None:
    out = subprocess.run([sys.executable, "-m", "wiretrace.cli", "serve", "--help"],
                         capture_output=True, text=True, check=True).stdout
    assert "WIRETRACE_TOKEN" in out and "403" in out and "--max-bytes" in out
