from __future__ import annotations

import datetime as dt

import pytest

from configurator.text.jpformat import (
    era,
    format_date,
    format_date_both,
    format_wareki,
    format_yen,
    format_yen_mark,
)


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (dt.date(2026, 11, 22), "令和8年11月22日"),
        (dt.date(2019, 5, 1), "令和元年5月1日"),
        (dt.date(2019, 4, 30), "平成31年4月30日"),
        (dt.date(2020, 1, 1), "令和2年1月1日"),
        (dt.date(1989, 1, 8), "平成元年1月8日"),
        (dt.date(1989, 1, 7), "昭和64年1月7日"),
        (dt.date(1926, 12, 25), "昭和元年12月25日"),
        (dt.date(1926, 12, 24), "大正15年12月24日"),
        (dt.date(1912, 7, 30), "大正元年7月30日"),
        (dt.date(1912, 7, 29), "明治45年7月29日"),
        (dt.date(2010, 2, 1), "平成22年2月1日"),
        (dt.date(2024, 8, 1), "令和6年8月1日"),
    ],
)
def test_wareki(day: dt.date, text: str) -> None:
    assert format_wareki(day) == text


def test_era_before_the_gregorian_calendar_is_refused() -> None:
    with pytest.raises(ValueError):
        era(dt.date(1872, 12, 31))


def test_gregorian_and_both() -> None:
    assert format_date(dt.date(2026, 11, 22)) == "2026年11月22日"
    assert format_date("2026-01-05") == "2026年1月5日"
    assert format_date_both("2026-11-22") == "令和8年11月22日(2026年11月22日)"


def test_yen() -> None:
    assert format_yen(1234567) == "1,234,567円"
    assert format_yen(0) == "0円"
    assert format_yen_mark(1234567) == "￥1,234,567"
