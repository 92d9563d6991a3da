"""Issue 13, the look of every document at every size: what rendering every kind at 10, 300 and 1,000
sites (tools/render_all.py) and looking at the pages showed, each checked as a reader would see it."""

from __future__ import annotations

import re
from pathlib import Path

from configurator.documents.form import build_form
from tests.benchmarks.orders import big_order
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
