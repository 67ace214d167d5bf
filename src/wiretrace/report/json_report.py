"""The JSON report (format ``wiretrace.report/1``, documented in docs/report-format.md),
built from the stages' records in one place: :func:`report_dict`."""

from __future__ import annotations

import codecs
import json
import os
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from wiretrace import __version__
from wiretrace.classify import Passage
from wiretrace.collate import Collation, NotCollated
from wiretrace.forensics import ReusePair, SameStoryLink
from wiretrace.forensics.document import DocumentEvidence
from wiretrace.forensics.round_trip import RoundTrip
from wiretrace.forensics.settings import SpinSettings, TranslationSettings
from wiretrace.forensics.spin import SubstitutionSpin
from wiretrace.report.collation_json import collation_entry
from wiretrace.stories import Story

if TYPE_CHECKING:
    from wiretrace.report.model import Report

SCHEMA_ID = "wiretrace.report/1"


@lru_cache(maxsize=1)
def report_schema() -> dict[str, Any]:
    """The JSON Schema of the report, as shipped with the package."""
    text = resources.files("wiretrace.report").joinpath("report.schema.json").read_text("utf-8")
    return json.loads(text)


def validate_report(report: dict[str, Any]) -> None:
    """Raise :class:`jsonschema.ValidationError` unless ``report`` follows the schema
    (the test suite checks every kind of report; a run does not pay for it)."""
    import jsonschema

    jsonschema.validate(report, report_schema())


