"""Issue 13, the look of every document at every size: what rendering every kind at 10, 300 and 1,000
sites (tools/render_all.py) and looking at the pages showed, each checked as a reader would see it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest

from configurator.documents.form import build_form
from tests.benchmarks.orders import big_order
from tests.conftest import example
from tests.helpers.sized_orders import mixed_order, vpn_order
from tests.test_documents import opts, pdftotext


def test_the_site_list_gives_the_option_column_room_and_never_breaks_an_option_name(tmp_path: Path) -> None:
    """The 申込書's オプション column took a fixed 30 mm: a site with every option wrapped its list over
    6-7 lines, breaking 「プライベートスイッ/チ」 and 「ラックマウントキッ/ト」. Now one option a line,
    each name whole, in a column as wide as its longest name."""
    doc = big_order(40, every_option=True)
    sites = [doc["vpn_networks"][0]["parent"], *doc["vpn_networks"][0]["children"]]
    text = pdftotext(build_form(doc, opts()), tmp_path)
    header = next(line for line in text.splitlines() if "拠点名・設置場所" in line)
    for word in ("No", "区分", "機器種別・台数", "期間", "LAN", "インターネット接続", "オプション"):
        assert word in header
    for name, key in (
        ("プライベートスイッチ", "private_switch"),
        ("ラックマウントキット", "rack_mount_kit"),
        ("コールドスタンバイ", "cold_standby"),
    ):
        having = sum(1 for s in sites if s["options"].get(key))
        assert text.count(name) == having, name  # each site's option name printed whole
    # the other provider's name and connection whole, on lines of their own
    assert text.count("○○光") == sum(1 for s in sites if s["internet"]["provider"] == "other")
    assert not re.search(r"PPPoE\(固\s*\n", text)


def _dates_whole(text: str) -> list[str]:
    """The dates of a document's text broken across lines (a year without its month and day)."""
    # (「令和　年　月　日」 is a date to fill in by hand, not a broken one)
    return re.findall(
        r"(?:令和|平成)(?![\d元]+年\d+月\d+日|\s+年)..{0,4}|(?<!\d)\d{4}年(?!\d+月\d+日).{0,4}", text
    )


def test_every_date_of_a_quote_and_a_form_is_in_the_chosen_style_and_whole(tmp_path: Path) -> None:
    """The quote's last remark and the form's section headings printed the tariffs' dates in 和暦
    (「令和6年8月1日現在」) in a 西暦 document, and the remark broke it over two lines
    (「令和6/年8月1日」)."""
    from configurator.documents.quote import build_quote

    for build in (build_quote, build_form):
        western = pdftotext(build(example("mixed.iij-order.json"), opts()), tmp_path)
        assert "令和" not in western and "平成" not in western, build
        assert "2024年8月1日現在" in western and "2024年7月4日現在" in western
        assert not _dates_whole(western)
        wareki = pdftotext(build(example("mixed.iij-order.json"), opts(wareki=True)), tmp_path)
        assert not re.search(r"\d{4}年\d+月\d+日", wareki), build  # not one date in 西暦
        assert "令和6年8月1日現在" in wareki and not _dates_whole(wareki)


@pytest.mark.parametrize("sites", [2, 8, 9, 10, 11, 16, 21, 25])
def test_the_remarks_never_leave_a_lone_item_or_heading_at_a_page_break(sites: int, tmp_path: Path) -> None:
    """The 10-site mixed quote printed its last remark alone on page 3; at 21-29 sites 備考 and its
    first remark stood alone at the foot of page 2. Split remarks keep 3 items on each side."""
    from configurator.documents.quote import build_quote

    for doc in (mixed_order(sites), vpn_order(sites)):
        text = pdftotext(build_quote(doc, opts()), tmp_path)
        on_pages = [re.findall(r"^\s*(\d+)\. ", page, re.M) for page in text.split("\f")[:-1]]
        shown = [items for items in on_pages if items]
        assert sum(len(items) for items in shown) >= 8  # every remark printed
        if len(shown) > 1:
            assert all(len(items) >= 3 for items in shown), shown


