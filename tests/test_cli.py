"""The command line, in-process (``main``) and once as a real subprocess."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from reuse_texts import OWN, WIRE, write_good_files
from wiretrace.cli import main
from wiretrace.report.json_report import report_schema

GOOD_IDS = ["j-copy", "j-own", "library", "reprint", "wire"]
GOOD_PAIRS = [("j-copy", "wire"), ("reprint", "wire")]
# Bad file → a fragment of the message that must name its problem.
BAD_FILES = {
    "empty.txt": "empty file",
    "blob.txt": "binary file",
    "cut.txt.gz": "corrupt gzip",
    "feed.jsonl:2": "invalid JSON",
}


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    folder = write_good_files(tmp_path / "in")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blob.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "cut.txt.gz").write_bytes(gzip.compress("Café au lait in München.\n".encode())[:20])
    lines = [
        json.dumps({"id": "j-own", "text": "\n\n".join(OWN[:3])}),
        '{"id": "j-bad", "text": ',
        json.dumps({"id": "j-copy", "text": "\n\n".join([OWN[4], WIRE[4], WIRE[5]])}),
    ]
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def pair_ids(report: dict) -> list[tuple[str, str]]:
    return sorted(tuple(sorted((p["a"], p["b"]))) for p in report["pairs"])


def check_problems_reported(stderr: str) -> None:
    assert "Traceback" not in stderr
    for where, what in BAD_FILES.items():
        lines = [line for line in stderr.splitlines() if where in line]
        assert lines, f"{where} not named on stderr:\n{stderr}"
        assert any(what in line for line in lines), lines


def check_mixed_report(report: dict) -> None:
    jsonschema.validate(report, report_schema())
    assert sorted(d["id"] for d in report["documents"]) == GOOD_IDS
    assert pair_ids(report) == GOOD_PAIRS
    problems = {
        Path(p["path"]).name + (f":{p['line']}" if p["path"].endswith(".jsonl") else ""): p
        for p in report["problems"]
    }
    assert sorted(problems) == sorted(BAD_FILES)
    for where, what in BAD_FILES.items():
        assert what in problems[where]["message"]


def test_scan_mixed_folder_in_process(mixed: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "report.json"
    status = main(["scan", str(mixed), "--json", str(out), "-j", "1"])
    captured = capsys.readouterr()
    assert status == 0
    check_problems_reported(captured.err)
    check_mixed_report(json.loads(out.read_text(encoding="utf-8")))
    assert "pairs with reuse" in captured.out
    assert "4 input problem(s)" in captured.out


def test_scan_mixed_folder_strict_exits_1_but_writes_report(
    mixed: Path, tmp_path: Path, capsys
) -> None:
    out = tmp_path / "strict.json"
    status = main(["scan", str(mixed), "--strict", "--json", str(out), "-q", "-j", "1"])
    captured = capsys.readouterr()
    assert status == 1
    check_problems_reported(captured.err)
    assert captured.out == ""  # --quiet
    check_mixed_report(json.loads(out.read_text(encoding="utf-8")))


def test_scan_good_files_strict_exits_0(tmp_path: Path, capsys) -> None:
    folder = write_good_files(tmp_path / "good")
    assert main(["scan", str(folder), "--strict", "-q", "-j", "1"]) == 0
    assert capsys.readouterr().err == ""


def test_scan_mixed_folder_subprocess(mixed: Path, tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "wiretrace.cli", "scan", "in", "--json", "out.json"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    check_problems_reported(proc.stderr)
    check_mixed_report(json.loads((tmp_path / "out.json").read_text(encoding="utf-8")))
    assert "Report written to out.json" in proc.stdout


def test_compare_writes_the_same_report_format(tmp_path: Path, capsys) -> None:
    folder = write_good_files(tmp_path / "in")
    out = tmp_path / "compare.json"
    status = main(
        ["compare", str(folder / "wire.txt"), str(folder / "reprint.txt"), "--json", str(out),
         "-q", "-j", "1"]
    )
    assert status == 0
    assert capsys.readouterr().err == ""
    report = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(report, report_schema())
    assert report["generator"]["command"] == "compare"
    assert [d["id"] for d in report["documents"]] == ["wire", "reprint"]
    assert pair_ids(report) == [("reprint", "wire")]
    assert report["problems"] == []


def test_compare_unrelated_articles_has_no_pair(tmp_path: Path) -> None:
    folder = write_good_files(tmp_path / "in")
    out = tmp_path / "compare.json"
    status = main(["compare", str(folder / "wire.txt"), str(folder / "library.txt"),
                   "--json", str(out), "-q"])
    assert status == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["pairs"] == [] and report["stories"] == []


def test_demo_prints_summary_and_writes_report_in_cwd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["demo", "-j", "1"]) == 0
    captured = capsys.readouterr()
    assert "pairs with reuse" in captured.out
    assert "Traceback" not in captured.err
    # The votes behind each source are printed, not only the verdict.
    direction = captured.out.split("Direction (votes for each side as the original)\n")[1]
    flat = " ".join(direction.split())  # long vote lines wrap at the terminal's width
    assert "reprint-trimmed ← wire-original [for reprint-trimmed: none · " \
           "for wire-original: credited by the other 2" in flat
    assert "folded-report ← wire-original" in direction
    report = json.loads((tmp_path / "wiretrace-demo-report.json").read_text(encoding="utf-8"))
    jsonschema.validate(report, report_schema())
    assert report["generator"]["command"] == "demo"
    assert len(report["documents"]) == 6


def test_demo_json_option(tmp_path: Path, capsys) -> None:
    out = tmp_path / "demo.json"
    assert main(["demo", "--json", str(out), "-j", "1"]) == 0
    assert f"Report written to {out}" in capsys.readouterr().out
    assert json.loads(out.read_text(encoding="utf-8"))["schema"] == "wiretrace.report/1"


def test_scan_only_missing_paths_is_a_one_line_error(tmp_path: Path, capsys) -> None:
    status = main(["scan", str(tmp_path / "nope-1.txt"), str(tmp_path / "nope-2"), "-j", "1"])
    captured = capsys.readouterr()
    assert status == 1
    assert "Traceback" not in captured.err
    errors = [line for line in captured.err.splitlines() if "error" in line]
    assert errors == ["wiretrace: error: no documents could be read"]
    assert "nope-1.txt: no such file or directory" in captured.err
    assert "nope-2: no such file or directory" in captured.err


def test_missing_output_directory_is_a_clean_error(tmp_path: Path, capsys) -> None:
    folder = write_good_files(tmp_path / "in")
    target = tmp_path / "no-such-dir" / "report.json"
    status = main(["scan", str(folder), "--json", str(target), "-q", "-j", "1"])
    captured = capsys.readouterr()
    assert status == 1
    assert "Traceback" not in captured.err
    assert captured.err.strip().splitlines() == [
        f"wiretrace: error: cannot write report to {target}: No such file or directory"
    ]
    assert not target.parent.exists()


@pytest.mark.parametrize(("argv", "message"), [
    (["scan", "IN", "--jobs", "0"], "argument --jobs/-j: must be at least 1, not 0"),
    (["scan", "IN", "-j", "two"], "argument --jobs/-j: 'two' is not a number"),
    (["index", "add", "a.db", "IN", "--batch", "0"], "argument --batch: must be at least 1"),
    (["scan", "IN", "--timeout", "0"], "argument --timeout: must be at least 0.001"),
    (["serve", "a.db", "--port", "70000"], "argument --port: must be between 1 and 65535"),
    (["serve", "a.db", "--max-bytes", "10"], "argument --max-bytes: must be at least 1024"),
])
def test_a_value_out_of_range_is_a_usage_error(
    argv: list[str], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = write_good_files(tmp_path / "in")
    with pytest.raises(SystemExit) as exc:
        main([str(folder) if a == "IN" else a for a in argv])
    assert exc.value.code == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "a.db").exists()


def test_every_stage_reports_progress() -> None:
    # What the progress bars of a long scan are fed: one tick per document read, per
    # candidate pair aligned and per document whose forensics are done.
    from wiretrace.pipeline import prepare_corpus, scan_prepared
    from wiretrace.records import Document
    from wiretrace.settings import Settings

    docs = [Document("wire", "\n\n".join(WIRE)), Document("reprint", "\n\n".join(WIRE[:3])),
            Document("own", "\n\n".join(OWN))]
    ticks = {"read": 0, "candidates": 0, "aligned": 0, "forensics": 0}

    def tick(name: str):
        def count(k: int) -> None:
            ticks[name] += k
        return count

    settings = Settings()
    prepared = prepare_corpus(docs, settings, on_document=tick("read"))
    result = scan_prepared(prepared, settings, on_pair=tick("aligned"),
                           on_candidates=tick("candidates"), on_document=tick("forensics"))
    assert ticks["read"] == ticks["forensics"] == 3
    assert ticks["aligned"] == ticks["candidates"] == result.stats["candidate_pairs"] >= 1


def test_reader_closing_the_pipe_is_no_traceback_and_the_report_is_written(
    tmp_path: Path,
) -> None:
    # `wiretrace demo | head -1`: the reader is gone before the summary is printed.
    proc = subprocess.Popen([sys.executable, "-m", "wiretrace.cli", "demo", "-j", "1"],
                            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=300) == 0, err
    assert "Traceback" not in err and "BrokenPipe" not in err
    report = json.loads((tmp_path / "wiretrace-demo-report.json").read_text(encoding="utf-8"))
    assert len(report["pairs"]) == 5


def test_scan_with_a_user_lexicon_flags_its_phrases(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    text = ("Lab notes\n\nThe team said counterfeit consciousness tools now sort the "
            "colossal information gathered by the sensors every night.\n")
    (folder / "lab.txt").write_text(text, encoding="utf-8")
    (folder / "other.txt").write_text("\n\n".join(OWN), encoding="utf-8")
    lexicon = tmp_path / "lexicon.csv"
    lexicon.write_text("tortured,correct\ncounterfeit consciousness,artificial intelligence\n"
                       "colossal information,big data\n", encoding="utf-8")
    out = tmp_path / "report.json"
    assert main(["scan", str(folder), "--lexicon", str(lexicon), "--json", str(out),
                 "-q", "-j", "1"]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    (lab,) = [d for d in report["documents"] if d["id"] == "lab"]
    found = {(text[ev["span"][0]:ev["span"][1]], ev["proposal"])
             for ev in lab["spin"]["evidence"] if ev["found_by"] == "lexicon"}
    assert found == {("counterfeit consciousness", "artificial intelligence"),
                     ("colossal information", "big data")}


def test_spark_is_refused_where_it_would_be_ignored(tmp_path: Path, capsys) -> None:
    # `check` shares the scan's options but runs on the local pool only: --spark there is
    # a usage error, not a silently ignored option.
    with pytest.raises(SystemExit) as exit_info:
        main(["check", str(tmp_path / "a.db"), str(tmp_path / "x.txt"), "--spark", "local[2]"])
    assert exit_info.value.code == 2
    assert "unrecognized arguments: --spark" in capsys.readouterr().err


def test_progress_in_a_log_is_plain_lines_now_and_then(capsys) -> None:
    # stderr is not a terminal here (a log, a pipe, a batch job): no bar, no carriage
    # returns; a line every `every` seconds and one when a long stage is done.
    from wiretrace.cli.progress import LogProgress as _LogProgress
    from wiretrace.cli.progress import progress_bar as _progress

    quiet = _progress(10, "aligning", enabled=True)
    assert isinstance(quiet, _LogProgress)
    quiet.update(4)
    quiet.close()
    assert capsys.readouterr().err == ""  # a short stage says nothing

    bar = _LogProgress(1027, "aligning", "pair", every=0.0)
    bar.update(250)
    bar.close()
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].startswith("wiretrace: aligning 250/1,027 pairs (24%), 0:0")
    assert lines[1].startswith("wiretrace: aligning done 250/1,027 pairs, 0:0")
    assert "\r" not in "".join(lines)
    _progress(10, "aligning", enabled=False).close()
    assert capsys.readouterr().err == ""


def test_jobs_apply_to_every_stage_reading_included() -> None:
    # Without --spark, scan/compare/demo run every stage (normalizing the documents too)
    # in the local pool of --jobs processes.
    from argparse import Namespace

    from wiretrace.cli.common import engine as _engine
    from wiretrace.engine.local import LocalPool

    with _engine(Namespace(jobs=3, spark=None)) as mapper:
        assert isinstance(mapper, LocalPool) and mapper.jobs == 3


def test_python_dash_m_wiretrace_is_the_command_line() -> None:
    run = subprocess.run([sys.executable, "-m", "wiretrace", "--version"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and run.stdout.startswith("wiretrace ")


def test_the_command_line_starts_without_the_libraries_only_some_commands_need() -> None:
    # Start-up time: a compare of two articles never scores candidates (scipy), reads a
    # web archive (warcio), extracts HTML (trafilatura), renders HTML (jinja2) or
    # validates a report against its schema (jsonschema).
    code = ("import sys, wiretrace.cli; "
            "print(' '.join(m for m in ('scipy', 'warcio', 'trafilatura', 'jinja2', "
            "'jsonschema', 'pandas', 'pyarrow', 'fastapi') if m in sys.modules))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == ""
