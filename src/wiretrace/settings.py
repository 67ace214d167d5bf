"""Every setting of a run, as one tree of plain records, recorded in every report.

Each stage defines its own section (``normalize``, ``candidates``, ``align``,
``classify``, ``forensics`` with its detectors, ``stories``, ``collate``) next to its code; this
module puts them together and reads them from a TOML file::

    # wiretrace.toml — any subset; unknown names are an error
    [lexicon]
    wordnet = false            # the same switch as --no-synonyms

    [align]
    seed_cosine = 0.4

    [forensics.spin]
    min_score = 0.6

:func:`load_settings` reads such a file (``--config FILE``), :meth:`Settings.replace`
changes single values by dotted name (``"forensics.spin.min_score"``), and
:meth:`Settings.to_dict` gives the nested dict the report records.
"""

from __future__ import annotations

import dataclasses
import itertools
import tomllib
import types
import typing
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from wiretrace.align.settings import AlignSettings
from wiretrace.candidates.settings import CandidateSettings
from wiretrace.classify.settings import ClassifySettings
from wiretrace.collate.settings import CollateSettings
from wiretrace.forensics.settings import ForensicsSettings
from wiretrace.normalize.settings import NormalizeSettings
from wiretrace.stories.settings import StorySettings


@dataclass(frozen=True, slots=True)
class LexiconSettings:
    wordnet: bool = True
    """Use WordNet (synonyms in matching, expressions and relations in the disguise
    detectors). Off switches it off everywhere (``--no-synonyms``)."""
    user_lexicon: str | None = None
    """A file of your own ``tortured → correct`` phrases (JSON or CSV), ``--lexicon FILE``."""


@dataclass(frozen=True, slots=True)
class Settings:
    lexicon: LexiconSettings = field(default_factory=LexiconSettings)
    normalize: NormalizeSettings = field(default_factory=NormalizeSettings)
    embeddings: bool = False
    """Also compare sentences by embedding vectors (needs the ``embeddings`` extra)."""
    candidates: CandidateSettings = field(default_factory=CandidateSettings)
    align: AlignSettings = field(default_factory=AlignSettings)
    classify: ClassifySettings = field(default_factory=ClassifySettings)
    forensics: ForensicsSettings = field(default_factory=ForensicsSettings)
    stories: StorySettings = field(default_factory=StorySettings)
    collate: CollateSettings = field(default_factory=CollateSettings)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def replace(self, **values: Any) -> Settings:
        """A copy with values changed by dotted name: ``replace(**{"align.seed_cosine":
        0.4})``; section names take a whole record (``forensics=…``)."""
        return _replace_paths(self, values, "")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], where: str = "settings") -> Settings:
        """Settings from a nested mapping (as :meth:`to_dict` writes it, or any subset);
        raises :class:`SettingsError` naming ``where`` and the bad name or value."""
        return _build(cls, data, where, "")


class SettingsError(ValueError):
    """A configuration value or name that does not fit the settings tree."""


def load_settings(path: str | Path, base: Settings | None = None) -> Settings:
    """Settings from a TOML file, starting from ``base`` (default: the defaults)."""
    where = str(path)
    try:
        data = tomllib.loads(Path(path).read_text("utf-8"))
    except OSError as exc:
        raise SettingsError(f"{where}: cannot read config: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{where}: not valid TOML: {exc}") from None
    merged = _merge((base or Settings()).to_dict(), data, where, "")
    return Settings.from_dict(merged, where)


def _merge(base: dict[str, Any], data: Mapping[str, Any], where: str, prefix: str
           ) -> dict[str, Any]:
    out = dict(base)
    for key, value in data.items():
        name = f"{prefix}{key}"
        if key not in base:
            raise SettingsError(f"{where}: unknown setting {name!r}")
        if isinstance(base[key], dict):
            if not isinstance(value, Mapping):
                raise SettingsError(f"{where}: {name!r} is a section ([{name}]), not a value")
            out[key] = _merge(base[key], value, where, name + ".")
        else:
            out[key] = value
    return out


def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _build(cls: type, data: Mapping[str, Any], where: str, prefix: str) -> Any:
    hints = _hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if key not in names:
            raise SettingsError(f"{where}: unknown setting {name!r}")
        kwargs[key] = _value(hints[key], value, where, name)
    return cls(**kwargs)


