"""Price books: the prices the tariffs leave to 当社が別途契約者に示す金額, as versioned data.

A price book is a JSON file (format iij-pricebook/1) with a version, an effective date, the currency
(JPY) and the consumption tax rate, and rows of integer-yen fees keyed by service, kind, item, device,
option and one-time charge. The app ships a SAMPLE price book (サンプル価格, not real prices); a real
one is imported with `iij-configurator pricebook import FILE`, checked row by row, and accepted whole
or not at all.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from configurator.errors import KnownError, MalformedOrder
from configurator.paths import resource
from configurator.tariff.catalogue import Catalogue, catalogue

FORMAT = "iij-pricebook/1"
SAMPLE_FILE = "sample.json"
SAMPLE_LABEL = "サンプル価格"
FEES = ("initial", "monthly", "one_time")
KEY_FIELDS = ("service", "kind", "item", "device", "option", "charge")
#: Every field a row may have (README 「価格表」, the sample): what it prices, its fees, its unit and name.
ROW_FIELDS = KEY_FIELDS + FEES + ("unit", "name")
#: Every key of the book itself: "name" and "note" as the sample has them.
BOOK_FIELDS = (
    "format",
    "version",
    "name",
    "sample",
    "note",
    "effective_date",
    "currency",
    "tax_rate",
    "rows",
)


@dataclass(frozen=True)
class Price:
    initial: int | None
    monthly: int | None
    one_time: int | None
    unit: str
    name: str | None
    row: int


@dataclass(frozen=True, eq=False)
class PriceBook:
    version: str
    name: str
    effective_date: str
    currency: str
    tax_rate: Decimal
    sample: bool
    prices: dict[tuple[str | None, ...], Price] = field(repr=False)
    source: str = ""

    @property
    def label(self) -> str:
        from configurator.text.i18n import current

        if current() == "en":
            return (
                f"{'Sample price book' if self.sample else self.name} (version "
                f"{self.version}{', sample prices' if self.sample else ''})"
            )
        return f"{self.name}(版 {self.version}{'・' + SAMPLE_LABEL if self.sample else ''})"

    def find(self, **key: str | None) -> Price | None:
        """The price for a key; a row without a device serves every device of that key."""
        k = tuple(key.get(f) for f in KEY_FIELDS)
        hit = self.prices.get(k)
        if hit is None and key.get("device") is not None:
            hit = self.prices.get(tuple(None if f == "device" else key.get(f) for f in KEY_FIELDS))
        return hit

    def management_monthly_fee(self) -> int:
        p = self.find(service="auth", kind="management")
        return int(p.monthly or 0) if p else 0


class PriceBookError(KnownError):
    """A price book that cannot be accepted: one line per fault, each naming its row."""

    def __init__(self, source: str, faults: list[str]) -> None:
        from configurator.text.i18n import pick

        n = len(faults)
        problems = f"{n} problem{'' if n == 1 else 's'}"
        english = f"Price book {source} was not imported ({problems}; nothing was imported):"
        lines = "\n" + "\n".join("  - " + f for f in faults)  # each in the language of the moment (pick)
        # with its problems in English too: the English message was the head alone, not what to change
        super().__init__(
            pick(f"価格表 {source} は取り込めません({n}件の問題。何も取り込んでいません):", english) + lines,
            english + lines,
        )
        self.faults = faults


def required_keys(cat: Catalogue) -> list[tuple[tuple[str | None, ...], str]]:
    """Every price the catalogue can ask for, with a Japanese description (for 'missing price')."""
    out: list[tuple[tuple[str | None, ...], str]] = []

    def k(**kw: str | None) -> tuple[str | None, ...]:
        return tuple(kw.get(f) for f in KEY_FIELDS)

    vpn = cat.vpn
    for kind, kspec in vpn["kinds"].items():
        for item, ispec in cat.vpn_items.items():
            for dev in cat.routers():
                out.append(
                    (
                        k(service="vpn", kind=kind, item=item, device=dev),
                        f"VPN {kspec['name']} {ispec['name']} {cat.device_name(dev)}",
                    )
                )
    # closed monitoring is priced per VPN device at the parent site (see pricing.CLOSED_MONITORING_READING)
    out.append(
        (
            k(service="vpn", kind="parent_site", item=vpn["closed_monitoring"]["id"]),
            "VPN 親拠点 クローズドモニタリング",
        )
    )
    for opt, ospec in cat.vpn_options.items():
        if opt == "private_switch":
            for sw in cat.switches():
                out.append(
                    (k(service="vpn", option=opt, device=sw), f"{ospec['name']} {cat.device_name(sw)}")
                )
        elif opt in ("onsite_installation", "cold_standby"):
            for dev in cat.routers():
                out.append(
                    (k(service="vpn", option=opt, device=dev), f"{ospec['name']} {cat.device_name(dev)}")
                )
        else:
            for dev in cat.devices_taking(opt):
                out.append(
                    (k(service="vpn", option=opt, device=dev), f"{ospec['name']} {cat.device_name(dev)}")
                )
    for dev in cat.routers() + cat.switches():
        out.append(
            (k(service="vpn", charge="device_change", device=dev), f"機器種別変更 → {cat.device_name(dev)}")
        )
    for kind, kspec in cat.auth["kinds"].items():
        if kind == "vpdn":
            for item, ispec in cat.vpdn_items.items():
                out.append((k(service="auth", kind=kind, item=item), f"認証 VPDN {ispec['name']}"))
        else:
            out.append((k(service="auth", kind=kind), f"認証 {kspec['short']}"))
    out.append((k(service="auth", option="load_balancing"), "認証 負荷分散オプション"))
    return out


def _p(ja: str, en: str) -> str:
    from configurator.text.i18n import pick

    return pick(ja, en)


#: The largest price of one row (10億円). A real price is far below; a bigger one is a typing error
#: (10**30 yen imported, then every price and quote failed).
MAX_YEN = 10**9


def _is_yen(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= MAX_YEN


def parse_price_book(
    doc: Any, source: str, cat: Catalogue | None = None, *, known_fields_only: bool = True
) -> PriceBook:
    """Check a whole price book and build it, or raise PriceBookError listing every fault.
    `known_fields_only=False` for a book installed already (by a version that ignored a field it did not
    know): its unknown fields are ignored as they were then, so that it does not turn damaged and stop
    every quote after an update; a book given to import, publish or price with is always checked whole."""
    cat = cat or catalogue()
    faults: list[str] = []
    if not isinstance(doc, dict):
        raise PriceBookError(
            source, [_p("最上位がJSONオブジェクトではありません。", "The top level is not a JSON object.")]
        )
    # a misspelt key is told, and its value checked as the key it probably meant (told once: an
    # "efective_date" is not told again as a missing effective_date)
    given = doc
    for k in list(doc) if known_fields_only else ():
        if k not in BOOK_FIELDS:
            ja, en = _unknown_field(k, BOOK_FIELDS, doc)
            faults.append(_p("価格表の" + ja, "in the price book: " + en))
            close = _close_field(k, BOOK_FIELDS)
            if close is not None and close not in given:
                given = {**given, close: doc[k]}
    doc = given
    if doc.get("format") != FORMAT:
        faults.append(
            _p(
                f'"format" は "{FORMAT}" にしてください(現在: {doc.get("format")!r})。',
                f'"format" must be "{FORMAT}" (now {doc.get("format")!r}).',
            )
        )
    version = doc.get("version")
    if not isinstance(version, str) or not re.fullmatch(r"[A-Za-z0-9._-]{1,40}", version or ""):
        faults.append(
            _p(
                '"version" に版(英数字・._- 40文字まで、例 2026.11)を入れてください。',
                '"version" needs a version (letters, digits, ._- up to 40, e.g. 2026.11).',
            )
        )
    eff = doc.get("effective_date")
    if not isinstance(eff, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", eff):
        faults.append(
            _p(
                '"effective_date" に適用開始日(YYYY-MM-DD)を入れてください。',
                '"effective_date" needs the date the prices apply from (YYYY-MM-DD).',
            )
        )
    else:
        import datetime as _dt

        try:
            _dt.date.fromisoformat(eff)
        except ValueError:
            faults.append(
                _p(
                    f'"effective_date" {eff} は存在しない日付です。',
                    f'"effective_date" {eff} is not a real date.',
                )
            )
    if doc.get("currency") != "JPY":
        faults.append(_p('"currency" は "JPY"(円)にしてください。', '"currency" must be "JPY".'))
    try:
        tax = Decimal(str(doc.get("tax_rate")))
        if tax != Decimal("0.10"):
            faults.append(
                _p(
                    f'"tax_rate" は消費税率 0.10(10%)にしてください(現在: {doc.get("tax_rate")})。',
                    f'"tax_rate" must be the consumption tax rate 0.10 (now {doc.get("tax_rate")}).',
                )
            )
    except InvalidOperation:
        tax = Decimal("0.10")
        faults.append(
            _p(
                '"tax_rate" は 0.10 のように数値の文字列で書いてください。',
                '"tax_rate" must be a number like "0.10".',
            )
        )
    rows = doc.get("rows")
    if not isinstance(rows, list) or not rows:
        faults.append(_p('"rows" に価格の行がありません。', '"rows" has no price rows.'))
        rows = []

    valid = {f: set() for f in KEY_FIELDS}  # type: dict[str, set[str]]
    valid["service"] = {"vpn", "auth"}
    valid["kind"] = set(cat.vpn["kinds"]) | set(cat.auth["kinds"])
    valid["item"] = set(cat.vpn_items) | {cat.vpn["closed_monitoring"]["id"]} | set(cat.vpdn_items)
    valid["device"] = set(cat.devices)
    valid["option"] = set(cat.vpn_options) | set(cat.auth["options"])
    # device_change: 別紙1 3(2); lost_device: 亡失負担金, 別紙1 3(5) (optional: "to be confirmed" without it)
    valid["charge"] = {"device_change", "lost_device"}
    names = {
        "service": "サービス",
        "kind": "種類",
        "item": "品目",
        "device": "機器種別",
        "option": "オプション",
        "charge": "一時費用の種別",
    }

    prices: dict[tuple[str | None, ...], Price] = {}
    refused: list[_RefusedRow] = []
    for n, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            not_object = ("行がJSONオブジェクトではありません。{…} の形で書いてください。", "not an object")
            refused.append(_RefusedRow(n, [not_object]))
            continue
        # a misspelt field is told, never ignored (a typo such as "montly" dropped the fee in silence, and
        # "devcie" made the row price every device); the row is taken as priced by the field it
        # probably meant, so that the price it leaves missing is not told again
        meant: dict[str, str] = {}
        told = _RefusedRow(n, [])
        for k in row if known_fields_only else ():
            if k not in ROW_FIELDS:
                told.problems.append(_unknown_field(k, ROW_FIELDS, row))
                close = _close_field(k, ROW_FIELDS)
                if close is not None and close not in row:
                    meant.setdefault(close, k)
        told.key = tuple(row.get(meant.get(f, f)) for f in KEY_FIELDS)
        for f in KEY_FIELDS:
            v = row.get(f)
            if v is not None and v not in valid[f]:
                told.unknown[f] = v
                told.problems.append((f"{names[f]} {v!r} は不明なIDです。", f"unknown {f} id {v!r}."))
        if row.get("service") is None and "service" not in meant:
            told.unknown["service"] = None
            told.problems.append(("service(vpn か auth)がありません。", "service (vpn or auth) is missing."))
        for fee in FEES:
            v = row.get(fee)
            if v is None:
                continue
            shown = json.dumps(v, ensure_ascii=False)  # as written in the file ("1,000", true), not repr()
            if isinstance(v, float) or (isinstance(v, str) and not v.isdigit()):
                told.problems.append(
                    (
                        f"{fee} {shown} は円の整数ではありません。"
                        "12000 のように、小数点・カンマ・引用符のない整数で書いてください。",
                        f"{fee} {shown} is not whole yen; write a whole number like 12000 (no "
                        "point, comma or quotes).",
                    )
                )
            elif isinstance(v, int) and not isinstance(v, bool) and v < 0:
                told.problems.append(
                    (
                        f"{fee} {v} が負の金額です。0以上の円の整数にしてください。",
                        f"{fee} {v} is negative. Give 0 or more whole yen.",
                    )
                )
            elif isinstance(v, int) and not isinstance(v, bool) and v > MAX_YEN:
                told.problems.append(
                    (
                        f"{fee} {v} 円は大きすぎます({MAX_YEN:,}円まで)。金額を確かめてください。",
                        f"{fee} {v} yen is too large (at most {MAX_YEN:,}).",
                    )
                )
            elif not _is_yen(v):
                told.problems.append(
                    (
                        f"{fee} {shown} は円の整数で書いてください(文字列・true/false 不可)。",
                        f"write {fee} {shown} as a whole number of yen (not a string, true or false).",
                    )
                )
        if row.get("charge") is not None:
            told.problems.extend(_charge_fees(row))
        elif all(row.get(fee) is None for fee in FEES) and not any(f in FEES for f in meant):
            told.problems.append(
                (
                    "initial・monthly・one_time のいずれの金額もありません。"
                    "どれかに円の整数を入れてください。",
                    "none of initial, monthly, one_time is given; give one of them in whole yen.",
                )
            )
        key = tuple(row.get(f) for f in KEY_FIELDS)
        if not told.problems and key in prices:
            told.key = None  # the first row prices it: nothing is missing because of this one
            told.problems.append(
                (
                    f"{prices[key].row}行目と同じ対象の価格が重複しています。どちらかの行を消すか、"
                    "対象(service・kind・item・device・option・charge)を直してください。",
                    f"prices the same thing as row {prices[key].row}; delete one of the two rows or "
                    "correct what it prices (service, kind, item, device, option, charge).",
                )
            )
        elif (
            not told.problems
            and row.get("service") == "auth"
            and row.get("kind") == "management"
            and row.get("monthly") not in (0, None)
        ):
            told.problems.append(
                (
                    "マネージメント(親たる契約)の月額費用は0円です(認証アウトソース 別紙1 2(1))。"
                    f" {row.get('monthly')}円 を 0 にしてください。",
                    "the management contract's monthly fee is 0 yen (auth tariff 別紙1 2(1)); "
                    f"change {row.get('monthly')} to 0.",
                )
            )
        if told.problems:
            refused.append(told)
            continue
        prices[key] = Price(
            row.get("initial"),
            row.get("monthly"),
            row.get("one_time"),
            str(row.get("unit") or "式"),
            row.get("name"),
            n,
        )

    missing = [(key, desc) for key, desc in required_keys(cat) if key not in prices]
    fitting: dict[int, list[tuple[tuple[str | None, ...], str]]] = {}
    # a refused row is the price of what is missing because of it: told once, on the row (it was told
    # again as 「価格がありません」), with the id to write when only one missing price fits. The rows whose
    # ids are all known first: what they price is certain, and it is not offered to a row with a typo
    for told in sorted(refused, key=lambda t: bool(t.unknown)):
        fits = fitting[told.row] = [(key, desc) for key, desc in missing if told.could_price(key)]
        if len(fits) == 1:
            missing.remove(fits[0])
    for told in refused:
        fits = fitting[told.row]
        for f in told.unknown:
            if len(fits) == 1:
                key, desc = fits[0]
                told.problems.append(
                    (
                        f"この行が「{desc}」の価格なら、{names[f]}({f})を '{key[KEY_FIELDS.index(f)]}' "
                        "にしてください。",
                        f"If this row prices {_key_text(key)}, make {f} '{key[KEY_FIELDS.index(f)]}'.",
                    )
                )
            else:
                ids = ", ".join(sorted(valid[f]))
                told.problems.append((f"{names[f]}({f})に使えるID: {ids}。", f"{f} ids: {ids}."))
        faults.append(
            _p(
                f"{told.row}行目: " + "".join(ja for ja, _en in told.problems),
                f"row {told.row}: " + " ".join(en for _ja, en in told.problems),
            )
        )
    for key, desc in missing:
        faults.append(_p(f"価格がありません: {desc}({_key_text(key)})", f"missing price: {_key_text(key)}"))
    if faults:
        raise PriceBookError(source, faults)
    return PriceBook(
        str(version),
        str(doc.get("name") or version),
        str(eff),
        "JPY",
        tax,
        bool(doc.get("sample")),
        prices,
        source,
    )


@dataclass
class _RefusedRow:
    """A row of a price book that was not accepted: its problems (Japanese, English), each said once on
    the row, and what it would have priced (`key`, None when nothing) with its `unknown` ids as wildcards."""

    row: int
    problems: list[tuple[str, str]]
    key: tuple[Any, ...] | None = None
    unknown: dict[str, Any] = field(default_factory=dict)

    def could_price(self, key: tuple[str | None, ...]) -> bool:
        """Whether this row, its unknown ids corrected, would price `key`."""
        if self.key is None:
            return False
        return all(
            (f in self.unknown and v is not None) or mine == v
            for f, mine, v in zip(KEY_FIELDS, self.key, key, strict=True)
        )


def _close_field(name: str, known: tuple[str, ...]) -> str | None:
    close = difflib.get_close_matches(name.lower(), known, n=1)
    return close[0] if close else None


def _field_shown(name: str) -> str:
    """A field name as written, cut to 40 characters, its control characters escaped."""
    shown = json.dumps(name[:40], ensure_ascii=False)[1:-1]
    return shown + ("…" if len(name) > 40 else "")


def _unknown_field(name: str, known: tuple[str, ...], where: dict[str, Any]) -> tuple[str, str]:
    """A field the format does not have: (Japanese, English), naming the field it probably meant."""
    shown = _field_shown(name)
    close = _close_field(name, known)
    if close is None:
        fields = ", ".join(known)
        return (
            f"項目 '{shown}' はありません。使える項目: {fields}。",
            f"there is no field '{shown}' (fields: {fields}).",
        )
    if close in where:
        return (
            f"項目 '{shown}' はありません('{close}' は既にあります)。この項目を消してください。",
            f"there is no field '{shown}' ('{close}' is already given); delete it.",
        )
    return (
        f"項目 '{shown}' はありません。'{close}' のことなら直してください。",
        f"there is no field '{shown}'; if you meant '{close}', correct it.",
    )


def _charge_fees(row: dict[str, Any]) -> list[tuple[str, str]]:
    """A one-time charge (一時費用の種別: device_change 別紙1 3(2), lost_device 別紙1 3(5)) is priced by
    its one_time fee alone: the charge is taken from one_time, and an initial or monthly fee on its row
    was never used (a device change with "initial": 5000 was quoted at 0 yen)."""
    other = [fee for fee in FEES if fee != "one_time" and row.get(fee) is not None]
    if row.get("one_time") is None:
        if other:
            named = "・".join(other)
            return [
                (
                    f"一時費用(charge)の金額は one_time に書いてください({named} は使われません)。",
                    f"a one-time charge is priced by one_time; write its fee there ({', '.join(other)} "
                    "is not used).",
                )
            ]
        return [
            (
                "一時費用(charge)の金額 one_time がありません。円の整数を入れてください。",
                "the one-time charge has no one_time fee; give it in whole yen.",
            )
        ]
    if other:
        named = "・".join(other)
        return [
            (
                f"一時費用(charge)の行の {named} は使われません。消してください(金額は one_time)。",
                f"{', '.join(other)} is not used on a one-time charge's row (its fee is one_time); "
                "delete it.",
            )
        ]
    return []


def _key_text(key: tuple[str | None, ...]) -> str:
    return ", ".join(f"{f}={v}" for f, v in zip(KEY_FIELDS, key, strict=True) if v is not None)


#: Largest price book read (a real one is a few hundred rows, some 50 KB).
MAX_BOOK_BYTES = 5 * 1024 * 1024


def read_price_book(
    path: str | os.PathLike[str], cat: Catalogue | None = None, *, known_fields_only: bool = True
) -> PriceBook:
    return _read_price_book(path, cat, known_fields_only=known_fields_only)[0]


def _installed_book(path: Path) -> PriceBook:
    """A book in the installed books' folder (see parse_price_book's known_fields_only)."""
    return read_price_book(path, known_fields_only=False)


def _read_price_book(
    path: str | os.PathLike[str], cat: Catalogue | None = None, *, known_fields_only: bool = True
) -> tuple[PriceBook, bytes]:
    """The book at `path` ('-': standard input) and the bytes it was read from (read once)."""
    from configurator.order.document import load_json
    from configurator.store.reading import read_limited

    raw, name = read_limited(
        path,
        MAX_BOOK_BYTES,
        expect=("価格表(iij-pricebook/1 の JSON)", "a price book (iij-pricebook/1 JSON)"),
        what=("価格表", "the price book"),
    )
    try:
        doc = load_json(raw, source=name, what="価格表(iij-pricebook/1 の JSON)")
    except MalformedOrder as exc:
        from configurator.text.i18n import pick

        where = f"{exc.pointer}: " if exc.pointer else ""
        raise PriceBookError(name, [where + pick(exc.message, exc.message_en)]) from None
    return parse_price_book(doc, name, cat, known_fields_only=known_fields_only), raw


@cache
def sample_price_book() -> PriceBook:
    return read_price_book(resource("pricebooks", SAMPLE_FILE))


# --- installed price books ----------------------------------------------------------------------


def _store(write: bool = False) -> Path:
    """The installed price books' folder in the data folder — a data folder that is a file (or cannot
    be made, to `write`) is DataFolderError naming the setting to change, never taken for one without
    books (the sample prices would have been used in silence)."""
    from configurator.store.settings import check_data_dir

    return check_data_dir(write=write) / "pricebooks"


def installed_price_books() -> list[PriceBook]:
    """The sample book first, then every imported book (sorted by effective date, then version)."""
    books = [sample_price_book()]
    store = _store()
    found = []
    if store.is_dir():
        for path in sorted(store.glob("*.json")):
            try:
                found.append(_installed_book(path))
            except KnownError:
                continue  # a damaged file is skipped here; `pricebook list` shows what loaded
    found.sort(key=lambda b: (b.effective_date, b.version))
    return books + found


def active_version() -> str:
    from configurator.store.settings import load_settings

    return str(load_settings().get("active_price_book") or sample_price_book().version)


def _installed(version: str) -> PriceBook | None:
    """The installed book of `version`: the file import_price_book named after it, read alone (the
    app and every quote ask for the active book; parsing every installed book for it was wasted)."""
    if version == sample_price_book().version:
        return sample_price_book()
    path = _store() / f"{version}.json"
    if path.is_file():
        try:
            book = _installed_book(path)
        except KnownError:
            return None  # damaged: as the list does, skip it
        return book if book.version == version else None
    return next((b for b in installed_price_books() if b.version == version), None)  # a file renamed by hand


def damaged_price_books() -> list[tuple[Path, str]]:
    """The installed price book files that cannot be read, with what is wrong with each."""
    store = _store()
    out: list[tuple[Path, str]] = []
    if store.is_dir():
        for path in sorted(store.glob("*.json")):
            try:
                _installed_book(path)
            except KnownError as exc:
                out.append((path, exc.message))
    return out


class DamagedActiveBook(KnownError):
    """The active price book was chosen but can no longer be read: told, never replaced in silence by
    the sample prices (a quote would carry prices nobody chose)."""


def active_price_book() -> PriceBook:
    """The price book chosen with `pricebook use` (the sample book until one is chosen). A chosen book
    that is damaged or gone is DamagedActiveBook (exit 2), saying how to choose again."""
    _store()  # the data folder that holds the choice: a file in its place is told, not the sample used
    version = active_version()
    book = _installed(version)
    if book is not None:
        return book
    path = _store() / f"{version}.json"
    reason = "ファイルがありません"
    if path.is_file():
        try:
            _installed_book(path)
        except PriceBookError as exc:
            reason = " ".join(exc.faults)
        except KnownError as exc:
            reason = exc.message
    raise DamagedActiveBook(
        f"有効な価格表(版 {version})を読めません: {reason.rstrip('。')}。"
        f"価格表を取り込み直すか、`pricebook use` で別の版を選んでください(サンプル価格では見積りません)。",
        f"The active price book (version {version}) cannot be read; import it again or choose another "
        "with `pricebook use`.",
    )


def _unreadable(path: Path) -> bool:
    # checked whole: an installed copy with a field the format lacks is replaced by a corrected import
    try:
        read_price_book(path)
    except KnownError:
        return True
    return False


def same_prices_as_sample(book: PriceBook) -> bool:
    """A book marked sample:false whose prices are the sample's: most likely the sample file edited
    into a real book without its prices."""
    sample = sample_price_book()
    if book.sample or set(book.prices) != set(sample.prices):
        return False
    return all(
        (p.initial, p.monthly, p.one_time) == (q.initial, q.monthly, q.one_time)
        for key, p in book.prices.items()
        for q in (sample.prices[key],)
    )


def use_price_book(version: str) -> PriceBook:
    from configurator.store.settings import load_settings, save_settings

    book = _installed(version)
    if book is not None:
        settings = load_settings()
        settings["active_price_book"] = book.version
        save_settings(settings)
        return book
    damaged = _store() / f"{version}.json"
    if damaged.is_file():  # installed, but no longer readable: "not installed" sent the user looking
        raise KnownError(
            f"版「{version}」の価格表 {damaged} は壊れていて読めません。元の価格表ファイルを "
            "`iij-configurator pricebook import FILE` で取り込み直してください"
            "(壊れたファイルは別名で残します)。",
            f"The price book of version {version} ({damaged}) is damaged. Import the original file again "
            "with `iij-configurator pricebook import FILE` (the damaged file is kept aside).",
        )
    raise KnownError(
        f"版「{version}」の価格表は取り込まれていません。`pricebook list` で確認してください。",
        f"No price book of version {version} is installed.",
    )


def import_price_book(path: str | os.PathLike[str], activate: bool = True) -> PriceBook:
    """Check a price book whole and install it under its version; versions never change once installed."""
    from configurator.store.files import atomic_write

    book, raw = _read_price_book(path)  # read once: the bytes checked are the bytes installed
    if book.sample:
        raise KnownError(
            "サンプル価格表は取り込めません。当社の正式な価格表(\"sample\": false)を指定してください。",
            "A sample price book cannot be imported.",
        )
    store = _store(write=True)
    target = store / f"{book.version}.json"
    if book.version == sample_price_book().version:
        raise KnownError(
            f"版「{book.version}」はサンプル価格表の版です。別の版にしてください。", "Version clash."
        )
    if target.exists() and target.read_bytes() != raw and _unreadable(target):
        # the installed copy was damaged (the error of every quote says "import it again"): it is
        # replaced by the book just checked, and kept aside, never deleted
        from configurator.store.files import move_aside

        try:
            move_aside(target, "damaged")
        except OSError as exc:
            raise KnownError(
                f"壊れた価格表 {target} を別名に移せません({exc.strerror})。",
                "Cannot move the damaged book aside.",
            ) from None
    if target.exists():
        if target.read_bytes() != raw:
            raise KnownError(
                f"版「{book.version}」の価格表は既に取り込まれていて、内容が異なります。"
                "見積に記録された版の内容は変えられないため、新しい版番号を付けて取り込んでください。",
                f"Version {book.version} is already installed with other content; give the new book a new "
                "version.",
            )
    else:
        try:
            store.mkdir(parents=True, exist_ok=True)
            atomic_write(target, raw)
        except OSError as exc:
            raise KnownError(
                f"価格表を保存できません({store}: {exc.strerror})。", "Cannot save the price book."
            ) from None
    if activate:
        use_price_book(book.version)
    return book
