"""Hand-made ``wiretrace.report/1`` reports for the HTML report tests: texts with markup
in them, overlapping evidence, every kind of mark (built from the texts, so offsets are
right by construction)."""

from __future__ import annotations

from typing import Any

WIRE = (
    "Dockers strike at <b>Rotterdam</b>\n\n"
    "By Annelies Kroon\n\n"
    "ROTTERDAM (Meridian Wire) — Thousands of dockworkers walked off the job on Friday "
    "after talks on automation collapsed. <script>alert(1)</script> The union told members "
    "to stay home.\n\n"
    "\"We will not be replaced by machines,\" said Sjoerd van der Mée, the union's "
    "negotiator. Ships waited at anchor & freight firms rerouted cargo.\n\n"
    "© 2026 Meridian Wire"
)
COPY = (
    "Port at a standstill <img src=x onerror=\"window.__pwned=1\">\n\n"
    "Thousands of dockworkers walked off the job on Friday after talks on automation "
    "collapsed. <script>alert(1)</script> The union instructed members to stay home.\n\n"
    "Local cafés were empty.\n\n"
    "\"We shall not be replaced by machines,\" said Sjoerd van der Mée, the union's "
    "negotiator. Ships waited at anchor & freight firms rerouted cargo."
)
OTHER = "Unrelated: a council approves <i>cycle lanes</i> in Kingsmere."


def span(text: str, part: str, start: int = 0) -> list[int]:
    k = text.index(part, start)
    return [k, k + len(part)]


def sample_report() -> dict[str, Any]:
    p1 = ("Thousands of dockworkers walked off the job on Friday after talks on automation "
          "collapsed. <script>alert(1)</script> The union ")
    p2 = "negotiator. Ships waited at anchor & freight firms rerouted cargo."
    q_w = "\"We will not be replaced by machines,\""
    q_c = "\"We shall not be replaced by machines,\""
    tortured = "union instructed members"  # crosses the end of passage 1 in COPY
    documents = [
        {"id": "wire <1>", "path": "corpus/wire.txt", "title": "Dockers strike at <b>Rotterdam</b>",
         "date": "2026-03-13", "author": None, "outlet": "Meridian \"Wire\"", "url": None,
         "chars": len(WIRE), "text": WIRE,
         "boilerplate": [{"span": span(WIRE, "By Annelies Kroon"), "label": "byline"},
                         {"span": span(WIRE, "© 2026 Meridian Wire"), "label": "copyright"}],
         "spin": {"score": 0.0, "evidence": []},
         "translation": {"score": 0.0, "evidence": []}},
        {"id": "copy&paste", "path": "corpus/copy.txt",
         "title": "Port at a standstill <img src=x onerror=\"window.__pwned=1\">",
         "date": "2026-03-14", "author": "<script>alert('author')</script>", "outlet": None,
         "url": "javascript:alert(1)", "chars": len(COPY), "text": COPY, "boilerplate": [],
         "spin": {"score": 0.42, "evidence": [
             {"kind": "tortured-phrase", "span": span(COPY, tortured), "text": tortured,
              "proposal": "told <members>", "confidence": 0.7, "found_by": "lexicon"},
             {"kind": "substitution", "span": span(COPY, "instructed"), "text": "instructed",
              "source": "told", "source_document": "wire <1>"}]},
         "translation": {"score": 0.1, "evidence": [
             {"kind": "untranslated", "span": span(COPY, "cafés"), "text": "cafés",
              "detail": "French word <café>"}]}},
        {"id": "other", "path": None, "title": None, "date": None, "author": None,
         "outlet": None, "url": None, "chars": len(OTHER), "text": OTHER, "boilerplate": []},
    ]
    pairs = [
        {"a": "wire <1>", "b": "copy&paste", "similarity": 0.71,
         "coverage": {"a": 0.8, "b": 0.93}, "relation": "copy",
         "passages": [
             {"a": span(WIRE, p1 + "told"), "b": span(COPY, p1 + "instructed"),
              "kind": "edited", "score": 0.95},
             {"a": span(WIRE, q_w), "b": span(COPY, q_c), "kind": "edited", "score": 0.86},
             {"a": span(WIRE, p2), "b": span(COPY, p2), "kind": "verbatim", "score": 1.0},
         ],
         "source": "wire <1>",
         "direction_evidence": [
             {"signal": "date", "favours": "wire <1>", "weight": 1.0,
              "detail": "wire <1> is dated 2026-03-13, copy&paste 2026-03-14 <earlier>"}],
         "substitutions": [
             {"derived": "instructed", "source": "told", "count": 1, "wordnet_synonyms": True,
              "occurrences": [{"derived": span(COPY, "instructed"),
                               "source": span(WIRE, "told")}]},
             {"derived": "shall", "source": "will", "count": 1, "wordnet_synonyms": False,
              "occurrences": [{"derived": span(COPY, "shall"), "source": span(WIRE, "will")}]},
         ],
         "altered_quotes": [
             {"a": {"span": span(WIRE, q_w), "text": q_w}, "b": {"span": span(COPY, q_c),
                                                             "text": q_c},
              "speaker": "Sjoerd van der Mée", "similarity": 0.83,
              "changed_words": [["will", "shall"]]}]},
        {"a": "wire <1>", "b": "other", "similarity": 0.0, "coverage": {"a": 0.0, "b": 0.0},
         "relation": "same-story", "passages": [], "source": None, "direction_evidence": [],
         "substitutions": [],
         "evidence": {"shared_names": ["Rotterdam <port>"], "shared_quotes": [],
                      "days_apart": 1}},
    ]
    stories = [{
        "id": "story-1", "documents": ["wire <1>", "copy&paste", "other"],
        "origin": "wire <1>",
        "lineage": [
            {"document": "wire <1>", "source": None, "relation": None, "similarity": None},
            {"document": "copy&paste", "source": "wire <1>", "relation": "copy",
             "similarity": 0.71},
            {"document": "other", "source": None, "relation": None, "similarity": None},
        ],
    }]
    return {
        "schema": "wiretrace.report/1",
        "generator": {"name": "wiretrace", "version": "0.1.0", "command": "scan",
                      "settings": {}},
        "documents": documents,
        "pairs": pairs,
        "stories": stories,
        "problems": [{"path": "corpus/<bad>.txt", "line": None,
                      "message": "not valid UTF-8 <oops>"}],
        "stats": {"documents": 3, "possible_pairs": 3, "candidate_pairs": 2, "reuse_pairs": 1},
    }
