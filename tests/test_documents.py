"""The quote and application form PDFs: text, fonts, safety, round trip, determinism."""

from __future__ import annotations

import datetime as dt
import json
import re
import struct
import subprocess
from pathlib import Path
from typing import Any

import pytest

from configurator.documents import fonts
from configurator.documents.common import DocOptions
from configurator.documents.form import build_form
from configurator.documents.pdfimport import NotOurPdf, extract_order
from configurator.documents.quote import addressee, build_quote
from configurator.errors import KnownError
from configurator.store.issuer import Issuer, registration_number_ok
from tests.conftest import EXAMPLES, example, run_cli, write_issuer

DAY = dt.date(2026, 11, 22)
ISSUER = Issuer(
    company="株式会社インターネットイニシアティブ",
    address="東京都千代田区富士見2-10-2",
    phone="03-5205-6500",
    person="営業部 佐藤 花子",
    registration_number="T7000012050002",
)


def opts(**kw: Any) -> DocOptions:
    return DocOptions(
        issue_date=kw.pop("issue_date", DAY),
        number=kw.pop("number", "Q-2026-000123-R2"),
        issuer=kw.pop("issuer", ISSUER),
        **kw,
    )


def pdftotext(data: bytes, tmp_path: Path, layout: bool = True) -> str:
    f = tmp_path / "x.pdf"
    f.write_bytes(data)
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [str(f), "-"]
    return subprocess.run(args, capture_output=True, check=True).stdout.decode()


def pages(data: bytes, tmp_path: Path) -> list[str]:
    return pdftotext(data, tmp_path).split("\f")[:-1]


def pdffonts(data: bytes, tmp_path: Path) -> list[list[str]]:
    f = tmp_path / "f.pdf"
    f.write_bytes(data)
    out = subprocess.run(["pdffonts", str(f)], capture_output=True, check=True, text=True).stdout
    return [line.split() for line in out.splitlines()[2:]]


def test_quote_says_what_a_japanese_quote_says(tmp_path: Path) -> None:
    text = pdftotext(build_quote(example("mixed.iij-order.json"), opts()), tmp_path)
    for words in (
        "御見積書",
        "株式会社サンプル",
        "情報システム部 山田 太郎 様",
        "件名: 株式会社サンプル様 拠点間VPNと認証",
        "Q-2026-000123-R2",
        "2026年11月22日",
        "2026年12月22日",
        "下記のとおりお見積り申し上げます",
        "初期費用 合計(税込)",
        "初期費用 合計(税込) 490,600円",  # one currency style: 円 (was ￥490,600 here and 円 in the tables)
        "月額費用 合計(税込) 247,720円",
        "446,000円",
        "44,600円",
        "490,600円",
        "消費税(10%、1円未満切り捨て)",
        "最低利用期間の総額",
        "6,173,200円",
        "登録番号 T7000012050002",
        "サンプル価格",
        "最低利用期間内解除調定金",
        "SAMPLE-2026.11",
    ):
        assert words in text, words
    for header in ("No", "品名", "数量", "単位", "単価", "金額", "小計", "合計"):
        assert header in text
    assert "30日を経過する日" in "".join(text.split())  # a remark, wherever its lines break


def test_quote_dates_in_wareki(tmp_path: Path) -> None:
    text = pdftotext(build_quote(example("auth.iij-order.json"), opts(wareki=True)), tmp_path)
    assert "令和8年11月22日" in text and "令和8年12月22日" in text


@pytest.mark.parametrize(
    ("customer", "lines"),
    [
        ({"name": "株式会社サンプル", "kind": "company"}, ["株式会社サンプル 御中"]),
        (
            {"name": "株式会社サンプル", "department": "情報システム部", "kind": "company"},
            ["株式会社サンプル", "情報システム部 御中"],  # 御中 after the department it addresses
        ),
        (
            {"name": "株式会社サンプル", "department": "総務部", "contact": "山田 太郎"},
            ["株式会社サンプル", "総務部 山田 太郎 様"],
        ),
        ({"name": "鈴木 一郎", "kind": "person"}, ["鈴木 一郎 様"]),
        ({"name": "  ", "kind": "company"}, ["\u3000" * 10 + " 御中"]),  # blank, to fill in by hand
    ],
)
def test_addressee_follows_business_custom(customer: dict, lines: list[str]) -> None:
    assert addressee(customer) == lines


