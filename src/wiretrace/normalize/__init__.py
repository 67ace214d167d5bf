"""Normalize stage: tokens with offsets, sentences, boilerplate, match keys."""

from wiretrace.normalize.packed import Packed, Prepared, pack, unpacked
from wiretrace.normalize.prepare import PreparedDoc, prepare_document

__all__ = ["Packed", "Prepared", "PreparedDoc", "pack", "prepare_document", "unpacked"]
