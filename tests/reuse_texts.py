"""Invented news paragraphs (written for these tests) and helpers to locate them.

People, places, outlets and figures are fictional. ``WIRE`` is an agency story on a
bridge closure; ``OWN`` is a local paper's own reporting on the same event (it shares
topic words with ``WIRE`` but no sentence); ``SAME_TOPIC`` is another bridge closure
told independently; ``LIBRARY`` is about something else entirely.
"""

from __future__ import annotations

import itertools

WIRE = [
    "LINDHAVEN, Norway (Coastline Press) — Engineers closed the Sørvik suspension bridge to all "
    "traffic on Tuesday after inspectors found corrosion in two of its main cables, cutting the "
    "fastest road link between the island towns and the mainland for at least six weeks.",
    "The regional roads agency said divers and rope-access teams had measured wire losses of up "
    "to 12 percent in sections of the northern cable, well beyond the limit set when the bridge "
    "was strengthened in 2009. A temporary ferry will run every twenty minutes from Thursday.",
    "\"We did not take this decision lightly, but we will not gamble with people's lives,\" said "
    "Ingrid Solheim, the agency's chief engineer, at a briefing in the harbour office. \"Every "
    "strand we examined told the same story.\"",
    "About 9,400 vehicles cross the bridge on an average weekday, according to agency counts, "
    "including school buses, fish lorries bound for the processing plant at Brekke and the "
    "ambulances that serve the island's clinic.",
    "Fishing companies warned that the detour by ferry would add up to three hours to each "
    "delivery. The Brekke plant employs 310 people and ships most of its salmon to buyers in "
    "France and Japan within 36 hours of landing.",
    "The bridge, which opened in 1972, has been closed only twice before: for a week during a "
    "storm in 1992 and for repairs to its deck in 2009. Local politicians have argued for a "
    "replacement tunnel for more than a decade.",
    "The agency said a full assessment of both cables would be finished by the end of May and "
    "that repairs, if possible, would cost between 180 million and 240 million kroner.",
]

OWN = [
    "Kari Nordby had planned to open her bakery in Vestøy at six on Wednesday, as she has done "
    "every weekday for fourteen years. Instead she spent the morning on the quay with a trolley "
    "of bread crates, waiting for a boat that had not yet been chartered.",
    "Shopkeepers across the island describe the same scramble. The hardware store on Kirkegata "
    "has moved its orders to a supplier that can send goods on the mail boat, and the pharmacy "
    "asked customers to collect prescriptions a day earlier than usual.",
    "For the island's secondary pupils, the closure means a crossing before breakfast. The "
    "municipality has hired two extra buses to meet the morning ferry on the mainland side, and "
    "teachers have agreed to start lessons half an hour later until the summer holidays.",
    "Some residents see an opportunity. Trond Haugen, who rents out kayaks in summer, said three "
    "neighbours had already asked whether he would ferry them across the sound in his old "
    "motorboat, and he was checking what insurance such trips would need.",
    "At the care home on the hill, the manager, Live Berg, worried most about night shifts. Half "
    "of her nurses live on the mainland and many of them do not own cars that fit the ferry "
    "timetable, so she has started planning rooms where staff can sleep between shifts.",
    "The mayor of Vestøy, Geir Aasen, said he would ask the government for a second ferry and "
    "for compensation for businesses that can show lost sales. He called the closure a warning "
    "that the island could not depend on one ageing bridge for ever.",
    "By Wednesday evening the first queue had formed at the ferry ramp, and a volunteer from the "
    "sports club was handing out coffee in paper cups to drivers who had been waiting for more "
    "than an hour under a grey sky.",
    "Nordby, for her part, sold every loaf by noon. Customers came to the quay to buy straight "
    "from the crates, she said, and several of them stayed to help her load the empty ones back "
    "onto the trolley for the trip home.",
]

