"""The Microsoft Research Paraphrase Corpus (``../shared/data/msrp``): pairs and sentences.

Besides the paraphrase pairs (``bench/msrp.py``), its 7,817 distinct sentences are
real newswire English nobody spun or translated, which the disguise benchmarks use to
count false flags.
"""

from __future__ import annotations

from pathlib import Path

from wiretrace.records import Document

MSRP_FILE = "msr_paraphrase_train.txt"


def read_msrp(path: Path) -> list[tuple[int, str, str, str, str]]:
    """``(label, id 1, id 2, sentence 1, sentence 2)`` of every pair (label 1 = paraphrase)."""
    rows = []
    for line in path.read_bytes().decode("utf-8-sig").splitlines()[1:]:
        parts = line.split("\t")
        if len(parts) == 5:
            rows.append((int(parts[0]), parts[1], parts[2], parts[3], parts[4]))
    return rows


def news_documents(path: Path, per_document: int = 20) -> list[Document]:
    """The distinct sentences, in file order, ``per_document`` to a document (a paragraph each)."""
    sentences: dict[str, str] = {}
    for _, id_1, id_2, text_1, text_2 in read_msrp(path):
        sentences.setdefault(id_1, text_1)
        sentences.setdefault(id_2, text_2)
    texts = list(sentences.values())
    return [
        Document(f"msrp-{k // per_document + 1}", "\n\n".join(texts[k : k + per_document]))
        for k in range(0, len(texts), per_document)
    ]
