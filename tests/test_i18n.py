"""Catalogues: complete, placeholders kept, the extraction up to date; the safe translation lookup."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from configurator.text import i18n
from tests.conftest import ROOT

I18N = ROOT / "i18n"


def catalogue(lang: str) -> dict[str, str]:
    """msgid -> msgstr; a plural entry (ngettext) gives each of its forms, keyed by its singular."""
    out: dict[str, str] = {}
    with open(I18N / lang / "LC_MESSAGES" / "messages.po", "rb") as fh:
        for m in read_po(fh):
            if isinstance(m.id, tuple):
                for i, form in enumerate(m.string):
                    out[m.id[0] if i == 0 else f"{m.id[1]}\x00{i}"] = form
            elif m.id:
                out[m.id] = m.string
    return out


def fresh_template(tmp_path: Path) -> set[str]:
    pot = tmp_path / "messages.pot"
    subprocess.run([str(Path(sys.executable).with_name("pybabel")), "extract", "-F", str(I18N / "babel.cfg"),
                    "-k", "_", "-k", "N_", "-o", str(pot), "."], cwd=ROOT, check=True)
    with open(pot, "rb") as fh:
        return {m.id[0] if isinstance(m.id, tuple) else m.id for m in read_po(fh) if m.id}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_catalogue_is_complete_for_the_marked_strings(lang: str, tmp_path: Path) -> None:
    cat = catalogue(lang)
    missing = sorted(fresh_template(tmp_path) - set(cat))
    assert missing == [], f"run `make i18n-update` and translate: {missing[:5]}"
    empty = [k for k, v in cat.items() if not v]
    assert empty == []
    # a fuzzy entry (pybabel update's guess from a similar old string) is left out of the compiled
    # catalogue: the user would see the source text, or the guess would be wrong
    with open(I18N / lang / "LC_MESSAGES" / "messages.po", "rb") as fh:
        fuzzy = [m.id for m in read_po(fh) if m.id and m.fuzzy]
    assert fuzzy == [], f"check and confirm these translations: {fuzzy[:5]}"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_translation_keeps_the_placeholders_of_its_source(lang: str) -> None:
    for msgid, msgstr in catalogue(lang).items():
        assert i18n.fields(msgid.split("\x00")[0]) == i18n.fields(msgstr), (msgid, msgstr)


def test_english_is_loaded_and_an_unsafe_translation_is_never_used(monkeypatch: pytest.MonkeyPatch) -> None:
    try:
        assert i18n.install("en") == "en"
        assert i18n._("次へ(&N)") == "&Next"
        assert i18n._("{quote_number} に保存しました").format(quote_number="Q-1") == "Saved as Q-1"
        assert i18n.ngettext("{n}拠点", "{n}拠点", 1).format(n=1) == "1 site"
        assert i18n.ngettext("{n}拠点", "{n}拠点", 3).format(n=3) == "3 sites"

        class Broken:
            def gettext(self, msgid: str) -> str:
                return "Saved as {number}"

            def ngettext(self, singular: str, plural: str, n: int) -> str:
                return "{count} sites"

        monkeypatch.setattr(i18n, "_translation", Broken())
        assert i18n._("{quote_number} に保存しました") == "{quote_number} に保存しました"
        assert i18n.ngettext("{n}拠点", "{n}拠点", 2) == "{n}拠点"
    finally:
        i18n.install("ja")


def test_language_follows_the_setting_and_the_system(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from configurator.store.settings import chosen_language

    monkeypatch.delenv("IIJ_CONFIGURATOR_LANG")
    monkeypatch.setenv("IIJ_CONFIGURATOR_DATA", str(tmp_path))
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert chosen_language() == "en"
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    assert chosen_language() == "ja"
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert chosen_language() == "ja"  # Japanese is the default
    from configurator.store.settings import save_settings

    save_settings({"language": "en"})
    assert chosen_language() == "en"


def test_the_command_line_in_english() -> None:
    from tests.conftest import EXAMPLES, run_cli

    env = {"IIJ_CONFIGURATOR_LANG": "en"}
    r = run_cli("validate", str(EXAMPLES / "invalid" / "rule-errors.iij-order.json"), env=env)
    out = r.stdout.decode()
    assert r.returncode == 1 and "6 errors, 1 warning" in out and "Repair: Set Type 2" in out
    assert "The maintenance type must be type 2." in out
    r = run_cli("validate", str(EXAMPLES / "invalid" / "not-json.iij-order.json"), env=env)
    assert r.returncode == 2 and "line 5" in r.stderr.decode() and "Not valid JSON" in r.stderr.decode()
    r = run_cli("calc", "cancellation", "--notice", "2026-04-01", env=env)
    assert "Cancellation takes effect on: 2026-05-01 (Reiwa 8)" in r.stdout.decode()
    r = run_cli("validate", "--json", str(EXAMPLES / "invalid" / "rule-errors.iij-order.json"), env=env)
    issue = __import__("json").loads(r.stdout)["issues"][0]
    assert issue["message"].startswith("保守種別")  # the JSON contract keeps the Japanese message


def test_english_access_keys_are_marked_in_the_words() -> None:
    """「編集(&E)」 is "&Edit" in English, not "Edit (&E)": a bracketed letter only when the words lack it."""
    import re

    suffixed = []
    for msgid, text in catalogue("en").items():
        found = re.fullmatch(r"(.*?) \(&(\w)\)(…|:)?", text, re.S)
        if found and found.group(2).lower() in found.group(1).lower():
            suffixed.append((msgid, text))
    assert suffixed == []


def test_english_sentence_and_bracket_have_a_space_between() -> None:
    """"…was sent.(No article" read as one word: in English a bracket after a sentence has a space."""
    import re

    cramped = [t for t in catalogue("en").values() if re.search(r"[.!?]\(", t)]
    assert cramped == []
    i18n.install("en")
    try:
        from configurator.tariff.checks.registry import Issue
        from ui.common import issue_text

        issue = Issue("form.x", "error", "/title", "件名がありません。", "No title.", "—", None)
        assert issue_text([issue]) == "Error: No title. (a technical or format check, not a tariff article)"
    finally:
        i18n.install("ja")
