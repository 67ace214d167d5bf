"""Word-by-word alignment of the two sides of a passage.

A Levenshtein alignment of the two word sequences (compared by stem, via
rapidfuzz) says how one side turns into the other: which words are kept, which are
replaced one for one (a spinner's substitutions), which are inserted or cut, and
whether the text was restructured (a translation or a rewrite). The substitution
table of the forensics stage is read off the same alignment.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from wiretrace.normalize.prepare import PreparedDoc
from wiretrace.records import Span


@dataclass(frozen=True, slots=True)
class Substitution:
    """Words ``a[a0:a1]`` stand where ``b[b0:b1]`` stood (token indices)."""

    a0: int
    a1: int
    b0: int
    b1: int


@dataclass(frozen=True, slots=True)
class TokenAlignment:
    """How the words of one side of a passage map onto the other's."""

    tokens_a: int
    tokens_b: int
    equal: int
    substitutions: tuple[Substitution, ...] = ()
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


def align_tokens(
    a: PreparedDoc, span_a: Span, b: PreparedDoc, span_b: Span, max_substitution: int = 3
) -> TokenAlignment:
    """Align the words of ``a[span_a]`` with those of ``b[span_b]`` (boilerplate left out);
    a replacement of up to ``max_substitution`` words each side is one substitution."""
    a0, a1 = _token_range(a, span_a)
    b0, b1 = _token_range(b, span_b)
    idx_a = [t for t in range(a0, a1) if not a.boiler[t]]
    idx_b = [t for t in range(b0, b1) if not b.boiler[t]]
    seq_a = [a.stems[t] for t in idx_a]
    seq_b = [b.stems[t] for t in idx_b]
    equal = inserted = deleted = 0
    subs: list[Substitution] = []
    for op in Levenshtein.opcodes(seq_a, seq_b):
        la = op.src_end - op.src_start
        lb = op.dest_end - op.dest_start
        if op.tag == "equal":
            equal += la
        elif op.tag == "insert":
            deleted += lb
        elif op.tag == "delete":
            inserted += la
        elif la == lb <= max_substitution:
            # Spinners replace word by word: k words for k words are k substitutions,
            # joined again below where they form a fixed expression.
            for k in range(la):
                i, j = idx_a[op.src_start + k], idx_b[op.dest_start + k]
                subs.append(Substitution(i, i + 1, j, j + 1))
        elif la <= max_substitution and lb <= max_substitution:
            subs.append(
                Substitution(
                    idx_a[op.src_start], idx_a[op.src_end - 1] + 1,
                    idx_b[op.dest_start], idx_b[op.dest_end - 1] + 1,
                )
            )
        else:  # a rewritten stretch, not a substitution
            inserted += la
            deleted += lb
    return TokenAlignment(len(seq_a), len(seq_b), equal, tuple(subs), inserted, deleted)
