"""Site lists in from CSV, pasted text, .xlsx and .ods; site lists and quote line items out to .xlsx
(issue 20 items 1-6, issue 22 item 4)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from configurator.cli import main
from configurator.pricing.books import sample_price_book
from configurator.pricing.quote import price_order
from configurator.session.devicenames import device_id
from configurator.session.sheets import (
    COUNT_FORMAT,
    YEARS_FORMAT,
    YEN_FORMAT,
    SheetError,
    quote_xlsx,
    read_site_bytes,
    read_site_file,
    sites_xlsx,
)
from configurator.session.sitecsv import parse_sites
from configurator.text import jpinput
from configurator.text.i18n import error_text
from tests.conftest import EXAMPLES

# --- item 1: postal codes -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("〒〒020-0021", "020-0021"),
        ("１００－０００５", "100-0005"),
        ("1000005", "100-0005"),
        ("100ー0005", "100-0005"),
        ("100－0005", "100-0005"),
        ("〒 100-0005", "100-0005"),
        ("0200021", "020-0021"),
    ],
)
def test_postal_codes_are_made_whole_on_the_way_in(typed: str, stored: str) -> None:
    assert jpinput.check_postal_code(typed) == jpinput.Checked(stored, None)
    r = parse_sites(f"拠点ID,拠点名,郵便番号\nS1,本社,{typed}\n")
    assert r.sites[0]["postal_code"] == stored and not r.warnings and not r.errors


def test_six_digit_postal_code_warns_of_a_lost_leading_zero() -> None:
    r = parse_sites("拠点ID,拠点名,郵便番号\nS1,本社,100-0005\nS2,盛岡,200021\n")
    assert [s["id"] for s in r.sites] == ["S1", "S2"]
    assert r.sites[1]["postal_code"] == "200021"  # kept, not guessed
    assert len(r.warnings) == 1
    w = r.warnings[0]
    assert w.startswith("3行目(S2)") and "先頭の0" in w and "020-0021" in w


def test_postal_code_of_other_lengths_is_kept_with_a_warning() -> None:
    c = jpinput.check_postal_code("12-34")
    assert c.value == "12-34" and c.warning and "7桁" in c.warning


# --- item 2: device names and terms as typed ------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "dev"),
    [
        ("８９１ＦＪ", "c891fj"),
        ("Cisco　891FJ", "c891fj"),
        ("シスコ891FJ", "c891fj"),
        ("Cisco 891FJ", "c891fj"),
        ("C892FSP-K9", "c892fsp"),
        ("C1121", "c1121_8p"),
        ("C1121-8P", "c1121_8p"),
        ("ISR 4351", "isr4351"),
        ("ＡＳＲ１００１－Ｘ", "asr1001x"),
        ("Catalyst 1000-24T-4G-L", "c1000_24t_4g_l"),
        ("c891fj", "c891fj"),
    ],
)
def test_device_names_as_a_salesperson_types_them(typed: str, dev: str) -> None:
    assert device_id(typed) == dev
    r = parse_sites(f"拠点ID,機器\nS1,{typed}\n")
    assert r.sites[0]["device"] == dev


def test_unknown_device_is_refused_naming_the_devices() -> None:
    r = parse_sites("拠点ID,機器\nS1,ISR 9999\n")
    assert not r.sites
    assert (
        r.errors[0].startswith("2行目: 機器「ISR 9999」は機器種別にありません")
        and "Cisco 891FJ" in r.errors[0]
    )


def test_device_aliases_are_data() -> None:
    from configurator.session.devicenames import alias_data

    assert "C1121" in alias_data()["aliases"]["c1121_8p"]


@pytest.mark.parametrize(
    ("typed", "years"),
    [("36ヶ月", 3), ("36か月", 3), ("３６カ月", 3), ("12ヶ月", 1), ("3年", 3), ("３", 3), ("1年間", 1)],
)
def test_terms_in_months_convert_when_whole_years(typed: str, years: int) -> None:
    r = parse_sites(f"拠点ID,期間\nS1,{typed}\n")
    assert r.sites[0]["term_years"] == years


def test_a_term_that_is_not_whole_years_is_refused() -> None:
    r = parse_sites("拠点ID,期間\nS1,18ヶ月\n")
    assert not r.sites and r.errors[0].startswith("2行目: 期間「18ヶ月」は1年か3年")


# --- item 3: headers ----------------------------------------------------------------------------


def test_synonym_headers_are_read_and_the_mapping_says_so() -> None:
    r = parse_sites("拠点ID,拠点名,LANアドレス,機種,契約期間,備考\nS1,大阪,10.0.1.0/24,891FJ,36ヶ月,メモ\n")
    site = r.sites[0]
    assert site["lan"] == ["10.0.1.0/24"] and site["device"] == "c891fj" and site["term_years"] == 3
    lines = r.mapping_lines()
    assert "  C列「LANアドレス」 → LAN" in lines
    assert "  D列「機種」 → 機器" in lines
    assert "  E列「契約期間」 → 期間" in lines
    assert "  F列「備考」 は取り込みません(見出しが分かりません)" in lines
    assert [c.header for c in r.ignored] == ["備考"]


def test_full_width_and_spaced_headers() -> None:
    r = parse_sites("ＩＤ,拠点　名, 郵便 番号 \nS1,本社,1000005\n")
    assert r.header_row and not r.errors
    assert (
        r.sites[0]["id"] == "S1" and r.sites[0]["name"] == "本社" and r.sites[0]["postal_code"] == "100-0005"
    )
    assert "  A列「ＩＤ」 → 拠点ID" in r.mapping_lines()


def test_a_pasted_table_without_an_id_column_is_imported_with_ids_made_as_add_child_makes_them() -> None:
    """The new-user walk: 拠点名/郵便番号/住所/LAN with a header row gave 「0拠点を取り込めます」 (a
    salesperson has no ids); the rows come in with site-N ids not yet in the order."""
    from configurator.order.document import load
    from configurator.session import edits
    from configurator.session.order_session import all_ids

    doc = load(str(EXAMPLES / "vpn.iij-order.json"))
    made = edits.add_child(doc, 0).ops[-1]["value"]["id"]  # what 子拠点を追加 would give
    text = (
        "拠点名\t郵便番号\t住所\tLAN\n"
        "大阪支店\t530-0001\t大阪府大阪市北区\t10.1.0.0/24\n京都\t600-8001\t京都府\t\n"
    )
    r = parse_sites(text, all_ids(doc))
    assert r.summary() == "2行を読み、2拠点を取り込めます。"
    assert r.sites[0]["id"] == made and r.sites[1]["id"].startswith("site-")
    assert len({s["id"] for s in r.sites} | all_ids(doc)) == len(all_ids(doc)) + 2  # fresh, distinct
    assert [(s["name"], s["postal_code"], s["lan"]) for s in r.sites] == [
        ("大阪支店", "530-0001", ["10.1.0.0/24"]),
        ("京都", "600-8001", []),
    ]
    assert r.errors == []
    assert any("拠点IDは「子拠点を追加」と同じく site-1 のように" in line for line in r.mapping_lines())
    assert not any("拠点ID" in line for line in r.mapping_lines() if "この表にない項目" in line)


def test_a_table_whose_rows_are_all_refused_says_what_to_do() -> None:
    r = parse_sites("拠点名,期間\n大阪,2年\n")
    assert not r.sites
    assert "取り込める行がありません。下の理由のとおりに表を直して" in r.summary()
    assert r.errors == ["2行目: 期間「2年」は1年か3年(12か月・36か月)にしてください。"]


def test_a_column_named_twice_is_read_once_and_the_second_reported() -> None:
    r = parse_sites("拠点ID,住所,所在地\nS1,東京都,大阪府\n")
    assert r.sites[0]["address"] == "東京都"
    assert "  C列「所在地」 は取り込みません(設置場所の住所はB列から読みます)" in r.mapping_lines()


def test_rows_without_a_header_are_read_in_the_default_order_and_said_so() -> None:
    r = parse_sites("S1\t大阪\t530-0001\n", tab=True)
    assert r.sites[0]["name"] == "大阪" and not r.header_row
    assert r.mapping_lines()[0].startswith("1行目に分かる見出しがないため、列の順序")


# --- item 4: LAN addresses ----------------------------------------------------------------------


def test_full_width_lan_addresses_are_made_half_width() -> None:
    r = parse_sites("拠点ID,LAN\nS1,\"１０．0．211．０／２４、10.1.0.0/24\n10.2.0.0/24\"\n")
    assert r.sites[0]["lan"] == ["10.0.211.0/24", "10.1.0.0/24", "10.2.0.0/24"]


# --- encodings and line breaks (issue 22 item 4) -------------------------------------------------

CSV = ("拠点ID,拠点名,郵便番号,住所\nS1,大阪支店,530-0001,大阪府大阪市北区\nS2,仙台,９８０－０８１１,"
       "宮城県仙台市\n")


@pytest.mark.parametrize(
    "data",
    [
        CSV.encode("utf-8"),
        CSV.encode("utf-8-sig"),
        CSV.encode("cp932"),
        CSV.replace("\n", "\r\n").encode("cp932"),
        CSV.encode("utf-16"),
        CSV.replace(",", "\t").encode("utf-16"),
    ],
    ids=["utf8", "bom", "cp932", "cp932-crlf", "utf16", "utf16-tab"],
)
def test_encodings_and_line_ends(data: bytes) -> None:
    r = read_site_bytes(data, "sites.csv")
    assert not r.errors
    assert [(s["id"], s["name"], s["postal_code"]) for s in r.sites] == [
        ("S1", "大阪支店", "530-0001"),
        ("S2", "仙台", "980-0811"),
    ]


def test_a_bare_cr_inside_a_pasted_cell_is_a_line_break_in_the_cell() -> None:
    r = parse_sites("S1\t大阪\r支店\t530-0001", tab=True)
    assert not r.errors
    assert [(s["id"], s["name"], s["postal_code"]) for s in r.sites] == [("S1", "大阪支店", "530-0001")]


def test_bare_cr_in_a_cell_among_crlf_rows() -> None:
    r = parse_sites("S1\t大阪\r支店\t530-0001\r\nS2\tOsaka\rBranch\t530-0002\r\n", tab=True)
    assert [(s["id"], s["name"]) for s in r.sites] == [("S1", "大阪支店"), ("S2", "Osaka Branch")]


def test_rows_ending_in_cr_alone_are_rows() -> None:
    r = parse_sites("S1\t大阪\t530-0001\rS2\t京都\t600-8001\r", tab=True)
    assert [s["id"] for s in r.sites] == ["S1", "S2"]


def test_quoted_cells_keep_their_line_breaks_and_rows_keep_their_numbers() -> None:
    r = parse_sites('拠点ID,拠点名,住所\nS1,"大阪\r\n支店","大阪府\r大阪市"\n\n,名無し,\nS2,京都,京都府\n')
    assert [(s["id"], s["name"], s["address"]) for s in r.sites] == [
        ("S1", "大阪支店", "大阪府大阪市"),
        ("S2", "京都", "京都府"),
    ]
    assert r.errors == ["4行目: 拠点IDがありません。"]  # the blank row 3 still counts


def test_an_unreadable_row_is_reported_by_number_and_the_rest_is_read() -> None:
    big = "x" * 200_000  # beyond the csv module's field limit
    r = parse_sites(f"拠点ID,拠点名\nS1,大阪\nS2,{big}\nS3,京都\n")
    assert [s["id"] for s in r.sites] == ["S1", "S3"]
    assert len(r.errors) == 1 and r.errors[0].startswith("3行目: この行を読めません")


def test_undecodable_bytes_say_how_to_save() -> None:
    with pytest.raises(SheetError, match="CSV UTF-8"):
        read_site_bytes(b"\x81\x20\xff\xfe\x00" * 3, "sites.csv")


# --- item 5: .xlsx and .ods ---------------------------------------------------------------------


def _xlsx(rows: list[list[Any]], sheets: int = 1) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "拠点"
    for row in rows:
        ws.append(row)
    for n in range(1, sheets):
        wb.create_sheet(f"other{n}")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_xlsx_with_number_cells_and_a_dropped_leading_zero(tmp_path: Path) -> None:
    path = tmp_path / "sites.xlsx"
    path.write_bytes(
        _xlsx(
            [
                ["ＩＤ", "拠点名", "〒", "機種", "契約期間", "LANアドレス", "メモ"],
                ["S1", "盛岡", 200021, "８９１ＦＪ", 3, "10.0.1.0/24", "x"],
                [101, "東京", "100-0005", "C1121", "36ヶ月", None, None],
            ],
            sheets=2,
        )
    )
    r = read_site_file(path)
    assert [(s["id"], s["postal_code"], s["device"], s["term_years"]) for s in r.sites] == [
        ("S1", "200021", "c891fj", 3),
        ("101", "100-0005", "c1121_8p", 3),
    ]
    assert r.warnings[0].startswith("2行目(S1): 郵便番号「200021」は6桁です")
    assert r.source == "シート「拠点」を読みました(ほかの1枚のシートは読んでいません)。"
    assert "  G列「メモ」 は取り込みません(見出しが分かりません)" in r.mapping_lines()


def _ods(rows: list[list[str]]) -> bytes:
    cells = "".join(
        "<table:table-row>"
        + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{c}</text:p></table:table-cell>'
            for c in row
        )
        + "</table:table-row>"
        for row in rows
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="拠点一覧">{cells}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument'
        '.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:'
        'manifest>'
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content)
        z.writestr("META-INF/manifest.xml", manifest)
    return buf.getvalue()


def test_ods_is_read() -> None:
    r = read_site_bytes(_ods([["拠点ID", "拠点名", "機器"], ["S1", "札幌", "シスコ891FJ"]]), "sites.ods")
    assert [(s["id"], s["name"], s["device"]) for s in r.sites] == [("S1", "札幌", "c891fj")]


def test_a_broken_workbook_says_how_to_save_it(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(SheetError, match="名前を付けて保存"):
        read_site_file(path)


# --- item 6: out to .xlsx -----------------------------------------------------------------------


def test_site_list_round_trips_through_xlsx(vpn_order: dict[str, Any]) -> None:
    typed = parse_sites(
        "拠点ID,拠点名,郵便番号,住所,LAN,機器,期間,接続\n"
        "0012,=HYPERLINK(\"x\"),0200021,岩手県盛岡市,\"10.0.1.0/24, 10.0.2.0/24\",８９１ＦＪ,36ヶ月,他社\n"
        "S2,東京,100-0005,東京都千代田区,,C1121,1,IIJ\n"
        "S3,名古屋,,,,,,\n"
    )
    assert not typed.errors
    sites = typed.sites + vpn_order["vpn_networks"][0]["children"]
    data = sites_xlsx(sites)
    back = read_site_bytes(data, "out.xlsx")
    assert not back.errors and not back.warnings and not back.ignored
    keys = ("id", "name", "postal_code", "address", "lan", "device", "term_years")
    assert [[s[k] for k in keys] for s in back.sites] == [[s[k] for k in keys] for s in sites]
    assert [s["internet"]["provider"] for s in back.sites] == [s["internet"]["provider"] for s in sites]
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert [c.value for c in ws[1]] == [
        "拠点ID",
        "拠点名",
        "郵便番号",
        "設置場所の住所",
        "LAN",
        "機器",
        "期間",
        "接続",
    ]
    assert ws["A2"].value == "0012" and ws["A2"].data_type == "s" and ws["C2"].number_format == "@"
    assert ws["B2"].data_type == "s"  # user text never becomes a formula
    assert ws["G2"].value == 3 and ws["G2"].number_format == YEARS_FORMAT


def test_quote_line_items_cells_and_formats(vpn_order: dict[str, Any]) -> None:
    quote = price_order(vpn_order, sample_price_book())
    ws = openpyxl.load_workbook(io.BytesIO(quote_xlsx(quote, vpn_order))).active
    rows = [[c for c in r] for r in ws.iter_rows()]
    heads = [
        i for i, r in enumerate(rows) if [c.value for c in r[:5]] == ["品名", "数量", "単位", "単価", "金額"]
    ]
    groups = [g for g in quote.groups.values() if g.lines]
    assert len(heads) == len(groups) >= 2
    for h, g in zip(heads, groups, strict=True):
        assert rows[h - 1][0].value == g.label
        for k, ln in enumerate(g.lines, start=1):
            name, qty, unit, price, amount = rows[h + k][:5]
            assert (name.value, qty.value, unit.value, price.value, amount.value) == (
                ln.name,
                ln.quantity,
                ln.unit,
                ln.unit_price,
                ln.amount,
            )
            assert qty.number_format == COUNT_FORMAT
            assert price.number_format == amount.number_format == YEN_FORMAT
        end = h + len(g.lines)
        assert [(rows[end + i][3].value, rows[end + i][4].value) for i in (1, 2, 3)] == [
            ("小計", g.subtotal),
            ("消費税(10%)", g.tax),
            ("合計", g.total),
        ]
        assert rows[end + 3][4].number_format == YEN_FORMAT
        assert g.subtotal == sum(ln.amount or 0 for ln in g.lines)


# --- the command line ---------------------------------------------------------------------------


def test_cli_export_then_import_into_an_order(tmp_path: Path, capsys: Any) -> None:
    out = tmp_path / "sites.xlsx"
    assert main(["sites", "export", str(EXAMPLES / "vpn.iij-order.json"), "-o", str(out)]) == 0
    assert main(["sites", "import", str(out)]) == 0
    text = capsys.readouterr().out
    assert "3行を読み、3拠点を取り込めます。" in text and "A列「拠点ID」 → 拠点ID" in text
    # into the same order: every ID is already there, so every row is refused and nothing is written
    target = tmp_path / "order.json"
    assert main(["sites", "import", str(out), str(EXAMPLES / "vpn.iij-order.json"), "-o", str(target)]) == 1
    assert "が重複しています" in capsys.readouterr().out and not target.exists()


def test_cli_import_adds_sites_to_an_order(tmp_path: Path, capsys: Any) -> None:
    import json

    sheet = tmp_path / "new.csv"
    sheet.write_bytes("ＩＤ,拠点名,機種\r\nN1,新潟,８９１ＦＪ\r\nN2,富山,ISR 9999\r\n".encode("cp932"))
    target = tmp_path / "order.json"
    code = main(["sites", "import", str(sheet), str(EXAMPLES / "vpn.iij-order.json"), "-o", str(target)])
    assert code == 1  # one row refused
    out = capsys.readouterr().out
    assert "3行目: 機器「ISR 9999」" in out and "1拠点をVPN網 1 に加え" in out
    children = json.loads(target.read_text(encoding="utf-8"))["vpn_networks"][0]["children"]
    assert children[-1]["id"] == "N1" and children[-1]["device"] == "c891fj"


def test_cli_quote_xlsx_and_bad_input(tmp_path: Path, capsys: Any) -> None:
    out = tmp_path / "q.xlsx"
    assert main(["quote-xlsx", str(EXAMPLES / "vpn.iij-order.json"), "-o", str(out)]) == 0
    assert openpyxl.load_workbook(out).active["A1"].value == "御見積明細"
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 nonsense")
    assert main(["sites", "import", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "名前を付けて保存" in err and "Traceback" not in err
    assert (
        main(
            [
                "sites",
                "export",
                str(EXAMPLES / "vpn.iij-order.json"),
                "--network",
                "5",
                "-o",
                str(tmp_path / "x.xlsx"),
            ]
        )
        == 2
    )
    assert "VPN網 5 はありません" in capsys.readouterr().err and not (tmp_path / "x.xlsx").exists()


# --- typing: the editing session tidies postal codes and LAN addresses (item 1, item 4) ------------


def test_typed_postal_codes_and_lan_addresses_are_tidied(vpn_order: dict[str, Any]) -> None:
    from configurator.session.order_session import OrderSession

    s = OrderSession(vpn_order)
    s.set("/customer/postal_code", "〒１００－０００５")
    assert s.get("/customer/postal_code") == "100-0005"
    s.set("/vpn_networks/0/children/0/postal_code", "0200021")
    assert s.get("/vpn_networks/0/children/0/postal_code") == "020-0021"
    s.set(
        "/vpn_networks/0/children/0/postal_code", "200021"
    )  # cannot be made whole: kept for the user to finish
    assert s.get("/vpn_networks/0/children/0/postal_code") == "200021"
    s.set("/vpn_networks/0/children/0/lan", ["１０．0．211．０／２４，10.1.0.0/24"])
    assert s.get("/vpn_networks/0/children/0/lan") == ["10.0.211.0/24", "10.1.0.0/24"]
    s.set("/vpn_networks/0/children/0/name", "ＡＢＣ支店")  # names stay as typed
    assert s.get("/vpn_networks/0/children/0/name") == "ＡＢＣ支店"


def test_an_unclosed_quote_is_reported_not_swallowed() -> None:
    r = parse_sites('拠点ID,拠点名\nS1,大阪\nS2,"京都\nS3,奈良\n')
    assert [s["id"] for s in r.sites] == ["S1"]
    assert r.errors[0].startswith("3行目: 引用符(\")が閉じていない")


def test_a_multi_line_lan_cell_with_commas_is_not_taken_for_an_unclosed_quote() -> None:
    r = parse_sites('拠点ID,拠点名,郵便番号,住所,LAN\nS1,大阪,,,"10.0.1.0/24,\n10.0.2.0/24"\n')
    assert not r.errors and r.sites[0]["lan"] == ["10.0.1.0/24", "10.0.2.0/24"]


def test_the_paste_preview_speaks_english_in_english_and_japanese_unchanged() -> None:
    """The new-user walk: in English the paste preview's summary, mapping, refused rows and postal-code
    warnings were Japanese."""
    from configurator.text import i18n

    text = "拠点ID,拠点名,郵便番号,期間\nS1,大阪,200021,3\nS2,京都,600-8001,2年\n"
    ja = parse_sites(text)
    assert ja.summary() == "2行を読み、1拠点を取り込めます。1行は取り込めません。"
    assert ja.errors == ["3行目: 期間「2年」は1年か3年(12か月・36か月)にしてください。"]
    assert ja.warnings[0].startswith("2行目(S1): 郵便番号「200021」は6桁です。")
    assert ja.mapping_lines()[:2] == ["1行目を見出しとして読みました:", "  A列「拠点ID」 → 拠点ID"]
    i18n.install("en")
    en = parse_sites(text)
    assert en.summary() == "Read 2 rows; 1 site can be added. 1 row cannot be added."
    assert en.errors == ["Row 3: make the term 「2年」 1 year or 3 years (12 months · 36 months)."]
    assert en.warnings[0].startswith("Row 2 (S1): The postal code 「200021」 has 6 digits")
    assert en.mapping_lines()[:2] == ["Row 1 was read as the headers:", "  column A 「拠点ID」 → Site ID"]
    assert jpinput.check_postal_code("12-345").warning == (
        "The postal code 「12-345」 is not 7 digits. Enter 7 digits, like 123-4567"
    )


def test_an_unknown_device_is_named_in_the_uis_language() -> None:
    """The device cell's message follows the UI language (it was Japanese in an English UI)."""
    from configurator.session.devicenames import UnknownDevice, device_id
    from configurator.text import i18n

    i18n.install("en")
    try:
        with pytest.raises(UnknownDevice) as err:
            device_id("ISR 9999")
        said = str(err.value)
        assert said.startswith("The device “ISR 9999” is not a device type") and "、" not in said
    finally:
        i18n.install("ja")
    with pytest.raises(UnknownDevice) as err:
        device_id("ISR 9999")
    assert str(err.value).startswith("機器「ISR 9999」は機器種別にありません")


