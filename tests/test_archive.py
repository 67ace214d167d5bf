"""The persistent archive: ``wiretrace index add|stats|remove`` and ``wiretrace check``."""

from __future__ import annotations

import gzip
import itertools
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from archive_texts import make_articles, write_articles
from wiretrace.archive import Archive, ArchiveError, CheckResult, WeightMemo, check_documents
from wiretrace.archive import candidates as archive_candidates
from wiretrace.archive import schema as archive_schema
from wiretrace.archive.candidates import (
    CorpusView,
    exact_totals,
    remember_sums,
    remembered_totals,
)
from wiretrace.archive.keys import hash_features
from wiretrace.candidates import candidate_pairs, doc_features, document_features
from wiretrace.cli import main
from wiretrace.ingest import read_paths
from wiretrace.normalize import unpacked
from wiretrace.pipeline import prepare_corpus, scan_documents
from wiretrace.records import Document
from wiretrace.report.json_report import validate_report
from wiretrace.settings import Settings
from wiretrace.stories import Link

WIRE, REPRINT, SPUN, FOLDED = "wire-original", "reprint-trimmed", "spun-copy", "folded-report"
FAST = Settings().replace(**{"forensics.enabled": False})
"""For the generated corpora: their pairs need no forensics and it is the slow part."""
UNRELATED, SAME_TOPIC = "unrelated", "same-topic-different-story"


@pytest.fixture(scope="module")
def demo_docs() -> dict[str, Document]:
    corpus = resources.files("wiretrace.demo").joinpath("corpus")
    with resources.as_file(corpus) as folder:
        docs = read_paths(sorted(Path(folder).glob("*.txt"))).documents
    return {d.id: d for d in docs}


def demo_folder(tmp_path: Path, docs: dict[str, Document], ids: list[str], name: str) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    for i in ids:
        (folder / f"{i}.txt").write_text(docs[i].text, encoding="utf-8")
    return folder


def pair_key(p: Link) -> tuple:
    passages = [(q.a, q.b, q.kind, round(q.score, 4)) for q in getattr(p, "passages", ())]
    return p.a, p.b, json.dumps(passages), p.relation


def assert_check_equals_scan(archive: Archive, new: list[Document],
                             settings: Settings | None = None) -> None:
    """Check ``new`` against the archive and scan (archive + new) in that order: the pairs
    involving a new article, and the candidate pairs, must be the same."""
    settings = archive.settings_for(settings or Settings())
    result = check_documents(archive, new, settings)
    new_ids = {d.id for d in new}
    corpus = [d for d in archive.documents() if d.id not in new_ids] + new
    scan = scan_documents(corpus, settings)
    expected = sorted(pair_key(p) for p in scan.pairs if {p.a, p.b} & new_ids)
    assert sorted(pair_key(p) for p in result.pairs) == expected
    prepared = prepare_corpus(corpus, settings)
    features = [doc_features(p) for p in prepared]
    scan_candidates = sorted(
        tuple(sorted((prepared[c.a].id, prepared[c.b].id)))
        for c in candidate_pairs(features, settings.candidates)
        if {prepared[c.a].id, prepared[c.b].id} & new_ids
    )
    assert sorted(tuple(sorted(c)) for c in result.candidates) == scan_candidates


def assert_features_match_scan(archive: Archive) -> None:
    """Every archived article's stored postings are the features a scan of the archive
    computes for it (repeated-line boilerplate included), and the prepared form the
    archive keeps of it is the one that scan prepares."""
    docs = list(archive.documents())
    prepared = prepare_corpus(docs, archive.settings_for(Settings()))
    numbers = archive.numbers(d.id for d in docs)
    kept = archive.prepared_of(archive.load(numbers.values()))
    assert set(kept) == set(numbers.values())
    for p in prepared:
        assert sorted(archive.features_of(numbers[p.id])) == hash_features(document_features(p))
        assert unpacked(kept[numbers[p.id]]) == p


def dump(db: Path) -> dict[str, list]:
    """The archive's content, independent of internal numbering and bookkeeping."""
    conn = sqlite3.connect(db)
    try:
        return {
            "documents": conn.execute(
                "SELECT id, hash, text, path, title, date, author, outlet, url, chars, "
                "n_features FROM documents ORDER BY id").fetchall(),
            "features": conn.execute("SELECT id, df FROM features ORDER BY id").fetchall(),
            "postings": conn.execute(
                "SELECT p.feature, d.id FROM postings p JOIN documents d ON d.doc = p.doc "
                "ORDER BY 1, 2").fetchall(),
            "line_keys": conn.execute("SELECT key, docs FROM line_keys ORDER BY key").fetchall(),
            "line_docs": conn.execute(
                "SELECT l.key, d.id FROM line_docs l JOIN documents d ON d.doc = l.doc "
                "ORDER BY 1, 2").fetchall(),
        }
    finally:
        conn.close()


