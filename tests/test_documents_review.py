"""What a Japanese customer signing the documents and an approver filing them checked on every kind
of document (御見積書, 申込書, 変更申込書, 解約申込書, 解約に伴う費用のお見積り) at 1, 10 and 1,000 sites,
with and without the issuer, and with a 60-character company name and an 80-character address."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from configurator.documents.form import build_form
from tests.conftest import example
from tests.test_documents import opts, pdftotext

#: a company name of 60 characters and an address of 80, as a large customer's are
LONG_NAME = (
    "株式会社ロングネームホールディングスアンドパートナーズジャパンインターナショナルソリューションズ"
    "東日本西日本テクノロジー"
)
LONG_ADDRESS = (
    "東京都千代田区富士見二丁目十番二号飯田橋グラン・ブルーム二十三階サンプルビルディング北館東棟"
    "株式会社ロングネーム総務部気付郵便室宛て特別配送センター受付窓口内東"
)
#: a site name of 50 characters without a break in it
LONG_SITE = "大阪" + "ロジスティクスオペレーションセンター南港第二倉庫棟" * 2


def long_order() -> dict[str, Any]:
    doc = example("mixed.iij-order.json")
    doc["customer"].update(name=LONG_NAME, address=LONG_ADDRESS)
    site = doc["vpn_networks"][0]["children"][0]
    site.update(name=LONG_SITE, address="大阪府" + LONG_ADDRESS[3:])
    return doc


def flat(text: str) -> str:
    """The text without its line breaks and layout spaces: a name wrapped in its cell read whole."""
    return re.sub(r"\s+", "", text)


def test_a_50_character_site_name_wraps_in_its_column_and_no_other_column_breaks(tmp_path: Path) -> None:
    """A site name of 50 characters (one unbroken word) took its floor of 45 % of the site list; the
    other wrapping columns gave up too little of theirs, and every column was then narrowed in
    proportion: the header broke (「インターネット接/続」), an option name (「プライベートスイッ/チ」)
    and a LAN (「192.168.10.0/2」 on one line and 「4」 on the next, a reader takes it for a /2). Now the
    name wraps and everything else is whole."""
    assert (len(LONG_NAME), len(LONG_ADDRESS)) == (60, 80)
    text = pdftotext(build_form(long_order(), opts()), tmp_path)
    header = next(line for line in text.splitlines() if "拠点名・設置場所" in line)
    for word in ("機器種別・台数", "期間", "LAN", "インターネット接続", "オプション"):
        assert word in header
    assert "192.168.10.0/24" in text  # the second LAN of 福岡営業所, whole on its line
    assert text.count("プライベートスイッチ") == 2 and "ラックマウントキット" in text
    read = flat(pdftotext(build_form(long_order(), opts()), tmp_path, layout=False))  # in reading order
    assert LONG_SITE in read and LONG_NAME in read and LONG_ADDRESS in read


def _remarks(text: str) -> list[str]:
    """The numbered remarks of a quote, each read whole (its wrapped lines joined)."""
    tail = flat(text.split("備考", 1)[1])
    # without the page foot and the next page's head
    tail = re.sub(r"御見積書Q-[\w-]+\d+/\d+(サンプル価格\(実際の価格ではありません\))?", "", tail)
    return [r for r in re.split(r"(?:(?<=。)|(?<=\)))\d+\.", tail) if r]


def test_a_quote_cites_the_tariffs_of_the_services_it_quotes_and_no_other(tmp_path: Path) -> None:
    """A quote of the VPN service alone ended 「適用する規程: 個別規程 IIJマネージドVPN PROサービス(…)、
    個別規程 IIJ認証アウトソースサービス(…)」: an approver filing it asks why a service the customer is
    not offered is cited."""
    from configurator.documents.quote import build_quote

    vpn = example("mixed.iij-order.json")
    vpn["auth_units"] = []
    text = flat(pdftotext(build_quote(vpn, opts()), tmp_path))
    assert "適用する規程:個別規程IIJマネージドVPNPROサービス(2024年8月1日現在)。" in text
    assert "認証アウトソース" not in text
    auth = flat(pdftotext(build_quote(example("auth.iij-order.json"), opts()), tmp_path))
    assert "適用する規程:個別規程IIJ認証アウトソースサービス(2024年7月4日現在)。" in auth
    assert "個別規程IIJマネージドVPN" not in auth


def test_the_remarks_of_a_quote_of_both_services_say_whose_articles_they_cite(tmp_path: Path) -> None:
    """A quote of both services listed 「解約は当社所定の解約申込書によります。…(第18条、…)」 and, four
    remarks on, the same sentence with (第8条第1項): the same remark twice to a reader, with articles of
    no named 個別規程. Each service's remarks now name it."""
    from configurator.documents.quote import build_quote

    data = build_quote(example("mixed.iij-order.json"), opts())
    remarks = _remarks(pdftotext(data, tmp_path, layout=False))
    cancelling = [r for r in remarks if "解約は当社所定の解約申込書によります" in r]
    assert len(cancelling) == 2
    assert cancelling[0].startswith("【IIJマネージドVPNPROサービス】") and "第18条" in cancelling[0]
    assert cancelling[1].startswith("【IIJ認証アウトソースサービス】") and "第8条第1項" in cancelling[1]
    for r in remarks:
        if re.search(r"第\d+条", r):  # every article cited is of a service the remark names
            named = ("IIJマネージドVPNPROサービス", "IIJ認証アウトソースサービス", "一般規程")
            assert any(name in r for name in named), r