def test_a_quote_left_open_on_the_last_row_refuses_that_row() -> None:
    """`"大阪支店,大阪府` (the quote never closed, on the last row): the row was taken as one site named
    「大阪支店,大阪府」 with no address, silently; now it is refused, saying why."""
    r = parse_sites('拠点名,住所\n名古屋支店,愛知県\n"大阪支店,大阪府\n', [])
    assert [s["name"] for s in r.sites] == ["名古屋支店"]
    assert len(r.errors) == 1 and r.errors[0].startswith('3行目: 引用符(")が閉じていない')
    r = parse_sites('拠点名,住所\n"大阪支店",大阪府\n', [])  # closed: taken as before
    assert [(s["name"], s.get("address")) for s in r.sites] == [("大阪支店", "大阪府")] and not r.errors


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32"])
def test_a_site_file_with_a_unicode_byte_order_mark_is_read_as_its_text(codec: str) -> None:
    """Excel's 「Unicode テキスト」 (UTF-16 with its mark) and UTF-32: a UTF-32 file begins with the UTF-16
    mark and was read as UTF-16, giving site IDs of NULs and garbled text."""
    text = "拠点ID\t拠点名\nS1\t本社\nS2\t大阪支店\n"
    data = ("\ufeff" + text).encode(codec) if codec.endswith("-be") else text.encode(codec)
    r = read_site_bytes(data, "sites.txt")
    assert [(s["id"], s["name"]) for s in r.sites] == [("S1", "本社"), ("S2", "大阪支店")] and not r.errors


