"""Reading the MSRP file format: pairs, and distinct sentences grouped into documents."""

from __future__ import annotations

from pathlib import Path

from wiretrace.evaluation.msrp import news_documents, read_msrp

# The MSRP layout (BOM, header, five tab-separated columns), with sentences of our own.
SAMPLE = (
    "\ufeffQuality\t#1 ID\t#2 ID\t#1 String\t#2 String\n"
    "1\t11\t12\tThe ferry resumed service on Monday.\tService on the ferry resumed Monday.\n"
    "0\t13\t11\tThe mayor opened the library.\tThe ferry resumed service on Monday.\n"
    "1\t14\t15\tPrices rose 3 percent.\tPrices went up by 3 percent.\n"
    "broken line without tabs\n"
)


def test_pairs_and_distinct_sentences(tmp_path: Path) -> None:
    path = tmp_path / "msrp.txt"
    path.write_text(SAMPLE, encoding="utf-8")
    rows = read_msrp(path)
    assert [(r[0], r[1], r[2]) for r in rows] == [(1, "11", "12"), (0, "13", "11"), (1, "14", "15")]
    docs = news_documents(path, per_document=2)
    # Sentence 11 appears twice in the file but once in the documents.
    assert [d.id for d in docs] == ["msrp-1", "msrp-2", "msrp-3"]
    assert docs[0].text == (
        "The ferry resumed service on Monday.\n\nService on the ferry resumed Monday."
    )
    assert docs[1].text == "The mayor opened the library.\n\nPrices rose 3 percent."
    assert docs[2].text == "Prices went up by 3 percent."
