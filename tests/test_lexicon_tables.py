"""The compiled lexicon: packaged WordNet tables, the user's cache, and their checks.

The cache tests compile a tiny WordNet database written here (a few synsets in the
format of WordNet's ``wndb(5)``), so they run in a second and need no Debian package;
the comparison with Debian's WordNet needs ``/usr/share/wordnet``.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import pickle
import time
from pathlib import Path

import numpy as np
import pytest

from wiretrace.lexicon import tables
from wiretrace.lexicon import wordnet as wordnet_module
from wiretrace.lexicon.expressions import build_expression_index, expression_index
from wiretrace.lexicon.tables import compiler, locations
from wiretrace.lexicon.wordnet import WordNet, lemma_prefixes, load_wordnet

DEBIAN = Path("/usr/share/wordnet")

_HEADER = "  1 This software and database is being provided to you, the LICENSEE, by\n"

# Offsets are only identifiers to wiretrace's readers; they need not be byte offsets.
_DATA = {
    "noun": [
        "00000100 05 n 02 dog 0 domestic_dog 0 002 @ 00000300 n 0000 ~ 00000400 n 0000 "
        "| a member of the genus Canis; \"the dog barked all night\"",
        "00000200 05 n 01 dog 1 001 @ 00000300 n 0000 | a dull unattractive unpleasant girl",
        "00000300 05 n 02 canine 0 canid 0 001 ~ 00000100 n 0000 | any of various "
        "fissiped mammals with nonretractile claws",
        "00000400 05 n 02 puppy 0 hot_dog 0 001 @ 00000100 n 0000 | a young dog",
        "00000500 05 n 03 cold_war 0 Cold_War 0 press_conference 0 000 | a state of "
        "political hostility; \"the cold war ended\"",
        "00000600 05 n 02 goose 0 Dodge_City 0 000 | web-footed long-necked bird",
        "00000700 05 n 01 mouse 0 000 | any of numerous small rodents",
    ],
    "verb": [
        "00000100 32 v 02 tell 0 state 0 000 01 + 08 00 | express in words; \"tell me\"",
        "00000200 32 v 01 bark 0 000 01 + 02 00 | make barking sounds; \"dogs bark\"",
    ],
    "adj": [
        "00000100 00 a 02 five 0 5 0 000 | being one more than four",
        "00000200 00 s 02 cold 0 chilly 0 001 & 00000300 a 0000 | having a low temperature",
        "00000300 00 a 01 warm 0 001 & 00000200 a 0000 | having a comfortable temperature",
    ],
    "adv": [
        "00000100 02 r 01 quickly 0 000 | with speed; \"she answered quickly\"",
    ],
}
_INDEX = {
    "noun": [
        "canid n 1 1 ~ 1 0 00000300",
        "canine n 1 1 ~ 1 0 00000300",
        "cold_war n 1 0 1 0 00000500",
        "dodge_city n 1 0 1 0 00000600",
        "dog n 2 2 @ ~ 2 1 00000100 00000200",
        "domestic_dog n 1 1 @ 1 0 00000100",
        "goose n 1 0 1 0 00000600",
        "hot_dog n 1 1 @ 1 0 00000400",
        "mouse n 1 0 1 0 00000700",
        "press_conference n 1 0 1 0 00000500",
        "puppy n 1 1 @ 1 0 00000400",
    ],
    "verb": ["bark v 1 0 1 0 00000200", "state v 1 0 1 0 00000100",
             "tell v 1 0 1 1 00000100"],
    "adj": ["5 a 1 0 1 0 00000100", "chilly a 1 1 & 1 0 00000200",
            "cold a 1 1 & 1 0 00000200", "five a 1 0 1 0 00000100",
            "warm a 1 1 & 1 0 00000300"],
    "adv": ["quickly r 1 0 1 0 00000100"],
}
_EXC = {"noun": ["geese goose", "mice mouse"], "verb": ["told tell"], "adj": ["colder cold"]}


def write_tiny_wordnet(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("noun", "verb", "adj", "adv"):
        (folder / f"data.{name}").write_text(
            _HEADER + "".join(line + "  \n" for line in _DATA[name]), encoding="utf-8")
        (folder / f"index.{name}").write_text(
            _HEADER + "".join(line + "  \n" for line in _INDEX[name]), encoding="utf-8")
        if name in _EXC:
            (folder / f"{name}.exc").write_text("".join(f"{line}\n" for line in _EXC[name]),
                                                encoding="utf-8")
    return folder


@pytest.fixture(autouse=True)
def _fresh(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """Each test starts without loaded WordNets, with its own cache folder, and leaves
    none behind for the other test files."""
    monkeypatch.delenv("WIRETRACE_WORDNET", raising=False)
    monkeypatch.setenv("WIRETRACE_CACHE_DIR", str(tmp_path / "cache"))
    wordnet_module.forget_loaded()
    yield
    wordnet_module.forget_loaded()


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    return write_tiny_wordnet(tmp_path / "wn")


class _Compiles:
    """Counts the user's cache's :func:`~locations.compile_lexicon` calls."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        real = locations.compile_lexicon

        def counting(*args, **kwargs):
            self.calls += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(locations, "compile_lexicon", counting)


