"""Nothing on a document crashes it or silently disappears: long text is shortened with "…" and
printed whole in the appendix (別添); characters the main font lacks come from a fallback font or
are printed as 〓 and named, with their field, in the document."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from configurator.documents import fonts
from configurator.documents.common import DocOptions, unprintable_characters
from configurator.documents.form import build_form
from configurator.documents.lifecycle_docs import build_lifecycle_document
from configurator.documents.quote import build_quote
from configurator.lifecycle import analyse_cancel, analyse_change
from tests.conftest import EXAMPLES, example, run_cli, write_issuer
from tests.test_documents import ISSUER, pdffonts, pdftotext

DAY = dt.date(2026, 11, 22)
END = "ここまで全文"


def opts() -> DocOptions:
    return DocOptions(issue_date=DAY, number="Q-2026-000123-R2", issuer=ISSUER)


def long_text(n: int = 10_000) -> str:
    body = ("株式会社長い名前ABC" * (n // 10 + 1))[: n - len(END)]
    return body + END


def set_path(doc: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    out = copy.deepcopy(doc)
    target: Any = out
    for p in path[:-1]:
        target = target[p]
    target[path[-1]] = value
    return out


def build(kind: str, doc: dict[str, Any]) -> bytes:
    if kind == "quote":
        return build_quote(doc, opts())
    if kind == "form":
        return build_form(doc, opts())
    result = analyse_change(doc) if kind == "change-form" else analyse_cancel(doc)
    return build_lifecycle_document(kind, result, opts())


# One field of each kind of place: the quote's header, a label/value table, a list table cell, a
# heading, and the lifecycle documents' tables. (All ~190 text fields of the five kinds were tried
# at 10,000 characters while building this: none failed.)
CASES = [
    ("quote", "mixed.iij-order.json", ("customer", "name")),
    ("quote", "mixed.iij-order.json", ("title",)),
    ("quote", "auth.iij-order.json", ("customer", "contact")),
    ("form", "mixed.iij-order.json", ("customer", "name")),
    ("form", "mixed.iij-order.json", ("customer", "address")),
    ("form", "vpn.iij-order.json", ("vpn_networks", 0, "name")),
    ("form", "vpn.iij-order.json", ("vpn_networks", 0, "children", 1, "address")),
    ("form", "vpn.iij-order.json", ("vpn_networks", 0, "children", 0, "lan", 0)),
    ("form", "auth.iij-order.json", ("auth_units", 0, "clients", 0, "name")),
    ("form", "auth.iij-order.json", ("auth_units", 0, "vpdns", 0, "terminators", 1)),
    ("change-form", "change.iij-change.json", ("title",)),
    ("cancel-form", "cancel.iij-cancel.json", ("base", "customer", "name")),
    ("cancel-quote", "cancel.iij-cancel.json", ("base", "auth_units", 0, "clients", 0, "name")),
]


@pytest.mark.parametrize(
    ("kind", "name", "path"), CASES, ids=[f"{k}:{'/'.join(map(str, p))}" for k, _, p in CASES]
)
def test_ten_thousand_characters_are_shortened_and_kept_whole_in_the_appendix(
    kind: str, name: str, path: tuple[Any, ...], tmp_path: Path
) -> None:
    text = long_text()
    data = build(kind, set_path(example(name), path, text))
    printed = pdftotext(data, tmp_path, layout=False)
    assert "…(全文は別添1)" in printed  # shortened where it stands, pointing to the appendix
    assert "別添 省略した記載の全文" in printed and "別添1 " in printed
    flat = printed.replace("\n", "")
    assert END in flat and text[:200] in flat  # the whole text is there, start to end


def test_a_3000_character_customer_name_makes_a_quote_from_the_command_line(tmp_path: Path) -> None:
    import json

    doc = example("mixed.iij-order.json")
    doc["customer"]["name"] = long_text(3000)
    src = tmp_path / "long.iij-order.json"
    src.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    for kind in ("quote", "form"):
        out = tmp_path / f"{kind}.pdf"
        r = run_cli(
            kind,
            str(src),
            "-o",
            str(out),
            "--date",
            "2026-11-22",
            env={"IIJ_CONFIGURATOR_DATA": str(write_issuer(tmp_path / "data"))},
        )
        assert r.returncode == 0, r.stderr.decode()
        assert END in pdftotext(out.read_bytes(), tmp_path, layout=False).replace("\n", "")


def test_a_long_name_keeps_its_honorific(tmp_path: Path) -> None:
    doc = example("auth.iij-order.json")
    doc["customer"].update(name=long_text(500), contact="", department="", kind="company")
    first_page = pdftotext(build_quote(doc, opts()), tmp_path, layout=False).split("\f")[0]
    assert "…(全文は別添1) 御中" in first_page.replace("\n", "")
    doc["customer"]["department"] = "情報システム部"  # 御中 after the department it addresses
    first_page = pdftotext(build_quote(doc, opts()), tmp_path, layout=False).split("\f")[0]
    assert "…(全文は別添1)情報システム部 御中" in first_page.replace("\n", "")


def test_lines_longer_than_the_page_are_wrapped_not_cut(tmp_path: Path) -> None:
    doc = example("auth.iij-order.json")
    doc["title"] = "件名" + "とても長い件名" * 12  # 86 characters: wraps, no appendix
    text = pdftotext(build_quote(doc, opts()), tmp_path, layout=False)
    assert "別添" not in text
    assert doc["title"] in text.replace("\n", "")


RARE = "𠮷野家の髙橋さん😀"


def _has(path: str) -> bool:
    return Path(path).exists()


@pytest.mark.skipif(
    not _has(fonts.FALLBACK_FONTS[0][0]) or not _has(fonts.FALLBACK_FONTS[2][0]),
    reason="the fallback fonts (fonts-ipamj-mincho, fonts-symbola) are not installed",
)
def test_characters_the_main_font_lacks_are_printed_with_an_embedded_fallback_font(tmp_path: Path) -> None:
    doc = example("mixed.iij-order.json")
    doc["customer"]["contact"] = RARE
    doc["vpn_networks"][0]["children"][0]["name"] = RARE
    for data in (build_quote(doc, opts()), build_form(doc, opts())):
        text = pdftotext(data, tmp_path, layout=False)
        assert RARE in text.replace("\n", "")
        assert "〓" not in text and "印刷できない文字" not in text
        used = {row[0].split("+")[-1] for row in pdffonts(data, tmp_path)}
        assert {"IPAmjMincho", "Symbola"} <= used
        assert all(row[-5] == "yes" for row in pdffonts(data, tmp_path))  # embedded
    assert unprintable_characters(doc) == []


def test_a_character_no_font_has_is_marked_and_named_with_its_field(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fonts, "FALLBACK_FONTS", ())
    fonts.fallback_fonts.cache_clear()
    try:
        doc = example("mixed.iij-order.json")
        doc["customer"]["name"] = "𠮷田商事"
        doc["vpn_networks"][0]["children"][0]["name"] = "大阪😀支店"
        assert unprintable_characters(doc) == [
            ("/customer/name", "𠮷"),
            ("/vpn_networks/0/children/0/name", "😀"),
        ]
        text = pdftotext(build_form(doc, opts()), tmp_path, layout=False)
        assert "〓田商事" in text and "大阪〓支店" in text  # never silently dropped
        assert "印刷できない文字" in text
        assert "お客様情報 お客様名: 「〓」(U+20BB7)" in text
        assert "拠点一覧 2行目「拠点名・設置場所」: 「〓」(U+1F600)" in text
    finally:
        fonts.fallback_fonts.cache_clear()


def test_variation_selectors_are_not_reported(tmp_path: Path) -> None:
    doc = example("auth.iij-order.json")
    doc["customer"]["name"] = "葛\U000e0100飾商事"  # an ideographic variation sequence
    assert unprintable_characters(doc) == []
    assert "葛飾商事" in pdftotext(build_quote(doc, opts()), tmp_path, layout=False)


def test_examples_still_have_no_appendix(tmp_path: Path) -> None:
    for name in ("vpn.iij-order.json", "auth.iij-order.json", "mixed.iij-order.json"):
        for data in (build_quote(example(name), opts()), build_form(example(name), opts())):
            assert "別添" not in pdftotext(data, tmp_path, layout=False)
    assert (EXAMPLES / "mixed.iij-order.json").exists()
