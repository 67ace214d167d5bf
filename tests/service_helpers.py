"""A real wiretrace server on loopback for the service and browser tests, and a small
HTTP client (stdlib ``http.client``: exact control over headers and bodies)."""

from __future__ import annotations

import contextlib
import gzip
import http.client
import json
import socket
import threading
import time
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import uvicorn

from wiretrace.archive import Archive
from wiretrace.ingest import read_paths
from wiretrace.records import Document


def demo_documents() -> dict[str, Document]:
    corpus = resources.files("wiretrace.demo").joinpath("corpus")
    with resources.as_file(corpus) as folder:
        docs = read_paths(sorted(Path(folder).glob("*.txt"))).documents
    return {d.id: d for d in docs}


def make_archive(path: Path, docs: Iterable[Document]) -> Path:
    with Archive.open(path, create=True) as archive:
        archive.add(list(docs))
    return path


@contextmanager
def serve(app: Any) -> Iterator[str]:
    """Run ``app`` with uvicorn in a thread on a free loopback port; yields the base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(15)
        sock.close()


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def call(base: str, method: str, path: str, body: bytes | Iterable[bytes] | None = None,
         headers: dict[str, str] | None = None, timeout: float = 120) -> Reply:
    """One request on a fresh connection. An iterable body is sent chunked."""
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        chunked = body is not None and not isinstance(body, bytes)
        # The server may answer (413) before reading everything: then read its answer.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            conn.request(method, path, body=body, headers=headers or {},
                         encode_chunked=chunked)
        resp = conn.getresponse()
        return Reply(resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read())
    finally:
        conn.close()


def post_json(base: str, path: str, obj: Any, headers: dict[str, str] | None = None) -> Reply:
    return call(base, "POST", path, json.dumps(obj).encode(),
                {"Content-Type": "application/json", **(headers or {})})


def multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes]]) -> tuple[bytes, str]:
    """A multipart/form-data body and its Content-Type."""
    boundary = uuid.uuid4().hex
    parts: list[bytes] = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                     .encode() + value.encode() + b"\r\n")
    for name, (filename, data) in files.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                     f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
                     .encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def upload(base: str, path: str, filename: str, data: bytes,
           fields: dict[str, str] | None = None, headers: dict[str, str] | None = None) -> Reply:
    body, ctype = multipart(fields or {}, {"file": (filename, data)})
    return call(base, "POST", path, body, {"Content-Type": ctype, **(headers or {})})


def gz(text: str) -> bytes:
    return gzip.compress(text.encode("utf-8"))
