"""Golden reports: run wiretrace on fixed corpora, keep the reports, and compare two runs
field by field — the check that a change loses no finding.

Usage::

    .venv/bin/python bench/golden.py write DIR [--only NAME ...] [--jobs N]
    .venv/bin/python bench/golden.py compare OLD_DIR NEW_DIR [--only NAME ...] [--limit N]

``write`` runs the ``wiretrace`` command line (the interface users have, so that the
comparison holds across restructurings of the code behind it) on each corpus and writes
``DIR/<name>.json`` (reports without article text) and, for the PAN protocol run,
``DIR/pan-pairs/*.xml``. ``compare`` reads two such folders and prints every difference
as a path into the report (``pairs[a=x,b=y].passages[0].kind: 'spun' -> 'translated'``),
pairs and documents matched by id, not by position; ``generator.settings`` differences
and the rest of ``generator`` (version, the lexicon used) are listed apart: new settings are
expected when settings are added. Exit status 1 when any finding differs.

Corpora (all fixed; PAN and Clough & Stevenson from ``../shared/data``):

* ``demo`` — ``wiretrace demo``: the built-in example corpus (our own text);
* ``ordinary-news`` — ``bench/data/ordinary-news/`` (our own text);
* ``clough`` — every answer and source text of Clough & Stevenson;
* ``pan-mixed`` — one scan over the documents of the first 12 pairs of each PAN 2013
  category (01–05): candidates, alignment, forensics, direction and stories together;
* ``pan-pairs`` — ``wiretrace pan`` over the first 40 pairs of each category (XML).

Reports are the scanned corpus only: no ``../shared/data`` text is copied anywhere but
into ``DIR`` (keep ``DIR`` out of the repository; ``bench/results/`` is ignored by git).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("WIRETRACE_SHARED_DATA", ROOT.parent / "shared" / "data"))
PAN = DATA / "pan13"
CATEGORIES = ("01-no-plagiarism", "02-no-obfuscation", "03-random-obfuscation",
              "04-translation-obfuscation", "05-summary-obfuscation")
CORPORA = ("demo", "ordinary-news", "clough", "pan-mixed", "pan-pairs")


def _wiretrace(*args: str, jobs: int) -> None:
    cmd = [sys.executable, "-m", "wiretrace.cli", *args, "--quiet", "--jobs", str(jobs)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1):
        sys.exit(f"golden: {' '.join(cmd[2:5])} … failed ({done.returncode}):\n{done.stderr}")


def _pairs(category: str, n: int) -> list[tuple[str, str]]:
    lines = (PAN / category / "pairs").read_text().split("\n")
    return [tuple(line.split()) for line in lines if line.strip()][:n]  # type: ignore[misc]


def write(folder: Path, only: list[str], jobs: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in only:
        out = folder / f"{name}.json"
        if name == "demo":
            _wiretrace("demo", "--json", str(out), jobs=jobs)
        elif name == "ordinary-news":
            _wiretrace("scan", str(ROOT / "bench/data/ordinary-news"), "--json", str(out),
                       jobs=jobs)
        elif name == "clough":
            files = sorted(str(p) for p in (DATA / "clough-stevenson").glob("*.txt"))
            _wiretrace("scan", *files, "--json", str(out), jobs=jobs)
        elif name == "pan-mixed":
            files: dict[str, None] = {}
            for category in CATEGORIES:
                for susp, src in _pairs(category, 12):
                    files[str(PAN / "susp" / susp)] = None
                    files[str(PAN / "src" / src)] = None
            _wiretrace("scan", *files, "--json", str(out), jobs=jobs)
        elif name == "pan-pairs":
            xml = folder / "pan-pairs"
            xml.mkdir(exist_ok=True)
            for old in xml.glob("*.xml"):
                old.unlink()
            with tempfile.TemporaryDirectory() as tmp:
                pairs_file = Path(tmp) / "pairs"
                pairs_file.write_text("".join(
                    f"{s} {r}\n" for c in CATEGORIES for s, r in _pairs(c, 40)))
                _wiretrace("pan", str(pairs_file), str(PAN / "src"), str(PAN / "susp"),
                           str(xml), jobs=jobs)
        else:
            sys.exit(f"golden: unknown corpus {name!r} (known: {', '.join(CORPORA)})")
        print(f"golden: wrote {name}", file=sys.stderr)


# --------------------------------------------------------------------------- compare


def _key(path: str, item: Any) -> str | None:
    """How a list element is matched across runs: documents by id, pairs by their ids,
    stories by their first document, lineage rows by document."""
    if not isinstance(item, dict):
        return None
    if path.endswith("pairs") and "a" in item and "b" in item:
        return f"a={item['a']},b={item['b']}"
    if "id" in item and path.endswith("documents"):
        return f"id={item['id']}"
    if path.endswith("stories") and item.get("documents"):
        return f"first={item['documents'][0]}"
    if path.endswith("lineage") and "document" in item:
        return f"document={item['document']}"
    return None


def diff(old: Any, new: Any, path: str = "") -> Iterator[str]:
    """Every difference between two JSON values, as ``path: old -> new`` lines."""
    if isinstance(old, dict) and isinstance(new, dict):
        for k in sorted(set(old) | set(new), key=str):
            where = f"{path}.{k}" if path else str(k)
            if k not in new:
                yield f"{where}: removed (was {_short(old[k])})"
            elif k not in old:
                yield f"{where}: added {_short(new[k])}"
            else:
                yield from diff(old[k], new[k], where)
    elif isinstance(old, list) and isinstance(new, list):
        keys_old = [_key(path, x) for x in old]
        keys_new = [_key(path, x) for x in new]
        if None not in keys_old and None not in keys_new:
            by_new = dict(zip(keys_new, new, strict=True))
            by_old = dict(zip(keys_old, old, strict=True))
            for k in keys_old:
                if k not in by_new:
                    yield f"{path}[{k}]: removed"
                else:
                    yield from diff(by_old[k], by_new[k], f"{path}[{k}]")
            for k in keys_new:
                if k not in by_old:
                    yield f"{path}[{k}]: added {_short(by_new[k])}"
            if [k for k in keys_old if k in by_new] != [k for k in keys_new if k in by_old]:
                yield f"{path}: same items in another order"
        else:
            for i in range(max(len(old), len(new))):
                if i >= len(new):
                    yield f"{path}[{i}]: removed (was {_short(old[i])})"
                elif i >= len(old):
                    yield f"{path}[{i}]: added {_short(new[i])}"
                else:
                    yield from diff(old[i], new[i], f"{path}[{i}]")
    elif old != new:
        yield f"{path}: {_short(old)} -> {_short(new)}"


def _short(value: Any, width: int = 100) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= width else text[: width - 1] + "…"


def compare(old_dir: Path, new_dir: Path, only: list[str], limit: int) -> int:
    differences = 0
    for name in only:
        if name == "pan-pairs":
            old_files = {p.name: p.read_text() for p in (old_dir / name).glob("*.xml")}
            new_files = {p.name: p.read_text() for p in (new_dir / name).glob("*.xml")}
            changed = sorted(k for k in old_files.keys() | new_files.keys()
                             if old_files.get(k) != new_files.get(k))
            print(f"{name}: {len(changed)} of {len(old_files)} XML files differ")
            for k in changed[:limit]:
                print(f"  {k}")
            differences += len(changed)
            continue
        old_path, new_path = old_dir / f"{name}.json", new_dir / f"{name}.json"
        if not old_path.exists() or not new_path.exists():
            print(f"{name}: missing in {'old' if not old_path.exists() else 'new'} run")
            differences += 1
            continue
        old = json.loads(old_path.read_text("utf-8"))
        new = json.loads(new_path.read_text("utf-8"))
        meta = [{k: v for k, v in r["generator"].items() if k != "command"} for r in (old, new)]
        settings = list(diff(meta[0], meta[1], "generator"))
        for report in (old, new):
            report["generator"] = {"command": report["generator"].get("command")}
        found = list(diff(old, new))
        print(f"{name}: {len(found)} differences in findings"
              + (f", {len(settings)} in the generator's settings and metadata" if settings else ""))
        for line in found[:limit]:
            print(f"  {line}")
        if len(found) > limit:
            print(f"  … and {len(found) - limit} more")
        for line in settings[:limit]:
            print(f"  (generator) {line}")
        differences += len(found)
    return 1 if differences else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    w = sub.add_parser("write", help="run the corpora and keep the reports in DIR")
    w.add_argument("dir", type=Path)
    w.add_argument("--jobs", type=int, default=2)
    c = sub.add_parser("compare", help="compare two folders written by 'write'")
    c.add_argument("old", type=Path)
    c.add_argument("new", type=Path)
    c.add_argument("--limit", type=int, default=40, help="differences shown per corpus")
    for p in (w, c):
        p.add_argument("--only", nargs="+", default=list(CORPORA), choices=CORPORA)
    args = ap.parse_args(argv)
    if args.command == "write":
        if not PAN.is_dir() and {"clough", "pan-mixed", "pan-pairs"} & set(args.only):
            sys.exit(f"golden: evaluation data not found at {DATA}")
        write(args.dir, args.only, args.jobs)
        return 0
    return compare(args.old, args.new, args.only, args.limit)


if __name__ == "__main__":
    sys.exit(main())
