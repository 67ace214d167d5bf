"""Check new articles against an archive without rescanning it.

The result equals what a scan over the archive followed by the new articles reports
for the pairs that involve a new article (same pairs, passages, relations), because
the check rebuilds, from the database, exactly the quantities the scan's candidate
stage and boilerplate rule would compute over that combined corpus:

* **The combined corpus** is the archive (in archive order) without the articles
  whose ids are being checked, followed by the checked articles in the given order.
  An archived article is always pair side ``a``, a checked one side ``b``.
* **Repeated-line boilerplate**: the archive keeps the number of archived articles
  per short line; the check adds the checked articles' lines (and takes away the
  archived versions of re-checked ids). Archived articles carrying a line whose
  status this changes are re-prepared in memory ("refeaturised").
* **Candidates** (:func:`wiretrace.candidates.candidate_pairs`): document frequencies
  are the archive's ``features.df`` plus the checked articles' (and refeaturised
  articles') changes; ``max_df`` and idf use the combined size. A checked article's
  features are looked up in the postings (features beyond ``max_df`` are skipped,
  as in a scan), partners are scored by summed idf of shared features over the
  lighter article's total weight, with the same ``min_score``/``min_shared``.
* **Total weights drift** as the archive grows (every idf changes with its df), so
  they are not read from a stored column. An archived partner's total only matters
  when the checked article is the heavier one and the shared weight is below
  ``min_score`` of the checked article's total; then a lower bound (the ``n`` largest
  dfs of the archive, from the df histogram, for an article of ``n`` features) rejects
  most partners, and the rest get their exact total from their postings and the
  current dfs (one read of postings ⋈ features). A caller that checks many articles
  (the service, a bench) keeps a :class:`~wiretrace.archive.candidates.WeightMemo`:
  each partner's postings are then read once while the archive is unchanged.

Only the candidate partners are read, as the archive keeps them prepared (the index
keeps every article's prepared form up to date with the repeated-line status it writes,
so it equals preparing the text again; an article whose line status this check flips,
or one archived before schema 2, is prepared again), and compared with
:func:`wiretrace.pipeline.compare_prepared`, like in a scan. The forensics stage
(:func:`wiretrace.pipeline.forensics`: direction, disguise evidence, altered quotes)
then runs over the checked articles and the archived articles they share passages
with; ``same-story`` links are looked for among all candidate pairs, with the name
frequencies of the combined corpus (``e:`` features' df), so they too equal the
scan's. Per-document evidence and direction votes see only this subset (not a
partner's links to other archived articles, nor corpus-wide phrase counts), so they
can differ from what a scan over everything reports. Scores are sums of
the same floating-point idf values as in a scan, added in a different order, so a
score within ~1e-15 of ``min_score`` could fall on the other side — never seen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from wiretrace.archive.candidates import CorpusView, WeightMemo, score_against_archive
from wiretrace.archive.keys import hash64, short_line_keys
from wiretrace.archive.store import Archive
from wiretrace.archive.writes import featurize
from wiretrace.candidates import doc_features
from wiretrace.candidates.features import name_features
from wiretrace.collate import Collation, NotCollated, collate_stories
from wiretrace.engine import Mapper, process_pool
from wiretrace.forensics import Forensics, run_forensics, without_forensics
from wiretrace.forensics.same_story import Features, names_of
from wiretrace.lexicon.resources import describe
from wiretrace.normalize import PreparedDoc, prepare_document, unpacked
from wiretrace.normalize.packed import PackedFormatError
from wiretrace.pipeline import add_embeddings, align_candidates, ordered_links, user_lexicon
from wiretrace.records import Document, InputProblem
from wiretrace.report.model import Report
from wiretrace.settings import Settings
from wiretrace.stories import Link, Story, stories_of

Progress = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class CheckResult:
    """What a check found: report-ready documents, pairs and stories."""

    checked: list[Document]
    partners: list[Document]
    """Archived articles that share at least one passage with a checked one (archive order)."""
    prepared: dict[str, PreparedDoc]
    pairs: list[Link]
    """Reuse pairs and same-story links, in the order of the report's documents."""
    stories: list[Story]
    forensics: Forensics
    collations: tuple[Collation | NotCollated, ...] = ()
    """The collation of each story of three or more versions (or why there is none)."""
    stats: dict[str, Any] = field(default_factory=dict)
    candidates: list[tuple[str, str]] = field(default_factory=list)
    """Pairs the candidate stage let through to alignment, as ``(a, b)`` ids."""
    refeaturized: int = 0
    """Archived articles re-prepared because the checked ones change their repeated lines."""
    exact_totals: int = 0
    """Archived partners whose total feature weight had to be computed from their postings."""

    @property
    def documents(self) -> list[Document]:
        """The report's documents: archived partners (archive order), then checked ones."""
        return self.partners + self.checked


