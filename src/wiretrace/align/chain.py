"""Exact layer: chain nearby runs into verbatim or lightly edited blocks.

Runs of five or more identical words seed blocks; runs that lie close to each
other in both documents (by the gap rules of :mod:`.cluster`) are chained into one
block — words inserted, cut or replaced between them. Shorter runs (two words,
one of them a content word) never start a block, but one that lies just past a
block's end in both documents is attached to it, so the block reaches the last
shared words: "Several shipping lines said" before an inserted "on Friday".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from wiretrace.align.cluster import Gaps, linked
from wiretrace.align.runs import Run
from wiretrace.normalize.prepare import PreparedDoc


@dataclass(slots=True)
class Block:
    """Token ranges ``a[a0:a1]`` and ``b[b0:b1]`` joined by a chain of exact runs."""

    a0: int
    a1: int
    b0: int
    b1: int
    runs: list[Run] = field(default_factory=list)

    @classmethod
    def of(cls, run: Run) -> Block:
        return cls(run.i, run.i + run.length, run.j, run.j + run.length, [run])

    def rect(self) -> tuple[int, int, int, int]:
        return self.a0, self.a1, self.b0, self.b1

    def add(self, run: Run) -> None:
        self.runs.append(run)
        self.a0 = min(self.a0, run.i)
        self.a1 = max(self.a1, run.i + run.length)
        self.b0 = min(self.b0, run.j)
        self.b1 = max(self.b1, run.j + run.length)

    def matched_a(self) -> set[int]:
        """Token indices of ``a`` inside one of the block's runs."""
        out: set[int] = set()
        for r in self.runs:
            out.update(range(r.i, r.i + r.length))
        return out

    def matched_b(self) -> set[int]:
        """Token indices of ``b`` inside one of the block's runs."""
        out: set[int] = set()
        for r in self.runs:
            out.update(range(r.j, r.j + r.length))
        return out


def _rect(run: Run) -> tuple[int, int, int, int]:
    return run.i, run.i + run.length, run.j, run.j + run.length


def chain_runs(runs: list[Run], gaps: Gaps) -> list[Block]:
    """Chain runs (sorted by position in ``a``) whose gaps to a block's last run are small."""
    open_blocks: list[Block] = []
    done: list[Block] = []
    reach = max(gaps.parallel_gap, gaps.skip_gap)
    for run in runs:
        still_open = []
        for blk in open_blocks:
            (still_open if run.i - blk.a1 <= reach else done).append(blk)
        open_blocks = still_open
        best: Block | None = None
        best_cost = 0
        for blk in open_blocks:
            last = blk.runs[-1]
            # Chain only forwards in both documents: a run before the block's last run
            # in b is a reordered piece, another passage.
            if run.j < last.j or not linked(_rect(last), _rect(run), gaps):
                continue
            cost = abs((run.i - last.i) - (run.j - last.j))
            if best is None or cost < best_cost:
                best, best_cost = blk, cost
        if best is None:
            open_blocks.append(Block.of(run))
        else:
            best.add(run)
    return done + open_blocks


def _touches(blk: Block, run: Run, gap: int) -> bool:
    """Whether ``run`` lies just past one end of ``blk`` in both documents."""
    after_a = run.i - blk.a1
    after_b = run.j - blk.b1
    if 0 <= after_a <= gap and 0 <= after_b <= gap:
        return True
    before_a = blk.a0 - (run.i + run.length)
    before_b = blk.b0 - (run.j + run.length)
    return 0 <= before_a <= gap and 0 <= before_b <= gap


def attach_runs(blocks: list[Block], runs: list[Run], a: PreparedDoc, gap: int) -> None:
    """Attach short runs holding a content word to the block ends they touch (in place):
    each to the first block (in ``blocks`` order) it touches, again over the runs left
    until none attaches. Blocks are looked up by where they start and end in ``a``, so
    the cost follows the runs, not runs × blocks (a long document has thousands of
    both)."""
    pending = [r for r in runs if any(a.content[r.i : r.i + r.length])]
    by_end: dict[int, set[int]] = {}
    by_start: dict[int, set[int]] = {}
    for k, blk in enumerate(blocks):
        by_end.setdefault(blk.a1, set()).add(k)
        by_start.setdefault(blk.a0, set()).add(k)
    changed = True
    while changed and pending:
        changed = False
        rest = []
        for run in pending:
            end = run.i + run.length
            # _touches needs a block ending at most ``gap`` before the run in a, or one
            # starting at most ``gap`` after it.
            near = {k for x in range(run.i - gap, run.i + 1) for k in by_end.get(x, ())}
            near.update(k for x in range(end, end + gap + 1) for k in by_start.get(x, ()))
            target = next((k for k in sorted(near) if _touches(blocks[k], run, gap)), None)
            if target is None:
                rest.append(run)
                continue
            blk = blocks[target]
            by_end[blk.a1].discard(target)
            by_start[blk.a0].discard(target)
            blk.add(run)
            by_end.setdefault(blk.a1, set()).add(target)
            by_start.setdefault(blk.a0, set()).add(target)
            changed = True
        pending = rest


def significant_blocks(
    blocks: list[Block], a: PreparedDoc, min_tokens: int, min_content: int
) -> list[Block]:
    """Blocks with enough matched tokens, and enough content words among them, to be reuse.

    Tokens are counted in both documents, so a phrase that ``a`` repeats many times
    ("Orange County Regional History Center") does not pass for a long passage when
    ``b`` holds it once.
    """
    out = []
    for blk in blocks:
        matched = blk.matched_a()
        if min(len(matched), len(blk.matched_b())) < min_tokens:
            continue
        if sum(1 for t in matched if a.content[t]) < min_content:
            continue
        out.append(blk)
    return out