def _value(hint: Any, value: Any, where: str, name: str) -> Any:
    if dataclasses.is_dataclass(hint):
        if isinstance(value, hint):
            return value
        if not isinstance(value, Mapping):
            raise SettingsError(f"{where}: {name!r} is a section, not a value")
        return _build(hint, value, where, name + ".")
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        inner = [a for a in args if a is not type(None)]
        return _value(inner[0], value, where, name)
    if origin is tuple:
        if not isinstance(value, list | tuple):
            raise SettingsError(f"{where}: {name!r} must be a list, got {value!r}")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_value(args[0], v, where, name) for v in value)
        if len(args) != len(value):
            raise SettingsError(f"{where}: {name!r} must have {len(args)} values")
        return tuple(_value(a, v, where, name) for a, v in zip(args, value, strict=True))
    if hint is bool:
        if not isinstance(value, bool):
            raise SettingsError(f"{where}: {name!r} must be true or false, got {value!r}")
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise SettingsError(f"{where}: {name!r} must be a whole number, got {value!r}")
        return value
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise SettingsError(f"{where}: {name!r} must be a number, got {value!r}")
        return float(value)
    if hint is str:
        if not isinstance(value, str):
            raise SettingsError(f"{where}: {name!r} must be a string, got {value!r}")
        return value
    return value


def _replace_paths(record: Any, values: Mapping[str, Any], prefix: str) -> Any:
    direct: dict[str, Any] = {}
    nested: dict[str, dict[str, Any]] = {}
    hints = _hints(type(record))
    names = {f.name for f in dataclasses.fields(record)}
    for path, value in values.items():
        head, _, rest = path.partition(".")
        if head not in names:
            raise SettingsError(f"unknown setting {prefix + head!r}")
        if rest:
            nested.setdefault(head, {})[rest] = value
        else:
            direct[head] = _value(hints[head], value, "settings", prefix + head)
    for head, sub in nested.items():
        direct[head] = _replace_paths(direct.get(head, getattr(record, head)), sub,
                                      f"{prefix}{head}.")
    return dataclasses.replace(record, **direct)


# ------------------------------------------------------------------------ reference


def settings_toml(settings: Settings | None = None) -> str:
    """Every setting as a TOML file (the defaults, or ``settings``), each one with the
    sentence that documents it: what ``wiretrace settings`` prints, a starting point for
    ``--config``."""
    lines = ["# wiretrace settings (wiretrace.toml): every threshold and weight of a run.",
             "# Keep the ones you change; the report records them all.", ""]
    _toml_section(settings or Settings(), "", lines)
    return "\n".join(lines).rstrip() + "\n"


def _toml_section(record: Any, prefix: str, lines: list[str]) -> None:
    docs = _field_docs(type(record))
    simple = [f for f in dataclasses.fields(record)
              if not dataclasses.is_dataclass(getattr(record, f.name))]
    sections = [f for f in dataclasses.fields(record)
                if dataclasses.is_dataclass(getattr(record, f.name))]
    if simple and prefix:
        lines.append(f"[{prefix}]")
    for f in simple:
        for doc_line in _wrap(docs.get(f.name, "")):
            lines.append(f"# {doc_line}")
        value = getattr(record, f.name)
        if value is None:
            lines.append(f'# {f.name} = "..."   (not set)')
        else:
            lines.append(f"{f.name} = {_toml_value(value)}")
    if simple:
        lines.append("")
    for f in sections:
        _toml_section(getattr(record, f.name), f"{prefix}{f.name}" if not prefix
                      else f"{prefix}.{f.name}", lines)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return repr(value)


def _wrap(text: str, width: int = 86) -> list[str]:
    import textwrap

    return textwrap.wrap(" ".join(text.split()), width) if text else []


def _field_docs(cls: type) -> dict[str, str]:
    """The docstring under each field of a settings dataclass (read from its source)."""
    import ast
    import inspect

    try:
        tree = ast.parse(inspect.getsource(cls))
    except (OSError, TypeError):
        return {}
    body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
    docs: dict[str, str] = {}
    for node, after in itertools.pairwise(body):
        if (isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
                and isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant)
                and isinstance(after.value.value, str)):
            docs[node.target.id] = after.value.value.replace("``", "")
    return docs