def test_registration_number_check_digit() -> None:
    assert registration_number_ok("T7000012050002")  # 国税庁's own 法人番号
    assert not registration_number_ok("T8000012050002")
    assert not registration_number_ok("7000012050002")
    assert not registration_number_ok("T700001205000")
    with pytest.raises(KnownError, match="登録番号"):
        Issuer(registration_number="T1234567890123").check()


def test_all_fonts_are_embedded_subsets(tmp_path: Path) -> None:
    for data in (
        build_quote(example("mixed.iij-order.json"), opts()),
        build_form(example("mixed.iij-order.json"), opts()),
    ):
        rows = pdffonts(data, tmp_path)
        assert rows
        for row in rows:
            assert "+" in row[0], row  # a subset
            assert row[-5] == "yes", row  # emb


def test_form_has_every_site_contract_and_the_duties(tmp_path: Path) -> None:
    text = pdftotext(build_form(example("mixed.iij-order.json"), opts()), tmp_path, layout=False).replace(
        "\n", ""
    )
    for words in (
        "利用申込書",
        "お客様情報",
        "カブシキガイシャサンプル",
        "VPN網 1: 本社-支店VPN",
        "デュアルスターシングルエッジ",
        "大阪支店",  # 拠点名 only: the internal id (osaka) is no longer printed (issue 13 C)
        "名古屋営業所",
        "福岡営業所",
        "Cisco ISR 4351",
        "10.0.0.0/16",
        "○○光ネクスト",
        "管理単位 1",
        "example.co.jp",
        "198.51.100.10",
        "192.0.2.10",
        "タイプD",
        "IIJモバイルサービス/タイプD",
        "192.0.2.21",
        "第8条第2項",
        "第6条第2項",
        "申込者(記名)",
        "印",
        "子拠点 3拠点",
    ):
        assert words in text, words


