"""The boilerplate line classifier: site furniture is flagged, story sentences are not."""

from __future__ import annotations

import pytest

from reuse_texts import LIBRARY, OWN, article
from wiretrace.normalize.boilerplate import (
    classify_line,
    find_boilerplate,
    find_repeated,
    line_key,
    repeated_lines,
)
from wiretrace.pipeline import compare_documents
from wiretrace.records import Document

BOILERPLATE = [
    ("© 2026 Harbour Gazette", "copyright"),
    ("Copyright 2026 Coastline Press. All rights reserved.", "copyright"),
    ("All rights reserved.", "copyright"),
    ("This material may not be published, broadcast, rewritten or redistributed.", "copyright"),
    ("By Jane Doe", "byline"),
    ("By Jane Doe and Tomás Ruiz", "byline"),
    ("By Annelies Kroon, Meridian Wire", "byline"),
    ("Posted by admin", "byline"),
    ("Reporting by Jane Doe; Editing by Tom Ruiz", "byline"),
    ("(AP Photo/John Smith)", "photo-credit"),
    ("Photo: Meridian Wire", "photo-credit"),
    ("Image: Getty Images", "photo-credit"),
    ("Comments are closed.", "comments"),
    ("Leave a reply", "comments"),
    ("12 comments", "comments"),
    ("Share this: Facebook Twitter Email", "sharing"),
    ("Share", "sharing"),
    ("Published: 14 March 2026", "date-header"),
    ("Updated 14:05 CET", "date-header"),
    ("March 14, 2026", "date-header"),
    ("Tuesday, 14 March 2026", "date-header"),
    ("2026-03-14 09:30", "date-header"),
    ("Subscribe to our newsletter", "promotion"),
    ("Related stories", "promotion"),
    ("Home | News | Sport | Business", "navigation"),
    ("Home › Business › Ports", "navigation"),
    ("Skip to content", "navigation"),
]

STORY = [
    "By the end of the day, officials had counted more than 300 damaged roofs along the coast.",
    "By Friday, the river had fallen below the warning level.",
    "By 2030, the port hopes to run all its cranes on electricity, the authority said.",
    "A photo of the flooded square, taken by a resident from a balcony, spread quickly online.",
    "The photographer said the picture showed the ferry leaving before the storm reached the pier.",
    "Image rights were at the centre of the dispute between the agency and the photographer.",
    "ROTTERDAM, Netherlands (Meridian Wire) — Thousands of dockworkers walked off the job on "
    "Friday after overnight talks on automation and pay collapsed.",
    "Share prices of the ferry operator fell 4 percent on Tuesday after the announcement.",
    "Email records released by the council show the contract was signed in June.",
    "Home owners along the river were told to move their cars to higher ground by the evening.",
    "Comments by the minister on Tuesday angered the union, which called them reckless.",
    "Published in 1998, the report warned that the dykes needed reinforcement.",
    "Search teams found the missing kayaker late on Sunday.",
    "Print editions will be delivered a day late because of the strike.",
    "The vote was 31 / 17 / 2 in favour of the plan.",
    "\"Nobody here is against new cranes,\" she said.",
]


@pytest.mark.parametrize(("line", "label"), BOILERPLATE)
def test_boilerplate_line_is_flagged(line: str, label: str) -> None:
    assert classify_line(line) == label


@pytest.mark.parametrize("line", STORY)
def test_story_sentence_is_not_flagged(line: str) -> None:
    assert classify_line(line) is None


def test_empty_line_is_not_boilerplate() -> None:
    assert classify_line("") is None
    assert find_boilerplate("\n\n   \n") == []


COPYRIGHT_STORY = [
    "A court in Utrecht ruled on Thursday that the agency owns the copyright in the photographs "
    "taken during the 2019 floods.",
    "Lawyers for the photographer argued that copyright had never been transferred.",
    "The publisher said it would appeal, calling the copyright claim \"absurd\".",
]


@pytest.mark.parametrize("line", COPYRIGHT_STORY)
def test_story_about_copyright_is_not_flagged(line: str) -> None:
    assert classify_line(line) is None


def test_find_boilerplate_spans_point_at_the_lines() -> None:
    text = (
        "Sørvik bridge closed\n"
        "By Jane Doe\n"
        "  Published: 14 March 2026  \n"
        "\n"
        "By the end of the day, officials had closed the bridge.\n"
        "(AP Photo/John Smith)\n"
        "Comments are closed.\n"
        "Share this: Facebook Twitter Email\n"
        "© 2026 Harbour Gazette"
    )
    found = find_boilerplate(text)
    assert [(text[s:e], label) for (s, e), label in found] == [
        ("By Jane Doe", "byline"),
        ("Published: 14 March 2026", "date-header"),
        ("(AP Photo/John Smith)", "photo-credit"),
        ("Comments are closed.", "comments"),
        ("Share this: Facebook Twitter Email", "sharing"),
        ("© 2026 Harbour Gazette", "copyright"),
    ]
    assert [span for span, _ in found] == sorted(span for span, _ in found)


def test_repeated_short_lines_across_documents() -> None:
    footer = "Get the Harbour Gazette app today!"
    texts = [
        f"Story one about ferries.\n{footer}\n",
        f"Story two about bridges.\n{footer}\n",
        f"Story three about libraries.\n  {footer}  \n",
        "Story four has no footer.\n",
    ]
    repeated = repeated_lines(texts, min_docs=3)
    assert repeated == frozenset({line_key(footer)})
    assert repeated_lines(texts, min_docs=4) == frozenset()
    third = texts[2]
    assert [(third[s:e], label) for (s, e), label in find_repeated(third, repeated)] == [
        (footer, "repeated")
    ]
    # Long lines never count as repeated furniture, however often they occur.
    long_line = "one two three four five six seven eight nine ten"
    assert repeated_lines([long_line] * 5, min_docs=3) == frozenset()


def test_copied_paragraph_about_a_copyright_case_is_found() -> None:
    paragraph = (
        "A court in Utrecht ruled on Thursday that the Coastline Press agency owns the "
        "copyright in forty photographs of the Sørvik bridge and ordered a travel blog that "
        "had published them without a licence to pay 40,000 euros in damages and costs."
    )
    a = Document("a", article([*LIBRARY[:2], paragraph, LIBRARY[2]]))
    b = Document("b", article([OWN[0], paragraph, OWN[1]]))
    result = compare_documents(a, b)
    assert result is not None
    (passage,) = result.passages
    assert "40,000 euros" in a.text[passage.a[0] : passage.a[1]]
