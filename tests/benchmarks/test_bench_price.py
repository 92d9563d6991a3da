"""Pricing speed (issue #3): an order of 1,000 child sites with every option ≤ 20 ms (median)."""

from __future__ import annotations

from typing import Any

from configurator.pricing.books import sample_price_book
from configurator.pricing.quote import price_order
from tests.benchmarks.orders import big_order


def test_price_1000_sites_every_option(benchmark: Any) -> None:
    doc = big_order(1000, every_option=True)
    book = sample_price_book()
    quote = benchmark(price_order, doc, book)
    assert quote.unpriced == []
    names = {ln.name.split("(")[0].split(" ")[0] for ln in quote.groups["monthly"].lines}
    assert {
        "コールドスタンバイオプション",
        "プライベートスイッチオプション",
        "ラックマウントキットオプション",
        "SFPモジュールオプション",
        "VPNモジュールオプション",
        "追加ライセンスオプション",
    } <= names
