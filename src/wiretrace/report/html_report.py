"""The HTML report: one self-contained file (inline CSS, JS and SVG, no network) that
shows a ``wiretrace.report/1`` report to a person. A report with more pairs than one
page should carry (500 side-by-side views by default) is written by :func:`write_html`
as that page plus a folder beside it with one page per further pair.

:func:`render_html` takes the report dict built with the documents' texts
(``include_text=True``); without texts it still renders everything but the
side-by-side views. Jinja2 autoescaping is on, and article text only reaches the page
through :func:`wiretrace.report.highlight.highlight`, which escapes every segment, so
markup inside an article shows as text.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from wiretrace.report.html_view import SIGNALS, SUPPORT_NOTES, ReportView, build_view, fill_sides
from wiretrace.report.json_report import without_text

RELATION_HELP = (
    "duplicate: the same article · copy: reused word for word or nearly · spun: words "
    "replaced by synonyms · translated: rebuilt by machine translation · paraphrase: "
    "rewritten, keeping the facts · same-story: no shared text, same event."
)

BASIS = {
    "date": "dated earlier",
    "archived-first": "it was in the archive first",
    "unknown": "undecided",
}


def _pct(value: Any) -> str:
    try:
        return f"{float(value) * 100:.0f}%"
    except (TypeError, ValueError):
        return "–"


def _num(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return f"{value:,}"


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The Jinja2 environment of the report templates (autoescape on everywhere)."""
    env = Environment(
        loader=PackageLoader("wiretrace.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["pct"] = _pct
    env.filters["num"] = _num
    env.globals["signal_label"] = lambda s: SIGNALS.get(str(s), str(s))
    env.globals["basis_label"] = lambda b: BASIS.get(str(b), str(b))
    return env


def _headings(report: dict[str, Any]) -> tuple[str, str, str]:
    gen = report.get("generator") or {}
    docs = report.get("documents") or []
    pairs = report.get("pairs") or []
    archive = gen.get("archive")
    if gen.get("command") == "check" and isinstance(archive, dict):
        checked = archive.get("checked") or []
        titles = {d.get("id"): d.get("title") for d in docs}
        first = (titles.get(checked[0]) or checked[0]) if checked else "articles"
        if first == "submitted":  # the service's default id for pasted text
            first = "pasted article"
        heading = f"Check: {first}" + (f" and {len(checked) - 1} more" if len(checked) > 1
                                       else "")
        reused = len({d for p in pairs for d in (p.get("a"), p.get("b"))} - set(checked))
        sub = (f"{len(pairs)} reuse pair{'s' if len(pairs) != 1 else ''} with "
               f"{reused} of {_num(archive.get('documents', 0))} archived articles")
    elif gen.get("command") == "story" and isinstance(archive, dict):
        root = archive.get("story_of")
        titles = {d.get("id"): d.get("title") for d in docs}
        heading = f"Story of {titles.get(root) or root}"
        sub = (f"{len(docs)} archived articles · {len(pairs)} links"
               + ("" if archive.get("complete", True) else " · cut short at the limit"))
    elif gen.get("command") == "compare" and len(docs) == 2:
        heading = f"Compare: {docs[0].get('id')} ↔ {docs[1].get('id')}"
        sub = pairs[0].get("relation", "") if pairs else "no reused text found"
        sub = f"relation: {sub}" if pairs else sub
    else:
        heading = "Text-reuse report"
        n_stories = len(report.get("stories") or [])
        sub = (f"{len(docs)} documents · {len(pairs)} linked pairs · "
               f"{n_stories} stor{'ies' if n_stories != 1 else 'y'}")
    return heading, sub, f"wiretrace — {heading}"


def render_html(
    report: dict[str, Any],
    *,
    back_url: str | None = None,
    max_pair_views: int = 500,
    pair_pages: str | None = None,
) -> str:
    """The report as one self-contained HTML page.

    ``back_url``: a link back to a form (the web service's page). ``max_pair_views``:
    side-by-side views beyond this many pairs are left out (the table lists them all),
    or, with ``pair_pages``, linked to ``<pair_pages>/pair-K.html`` (see
    :func:`write_html`).
    """
    view = build_view(report, max_pair_views=max_pair_views, pair_pages=pair_pages)
    return _render_page(report, view, back_url)


def _render_page(report: dict[str, Any], view: ReportView, back_url: str | None) -> str:
    heading, sub, title = _headings(report)
    template = environment().get_template("report.html.j2")
    return template.render(
        report=report,
        view=view,
        gen=report.get("generator") or {},
        heading=heading,
        subheading=sub,
        page_title=title,
        back_url=back_url,
        relation_help=RELATION_HELP,
        support_notes=SUPPORT_NOTES,
    )


def pair_folder(path: str | Path) -> Path:
    """The folder :func:`write_html` puts per-pair pages in: ``report.html`` →
    ``report_pairs/`` beside it."""
    path = Path(path)
    return path.with_name(f"{path.stem}_pairs")


def write_html(report: dict[str, Any], path: str | Path, max_pair_views: int = 500) -> int:
    """Write the report page to ``path`` (UTF-8); returns how many pair pages were written.

    Up to ``max_pair_views`` pairs, everything is on the one page. With more, the first
    ``max_pair_views`` side-by-side views stay on the page and every further pair gets a
    page of its own in :func:`pair_folder` (linked from the pairs table and the story
    graphs, linking back to the report). Pair pages left there by an earlier run are
    removed first, so none describes another report.
    """
    path = Path(path)
    folder = pair_folder(path)
    view = build_view(report, max_pair_views=max_pair_views, pair_pages=folder.name)
    path.write_text(_render_page(report, view, None), "utf-8")
    if folder.is_dir():
        for old in folder.glob("pair-*.html"):
            old.unlink()
    later = view.pairs[view.shown_pairs:]
    if not later:
        return 0
    folder.mkdir(exist_ok=True)
    template = environment().get_template("pair_page.html.j2")
    heading = _headings(report)[0]
    for pv in later:
        fill_sides(pv)
        (folder / f"{pv.anchor}.html").write_text(template.render(
            report=report, gen=report.get("generator") or {}, pv=pv, total=len(view.pairs),
            heading=heading, doc_base=f"../{path.name}", support_notes=SUPPORT_NOTES), "utf-8")
        pv.html_a = pv.html_b = None  # one pair's marked-up texts in memory at a time
    return len(later)


__all__ = ["environment", "pair_folder", "render_html", "without_text", "write_html"]