def _same_wordnet(got: WordNet, want: WordNet) -> None:
    assert got.senses == want.senses
    assert got.exceptions == want.exceptions
    assert got._load_members() == want._load_members()


def _same_index(root: Path, got) -> None:
    want = build_expression_index(root)
    for name in ("expressions", "by_first_length", "members", "pointers", "number_words",
                 "plurals"):
        assert getattr(got, name) == getattr(want, name), name
    assert got.glosses.stem_ids == want.glosses.stem_ids
    for name in ("ngrams", "offsets", "glosses"):
        a, b = getattr(got.glosses, name), getattr(want.glosses, name)
        assert a.dtype == b.dtype
        assert np.array_equal(a, b), name


# ------------------------------------------------------------------- packaged


def _hide_debian(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No WordNet database anywhere, and reading or compiling one fails the test."""
    monkeypatch.setattr(wordnet_module, "DEFAULT_LOCATIONS", (str(tmp_path / "none"),))

    def refuse(*args, **kwargs):
        raise AssertionError("the packaged lexicon must not read a WordNet database")

    monkeypatch.setattr(WordNet, "load", classmethod(refuse))
    monkeypatch.setattr(locations, "compile_lexicon", refuse)


def test_packaged_lexicon_loads_without_a_wordnet_database(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _hide_debian(monkeypatch, tmp_path)
    wn = load_wordnet()
    assert wn is not None
    assert wn.root == tables.PACKAGED_DIR
    assert wn.lemmas("dogs") == (("n", "dog"), ("v", "dog"))
    assert wn.senses["n"]["dog"][0] == "n02084071"
    assert "domestic dog" in wn.members("n02084071")
    assert "say" in wn.synonyms("tell")
    assert wn.synsets("geese", pos="n") == wn.synsets("goose", pos="n")
    index = expression_index(wn)
    assert index.expressions[("cold", "war")] == ("cold war", "nn")  # two noun senses
    assert index.expressions[("new", "york")].proper
    assert ("press", "conference") in index.by_first_length[("press", 2)]
    assert index.glosses.has_ngram(["common", "wolf"])  # in the gloss of "dog"
    assert not index.glosses.has_ngram(["wolf", "common"])
    assert index.glosses.cooccurrence("canin", "dog") > 0
    assert "five" in index.number_words
    assert index.plurals["tooth"] == "teeth"
    assert "non" in lemma_prefixes(str(wn.root), 15)
    # Asking for the packaged folder by name gives the same object, tables and all.
    assert load_wordnet(str(tables.PACKAGED_DIR)) is wn
    assert expression_index(load_wordnet(str(tables.PACKAGED_DIR))) is index


def test_packaged_files_are_small_verified_and_licensed() -> None:
    manifest = json.loads((tables.PACKAGED_DIR / tables.MANIFEST).read_text())
    assert manifest["format"] == tables.FORMAT_VERSION
    size = sum(f["bytes"] for f in manifest["files"].values())
    assert size < 15_000_000
    tables.LexiconTables.open(tables.PACKAGED_DIR)  # sizes and checksums hold
    licence = (tables.PACKAGED_DIR / "WORDNET-LICENSE").read_text()
    assert "WordNet 3.0 Copyright 2006 by Princeton University" in licence
    assert (tables.PACKAGED_DIR / "README.md").is_file()


def test_packaged_wordnet_pickles_by_reference() -> None:
    wn = load_wordnet()
    assert wn is not None
    data = pickle.dumps(wn)
    assert len(data) < 1000  # where to reload it from, not its dicts
    assert pickle.loads(data) is wn


@pytest.mark.skipif(not (DEBIAN / "index.noun").is_file(),
                    reason="Debian's WordNet (wordnet-base, /usr/share/wordnet) is not "
                           "installed: nothing to compare the packaged tables with")
def test_packaged_lexicon_equals_debian_wordnet() -> None:
    """Every lemma's senses, every exception, every synset's members, the expression
    index and the prefixes: the same as reading Debian's text files. Fails when the
    packaged tables are out of date: rebuild them with scripts/build_lexicon.py."""
    packaged = tables.LexiconTables.open(tables.PACKAGED_DIR)
    debian = WordNet.load(DEBIAN)
    _same_wordnet(packaged.wordnet, debian)
    assert packaged.prefix_counts == dict(tables.count_prefixes(debian.senses))
    _same_index(DEBIAN, packaged.expression_index)


# ---------------------------------------------------------------------- cache


def test_wordnet_folder_is_compiled_once_into_the_cache(
    monkeypatch: pytest.MonkeyPatch, tiny: Path
) -> None:
    compiles = _Compiles(monkeypatch)
    wn = load_wordnet(str(tiny))
    assert wn is not None and wn._tables is not None
    assert wn.root == tiny
    assert compiles.calls == 1
    folder = tables.cache_folder(tiny)
    assert folder.parent.parent == Path(os.environ["WIRETRACE_CACHE_DIR"])
    assert (folder / tables.MANIFEST).is_file()
    _same_wordnet(wn, WordNet.load(tiny))
    _same_index(tiny, expression_index(wn))
    assert wn.prefix_counts() == dict(tables.count_prefixes(wn.senses))
    assert wn.lemmas("told") == (("v", "tell"),)
    assert wn.synonyms("dog", pos="n") == ["domestic dog"]

    wordnet_module.forget_loaded()
    again = load_wordnet(str(tiny))
    assert again is not wn and compiles.calls == 1  # read from the cache
    _same_wordnet(again, wn)


def test_wiretrace_wordnet_names_the_folder(monkeypatch: pytest.MonkeyPatch,
                                            tiny: Path) -> None:
    monkeypatch.setenv("WIRETRACE_WORDNET", str(tiny))
    wn = load_wordnet()
    assert wn is not None and wn.root == tiny
    assert set(wn.senses["n"]) == {line.split()[0] for line in _INDEX["noun"]}
    assert "cold" in expression_index(wn).by_first_length[("cold", 2)][0]


def test_default_cache_folder_follows_xdg(monkeypatch: pytest.MonkeyPatch,
                                          tmp_path: Path) -> None:
    monkeypatch.delenv("WIRETRACE_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert tables.cache_root() == tmp_path / "xdg" / "wiretrace"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert tables.cache_root() == tmp_path / "home" / ".cache" / "wiretrace"


def _damage_and_reload(monkeypatch: pytest.MonkeyPatch, tiny: Path, damage) -> None:
    load_wordnet(str(tiny))
    folder = tables.cache_folder(tiny)
    damage(folder)
    with pytest.raises(tables.LexiconError):
        tables.LexiconTables.open(folder, key=tables.source_key(tiny))
    wordnet_module.forget_loaded()
    compiles = _Compiles(monkeypatch)
    wn = load_wordnet(str(tiny))
    assert compiles.calls == 1, "a damaged cache must be rebuilt"
    assert wn is not None
    _same_wordnet(wn, WordNet.load(tiny))
    _same_index(tiny, expression_index(wn))
    tables.LexiconTables.open(folder, key=tables.source_key(tiny))  # sound again


def _flip_a_byte(folder: Path) -> None:
    path = folder / tables.TABLES
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def _truncate_tables(folder: Path) -> None:
    path = folder / tables.TABLES
    path.write_bytes(path.read_bytes()[:-100])


def _truncate_manifest(folder: Path) -> None:
    path = folder / tables.MANIFEST
    path.write_bytes(path.read_bytes()[:40])


def _delete_tables(folder: Path) -> None:
    (folder / tables.TABLES).unlink()


def _old_format(folder: Path) -> None:
    path = folder / tables.MANIFEST
    manifest = json.loads(path.read_text())
    manifest["format"] = tables.FORMAT_VERSION - 1
    path.write_text(json.dumps(manifest))


def _forged_tables(folder: Path) -> None:
    """Other arrays with a manifest that matches them, but no longer the source key."""
    manifest = json.loads((folder / tables.MANIFEST).read_text())
    tables.write_tables(folder, {"synsets": np.zeros(3, np.uint8)}, key="0" * 64)
    assert manifest["source"]["key"] != "0" * 64


@pytest.mark.parametrize("damage", [_flip_a_byte, _truncate_tables, _truncate_manifest,
                                    _delete_tables, _old_format, _forged_tables])
def test_damaged_cache_is_detected_and_rebuilt(monkeypatch: pytest.MonkeyPatch, tiny: Path,
                                               damage) -> None:
    _damage_and_reload(monkeypatch, tiny, damage)


def test_stale_cache_is_rebuilt_when_the_source_changes(
    monkeypatch: pytest.MonkeyPatch, tiny: Path
) -> None:
    wn = load_wordnet(str(tiny))
    assert wn is not None and "wolf" not in wn.senses["n"]
    with (tiny / "index.noun").open("a", encoding="utf-8") as fh:
        fh.write("wolf n 1 0 1 0 00000300  \n")
    wordnet_module.forget_loaded()
    compiles = _Compiles(monkeypatch)
    fresh = load_wordnet(str(tiny))
    assert compiles.calls == 1
    assert fresh is not None and fresh.senses["n"]["wolf"] == ("n00000300",)
    # Only the modification time changing is enough to distrust the cache.
    stat = (tiny / "noun.exc").stat()
    os.utime(tiny / "noun.exc", ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    wordnet_module.forget_loaded()
    load_wordnet(str(tiny))
    assert compiles.calls == 2


def test_unwritable_cache_reads_wordnet_in_memory(
    monkeypatch: pytest.MonkeyPatch, tiny: Path, tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setenv("WIRETRACE_CACHE_DIR", str(blocker / "cache"))
    with caplog.at_level(logging.WARNING, logger="wiretrace.lexicon"):
        wn = load_wordnet(str(tiny))
    assert wn is not None and wn._tables is None
    _same_wordnet(wn, WordNet.load(tiny))
    _same_index(tiny, expression_index(wn))
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1
    assert "\n" not in warnings[0].getMessage()
    assert "cannot use the lexicon cache" in warnings[0].getMessage()


def _load_in_child(tiny: str) -> None:
    wn = load_wordnet(tiny)
    assert wn is not None and wn._tables is not None


def test_processes_starting_together_compile_once(monkeypatch: pytest.MonkeyPatch,
                                                  tiny: Path, tmp_path: Path) -> None:
    log_file = tmp_path / "compiles.log"
    real = locations.compile_lexicon

    def logged(*args, **kwargs):
        with log_file.open("a") as fh:
            fh.write(f"{os.getpid()}\n")
        time.sleep(0.3)  # long enough for the other process to find the lock taken
        return real(*args, **kwargs)

    monkeypatch.setattr(locations, "compile_lexicon", logged)
    context = multiprocessing.get_context("fork")
    children = [context.Process(target=_load_in_child, args=(str(tiny),)) for _ in range(3)]
    for child in children:
        child.start()
    for child in children:
        child.join(60)
        assert child.exitcode == 0
    assert len(log_file.read_text().split()) == 1


def test_compiled_folder_can_be_named_directly(tiny: Path, tmp_path: Path) -> None:
    out = tmp_path / "compiled"
    tables.compile_lexicon(tiny, out, description="tiny")
    wn = load_wordnet(str(out))
    assert wn is not None and wn.root == out
    _same_wordnet(wn, WordNet.load(tiny))


def test_compiled_files_are_the_same_bytes_every_time(tiny: Path, tmp_path: Path) -> None:
    tables.compile_lexicon(tiny, tmp_path / "a")
    tables.compile_lexicon(tiny, tmp_path / "b")
    for name in (tables.TABLES, tables.MANIFEST):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_cache_key_covers_every_module_of_the_tables_package() -> None:
    """Every module of the tables package is in the builder fingerprint, so that a
    cached folder compiled by other code is stale."""
    package = Path(tables.__file__).parent
    assert set(package.glob("*.py")) <= set(compiler._BUILDER_FILES)
    assert all(path.is_file() for path in compiler._BUILDER_FILES)


def test_no_wordnet_anywhere_means_none(monkeypatch: pytest.MonkeyPatch,
                                        tmp_path: Path) -> None:
    monkeypatch.setenv("WIRETRACE_WORDNET", str(tmp_path / "missing"))
    assert load_wordnet() is None
    assert lemma_prefixes(None, 15) == frozenset()
