"""The terminal summary: it fits the width it is given and stays short for a large
corpus, and two ids that differ only in a folder stay told apart."""

from __future__ import annotations

import io

import pytest

from reuse_texts import LIBRARY, OWN, WIRE, article
from wiretrace.api import scan
from wiretrace.records import Document
from wiretrace.report.model import Report
from wiretrace.report.summary import TOP_PAIRS, print_summary, short_id


@pytest.fixture(scope="module")
def many_copies() -> Report:
    # 24 outlets reprint the same wire story (276 pairs), each under a long id that
    # differs from the others only in its folder; plus two unrelated articles.
    wire = article(WIRE)
    docs = [Document(f"outlets/regional-daily-number-{k:02d}/2026/05/bridge-closure", wire)
            for k in range(24)]
    docs += [Document("own", article(OWN)), Document("library", article(LIBRARY))]
    return scan(docs)


def _summary(report: Report, width: int) -> list[str]:
    out = io.StringIO()
    print_summary(out, report, width=width)
    return out.getvalue().splitlines()


@pytest.mark.parametrize("width", [60, 80, 120])
def test_every_line_fits_the_width(many_copies: Report, width: int) -> None:
    lines = _summary(many_copies, width)
    assert lines and max(len(line) for line in lines) <= width


def test_a_large_corpus_gets_a_short_summary_that_counts_the_rest(many_copies: Report) -> None:
    assert len(many_copies.pairs) == 24 * 23 // 2
    lines = _summary(many_copies, 100)
    assert len(lines) < 80
    start = next(k for k, line in enumerate(lines) if line.startswith("Pairs ")) + 2
    pair_rows = lines[start : start + TOP_PAIRS + 1]
    assert all(row.startswith("  outlets/") for row in pair_rows[:TOP_PAIRS])
    assert pair_rows[TOP_PAIRS].startswith("  … and")
    assert f"… and {276 - TOP_PAIRS:,} more pairs" in "\n".join(lines)


def test_ids_cut_in_the_middle_keep_what_tells_them_apart() -> None:
    a, b = "ap/2026/05/story", "reuters/2026/05/story"
    assert short_id(a, 40) == a
    cut_a, cut_b = short_id(a + "-x" * 20, 16), short_id(b + "-x" * 20, 16)
    assert len(cut_a) == len(cut_b) == 16 and cut_a != cut_b
    assert cut_a.startswith("ap/") and "…" in cut_a
    assert short_id("abcdefghij", 9) == "abcd…ghij"
