"""Random and adversarial text through compare, scan and every report writer: no
exception, and every character range in the report points into its document
(``text[start:end]`` is what the report says it is). Property-based (hypothesis)."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import wiretrace
from wiretrace.records import Document
from wiretrace.report.json_report import validate_report

WORDS = ["the", "port", "strike", "union", "said", "Gdansk", "Kowalczyk", "ferry", "2,000",
         "percent", "“quoted", "words”", "—", "Reuters", "(AP)", "tonne", "colour", "naïve",
         "Straße", "東京", "مرحبا", "🙂", "e\u0301", "\u200b", "x" * 60, "...", "\"", "'s",
         "<script>alert(1)</script>", "&amp;", "\x00", "\ud800"[:0] + "\ufffd"]
SEPARATORS = [" ", " ", " ", ". ", ", ", "\n", "\n\n", "\t", "\r\n", "\x0c", "\u2028", "  "]

NEWS_TEXT = ("dockworkers walked off the job on Friday after talks on automation collapsed leaving "
        "container ships waiting at anchor while freight companies rerouted cargo to Antwerp "
        "and Hamburg and the minister urged both sides to return to negotiations")
NEWS = NEWS_TEXT.split()
paragraphs = st.lists(st.one_of(st.sampled_from(NEWS), st.sampled_from(NEWS),
                                st.sampled_from(WORDS)),
                      min_size=12, max_size=40).map(" ".join)

chunks = st.lists(
    st.one_of(st.sampled_from(WORDS), st.sampled_from(SEPARATORS),
              st.text(min_size=1, max_size=12)),
    min_size=0, max_size=120,
).map("".join)


def _ranges_point_into_texts(report: dict[str, Any], texts: dict[str, str]) -> None:
    """Every span of the report lies inside its document, in order."""
    def inside(doc_id: str, span: list[int]) -> None:
        start, end = span
        assert 0 <= start <= end <= len(texts[doc_id]), (doc_id, span, len(texts[doc_id]))

    for doc in report["documents"]:
        for bp in doc.get("boilerplate", []):
            inside(doc["id"], bp["span"])
        for section in ("spin", "translation"):
            for ev in (doc.get(section) or {}).get("evidence", []):
                inside(doc["id"], ev["span"])
                assert texts[doc["id"]][ev["span"][0]:ev["span"][1]] == ev["text"]
    for pair in report["pairs"]:
        for p in pair.get("passages", []):
            inside(pair["a"], p["a"])
            inside(pair["b"], p["b"])
            if p["kind"] == "verbatim":
                ta = texts[pair["a"]][p["a"][0]:p["a"][1]].split()
                tb = texts[pair["b"]][p["b"][0]:p["b"][1]].split()
                assert len(ta) and len(tb)
        derived = pair.get("source")
        for row in pair.get("substitutions", []):
            for occ in row["occurrences"]:
                d_id = pair["b"] if derived in (None, pair["a"]) else pair["a"]
                s_id = pair["a"] if d_id == pair["b"] else pair["b"]
                inside(d_id, occ["derived"])
                inside(s_id, occ["source"])
        for q in pair.get("altered_quotes", []):
            for side in ("a", "b"):
                inside(pair[side], q[side]["span"])
                assert texts[pair[side]][q[side]["span"][0]:q[side]["span"][1]] == \
                    q[side]["text"]
    for story in report["stories"]:
        c = story.get("collation")
        if not c or not c["collated"]:
            continue
        for seg in c["segments"]:
            for v in seg["versions"]:
                inside(v["id"], v["span"])
                assert v["span"][0] < v["span"][1]
        for v in c["versions"]:
            for ch in v["changes"]:
                inside(v["id"], ch["span"])
                inside(v["compared_with"], ch["source_span"])
                assert texts[v["id"]][ch["span"][0]:ch["span"][1]] == ch["text"]
                assert texts[v["compared_with"]][ch["source_span"][0]:ch["source_span"][1]] \
                    == ch["source_text"]
        for line in c["digest"]:
            assert texts[line["id"]][line["span"][0]:line["span"][1]] == line["text"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(a=chunks, b=chunks, shared=chunks)
def test_compare_of_any_two_texts_gives_a_valid_report(a: str, b: str, shared: str) -> None:
    texts = {"a": a + shared + a[::-1], "b": b + shared}
    if not all(t.strip() for t in texts.values()):
        return  # an empty article is an input problem, tested elsewhere
    report = wiretrace.compare(texts["a"], texts["b"])
    data = json.loads(report.to_json(include_text=True))
    validate_report(data)
    _ranges_point_into_texts(data, texts)
    # Article text never becomes markup.
    assert "<script>alert(1)" not in report.to_html()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(docs=st.lists(chunks, min_size=2, max_size=6), shared=chunks)
def test_scan_of_any_corpus_gives_a_valid_report_and_tables(docs: list[str], shared: str
                                                           ) -> None:
    texts = {f"d{k}": (t + "\n\n" + shared if k % 2 else shared + t)
             for k, t in enumerate(docs)}
    texts = {k: v for k, v in texts.items() if v.strip()}
    if len(texts) < 2:
        return
    report = wiretrace.scan([Document(k, v) for k, v in texts.items()])
    data = report.to_dict(include_text=True)
    validate_report(data)
    _ranges_point_into_texts(data, texts)
    frames = report.to_dataframes()
    assert len(frames["documents"]) == len(texts)
    for row in frames["passages"].itertuples():
        assert texts[row.a][row.a_start:row.a_end] == row.a_text
        assert texts[row.b][row.b_start:row.b_end] == row.b_text


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(base=st.lists(paragraphs, min_size=3, max_size=8),
       edits=st.lists(st.tuples(st.integers(0, 7), chunks), min_size=2, max_size=5))
def test_versions_of_any_text_collate_within_their_texts(
        base: list[str], edits: list[tuple[int, str]]) -> None:
    # A "wire story" of random paragraphs and versions of it, each replacing one
    # paragraph and adding one: a story of three or more versions sharing text.
    story = "\n\n".join(p for p in base if p.strip())
    if len(story.split()) < 12:
        return
    texts = {"wire": story}
    for k, (at, extra) in enumerate(edits):
        paras = story.split("\n\n")
        paras[at % len(paras)] = extra
        texts[f"v{k}"] = "\n\n".join([*paras, extra[::-1]])
    texts = {k: v for k, v in texts.items() if v.strip()}
    report = wiretrace.scan([Document(k, v) for k, v in texts.items()])
    data = report.to_dict(include_text=True)
    validate_report(data)
    _ranges_point_into_texts(data, texts)
    report.to_html()
    frames = report.to_dataframes()
    for row in frames["collation"].itertuples():
        assert texts[row.document][row.start:row.end] == row.text


@settings(max_examples=10, deadline=None)
@given(word=st.sampled_from(WORDS), times=st.integers(min_value=1, max_value=4000))
def test_one_word_repeated_is_handled(word: str, times: int) -> None:
    text = " ".join([word] * times)
    report = wiretrace.compare(text, text + " end")
    data = report.to_dict(include_text=True)
    validate_report(data)
    _ranges_point_into_texts(data, {"a": text, "b": text + " end"})


@pytest.fixture(scope="module")
def small_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An archive of a few news-like articles (the same words the properties draw from)."""
    db = tmp_path_factory.mktemp("hostile") / "news.db"
    rng = random.Random(5)
    docs = [Document(f"arch-{k}", "\n\n".join(
        " ".join(rng.choice(NEWS + WORDS[:12]) for _ in range(30)) for _ in range(4)))
        for k in range(6)]
    with wiretrace.Archive.open(db, create=True) as archive:
        archive.add(docs)
    return db


@settings(max_examples=15, deadline=None, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(new=st.lists(st.one_of(chunks, paragraphs), min_size=1, max_size=3),
       reuse=st.integers(0, 5))
def test_check_of_any_text_against_an_archive_gives_a_valid_report(
        small_archive: Path, new: list[str], reuse: int) -> None:
    # Random text, alone or folded around a paragraph of an archived article, checked
    # against the archive: no exception, a valid report, every range inside its text.
    with wiretrace.Archive.open(small_archive, readonly=True) as archive:
        archived = archive.get(f"arch-{reuse}")
        assert archived is not None
        texts = {f"new-{k}": t if k % 2 else t + "\n\n" + archived.text.split("\n\n")[1]
                 for k, t in enumerate(new)}
        texts = {k: v for k, v in texts.items() if v.strip()}
        if not texts:
            return
        report = archive.check([Document(k, v) for k, v in texts.items()])
        data = report.to_dict(include_text=True)
        validate_report(data)
        known = {**texts, **{d["id"]: d["text"] for d in data["documents"]}}
        _ranges_point_into_texts(data, known)
        report.to_html()
