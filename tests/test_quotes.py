"""Who a quotation is attributed to, on text written for these tests: the name next to
a verb of speech, in the quotation's sentence, not every capitalised word nearby."""

from __future__ import annotations

import pytest

from wiretrace.forensics.quotes import altered_quotes, find_quotes
from wiretrace.lexicon.wordnet import WordNet
from wiretrace.normalize.prepare import prepare_document
from wiretrace.records import Document

TEXT = (
    "WASHINGTON (Meridian Wire) — White House press secretary Jen Psaki met NATO envoys "
    "on Monday. \"We will not accept any change of borders by force,\" Psaki told "
    "reporters after the meeting.\n\n"
    "\"This agreement protects the jobs of our members and their families,\" said union "
    "leader Marta Kowalczyk after the vote. \"We never wanted to close the port.\"\n\n"
    "Kowalczyk said: \"The company left us no choice in the end.\"\n\n"
    "\"The talks will resume next week and we expect progress,\" he said.\n\n"
    "The ministry was blunt. \"Nobody here wants to stand in the way of progress,\" "
    "according to the deputy minister Jan Nowak.\n\n"
    "\"It was a long night for everyone involved,\" the union said. President Anna "
    "Lindqvist was in Warsaw.\n\n"
    "\"Our ferries will sail again on Thursday morning.\" Port managers said they were "
    "relieved."
)


@pytest.fixture(scope="module")
def quotes(wordnet: WordNet):
    doc = prepare_document(Document("t", TEXT), wordnet)
    return {q.text.split()[0] + " " + q.text.split()[1]: q for q in find_quotes(doc)}


@pytest.mark.parametrize(("opening", "speaker"), [
    ("We will", "Psaki"),                 # "…," Psaki told reporters
    ("This agreement", "Marta Kowalczyk"),  # "…," said union leader Marta Kowalczyk
    ("We never", "Marta Kowalczyk"),      # goes on in her paragraph, no attribution of its own
    ("The company", "Kowalczyk"),         # Kowalczyk said: "…"
    ("The talks", None),                  # "he said": a pronoun
    ("Nobody here", "Jan Nowak"),         # according to the deputy minister Jan Nowak
    ("It was", None),                     # "the union said"; the next sentence's name is not it
    ("Our ferries", None),                # the quote ends its sentence; the next one is not
])
def test_the_speaker_is_the_name_next_to_the_verb_of_speech(quotes, opening, speaker) -> None:
    q = quotes[opening]
    assert q.speaker == speaker
    assert bool(q.speakers) == (speaker is not None)
    assert "white" not in q.speakers and "nato" not in q.speakers and "house" not in q.speakers


def test_altered_quotation_by_another_speaker_is_not_paired(wordnet: WordNet) -> None:
    a = prepare_document(Document("a", "\"We will not accept any change of borders by force,\" "
                                        "Psaki told reporters."), wordnet)
    b = prepare_document(Document("b", "\"We will not accept a change of borders by force,\" "
                                        "Kowalczyk told reporters."), wordnet)
    c = prepare_document(Document("c", "\"We will not accept a change of borders by force,\" "
                                        "said Jen Psaki."), wordnet)
    assert altered_quotes(a, b) == ()
    (q,) = altered_quotes(a, c)
    assert q.speaker == "Psaki"
    (change,) = q.changes
    assert (change.a_text, change.b_text) == ("any", "a")
    assert a.text[change.a[0] : change.a[1]] == "any" and c.text[change.b[0] : change.b[1]] == "a"


def test_spelling_and_trimming_do_not_alter_a_quotation(wordnet: WordNet) -> None:
    said = ("\"By standardising our designs we can organise the work as a single programme "
            "and finish the upgrade by next winter,\" said Priya Raman.")
    american = said.replace("standardising", "standardizing").replace(
        "organise", "organize").replace("programme", "program")
    trimmed = said.replace(" and finish the upgrade by next winter", "")
    reworded = said.replace("finish the upgrade", "complete the upgrade")
    a = prepare_document(Document("a", said), wordnet)
    for other, altered in [(american, False), (trimmed, False), (reworded, True)]:
        b = prepare_document(Document("b", other), wordnet)
        found = altered_quotes(a, b)
        assert bool(found) is altered, (other, found)
    (q,) = altered_quotes(a, prepare_document(Document("b", reworded), wordnet))
    assert q.changed_words == (("finish", "complete"),)
