"""Same-story links and story grouping at corpus scale: names counted as people and
places, not strings, and no chaining of stories through weak links."""

from __future__ import annotations

from collections.abc import Sequence

from wiretrace.align import AlignedPassage
from wiretrace.candidates.features import document_features
from wiretrace.classify import PairMatch, Passage
from wiretrace.forensics import ReusePair, SameStoryLink
from wiretrace.forensics.direction import Direction
from wiretrace.forensics.quotes import find_quotes
from wiretrace.forensics.same_story import (
    clean_name,
    common_name,
    count_entities,
    name_frequencies,
    same_story_pair,
)
from wiretrace.lexicon.wordnet import load_wordnet
from wiretrace.normalize.prepare import prepare_document
from wiretrace.records import Document
from wiretrace.stories.grouping import group_stories

TARIFFS = (
    "Steel tariffs unsettle Great Lakes mills\n\n"
    "Officials in the United States said on Tuesday that the new duties on imported steel "
    "would stay in place until the autumn. Mill owners around Lake Erie said orders had "
    "slowed since the announcement, and two plants near Cleveland have cut a shift. U.S. "
    "buyers of rolled steel now pay about a fifth more than they did in the spring, "
    "according to a survey of purchasing managers.\n"
)

HURRICANE = (
    "Hurricane brushes the Carolina coast\n\n"
    "The storm passed about sixty miles off the coast on Wednesday night, bringing heavy "
    "rain but sparing the beach towns the worst of its winds. Forecasters at the National "
    "Hurricane Center said it would weaken over cooler water. Insurers in the United States "
    "expect modest claims, and U.S. airlines resumed flights from Wilmington by Thursday "
    "morning.\n"
)

STRIKE = (
    "Bus drivers in Leeds walk out over rotas\n\n"
    "Drivers at the Kirkstall depot stopped work at dawn on Monday after talks with Yorkshire "
    "Roadways broke down late on Sunday. Union organiser Dean Hartley said the new rotas left "
    "some drivers with split shifts of fourteen hours. Yorkshire Roadways said it had offered "
    "a review of the rotas within a month and regretted the disruption to passengers.\n"
)

STRIKE_ELSEWHERE = (
    "Leeds commuters face second day without buses\n\n"
    "Thousands of commuters walked or shared cars on Tuesday as the stoppage at the "
    "Kirkstall depot went into its second day. Dean Hartley, who speaks for the drivers, "
    "said they would return only when split shifts were scrapped. A spokeswoman for "
    "Yorkshire Roadways said managers were ready to meet the union again on Wednesday.\n"
)


def _analysed(docs: Sequence[Document]) -> tuple[list, list[set[str]], dict]:
    wordnet = load_wordnet()
    prepared = [prepare_document(d, wordnet) for d in docs]
    features = [document_features(p) for p in prepared]
    quotes = {p.id: find_quotes(p) for p in prepared}
    return prepared, features, quotes


def _link(docs: Sequence[Document], i: int, j: int, n_docs: int | None = None
          ) -> SameStoryLink | None:
    prepared, features, quotes = _analysed(docs)
    a, b = prepared[i], prepared[j]
    return same_story_pair(a.id, b.id, features[i], features[j], quotes[a.id], quotes[b.id],
                           name_frequencies(features), n_docs or len(docs), (None, None),
                           wordnet=load_wordnet())


def test_names_are_cleaned_and_counted_as_entities() -> None:
    assert clean_name("the united states") == "united states"
    assert clean_name("u s") is None and clean_name("if i") is None
    assert clean_name("las vegas a") == "las vegas"
    assert clean_name("washington d c") == "washington d c"
    # one company in two outlets' sentences ("Nordmaas Petroleum's refinery", "… said")
    assert clean_name("nordmaas petroleum's") == clean_name("nordmaas petroleum")
    assert clean_name("the engineers’ union") == "engineers union"
    assert count_entities(["new york", "new york city", "united nations"]) == 2
    assert count_entities(["president clinton", "bill clinton"]) == 1
    assert count_entities(["dean hartley", "yorkshire roadways", "kirkstall depot"]) == 3


def test_common_names_are_known_from_general_english() -> None:
    """Dictionary entries and names of very common words are common in any corpus; a
    person or a company is not, however common its words ("dean", "power")."""
    wordnet = load_wordnet()
    for name in ("united states", "white house", "baltic sea", "suez canal",
                 "eastern europe", "european commission", "baltic sea region"):
        assert common_name(name, wordnet), name
    for name in ("dean hartley", "yorkshire roadways", "halden power", "martin cole",
                 "nord stream", "pieter hallink", "healthy kids steering committee"):
        assert not common_name(name, wordnet), name
    # Without the dictionary, word frequencies alone: "baltic" is a rare word.
    assert common_name("eastern europe", None) and not common_name("baltic sea", None)


