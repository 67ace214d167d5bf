"""PAN text-alignment XML: write detections and read truth or detection files.

One file describes one suspicious document (usually one suspicious/source pair)::

    <document reference="suspicious-document00005.txt">
      <feature name="detected-plagiarism" this_offset="3593" this_length="698"
               source_reference="source-document01090.txt"
               source_offset="1300" source_length="698" />
    </document>

``this_*`` are character offsets into the suspicious document, ``source_*``
into the source document, both counted on the text decoded from UTF-8. Truth
files use ``name="plagiarism"`` and may carry ``obfuscation`` and ``type``.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass

from wiretrace.classify import Passage
from wiretrace.records import Span

FEATURE_NAMES = frozenset({"plagiarism", "detected-plagiarism"})
"""Feature names read as cases: ``plagiarism`` (truth) and ``detected-plagiarism``."""

RangePair = tuple[Span, Span]
"""``((susp_start, susp_end), (src_start, src_end))``: half-open character ranges."""


@dataclass(frozen=True, slots=True)
class Case:
    """One plagiarism case or detection: a susp range reused from a src range."""

    susp: str
    src: str
    this_offset: int
    this_length: int
    source_offset: int
    source_length: int
    obfuscation: str | None = None

    @classmethod
    def from_ranges(
        cls, susp: str, src: str, susp_range: Span, src_range: Span, obfuscation: str | None = None
    ) -> Case:
        """Build a case from half-open ``(start, end)`` ranges."""
        return cls(
            susp,
            src,
            susp_range[0],
            susp_range[1] - susp_range[0],
            src_range[0],
            src_range[1] - src_range[0],
            obfuscation,
        )

    @property
    def susp_range(self) -> Span:
        """Half-open range in the suspicious document."""
        return (self.this_offset, self.this_offset + self.this_length)

    @property
    def src_range(self) -> Span:
        """Half-open range in the source document."""
        return (self.source_offset, self.source_offset + self.source_length)


def _as_ranges(passage: RangePair | Passage) -> RangePair:
    if isinstance(passage, Passage):
        return passage.a, passage.b
    return passage


def write_pan_xml(
    path: str | os.PathLike[str],
    susp_name: str,
    src_name: str,
    passages: Sequence[RangePair | Passage],
) -> None:
    """Write detections for one pair as a PAN XML file.

    Each passage is ``((susp_start, susp_end), (src_start, src_end))`` (or a
    :class:`~wiretrace.classify.Passage` whose ``a`` is the susp range). With no
    passages the file holds an empty, self-closed ``<document>`` element.
    Attribute values are escaped by ElementTree.
    """
    root = ET.Element("document", {"reference": susp_name})
    for passage in passages:
        (a0, a1), (b0, b1) = _as_ranges(passage)
        if a1 < a0 or b1 < b0 or a0 < 0 or b0 < 0:
            raise ValueError(f"bad passage ranges {(a0, a1)}, {(b0, b1)} for {susp_name}")
        ET.SubElement(
            root,
            "feature",
            {
                "name": "detected-plagiarism",
                "this_offset": str(a0),
                "this_length": str(a1 - a0),
                "source_reference": src_name,
                "source_offset": str(b0),
                "source_length": str(b1 - b0),
            },
        )
    ET.indent(root)
    ET.ElementTree(root).write(os.fspath(path), encoding="utf-8", xml_declaration=True)


def _int_attr(feature: ET.Element, key: str, where: str) -> int:
    value = feature.get(key)
    if value is None:
        raise ValueError(f"{where}: feature lacks {key!r}")
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"{where}: {key}={value!r} is not an integer") from None


def read_pan_xml(path: str | os.PathLike[str]) -> list[Case]:
    """Read the ``plagiarism`` / ``detected-plagiarism`` features of a PAN XML file.

    Other features (e.g. ``about``) are ignored; a feature without a
    ``source_reference`` or with missing/non-integer offsets raises ``ValueError``.
    """
    where = os.fspath(path)
    root = ET.parse(where).getroot()
    if root.tag != "document":
        raise ValueError(f"{where}: root element is <{root.tag}>, expected <document>")
    susp = root.get("reference")
    if susp is None:
        raise ValueError(f"{where}: <document> lacks 'reference'")
    cases: list[Case] = []
    for feature in root.iter("feature"):
        if feature.get("name") not in FEATURE_NAMES:
            continue
        src = feature.get("source_reference")
        if src is None:
            raise ValueError(f"{where}: feature lacks 'source_reference'")
        cases.append(
            Case(
                susp=susp,
                src=src,
                this_offset=_int_attr(feature, "this_offset", where),
                this_length=_int_attr(feature, "this_length", where),
                source_offset=_int_attr(feature, "source_offset", where),
                source_length=_int_attr(feature, "source_length", where),
                obfuscation=feature.get("obfuscation"),
            )
        )
    return cases
