"""Progress: every stage shows as it starts, and no time-left estimate before it can mean
something."""

from __future__ import annotations

import io
from collections.abc import Callable

from reuse_texts import LIBRARY, OWN, WIRE, article
from wiretrace.api import scan_documents_report
from wiretrace.cli.progress import _Bar
from wiretrace.records import Document


def test_no_estimate_until_results_come_in_and_the_first_chunk_is_not_counted() -> None:
    clock = [100.0]
    bar = _Bar(total=1000, desc="aligning", unit="pair", file=io.StringIO(), mininterval=0)
    bar._time = lambda: clock[0]  # a fake clock
    clock[0] = 130.0  # workers loaded the lexicon, then sent a whole chunk at once
    bar.update(256)
    assert "estimating" in str(bar) and "<" not in str(bar)
    clock[0] = 131.0
    bar.update(10)
    assert "estimating" in str(bar)
    clock[0] = 132.0
    bar.update(10)
    # 20 pairs in 2 s after the first chunk: 10 pairs/s, 724 left: 1:12, not hours.
    assert "10.00pair/s" in str(bar) and "<01:12" in str(bar)
    bar.close()


def test_each_stage_opens_when_it_starts() -> None:
    events: list[tuple[str, str]] = []

    def progress(stage: str, total: int, unit: str) -> Callable[[int], None]:
        events.append(("open", stage))
        return lambda k: events.append(("step", stage))

    docs = [Document("wire", article(WIRE)), Document("reprint", article(WIRE[:4])),
            Document("own", article(OWN)), Document("library", article(LIBRARY))]
    scan_documents_report(docs, progress=progress)
    opened = [stage for kind, stage in events if kind == "open"]
    assert opened == ["reading", "aligning", "forensics"]
    # The forensics stage shows as soon as the last pair is aligned, before any of its
    # documents is done (with a pool, the first are done a whole chunk later).
    first_forensics = events.index(("open", "forensics"))
    last_align = max(k for k, e in enumerate(events) if e == ("step", "aligning"))
    assert first_forensics == last_align + 1