def test_names_common_in_english_link_no_articles_however_small_the_corpus() -> None:
    """Two articles of a corpus of two share "Baltic Sea" and "Eastern Europe": each is
    held by every article, yet neither ties them to one event. The same two articles
    sharing two people are linked."""
    ferry = ("Ferry fares rise\n\nFerries across the Baltic Sea will cost more from June, "
             "operators said{}, as fuel prices stay high across Eastern Europe.\n")
    grain = ("Grain exports slow\n\nShipments of grain through ports on the Baltic Sea "
             "fell in May, traders in Eastern Europe said{}, after a wet spring.\n")
    assert _link([Document("ferry", ferry.format("")), Document("grain", grain.format(""))],
                 0, 1) is None
    people = " on Monday in a letter to Tove Lindqvist and Aarne Pekkala"
    link = _link([Document("ferry", ferry.format(people)),
                  Document("grain", grain.format(people))], 0, 1)
    assert link is not None and link.shared_names == ("aarne pekkala", "tove lindqvist")


def test_one_country_written_three_ways_is_not_a_story() -> None:
    """Both articles say "the United States" and "U.S."; nothing else is shared."""
    docs = [Document("tariffs", TARIFFS), Document("hurricane", HURRICANE)]
    assert _link(docs, 0, 1) is None


def test_two_reports_of_one_strike_are_linked() -> None:
    docs = [Document("strike", STRIKE), Document("day-two", STRIKE_ELSEWHERE)]
    link = _link(docs, 0, 1)
    assert link is not None and link.relation == "same-story"
    assert list(link.shared_names) == [
        "dean hartley", "yorkshire roadways"]


def test_two_shared_names_among_many_are_chance() -> None:
    """Two long pages naming a dozen places each, two of them the same: not one story."""
    towns = ["Port Elland", "Marsh Cotton", "Lower Brindle", "Hollin Gate", "Kettle Bridge",
             "Sour Mill", "Cold Aston", "Farley Heath", "Nether Combe", "Ashby Fold"]
    other = ["Great Owlby", "Little Tarrant", "West Kimble", "Broad Chalke", "High Salvin",
             "Upper Dunmore", "Long Itchen", "East Harling", "Kings Walden", "Stow Parva"]
    shared = "Both Ribble Head and Wharfe Crossing sent delegates."
    page_a = "Regional fair guide\n\n" + shared + " " + " ".join(
        f"The fair at {t} opens on Saturday." for t in towns) + "\n"
    page_b = "Walking routes this summer\n\n" + shared + " " + " ".join(
        f"A walk from {t} follows the river." for t in other) + "\n"
    docs = [Document("fairs", page_a), Document("walks", page_b)]
    assert _link(docs, 0, 1) is None
    # the same two names between two short articles do make a link
    short_a = "Delegates meet\n\n" + shared + " The talks began at noon.\n"
    short_b = "Talks in the dale\n\n" + shared + " They ended without a deal.\n"
    assert _link([Document("a", short_a), Document("b", short_b)], 0, 1) is not None


def _same(a: str, b: str) -> SameStoryLink:
    return SameStoryLink(a, b, (), (), None)


def _reuse(a: str, b: str) -> ReusePair:
    aligned = AlignedPassage((0, 10), (0, 10), 1.0, 1.0, 1.0, 1.0, 2, 2, 1, 1.0, 5.0)
    passage = Passage((0, 10), (0, 10), "verbatim", 1.0, aligned, 1.0, 0.0)
    match = PairMatch(a, b, 0.5, 0.5, 0.9, "copy", (passage,), ())
    return ReusePair(match, Direction(a))


def test_same_story_links_do_not_chain() -> None:
    """Each article shares names only with the next: four stories' worth of a chain is
    not one story, while four articles that all share names are."""
    chain = [_same("c1", "c2"), _same("c2", "c3"), _same("c3", "c4"), _same("c4", "c5"),
             _same("c5", "c6")]
    stories = group_stories([f"c{k}" for k in range(1, 7)], chain)
    assert sorted(len(s.documents) for s in stories) == [2, 2, 2]
    clique = [_same(x, y) for i, x in enumerate("pqrs") for y in "pqrs"[i + 1:]]
    (story,) = group_stories(list("pqrs"), clique)
    assert story.documents == tuple("pqrs")


def test_reuse_links_always_join_and_independent_reports_follow() -> None:
    """A wire story and four trimmed reprints that share nothing with each other are one
    story; an independent report naming the same people as most of them joins it, one
    naming the people of a single reprint does not."""
    ids = ["wire", "r1", "r2", "r3", "r4", "indie", "aside"]
    pairs = [_reuse("wire", r) for r in ("r1", "r2", "r3", "r4")]
    pairs += [_same("indie", x) for x in ("wire", "r1", "r2")]
    pairs += [_same("aside", "r4")]
    stories = group_stories(ids, pairs)
    assert [list(s.documents) for s in stories] == [["wire", "r1", "r2", "r3", "r4", "indie"]]
    assert stories[0].origin == "wire"