def test_the_guides_change_screen_never_shows_a_stale_date_warning() -> None:
    """The guide's picture of the 変更 screen (packaging/screenshots.py) typed the 変更日 2026-12-01; once
    that day had passed the screen warned 「変更日(2026年12月1日)が申込日(…)より前です」 in the guide.
    The 変更日 it types is now after today, whatever today is, and the screen judges it without a word."""
    import datetime as dt
    import importlib.util

    from configurator.lifecycle.dates import change_date_issues
    from tests.conftest import ROOT

    spec = importlib.util.spec_from_file_location("screenshots", ROOT / "packaging" / "screenshots.py")
    assert spec is not None and spec.loader is not None
    screenshots = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(screenshots)
    base = example("contracted.iij-order.json")
    for today in ("2026-12-03", "2026-12-31", "2027-01-31", "2027-06-15", "2030-02-28"):
        day = dt.date.fromisoformat(today)
        change = screenshots.change_date(day)
        assert change > day
        doc = {"change_date": change.isoformat(), "request_date": today, "base": base}
        assert change_date_issues(doc, {"nagoya"}) == [], today  # the site the picture changes


@pytest.mark.parametrize(
    ("kind", "lead"),
    [
        ("change", "機器種別の変更(第9条"),
        ("change", "オプションの追加(第17条"),
        ("change", "月額の増加"),
        ("cancel", "マネージメント(親たる"),
        ("cancel-quote", "亡失負担金は御見積金額に含みません"),
    ],
)
def test_a_tables_lead_line_stands_apart_from_what_is_above_it(kind: str, lead: str, tmp_path: Path) -> None:
    """On the 変更申込書 「機器種別の変更(第9条第1項、別紙4)」 sat on the bottom line of the
    申込者・変更日 table (5.7 pt), 「オプションの追加…」 and 「月額の増加(税抜)」 on the totals above
    them (2.9 pt), and on the 解約申込書 「マネージメント(親たる契約)の解約により…」 on the note above
    it (3.7 pt), and on the 解約に伴う費用のお見積り the note under the 亡失負担金 on its last row (4.5 pt):
    each read as part of what was above it. Each has 2 mm of its own now, as the other leads have."""
    from configurator.documents.lifecycle_docs import build_cancel_form, build_cancel_quote, build_change_form
    from configurator.lifecycle import analyse_cancel, analyse_change
    from tests.helpers.sized_orders import cancel_order, change_order
    from tests.test_documents_look import _space_above

    if kind == "change":
        data = build_change_form(analyse_change(change_order(10)), opts())
    else:
        build = build_cancel_form if kind == "cancel" else build_cancel_quote
        data = build(analyse_cancel(cancel_order(10)), opts())
    assert _space_above(data, lead, tmp_path) >= 8