def without_text(report: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``report`` without the documents' texts (what ``--include-text`` adds)."""
    out = dict(report)
    out["documents"] = [{k: v for k, v in d.items() if k != "text"}
                        for d in report.get("documents") or []]
    return out


def report_dict(report: Report, include_text: bool = False) -> dict[str, Any]:
    """The report as the JSON object of ``wiretrace.report/1``."""
    generator: dict[str, Any] = {
        "name": "wiretrace",
        "version": __version__,
        "command": report.command,
        "settings": report.settings.to_dict(),
    }
    if report.lexicon:
        generator["lexicon"] = dict(report.lexicon)
    if report.archive is not None:
        generator["archive"] = dict(report.archive)
    texts = report.texts
    docs_out = []
    for doc in report.documents:
        entry = doc.to_dict(include_text=include_text)
        if report.boilerplate is not None:
            entry["boilerplate"] = [
                {"span": [s, e], "label": label}
                for (s, e), label in report.boilerplate.get(doc.id, ())
            ]
        evidence = report.evidence.get(doc.id)
        if evidence is not None:
            entry["spin"] = spin_entry(evidence, report.substituted.get(doc.id),
                                       report.settings.forensics.spin.replaced_factor)
            entry["translation"] = translation_entry(
                evidence, report.round_trips.get(doc.id),
                report.settings.forensics.translation.round_trip_scale)
        docs_out.append(entry)
    return {
        "schema": SCHEMA_ID,
        "generator": generator,
        "documents": docs_out,
        "pairs": [pair_entry(p) for p in report.pairs],
        "stories": [story_entry(s, report.collation_of(s.id), texts) for s in report.stories],
        "problems": [p.to_dict() for p in report.problems],
        "stats": dict(report.stats),
    }


def spin_entry(
    ev: DocumentEvidence, substituted: SubstitutionSpin | None,
    replaced_factor: float = SpinSettings().replaced_factor,
) -> dict[str, Any]:
    """``documents[].spin``: a 0–1 score and the evidence spans."""
    rows: list[dict[str, Any]] = [
        {"kind": "tortured-phrase", "span": list(t.span), "text": t.phrase,
         "proposal": t.proposal, "confidence": round(t.score, 3), "found_by": t.source}
        for t in ev.tortured
    ]
    replaced = 0.0
    if substituted is not None:
        rows.extend(
            {"kind": "substitution", "span": list(w.span), "text": w.text, "source": w.source,
             "source_document": w.source_document}
            for w in substituted.words
        )
        replaced = substituted.replaced_share
    rows.sort(key=lambda r: r["span"][0])
    # Swapping a sixth of the content words for thesaurus neighbours is heavy spinning;
    # tortured phrases alone can also make the case.
    score = max(ev.tortured_score, min(1.0, replaced * replaced_factor))
    return {"score": round(score, 4), "evidence": rows}


def translation_entry(
    ev: DocumentEvidence, round_trip: RoundTrip | None = None,
    round_trip_scale: float = TranslationSettings().round_trip_scale,
) -> dict[str, Any]:
    """``documents[].translation``: a 0–1 score, the traces found and the passages the
    document translated (as the derived side of a pair)."""
    rows: list[dict[str, Any]] = [
        {"kind": t.kind, "span": list(t.span), "text": t.text, "detail": t.detail}
        for t in ev.traces
    ]
    score = ev.translation_score
    if round_trip is not None:
        rows.extend(
            {"kind": "translated-passage", "span": list(p.span), "text": p.text,
             "detail": round_trip.detail(p), "source_document": p.source_document}
            for p in round_trip.passages
        )
        # Traces alone, or a passage whose grammar a round trip rebuilt, make the case.
        score = max(score, round_trip.score(round_trip_scale))
    rows.sort(key=lambda r: r["span"][0])
    return {"score": round(score, 4), "evidence": rows}


def pair_entry(pair: ReusePair | SameStoryLink) -> dict[str, Any]:
    """``pairs[]``: a reuse pair or a same-story link."""
    if isinstance(pair, SameStoryLink):
        return {
            "a": pair.a, "b": pair.b, "similarity": 0.0, "coverage": {"a": 0.0, "b": 0.0},
            "relation": "same-story", "passages": [], "source": None, "direction_evidence": [],
            "substitutions": [],
            "evidence": {"shared_names": list(pair.shared_names),
                         "shared_quotes": list(pair.shared_quotes),
                         "days_apart": pair.days_apart},
        }
    m, d = pair.match, pair.direction
    out: dict[str, Any] = {
        "a": m.a,
        "b": m.b,
        "similarity": round(m.similarity, 4),
        "coverage": {"a": round(m.coverage_a, 4), "b": round(m.coverage_b, 4)},
        "relation": m.relation,
        "passages": [passage_entry(p) for p in m.passages],
        "source": d.source,
        "direction_evidence": [
            {"signal": v.signal, "favours": v.favours, "weight": v.weight, "detail": v.detail}
            for v in d.votes
        ],
        "substitutions": [
            {"derived": row.derived, "source": row.source, "count": row.count,
             "wordnet_synonyms": row.wordnet_synonyms, "support": row.support,
             "occurrences": [{"derived": list(sd), "source": list(ss)}
                             for sd, ss in row.occurrences]}
            for row in pair.substitutions()
        ],
    }
    if d.note is not None:
        out["direction_note"] = d.note
    if pair.altered_quotes is not None:
        out["altered_quotes"] = [
            {"a": {"span": list(q.a.span), "text": q.a.text},
             "b": {"span": list(q.b.span), "text": q.b.text},
             "speaker": q.speaker, "similarity": round(q.similarity, 4),
             "changed_words": [list(c) for c in q.changed_words],
             "changes": [{"a": list(c.a), "b": list(c.b), "a_text": c.a_text,
                          "b_text": c.b_text} for c in q.changes]}
            for q in pair.altered_quotes
        ]
    return out


def passage_entry(p: Passage) -> dict[str, Any]:
    """``pairs[].passages[]``: the ranges, the kind and (unless verbatim) the evidence for
    the kind: how one side was reworded into the other."""
    out: dict[str, Any] = {"a": [p.a[0], p.a[1]], "b": [p.b[0], p.b[1]], "kind": p.kind,
                           "score": round(p.score, 4)}
    if p.kind != "verbatim":
        r = p.rewording
        out["evidence"] = {
            "words": r.words, "content_words": r.content_words,
            "thesaurus_swaps": r.thesaurus_swaps, "other_swaps": r.other_swaps,
            "moved_words": r.moved, "kept": round(r.kept_share, 4),
            "grammar_change": round(r.grammar_change, 4), "inflected": r.inflected,
            "sentence_changes": r.sentence_changes, "sentences_moved": r.sentences_moved,
            "respelled_names": r.respelled_names,
        }
    return out


def story_entry(
    story: Story, collation: Collation | NotCollated | None = None,
    texts: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": story.id,
        "documents": list(story.documents),
        "origin": story.origin,
        "lineage": [
            {"document": r.document, "source": r.source, "relation": r.relation,
             "similarity": round(r.similarity, 4) if r.similarity is not None else None}
            for r in story.lineage
        ],
    }
    if story.roundups:
        out["roundups"] = list(story.roundups)
    if collation is not None:
        out["collation"] = collation_entry(collation, texts or {})
    return out


def write_report(report: dict[str, Any], path: str | os.PathLike[str] | TextIO) -> None:
    """Write the report as UTF-8 JSON (non-ASCII kept as is) to a file, or to an open
    text stream such as stdout (there non-ASCII is escaped, ``\\u00e9``, unless the
    stream's encoding is UTF-8)."""
    if isinstance(path, str | os.PathLike):
        Path(path).write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", "utf-8")
        return
    encoding = getattr(path, "encoding", None) or "utf-8"
    utf8 = codecs.lookup(encoding).name == "utf-8"
    path.write(json.dumps(report, ensure_ascii=not utf8, indent=1) + "\n")
