"""The README tells the truth about the code: every command is documented, the two
set-up commands are there as CI runs them, and the pipeline it draws is the order the
code runs."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import wiretrace.pipeline as pipeline
from wiretrace.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_is_documented() -> None:
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    assert commands
    for name in commands:
        assert re.search(rf"^\s+wiretrace {name}\b", README, flags=re.M), name


def test_the_two_set_up_commands_are_the_ones_ci_runs() -> None:
    blocks = re.findall(r"^    (scripts/bootstrap && .+)$", README, flags=re.M)
    assert blocks == ["scripts/bootstrap && .venv/bin/wiretrace demo",
                      "scripts/bootstrap && .venv/bin/python -m pytest -q"]
    assert blocks[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_the_pipeline_drawn_is_the_order_that_runs() -> None:
    drawing = next(line for line in README.splitlines() if "ingest ─▶" in line)
    stages = [s.strip() for s in drawing.split("─▶")]
    assert stages == ["ingest", "normalize", "candidates", "align", "classify", "forensics",
                      "stories", "collate", "report"]
    for stage in stages:
        assert (ROOT / "src" / "wiretrace" / stage / "__init__.py").is_file(), stage
    # scan_documents: prepare (normalize) before scan_prepared; scan_prepared calls the
    # later stages in the drawn order (align_candidates aligns and classifies each pair).
    outer = inspect.getsource(pipeline.scan_documents)
    assert outer.index("prepare_with_features(") < outer.index("scan_prepared(")
    source = inspect.getsource(pipeline.scan_prepared)
    calls = ["corpus_candidates(", "align_candidates(", "run_forensics(", "stories_of(",
             "collate_stories(", "ScanResult("]
    positions = [source.index(c) for c in calls]
    assert positions == sorted(positions)
    classify = inspect.getsource(pipeline.compare_prepared)
    assert classify.index("align_pair(") < classify.index("classify_pair(")