SAME_TOPIC = [
    "GRANFJORD, Norway (Northline News) — A road bridge over the Granfjord inlet was shut on "
    "Monday evening when a routine survey detected cracks in a concrete pier, leaving about "
    "2,000 residents of the northern shore facing a long detour through the mountains.",
    "County officials said the damage was found during an underwater inspection of the pier "
    "foundations and that heavy vehicles had been banned from the crossing since the autumn as "
    "a precaution. No date has been set for reopening.",
    "The county road director, Per Lunde, told a meeting in the town hall that the structure "
    "dated from the 1960s and had never been designed for modern timber trucks. \"Our first job "
    "is to understand how deep the cracks go,\" he said.",
    "Residents who commute to the hospital and the college on the southern shore now face a "
    "drive of almost ninety minutes each way. A boat service for pedestrians and cyclists is "
    "expected to start at the weekend, the county said.",
    "Business owners on the northern shore asked for help with the extra fuel costs. The owner "
    "of a sawmill near the inlet said his timber deliveries would be cut in half until the "
    "crossing reopens.",
]

LIBRARY = [
    "The new public library in Oskarsberg opened its doors on Saturday, three years after the "
    "old reading room above the fire station was declared unsafe and closed by the council.",
    "Architects designed the building around a courtyard planted with birch trees, and the "
    "children's section on the ground floor has a reading tent, a puppet theatre and shelves "
    "low enough for toddlers to choose their own picture books.",
    "Head librarian Mirela Dragan said membership had doubled in the first week. Volunteers "
    "will run homework clubs on weekday afternoons and a repair café for bicycles and small "
    "appliances on the first Sunday of each month.",
    "The project cost 64 million kroner, most of it paid by the municipality, with a grant from "
    "a regional arts foundation covering the furniture and the outdoor stage.",
]

_EDGE_PUNCTUATION = " \t\r\n.,;:!?\"'“”‘’«»()"


def article(paragraphs: list[str], sep: str = "\n\n") -> str:
    """Paragraphs joined by blank lines, with a final newline."""
    return sep.join(paragraphs) + sep[-1]


def locate(text: str, piece: str) -> tuple[int, int]:
    """The one place ``piece`` occurs in ``text`` (fails if absent or repeated)."""
    start = text.find(piece)
    assert start >= 0, f"not in text: {piece[:50]!r}"
    assert text.find(piece, start + 1) < 0, f"occurs twice: {piece[:50]!r}"
    return start, start + len(piece)


def core(piece: str) -> str:
    """``piece`` without the punctuation and quotes at its edges (tokens stop before them)."""
    return piece.strip(_EDGE_PUNCTUATION)


def nonspace(piece: str) -> int:
    return sum(1 for ch in piece if not ch.isspace())


def assert_span_near(span: tuple[int, int], expected: tuple[int, int], slack: int = 3) -> None:
    """``span`` starts and ends within ``slack`` characters of ``expected``."""
    assert abs(span[0] - expected[0]) <= slack, f"starts at {span[0]}, expected {expected[0]}"
    assert abs(span[1] - expected[1]) <= slack, f"ends at {span[1]}, expected {expected[1]}"


def assert_no_overlap(spans: list[tuple[int, int]]) -> None:
    ordered = sorted(spans)
    for (_s0, e0), (s1, _e1) in itertools.pairwise(ordered):
        assert e0 <= s1, f"passages overlap: {ordered}"


WIRE_FILE_TEXT = article(["Sørvik bridge shut after cable corrosion found", *WIRE])
REPRINT_FILE_TEXT = article(["Island cut off as corroded bridge closes", *WIRE[:3]])
LIBRARY_FILE_TEXT = article(["Oskarsberg opens its new library", *LIBRARY])


def write_good_files(folder):
    """Three .txt articles: ``wire``, ``reprint`` (its first three paragraphs), ``library``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "wire.txt").write_bytes(WIRE_FILE_TEXT.encode("utf-8"))
    (folder / "reprint.txt").write_bytes(REPRINT_FILE_TEXT.encode("utf-8"))
    (folder / "library.txt").write_bytes(LIBRARY_FILE_TEXT.encode("utf-8"))
    return folder