@pytest.mark.parametrize(
    ("data", "said"),
    [
        ("\ufeff拠点ID,拠点名\nS1,本社\n".encode("utf-16-le") + b"\x00", "UTF-16のテキストとして読めません"),
        ("拠点ID,拠点名\nS1,本社\n".encode("utf-16-le"), "BOMのないUTF-16"),
    ],
    ids=["utf16-cut-short", "utf16-without-mark"],
)
def test_a_site_file_in_utf16_that_cannot_be_read_is_refused_saying_how_to_save_it(
    data: bytes, said: str
) -> None:
    from configurator.text import i18n

    with pytest.raises(SheetError) as err:
        read_site_bytes(data, "sites.csv")
    assert said in err.value.message and "CSV UTF-8" in err.value.message, err.value.message
    assert "codec" not in err.value.message
    i18n.install("en")
    try:
        with pytest.raises(SheetError) as err:
            read_site_bytes(data, "sites.csv")
        assert "CSV UTF-8" in error_text(err.value) and "codec" not in error_text(err.value)
    finally:
        i18n.install("ja")


def test_rows_with_control_characters_or_overlong_cells_are_refused_by_row_number() -> None:
    """A pasted bell character or a 100,000-character cell became a site ID without comment."""
    from configurator.text import i18n

    text = (
        "拠点ID\t拠点名\nS\x071\t本社\n" + "X" * 100_000 + "\t大阪\nS3\t京都\x00\nS4\t" + "あ" * 20_000
        + "\nS5\t名古屋\t\n"
    )
    r = parse_sites(text)
    assert [s["id"] for s in r.sites] == ["S5"]
    assert r.error_rows == [2, 3, 4, 5]
    assert r.errors[0] == "2行目: 拠点IDに制御文字(U+0007)が含まれています。取り除いてください。"
    assert r.errors[1] == "3行目: 拠点IDが長すぎます(100,000文字。200文字までにしてください)。"
    assert r.errors[2].startswith("4行目: 拠点名に制御文字(U+0000)")
    assert r.errors[3].startswith("5行目: 拠点名が長すぎます(20,000文字。10,000文字")
    assert all(len(e) < 200 for e in r.errors)  # the cell is not repeated
    i18n.install("en")
    try:
        en = parse_sites(text)
    finally:
        i18n.install("ja")
    assert en.errors[0] == "Row 2: Site ID holds a control character (U+0007); remove it."
    assert en.errors[1] == "Row 3: Site ID is too long (100,000 characters; make it at most 200)."
