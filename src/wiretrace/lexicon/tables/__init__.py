"""WordNet compiled into wiretrace's own lexicon tables, and the cache they live in.

Reading the WordNet 3.0 text database takes seconds (index files, every data file for
the expression index, every lemma for the fused-word prefixes). :func:`compile_lexicon`
does that once and writes everything wiretrace reads from WordNet into one folder:

* ``lexicon.npz`` — numpy arrays: string tables (one UTF-8 text per table, one item a
  line) and integer tables that refer to them (a dict of tuples as its keys, and for
  each key the number of its row in a table of the distinct rows, stored shortest
  first); wide integers as byte planes, deflated where that pays;
* ``manifest.json`` — the format version, where the tables came from, and the size
  and SHA-256 of each file plus a checksum over them.

:class:`LexiconTables` opens such a folder, verifies the manifest and the checksums
before it believes anything, and turns the tables back into the dicts that
:class:`~wiretrace.lexicon.wordnet.WordNet` and
:class:`~wiretrace.lexicon.expressions.ExpressionIndex` expose (equal to what the text
readers produce; the test suite compares them), each part when it is first asked for.

Two places hold compiled folders: the package itself (:data:`PACKAGED_DIR`), what
:func:`~wiretrace.lexicon.wordnet.load_wordnet` returns by default, so pip alone brings
WordNet; and the user's cache, for a WordNet folder the user names
(``$WIRETRACE_WORDNET``, ``load_wordnet(folder)``). A cached folder is keyed by its
source (the names, sizes and modification times of the source files), the format
version and the code that compiles it; a stale, truncated or corrupt one is rebuilt,
never used.

The modules:

* :mod:`.format` — format version, file names, manifest checksum, :class:`LexiconError`;
* :mod:`.codecs` — how each kind of value becomes arrays and back;
* :mod:`.compiler` — WordNet database → arrays → folder, and the cache key;
* :mod:`.reader` — :class:`LexiconTables` and its lazily decoded expression index;
* :mod:`.locations` — the packaged folder and the user's cache.

The names below are re-exported for callers; to replace one in a test, patch it in the
module that uses it (``locations.compile_lexicon``), not here.
"""

from wiretrace.lexicon.cache import cache_root
from wiretrace.lexicon.tables.compiler import (
    builder_fingerprint,
    compile_lexicon,
    count_prefixes,
    encode_lexicon,
    source_key,
    write_tables,
)
from wiretrace.lexicon.tables.format import (
    FORMAT_VERSION,
    KIND,
    MANIFEST,
    SOURCE_FILES,
    TABLES,
    LexiconError,
)
from wiretrace.lexicon.tables.locations import (
    PACKAGED_DIR,
    cache_folder,
    cached_tables,
    packaged_tables,
)
from wiretrace.lexicon.tables.reader import LexiconTables

__all__ = [
    "FORMAT_VERSION",
    "KIND",
    "MANIFEST",
    "PACKAGED_DIR",
    "SOURCE_FILES",
    "TABLES",
    "LexiconError",
    "LexiconTables",
    "builder_fingerprint",
    "cache_folder",
    "cache_root",
    "cached_tables",
    "compile_lexicon",
    "count_prefixes",
    "encode_lexicon",
    "packaged_tables",
    "source_key",
    "write_tables",
]