def test_a_priced_lost_device_is_in_the_cancellation_quotes_headline_as_a_line_outside_the_tax(
    tmp_path: Path,
) -> None:
    """亡失負担金 was left out of 御見積金額 although it is what the customer will pay. With a price, it
    is in the headline now, as its own line outside the taxed total (不課税: VPN 第16条第2項); without
    one it stays out, said so."""
    import dataclasses

    from configurator.documents.lifecycle_docs import build_cancel_quote
    from configurator.lifecycle import analyse_cancel
    from configurator.pricing.books import Price, sample_price_book
    from configurator.pricing.quote import tax_of

    book = sample_price_book()
    key = ("vpn", None, None, None, None, "lost_device")
    book = dataclasses.replace(
        book, prices={**book.prices, key: Price(None, None, 80000, "台", "亡失負担金", 1)}
    )
    doc = example("cancel.iij-cancel.json")
    doc["unreturned"] = [doc["targets"][0]]
    result = analyse_cancel(doc, book)
    charges = result.total_charge + tax_of(result.total_charge, book.tax_rate)
    text = pdftotext(build_cancel_quote(result, opts()), tmp_path)
    headline = re.search(r"御見積金額\(税込\)\s+([\d,]+)円", text)
    assert headline and int(headline.group(1).replace(",", "")) == charges + 80000
    flat = re.sub(r"\s+", "", text)
    assert f"亡失負担金合計(不課税、第16条第2項){80000:,}円" in flat
    assert "亡失負担金合計(不課税:消費税はかかりません)80,000円" in flat
    assert "御見積金額に含めています" in flat and "御見積金額に含みません" not in flat
    unpriced = re.sub(r"\s+", "", pdftotext(build_cancel_quote(analyse_cancel(doc), opts()), tmp_path))
    assert f"御見積金額(税込){charges:,}円" in unpriced and "御見積金額に含みません" in unpriced


