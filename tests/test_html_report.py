"""The HTML report: escaping, completeness, and that every highlight sits exactly on the
report's offsets (checked by parsing the page, not by searching strings)."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import lxml.html
import pytest

from report_samples import COPY, WIRE, sample_report
from wiretrace.cli import main
from wiretrace.ingest import read_paths
from wiretrace.pipeline import scan_documents
from wiretrace.report.highlight import Mark, highlight
from wiretrace.report.html_report import pair_folder, render_html, without_text, write_html
from wiretrace.report.json_report import validate_report
from wiretrace.report.model import Report
from wiretrace.settings import Settings

Tree = Any  # lxml.html.HtmlElement


def parse(html: str) -> Tree:
    return lxml.html.document_fromstring(html)


def has_class(cls: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')"


def passage_spans(tree: Tree, pair_index: int, side: str) -> list[Tree]:
    return tree.xpath(f"//*[@data-pair='{pair_index}']//div[{has_class('col')}]"
                      f"[@data-side='{side}']//span[{has_class('psg')}]")


def doc_texts(report: dict[str, Any]) -> dict[str, str]:
    return {d["id"]: d["text"] for d in report["documents"]}


def assert_passages_match(report: dict[str, Any], html: str) -> int:
    """Every pair's passages are highlighted on both sides at exactly the report's offsets,
    and the text inside each highlight is ``text[start:end]``. Returns the number checked."""
    tree = parse(html)
    texts = doc_texts(report)
    checked = 0
    for k, pair in enumerate(report["pairs"]):
        for side in ("a", "b"):
            text = texts[pair[side]]
            spans = passage_spans(tree, k, side)
            found = sorted((int(s.get("data-passage")), int(s.get("data-start")),
                            int(s.get("data-end"))) for s in spans)
            expected = sorted((i, p[side][0], p[side][1]) for i, p in enumerate(pair["passages"]))
            assert found == expected, (k, side)
            for s in spans:
                start, end = int(s.get("data-start")), int(s.get("data-end"))
                assert s.text_content() == text[start:end]
                assert s.get("data-frag") is None  # passages are never split
                checked += 1
    return checked


# --- highlighting ------------------------------------------------------------------------


def test_highlight_escapes_every_segment() -> None:
    text = "a <b>bold</b> & <script>x</script> end"
    out = str(highlight(text, [Mark(2, 13, 0, "psg")]))
    assert "<b>" not in out and "<script>" not in out
    assert "&lt;b&gt;bold&lt;/b&gt;" in out and "&amp;" in out
    tree = lxml.html.fragment_fromstring(f"<div>{out}</div>")
    assert tree.text_content() == text
    (span,) = tree.xpath("//span")
    assert span.text_content() == text[2:13]


def test_highlight_nested_and_overlapping() -> None:
    text = "0123456789abcdefghij"
    marks = [Mark(2, 12, 0, "outer", (("data-passage", "0"),)),
             Mark(4, 6, 2, "inner"),
             Mark(10, 16, 2, "cross"),  # crosses the end of the outer mark
             Mark(0, 3, 1, "early")]    # starts before the outer mark
    tree = lxml.html.fragment_fromstring(f"<div>{highlight(text, marks)}</div>")
    assert tree.text_content() == text
    (outer,) = tree.xpath("//span[@class='outer']")
    assert outer.text_content() == text[2:12]  # never split: lowest layer
    inner = tree.xpath("//span[@class='inner']")
    assert [s.text_content() for s in inner] == [text[4:6]]
    cross = tree.xpath("//span[@class='cross']")
    assert "".join(s.text_content() for s in cross) == text[10:16]
    assert len(cross) == 2 and cross[1].get("data-frag") == "1"
    assert all((s.get("data-start"), s.get("data-end")) == ("10", "16") for s in cross)
    early = tree.xpath("//span[@class='early']")
    assert "".join(s.text_content() for s in early) == text[0:3]


def test_highlight_drops_marks_outside_the_text() -> None:
    out = str(highlight("short", [Mark(3, 99, 0, "x"), Mark(4, 4, 0, "y"), Mark(-1, 2, 0, "z")]))
    assert out == "short"


def test_highlight_attribute_values_are_escaped() -> None:
    out = str(highlight("abc", [Mark(0, 3, 0, "x", (("title", '"><script>alert(1)</script>'),))]))
    tree = lxml.html.fragment_fromstring(f"<div>{out}</div>")
    assert not tree.xpath("//script")
    assert tree.xpath("//span")[0].get("title") == '"><script>alert(1)</script>'


# --- the report page ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample() -> dict[str, Any]:
    report = sample_report()
    validate_report(report)
    return report


@pytest.fixture(scope="module")
def sample_html(sample: dict[str, Any]) -> str:
    return render_html(sample)


def test_article_markup_shows_as_text(sample_html: str) -> None:
    tree = parse(sample_html)
    scripts = tree.xpath("//script")
    assert len(scripts) == 1  # the report's own
    assert "alert" not in scripts[0].text_content()
    assert not tree.xpath("//img") and not tree.xpath("//*[@onerror]")
    for text_box in tree.xpath(f"//div[{has_class('text')}]"):
        assert not text_box.xpath(".//b | .//i | .//script | .//img")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in sample_html
    assert "&lt;b&gt;Rotterdam&lt;/b&gt;" in sample_html
    boxes = tree.xpath(f"//div[{has_class('text')}][@data-doc='copy&paste']")
    assert boxes and all(b.text_content() == COPY for b in boxes)
    assert all(b.text_content() == WIRE
               for b in tree.xpath(f"//div[{has_class('text')}][@data-doc='wire <1>']"))
    # a javascript: URL is never turned into a link
    assert not tree.xpath("//a[starts-with(@href, 'javascript')]")


def test_page_is_self_contained(sample_html: str) -> None:
    tree = parse(sample_html)
    assert not tree.xpath("//link | //script[@src] | //img | //iframe")
    for attr in ("src", "href"):
        for el in tree.xpath(f"//*[@{attr}]"):
            assert el.get(attr).startswith("#"), el.get(attr)
    assert tree.xpath("//style")


def test_every_pair_is_in_the_page(sample: dict[str, Any], sample_html: str) -> None:
    tree = parse(sample_html)
    rows = tree.xpath("//table[@id='pairs-table']/tbody/tr")
    assert len(rows) == len(sample["pairs"])
    for k, pair in enumerate(sample["pairs"]):
        (view,) = tree.xpath(f"//article[@data-pair='{k}']")
        assert (view.get("data-a"), view.get("data-b")) == (pair["a"], pair["b"])
        assert view.xpath(f".//span[{has_class('badge')}]")[0].text_content() == pair["relation"]


def test_passage_offsets_equal_the_report(sample: dict[str, Any], sample_html: str) -> None:
    assert assert_passages_match(sample, sample_html) == 6


def test_substitutions_quotes_and_evidence_are_marked(sample: dict[str, Any],
                                                      sample_html: str) -> None:
    tree = parse(sample_html)
    pair = tree.xpath("//article[@data-pair='0']")[0]
    copy_col = pair.xpath(f".//div[{has_class('col')}][@data-side='b']")[0]
    wire_col = pair.xpath(f".//div[{has_class('col')}][@data-side='a']")[0]
    subs = {s.text_content(): s.get("title")
            for s in copy_col.xpath(f".//span[{has_class('sub')}]")}
    assert subs["instructed"].startswith("instructed ← told")
    assert subs["shall"].startswith("shall ← will")
    wire_subs = {s.text_content(): s.get("title")
                 for s in wire_col.xpath(f".//span[{has_class('sub')}]")}
    assert wire_subs["told"].startswith("told → instructed")
    quotes = copy_col.xpath(f".//span[{has_class('quote-alt')}]")
    assert quotes and "will → shall" not in quotes[0].get("title")
    assert "shall ← will" in quotes[0].get("title")
    # the tortured phrase crosses the end of passage 1: split, each fragment keeps its offsets
    tortured = copy_col.xpath(f".//span[{has_class('tortured')}]")
    start, end = sample["documents"][1]["spin"]["evidence"][0]["span"]
    assert "".join(t.text_content() for t in tortured) == COPY[start:end]
    assert {(t.get("data-start"), t.get("data-end")) for t in tortured} == {(str(start), str(end))}
    assert "told <members>" in tortured[0].get("title")
    traces = copy_col.xpath(f".//span[{has_class('trace')}]")
    assert [t.text_content() for t in traces] == ["cafés"]
    bp = wire_col.xpath(f".//span[{has_class('bp')}]")
    assert [b.text_content() for b in bp] == ["By Annelies Kroon", "© 2026 Meridian Wire"]


def test_direction_and_lineage_graph(sample_html: str) -> None:
    tree = parse(sample_html)
    verdict = tree.xpath("//article[@data-pair='0']//div[contains(@class, 'verdict')]")[0]
    assert "Likely source wire <1> → derived copy&paste" in " ".join(verdict.text_content().split())
    assert "2026-03-14 <earlier>" in verdict.text_content()
    svg = tree.xpath("//*[local-name()='svg'][contains(@class, 'lineage')]")[0]
    nodes = svg.xpath(".//*[local-name()='a'][contains(@class, 'node')]")
    assert sorted(n.get("data-doc") for n in nodes) == ["copy&paste", "other", "wire <1>"]
    origin = [n for n in nodes if "origin" in n.get("class")]
    assert [n.get("data-doc") for n in origin] == ["wire <1>"]
    assert "ORIGIN" in origin[0].text_content()
    edges = svg.xpath(".//*[local-name()='a'][contains(@class, 'edge')]")
    kinds = sorted((e.get("class"), e.get("data-relation")) for e in edges)
    assert kinds == [("edge lineage", "copy"), ("edge same-story", "same-story")]
    lineage_path = svg.xpath(".//*[local-name()='a'][@class='edge lineage']/*[local-name()='path']")
    assert lineage_path[0].get("marker-end")
    dashed = svg.xpath(".//*[local-name()='a'][@class='edge same-story']/*[local-name()='path']")
    assert dashed[0].get("stroke-dasharray")


def test_report_without_texts_still_renders(sample: dict[str, Any]) -> None:
    html = render_html(without_text(sample))
    tree = parse(html)
    assert len(tree.xpath("//article[@data-pair]")) == len(sample["pairs"])
    assert not tree.xpath(f"//span[{has_class('psg')}][@data-passage]")
    assert "--include-text" in html


def test_empty_report() -> None:
    report = Report("scan", Settings(), (), (), ()).to_dict(include_text=True)
    tree = parse(render_html(report))
    assert "No two documents share a passage" in tree.text_content()


# --- with the real pipeline --------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_report() -> dict[str, Any]:
    corpus = resources.files("wiretrace.demo").joinpath("corpus")
    with resources.as_file(corpus) as folder:
        docs = read_paths(sorted(Path(folder).glob("*.txt"))).documents
    result = scan_documents(docs)
    report = Report.of(
        "scan", Settings(), docs, result.pairs, result.stories, result.forensics,
        stats=result.stats, boilerplate={p.id: p.boilerplate for p in result.prepared},
    ).to_dict(include_text=True)
    validate_report(report)
    return report


def test_demo_report_offsets(demo_report: dict[str, Any]) -> None:
    html = render_html(demo_report)
    assert demo_report["pairs"]
    assert assert_passages_match(demo_report, html) == 2 * sum(
        len(p["passages"]) for p in demo_report["pairs"])
    tree = parse(html)
    texts = doc_texts(demo_report)
    # every substitution occurrence is marked on the derived side at its offsets
    for k, pair in enumerate(demo_report["pairs"]):
        derived = pair["a"] if pair.get("source") == pair["b"] else pair["b"]
        side = "a" if derived == pair["a"] else "b"
        marked = {(int(s.get("data-start")), int(s.get("data-end")))
                  for s in tree.xpath(f"//*[@data-pair='{k}']//div[{has_class('col')}]"
                                      f"[@data-side='{side}']//span[{has_class('sub')}]")}
        for entry in pair.get("substitutions", []):
            for occ in entry["occurrences"]:
                assert tuple(occ["derived"]) in marked
                start, end = occ["derived"]
                assert texts[derived][start:end]


def test_undecided_pairs_show_why(demo_report: dict[str, Any]) -> None:
    tree = parse(render_html(demo_report))
    notes = [(k, p["direction_note"]) for k, p in enumerate(demo_report["pairs"])
             if p.get("direction_note")]
    assert notes  # the demo has a pair whose votes cancel out
    for k, note in notes:
        (card,) = tree.xpath(f"//article[@data-pair='{k}']")
        assert note in card.text_content()


def test_pairs_beyond_the_page_get_pages_of_their_own(demo_report: dict[str, Any],
                                                     tmp_path: Path) -> None:
    pairs = demo_report["pairs"]
    assert len(pairs) >= 3
    path = tmp_path / "report.html"
    folder = tmp_path / "report_pairs"
    folder.mkdir()
    (folder / "pair-99.html").write_text("from an earlier run", "utf-8")

    assert write_html(demo_report, path, max_pair_views=1) == len(pairs) - 1
    assert pair_folder(path) == folder
    assert not (folder / "pair-99.html").exists()  # a stale page never survives
    page = parse(path.read_text("utf-8"))
    assert len(page.xpath("//article[@data-pair]")) == 1
    links = [a.get("href") for a in page.xpath("//table[@id='pairs-table']//a[@class='pairname']")]
    assert links == ["#pair-1"] + [f"report_pairs/pair-{k + 1}.html"
                                   for k in range(1, len(pairs))]
    assert "report_pairs/" in page.text_content()
    doc_anchors = {d.get("id") for d in page.xpath("//tr[starts-with(@id, 'doc-')]")}

    texts = doc_texts(demo_report)
    for k, pair in enumerate(pairs[1:], start=1):
        sub = parse((folder / f"pair-{k + 1}.html").read_text("utf-8"))
        assert [a.get("data-pair") for a in sub.xpath("//article")] == [str(k)]
        for side in ("a", "b"):
            spans = passage_spans(sub, k, side)
            assert sorted((int(s.get("data-start")), int(s.get("data-end"))) for s in spans) \
                == sorted(tuple(p[side]) for p in pair["passages"])
            for s in spans:
                assert s.text_content() == texts[pair[side]][int(s.get("data-start")):
                                                             int(s.get("data-end"))]
        assert sub.xpath("//a[@class='back']")[0].get("href") == "../report.html#pairs"
        for a in sub.xpath("//a[@class='id']"):
            base, _, anchor = a.get("href").partition("#")
            assert base == "../report.html" and anchor in doc_anchors

    # all on one page again: the pair pages of the earlier run go
    assert write_html(demo_report, path) == 0
    assert not list(folder.glob("pair-*.html"))
    assert len(parse(path.read_text("utf-8")).xpath("//article[@data-pair]")) == len(pairs)


def test_cli_writes_html(tmp_path: Path) -> None:
    corpus = resources.files("wiretrace.demo").joinpath("corpus")
    with resources.as_file(corpus) as folder:
        a, b = Path(folder) / "wire-original.txt", Path(folder) / "reprint-trimmed.txt"
        out, js = tmp_path / "r.html", tmp_path / "r.json"
        assert main(["compare", str(a), str(b), "--html", str(out), "--json", str(js),
                     "-q", "-j", "1"]) == 0
    report = json.loads(js.read_text("utf-8"))
    assert all("text" not in d for d in report["documents"])  # JSON without --include-text
    html = out.read_text("utf-8")
    assert html.startswith("<!DOCTYPE html>")
    tree = parse(html)
    assert len(tree.xpath(f"//span[{has_class('psg')}]")) >= 2 * len(report["pairs"][0]["passages"])
    texts = {p: Path(p).read_text("utf-8") for p in (str(a), str(b))}
    full = {d["id"]: texts[d["path"]] for d in report["documents"]}
    assert assert_passages_match({**report, "documents": [
        {**d, "text": full[d["id"]]} for d in report["documents"]]}, html) > 0


def test_cli_html_unwritable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = resources.files("wiretrace.demo").joinpath("corpus")
    with resources.as_file(corpus) as folder:
        a, b = Path(folder) / "wire-original.txt", Path(folder) / "reprint-trimmed.txt"
        code = main(["compare", str(a), str(b), "--html", str(tmp_path / "no" / "x.html"),
                     "-q", "-j", "1"])
    assert code == 1
    assert "cannot write HTML report" in capsys.readouterr().err


def test_check_cli_writes_html(tmp_path: Path) -> None:
    corpus = resources.files("wiretrace.demo").joinpath("corpus")
    with resources.as_file(corpus) as folder:
        wire, reprint = Path(folder) / "wire-original.txt", Path(folder) / "reprint-trimmed.txt"
        db, out = tmp_path / "a.db", tmp_path / "check.html"
        assert main(["index", "add", str(db), str(wire), "-q", "-j", "1"]) == 0
        assert main(["check", str(db), str(reprint), "--html", str(out), "-q", "-j", "1"]) == 0
        texts = {"wire-original": wire.read_text("utf-8"),
                 "reprint-trimmed": reprint.read_text("utf-8")}
    tree = parse(out.read_text("utf-8"))
    spans = tree.xpath(f"//div[{has_class('col')}]//span[{has_class('psg')}]")
    assert spans
    for s in spans:
        doc = s.xpath("ancestor::div[@data-side]")[0].get("data-doc")
        assert s.text_content() == texts[doc][int(s.get("data-start")):int(s.get("data-end"))]
    finding = tree.xpath(f"//div[{has_class('finding')}]")[0].text_content()
    assert "wire-original" in finding and "reprint-trimmed" in finding
