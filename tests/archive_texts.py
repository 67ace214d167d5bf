"""Invented news articles for the archive tests, generated from sentences written for them.

Every person, place, outlet and figure is fictional. :func:`make_articles` combines
sentence templates with names and numbers into short articles; some articles reprint
a paragraph of an earlier one (reuse to find), and many end with one of a few
outlets' short footer lines (repeated-line boilerplate once three articles carry it).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

FIRST = ["Anneke", "Bram", "Carys", "Dimitri", "Elif", "Fenna", "Goran", "Hedda", "Ilse",
         "Jorrit", "Katla", "Lorcan", "Maelle", "Niamh", "Oskar", "Petra", "Quirin", "Runa",
         "Soren", "Tamsin", "Ulla", "Viggo", "Wilma", "Xander", "Yrsa", "Zdenek"]
LAST = ["Abelsma", "Brevik", "Castellane", "Dunmore", "Eckhart", "Falkenrath", "Grijpstra",
        "Holloway", "Ivanchuk", "Jelinek", "Kvist", "Lindqvist", "Marchetti", "Nordahl",
        "Oyelaran", "Pemberton", "Quast", "Rautio", "Sandoval", "Tervonen", "Uhlig",
        "Vasquez", "Wexley", "Yarborough", "Zandvliet"]
PLACES = ["Harrowgate", "Veldmere", "Kestrel Bay", "Oakhollow", "Brindle Cross", "Saltmarsh",
          "Eskerby", "Lowenfold", "Marrow Point", "Thistlewick", "Dunhaven", "Greywater",
          "Ambleside Quay", "Corran Falls", "Hobb's Reach", "Norwick", "Pellstone"]
BODIES = ["the Regional Water Board", "the Harbour Trust", "the County Transport Office",
          "the Teachers' Federation", "the Orchard Growers' Cooperative", "the Coastal Ferry "
          "Company", "the Municipal Energy Authority", "the Hospital Trust", "the Rail "
          "Passengers' Council", "the Chamber of Commerce", "the Fire and Rescue Service"]
OUTLETS = ["Veldmere Courier", "Saltmarsh Evening Post", "Kestrel Bay Gazette",
           "Harrowgate Herald"]
FOOTERS = ["Veldmere Courier newsroom", "Saltmarsh Evening Post digital edition",
           "Reader desk at the Kestrel Bay Gazette", "Harrowgate Herald weekend edition"]

SENTENCES = [
    "{body} said on {day} that {n} households in {place} would be affected by the change.",
    "{person}, who has lived in {place} for {n2} years, said the decision came as a surprise.",
    "The plan, first proposed in {year}, was approved by a narrow margin of {n2} votes.",
    "Officials estimate the work will cost about {n} thousand pounds and take {n2} months.",
    "\"We have asked for clear answers and we have not had them,\" said {person}.",
    "Critics argue that {body} ignored warnings from engineers as early as {year}.",
    "A spokesperson for {body} declined to comment on the figures.",
    "Residents of {place} gathered outside the town hall on {day} evening.",
    "The closure means a detour of roughly {n2} kilometres for drivers heading to {place2}.",
    "{person} told reporters that talks would resume next week.",
    "According to figures released on {day}, {n} people used the service last year.",
    "Local traders say their takings have fallen by almost {n2} percent since spring.",
    "An independent review led by {person} is expected to report by the end of the year.",
    "The council's budget for the scheme rose from {n} to {n3} thousand pounds.",
    "Campaigners in {place2} collected {n} signatures in less than a fortnight.",
    "\"Nobody here wants to stand in the way of progress,\" {person} said.",
    "The vote at {body} followed a debate that lasted more than {n2} hours.",
    "Inspectors found damp, broken heating and blocked fire exits at {n2} sites.",
    "The company said it would appeal the ruling, calling it unfair and premature.",
    "Ferry crossings from {place} to {place2} were suspended for {n2} days in {month}.",
    "Schools in {place} will open {n2} minutes later from {month} to ease traffic.",
    "{person} said the new timetable had been drawn up without asking passengers.",
    "A pilot project in {place2} reduced waiting times by {n2} percent, the report says.",
    "Farmers near {place} blamed the late frost for a poor apple harvest.",
    "The old bridge at {place}, built in {year}, carries {n} vehicles a day.",
    "Volunteers planted {n} trees along the river between {place} and {place2}.",
    "The union representing {n} workers said it would ballot members on strike action.",
    "{body} has promised to publish the full contract before {month}.",
    "Emergency crews worked through the night to clear the flooded road near {place2}.",
    "The museum in {place} reopened after a restoration that took {n2} months.",
    "Prices at the weekly market in {place2} have risen sharply, stallholders say.",
    "{person}, a councillor for {place}, called the delay an embarrassment.",
    "Under the proposal, parking charges in {place} would rise to {n2} pounds a day.",
    "Police said {n2} people were questioned after the protest in {place2}.",
    "The new clinic will employ {n2} nurses and {n2b} doctors when it opens in {month}.",
    "Tourism bosses expect {n} visitors to {place} during the summer festival.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
MONTHS = ["January", "March", "April", "June", "September", "October", "November"]
HEADLINES = ["{place} residents angry over {body_short} plan", "{body_short} under fire in "
             "{place}", "Delays hit {place} as {body_short} row deepens", "New dispute over "
             "{body_short} in {place}", "{place}: what the {body_short} decision means"]


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    text: str


def _fill(template: str, rnd: random.Random) -> str:
    person = f"{rnd.choice(FIRST)} {rnd.choice(LAST)}"
    place, place2 = rnd.sample(PLACES, 2)
    body = rnd.choice(BODIES)
    out = template.format(
        body=body, person=person, place=place, place2=place2, day=rnd.choice(DAYS),
        month=rnd.choice(MONTHS), year=rnd.randint(1950, 2024), n=rnd.randint(120, 98000),
        n2=rnd.randint(2, 95), n2b=rnd.randint(2, 40), n3=rnd.randint(100, 9000),
        body_short=body.removeprefix("the ").split()[-1],
    )
    return out[0].upper() + out[1:]


def _paragraph(rnd: random.Random) -> str:
    return " ".join(_fill(rnd.choice(SENTENCES), rnd) for _ in range(rnd.randint(2, 4)))


def make_articles(n: int, seed: int = 7, reuse_every: int = 5) -> list[Article]:
    """``n`` articles ``art-0000`` …; every ``reuse_every``-th reprints an earlier paragraph."""
    rnd = random.Random(seed)
    out: list[Article] = []
    paragraphs_of: list[list[str]] = []
    for k in range(n):
        paragraphs = [_paragraph(rnd) for _ in range(rnd.randint(2, 4))]
        if reuse_every and k and k % reuse_every == 0:
            source = paragraphs_of[rnd.randrange(len(paragraphs_of))]
            paragraphs.insert(rnd.randint(0, len(paragraphs)), rnd.choice(source))
        paragraphs_of.append(paragraphs)
        headline = _fill(rnd.choice(HEADLINES), rnd)
        footer = [rnd.choice(FOOTERS)] if rnd.random() < 0.6 else []
        text = "\n\n".join([headline, *paragraphs, *footer]) + "\n"
        out.append(Article(f"art-{k:04d}", text))
    return out


def write_articles(folder: Path, articles: list[Article]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for a in articles:
        (folder / f"{a.id}.txt").write_text(a.text, encoding="utf-8")
