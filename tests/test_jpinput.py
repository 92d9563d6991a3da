from __future__ import annotations

import pytest

from configurator.text import jpinput


@pytest.mark.parametrize("typed", ["100-0001", "1000001", "〒100-0001", "１００－０００１", "１０００００１"])
def test_postal_code_fills_the_address_whatever_the_width(typed: str) -> None:
    s = jpinput.address_for(typed)
    assert s is not None and s.value == "東京都千代田区千代田"


def test_unknown_or_malformed_postal_codes_suggest_nothing() -> None:
    assert jpinput.address_for("999-9999") is None
    assert jpinput.address_for("12-34") is None
    assert jpinput.normalise_postal_code("530０００1") == "530-0001"


@pytest.mark.parametrize(
    ("typed", "fixed"),
    [
        ("かぶしきがいしゃさんぷる", "カブシキガイシャサンプル"),
        ("ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダ タロウ"),
        ("やまだ たろう", "ヤマダ タロウ"),
    ],
)
def test_kana_is_suggested_as_full_width_katakana(typed: str, fixed: str) -> None:
    s = jpinput.kana_suggestion(typed)
    assert s is not None and s.value == fixed


def test_correct_kana_needs_no_suggestion() -> None:
    assert jpinput.kana_suggestion("ヤマダ　タロウ") is None
    assert jpinput.kana_suggestion("ヤマダ タロウ") is None
    assert jpinput.kana_suggestion("") is None


@pytest.mark.parametrize(
    "ok", ["03-1234-5678", "０３－１２３４－５６７８", "090-1234-5678", "0312345678", "+81-3-1234-5678"]
)
def test_phone_numbers_accepted(ok: str) -> None:
    assert jpinput.phone_problem(ok) is None


@pytest.mark.parametrize("bad", ["1234", "03-1234", "abc", "03-1234-56789-0"])
def test_phone_numbers_refused_with_what_to_change(bad: str) -> None:
    assert "0から始まる" in (jpinput.phone_problem(bad) or "")


def test_email() -> None:
    assert jpinput.email_problem("yamada@example.co.jp") is None
    assert "半角" in (jpinput.email_problem("yamada＠example.co.jp") or "")
    assert jpinput.email_problem("yamada@") is not None


@pytest.mark.parametrize(
    ("typed", "count"),
    [
        ("2", 2), ("２", 2), ("2個", 2), ("２ 個", 2), ("3台", 3), ("", 0), ("  ", 0),
        ("abc", None), ("1.5", None), ("-1", None), ("2個3", None),
    ],
)
def test_a_count_as_typed(typed: str, count: int | None) -> None:
    assert jpinput.count(typed) == count
