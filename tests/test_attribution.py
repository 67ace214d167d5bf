"""Outlets and credits: an outlet given as a host name or an address is read as its name,
found in other text as whole capitalised words, never as a fragment or an ordinary word;
and a credit outweighs a lone disguise-trace vote."""

from __future__ import annotations

import pytest

from wiretrace.align import AlignedPassage
from wiretrace.classify import PairMatch, Passage
from wiretrace.forensics.attribution import credits, own_outlets, registered_name
from wiretrace.forensics.direction import SideEvidence, decide_direction


@pytest.mark.parametrize(("host", "name"), [
    ("www.reuters.com", "reuters"),
    ("uk.reuters.com", "reuters"),
    ("news.bbc.co.uk", "bbc"),
    ("apnews.com", "apnews"),
    ("www.smh.com.au", "smh"),
    ("www.gov.uk", None),
    ("news.com.au", None),
    ("www.news.example", None),
])
def test_registered_name_of_a_host(host: str, name: str | None) -> None:
    assert registered_name(host) == name


@pytest.mark.parametrize(("text", "outlet", "found"), [
    # the outlet's name, however the metadata gives it
    ("LONDON, May 11 (Reuters) - British utility Halden Power", "www.reuters.com", ["Reuters"]),
    ("from 2029, according to the Reuters news agency.",
     "https://www.reuters.com/business/energy/x-2026-05-11/", ["Reuters"]),
    ("Reuters reported on Monday that the plant would close.", "reuters.com", ["Reuters"]),
    ("Cairnmoor Energy has started construction", "https://www.cairnmoorenergy.example/",
     ["Cairnmoor Energy"]),
    ("He told the Guardian on Friday.", "www.theguardian.com", ["Guardian"]),
    ("WASHINGTON (AP) — The United States will stop", "apnews.com", ["AP"]),
    ("An AP News review of the records", "apnews.com", ["AP News"]),
    ("ROTTERDAM (Meridian Wire) — Dockers walked out.", "Meridian Wire", ["Meridian Wire"]),
    ("Edinburgh-based Hartwell Banking Group has put lending", "Hartwell Banking Group",
     ["Hartwell Banking Group"]),
    ("Shares in Rolls-Royce Holdings rose.", "Rolls-Royce Holdings", ["Rolls-Royce Holdings"]),
    ("the FT reported on Tuesday", "www.ft.com", ["FT"]),
    # whole runs of capitalised words only
    ("Iran's Guardian Council said on Friday.", "www.theguardian.com", []),
    ("Thomson Reuters said it would sell the unit.", "Reuters", []),
    ("the meridian wire was cut", "Meridian Wire", []),
    # a short part of a host name only as a dateline credit
    ("The AP said on Friday.", "apnews.com", []),
    # short names in capitals only, and never a very common word
    ("a 10 ft wall", "www.ft.com", []),
    ("The US and the UK agreed.", "usnews.com", []),
    ("The US and the UK agreed.", "www.us.example", []),
    # an ordinary word is not the outlet where every word is capitalised
    ("Time is short for the talks.", "time.com", []),
    ("Energy prices rose again.", "www.energy.example", []),
    # generic host names name no outlet
    ("News from the port: Online sales rose.", "news.com.au", []),
])
def test_credits_of_an_outlet(text: str, outlet: str, found: list[str]) -> None:
    assert credits(text, [outlet]) == found


def test_an_article_crediting_its_own_outlet_credits_no_one() -> None:
    """An AP article (outlet "Associated Press") with an "(AP)" dateline does not credit
    another AP article whose outlet is ``apnews.com``; a Reuters article names Reuters."""
    assert credits("GENEVA (AP) — Envoys met.", ["apnews.com"], ["Associated Press"]) == []
    assert credits("GENEVA (AP) — Envoys met.", ["apnews.com"], ["Baltic Wire"]) == ["AP"]
    assert credits("LONDON (Reuters) - Gas fell.", ["Reuters"], ["www.reuters.com"]) == []


def test_own_outlets_keep_a_host_name_as_given() -> None:
    text = "Gas prices fell.\n\nCopyright 2026 Meridian Wire. All rights reserved."
    start = text.index("Copyright")
    names = own_outlets(text, [((start, len(text)), "copyright")], "www.reuters.com")
    assert names == frozenset({"www.reuters.com", "Meridian Wire"})


def _pair() -> PairMatch:
    aligned = AlignedPassage((0, 100), (0, 100), 1.0, 1.0, 1.0, 1.0, 20, 20, 1, 1.0, 5.0)
    passage = Passage((0, 100), (0, 100), "edited", 0.9, aligned, 1.0, 0.0)
    return PairMatch("wire", "rewrite", 0.5, 0.5, 0.9, "copy", (passage,), ())


def test_a_credit_outweighs_a_lone_disguise_trace_vote() -> None:
    """Three tortured-phrase or translation traces in the wire story's passages (ordinary
    news shows them too) vote for the rewrite; the rewrite names the wire's outlet. The
    credit decides; without it the traces would."""
    traced = SideEvidence(disguise_spans=((10, 20), (30, 40), (50, 60)),
                          outlets=frozenset({"www.reuters.com"}))
    crediting = SideEvidence(outlets=frozenset({"Power Plant Journal"}),
                             credited=frozenset({"Reuters"}))
    direction = decide_direction(_pair(), traced, crediting)
    assert direction.source == "wire", direction.votes
    votes = {v.signal: v for v in direction.votes}
    assert votes["credit"].favours == "wire"
    assert votes["disguise-traces"].favours == "rewrite"
    assert votes["credit"].weight > votes["disguise-traces"].weight
    uncredited = decide_direction(_pair(), traced, SideEvidence())
    assert uncredited.source == "rewrite"
