"""Each kind of disguise, on text written for these tests: offsets and kind of the passage.

The original is a short wire story; each derived article embeds a disguised
version of its second and third paragraphs between paragraphs of its own, so the
test knows exactly where the reused text lies in both documents.
"""

from __future__ import annotations

import pytest

from wiretrace.pipeline import compare_documents
from wiretrace.records import Document

ORIGINAL = (
    "Port workers vote to end week-long strike\n\n"
    "GDANSK, Poland (Baltic Wire) — Dock workers at the port of Gdansk voted on Sunday to end "
    "a week-long strike that had stranded dozens of container ships in the Baltic.\n\n"
    "The union said members had accepted a revised offer that guarantees jobs for three years "
    "and raises wages by 6 percent. Officials told reporters that cranes would restart on "
    "Monday morning and that the backlog of ships should clear within ten days. Shipping "
    "companies had warned that the dispute was costing them about 2 million euros a day in "
    "delays and diverted cargo.\n\n"
    "\"This agreement protects the jobs of our members and their families,\" union leader "
    "Marta Kowalczyk said after the vote. \"We never wanted to close the port, but the "
    "company left us no choice.\" Port managers said they welcomed the decision and thanked "
    "customers for their patience during the stoppage.\n\n"
    "About 1,800 workers took part in the ballot, the union said.\n"
)

OWN_BEFORE = (
    "Local business owners breathed a sigh of relief this weekend as news spread through "
    "the harbour district. Cafés along the waterfront had been half empty for days, and the "
    "bakery on Długa Street said it had cut its orders by a third.\n\n"
)
OWN_AFTER = (
    "\n\nAt the fish market, traders were already planning for a busy week. \"We lost two "
    "good weeks,\" said one stallholder, who has worked there since 1994. The city council "
    "is expected to discuss support for affected shops at its meeting on Thursday.\n"
)

SPUN = (
    "The association stated associates had acknowledged a revised proposal that assures "
    "employment for three years and lifts salaries by 6 percent. Officers instructed journalists "
    "that cranes would resume on Monday dawn and that the accumulation of vessels should "
    "vanish within ten days. Transport firms had cautioned that the quarrel was costing "
    "them roughly 2 million euros a day in holdups and redirected freight.\n\n"
    "\"This deal shields the employment of our associates and their households,\" union "
    "chief Marta Kowalczyk stated after the ballot. \"We never desired to shut the harbour, "
    "but the firm left us no option.\" Harbour bosses stated they greeted the choice and "
    "thanked clients for their tolerance during the stoppage."
)

TRANSLATED = (
    "According to the union, a revised offer was accepted by the members, with jobs "
    "guaranteed for three years and a rise of 6 percent in wages. The cranes will start "
    "again on Monday morning, the officials said to the journalists, and within ten days the "
    "ships waiting should be cleared. The shipping companies had warned before. The dispute "
    "cost them around 2 million euros per day, in delays and in cargo that was diverted.\n\n"
    "\"This agreement is protecting the jobs of our members and also their families,\" said "
    "the union leader Marta Kowalczyk after the voting. \"To close the port we never wanted, "
    "but no choice was left to us by the company.\" The managers of the port said the "
    "decision was welcome to them and they thanked the customers for the patience during "
    "the stoppage."
)

SUMMARY = (
    "Members accepted an offer guaranteeing jobs for three years with a 6 percent pay rise, "
    "the union said, and cranes restart on Monday; shipping companies said the dispute cost "
    "them about 2 million euros a day. Union leader Marta Kowalczyk said the agreement "
    "protects the jobs of members and their families."
)

EDITED = (
    "The union said on Sunday that members had accepted a revised offer that guarantees "
    "jobs for three years and raises wages by 6 percent. Officials told reporters that the "
    "cranes would restart on Monday morning and that the backlog should clear within ten "
    "days. Shipping companies had warned that the dispute was costing them about 2 million "
    "euros a day in delays and diverted cargo.\n\n"
    "\"This agreement protects the jobs of our members and their families,\" union leader "
    "Marta Kowalczyk said after the vote. \"We never wanted to close the port, but the "
    "company left us no choice.\" Port managers said they welcomed the decision and thanked "
    "customers for their patience during the strike."
)

REUSED_START = ORIGINAL.index("The union said members")
REUSED_END = ORIGINAL.index("stoppage.") + len("stoppage.")
# The summary leaves out the end of the third paragraph.
SUMMARY_END = ORIGINAL.index("their families") + len("their families")


def _derived(body: str) -> str:
    return "Harbour district counts the cost\n\n" + OWN_BEFORE + body + OWN_AFTER


def _only_passage(derived_text: str):
    result = compare_documents(Document("derived", derived_text), Document("wire", ORIGINAL))
    assert result is not None, "no reuse found"
    assert len(result.passages) == 1, [(p.a, p.b, p.kind) for p in result.passages]
    return result, result.passages[0]


def _near(actual: int, expected: int, slack: int) -> bool:
    return abs(actual - expected) <= slack


@pytest.mark.parametrize(
    ("body", "kind", "relation", "slack", "reused_end"),
    [
        (EDITED, "edited", "copy", 12, REUSED_END),
        (SPUN, "spun", "spun", 12, REUSED_END),
        (TRANSLATED, "translated", "translated", 40, REUSED_END),
        (SUMMARY, "paraphrase", "paraphrase", 60, SUMMARY_END),
    ],
)
def test_disguise_is_found_with_offsets_and_kind(
    body: str, kind: str, relation: str, slack: int, reused_end: int
) -> None:
    text = _derived(body)
    result, passage = _only_passage(text)
    start, end = text.index(body), text.index(body) + len(body)
    # The derived side: the disguised paragraphs, none of the paper's own text.
    assert _near(passage.a[0], start, slack) and _near(passage.a[1], end, slack), (
        passage.a, (start, end)
    )
    assert passage.a[0] >= start - 2 and passage.a[1] <= end + 2
    # The original side: its second and third paragraphs.
    assert _near(passage.b[0], REUSED_START, slack), (passage.b, (REUSED_START, reused_end))
    assert _near(passage.b[1], reused_end, slack), (passage.b, (REUSED_START, reused_end))
    assert passage.kind == kind
    assert result.relation == relation
    # Offsets round-trip into both texts.
    assert text[passage.a[0] : passage.a[1]].split()[0] in body
    assert ORIGINAL[passage.b[0] : passage.b[1]].split()[-1].rstrip(".") in ORIGINAL


def test_verbatim_copy_is_verbatim_with_exact_offsets() -> None:
    body = ORIGINAL[REUSED_START:REUSED_END]
    text = _derived(body)
    result, passage = _only_passage(text)
    start = text.index(body)
    assert passage.a == (start, start + len(body))
    assert passage.b == (REUSED_START, REUSED_END)
    assert passage.kind == "verbatim"
    assert result.relation == "copy"


def test_spun_copy_substitution_table_reads_derived_from_source() -> None:
    text = _derived(SPUN)
    result, _ = _only_passage(text)
    rows = {(e.b.lower(), e.a.lower()): e for e in result.substitutions}
    # The pair has no dates, so its table reads b ← a until a direction is decided; the
    # replacements are there either way.
    flat = {frozenset(k) for k in rows}
    for derived, source in [("vessels", "ships"), ("harbour", "port"), ("stated", "said")]:
        assert frozenset((derived, source)) in flat, sorted(rows)
