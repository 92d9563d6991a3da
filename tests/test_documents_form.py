"""申込書 and the change/cancellation forms as a Japanese office fills them in: whole headers, 〒
codes as written by custom, one 申込日, the duties of every service (該当なし where they do not
apply), the signature block on one page, a dual star drawn as two devices."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest

from configurator.documents.common import DocOptions
from configurator.documents.form import build_form, postal_address
from configurator.documents.lifecycle_docs import build_cancel_form, build_change_form
from configurator.lifecycle import analyse_cancel, analyse_change
from tests.conftest import example
from tests.test_documents import ISSUER, pages, pdftotext

DAY = dt.date(2026, 11, 22)


def opts(**kw: object) -> DocOptions:
    return DocOptions(issue_date=DAY, number="Q-2026-000123-R2", issuer=ISSUER, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("100-0001", "〒100-0001 東京都"),
        ("1000001", "〒100-0001 東京都"),
        ("１００－０００１", "〒100-0001 東京都"),
        ("〒100-0001", "〒100-0001 東京都"),
        ("", "東京都"),
        (None, "東京都"),
    ],
)
def test_postal_codes_are_printed_as_custom_has_them(typed: str | None, printed: str) -> None:
    assert postal_address(typed, "東京都") == printed
    assert postal_address("", "") == ""  # no lone 〒


def test_site_table_headers_are_never_broken_inside_a_word(tmp_path: Path) -> None:
    text = pdftotext(build_form(example("mixed.iij-order.json"), opts()), tmp_path)
    header = next(line for line in text.splitlines() if "拠点名・設置場所" in line)
    for word in ("No", "区分", "期間", "LAN", "インターネット接続", "オプション", "機器種別・台数"):
        assert word in header, (word, header)
    assert "192.168.10.0/24" in text and "×1台" in text  # addresses and counts whole


def test_one_application_date_a_blank_to_fill_in(tmp_path: Path) -> None:
    text = pdftotext(build_form(example("mixed.iij-order.json"), opts()), tmp_path)
    assert text.count("申込日") == 2  # the signature box's 申込日 and the declaration's 申込日時点
    assert "作成日: 2026年11月22日" in text
    assert re.search(r"申込日\s+年\s+月\s+日", text)


def test_the_change_form_prints_the_request_date_of_the_change_and_nothing_else(tmp_path: Path) -> None:
    doc = example("change.iij-change.json")
    text = pdftotext(build_change_form(analyse_change(doc), opts(wareki=True)), tmp_path)
    assert re.search(r"申込日: 令和8年11月22日", text)  # request_date of the change, in wareki
    assert text.count("申込日") == 1  # printed once, no blank 申込日 in the signature box
    assert "年　　　　月" not in text and not re.search(r"申込日\s+年\s+月\s+日", text)
    assert "令和8年12月1日" in text  # the change date in wareki too, not only the header


def test_duties_include_the_catch_all_and_mark_what_does_not_apply(tmp_path: Path) -> None:
    text = pdftotext(build_form(example("mixed.iij-order.json"), opts()), tmp_path, layout=False)
    assert "□ 前各号のほか、当社が個別に指定する事項(第5号)" in text
    assert "□ 前各号のほか、当社が個別に指定する事項(第6号)" in text
    # the mixed example uses no closed monitoring: 第4号 is 該当なし; one site uses another provider: 第3項
    # applies
    assert (
        "― クローズドモニタリングを利用する場合、当社が指定する場所と通信するための電気通信回線の用意(第4号)"
        ": 該当なし"
        in text
    )
    assert "□ 当社のサービスによらない通信環境の場合" in text
    auth = example("auth.iij-order.json")
    auth["auth_units"][0]["vpdns"] = []
    text = pdftotext(build_form(auth, opts()), tmp_path, layout=False)
    assert "VPDN: VPDNを終端する装置の設定(第3号): 該当なし" in text
    assert "「該当なし」の事項は" in text


def test_the_signature_block_is_never_alone_nor_split(tmp_path: Path) -> None:
    from tests.benchmarks.orders import big_order

    for doc in (example("mixed.iij-order.json"), big_order(10), big_order(300)):
        ps = pages(build_form(doc, opts()), tmp_path)
        where = [n for n, p in enumerate(ps) if "申込者(記名)" in p]
        assert len(where) == 1
        last = ps[where[0]]
        assert (
            "申込者の確認" in last and "記載内容に誤りがないことを確認しました" in last and "ご担当者" in last
        )


def test_a_dual_star_is_drawn_as_two_devices(tmp_path: Path) -> None:
    text = pdftotext(build_form(example("mixed.iij-order.json"), opts()), tmp_path, layout=False)
    assert "1台目 / 2台" in text and "2台目 / 2台" in text


def test_the_cancellation_form_has_one_application_date(tmp_path: Path) -> None:
    text = pdftotext(build_cancel_form(analyse_cancel(example("cancel.iij-cancel.json")), opts()), tmp_path)
    assert text.count("申込日") == 1 and "作成日: 2026年11月22日" in text


def test_change_and_cancellation_forms_call_their_number_the_contracts_quote_number(tmp_path: Path) -> None:
    """The number on a 変更申込書 or 解約申込書 is the 見積番号 of the contract it changes (the contract
    screen prints the contract's): said so, not 「見積番号」 as if the form were a quote; the cancellation
    quote keeps its own 見積番号."""
    import pikepdf

    from configurator.documents.lifecycle_docs import build_cancel_quote

    cancel = analyse_cancel(example("cancel.iij-cancel.json"))
    change = analyse_change(example("change.iij-change.json"))
    for data, top in (
        (build_change_form(change, opts()), "申込日: 2026年11月22日"),
        (build_cancel_form(cancel, opts()), "作成日: 2026年11月22日"),
    ):
        text = pdftotext(data, tmp_path)
        assert re.search(top + r"\s+ご契約の見積番号: Q-2026-000123-R2", text), text[:300]
        assert text.count("見積番号") == 1  # no other, bare 見積番号
        with pikepdf.open(io.BytesIO(data)) as pdf:
            assert str(pdf.docinfo["/Subject"]) == "ご契約の見積番号 Q-2026-000123-R2"
    text = pdftotext(build_cancel_quote(cancel, opts()), tmp_path)
    assert "見積番号" in text and "ご契約の見積番号" not in text


# --- change and cancellation documents (issue 13 D) -------------------------------------------------


def test_change_form_shows_site_names_whole_dates_and_taxed_totals(tmp_path: Path) -> None:
    text = pdftotext(build_change_form(analyse_change(example("change.iij-change.json")), opts()), tmp_path)
    assert "名古屋営業所" in text and "大阪支店" in text
    assert not re.search(r"\bnagoya\b|\bosaka\b", text)  # names, not ids
    dates = re.findall(r"\d{4}年\d{1,2}月(?:\d{1,2}日)?|\d{4}年(?!\d)|\d{4}\s*\n", text)
    assert dates and all(re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", d) for d in dates), (
        dates
    )  # no date broken
    assert "2026年12月31日" in text  # the return deadline
    assert re.search(r"一時費用 小計\(税抜\)\s+60,000円", text)
    assert re.search(r"消費税\(10%、1円未満切り捨て\)\s+6,000円", text)
    assert re.search(r"一時費用 合計\(税込\)\s+66,000円", text)


def test_cancellation_quote_is_a_quote_not_a_cancellation(tmp_path: Path) -> None:
    from configurator.documents.lifecycle_docs import build_cancel_quote

    data = build_cancel_quote(analyse_cancel(example("cancel.iij-cancel.json")), opts())
    text = pdftotext(data, tmp_path)
    for words in (
        "株式会社サンプル",
        "情報システム部 山田 太郎 様",
        "見積番号",
        "発行日",
        "有効期限",
        "2026年12月22日",
        "御見積金額(税込)",
        "330,000円",
        "登録番号 T7000012050002",
        "解約申込書で行ってください",
    ):
        assert words in text, words
    assert re.search(r"最低利用期間内解除調定金 合計\(税込\)\s+330,000円", text)
    assert "申込者(記名)" not in text and "印" not in text.split()  # no signature box
    assert "申し込みます" not in text
    amounts = [line for line in text.splitlines() if "300,000円" in line]
    assert amounts and all(
        line.rstrip().endswith("円") for line in amounts
    )  # right-aligned: the row ends with it


def test_no_list_ends_with_a_single_row_under_its_header() -> None:
    from configurator.documents.common import styles
    from configurator.documents.fonts import japanese_font
    from configurator.documents.form import CHUNK_ROWS, KEEP_TAIL, _list_table

    st = styles(japanese_font().name)
    rows = [[str(n), f"端末{n}", "192.0.2.1"] for n in range(1, CHUNK_ROWS + 2)]  # 31 rows: 30 + 1 before
    tables = _list_table(["No", "名称", "IP"], rows, [30.0, 200.0, 200.0], st)
    assert [len(t._cellvalues) - 1 for t in tables] == [CHUNK_ROWS - KEEP_TAIL + 1, KEEP_TAIL]


def test_the_price_book_date_follows_the_wareki_setting(tmp_path: Path) -> None:
    from configurator.documents.quote import build_quote

    text = pdftotext(build_quote(example("auth.iij-order.json"), opts(wareki=True)), tmp_path, layout=False)
    assert "適用開始 令和6年8月1日" in text.replace("\n", "")
    assert "2024-08-01" not in text
