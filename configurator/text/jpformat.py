"""Japanese formatting: yen amounts (Babel), dates in 西暦 (Babel) and 和暦 (written here).

Babel has no Japanese imperial calendar, so the era conversion is done here from the era table.
Each era starts on its first day (令和 on 2019-05-01; 2019-04-30 is 平成31年). The first year of an
era is written 元年, as on Japanese business documents.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

#: (first day, name), newest last. Dates before 1873-01-01 (the Gregorian calendar's adoption) are refused.
ERAS: tuple[tuple[dt.date, str], ...] = (
    (dt.date(1868, 10, 23), "明治"),
    (dt.date(1912, 7, 30), "大正"),
    (dt.date(1926, 12, 25), "昭和"),
    (dt.date(1989, 1, 8), "平成"),
    (dt.date(2019, 5, 1), "令和"),
)
GREGORIAN_ADOPTED = dt.date(1873, 1, 1)
LOCALE = "ja_JP"


def _as_date(d: dt.date | str) -> dt.date:
    return dt.date.fromisoformat(d) if isinstance(d, str) else d


def era(d: dt.date | str) -> tuple[str, int]:
    """The era name and year of a date: era(date(2019, 5, 1)) == ('令和', 1)."""
    day = _as_date(d)
    if day < GREGORIAN_ADOPTED:
        raise ValueError(f"{day.isoformat()} は和暦変換の範囲外です(1873年1月1日以降)")
    for start, name in reversed(ERAS):
        if day >= start:
            return name, day.year - start.year + 1
    raise ValueError(day.isoformat())  # pragma: no cover - unreachable after the range check


def format_wareki(d: dt.date | str) -> str:
    """令和8年11月22日; 令和元年5月1日 for the first year."""
    day = _as_date(d)
    name, year = era(day)
    y = "元" if year == 1 else str(year)
    return f"{name}{y}年{day.month}月{day.day}日"


ERA_ROMAJI = {"明治": "Meiji", "大正": "Taisho", "昭和": "Showa", "平成": "Heisei", "令和": "Reiwa"}


def format_wareki_en(d: dt.date | str) -> str:
    """Reiwa 8 — the Japanese era year in Latin letters, for the English interface."""
    name, year = era(d)
    return f"{ERA_ROMAJI[name]} {year}"


def format_date(d: dt.date | str) -> str:
    """2026年11月22日 (Babel, Japanese locale)."""
    day = _as_date(d)
    if type(day) is dt.date:  # what Babel writes for y年M月d日, without loading Babel (40 ms at start)
        return f"{day.year}年{day.month}月{day.day}日"
    from babel.dates import format_date as _fd

    return str(_fd(day, format="y年M月d日", locale=LOCALE))


def format_date_both(d: dt.date | str) -> str:
    """令和8年11月22日(2026年11月22日)."""
    return f"{format_wareki(d)}({format_date(d)})"


def format_number(n: int | Decimal) -> str:
    """1,234,567 with the Japanese grouping (Babel)."""
    if type(n) is int:  # Babel's ja_JP grouping of a whole number, without loading Babel
        return f"{n:,}"
    from babel.numbers import format_decimal

    return str(format_decimal(n, locale=LOCALE))


def format_yen(n: int | Decimal) -> str:
    """1,234,567円 — the form used in the quote's tables."""
    return f"{format_number(n)}円"


def format_yen_mark(n: int | Decimal) -> str:
    """￥1,234,567 — the form of a headline amount (Babel's JPY currency format for ja_JP)."""
    if type(n) is int:  # Babel's JPY format for ja_JP, without loading Babel
        return f"-￥{-n:,}" if n < 0 else f"￥{n:,}"
    from babel.numbers import format_currency

    return str(format_currency(n, "JPY", locale=LOCALE))


def today_tokyo() -> dt.date:
    """Today in Japan (Asia/Tokyo), whatever the machine's time zone."""
    from zoneinfo import ZoneInfo

    return dt.datetime.now(ZoneInfo("Asia/Tokyo")).date()


def format_yen_en(n: int | Decimal) -> str:
    """¥1,234,567 — an amount in English: the yen sign as English text writes it (U+00A5), not the
    fullwidth ￥ of Japanese text."""
    return f"-¥{-n:,}" if n < 0 else f"¥{n:,}"


def display_yen(n: int | Decimal) -> str:
    """An amount as the user interface shows it: 1,234円 in Japanese, ¥1,234 in English."""
    from configurator.text.i18n import pick

    return pick(format_yen(n), format_yen_en(n))


def display_yen_mark(n: int | Decimal) -> str:
    """A headline amount as the user interface shows it (the wizard's status line): ￥1,234 in Japanese,
    ¥1,234 in English. The documents keep their own forms (format_yen)."""
    from configurator.text.i18n import pick

    return pick(format_yen_mark(n), format_yen_en(n))


def display_date(d: dt.date | str) -> str:
    """A date as the user interface shows it: 2026年11月22日 in Japanese, 2026-11-22 in English."""
    from configurator.text.i18n import pick

    return pick(format_date(d), _as_date(d).isoformat())


def display_wareki(d: dt.date | str) -> str:
    """令和8年11月22日 in Japanese, Reiwa 8 in English."""
    from configurator.text.i18n import pick

    return pick(format_wareki(d), format_wareki_en(d))


_ARTICLE = re.compile(r"第(\d+)条(?:第(\d+)項)?(?:第(\d+)号)?")
_ERAS_EN = {"平成": 1988, "令和": 2018, "昭和": 1925}


def article_en(citation: str) -> str:
    """A tariff citation in English: '第17条第2項第7号' → 'Art. 17(2)(vii)', '別紙4' → 'Annex 4', '附則
    平成22年2月1日'
    → 'Suppl. provisions of 2010-02-01', 'および/、' kept apart by commas. Anything else is left as
    written."""

    def one(m: re.Match[str]) -> str:
        art, para, item = m.groups()
        return f"Art. {art}" + (f"({para})" if para else "") + (f"({_roman(int(item))})" if item else "")

    out = _ARTICLE.sub(one, citation)
    out = re.sub(r"第(\d+)項", r"para. \1", out)
    out = re.sub(r"第(\d+)号", lambda m: f"item {_roman(int(m.group(1)))}", out)
    out = re.sub(r"別紙(\d+)", r"Annex \1", out)
    out = re.sub(
        r"(平成|令和|昭和)(\d+)年(\d+)月(\d+)日",
        lambda m: f"{_ERAS_EN[m.group(1)] + int(m.group(2))}-{int(m.group(3)):02d}-{int(m.group(4)):02d}",
        out,
    )
    out = out.replace("附則", "Suppl. provisions of").replace("、", ", ")
    return out


def _roman(n: int) -> str:
    numerals = ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
    out = ""
    for value, letters in numerals:
        while n >= value:
            out += letters
            n -= value
    return out