# --- index add / stats / remove ------------------------------------------------------


def test_add_is_idempotent(tmp_path: Path, demo_docs: dict[str, Document]) -> None:
    db = tmp_path / "a.db"
    with Archive.open(db, create=True) as archive:
        first = archive.add(list(demo_docs.values()))
        assert sorted(first.added) == sorted(demo_docs)
        before = dump(db)
        again = archive.add(list(demo_docs.values()))
        assert again.added == again.replaced == []
        assert sorted(again.unchanged) == sorted(demo_docs)
        assert archive.verify() == []
    assert dump(db) == before
    # The same articles read from a copy of the folder (other paths) are unchanged too.
    copy = demo_folder(tmp_path, demo_docs, sorted(demo_docs), "copy")
    assert main(["index", "add", str(db), str(copy), "-q", "-j", "1"]) == 0
    assert dump(db)["features"] == before["features"]


def test_index_add_reports_bad_files_like_scan(tmp_path: Path, demo_docs: dict[str, Document],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    folder = demo_folder(tmp_path, demo_docs, [WIRE, REPRINT], "in")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "cut.txt.gz").write_bytes(gzip.compress("Café au lait in München.\n".encode())[:20])
    (folder / "feed.jsonl").write_text('{"id": "j1", "text": "One line of text."}\n{"id": \n',
                                       encoding="utf-8")
    db = tmp_path / "a.db"
    code, err = run_cli(["index", "add", str(db), str(folder), "-j", "1"], capsys)
    assert code == 0
    assert "empty.txt" in err and "cut.txt.gz" in err and "feed.jsonl:2" in err
    code, err = run_cli(["index", "add", str(db), str(folder), "--strict"], capsys)
    assert code == 1
    with Archive.open(db) as archive:
        assert sorted(archive.ids()) == sorted([WIRE, REPRINT, "j1"])


def test_changed_article_replaces_the_old_one(tmp_path: Path,
                                              demo_docs: dict[str, Document]) -> None:
    with Archive.open(tmp_path / "a.db", create=True) as archive:
        archive.add(list(demo_docs.values()))
        old_features = set(archive.features_of(archive.numbers([WIRE])[WIRE]))
        wire = demo_docs[WIRE]
        changed = Document(WIRE, wire.text.replace("Rotterdam", "Antwerp"), wire.path, "New title")
        result = archive.add([changed])
        assert result.replaced == [WIRE] and result.added == []
        assert archive.count() == len(demo_docs)
        stored = archive.get(WIRE)
        assert stored is not None and stored.text == changed.text
        assert stored.title == "New title"
        new_features = set(archive.features_of(archive.numbers([WIRE])[WIRE]))
        assert new_features != old_features
        assert archive.verify() == []
        assert_features_match_scan(archive)
        # A feature only the old version had is gone from the index.
        gone = old_features - new_features
        others = set().union(*(archive.features_of(n) for n in archive.numbers(
            [d for d in demo_docs if d != WIRE]).values()))
        assert archive.feature_df(gone - others) == {}


