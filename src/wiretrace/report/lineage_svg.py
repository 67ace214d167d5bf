"""A story's lineage as an SVG graph, drawn server-side (every label escaped).

Documents are boxes laid out as a tree from left to right: a document sits one column to
the right of its closest source (the story's ``lineage``), documents without a known
source in the first column. Derivation edges run source → derived, coloured and
labelled by relation and similarity. Other pairs whose direction is known are thin
arrows, undecided ones plain grey lines, same-story links dashed; boxes in one column are
joined by arcs on their left. The origin has a gold frame and an "ORIGIN" tag.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

if TYPE_CHECKING:
    from wiretrace.report.views import DocView, PairView

W, H, ROW, GAP, PAD, TOP = 212, 46, 64, 150, 16, 26

COLOURS = {
    "duplicate": "#475569",
    "copy": "#2563eb",
    "spun": "#ea580c",
    "translated": "#7c3aed",
    "paraphrase": "#0d9488",
    "same-story": "#94a3b8",
}
OTHER = "#a8b3c4"


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _layout(members: Sequence[str], parent: Mapping[str, str]) -> dict[str, tuple[int, float]]:
    """(column, row) of every member: a tidy tree, leaves on successive rows."""
    kids: dict[str, list[str]] = {m: [] for m in members}
    for child, src in parent.items():
        kids[src].append(child)
    pos: dict[str, tuple[int, float]] = {}
    next_row = 0.0

    def place(node: str, depth: int, seen: frozenset[str]) -> float:
        nonlocal next_row
        children = [c for c in kids[node] if c not in seen and c not in pos]
        rows = [place(c, depth + 1, seen | {node}) for c in children]
        if rows:
            row = (rows[0] + rows[-1]) / 2
        else:
            row = next_row
            next_row += 1
        pos[node] = (depth, row)
        return row

    for m in members:
        if m not in parent and m not in pos:
            place(m, 0, frozenset())
    for m in members:  # members only reachable through a cycle (never in a real report)
        if m not in pos:
            place(m, 0, frozenset())
    return pos


def _marker_id(prefix: str, colour: str) -> str:
    return f"{prefix}-{colour.lstrip('#')}"


Point = tuple[float, float]


def _bezier(p0: Point, p1: Point, p2: Point, p3: Point, t: float) -> Point:
    u = 1 - t
    x = u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0]
    y = u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1]
    return x, y


def _bend(rows: float) -> float:
    return 34 + 20 * rows


def _edge(src: Point, dst: Point, same_column: bool, t_label: float) -> tuple[str, Point]:
    """Path from box ``src`` to box ``dst`` (top-left corners) and a label position.

    Boxes in one column are joined by an arc on their left; otherwise the curve runs
    from the facing sides (an arrowhead at ``dst`` points into the box)."""
    (x0, y0), (x1, y1) = src, dst
    y0, y1 = y0 + H / 2, y1 + H / 2
    if same_column:
        bend = _bend(abs(y1 - y0) / ROW)
        pts = ((x0, y0), (x0 - bend, y0), (x1 - bend, y1), (x1 - 2, y1))
        t_label = 0.5
    elif x0 < x1:
        mx = (x0 + W + x1) / 2
        pts = ((x0 + W, y0), (mx, y0), (mx, y1), (x1 - 2, y1))
    else:
        mx = (x0 + x1 + W) / 2
        pts = ((x0, y0), (mx, y0), (mx, y1), (x1 + W + 2, y1))
    (a, b, c, d) = pts
    path = (f"M{a[0]:.1f},{a[1]:.1f} C{b[0]:.1f},{b[1]:.1f} {c[0]:.1f},{c[1]:.1f} "
            f"{d[0]:.1f},{d[1]:.1f}")
    return path, _bezier(a, b, c, d, t_label)


def _label_width(text: str) -> float:
    return 8 + len(text) * 6.1


Box = tuple[float, float, float, float]  # x0, y0, x1, y1


def _free_spot(x: float, y: float, width: float, placed: list[Box]) -> float:
    """The y nearest to ``y`` where a label centred at ``x`` overlaps no placed label."""
    for dy in (0, 20, -20, 40, -40, 60, -60, 80, -80):
        box = (x - width / 2 - 3, y + dy - 10, x + width / 2 + 3, y + dy + 10)
        if all(box[2] <= b[0] or b[2] <= box[0] or box[3] <= b[1] or b[3] <= box[1]
               for b in placed):
            placed.append(box)
            return y + dy
    return y


def _label(x: float, y: float, text: str, colour: str) -> str:
    width = _label_width(text)
    return (f'<rect class="elabel-bg" x="{x - width / 2:.1f}" y="{y - 9:.1f}" '
            f'width="{width:.1f}" height="18" rx="9" fill="#fff" stroke="{colour}" '
            f'stroke-opacity="0.5"/>'
            f'<text class="elabel" x="{x:.1f}" y="{y + 4:.1f}" text-anchor="middle" '
            f'fill="{colour}">{escape(text)}</text>')


def story_svg(
    story: Mapping[str, Any], docs: Mapping[str, DocView], pairs: Sequence[PairView]
) -> Markup:
    """The lineage graph of one story (``stories[]`` entry) as inline SVG markup."""
    members = [m for m in story.get("documents") or [] if m in docs]
    if not members:
        return Markup("")
    member_set = set(members)
    parent: dict[str, str] = {}
    for row in story.get("lineage") or []:
        src, doc = row.get("source"), row.get("document")
        if src in member_set and doc in member_set and src != doc:
            parent[str(doc)] = str(src)
    pos = _layout(members, parent)
    edges = [pv for pv in pairs if pv.a.id in pos and pv.b.id in pos]
    same_col = [abs(pos[pv.a.id][1] - pos[pv.b.id][1]) for pv in edges
                if pos[pv.a.id][0] == pos[pv.b.id][0]]
    left = PAD + (0.75 * _bend(max(same_col)) + 44 if same_col else 0)
    xy = {m: (left + c * (W + GAP), TOP + r * ROW) for m, (c, r) in pos.items()}
    width = left + PAD + (max(c for c, _r in pos.values()) + 1) * (W + GAP) - GAP
    height = TOP + (max(r for _c, r in pos.values()) + 1) * ROW - (ROW - H) + PAD
    prefix = "arr-" + re.sub(r"[^A-Za-z0-9_-]", "_", str(story.get("id", "s")))
    origin = story.get("origin")

    out: list[str] = [
        f'<svg class="lineage" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} '
        f'{height:.0f}" width="{width:.0f}" height="{height:.0f}" role="img" '
        f'aria-label="{escape("Lineage of " + str(story.get("id", "")))}"><defs>'
    ]
    for colour in sorted({*COLOURS.values(), OTHER}):
        out.append(f'<marker id="{_marker_id(prefix, colour)}" viewBox="0 0 10 10" refX="9" '
                   f'refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
                   f'<path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>')
    out.append("</defs>")

    labels: list[tuple[int, float, float, str, str]] = []
    label_all = len(edges) <= 14
    for pv in edges:
        a, b = pv.a.id, pv.b.id
        relation = pv.relation
        sim = float(pv.data.get("similarity", 0))
        if parent.get(b) == a or parent.get(a) == b:
            kind = "lineage"
            src, dst = (a, b) if parent.get(b) == a else (b, a)
        elif pv.source in (a, b) and relation != "same-story":
            kind = "directed"
            src, dst = (a, b) if pv.source == a else (b, a)
        else:
            kind = "same-story" if relation == "same-story" else "undirected"
            src, dst = a, b
        colour = COLOURS.get(relation, OTHER) if kind in ("lineage", "directed") else (
            COLOURS["same-story"] if kind == "same-story" else OTHER)
        same = pos[src][0] == pos[dst][0]
        d, (lx, ly) = _edge(xy[src], xy[dst], same, 0.5 if kind == "lineage" else 0.3)
        arrow = f' marker-end="url(#{_marker_id(prefix, colour)})"'
        style = {
            "lineage": f'stroke="{colour}" stroke-width="2.4"{arrow}',
            "directed": f'stroke="{colour}" stroke-width="1.4" stroke-opacity="0.6"{arrow}',
            "same-story": f'stroke="{colour}" stroke-width="1.6" stroke-dasharray="6 5"',
            "undirected": f'stroke="{colour}" stroke-width="1.4"',
        }[kind]
        arrow_text = "→" if kind in ("lineage", "directed") else "↔"
        tip = f"{src} {arrow_text} {dst}: {relation}, similarity {sim:.0%}"
        if kind == "lineage":
            tip += " (closest source)"
        out.append(f'<a href="{escape(pv.href)}" class="edge {kind}" data-relation="'
                   f'{escape(relation)}"><title>{escape(tip)}</title><path d="{d}" '
                   f'fill="none" {style}/></a>')
        if kind == "lineage" or label_all:
            text = "same story" if kind == "same-story" else f"{relation} · {sim:.0%}"
            labels.append((0 if kind == "lineage" else 1, lx, ly, text, colour))
    placed: list[Box] = []
    for _rank, lx, ly, text, colour in sorted(labels, key=lambda t: t[0]):
        out.append(_label(lx, _free_spot(lx, ly, _label_width(text), placed), text, colour))

    for m in members:
        x, y = xy[m]
        doc = docs[m]
        is_origin = m == origin
        sub = doc.data.get("title") or doc.data.get("outlet") or doc.data.get("date") or ""
        css = "node origin" if is_origin else "node"
        if doc.checked:
            css += " checked"
        tip = m + (f" — {doc.data.get('title')}" if doc.data.get("title") else "")
        out.append(
            f'<a href="#{doc.anchor}" class="{css}" data-doc="{escape(m)}">'
            f"<title>{escape(tip)}</title>"
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{W}" height="{H}" rx="8"/>'
            f'<text class="nid" x="{x + 12:.1f}" y="{y + 19:.1f}">{escape(_short(m, 27))}</text>'
            f'<text class="nsub" x="{x + 12:.1f}" y="{y + 35:.1f}">'
            f"{escape(_short(str(sub), 33))}</text>"
        )
        if is_origin or doc.checked:
            tag, tw = ("ORIGIN", 52) if is_origin else ("CHECKED", 64)
            css_tag = "tag" if is_origin else "tag ctag"
            out.append(f'<rect class="{css_tag}" x="{x + 10:.1f}" y="{y - 9:.1f}" width="{tw}" '
                       f'height="16" rx="8"/><text class="tagt" x="{x + 10 + tw / 2:.1f}" '
                       f'y="{y + 3:.1f}" text-anchor="middle">{tag}</text>')
        out.append("</a>")
    out.append("</svg>")
    return Markup("".join(out))
