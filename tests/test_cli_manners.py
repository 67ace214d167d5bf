"""The command line's manners for scripts and people: documented exit statuses,
``--fail-on-reuse``, ``--json -`` (the report on stdout, the words on stderr), and
``serve`` on a missing archive. Every error is one line ``wiretrace: error: …`` that
names the file and the problem."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from reuse_texts import write_good_files
from wiretrace.cli import main
from wiretrace.cli.common import EXIT_PROBLEMS, EXIT_REUSE, EXIT_STATUS_HELP

ROOT = Path(__file__).resolve().parents[1]


def wiretrace(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "wiretrace", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300, check=False)


def one_error_line(stderr: str) -> str:
    """The error line of a failed command: exactly one, and no traceback."""
    assert "Traceback" not in stderr
    errors = [line for line in stderr.splitlines() if line.startswith("wiretrace: error: ")]
    assert len(errors) == 1, stderr
    return errors[0]


# ------------------------------------------------------------------ exit statuses


def documented_codes(text: str) -> dict[int, str]:
    return {int(m[1]): m[2] for m in re.finditer(r"^\s*(\d+)\s{2,}(\S.*)$", text, re.M)}


def test_help_and_readme_document_the_same_exit_statuses(tmp_path: Path) -> None:
    run = wiretrace("--help", cwd=tmp_path)
    assert run.returncode == 0
    in_help = documented_codes(run.stdout.split("exit status:")[1])
    assert sorted(in_help) == [0, 1, 2, 3, 130]
    assert "--fail-on-reuse" in in_help[3]
    assert "--strict" in run.stdout.split("exit status:")[1]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Exit status")[1].split("\n#")[0]
    in_readme = {int(m[1]) for m in re.finditer(r"^\| `(\d+)` \|", section, re.M)}
    assert in_readme == set(in_help) == set(documented_codes(EXIT_STATUS_HELP))


def test_fail_on_reuse_exits_3_when_articles_share_text(tmp_path: Path, capsys) -> None:
    folder = write_good_files(tmp_path / "in")  # wire and its reprint share text
    out = tmp_path / "report.json"
    status = main(["scan", str(folder), "--fail-on-reuse", "-q", "-j", "1", "--json", str(out)])
    assert status == EXIT_REUSE == 3
    assert capsys.readouterr().err == ""
    assert json.loads(out.read_text(encoding="utf-8"))["pairs"]  # the report is written


def test_fail_on_reuse_exits_0_when_nothing_is_shared(tmp_path: Path) -> None:
    folder = write_good_files(tmp_path / "in")
    assert main(["compare", str(folder / "wire.txt"), str(folder / "library.txt"),
                 "--fail-on-reuse", "-q", "-j", "1"]) == 0


def test_an_error_outranks_reuse_found(tmp_path: Path, capsys) -> None:
    # --strict with an unreadable input and --fail-on-reuse with reuse: the error wins.
    folder = write_good_files(tmp_path / "in")
    (folder / "empty.txt").write_bytes(b"")
    status = main(["scan", str(folder), "--strict", "--fail-on-reuse", "-q", "-j", "1"])
    assert status == EXIT_PROBLEMS
    assert "empty.txt: empty file" in capsys.readouterr().err


def test_fail_on_reuse_as_a_script_sees_it(tmp_path: Path) -> None:
    write_good_files(tmp_path / "in")
    found = wiretrace("compare", "in/wire.txt", "in/reprint.txt", "--fail-on-reuse", "-q",
                      "-j", "1", cwd=tmp_path)
    assert (found.returncode, found.stdout, found.stderr) == (3, "", "")
    without = wiretrace("compare", "in/wire.txt", "in/reprint.txt", "-q", "-j", "1",
                        cwd=tmp_path)
    assert without.returncode == 0


# ------------------------------------------------------------------ --json -


def test_json_dash_writes_only_the_report_to_stdout(tmp_path: Path) -> None:
    write_good_files(tmp_path / "in")
    run = wiretrace("scan", "in", "--json", "-", "-j", "1", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)  # the whole of stdout is one JSON document
    assert report["schema"] == "wiretrace.report/1"
    assert sorted((p["a"], p["b"]) for p in report["pairs"]) == [("reprint", "wire")]
    assert "text" not in report["documents"][0]
    # The summary still reaches the person, on stderr; no file named '-' is written.
    assert "pairs with reuse" in run.stderr and "Report written" not in run.stderr
    assert not (tmp_path / "-").exists()


def test_json_dash_keeps_non_ascii_text_and_quiet_leaves_stderr_empty(
    tmp_path: Path, capsys
) -> None:
    folder = write_good_files(tmp_path / "in")
    assert main(["compare", str(folder / "wire.txt"), str(folder / "reprint.txt"),
                 "--json", "-", "--include-text", "-q", "-j", "1"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    report = json.loads(captured.out)
    assert "Sørvik" in captured.out  # UTF-8 as is, not \u00f8 escapes
    assert [d["id"] for d in report["documents"]] == ["wire", "reprint"]
    assert "Sørvik" in report["documents"][0]["text"]


def test_demo_json_dash_puts_its_banner_on_stderr(tmp_path: Path) -> None:
    run = wiretrace("demo", "--json", "-", "-j", "1", "--tables", "t", "--tables-format",
                    "csv", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["generator"]["command"] == "demo"
    assert "scanning the built-in example corpus" in run.stderr
    assert "Tables written to t/" in run.stderr
    assert not (tmp_path / "wiretrace-demo-report.json").exists()


def test_check_add_with_json_dash_keeps_stdout_json(tmp_path: Path) -> None:
    folder = write_good_files(tmp_path / "in")
    (tmp_path / "new").mkdir()
    (folder / "reprint.txt").rename(tmp_path / "new" / "reprint.txt")
    assert main(["index", "add", str(tmp_path / "a.db"), str(folder), "-q", "-j", "1"]) == 0
    run = wiretrace("check", "a.db", "new/reprint.txt", "--add", "--json", "-", "-j", "1",
                    cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert [(p["a"], p["b"]) for p in report["pairs"]] == [("wire", "reprint")]
    assert "check --add: added 1" in run.stderr


@pytest.mark.parametrize(("option", "what"), [("--html", "a file name"),
                                              ("--tables", "a folder")])
def test_dash_is_refused_where_it_cannot_mean_stdout(
    option: str, what: str, tmp_path: Path, capsys
) -> None:
    folder = write_good_files(tmp_path / "in")
    assert main(["scan", str(folder), option, "-", "-q", "-j", "1"]) == 1
    assert one_error_line(capsys.readouterr().err) == (
        f"wiretrace: error: {option} needs {what}: '-' (stdout) is for --json only")


# ------------------------------------------------------------------ serve


@pytest.fixture
def no_server(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """uvicorn.run replaced by a recorder: the command returns instead of serving."""
    import uvicorn

    calls: list[Any] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    return calls


def test_serve_refuses_a_missing_archive_without_create(
    tmp_path: Path, no_server: list[Any], capsys
) -> None:
    db = tmp_path / "mistyped.db"
    assert main(["serve", str(db), "-q"]) == 1
    line = one_error_line(capsys.readouterr().err)
    assert line.startswith(f"wiretrace: error: no archive at {db}: ")
    assert "--create" in line and "wiretrace index add" in line
    assert not db.exists() and no_server == []


def test_serve_create_starts_an_empty_archive(
    tmp_path: Path, no_server: list[Any], capsys
) -> None:
    from wiretrace.archive import Archive

    db = tmp_path / "new.db"
    assert main(["serve", str(db), "--create", "-q", "--port", "8123"]) == 0
    assert capsys.readouterr().err == ""
    ((_, options),) = no_server
    assert options["port"] == 8123 and options["host"] == "127.0.0.1"
    with Archive.open(db) as archive:
        assert archive.count() == 0


@pytest.mark.parametrize(("make", "problem"), [
    (lambda p: p.mkdir(), "is a folder, not an archive file"),
    (lambda p: p.write_text("not an archive\n"), "is not a wiretrace archive"),
])
def test_serve_names_a_file_that_is_no_archive(
    make: Any, problem: str, tmp_path: Path, no_server: list[Any], capsys
) -> None:
    db = tmp_path / "archive.db"
    make(db)
    for argv in (["serve", str(db)], ["serve", str(db), "--create"]):
        assert main(argv) == 1
        line = one_error_line(capsys.readouterr().err)
        assert line.startswith(f"wiretrace: error: {db} {problem}"), line
    assert no_server == []