@pytest.mark.parametrize("cancelled", ["vpn", "auth", "both"])
def test_a_cancellation_cites_the_articles_of_the_services_it_cancels_and_no_other(
    cancelled: str, tmp_path: Path
) -> None:
    """The 解約申込書 and the 解約に伴う費用のお見積り cited 「認証アウトソース 第8条第1項、マネージドVPN PRO
    第18条…」 and 「(マネージドVPN PRO 第20条・別紙2、認証アウトソース 第10条・別紙2)」 on a cancellation of
    VPN sites alone: a customer cancelling no 認証アウトソース contract read articles of a service he does
    not cancel. Each now cites the tariffs of what it cancels."""
    from configurator.documents.lifecycle_docs import build_cancel_form, build_cancel_quote
    from configurator.lifecycle import analyse_cancel
    from tests.helpers.sized_orders import cancel_order

    doc = cancel_order(10)
    if cancelled != "both":
        doc["targets"] = [t for t in doc["targets"] if t.startswith(f"/{cancelled}")]
        doc["unreturned"] = [t for t in doc["unreturned"] if t in doc["targets"]]
    doc["exemption"] = "general_28_2"
    result = analyse_cancel(doc)
    form = flat(pdftotext(build_cancel_form(result, opts()), tmp_path))
    quote = flat(pdftotext(build_cancel_quote(result, opts()), tmp_path))
    vpn, auth = "マネージドVPNPRO第", "認証アウトソース第"
    for text in (form, quote):
        assert (vpn in text) == (cancelled != "auth"), text
        assert (auth in text) == (cancelled != "vpn"), text
    effect = {
        "vpn": "(マネージドVPNPRO第18条、オプションは第17条第4項)",
        "auth": "(認証アウトソース第8条第1項、オプションは第7条第4項)",
        "both": "(マネージドVPNPRO第18条、認証アウトソース第8条第1項、オプションは各第17条第4項・第7条第4項)",
    }
    assert "ご指定の日の遅い日に生じます" + effect[cancelled] in form


def _documents(sites: int) -> list[tuple[str, bytes]]:
    """Every kind of document on the orders of tools/render_all.py of `sites`, as a user makes them."""
    from configurator.documents import build_document
    from configurator.documents.lifecycle_docs import build_cancel_form, build_cancel_quote, build_change_form
    from configurator.lifecycle import analyse_cancel, analyse_change
    from configurator.tariff.rules import validate
    from tests.helpers.sized_orders import orders

    out = []
    for name, (feeds, doc) in orders([sites]).items():
        if feeds == "order":
            assert not [i for i in validate(doc) if i.is_error], name  # one the tariff takes, made for real
            out += [(f"quote {name}", build_document("quote", doc, opts()))]
            out += [(f"form {name}", build_document("form", doc, opts()))]
        elif feeds == "change":
            change = analyse_change(doc)
            assert change.valid and change.device_changes + change.settings_changes, name  # it changes
            out += [(f"change-form {name}", build_change_form(change, opts()))]
        else:
            cancel = analyse_cancel(doc)
            assert cancel.valid, name
            out += [(f"cancel-form {name}", build_cancel_form(cancel, opts()))]
            out += [(f"cancel-quote {name}", build_cancel_quote(cancel, opts()))]
    return out


@pytest.mark.parametrize("sites", [1, 10, 300])
def test_every_page_of_every_document_is_numbered_and_none_starts_with_a_total(
    sites: int, tmp_path: Path
) -> None:
    """At 1, 10 and 300 sites every kind of document: each page says 「n / N」 at its foot, and no page
    begins with a 小計, 消費税 or 合計 line cut from the rows it adds up. (render_all --sizes 1 failed:
    its orders of one site were not orders the tariff takes, and the change and cancellation of one
    site fell over.)"""
    totals = re.compile(r"^\s*(小計|消費税|合計|\S*(小計|合計)\((税抜|税込|不課税))")
    for name, data in _documents(sites):
        pages = pdftotext(data, tmp_path).split("\f")[:-1]
        for n, page in enumerate(pages, start=1):
            lines = [ln for ln in page.splitlines() if ln.strip()]
            assert re.search(rf"\b{n}\s*/\s*{len(pages)}$", lines[-1].strip()), (name, n, lines[-1])
            body = [ln for ln in lines if not re.search(r"【下書き】|サンプル価格\(実際", ln)]
            assert not totals.match(body[0]), (name, n, body[0])


def test_a_change_with_added_options_is_not_sent_to_a_second_page_with_half_of_the_first_empty(
    tmp_path: Path,
) -> None:
    """A 変更申込書 that adds options (a short list kept with its totals) sent the 一時費用, the added
    options and the signature box to a second page whatever room the first had: a KeepTogether inside
    the box's KeepTogether measures as a whole page. The change of 10 sites is one page now, its box
    under the added options."""
    from configurator.documents.lifecycle_docs import build_change_form
    from configurator.lifecycle import analyse_change
    from tests.helpers.sized_orders import change_order

    change = analyse_change(change_order(10))
    assert change.options_added
    pages = pdftotext(build_change_form(change, opts()), tmp_path).split("\f")[:-1]
    assert len(pages) == 1
    text = pages[0]
    assert text.index("一時費用 合計(税込)") < text.index("オプションの追加") < text.index("申込者の確認")
