"""Issue 13's leftovers: one currency style, no quote without its issuer (the command line says what to
set), 拠点名 never ids, the wizard's site numbers, characters no font prints named with their field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from configurator.documents.form import build_form
from configurator.documents.quote import build_quote
from configurator.tariff.rules import validate
from tests.conftest import EXAMPLES, example, run_cli
from tests.test_documents import opts, pdftotext


@pytest.mark.parametrize("name", ["mixed.iij-order.json", "auth.iij-order.json", "vpn.iij-order.json"])
def test_a_quote_has_one_currency_style(name: str, tmp_path: Path) -> None:
    text = pdftotext(build_quote(example(name), opts()), tmp_path)
    assert "￥" not in text and "¥" not in text
    assert re.search(r"御見積金額\(税込\)\s+[\d,]+円", text)


def test_the_form_shows_site_names_not_ids_and_the_wizards_numbers(tmp_path: Path) -> None:
    doc = example("mixed.iij-order.json")
    doc["vpn_networks"][0]["children"][1]["name"] = ""
    text = pdftotext(build_form(doc, opts()), tmp_path)
    ids = [s["id"] for s in [doc["vpn_networks"][0]["parent"], *doc["vpn_networks"][0]["children"]]]
    assert not any(f"({sid})" in text for sid in ids)
    assert "(名称未記入)" in text
    # the wizard numbers the parent 1 and the children from 2, in the order of the list
    rows = [ln.split()[:3] for ln in text.splitlines() if re.match(r"\s*\d+\s+[親子]\s", ln)]
    assert [r[:2] for r in rows[:4]] == [["1", "親"], ["2", "子"], ["3", "子"], ["4", "子"]]


def test_the_command_line_refuses_a_quote_without_its_issuer_and_says_what_to_set(tmp_path: Path) -> None:
    env = {"IIJ_CONFIGURATOR_DATA": str(tmp_path / "empty")}
    out = tmp_path / "q.pdf"
    r = run_cli("quote", str(EXAMPLES / "auth.iij-order.json"), "-o", str(out), env=env)
    assert r.returncode == 2 and not out.exists()
    message = r.stderr.decode()
    assert "発行元が設定されていない" in message and "担当者" in message and "登録番号" in message
    assert "settings.json" in message and "--draft" in message and "Traceback" not in message
    r = run_cli("quote", str(EXAMPLES / "auth.iij-order.json"), "-o", str(out), "--draft", env=env)
    assert r.returncode == 0 and out.exists()
    r = run_cli(
        "cancel-quote", str(EXAMPLES / "cancel.iij-cancel.json"), "-o", str(tmp_path / "c.pdf"), env=env
    )
    assert r.returncode == 2 and "発行元が設定されていない" in r.stderr.decode()
    # the form is no quote: made without the issuer
    assert (
        run_cli(
            "form", str(EXAMPLES / "auth.iij-order.json"), "-o", str(tmp_path / "f.pdf"), env=env
        ).returncode
        == 0
    )


THAI = "ก"  # in no font of this machine (nor of the app's fallbacks)


def test_validate_warns_of_a_character_no_font_prints_naming_field_and_character() -> None:
    doc = example("mixed.iij-order.json")
    doc["vpn_networks"][0]["children"][0]["name"] = f"大阪{THAI}支店"
    issues = [i for i in validate(doc) if i.rule == "document.unprintable"]
    assert [(i.severity, i.path) for i in issues] == [("warning", "/vpn_networks/0/children/0/name")]
    assert "「ก」(U+0E01)" in issues[0].message and "〓" in issues[0].message
    assert not [i for i in validate(example("mixed.iij-order.json")) if i.rule == "document.unprintable"]


def test_the_export_names_field_and_character(tmp_path: Path) -> None:
    doc = example("mixed.iij-order.json")
    doc["customer"]["name"] = f"{THAI}商事"
    f = tmp_path / "o.iij-order.json"
    import json

    f.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    r = run_cli("form", str(f), "-o", str(tmp_path / "f.pdf"))
    assert r.returncode == 0
    assert "警告: /customer/name の文字 「ก」(U+0E01)" in r.stderr.decode()
