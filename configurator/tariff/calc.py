"""The calculations both tariffs define (tariff-rules.md, "Calculations both tariffs define").

Pure functions on dates and integer yen. Where the tariff is silent, the reading chosen is named in
READINGS, stated in the user documentation (README) and printed by the CLI with each result.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from configurator.errors import KnownError
from configurator.tariff.catalogue import catalogue

#: The readings this code takes where the tariff is silent, one sentence each (shown to users).
READINGS: dict[str, str] = {
    "cancellation_date": (
        "到達日の翌日から数えて30日目(民法第140条 初日不算入)と、"
        "お客様の指定日の遅い方を解除の効力発生日とします。"
        "指定日が30日目より前なら30日目です。"
    ),
    "minimum_term": (
        "最低利用期間は課金開始日を起算日とし、民法第143条により応当日の前日に満了します"
        "(応当日がない月はその月の末日)。例: 2026年4月1日開始の1年は2027年3月31日満了。"
    ),
    "early_termination": (
        "残余期間は、解除の効力発生日から最低利用期間の満了日までの月数とし、"
        "1か月に満たない端数は1か月と数えます。"
        "効力発生日が満了日の翌日以降なら0か月(調定金なし)です。"
    ),
    "reduction": (
        "減額は 利用不能時間÷24(小数点以下切り捨て)× 月額費用÷30 を計算し、最後に1円未満を切り捨てます"
        "(途中で丸めません)。24時間未満は0円です。"
    ),
    "settings_change_fee": (
        "作業の開始と終了がともに9時00分〜19時00分(19時00分ちょうどを含む)に収まる作業を営業時間内とし、"
        "少しでも時間外にかかる作業(日付をまたぐ作業を含む)は時間外とします。機器1台・1作業ごとに計算します。"
    ),
    "device_return": "返還期限は、契約終了日(機器種別の変更では変更日)の翌日から数えて30日目とします。",
}


#: The same readings in English, for the English user interface.
READINGS_EN: dict[str, str] = {
    "cancellation_date": (
        "The cancellation takes effect on the later of the 30th day counted from the day after the "
        "notice arrives (Civil Code art. 140) and the day the customer names."
    ),
    "minimum_term": (
        "A minimum term starts on the billing start date and ends the day before the same day of the last "
        "month (Civil Code art. 143; the month's last day when that day does not exist)."
    ),
    "early_termination": (
        "The remaining term runs from the effective date to the end of the minimum term; a part of a "
        "month counts as a whole month. Nothing is charged once the term has ended."
    ),
    "reduction": (
        "The reduction is floor(outage hours ÷ 24) × monthly fee ÷ 30, rounded down to the yen once at the "
        "end; under 24 hours it is 0."
    ),
    "settings_change_fee": (
        "A job that starts and ends within 9:00–19:00 (19:00 itself included) is within business "
        "hours; any minute outside, overnight jobs included, is outside. Per device and job."
    ),
    "device_return": "The return deadline is the 30th day counted from the day after the contract ends or "
                     "the device changes.",
}


def reading(key: str) -> str:
    from configurator.text.i18n import pick

    return pick(READINGS[key], READINGS_EN[key])


class CalcError(KnownError):
    """Impossible input to a calculation (exit 2)."""


def parse_date(text: str, what: str = "日付") -> dt.date:
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
            raise ValueError(text)
        return dt.date.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        raise CalcError(
            f"{what}「{text}」は存在しない日付か、形式が違います。YYYY-MM-DD(例 2026-11-22)"
            "で指定してください。",
            f"{what} {text!r} is not a real date in YYYY-MM-DD.",
        ) from None


#: Every whole number a calculation takes stays below this (the JSON loader's limit, MAX_NUMBER): a fee
#: of 20 digits was multiplied out, and a count of 4,301 digits ended in exit 70.
MAX_INPUT = 10**15


def parse_yen(text: str | int, what: str = "金額", limit: int = MAX_INPUT) -> int:
    """A whole number of yen, 0 or more and below `limit`, commas and full-width digits allowed."""
    return _whole(text, what, limit, ("の円", "(例 12000)", " of yen"))


def parse_count(text: str | int, what: str, limit: int) -> int:
    """A count (months, devices), 0 or more and below `limit`: told as a number, not as yen."""
    return _whole(text, what, limit, ("", "(例 12)", ""))


def _whole(text: str | int, what: str, limit: int, words: tuple[str, str, str]) -> int:
    of_yen, example, of_yen_en = words
    s = str(text).strip().replace(",", "")
    if not s.isdecimal():  # "²" is a digit int() refuses; "１２" (full width) is decimal and read
        raise CalcError(
            f"{what}「{text}」は0以上の整数{of_yen}で指定してください{example}。",
            f"{what} {text!r} must be a non-negative whole number{of_yen_en}.",
        )
    if len(s) > len(str(limit)) or int(s) >= limit:
        raise CalcError(
            f"{what}「{text}」が大きすぎます({limit - 1:,} 以下で指定してください)。",
            f"{what} {text!r} is too large (give {limit - 1:,} at most).",
        )
    return int(s)


def parse_time(text: str, what: str = "時刻") -> int:
    """'HH:MM' → minutes after midnight (00:00–23:59, and 24:00 as the end of the day)."""
    try:
        hh, mm = text.strip().split(":")
        h, m = int(hh), int(mm)
        if len(mm) != 2 or not (0 <= m <= 59) or not (0 <= h <= 24) or (h == 24 and m != 0):
            raise ValueError
    except ValueError:
        raise CalcError(
            f"{what}「{text}」は時刻ではありません。00:00〜23:59 の HH:MM で指定してください。",
            f"{what} {text!r} is not a time HH:MM.",
        ) from None
    return h * 60 + m


# --- dates --------------------------------------------------------------------------------------


def _beyond_calendar() -> CalcError:
    """A date computed past 9999-12-31 (or before year 1): a date mistyped, never a bug (it ended in
    exit 70 and "OverflowError" for `calc device-return --end 9999-12-31` or a cancellation in 9999)."""
    return CalcError(
        "計算した日付が西暦1年〜9999年の範囲を超えます。入力した日付や月数を確認してください。",
        "A date computed falls outside the years 1 to 9999. Check the dates and months given.",
    )


def plus_days(d: dt.date, days: int) -> dt.date:
    """`d` moved by `days`, refused in words past the calendar's end."""
    try:
        return d + dt.timedelta(days=days)
    except OverflowError:
        raise _beyond_calendar() from None


