"""Exact layer: chain nearby runs into verbatim or lightly edited blocks."""

from __future__ import annotations

from dataclasses import dataclass, field

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


def chain_runs(runs: list[Run], gap: int) -> list[Block]:
    """Greedily chain runs (sorted by position in ``a``) that lie within ``gap`` tokens."""
    open_blocks: list[Block] = []
    done: list[Block] = []
    for run in runs:
        still_open = []
        for blk in open_blocks:
            (still_open if run.i - blk.a1 <= gap else done).append(blk)
        open_blocks = still_open
        best: Block | None = None
        best_cost = 0
        for blk in open_blocks:
            da = run.i - blk.a1
            db = run.j - blk.b1
            if db > gap or db < -gap or run.j + run.length <= blk.b0:
                continue
            cost = abs(da - db) + max(da, db, 0)
            if best is None or cost < best_cost:
                best, best_cost = blk, cost
        if best is None:
            blk = Block(run.i, run.i + run.length, run.j, run.j + run.length)
            blk.runs.append(run)
            open_blocks.append(blk)
        else:
            best.add(run)
    return done + open_blocks


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
