"""Article text as escaped HTML with marked character ranges (passages, evidence, …).

The text is cut at every mark boundary (sorted, offsets are Python character offsets
into the text) and each segment is escaped on its own, so no article text can ever
become markup. Marks may nest or overlap: at every segment the open elements are the
marks covering it, ordered by ``layer`` (lower = outer). A mark of a lower layer is
therefore one unbroken element as long as it does not overlap another of its layer
(the passages of a pair never do), while a mark that crosses the edge of an outer one
is split into fragments, each carrying the whole mark's attributes and ``data-frag``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from markupsafe import Markup, escape


@dataclass(frozen=True, slots=True)
class Mark:
    """One marked range ``text[start:end]`` of a text."""

    start: int
    end: int
    layer: int
    classes: str
    attrs: tuple[tuple[str, str], ...] = ()
    """Extra attributes (``data-…``, ``title``); values are escaped when rendered."""

    def open_tag(self, fragment: bool) -> str:
        parts = [f'<span class="{escape(self.classes)}"',
                 f' data-start="{self.start}" data-end="{self.end}"']
        parts += [f' {name}="{escape(value)}"' for name, value in self.attrs]
        if fragment:
            parts.append(' data-frag="1"')
        parts.append(">")
        return "".join(parts)


def _clamped(marks: Iterable[Mark], n: int) -> list[Mark]:
    out = []
    for m in marks:
        if 0 <= m.start < m.end <= n:
            out.append(m)
    return out


def highlight(text: str, marks: Iterable[Mark]) -> Markup:
    """``text`` as HTML: every segment escaped, every mark a ``<span>`` around its range.

    Marks outside the text or empty are dropped (a report never has them; a hand-made
    one might). Each element carries ``data-start``/``data-end`` = the mark's offsets.
    """
    valid = _clamped(marks, len(text))
    if not valid:
        return Markup(escape(text))
    order = {id(m): k for k, m in enumerate(valid)}
    starts: dict[int, list[Mark]] = {}
    ends: dict[int, list[Mark]] = {}
    for m in valid:
        starts.setdefault(m.start, []).append(m)
        ends.setdefault(m.end, []).append(m)
    bounds = sorted({0, len(text), *starts, *ends})
    active: dict[int, Mark] = {}
    opened: set[int] = set()
    stack: list[Mark] = []
    out: list[str] = []
    for lo, hi in pairwise(bounds):
        for m in ends.get(lo, ()):
            active.pop(id(m), None)
        for m in starts.get(lo, ()):
            active[id(m)] = m
        wanted = sorted(active.values(), key=lambda m: (m.layer, m.start, -m.end, order[id(m)]))
        keep = _common_prefix(stack, wanted)
        for _ in range(len(stack) - keep):
            out.append("</span>")
        stack = stack[:keep]
        for m in wanted[keep:]:
            out.append(m.open_tag(fragment=id(m) in opened))
            opened.add(id(m))
            stack.append(m)
        out.append(str(escape(text[lo:hi])))
    out.append("</span>" * len(stack))
    return Markup("".join(out))


def _common_prefix(a: Sequence[Mark], b: Sequence[Mark]) -> int:
    k = 0
    while k < len(a) and k < len(b) and a[k] is b[k]:
        k += 1
    return k
