"""Normalize stage: tokens with offsets, sentences, boilerplate, match keys."""

from wiretrace.normalize.prepare import PreparedDoc, prepare_document

__all__ = ["PreparedDoc", "prepare_document"]
