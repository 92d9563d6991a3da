"""The tariffs' calculations, pinned at every boundary, with properties checked by hypothesis."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from configurator.tariff.calc import (
    CalcError,
    cancellation_date,
    claim_deadline,
    device_return_deadline,
    early_termination,
    parse_date,
    parse_time,
    reduction,
    remaining_months,
    settings_change_fee,
    term_end,
)
from tests.conftest import run_cli

D = dt.date


# --- cancellation (auth 第8条第1項, vpn 第18条) ------------------------------------------------


def test_cancellation_example_of_the_rule_catalogue() -> None:
    assert cancellation_date(D(2026, 4, 1)) == D(2026, 5, 1)


@pytest.mark.parametrize(
    ("notice", "requested", "effective"),
    [
        (D(2026, 4, 1), None, D(2026, 5, 1)),
        (D(2026, 4, 1), D(2026, 4, 15), D(2026, 5, 1)),  # asked earlier than 30 days: the 30th day
        (D(2026, 4, 1), D(2026, 5, 1), D(2026, 5, 1)),  # the very day
        (D(2026, 4, 1), D(2026, 5, 2), D(2026, 5, 2)),  # later: the customer's date
        (D(2026, 1, 31), None, D(2026, 3, 2)),  # across a short February
        (D(2028, 1, 31), None, D(2028, 3, 1)),  # leap year
        (D(2026, 12, 15), None, D(2027, 1, 14)),  # across the year
    ],
)
def test_cancellation_boundaries(notice: D, requested: D | None, effective: D) -> None:
    assert cancellation_date(notice, requested) == effective


@given(
    st.dates(D(2000, 1, 1), D(2100, 1, 1)),
    st.integers(0, 400),
    st.one_of(st.none(), st.dates(D(2000, 1, 1), D(2101, 1, 1))),
)
def test_a_later_notice_never_gives_an_earlier_date(notice: D, delay: int, requested: D | None) -> None:
    later = notice + dt.timedelta(days=delay)
    assert cancellation_date(later, requested) >= cancellation_date(notice, requested)
    assert cancellation_date(notice, requested) >= notice + dt.timedelta(days=30)
    if requested:
        assert cancellation_date(notice, requested) >= requested


# --- minimum term and early termination (vpn 第20条・別紙2, auth 第10条・別紙2) -----------------


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (D(2026, 4, 1), 12, D(2027, 3, 31)),
        (D(2026, 4, 1), 36, D(2029, 3, 31)),
        (D(2026, 1, 31), 1, D(2026, 2, 28)),  # no 31 February: the month's last day (民法第143条第2項)
        (D(2024, 2, 29), 12, D(2025, 2, 28)),  # leap day start
        (D(2024, 2, 29), 48, D(2028, 2, 28)),  # 2028-02-29 exists: the day before
        (D(2026, 3, 15), 1, D(2026, 4, 14)),
        (D(2026, 12, 1), 1, D(2026, 12, 31)),
    ],
)
def test_term_end_follows_civil_code_143(start: D, months: int, end: D) -> None:
    assert term_end(start, months) == end


@pytest.mark.parametrize(
    ("start", "months", "effective", "remaining"),
    [
        (D(2026, 4, 1), 12, D(2026, 4, 1), 12),  # cancelled on the first day
        (D(2026, 4, 1), 12, D(2026, 10, 1), 6),
        (D(2026, 4, 1), 12, D(2026, 10, 2), 6),  # a part month counts as one
        (D(2026, 4, 1), 12, D(2027, 3, 1), 1),
        (D(2026, 4, 1), 12, D(2027, 3, 31), 1),  # the last day of the term
        (D(2026, 4, 1), 12, D(2027, 4, 1), 0),  # the term has passed
        (D(2026, 4, 1), 36, D(2027, 4, 1), 24),
        (D(2026, 1, 31), 1, D(2026, 2, 15), 1),  # auth: one month
        (D(2026, 1, 31), 1, D(2026, 3, 1), 0),
        (D(2024, 2, 29), 12, D(2025, 2, 28), 1),
        (D(2024, 2, 29), 12, D(2025, 3, 1), 0),
    ],
)
def test_early_termination_boundaries(start: D, months: int, effective: D, remaining: int) -> None:
    r = early_termination(10000, months, start, effective)
    assert r.remaining_months == remaining
    assert r.amount == 10000 * remaining


@given(
    st.dates(D(2000, 1, 1), D(2090, 1, 1)),
    st.sampled_from([1, 12, 36]),
    st.integers(0, 1500),
    st.integers(0, 60),
)
def test_remaining_months_never_grows_as_the_effective_date_moves_on(
    start: D, months: int, a: int, b: int
) -> None:
    last = term_end(start, months)
    e1 = start + dt.timedelta(days=a)
    e2 = e1 + dt.timedelta(days=b)
    r1, r2 = remaining_months(last, e1), remaining_months(last, e2)
    assert r2 <= r1 <= months
    assert (r1 == 0) == (e1 > last)


def test_early_termination_refuses_impossible_input() -> None:
    with pytest.raises(CalcError):
        early_termination(-1, 12, D(2026, 4, 1), D(2026, 5, 1))
    with pytest.raises(CalcError):
        early_termination(100, 12, D(2026, 4, 1), D(2026, 3, 1))


# --- reduction (別紙3) ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fee", "hours", "amount"),
    [
        (30000, "23.99", 0),  # under 24 hours: nothing
        (30000, "24", 1000),
        (30000, "47.9", 1000),
        (30000, "48", 2000),
        (10000, "24", 333),  # 333.33…: rounded down once at the end
        (10000, "72", 1000),  # 3 × 10000/30 = 1000 exactly, not 3 × 333
        (0, "100", 0),
    ],
)
def test_reduction_boundaries(fee: int, hours: str, amount: int) -> None:
    assert reduction(fee, Decimal(hours)) == amount


@given(st.integers(0, 10_000_000), st.decimals(0, 10000, places=2), st.decimals(0, 1000, places=2))
def test_reduction_never_falls_as_the_outage_grows(fee: int, hours: Decimal, more: Decimal) -> None:
    assert reduction(fee, hours + more) >= reduction(fee, hours)
    if hours < 24:
        assert reduction(fee, hours) == 0


def test_claim_deadline_is_three_months() -> None:
    assert claim_deadline(D(2026, 4, 1)) == D(2026, 7, 1)


# --- settings change fee (別紙1 3(3)) -------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "devices", "amount", "inside"),
    [
        ("09:00", "19:00", 1, 5000, True),  # both edges inside
        ("09:00", "10:00", 2, 10000, True),
        ("18:00", "19:00", 1, 5000, True),  # ending at 19:00 itself is inside
        ("18:30", "19:01", 1, 10000, False),  # a minute past
        ("08:59", "10:00", 1, 10000, False),
        ("19:00", "20:00", 3, 30000, False),
        ("22:00", "02:00", 1, 10000, False),  # overnight
    ],
)
def test_settings_change_fee(start: str, end: str, devices: int, amount: int, inside: bool) -> None:
    assert settings_change_fee(parse_time(start), parse_time(end), devices) == (amount, inside)


@pytest.mark.parametrize("bad", ["25:00", "9:60", "12", "ab:cd", "24:01", "10:5"])
def test_impossible_times_are_refused(bad: str) -> None:
    with pytest.raises(CalcError):
        parse_time(bad)


def test_zero_devices_and_zero_length_jobs_are_refused() -> None:
    with pytest.raises(CalcError):
        settings_change_fee(600, 660, 0)
    with pytest.raises(CalcError):
        settings_change_fee(600, 600, 1)


# --- device return (第14条第3項) ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("end", "deadline"),
    [(D(2026, 3, 31), D(2026, 4, 30)), (D(2026, 2, 28), D(2026, 3, 30)), (D(2028, 2, 28), D(2028, 3, 29))],
)
def test_device_return_deadline(end: D, deadline: D) -> None:
    assert device_return_deadline(end) == deadline


def test_impossible_dates_are_refused() -> None:
    for bad in ("2026-02-30", "2026-13-01", "20260101", "令和8年"):
        with pytest.raises(CalcError):
            parse_date(bad)


# --- the command line -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["cancellation", "--notice", "2026-04-01"], {"effective_date": "2026-05-01"}),
        (
            ["cancellation", "--notice", "2026-04-01", "--requested", "2026-07-31"],
            {"effective_date": "2026-07-31"},
        ),
        (
            [
                "early-termination",
                "--monthly-fee",
                "12000",
                "--term-months",
                "12",
                "--billing-start",
                "2026-04-01",
                "--effective",
                "2026-10-15",
            ],
            {"remaining_months": 6, "amount": 72000},
        ),
        (["reduction", "--monthly-fee", "30000", "--outage-hours", "49.5"], {"amount": 2000}),
        (["settings-change-fee", "--start", "18:00", "--end", "19:00", "--devices", "3"], {"amount": 15000}),
        (["device-return", "--end", "2026-03-31"], {"deadline": "2026-04-30"}),
    ],
)
def test_calc_cli_json(args: list[str], expected: dict) -> None:
    r = run_cli("calc", *args, "--json")
    assert r.returncode == 0, r.stderr.decode()
    out = json.loads(r.stdout)
    assert {k: out[k] for k in expected} == expected
    assert out["reading"]  # the reading taken is stated with the result


@pytest.mark.parametrize(
    "args",
    [
        ["cancellation", "--notice", "2026-02-30"],
        [
            "early-termination",
            "--monthly-fee",
            "-1",
            "--term-months",
            "12",
            "--billing-start",
            "2026-04-01",
            "--effective",
            "2026-05-01",
        ],
        ["reduction", "--monthly-fee", "1000", "--outage-hours", "-3"],
        ["reduction", "--monthly-fee", "1000", "--outage-hours", "nan"],
        ["settings-change-fee", "--start", "25:00", "--end", "26:00", "--devices", "1"],
        ["settings-change-fee", "--start", "10:00", "--end", "11:00", "--devices", "0"],
        ["device-return"],
    ],
)
def test_calc_cli_refuses_impossible_input_with_exit_2(args: list[str]) -> None:
    r = run_cli("calc", *args)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr.decode()
    assert r.stderr.decode().strip()