def test_user_text_never_becomes_markup(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    payload = (
        "<para><font color=\"[ [ getattr(pow,Word('__globals__'))['os'].system('touch "
        + str(marker)
        + "') for Word in [orgTypeFun('Word', (str,), { 'mutated': 1, 'startswith': lambda self, x: False, "
        "'__eq__': lambda self,x: self.mutate() and self.mutated < 0 and str(self) == x, 'mutate': lambda "
        "self: "
        "{setattr(self, 'mutated', self.mutated - 1)}, '__hash__': lambda self: hash(str(self)) })] ] "
        "for orgTypeFun in [type(type(1))] ] and 'red'\">exploit</font></para>"
    )
    doc = example("mixed.iij-order.json")
    doc["title"] = "A&B <b>太字</b> 5 < 6 &amp;"
    doc["customer"]["name"] = payload
    doc["vpn_networks"][0]["children"][0]["name"] = "<br/>支店&"
    for data in (build_quote(doc, opts()), build_form(doc, opts())):
        text = pdftotext(data, tmp_path, layout=False)
        assert "A&B <b>太字</b> 5 < 6 &amp;" in text
        assert "exploit</font>" in text.replace("\n", "")
        assert not marker.exists()
    assert "<br/>支店&" in pdftotext(build_form(doc, opts()), tmp_path, layout=False)


def test_round_trip_through_the_pdf_is_exact(tmp_path: Path) -> None:
    for name in ("vpn.iij-order.json", "auth.iij-order.json", "mixed.iij-order.json"):
        doc = example(name)
        doc["x_extra"] = {"営業メモ": "PDFにも残る"}
        for data in (build_quote(doc, opts()), build_form(doc, opts())):
            assert extract_order(data) == doc


def test_output_is_deterministic() -> None:
    doc = example("mixed.iij-order.json")
    assert build_quote(doc, opts()) == build_quote(doc, opts())
    assert build_form(doc, opts()) == build_form(doc, opts())
    assert build_quote(doc, opts()) != build_quote(doc, opts(issue_date=dt.date(2026, 11, 23)))


def test_cli_determinism_and_import(tmp_path: Path) -> None:
    src = str(EXAMPLES / "mixed.iij-order.json")
    for n in (1, 2):
        r = run_cli(
            "quote",
            src,
            "-o",
            str(tmp_path / f"q{n}.pdf"),
            "--date",
            "2026-11-22",
            env={"IIJ_CONFIGURATOR_DATA": str(write_issuer(tmp_path / "data"))},
        )
        assert r.returncode == 0, r.stderr.decode()
    assert (tmp_path / "q1.pdf").read_bytes() == (tmp_path / "q2.pdf").read_bytes()
    r = run_cli("import", str(tmp_path / "q1.pdf"), "-o", str(tmp_path / "back.json"))
    assert r.returncode == 0
    assert json.loads((tmp_path / "back.json").read_text(encoding="utf-8")) == example("mixed.iij-order.json")


def test_a_pdf_not_ours_or_altered_is_refused(tmp_path: Path) -> None:
    from reportlab.pdfgen.canvas import Canvas

    other = tmp_path / "other.pdf"
    c = Canvas(str(other))
    c.drawString(100, 100, "hello")
    c.save()
    with pytest.raises(NotOurPdf, match="このアプリで作ったPDFではありません"):
        extract_order(other.read_bytes())
    with pytest.raises(NotOurPdf, match="PDFではありません"):
        extract_order(b"hello")
    good = build_quote(example("vpn.iij-order.json"), opts())
    # a broken revision appended by another program, emptying the document's catalog (its number is
    # the trailer's /Root: ReportLab numbers it last, pikepdf used to renumber it 1)
    root = re.findall(rb"/Root (\d+) 0 R", good)[-1]
    appended = good + b"\n" + root + b" 0 obj\n<< >>\nendobj\ntrailer\n<< >>\nstartxref\n0\n%%EOF\n"
    with pytest.raises(NotOurPdf, match="変更されています"):
        extract_order(appended)
    tampered = good.replace(b"iij-order-sha256:", b"iij-order-sha256:0", 1)
    with pytest.raises(NotOurPdf):
        extract_order(tampered)
    r = run_cli("import", str(other))
    assert r.returncode == 2 and "Traceback" not in r.stderr.decode()


def test_draft_prints_the_watermark_on_every_page(tmp_path: Path) -> None:
    doc = example("mixed.iij-order.json")
    for data in (build_quote(doc, opts(draft=True)), build_form(doc, opts(draft=True))):
        ps = pages(data, tmp_path)
        assert len(ps) >= 2
        assert all("【下書き】この書類は正式なものではありません" in p for p in ps)
    assert not any("下書き" in p for p in pages(build_quote(doc, opts()), tmp_path))


def test_cli_refuses_an_order_with_errors_unless_draft(tmp_path: Path) -> None:
    bad = str(EXAMPLES / "invalid" / "rule-errors.iij-order.json")
    out = tmp_path / "q.pdf"
    r = run_cli("quote", bad, "-o", str(out))
    assert r.returncode == 1 and not out.exists()
    assert "--draft" in r.stderr.decode()
    r = run_cli("form", bad, "-o", str(out), "--draft")
    assert r.returncode == 0 and out.exists()


def test_unwritable_target_is_told_and_leaves_nothing(tmp_path: Path) -> None:
    src = str(EXAMPLES / "vpn.iij-order.json")
    r = run_cli("quote", src, "-o", str(tmp_path / "missing" / "q.pdf"))
    assert r.returncode == 2 and "フォルダ" in r.stderr.decode()
    r = run_cli("quote", src, "-o", str(tmp_path))
    assert r.returncode == 2 and "フォルダです" in r.stderr.decode()
    assert list(tmp_path.iterdir()) == []


def test_hundreds_of_sites_break_across_pages_with_headers_and_page_numbers(tmp_path: Path) -> None:
    from tests.benchmarks.orders import big_order

    doc = big_order(300)
    ps = pages(build_form(doc, opts()), tmp_path)
    total = len(ps)
    assert total > 10
    for n, p in enumerate(ps, start=1):
        assert f"{n} / {total}" in p
    site_pages = [p for p in ps if "拠点00" in p]
    assert len(site_pages) > 5
    assert all("拠点名・設置場所" in p for p in site_pages)  # the header repeats
    assert "拠点00299" in "".join(ps)
    assert "都道府県と機器種別ごとにまとめて" in ps[0] + ps[1]


def test_long_text_wraps_inside_its_cell(tmp_path: Path) -> None:
    doc = example("vpn.iij-order.json")
    doc["vpn_networks"][0]["children"][0]["address"] = "大阪府大阪市北区" + "梅田一丁目一番一号" * 8
    text = pdftotext(build_form(doc, opts()), tmp_path, layout=False)
    assert "梅田一丁目一番一号" in text


# --- fonts ------------------------------------------------------------------------------------------


def _fake_sfnt(path: Path, magic: bytes, tags: list[bytes]) -> None:
    head = magic + struct.pack(">HHHH", len(tags), 0, 0, 0)
    table_dir = b"".join(t + b"\0" * 12 for t in tags)
    path.write_bytes(head + table_dir)


def test_cff_and_variable_fonts_are_skipped(tmp_path: Path) -> None:
    _fake_sfnt(tmp_path / "cff.otf", b"OTTO", [b"CFF ", b"cmap"])
    _fake_sfnt(tmp_path / "var.ttf", b"\x00\x01\x00\x00", [b"glyf", b"fvar", b"cmap"])
    _fake_sfnt(tmp_path / "ok.ttf", b"\x00\x01\x00\x00", [b"glyf", b"cmap"])
    assert not fonts.usable(str(tmp_path / "cff.otf"))
    assert not fonts.usable(str(tmp_path / "var.ttf"))
    assert fonts.usable(str(tmp_path / "ok.ttf"))
    assert fonts.usable("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf")


def test_a_configured_font_comes_first_and_the_fallback_warns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ipa = "/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf"
    choice = fonts.japanese_font(ipa, 0)
    assert choice.source == "user" and choice.embedded and "ipaexm" in choice.name
    monkeypatch.setattr(fonts, "candidates", lambda *a: [])
    fonts.japanese_font.cache_clear()
    try:
        fb = fonts.japanese_font(None, 0)
        assert not fb.embedded and fb.warning
        text = pdftotext(build_quote(example("auth.iij-order.json"), opts()), tmp_path)
        assert "日本語TrueTypeフォントが見つからない" in text
    finally:
        fonts.japanese_font.cache_clear()


def test_errors_of_the_form_stop_an_issued_form_not_a_draft_nor_the_quote(tmp_path: Path) -> None:
    """The new-user walk: a 申込書 was saved, not as a 下書き, while the review said the form lacked 2
    entries that stop it from being accepted (the parent site had no address or LAN)."""
    from configurator.tariff.rules import form_issues, issue_stoppers, validate

    doc = example("vpn.iij-order.json")
    doc["vpn_networks"][0]["parent"].update(address="", lan=[])
    assert validate(doc) == []  # the tariff rules find nothing: only the form lacks entries
    stoppers = issue_stoppers("form", validate(doc), form_issues(doc))
    assert [i.rule for i in stoppers] == ["form.site.address", "form.site.lan"]
    assert issue_stoppers("quote", validate(doc), form_issues(doc)) == []
    src = tmp_path / "o.iij-order.json"
    src.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    env = {"IIJ_CONFIGURATOR_DATA": str(write_issuer(tmp_path / "data"))}
    form, quote = tmp_path / "f.pdf", tmp_path / "q.pdf"
    r = run_cli("form", str(src), "-o", str(form))
    assert r.returncode == 1 and not form.exists()
    said = r.stderr.decode()
    assert "申込書を作成しません" in said and "--draft" in said
    assert "form.site.address" in said and "form.site.lan" in said
    assert run_cli("form", str(src), "-o", str(form), "--draft").returncode == 0 and form.exists()
    assert run_cli("quote", str(src), "-o", str(quote), env=env).returncode == 0 and quote.exists()