def check_documents(
    archive: Archive,
    documents: Sequence[Document],
    settings: Settings | None = None,
    *,
    jobs: int = 1,
    mapper: Mapper | None = None,
    on_candidates: Progress | None = None,
    on_pair: Progress | None = None,
    on_document: Progress | None = None,
    weights: WeightMemo | None = None,
) -> CheckResult:
    """Which archived articles each of ``documents`` reuses (and which of them reuse
    each other), with passages and relations, reading only candidate partners.
    ``weights``: a :class:`WeightMemo` kept by a caller that checks many articles against
    the same archive (the findings are the same with or without it)."""
    settings = archive.settings_for(settings or Settings())
    if mapper is None:
        with process_pool(jobs) as pool:
            return check_documents(archive, documents, settings, jobs=jobs, mapper=pool,
                                   on_candidates=on_candidates, on_pair=on_pair,
                                   on_document=on_document, weights=weights)
    # Every read of the archive in one read transaction: a snapshot, so that an
    # ``index add`` or ``remove`` committed meanwhile is either wholly seen or not at all.
    with archive.snapshot():
        return _check(archive, documents, settings, mapper, on_candidates, on_pair,
                      on_document, weights)


def _check(
    archive: Archive, documents: Sequence[Document], settings: Settings, run: Mapper,
    on_candidates: Progress | None, on_pair: Progress | None, on_document: Progress | None,
    weights: WeightMemo | None = None,
) -> CheckResult:
    cand = settings.candidates
    wordnet = archive.wordnet
    view = CorpusView(archive)
    checked = list({d.id: d for d in documents}.values())
    nb = len(checked)

    # --- the combined corpus: archive minus re-checked ids, plus the checked articles ----
    removed = set(archive.numbers(d.id for d in checked).values())
    n_archive = archive.count() - len(removed)
    n_total = n_archive + nb
    new_keys = [short_line_keys(d.text) for d in checked]
    removed_keys = {num: archive.line_keys_of(num) for num in removed}
    for keys in removed_keys.values():
        view.line_delta.subtract(keys)
    for keys in new_keys:
        view.line_delta.update(list(keys))
    touched = [k for k, v in view.line_delta.items() if v]
    view.fetch_lines(touched)
    flipped = [k for k in touched if view.repeated(k) != view.archived_repeated(k)]
    refeat = archive.docs_with_lines(flipped) - removed if flipped else set()

    new_prep: list[PreparedDoc] = []
    new_feats: list[set[int]] = []
    new_names: list[set[int]] = []  # the multi-word-name features, for same-story admission
    new_found = []
    for d, keys in zip(checked, new_keys, strict=True):
        prepared, feats = featurize(d, wordnet, view.repeated_in(keys))
        new_prep.append(prepared)
        new_feats.append(set(feats))
        found = doc_features(prepared, cand)
        new_found.append(found)
        new_names.append(set(found.hashes[found.is_name].tolist()))
        view.df_delta.update(feats)
    for num in removed:
        view.df_delta.subtract(archive.features_of(num))
    ref_docs = archive.load(refeat)
    ref_prep: dict[int, PreparedDoc] = {}
    ref_feats: dict[int, set[int]] = {}
    for num in sorted(refeat):
        prepared, feats = featurize(
            ref_docs[num], wordnet, view.repeated_in(short_line_keys(ref_docs[num].text))
        )
        old = set(archive.features_of(num))
        ref_prep[num], ref_feats[num] = prepared, set(feats)
        view.df_delta.update(ref_feats[num] - old)
        view.df_delta.subtract(old - ref_feats[num])

    # --- candidate scoring: the scan's rule (candidates.scoring) over archive postings ---
    view.fetch_df(set().union(*new_feats, *ref_feats.values()) if nb else set())
    pairs_idx, exact_totals = score_against_archive(
        archive, view, cand, n_total, new_feats, new_names, ref_feats, removed | refeat,
        weights,
    )
    if on_candidates:
        on_candidates(len(pairs_idx))

    # --- align the candidate pairs (archived side first), like a scan ------------------
    partner_nums = sorted({x for (kind, x), _i in pairs_idx if kind == "a"})
    to_load = [num for num in partner_nums if num not in ref_prep]
    loaded = archive.load(to_load)
    arch_docs = {**{n: ref_docs[n] for n in partner_nums if n in ref_docs}, **loaded}
    arch_prep = dict(ref_prep)
    stored = archive.prepared_of(loaded)  # as the archive keeps them (lines not flipped)
    for num in to_load:
        doc = loaded[num]
        try:
            arch_prep[num] = unpacked(stored[num])
        except (KeyError, PackedFormatError):  # archived before schema 2, or a damaged
            arch_prep[num] = prepare_document(  # row: the text is what counts
                doc, wordnet, view.repeated_in(short_line_keys(doc.text)))
    slots = {num: k for k, num in enumerate(partner_nums)}
    prepared = [arch_prep[num] for num in partner_nums] + new_prep
    if settings.embeddings:
        prepared = add_embeddings(prepared)
    tasks = sorted(
        (slots[x] if kind == "a" else len(partner_nums) + x, len(partner_nums) + i)
        for (kind, x), i in pairs_idx
    )
    corpus_docs = [arch_docs[num] for num in partner_nums] + checked
    matches = align_candidates(prepared, tasks, settings, run, on_pair)

    # --- forensics (disguise evidence, direction, same-story links), as in a scan --------
    # The partners' names are all the forensics read of their features (same-story links,
    # with the archive's name frequencies): not the whole feature set again.
    features: list[Features] = [name_features(p) for p in prepared[: len(partner_nums)]]
    features += new_found
    if settings.forensics.enabled:
        dates = {d.id: d.date for d in corpus_docs}
        outlets = {d.id: d.outlet for d in corpus_docs}
        # The (costly) per-document analyses run on the checked articles and the archived
        # ones they share passages with; same-story links are looked for among all
        # candidate pairs, with how many articles of the whole corpus hold each name (an
        # ``e:`` feature's df in the archive), not how many of this subset do.
        slot_of = {p.id: k for k, p in enumerate(prepared)}
        sub = sorted({slot_of[x] for m in matches for x in (m.a, m.b)}
                     | set(range(len(partner_nums), len(prepared))))
        names = {n for feats in features for n in names_of(feats)}
        by_hash = {hash64("e:" + n): n for n in names}
        view.fetch_df(set(by_hash))
        name_df = {n: view.df_of(h) for h, n in by_hash.items()}
        found = run_forensics(
            [prepared[k] for k in sub], [features[k] for k in sub], tasks, matches,
            settings.forensics, wordnet=settings.lexicon.wordnet, lexicon=user_lexicon(settings),
            dates=dates, outlets=outlets, mapper=run, on_document=on_document,
            links_among=prepared, link_features=features, name_df=name_df, n_docs=n_total,
        )
    else:
        found = without_forensics(matches)
    pairs = ordered_links(prepared, found)

    linked = {p.a for p in pairs} | {p.b for p in pairs}
    keep = [k for k, num in enumerate(partner_nums) if arch_docs[num].id in linked]
    partners = [corpus_docs[k] for k in keep]
    report_slots = keep + list(range(len(partner_nums), len(prepared)))
    stories = stories_of([prepared[k] for k in report_slots], pairs, settings.stories)
    prepared_by_id = {prepared[k].id: prepared[k] for k in report_slots}
    collations = collate_stories(list(prepared_by_id.values()), stories, pairs,
                                 settings.collate, settings.forensics.quotes, run)
    stats = {
        "documents": nb,
        "archived_documents": n_archive,
        "possible_pairs": nb * n_archive + nb * (nb - 1) // 2,
        "candidate_pairs": len(pairs_idx),
        "reuse_pairs": len(found.pairs),
        "same_story_pairs": len(found.links),
        "linked_archived_documents": len(partners),
    }
    candidates = [(corpus_docs[ia].id, corpus_docs[ib].id) for ia, ib in tasks]
    kept = Forensics(
        {i: e for i, e in found.documents.items() if i in prepared_by_id},
        found.substituted, found.pairs, found.links, found.round_trips,
    )
    return CheckResult(checked, partners, prepared_by_id, pairs, stories, kept, collations,
                       stats, candidates, len(refeat), exact_totals)


def check_report(
    result: CheckResult,
    settings: Settings,
    archive_name: str,
    problems: Sequence[InputProblem] = (),
) -> Report:
    """The report of a check (``generator.command`` = ``check``)."""
    return Report.of(
        "check", settings, result.documents, result.pairs, result.stories, result.forensics,
        problems=tuple(problems), stats=result.stats, collations=result.collations,
        boilerplate={i: p.boilerplate for i, p in result.prepared.items()},
        lexicon=describe(settings.lexicon.wordnet),
        archive={"path": archive_name, "documents": result.stats["archived_documents"],
                 "checked": [d.id for d in result.checked]},
    )
