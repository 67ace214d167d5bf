"""Word-by-word alignment of the two sides of a passage.

A Levenshtein alignment of the two word sequences (compared by stem, via
rapidfuzz) says how one side turns into the other: which words are kept, which are
replaced one for one (a spinner's substitutions), which are inserted or cut, and
whether the text was restructured (a translation or a rewrite). The substitution
table of the forensics stage is read off the same alignment.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

from wiretrace.normalize.prepare import PreparedDoc
from wiretrace.records import Span

MAX_SUBSTITUTION = 3
"""Longest phrase (in words) counted as one substitution ("artificial intelligence")."""


@dataclass(frozen=True, slots=True)
class Substitution:
    """Words ``a[a0:a1]`` stand where ``b[b0:b1]`` stood (token indices)."""

    a0: int
    a1: int
    b0: int
    b1: int


@dataclass(slots=True)
class TokenAlignment:
    """How the words of one side of a passage map onto the other's."""

    tokens_a: int
    tokens_b: int
    equal: int
    substitutions: list[Substitution] = field(default_factory=list)
    inserted: int = 0
    """Words of ``a`` with no counterpart in ``b``."""
    deleted: int = 0
    """Words of ``b`` with no counterpart in ``a``."""

    @property
    def substituted(self) -> int:
        """Words replaced in place (the longer side of each substitution)."""
        return sum(max(s.a1 - s.a0, s.b1 - s.b0) for s in self.substitutions)

    @property
    def parallel_share(self) -> float:
        """Share of the longer side that is kept or replaced in place (word for word)."""
        longest = max(self.tokens_a, self.tokens_b, 1)
        return min(1.0, (self.equal + self.substituted) / longest)

    @property
    def substitution_share(self) -> float:
        """Share of the kept-or-replaced words that were replaced."""
        kept_or_replaced = self.equal + self.substituted
        return self.substituted / kept_or_replaced if kept_or_replaced else 0.0


def _token_range(doc: PreparedDoc, span: Span) -> tuple[int, int]:
    first = doc.token_at(span[0])
    last = doc.token_at(span[1])
    return first, last


def align_tokens(a: PreparedDoc, span_a: Span, b: PreparedDoc, span_b: Span) -> TokenAlignment:
    """Align the words of ``a[span_a]`` with those of ``b[span_b]`` (boilerplate left out)."""
    a0, a1 = _token_range(a, span_a)
    b0, b1 = _token_range(b, span_b)
    idx_a = [t for t in range(a0, a1) if not a.boiler[t]]
    idx_b = [t for t in range(b0, b1) if not b.boiler[t]]
    seq_a = [a.stems[t] for t in idx_a]
    seq_b = [b.stems[t] for t in idx_b]
    out = TokenAlignment(tokens_a=len(seq_a), tokens_b=len(seq_b), equal=0)
    for op in Levenshtein.opcodes(seq_a, seq_b):
        la = op.src_end - op.src_start
        lb = op.dest_end - op.dest_start
        if op.tag == "equal":
            out.equal += la
        elif op.tag == "insert":
            out.deleted += lb
        elif op.tag == "delete":
            out.inserted += la
        elif la == lb <= MAX_SUBSTITUTION:
            # Spinners replace word by word: k words for k words are k substitutions,
            # joined again below where they form a fixed expression.
            for k in range(la):
                i, j = idx_a[op.src_start + k], idx_b[op.dest_start + k]
                out.substitutions.append(Substitution(i, i + 1, j, j + 1))
        elif la <= MAX_SUBSTITUTION and lb <= MAX_SUBSTITUTION:
            out.substitutions.append(
                Substitution(
                    idx_a[op.src_start], idx_a[op.src_end - 1] + 1,
                    idx_b[op.dest_start], idx_b[op.dest_end - 1] + 1,
                )
            )
        else:  # a rewritten stretch, not a substitution
            out.inserted += la
            out.deleted += lb
    return out