def test_remove(tmp_path: Path, demo_docs: dict[str, Document],
                capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "a.db"
    with Archive.open(db, create=True) as archive:
        archive.add(list(demo_docs.values()))
    code = main(["index", "remove", str(db), UNRELATED, "no-such-article", SPUN])
    captured = capsys.readouterr()
    assert code == 1
    assert "no article 'no-such-article'" in captured.err and "Traceback" not in captured.err
    with Archive.open(db) as archive:
        assert sorted(archive.ids()) == sorted(set(demo_docs) - {UNRELATED, SPUN})
        assert archive.verify() == []
        assert_features_match_scan(archive)
        removed, unknown = archive.remove([WIRE, WIRE, "x"])
        assert removed == [WIRE] and unknown == ["x"]
        assert archive.get(WIRE) is None


def test_stats(tmp_path: Path, demo_docs: dict[str, Document],
               capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "a.db"
    docs = list(demo_docs.values())
    docs[0] = Document(docs[0].id, docs[0].text, date="2026-03-12")
    docs[1] = Document(docs[1].id, docs[1].text, date="2026-03-14")
    with Archive.open(db, create=True) as archive:
        archive.add(docs)
    assert main(["index", "stats", str(db), "--json", "--verify"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["documents"] == len(docs)
    assert stats["schema_version"] == archive_schema.SCHEMA_VERSION
    assert stats["features"] > 0 and stats["postings"] >= stats["features"]
    assert stats["bytes_on_disk"] > 0
    assert stats["bytes_per_document"] == round(stats["bytes_on_disk"] / len(docs))
    assert stats["date_range"] == ["2026-03-12", "2026-03-14"]
    assert stats["verify"] == "ok"
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM postings").fetchone()[0] == stats["postings"]
    conn.close()
    assert main(["index", "stats", str(db)]) == 0
    out = capsys.readouterr().out
    for label in ("documents", "features", "postings", "size on disk", "per article",
                  "date range", "schema version"):
        assert label in out


def test_repeated_lines_across_adds_and_removes(tmp_path: Path) -> None:
    """A short line becomes boilerplate when the third article carrying it arrives (and
    stops being when one goes): the articles carrying it are re-indexed."""
    footer = "Greywater Bugle late desk"
    texts = [a.text for a in make_articles(4, seed=21, reuse_every=0)]
    docs = [Document(f"d{k}", t + footer + "\n") for k, t in enumerate(texts)]
    with Archive.open(tmp_path / "a.db", create=True) as archive:
        archive.add(docs[:2])
        assert archive.stats()["repeated_lines"] == 0
        result = archive.add(docs[2:3])
        assert result.refeaturized == 2
        assert archive.stats()["repeated_lines"] == 1
        assert_features_match_scan(archive)
        archive.remove(["d0"])
        assert archive.stats()["repeated_lines"] == 0
        assert_features_match_scan(archive)
        assert archive.verify() == []


# --- check --------------------------------------------------------------------------


def test_check_finds_reprint_and_spun_copy(tmp_path: Path, demo_docs: dict[str, Document],
                                           capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "a.db"
    archived = demo_folder(tmp_path, demo_docs, [WIRE, UNRELATED, SAME_TOPIC], "archive")
    new = demo_folder(tmp_path, demo_docs, [REPRINT, SPUN], "new")
    assert main(["index", "add", str(db), str(archived), "-q"]) == 0
    out = tmp_path / "report.json"
    assert main(["check", str(db), str(new), "--json", str(out), "--include-text",
                 "-j", "1"]) == 0
    printed = capsys.readouterr().out
    assert "pairs with reuse" in printed and "Top passages" in printed
    report = json.loads(out.read_text(encoding="utf-8"))
    validate_report(report)
    assert report["generator"]["command"] == "check"
    assert [d["id"] for d in report["documents"]] == [WIRE, REPRINT, SPUN]
    assert all("text" in d and "boilerplate" in d for d in report["documents"])
    pairs = {(p["a"], p["b"]): p for p in report["pairs"]}
    # The two new articles are compared with each other too: the spun copy spun the
    # paragraphs the reprint carries.
    assert set(pairs) == {(WIRE, REPRINT), (WIRE, SPUN), (REPRINT, SPUN)}
    wire, reprint = demo_docs[WIRE].text, demo_docs[REPRINT].text
    # The reprint is W1–W4 and W6–W7 verbatim (README of the demo corpus).
    paragraphs = [p for p in wire.split("\n\n") if p.strip()]
    first = wire.index(paragraphs[2])
    w4_end = wire.index(paragraphs[5]) + len(paragraphs[5])
    w6 = wire.index(paragraphs[7])
    w7_end = wire.index(paragraphs[8]) + len(paragraphs[8])
    passages = pairs[(WIRE, REPRINT)]["passages"]
    assert len(passages) == 2
    # Passages are word-exact: an opening or closing quotation mark may stay outside.
    for p, (start, end) in zip(passages, [(first, w4_end), (w6, w7_end)], strict=True):
        assert abs(p["a"][0] - start) <= 1 and abs(p["a"][1] - end) <= 1
    for p in passages:
        assert p["kind"] == "verbatim"
        assert wire[p["a"][0]:p["a"][1]] == reprint[p["b"][0]:p["b"][1]]
    assert pairs[(WIRE, REPRINT)]["relation"] == "copy"
    assert pairs[(WIRE, SPUN)]["relation"] == "spun"
    assert pairs[(WIRE, SPUN)]["coverage"]["b"] > 0.9
    assert "source" in pairs[(WIRE, REPRINT)] and "direction_evidence" in pairs[(WIRE, REPRINT)]
    assert report["stats"]["archived_documents"] == 3
    assert report["stats"]["documents"] == 2
    # Nothing was added without --add.
    with Archive.open(db) as archive:
        assert archive.count() == 3


def test_check_add(tmp_path: Path, demo_docs: dict[str, Document]) -> None:
    db = tmp_path / "a.db"
    archived = demo_folder(tmp_path, demo_docs, [WIRE, SAME_TOPIC], "archive")
    # Unrelated filler, so that features of three articles stay under max_df_share.
    write_articles(archived / "filler", make_articles(8, seed=4, reuse_every=0))
    new = demo_folder(tmp_path, demo_docs, [FOLDED], "new")
    later = demo_folder(tmp_path, demo_docs, [SPUN], "later")
    assert main(["index", "add", str(db), str(archived), "-q"]) == 0
    out = tmp_path / "r1.json"
    assert main(["check", str(db), str(new), "--add", "--json", str(out), "-q"]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert [(p["a"], p["b"]) for p in report["pairs"]] == [(WIRE, FOLDED)]
    with Archive.open(db) as archive:
        assert {WIRE, SAME_TOPIC, FOLDED} <= set(archive.ids())
        assert archive.count() == 11
        assert archive.verify() == []
    # The added article is now found by later checks.
    out = tmp_path / "r2.json"
    assert main(["check", str(db), str(later), "--json", str(out), "-q"]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert {(p["a"], p["b"]) for p in report["pairs"]} == {(WIRE, SPUN), (FOLDED, SPUN)}


def test_check_dates_give_direction(tmp_path: Path, demo_docs: dict[str, Document]) -> None:
    wire, reprint = demo_docs[WIRE], demo_docs[REPRINT]
    with Archive.open(tmp_path / "a.db", create=True) as archive:
        archive.add([Document(REPRINT, reprint.text, date="2026-03-14")])
        result = check_documents(archive, [Document(WIRE, wire.text, date="2026-03-12")])
    (pair,) = [p for p in result.pairs if p.passages]
    assert (pair.a, pair.b) == (REPRINT, WIRE)
    assert pair.source == WIRE  # the earlier article, though checked after the archive
    assert any(v.signal == "date" for v in pair.direction.votes)


@pytest.mark.parametrize("n_archived", [4, 2])
def test_check_equals_scan_on_the_demo_corpus(tmp_path: Path, demo_docs: dict[str, Document],
                                              n_archived: int) -> None:
    """Index 4 demo files and check the other 2, and the other way round, for every split
    (forensics on for the first splits, off for the rest: it does not change the demo's
    pairs and is the slow part)."""
    ids = sorted(demo_docs)
    for k, archived in enumerate(itertools.combinations(ids, n_archived)):
        with Archive.open(tmp_path / f"a{k}.db", create=True) as archive:
            archive.add([demo_docs[i] for i in archived])
            new = [demo_docs[i] for i in ids if i not in archived]
            assert_check_equals_scan(archive, new, None if k < 3 else FAST)


def test_check_equals_scan_with_same_story_links(tmp_path: Path) -> None:
    """With the forensics stage, ``same-story`` pairs (shared names, no passage) are part of
    the result too; they use the archive's name frequencies, as a scan would."""
    docs = [Document(a.id, a.text) for a in make_articles(16, seed=11, reuse_every=0)]
    with Archive.open(tmp_path / "a.db", create=True) as archive:
        archive.add(docs[:12])
        result = check_documents(archive, docs[12:])
        assert any(p.relation == "same-story" for p in result.pairs)
        assert_check_equals_scan(archive, docs[12:])


def test_check_equals_scan_with_repeated_lines_and_rechecked_ids(tmp_path: Path) -> None:
    """Generated corpora: archives grown in several adds with replacements and removals,
    checks that tip short lines into (or out of) boilerplate and re-check archived ids."""
    docs = [Document(a.id, a.text) for a in make_articles(36, seed=11)]
    rnd = random.Random(2)
    for trial in range(8):
        order = docs[:]
        rnd.shuffle(order)
        k = rnd.randint(2, 9)
        archived, rest = order[:k], order[k:]
        with Archive.open(tmp_path / f"a{trial}.db", create=True) as archive:
            archive.add(archived[: k // 2 + 1], batch_size=rnd.randint(1, 3))
            archive.add(archived[k // 2 + 1:], batch_size=2)
            if trial % 2 and k > 3:
                archive.remove([archived[0].id])
            if trial % 3 == 0:
                x = archived[-1]
                archive.add([Document(x.id, x.text + "\nVeldmere Courier newsroom\n")])
            assert archive.verify() == []
            assert_features_match_scan(archive)
            new = rest[: rnd.randint(1, 4)]
            if trial % 2 == 0:
                y = rnd.choice(list(archive.documents()))
                new.append(Document(y.id, y.text + "\nHarrowgate Herald weekend edition\n"))
            assert_check_equals_scan(archive, new, FAST)


def test_check_equals_scan_on_a_larger_archive(tmp_path: Path) -> None:
    """More articles than max_df_share lets through: frequent features are skipped and
    archived partners' total weights are bounded or computed exactly."""
    docs = [Document(a.id, a.text) for a in make_articles(90, seed=3)]
    with Archive.open(tmp_path / "a.db", create=True) as archive:
        archive.add(docs[:80], batch_size=16)
        # Long checked articles make the archived partner the lighter one.
        long_new = Document("long", "\n\n".join(d.text for d in docs[80:84]))
        new = [*docs[84:], long_new]
        assert_check_equals_scan(archive, new, FAST)
        result = check_documents(archive, new, FAST)
        assert result.exact_totals > 0


def test_kept_weights_give_the_same_checks_and_follow_every_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A WeightMemo kept between checks (as the service keeps one) gives the candidates,
    pairs and exact-total counts of checks without it, reads each partner's postings
    once, and starts afresh after an add or a remove, by this or another connection."""
    docs = [Document(a.id, a.text) for a in make_articles(120, seed=8)]
    db = tmp_path / "a.db"
    memo = WeightMemo()
    used: list[int] = []
    real = archive_candidates.remembered_totals

    def counted(*args: object) -> dict[int, float]:
        out = real(*args)  # type: ignore[arg-type]
        used.append(len(out))
        return out

    monkeypatch.setattr(archive_candidates, "remembered_totals", counted)

    def same(archive: Archive, new: list[Document]) -> CheckResult:
        kept = check_documents(archive, new, FAST, weights=memo)
        alone = check_documents(archive, new, FAST)
        assert sorted(kept.candidates) == sorted(alone.candidates)
        assert sorted(pair_key(p) for p in kept.pairs) == sorted(
            pair_key(p) for p in alone.pairs)
        assert kept.exact_totals == alone.exact_totals
        return kept

    with Archive.open(db, create=True) as archive:
        archive.add(docs[:90], batch_size=30)
        long_new = Document("long", "\n\n".join(d.text for d in docs[90:94]))
        first = archive.state()
        assert same(archive, [long_new]).exact_totals > 0
        assert memo.state == first and memo.sums
        known = dict(memo.sums)
        for d in docs[94:100]:
            same(archive, [d, long_new])
        assert memo.sums.items() >= known.items()  # read once, then remembered
        assert sum(used) > 0 and memo.state == first
        assert memo.posted == sum(map(len, memo.posts.values())) > 0
        archive.add(docs[100:110])
        assert archive.state() != first
        same(archive, [long_new])
        assert memo.state == archive.state()
        archive.remove([docs[0].id])
        same(archive, [long_new])
    with Archive.open(db) as other:  # another connection's write changes the state too
        before = other.state()
        with Archive.open(db) as writer:
            writer.add(docs[110:])
        assert other.state() != before
        same(other, [long_new, docs[5]])


def test_an_open_archive_remembers_weights_between_its_checks(tmp_path: Path) -> None:
    """``Archive.check`` keeps its own WeightMemo: repeated checks on one open archive
    report what checks on freshly opened ones report, before and after a write."""
    docs = [Document(a.id, a.text) for a in make_articles(100, seed=8)]
    db = tmp_path / "a.db"
    long_new = Document("long", "\n\n".join(d.text for d in docs[90:94]))

    def fresh(new: list[Document]) -> list[tuple[str, ...]]:
        with Archive.open(db) as other:
            return sorted(pair_key(p) for p in other.check(new, FAST).pairs)

    with Archive.open(db, create=True) as archive:
        archive.add(docs[:80], batch_size=40)
        for new in ([long_new], [docs[95]], [long_new, docs[96]]):
            assert sorted(pair_key(p) for p in archive.check(new, FAST).pairs) == fresh(new)
        assert archive._weights is not None and archive._weights.sums
        archive.add(docs[80:90])
        assert sorted(pair_key(p) for p in archive.check([long_new], FAST).pairs) == fresh(
            [long_new])


def test_a_remembered_total_is_the_exact_total(tmp_path: Path) -> None:
    """What the memo's sums give for a partner equals its total summed from its
    postings, up to rounding far below the tie margin."""
    docs = [Document(a.id, a.text) for a in make_articles(60, seed=9)]
    with Archive.open(tmp_path / "a.db", create=True) as archive:
        archive.add(docs[:50])
        nums = sorted(archive.numbers([d.id for d in docs[:50]]).values())
        view = CorpusView(archive)
        checked = set(archive.features_of(nums[0])[:40]) | {12345}  # some shared, one new
        view.df_delta.update(checked)
        view.fetch_df(checked)
        rows = archive.posting_dfs(nums[1:])
        exact = exact_totals(rows, view.df_delta, 51)
        sums: dict[int, tuple[int, float]] = {}
        remember_sums(sums, rows)
        held = archive.postings_of(checked)
        remembered = remembered_totals(sums, set(nums[1:]), held,
                                       (np.zeros(0, np.int64), np.zeros(0, np.int64)), view, 51)
        assert remembered.keys() == exact.keys()
        for num, total in exact.items():
            assert abs(remembered[num] - total) <= 1e-12 * total


# --- crash consistency --------------------------------------------------------------


def test_killed_index_add_leaves_a_consistent_archive(tmp_path: Path) -> None:
    articles = make_articles(400, seed=5)
    folder = tmp_path / "in"
    write_articles(folder, articles)
    db = tmp_path / "killed.db"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")}
    command = [sys.executable, "-m", "wiretrace.cli", "index", "add", str(db), str(folder),
               "--batch", "8", "-j", "1", "-q"]
    proc = subprocess.Popen(command, stderr=subprocess.PIPE, env=env)
    seen = 0
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if db.exists():
                try:
                    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.2)
                    seen = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
                    conn.close()
                except sqlite3.Error:
                    seen = 0
                if seen >= 16:
                    break
            time.sleep(0.01)
        assert proc.poll() is None, "index add finished before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    with Archive.open(db) as archive:
        n = archive.count()
        assert 16 <= n < len(articles)
        assert n % 8 == 0  # whole batches of whole articles
        assert archive.verify() == []
        texts = {a.id: a.text for a in articles}
        for doc in archive.documents():
            assert doc.text == texts[doc.id]
        assert_features_match_scan(archive)
    # Re-running completes the archive, which then equals one built in one go.
    assert subprocess.run(command, env=env, capture_output=True).returncode == 0
    fresh = tmp_path / "fresh.db"
    assert main(["index", "add", str(fresh), str(folder), "-q", "-j", "1"]) == 0
    with Archive.open(db) as archive:
        assert archive.count() == len(articles)
        assert archive.verify() == []
    assert dump(db) == dump(fresh)


# --- errors -------------------------------------------------------------------------


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(args)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


def test_errors_are_one_line_messages(tmp_path: Path, demo_docs: dict[str, Document],
                                      capsys: pytest.CaptureFixture[str]) -> None:
    articles = demo_folder(tmp_path, demo_docs, [WIRE], "in")
    text_file = tmp_path / "notes.txt"
    text_file.write_text("This is not a database, just some notes.\n" * 50, encoding="utf-8")
    for args in (["index", "add", str(text_file), str(articles)],
                 ["index", "stats", str(text_file)],
                 ["check", str(text_file), str(articles)],
                 ["index", "remove", str(text_file), "x"]):
        code, err = run_cli(args, capsys)
        assert code == 1 and "not a wiretrace archive" in err, (args, err)
        assert err.count("\n") == 1
    code, err = run_cli(["check", str(tmp_path / "missing.db"), str(articles)], capsys)
    assert code == 1 and "no archive at" in err
    assert not (tmp_path / "missing.db").exists()
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    code, err = run_cli(["index", "stats", str(other)], capsys)
    assert code == 1 and "SQLite database but not a wiretrace archive" in err
    code, err = run_cli(["index", "add", str(tmp_path / "no" / "dir.db"), str(articles)],
                        capsys)
    assert code == 1 and "does not exist" in err


def test_a_truncated_archive_gives_one_clear_error(tmp_path: Path, demo_docs: dict[str, Document],
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    # A real archive cut in half (a copy that stopped part-way, a full disk): every
    # command that opens it says which file and what is wrong, in one line.
    articles = demo_folder(tmp_path, demo_docs, [WIRE, REPRINT, FOLDED], "in")
    db = tmp_path / "archive.db"
    assert run_cli(["index", "add", str(db), str(articles), "-q"], capsys)[0] == 0
    with open(db, "r+b") as f:
        f.truncate(db.stat().st_size // 2)
    probe = demo_folder(tmp_path, demo_docs, [SPUN], "probe")
    for args in (["index", "stats", str(db)], ["index", "stats", str(db), "--verify"],
                 ["check", str(db), str(probe), "-q"], ["index", "add", str(db), str(probe)],
                 ["index", "remove", str(db), WIRE]):
        code, err = run_cli(args, capsys)
        assert code == 1 and err.count("\n") == 1, (args, err)
        assert f"{db} is not a wiretrace archive (not an SQLite database, or damaged)" in err


def test_an_archive_of_schema_1_is_upgraded_and_checks_the_same(
        tmp_path: Path, demo_docs: dict[str, Document]) -> None:
    """An archive written before articles were kept prepared: opening it adds the table,
    its articles are prepared again when a check reads them, new ones are kept."""
    db = tmp_path / "old.db"
    archived = [demo_docs[i] for i in ("wire-original", "unrelated")]
    with Archive.open(db, create=True) as archive:
        archive.add(archived)
    conn = sqlite3.connect(db)
    conn.execute("DROP TABLE prepared")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with Archive.open(db) as archive:
        assert archive.stats()["schema_version"] == archive_schema.SCHEMA_VERSION
        assert archive.prepared_of(archive.load(archive.numbers(archive.ids()).values())) == {}
        assert archive.verify() == []
        assert_check_equals_scan(archive, [demo_docs["reprint-trimmed"]], FAST)
        archive.add([demo_docs["spun-copy"]])
        assert len(archive.prepared_of(archive.load(
            archive.numbers(archive.ids()).values()))) == 1


def test_newer_schema_version_is_refused(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "a.db"
    Archive.open(db, create=True).close()
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {archive_schema.SCHEMA_VERSION + 1}")
    conn.close()
    code, err = run_cli(["index", "stats", str(db)], capsys)
    assert code == 1 and "newer than this wiretrace understands" in err
    with pytest.raises(ArchiveError, match="upgrade wiretrace"):
        Archive.open(db)


def test_locked_archive(tmp_path: Path, demo_docs: dict[str, Document],
                        capsys: pytest.CaptureFixture[str],
                        monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "a.db"
    Archive.open(db, create=True).close()
    articles = demo_folder(tmp_path, demo_docs, [WIRE], "in")
    monkeypatch.setattr(archive_schema, "BUSY_TIMEOUT_S", 0.2)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        code, err = run_cli(["index", "add", str(db), str(articles), "-q"], capsys)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code == 1 and "locked by another process" in err


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="root can write to read-only files")
def test_read_only_archive(tmp_path: Path, demo_docs: dict[str, Document],
                           capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "a.db"
    with Archive.open(db, create=True) as archive:
        archive.add([demo_docs[WIRE]])
    articles = demo_folder(tmp_path, demo_docs, [REPRINT], "in")
    db.chmod(0o444)
    try:
        code, err = run_cli(["index", "add", str(db), str(articles), "-q"], capsys)
        assert code == 1 and "read-only" in err
    finally:
        db.chmod(0o644)


def test_cli_help_lists_the_archive_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "index" in out and "check" in out
    with pytest.raises(SystemExit):
        main(["index", "--help"])
    out = capsys.readouterr().out
    assert "add" in out and "stats" in out and "remove" in out


def test_writing_through_a_read_only_connection(tmp_path: Path,
                                                demo_docs: dict[str, Document]) -> None:
    db = tmp_path / "a.db"
    with Archive.open(db, create=True) as archive:
        archive.add([demo_docs[WIRE]])
    with Archive.open(db, readonly=True) as archive:
        assert archive.count() == 1
        result = check_documents(archive, [demo_docs[REPRINT]])
        assert [(p.a, p.b) for p in result.pairs if p.passages] == [(WIRE, REPRINT)]
        # Exact total weights read the postings: fine on a read-only connection.
        (num,) = archive.numbers([WIRE]).values()
        docs, feats, dfs = archive.posting_dfs([num])
        assert set(docs.tolist()) == {num}
        assert feats.tolist() == sorted(archive.features_of(num)) != []
        assert dfs.tolist() == [archive.feature_df([f])[f] for f in feats.tolist()]
        with pytest.raises(ArchiveError, match="read-only"):
            archive.add([demo_docs[REPRINT]])


def test_check_equals_scan_with_name_only_candidates(tmp_path: Path) -> None:
    """An independent report of the same event shares names and a quotation but little
    text: it is a candidate by its names alone, in a check as in a scan."""
    from test_forensics import FARM, INDEPENDENT, ORIGINAL, REPRINT

    with Archive.open(tmp_path / "a.db", create=True) as archive:
        archive.add([Document("wire", ORIGINAL, date="2026-05-03"),
                     Document("reprint", REPRINT, date="2026-05-04")])
        new = [Document("independent", INDEPENDENT, date="2026-05-04"),
               Document("farm", FARM, date="2026-05-05")]
        assert_check_equals_scan(archive, new)
        result = check_documents(archive, new, archive.settings_for(Settings()))
        assert any(p.relation == "same-story" for p in result.pairs)


def test_check_against_a_small_archive_links_no_article_by_common_names(
        tmp_path: Path, wordnet) -> None:
    """A small archive holds each name in few articles, so its document frequencies call
    every name distinctive: "Baltic Sea" and "Nord Stream" (a tanker damaging a Baltic
    cable) must still not tie a checked article to the archived Ukraine talks or gas
    transit stories, while two reports of one strike, sharing its people and its
    company, are linked, in the check as in a scan of the same articles."""
    from test_ordinary_news import NAME_SHARING, _documents
    from test_story_grouping import STRIKE, STRIKE_ELSEWHERE

    fixtures = {d.id: d for d in _documents()}
    archived = [fixtures[i] for i in NAME_SHARING if i != "baltic-cable"]
    archived.append(Document("strike", STRIKE, date="2026-05-13"))
    new = [fixtures["baltic-cable"], Document("day-two", STRIKE_ELSEWHERE, date="2026-05-14")]
    with Archive.open(tmp_path / "a.db", create=True) as archive:
        archive.add(archived)
        result = check_documents(archive, new, archive.settings_for(Settings()))
        linked = {frozenset((p.a, p.b)): p for p in result.pairs}
        for other in NAME_SHARING:
            pair = linked.get(frozenset(("baltic-cable", other)))
            assert pair is None, (other, getattr(pair, "shared_names", None))
        strike = linked[frozenset(("strike", "day-two"))]
        assert strike.relation == "same-story"
        assert set(strike.shared_names) == {"dean hartley", "yorkshire roadways"}
        assert_check_equals_scan(archive, new)


@pytest.mark.parametrize("change", ["replace", "remove"])
def test_check_reads_one_snapshot_while_another_process_writes(
    tmp_path: Path, demo_docs: dict[str, Document], change: str
) -> None:
    # A check reads the postings, then loads the partners it found. An `index add` that
    # replaces (or a `remove` that drops) a partner in between, from another connection,
    # must not make the check crash or mix two states of the archive: it sees the archive
    # as it was when it started.
    db = tmp_path / "a.db"
    with Archive.open(db, create=True) as archive:
        archive.add([demo_docs[WIRE], demo_docs[UNRELATED], demo_docs[SAME_TOPIC]])
    wire_text = demo_docs[WIRE].text

    def meanwhile(_n: int) -> None:
        with Archive.open(db) as writer:
            if change == "replace":
                writer.add([Document(WIRE, "A different article entirely.\n\n" + "\n\n".join(
                    demo_docs[UNRELATED].text.split("\n\n")[::-1]))])
            else:
                assert writer.remove([WIRE]) == ([WIRE], [])

    with Archive.open(db) as archive:
        result = check_documents(archive, [demo_docs[REPRINT]], jobs=1, mapper=None,
                                 on_candidates=meanwhile)
    partners = {d.id: d for d in result.partners}
    assert WIRE in partners and partners[WIRE].text == wire_text
    assert result.stats["archived_documents"] == 3
    # The write itself went through, and the next check sees it.
    with Archive.open(db) as archive:
        after = check_documents(archive, [demo_docs[REPRINT]], jobs=1)
    assert WIRE not in {d.id for d in after.partners}


def test_add_check_and_remove_at_once_leave_a_sound_archive(tmp_path: Path) -> None:
    # Three connections at work on one file, as an `index add`, a service answering
    # checks and a `remove` would be: no check crashes or sees half an article, writers
    # wait for each other, and the archive verifies afterwards with every article whole.
    db = tmp_path / "a.db"
    articles = [Document(a.id, a.text) for a in make_articles(90, seed=17, reuse_every=3)]
    with Archive.open(db, create=True) as archive:
        archive.add(articles[:30])
    errors: list[BaseException] = []
    checked: list[int] = []

    def adding() -> None:
        with Archive.open(db) as writer:
            for k in range(30, 90, 10):
                writer.add(articles[k : k + 10], batch_size=5)

    def removing() -> None:
        with Archive.open(db) as writer:
            for k in range(0, 20, 4):
                writer.remove([articles[k].id, articles[k + 1].id])
                time.sleep(0.01)

    def checking() -> None:
        with Archive.open(db) as reader:
            for k in range(8):
                result = check_documents(reader, [articles[60 + k]], jobs=1)
                for d in result.partners:
                    assert d.text == next(a.text for a in articles if a.id == d.id)
                checked.append(len(result.partners))

    def guarded(fn):
        def run() -> None:
            try:
                fn()
            except BaseException as exc:  # reported below, with the thread's traceback
                errors.append(exc)
        return run

    import threading

    threads = [threading.Thread(target=guarded(f)) for f in (adding, removing, checking)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    assert not errors, errors
    assert len(checked) == 8
    with Archive.open(db) as archive:
        assert archive.verify() == []
        removed = {articles[k + d].id for k in range(0, 20, 4) for d in (0, 1)}
        kept = [a for a in articles if a.id not in removed]
        assert archive.count() == len(kept)
        for a in kept:
            got = archive.get(a.id)
            assert got is not None and got.text == a.text


def test_a_damaged_kept_form_is_reported_and_the_text_prepared_again(
        tmp_path: Path, demo_docs: dict[str, Document]) -> None:
    db = tmp_path / "damaged.db"
    with Archive.open(db, create=True) as archive:
        archive.add([demo_docs[i] for i in ("wire-original", "unrelated")])
    conn = sqlite3.connect(db)
    conn.execute("UPDATE prepared SET blob = X'00112233' WHERE doc = "
                 "(SELECT doc FROM documents WHERE id = 'wire-original')")
    conn.commit()
    conn.close()
    with Archive.open(db) as archive:
        assert archive.verify() == ["document 'wire-original': its kept prepared form is "
                                    "unreadable (a check prepares it again)"]
        assert_check_equals_scan(archive, [demo_docs["reprint-trimmed"]], FAST)
