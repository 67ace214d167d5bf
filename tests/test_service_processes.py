"""Check processes (``wiretrace serve --workers N``): checks and stories run in N
processes fed from one queue, answer exactly what the server process alone answers,
stop at the time limit, and a process that dies is replaced. On a real server on
loopback, over an archive of our own articles."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from archive_texts import make_articles
from service_helpers import Reply, call, demo_documents, make_archive, post_json, serve
from wiretrace.records import Document
from wiretrace.service.admission import Deadline
from wiretrace.service.app import create_app
from wiretrace.service.errors import ApiError
from wiretrace.service.processes import Call, CheckProcesses


def _findings(reply: Reply) -> dict:
    assert reply.status == 200, (reply.status, reply.body[:300])
    report = reply.json()
    return {k: report[k] for k in ("documents", "pairs", "stories", "stats")}


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    docs = [d for i, d in demo_documents().items() if i != "reprint-trimmed"]
    docs += [Document(f"art-{k}", a.text) for k, a in
             enumerate(make_articles(20, seed=5, reuse_every=0))]
    return make_archive(tmp_path_factory.mktemp("processes") / "a.db", docs)


def test_check_processes_answer_what_the_server_process_answers(archive: Path) -> None:
    probe = demo_documents()["reprint-trimmed"]
    body = {"id": probe.id, "text": probe.text, "title": probe.title or ""}
    alone = create_app(archive)
    pooled = create_app(archive, processes=2)
    assert pooled.state.admission.workers == 2  # one check at a time in each process
    try:
        with serve(alone) as url:
            want = _findings(post_json(url, "/check", body))
            story_want = call(url, "GET", "/stories/wire-original").json()
        assert want["pairs"], "the probe reuses archived demo articles"
        with serve(pooled) as url:
            replies: list[Reply] = []
            clients = [threading.Thread(target=lambda: replies.append(
                post_json(url, "/check", body))) for _ in range(4)]
            for c in clients:
                c.start()
            for c in clients:
                c.join(300)
            assert len(replies) == 4 and all(_findings(r) == want for r in replies)
            story = call(url, "GET", "/stories/wire-original").json()
            assert story["pairs"] == story_want["pairs"]
            assert story["generator"]["archive"] == story_want["generator"]["archive"]
            assert len(pooled.state.processes.pids()) == 2
            assert os.getpid() not in pooled.state.processes.pids()
    finally:
        pooled.state.processes.close()
    assert pooled.state.processes.pids() == []


def test_a_check_in_a_check_process_stops_at_the_time_limit(archive: Path) -> None:
    long_text = "\n\n".join(a.text for a in make_articles(400, seed=11, reuse_every=0))
    app = create_app(archive, processes=2, time_limit=2.0)
    pool = app.state.processes
    try:
        # Warm both processes first, so that the limit falls inside the long check.
        for _ in range(2):
            pool.run(Call("check", ([Document("short", "The harbour board met.")], [])),
                     Deadline.after(120))
        with serve(app) as url:
            start = time.monotonic()
            reply = post_json(url, "/check", {"text": long_text})
            took = time.monotonic() - start
            assert reply.status == 503 and "time limit of 2 s" in reply.json()["error"]
            assert reply.headers["retry-after"] == "5"
            assert took < 10, "the check process stopped the work at the limit"
            assert app.state.admission.admitted == 0
            ok = post_json(url, "/check", {"text": "A short article about the harbour."})
            assert ok.status == 200
    finally:
        pool.close()


def test_a_dead_check_process_is_replaced(archive: Path) -> None:
    pool = CheckProcesses(archive, 2)
    short = Call("check", ([Document("short", "The harbour board met on Monday.")], []))
    try:
        assert pool.run(short, Deadline.after(120))["generator"]["command"] == "check"
        pool.start()
        end = time.monotonic() + 120
        while len(pool.pids()) < 2 and time.monotonic() < end:
            time.sleep(0.05)
        before = pool.pids()
        os.kill(before[0], signal.SIGKILL)
        time.sleep(0.5)
        with pytest.raises(ApiError) as lost:
            pool.run(short, Deadline.after(120))
        assert lost.value.status == 503 and "restarted" in lost.value.message
        again = pool.run(short, Deadline.after(120))  # new processes answer
        assert again["generator"]["command"] == "check"
        assert before[0] not in pool.pids()
    finally:
        pool.close()


def test_api_errors_survive_the_trip_from_a_check_process() -> None:
    import pickle

    err = pickle.loads(pickle.dumps(ApiError(503, "stopped", {"Retry-After": "5"})))
    assert (err.status, err.message, err.headers) == (503, "stopped", {"Retry-After": "5"})


def _descendants(pid: int) -> list[int]:
    found, k = [pid], 0
    while k < len(found):
        for children in Path(f"/proc/{found[k]}/task").glob("*/children"):
            try:
                found += [int(x) for x in children.read_text().split()]
            except FileNotFoundError:
                continue
        k += 1
    return found[1:]


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads /proc (Linux)")
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGKILL])
def test_serve_with_workers_starts_and_stops_its_check_processes(
    archive: Path, stop: signal.Signals
) -> None:
    # The command as users run it: check processes start with the server, answer, and
    # are gone once the server is — stopped, or killed outright.
    import socket
    import subprocess
    import sys

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "wiretrace", "serve", str(archive), "--workers", "2",
         "--port", str(port), "-q"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        end = time.monotonic() + 120
        while True:
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            try:
                if call(url, "GET", "/health", timeout=2).status == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < end, "the server did not start"
            time.sleep(0.1)
        reply = post_json(url, "/check", {"text": demo_documents()["reprint-trimmed"].text})
        assert reply.status == 200 and reply.json()["pairs"]
        workers = [p for p in _descendants(proc.pid) if _alive(p)]
        assert len(workers) >= 2  # the check processes (and multiprocessing's tracker)
    finally:
        proc.send_signal(stop)
        proc.wait(60)
    end = time.monotonic() + 30
    while any(_alive(p) for p in workers) and time.monotonic() < end:
        time.sleep(0.1)
    assert not [p for p in workers if _alive(p)], "check processes outlived the server"
    if stop == signal.SIGTERM:
        assert b"Traceback" not in (proc.stderr.read() if proc.stderr else b"")


def test_closed_check_processes_answer_503_and_start_no_new_ones(archive: Path) -> None:
    pool = CheckProcesses(archive, 2)
    pool.close()
    with pytest.raises(ApiError) as closed:
        pool.run(Call("check", ([Document("d", "The harbour board met.")], [])),
                 Deadline.after(60))
    assert closed.value.status == 503 and "shutting down" in closed.value.message
    assert pool.pids() == []
