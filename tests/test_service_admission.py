"""The service under load: checks run off the event loop, at most so many at once and so
many waiting (429 beyond), each stopped past the time limit (503); reads stay answered
while checks run. On a real server on loopback, with a long article of our own."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import anyio
import pytest

from archive_texts import make_articles
from service_helpers import Reply, call, make_archive, post_json, serve
from wiretrace.records import Document
from wiretrace.service.admission import Admission, Deadline
from wiretrace.service.app import create_app
from wiretrace.service.errors import ApiError


def _long_article() -> str:
    """About 150 KB of invented local news: a check of it takes seconds."""
    return "\n\n".join(a.text for a in make_articles(400, seed=11, reuse_every=0))


def _archive(tmp_path: Path) -> Path:
    return make_archive(tmp_path / "a.db", [Document(f"art-{k}", a.text) for k, a in
                                            enumerate(make_articles(30, seed=3, reuse_every=0))])


def _wait_until(condition, seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < end, "timed out waiting"
        time.sleep(0.01)


def _error(reply: Reply, status: int, contains: str) -> None:
    assert reply.status == status, (reply.status, reply.body[:300])
    body = reply.json()
    assert set(body) == {"error"} and contains in body["error"], body


def test_a_full_server_refuses_with_429_and_keeps_answering_reads(tmp_path: Path) -> None:
    app = create_app(_archive(tmp_path), workers=1, queue=0, time_limit=300)
    admission = app.state.admission
    with serve(app) as url:
        slow: dict[str, Reply] = {}
        thread = threading.Thread(target=lambda: slow.update(
            r=post_json(url, "/check", {"text": _long_article()})))
        thread.start()
        _wait_until(lambda: admission.admitted == 1)
        busy = post_json(url, "/check", {"text": "A short article about the harbour."})
        _error(busy, 429, "busy")
        assert busy.headers["retry-after"] == "1"
        health = call(url, "GET", "/health")
        assert health.status == 200 and health.json()["documents"] == 30
        assert admission.admitted == 1, "the long check should still be running"
        thread.join(300)
        assert slow["r"].status == 200 and slow["r"].json()["generator"]["command"] == "check"
        assert admission.admitted == 0
        # With the turn free again, the short check is answered.
        assert post_json(url, "/check", {"text": "A short article about the harbour."}
                         ).status == 200


def test_a_check_past_the_time_limit_is_stopped_with_503(tmp_path: Path) -> None:
    app = create_app(_archive(tmp_path), time_limit=0.5)
    with serve(app) as url:
        reply = post_json(url, "/check", {"text": _long_article()})
        _error(reply, 503, "time limit of 0.5 s")
        assert reply.headers["retry-after"] == "5"
        # The answer comes once the work has stopped: nothing is left running.
        assert app.state.admission.admitted == 0
        assert post_json(url, "/check", {"text": "A short article about the harbour."}
                         ).status == 200


def test_waiting_requests_take_their_turn() -> None:
    async def main() -> list[str]:
        gate = Admission(workers=1, queue=2, time_limit=60)
        done: list[str] = []

        def work(name: str) -> None:
            time.sleep(0.05)
            done.append(name)

        async with anyio.create_task_group() as tg:
            for name in "abc":
                tg.start_soon(gate.run, lambda _d, n=name: work(n))
                await anyio.sleep(0.01)
            await anyio.sleep(0.01)
            with pytest.raises(ApiError) as refused:
                await gate.run(lambda _d: work("d"))
            assert refused.value.status == 429
        return done

    assert anyio.run(main) == ["a", "b", "c"]


def test_deadline_ticks_until_the_time_is_up() -> None:
    Deadline.after(60).tick()
    with pytest.raises(ApiError) as late:
        Deadline(time.monotonic() - 1, 2.0).tick(3)
    assert late.value.status == 503 and "2 s" in late.value.message
    with pytest.raises(ValueError):
        Admission(workers=0)
