"""Two words that are one word written differently: spelling variants and respelled names.

* :func:`spelling_variant` — British and American spellings and the like ("labour" /
  "labor", "centre" / "center"): the same word, never a substitute for it;
* :func:`respelled` — a name one or two letters away from another ("Halink" /
  "Hallink", "Demirtas" / "Demirtaş"), as a round trip through machine translation or
  retyping leaves it.
"""

from __future__ import annotations

from rapidfuzz.distance import OSA, Levenshtein


def spelling_variant(a: str, b: str) -> bool:
    """British and American spellings and the like: "labour"/"labor", "centre"/"center",
    "organise"/"organize", "defence"/"defense", "travelled"/"traveled".

    One letter added or dropped, two neighbours swapped, or ``s``/``z``/``c`` exchanged;
    or the British endings "-mme" and "-gue" for "-m" and "-g" ("programme"/"program",
    "catalogue"/"catalog"); any other substitution makes a different word
    ("charge"/"change").
    """
    if min(len(a), len(b)) < 4 or a[:2] != b[:2] or a == b:
        return False
    short, long_ = sorted((a, b), key=len)
    if long_ in (short + "me", short + "ue") and short[-1] == ("m" if long_[-2] == "m" else "g"):
        return True
    if len(a) != len(b):
        return OSA.distance(a, b) == 1
    diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    if len(diffs) == 2 and diffs[1] == diffs[0] + 1:
        i = diffs[0]
        return a[i] == b[i + 1] and a[i + 1] == b[i]
    return len(diffs) == 1 and {a[diffs[0]], b[diffs[0]]} <= {"s", "z", "c"}


def respelled(a: str, b: str) -> bool:
    """Two different names (case ignored) with the same first letter, one letter apart
    (names of up to five letters) or two (longer ones)."""
    if a.casefold() == b.casefold() or a[:1].casefold() != b[:1].casefold():
        return False
    limit = 1 if min(len(a), len(b)) <= 5 else 2
    return Levenshtein.distance(a.casefold(), b.casefold()) <= limit
