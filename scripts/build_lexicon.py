"""Compile a WordNet 3.0 database into wiretrace's packaged lexicon tables.

Usage::

    .venv/bin/python scripts/build_lexicon.py [WORDNET_DIR] [--out DIR] [--license FILE]

Reads the WordNet 3.0 text database in ``WORDNET_DIR`` (default ``/usr/share/wordnet``,
Debian's ``wordnet-base``) and writes ``lexicon.npz`` and ``manifest.json`` into
``--out`` (default ``src/wiretrace/lexicon/data``), next to WordNet's licence
(``WORDNET-LICENSE``, the WordNet 3.0 section of ``--license``, default the Debian
package's copyright file). It then opens the result the way wiretrace does and checks
that every table equals what the text readers produce. Run it again, and commit the
result, whenever ``FORMAT_VERSION`` or the code that computes the tables
(``wiretrace.lexicon``, ``wiretrace.normalize.tokens``) changes; the test suite
(tests/test_lexicon_tables.py) fails while the packaged tables are out of date.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from wiretrace.lexicon import tables
from wiretrace.lexicon.expressions import build_expression_index
from wiretrace.lexicon.wordnet import WordNet

DEFAULT_SOURCE = Path("/usr/share/wordnet")
DEFAULT_LICENSE = Path("/usr/share/doc/wordnet-base/copyright")


def licence_text(copyright_file: Path) -> str:
    """The WordNet 3.0 licence from a Debian machine-readable copyright file."""
    lines = copyright_file.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("License: WordNet"))
    body = []
    for line in lines[start + 1 :]:
        if not line.startswith(" "):
            break
        body.append("" if line.strip() == "." else line[1:])
    header = [line for line in lines[:start] if line.startswith(("Upstream-Name", "Source",
                                                                  "Copyright"))]
    return "\n".join([*header, "", *body]).strip() + "\n"


def debian_version() -> str:
    try:
        out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "wordnet-base"],
                             capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return ""
    return out.stdout.strip()


def check(out: Path, source: Path) -> None:
    """The compiled tables, decoded, equal the text readers' results."""
    compiled = tables.LexiconTables.open(out)
    wordnet, text = compiled.wordnet, WordNet.load(source)
    assert wordnet.senses == text.senses, "senses differ"
    assert wordnet.exceptions == text.exceptions, "exception lists differ"
    assert wordnet.members("n02084071") and compiled.members() == text._load_members(), \
        "members differ"
    assert compiled.prefix_counts == dict(tables.count_prefixes(text.senses)), "prefixes differ"
    index, expected = compiled.expression_index, build_expression_index(source)
    for name in ("expressions", "by_first_length", "members", "pointers", "number_words",
                 "plurals"):
        assert getattr(index, name) == getattr(expected, name), f"{name} differ"
    got, want = index.glosses, expected.glosses
    assert got.stem_ids == want.stem_ids, "gloss stems differ"
    for name in ("ngrams", "offsets", "glosses"):
        a, b = getattr(got, name), getattr(want, name)
        assert a.dtype == b.dtype and (a == b).all(), f"gloss {name} differ"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=tables.PACKAGED_DIR)
    parser.add_argument("--license", type=Path, default=DEFAULT_LICENSE)
    parser.add_argument("--no-check", action="store_true",
                        help="skip comparing the result with the text readers")
    args = parser.parse_args()
    started = time.perf_counter()
    version = debian_version() if args.source == DEFAULT_SOURCE else ""
    description = "WordNet 3.0" + (f" (Debian wordnet-base {version})" if version else "")
    manifest = tables.compile_lexicon(args.source, args.out, description=description)
    (args.out / "WORDNET-LICENSE").write_text(licence_text(args.license), encoding="utf-8")
    size = sum(f["bytes"] for f in manifest["files"].values())
    print(f"wrote {args.out}: {size / 1e6:.2f} MB, checksum {manifest['checksum'][:16]}…, "
          f"{manifest['counts']} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    if not args.no_check:
        check(args.out, args.source)
        print("checked: the decoded tables equal the text readers' results", file=sys.stderr)


if __name__ == "__main__":
    main()
