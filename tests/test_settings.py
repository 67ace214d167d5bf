"""The settings tree: one record for every threshold, read from TOML, recorded in the
report, documented in docs/settings.md."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wiretrace.cli import main
from wiretrace.settings import Settings, SettingsError, load_settings, settings_toml

DOC = Path(__file__).resolve().parent.parent / "docs" / "settings.md"


def test_docs_list_every_setting_as_wiretrace_settings_prints_them() -> None:
    text = DOC.read_text("utf-8")
    block = text.split("```toml\n", 1)[1].split("```", 1)[0]
    assert block == settings_toml(), "docs/settings.md is stale: regenerate its toml block"


def test_toml_round_trip_and_partial_files(tmp_path: Path) -> None:
    full = tmp_path / "full.toml"
    full.write_text(settings_toml(), "utf-8")
    assert load_settings(full) == Settings()
    part = tmp_path / "part.toml"
    part.write_text('[forensics.spin]\nmin_score = 0.7\n[lexicon]\nwordnet = false\n', "utf-8")
    s = load_settings(part)
    assert s.forensics.spin.min_score == 0.7 and not s.lexicon.wordnet
    assert s.align == Settings().align
    assert Settings.from_dict(s.to_dict()) == s


@pytest.mark.parametrize(("text", "message"), [
    ("[align]\nseed_cosin = 0.4\n", "unknown setting 'align.seed_cosin'"),
    ('[align]\nseed_cosine = "high"\n', "'align.seed_cosine' must be a number"),
    ("align = 3\n", "'align' is a section"),
    ("[align\n", "not valid TOML"),
])
def test_bad_config_is_one_clear_error(tmp_path: Path, text: str, message: str,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(SettingsError, match=r"bad\.toml"):
        load_settings(path)
    assert main(["demo", "-q", "--config", str(path)]) == 1
    err = capsys.readouterr().err
    assert message in err and str(path) in err and "Traceback" not in err


def test_the_report_records_the_settings_a_config_gave(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text("[candidates]\nmin_score = 0.05\n[forensics]\nenabled = false\n", "utf-8")
    out = tmp_path / "r.json"
    assert main(["demo", "-q", "--config", str(config), "--no-synonyms", "--json", str(out)]) == 0
    report = json.loads(out.read_text("utf-8"))
    recorded = Settings.from_dict(report["generator"]["settings"])
    assert recorded.candidates.min_score == 0.05
    assert not recorded.forensics.enabled and not recorded.lexicon.wordnet
    assert report["generator"]["lexicon"] == {"wordnet": "off"}
    # forensics off: no disguise evidence, no direction votes
    assert all("spin" not in d for d in report["documents"])
    assert all(p["direction_evidence"] == [] for p in report["pairs"])


def test_no_synonyms_switches_wordnet_off_everywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    """With WordNet off, no stage may load it (the substitution table and the translation
    traces used to load it regardless)."""
    import wiretrace.lexicon.resources as resources
    import wiretrace.lexicon.wordnet as wn

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("WordNet loaded although lexicon.wordnet is false")

    monkeypatch.setattr(wn, "load_wordnet", refuse)
    monkeypatch.setattr(resources, "load_wordnet", refuse)
    import wiretrace
    from test_disguise import ORIGINAL, SPUN

    settings = Settings().replace(**{"lexicon.wordnet": False})
    report = wiretrace.scan([{"id": "a", "text": ORIGINAL}, {"id": "b", "text": "x. " + SPUN}],
                            settings)
    assert report.lexicon == {"wordnet": "off"}