def test_a_price_book_may_price_a_lost_device_and_the_cancellation_quote_shows_it(tmp_path: Path) -> None:
    """The price book refused a 'lost_device' row ('一時費用の種別 'lost_device' は不明なIDです'), so the
    亡失負担金 the cancellation looks up could never have a price from the command line or the app."""
    import json

    from tests.conftest import EXAMPLES, run_cli

    book = json.loads((EXAMPLES.parent / "pricebooks" / "sample.json").read_text(encoding="utf-8"))
    book["rows"].append({"service": "vpn", "charge": "lost_device", "one_time": 80000, "unit": "台"})
    (tmp_path / "book.json").write_text(json.dumps(book, ensure_ascii=False), encoding="utf-8")
    doc = example("cancel.iij-cancel.json")
    doc["unreturned"] = [doc["targets"][0]]
    (tmp_path / "c.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "q.pdf"
    args = ["cancel-quote", str(tmp_path / "c.json"), "-o", str(out), "--date", "2026-11-22"]
    r = run_cli(*args, "--price-book", str(tmp_path / "book.json"))
    assert r.returncode == 0, r.stderr.decode()
    text = re.sub(r"\s+", "", pdftotext(out.read_bytes(), tmp_path))
    assert "亡失負担金合計(不課税:消費税はかかりません)80,000円" in text


def test_a_large_network_is_drawn_grouped_and_the_caption_says_how(tmp_path: Path) -> None:
    """At 300 sites over 47 prefectures the picture fell back to one 「全国」 box a device type while
    its caption said 都道府県と機器種別. Now the finest grouping that stays legible (here: region), each
    box with its sites and devices, the counts adding up, and the caption saying how."""
    doc = vpn_order(300)
    text = pdftotext(build_form(doc, opts()), tmp_path)
    picture = text[text.index("拠点数・機器台数") : text.index("拠点名・設置場所")]
    assert "全国" not in picture
    assert "子拠点299拠点(機器299台)を地方ごとにまとめて表示しています" in re.sub(r"\s+", "", picture)
    regions = re.findall(r"(北海道|東北|関東|中部|近畿|中国|四国|九州・沖縄) ([\d,]+)拠点", picture)
    assert len(regions) == 8 and sum(int(n.replace(",", "")) for _, n in regions) == 299
    # a customer in three prefectures: by prefecture and device type
    for k, site in enumerate(doc["vpn_networks"][0]["children"][:150]):
        site["address"] = [
            "東京都新宿区西新宿2-8-1",
            "大阪府大阪市北区梅田1-1-1",
            "福岡県福岡市中央区天神1-1-1",
        ][k % 3]
    doc["vpn_networks"][0]["children"] = doc["vpn_networks"][0]["children"][:150]
    flat = re.sub(r"\s+", "", pdftotext(build_form(doc, opts()), tmp_path))
    assert "子拠点150拠点(機器150台)を都道府県と機器種別ごとにまとめて表示しています" in flat


def test_the_picture_draws_no_line_through_a_box_and_cuts_no_name_that_fits_two_lines() -> None:
    """The line down to the second row of sites ran through the middle box of the first, over its
    text; a long site name was cut with 「…」 (「秋田サービスセンター…」) where two lines hold it."""
    from reportlab.graphics.shapes import Line, Rect, String

    from configurator.documents.fonts import japanese_font
    from configurator.documents.topology import network_drawing
    from configurator.tariff.catalogue import catalogue

    for sites in (10, 41, 1000):
        net = vpn_order(sites)["vpn_networks"][0]
        drawing = network_drawing(net, catalogue(), japanese_font(None, 0).name, 510)
        boxes = [s for s in drawing.contents if isinstance(s, Rect)]
        for line in (s for s in drawing.contents if isinstance(s, Line) and s.x1 == s.x2):
            low, high = sorted((line.y1, line.y2))
            for box in boxes:
                inside_x = box.x + 1 < line.x1 < box.x + box.width - 1
                inside_y = low < box.y + box.height - 1 and high > box.y + 1
                assert not (inside_x and inside_y), (sites, line.x1, box.x)
        texts = [s.text for s in drawing.contents if isinstance(s, String)]
        if sites == 10:  # whole on one line, a little smaller: not 「秋田サービスセンター」 over 「001」
            assert "秋田サービスセンター001" in texts
            assert not any(t.endswith("…") for t in texts)


def test_the_form_explains_該当なし_only_when_a_duty_it_lists_is_marked_so(tmp_path: Path) -> None:
    """The auth-only 申込書 printed 「「該当なし」の事項は…」 under a list with no 該当なし in it (the
    VPN duties it does not print had some)."""
    auth = re.sub(r"\s+", "", pdftotext(build_form(example("auth.iij-order.json"), opts()), tmp_path))
    assert "該当なし" not in auth
    mixed = re.sub(r"\s+", "", pdftotext(build_form(example("mixed.iij-order.json"), opts()), tmp_path))
    assert ":該当なし" in mixed and "「該当なし」の事項は" in mixed


def test_the_change_and_cancellation_documents_print_site_names_whole(tmp_path: Path) -> None:
    """The 変更申込書's 拠点 column took a fixed 21 mm: 「岩手出張所00/1」 broke inside its number. The
    lifecycle tables take their widths from their content now."""
    from configurator.documents.lifecycle_docs import build_cancel_quote, build_change_form, site_names
    from configurator.lifecycle import analyse_cancel, analyse_change
    from tests.helpers.sized_orders import cancel_order, change_order

    change = analyse_change(change_order(300))
    names = site_names(change.document)
    text = pdftotext(build_change_form(change, opts(issue_date=dt.date(2026, 11, 24))), tmp_path)
    assert change.device_changes and change.options_added
    for site in {c.site for c in change.device_changes} | {c.site for c in change.options_added}:
        assert names[site] in text, names[site]
    # a device's model is a word: wrapped at its spaces, never inside it (「Cisco C1121-8/P」)
    example_change = analyse_change(example("change.iij-change.json"))
    text = pdftotext(build_change_form(example_change, opts()), tmp_path)
    assert "Cisco C1121-8P" in text and "1000-24T-4G-L" in text and "1000-48T-4G-L" in text
    cancel = analyse_cancel(cancel_order(300))
    text = pdftotext(build_cancel_quote(cancel, opts()), tmp_path)
    for item in cancel.items:
        assert item.name in text, item.name


def test_a_remark_never_ends_a_line_on_an_opening_bracket(tmp_path: Path) -> None:
    """The 10-site mixed quote's last remark ended a line on 「サービス(」, 「2024年8月1日現在)」 below."""
    from configurator.documents.quote import build_quote

    text = pdftotext(build_quote(mixed_order(10), opts()), tmp_path)
    assert "(2024年8月1日現在)" in text
    assert not [line for line in text.splitlines() if line.rstrip().endswith("(")]


def test_the_blank_application_date_of_a_wareki_document_has_its_era(tmp_path: Path) -> None:
    """A 和暦 申込書 and 解約申込書 left 「　年　月　日」 to fill in, the only date not in 和暦."""
    from configurator.documents.lifecycle_docs import build_cancel_form
    from configurator.lifecycle import analyse_cancel

    form = pdftotext(build_form(example("mixed.iij-order.json"), opts(wareki=True)), tmp_path)
    assert re.search(r"申込日\s+令和\s+年\s+月\s+日", form)
    cancel = analyse_cancel(example("cancel.iij-cancel.json"))
    assert re.search(
        r"申込日\s+令和\s+年\s+月\s+日", pdftotext(build_cancel_form(cancel, opts(wareki=True)), tmp_path)
    )
    western = pdftotext(build_form(example("mixed.iij-order.json"), opts()), tmp_path)
    assert re.search(r"申込日\s+年\s+月\s+日", western) and "令和" not in western


@pytest.mark.parametrize("sites", [10, 300])
def test_the_signature_box_stays_with_the_duties_it_acknowledges(sites: int, tmp_path: Path) -> None:
    """The 300-site 申込書 printed 申込者の確認 and the signature box alone on its last page, the
    duties to acknowledge on the page before."""
    pages = pdftotext(build_form(vpn_order(sites), opts()), tmp_path).split("\f")[:-1]
    [signed] = [p for p in pages if "申込者の確認" in p]
    assert "お客様に行っていただく事項の確認" in signed and "申込者(記名)" in signed


@pytest.mark.parametrize("sites", [10, 300])
def test_a_fee_table_never_carries_a_single_line_item_to_the_next_page(sites: int, tmp_path: Path) -> None:
    """The 300-site mixed quote's 初期費用 table carried its last line (No 27 負荷分散オプション) alone
    under the repeated header at the top of page 2, then its totals."""
    from configurator.documents.quote import build_quote

    text = pdftotext(build_quote(mixed_order(sites), opts()), tmp_path)
    for page in text.split("\f")[1:-1]:
        lines = page.splitlines()
        for k, line in enumerate(lines):
            if re.match(r"\s*No\s+品名", line):
                items = []
                for below in lines[k + 1 :]:
                    if "小計" in below:
                        break
                    items += re.findall(r"^\s*(\d+)\s+\S", below)
                assert len(items) != 1, page[:400]


def test_a_list_title_is_never_left_alone_at_a_page_foot(tmp_path: Path) -> None:
    """The 300-contract auth 申込書 left 「プロキシ」 alone at the foot of pages 4 and 8, its list on the
    next page."""
    from tests.helpers.sized_orders import auth_order

    pages = pdftotext(build_form(auth_order(300), opts()), tmp_path).split("\f")[:-1]
    for n, page in enumerate(pages, start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()][:-1]  # without the footer
        assert lines[-1] not in ("クライアント(端末ごとに1契約)", "プロキシ", "VPDN"), n


@pytest.mark.parametrize(
    ("address", "whole"),
    [
        ("東京都千代田区富士見2-10-2 飯田橋グラン・ブルーム", ["富士見2-10-2", "飯田橋グラン・ブルーム"]),
        ("東京都千代田区富士見2-10-2飯田橋グラン・ブルーム", ["富士見2-10-2", "飯田橋グラン・ブルーム"]),
        (
            "大阪府大阪市北区梅田3丁目1番3号 ノースゲートビルディング、14階",
            ["梅田3丁目1番3号", "ノースゲートビルディング、14階"],
        ),
    ],
)
def test_the_issuers_address_beside_the_seal_breaks_between_its_parts(
    address: str, whole: list[str], tmp_path: Path
) -> None:
    """Beside the 角印 the issuer's address broke inside the building's name (「飯田橋グラン・/ブルーム」);
    it breaks at a space, at 、 or between the parts of an address, never in a word."""
    from PIL import Image

    from configurator.documents.quote import build_quote
    from tests.test_documents import ISSUER

    seal = tmp_path / "seal.png"
    Image.new("RGB", (60, 60), (200, 30, 40)).save(seal)
    issuer = dataclasses.replace(ISSUER, address=address, seal_image=str(seal))
    page1 = pdftotext(build_quote(example("mixed.iij-order.json"), opts(issuer=issuer)), tmp_path).split(
        "\f"
    )[0]
    for part in whole:
        assert part in page1, (part, page1)
    lines = [ln.strip() for ln in page1.splitlines()]
    assert any(ln.endswith("TEL 03-5205-6500") for ln in lines)  # the address took no more than its room


def _space_above(data: bytes, start: str, tmp_path: Path) -> float:
    """The white space (pt) between the line with a word starting with `start` and the line above it."""
    import subprocess

    f = tmp_path / "n.pdf"
    f.write_bytes(data)
    html = subprocess.run(
        ["pdftotext", "-bbox", str(f), "-"], capture_output=True, check=True
    ).stdout.decode()
    word = r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>'
    for page in html.split("<page ")[1:]:
        words = [(float(top), float(bottom), w) for top, bottom, w in re.findall(word, page)]
        note = next((top for top, _, w in words if w.startswith(start)), None)
        if note is not None:
            return note - max(bottom for _, bottom, _ in words if bottom < note)
    raise AssertionError(f"no note starting {start}")


@pytest.mark.parametrize(
    ("kind", "note"),
    [
        ("change", "設定変更作業の費用は"),
        ("change", "旧機器の返還期限について"),
        ("cancel", "機器の返還期限について"),
        ("cancel", "解除の効力は、"),
        ("cancel", "解約する契約・オプション"),
    ],
)
def test_a_note_under_a_table_stands_apart_from_its_last_row(kind: str, note: str, tmp_path: Path) -> None:
    """On the 変更申込書 the sentences 「設定変更作業の費用は、親たる契約の契約者…にお支払いいただきます」
    and 「※ 旧機器の返還期限について…」, and on the 解約申込書 「※ 機器の返還期限について…」 and
    「解除の効力は、…」, sat directly on the last row of the table above them (4.5 pt), as if they were one
    more row, and the list of contracts to cancel sat directly under the sentence above it. Each has a
    gap of its own now (2 mm more)."""
    from configurator.documents.lifecycle_docs import build_cancel_form, build_change_form
    from configurator.lifecycle import analyse_cancel, analyse_change
    from tests.helpers.sized_orders import cancel_order, change_order

    if kind == "change":
        data = build_change_form(analyse_change(change_order(10)), opts())
    else:
        data = build_cancel_form(analyse_cancel(cancel_order(10)), opts())
    assert _space_above(data, note, tmp_path) >= 8


def test_a_site_address_on_the_form_breaks_between_its_parts_never_in_a_name(tmp_path: Path) -> None:
    """The 申込書's site list broke addresses inside a name: 「栃木県宇都宮/市馬場通り」,
    「東京都新宿区西/新宿」, 「埼玉県さいた/ま市」, 「秋田市中/通」. An address breaks after its postal
    code, prefecture, city or ward now, so each city and each street (with its number) is printed whole
    on one line."""
    from tests.helpers.sized_orders import PLACES

    text = pdftotext(build_form(vpn_order(300), opts()), tmp_path)
    for prefecture, _postal, rest in PLACES:
        city = re.match(r".+?[市区郡]", rest)
        assert city and city.group() in text, (prefecture, rest)
        street = re.sub(r"^.*[市区郡]", "", rest)
        assert street in text, (prefecture, rest)


@pytest.mark.parametrize("sites", [10, 300, 1000])
def test_the_signature_box_of_a_change_or_cancellation_form_is_never_alone_on_its_page(
    sites: int, tmp_path: Path
) -> None:
    """With 2 mm more around its notes, the 1,000-site 解約申込書 printed 「申込者の確認」 and the
    signature box alone on its page 4. The box keeps the table before it (here the lost devices, with
    their heading)."""
    from configurator.documents.lifecycle_docs import build_cancel_form, build_change_form
    from configurator.lifecycle import analyse_cancel, analyse_change
    from tests.helpers.sized_orders import cancel_order, change_order

    for data in (
        build_cancel_form(analyse_cancel(cancel_order(sites)), opts()),
        build_change_form(analyse_change(change_order(sites)), opts()),
    ):
        last = pdftotext(data, tmp_path).split("\f")[-2]
        assert "申込者(記名)" in last
        before = last[: last.index("申込者の確認")]
        assert re.search(r"\d{1,3}(,\d{3})*円|営業所|出張所", before), last  # a table's rows above it


@pytest.mark.parametrize("item", ["single_star_single_edge", "dual_star_dual_edge"])
def test_the_parent_box_names_its_role_once(item: str) -> None:
    """The 申込書's picture read 「親拠点 親拠点」: the role and a parent site named 親拠点 (the default)."""
    from reportlab.graphics.shapes import String

    from configurator.documents.fonts import japanese_font
    from configurator.documents.topology import network_drawing
    from configurator.tariff.catalogue import catalogue

    def texts(name: str) -> list[str]:
        net = vpn_order(3)["vpn_networks"][0]
        net["item"], net["parent"]["name"] = item, name
        drawing = network_drawing(net, catalogue(), japanese_font(None, 0).name, 510)
        return [s.text for s in drawing.contents if isinstance(s, String)]

    assert "親拠点" in texts("親拠点") and not any("親拠点 親拠点" in t for t in texts("親拠点"))
    assert "親拠点" in texts(" 親拠点 ")
    assert "親拠点 本社" in texts("本社")
    assert "親拠点 (名称未記入)" in texts("  ")