def add_months(d: dt.date, months: int) -> tuple[dt.date, bool]:
    """The same day `months` later, and whether that day exists (else the month's last day)."""
    y, m0 = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m0 + 1
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise _beyond_calendar()
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(d.day, last)), d.day <= last


def term_end(start: dt.date, months: int) -> dt.date:
    """The last day of a period of `months` counted from `start` (起算日), by 民法第143条."""
    if months <= 0:
        return plus_days(start, -1)
    same_day, exists = add_months(start, months)
    return plus_days(same_day, -1) if exists else same_day


def cancellation_date(notice: dt.date, requested: dt.date | None = None) -> dt.date:
    """calc.cancellation_date: the later of the 30th day after arrival and the customer's date."""
    days = int(catalogue().vpn["cancellation_notice_days"]["value"])
    earliest = plus_days(notice, days)
    return max(earliest, requested) if requested else earliest


def device_return_deadline(end: dt.date) -> dt.date:
    """calc.device_return: the 30th day after the contract's end or the device change (第14条第3項)."""
    return plus_days(end, int(catalogue().vpn["device_return_days"]["value"]))


def claim_deadline(first_possible: dt.date) -> dt.date:
    """The last day to claim a reduction: 3 months from the day it could first be made (民法第143条)."""
    return term_end(plus_days(first_possible, 1), 3)


# --- money --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EarlyTermination:
    remaining_months: int
    amount: int
    term_end: dt.date


def remaining_months(term_last_day: dt.date, effective: dt.date) -> int:
    """Months from `effective` to `term_last_day`, a part month counting as one (0 when past)."""
    if effective > term_last_day:
        return 0
    months = (term_last_day.year - effective.year) * 12 + term_last_day.month - effective.month
    months = max(months - 1, 0)
    while term_end(effective, months) < term_last_day:
        months += 1
    return months


def early_termination(
    monthly_fee: int, term_months: int, billing_start: dt.date, effective: dt.date
) -> EarlyTermination:
    """calc.early_termination: monthly fee × the months of the minimum term still remaining."""
    if monthly_fee < 0:
        raise CalcError("月額費用は0円以上にしてください。", "The monthly fee must not be negative.")
    if term_months < 0:
        raise CalcError("最低利用期間の月数は0以上にしてください。", "The term must not be negative.")
    if effective < billing_start:
        raise CalcError(
            f"解除の効力発生日({effective.isoformat()})が課金開始日({billing_start.isoformat()})より前です。"
            "日付を確認してください。",
            "The effective date is before the billing start.",
        )
    last = term_end(billing_start, term_months)
    n = remaining_months(last, effective) if term_months else 0
    return EarlyTermination(n, monthly_fee * n, last)


def reduction(monthly_fee: int, outage_hours: Decimal) -> int:
    """calc.reduction: floor(hours ÷ 24) × monthly fee ÷ 30, rounded down to the yen once at the end."""
    if monthly_fee < 0:
        raise CalcError("月額費用は0円以上にしてください。", "The monthly fee must not be negative.")
    if outage_hours < 0:
        raise CalcError("利用不能時間は0以上にしてください。", "Outage hours must not be negative.")
    days = int((outage_hours / 24).to_integral_value(rounding=ROUND_FLOOR))
    return int((Decimal(days) * Decimal(monthly_fee) / 30).to_integral_value(rounding=ROUND_FLOOR))


def settings_change_fee(start_min: int, end_min: int, devices: int) -> tuple[int, bool]:
    """calc.settings_change_fee: per device and job; returns (amount, inside business hours)."""
    if devices < 1:
        raise CalcError("機器の台数は1台以上にしてください。", "Give one or more devices.")
    if start_min == end_min:
        raise CalcError(
            "作業の開始時刻と終了時刻が同じです。作業時間を確認してください。", "The job has no duration."
        )
    fee = catalogue().vpn["settings_change_fee"]
    hours = fee["business_hours"]
    open_min = parse_time(hours["start"])
    close_min = parse_time(hours["end"])
    inside = start_min < end_min and open_min <= start_min and end_min <= close_min
    unit = int(fee["inside_hours_yen"] if inside else fee["outside_hours_yen"])
    return unit * devices, inside
