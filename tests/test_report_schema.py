"""The JSON report of a scan against the schema shipped with the package."""

from __future__ import annotations

import copy
import gzip
import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from reuse_texts import OWN, WIRE, article, write_good_files
from wiretrace.cli import main
from wiretrace.report.json_report import SCHEMA_ID, report_schema, validate_report


def shipped_schema() -> dict:
    text = resources.files("wiretrace.report").joinpath("report.schema.json").read_text("utf-8")
    return json.loads(text)


def run_scan(tmp_path: Path, *extra: str) -> dict:
    corpus = write_good_files(tmp_path / "corpus")
    (corpus / "broken.txt.gz").write_bytes(gzip.compress(b"Caf\xc3\xa9 in M\xc3\xbcnchen\n")[:20])
    lines = [json.dumps({"id": "folded", "text": article([OWN[0], WIRE[4], OWN[1]])}), "[1, 2"]
    (corpus / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "report.json"
    assert main(["scan", str(corpus), "--json", str(out), "-q", "-j", "1", *extra]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return run_scan(tmp_path_factory.mktemp("schema"))


def test_schema_itself_is_valid_and_is_the_one_used() -> None:
    schema = shipped_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert report_schema() == schema


def test_report_validates_against_shipped_schema(report: dict) -> None:
    jsonschema.validate(report, shipped_schema())
    validate_report(report)
    assert report["schema"] == "wiretrace.report/1" == SCHEMA_ID
    assert report["generator"]["name"] == "wiretrace"
    assert report["generator"]["command"] == "scan"


def test_report_content(report: dict) -> None:
    ids = sorted(d["id"] for d in report["documents"])
    assert ids == ["folded", "library", "reprint", "wire"]
    assert sorted(tuple(sorted((p["a"], p["b"]))) for p in report["pairs"]) == [
        ("folded", "wire"),
        ("reprint", "wire"),
    ]
    assert sorted((p["path"].rsplit("/", 1)[-1], p["line"]) for p in report["problems"]) == [
        ("broken.txt.gz", None),
        ("feed.jsonl", 2),
    ]
    assert report["stats"]["documents"] == 4
    assert report["stats"]["possible_pairs"] == 6
    assert report["stats"]["reuse_pairs"] == len(report["pairs"])
    (story,) = report["stories"]
    assert story["id"] == "story-1"
    assert sorted(story["documents"]) == ["folded", "reprint", "wire"]
    assert "text" not in report["documents"][0]


def test_passage_offsets_lie_within_documents(report: dict) -> None:
    chars = {d["id"]: d["chars"] for d in report["documents"]}
    assert report["pairs"]
    for pair in report["pairs"]:
        assert pair["passages"]
        for passage in pair["passages"]:
            for side in ("a", "b"):
                start, end = passage[side]
                assert 0 <= start < end <= chars[pair[side]]
    for doc in report["documents"]:
        for item in doc["boilerplate"]:
            start, end = item["span"]
            assert 0 <= start < end <= doc["chars"]


def _mutations() -> list[tuple[str, object]]:
    def relation_foo(r):
        r["pairs"][0]["relation"] = "foo"

    def three_offsets(r):
        r["pairs"][0]["passages"][0]["a"] = [1, 2, 3]

    def coverage_too_big(r):
        r["pairs"][0]["coverage"]["a"] = 1.5

    def negative_offset(r):
        r["pairs"][0]["passages"][0]["b"] = [-4, 10]

    def string_offset(r):
        r["pairs"][0]["passages"][0]["b"] = ["0", 10]

    def unknown_kind(r):
        r["pairs"][0]["passages"][0]["kind"] = "stolen"

    def wrong_schema(r):
        r["schema"] = "wiretrace.report/2"

    def missing_pairs(r):
        del r["pairs"]

    def chars_missing(r):
        del r["documents"][0]["chars"]

    def lonely_story(r):
        r["stories"][0]["documents"] = ["wire"]

    def empty_problem_message(r):
        r["problems"][0]["message"] = ""

    def similarity_negative(r):
        r["pairs"][0]["similarity"] = -0.1

    return [
        (f.__name__, f)
        for f in (
            relation_foo, three_offsets, coverage_too_big, negative_offset, string_offset,
            unknown_kind, wrong_schema, missing_pairs, chars_missing, lonely_story,
            empty_problem_message, similarity_negative,
        )
    ]


@pytest.mark.parametrize(("name", "mutate"), _mutations(), ids=[n for n, _ in _mutations()])
def test_wrong_fields_are_rejected(report: dict, name: str, mutate) -> None:
    bad = copy.deepcopy(report)
    mutate(bad)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, shipped_schema())
    with pytest.raises(jsonschema.ValidationError):
        validate_report(bad)


def test_include_text_adds_the_exact_text(tmp_path: Path) -> None:
    with_text = run_scan(tmp_path, "--include-text")
    jsonschema.validate(with_text, shipped_schema())
    texts = {d["id"]: d["text"] for d in with_text["documents"]}
    raw = (tmp_path / "corpus" / "wire.txt").read_bytes().decode("utf-8")
    assert texts["wire"] == raw
    for doc in with_text["documents"]:
        assert len(doc["text"]) == doc["chars"]
    for pair in with_text["pairs"]:
        for passage in pair["passages"]:
            a = texts[pair["a"]][passage["a"][0] : passage["a"][1]]
            b = texts[pair["b"]][passage["b"][0] : passage["b"][1]]
            assert a and b
            if passage["kind"] == "verbatim":
                assert a == b
