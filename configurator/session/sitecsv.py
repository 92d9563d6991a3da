"""Sites from a spreadsheet: CSV files (UTF-8, UTF-8 with BOM, UTF-16 or Excel's Shift_JIS/CP932),
pasted tab-separated rows, and the rows of an .xlsx/.ods sheet (configurator/session/sheets.py).

The columns are named in the first row; headers are compared after NFKC, without spaces and in lower
case (ＩＤ = ID = id), against the synonyms in COLUMNS. A block whose first row names no known column
is read in the order of DEFAULT_COLUMNS. The result always says which column became which field and
which columns were ignored (SiteRows.mapping_lines), so a user can fix a header before rows are added.

Each row is checked on its own: good rows become sites, bad rows are reported with their row number
(the spreadsheet's row: the header is row 1) and what to change. Values are tidied on the way in:
postal codes (any width, 〒, ー/－ as the dash, no dash) become NNN-NNNN, LAN addresses and device
names typed in full width are made half width, terms in months become years.

Line breaks are read as a spreadsheet does: CR, CRLF and LF all end a row, and inside a quoted cell
they stay in the cell. A bare CR in a text whose rows end in LF or CRLF, or a lone CR in a single line
(some spreadsheet programs put a cell's line break on the clipboard so), is a line break inside the
cell; a text whose rows all end in CR (old Mac line ends) is split at each CR.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from configurator.gcpause import gc_paused
from configurator.session.devicenames import device_id
from configurator.tariff.catalogue import Catalogue, catalogue
from configurator.text.i18n import N_, _, ngettext
from configurator.text.jpinput import (
    check_postal_code,
    control_character,
    header_key,
    lan_addresses,
    narrow,
    term_years,
)

#: the fields the importer reads, with the header the exporter writes first
COLUMNS: dict[str, tuple[str, ...]] = {
    "id": (
        "拠点ID",
        "id",
        "拠点コード",
        "拠点番号",
        "拠点No",
        "拠点NO.",
        "サイトID",
        "site id",
        "siteid",
        "店舗コード",
        "店番",
        "店舗番号",
    ),
    "name": (
        "拠点名",
        "name",
        "名称",
        "拠点",
        "拠点名称",
        "店舗名",
        "事業所名",
        "支店名",
        "サイト名",
        "site name",
    ),
    "postal_code": (
        "郵便番号",
        "postal_code",
        "〒",
        "郵便",
        "郵便番号(〒)",
        "zip",
        "zip code",
        "postal code",
        "postcode",
    ),
    "address": (
        "設置場所の住所",
        "address",
        "住所",
        "設置場所",
        "所在地",
        "設置住所",
        "設置先住所",
        "拠点住所",
    ),
    "lan": (
        "LAN",
        "lan",
        "LANアドレス",
        "LAN(カンマ区切り)",
        "サブネット",
        "LANアドレス帯",
        "LANセグメント",
        "ネットワークアドレス",
        "LAN側アドレス",
        "LAN側ネットワーク",
        "IPアドレス帯",
        "subnet",
    ),
    "device": (
        "機器",
        "device",
        "機器種別",
        "機種",
        "VPN機器",
        "ルータ",
        "ルーター",
        "装置",
        "機器名",
        "型番",
        "機種名",
    ),
    "term_years": (
        "期間",
        "term_years",
        "最低利用期間",
        "契約期間",
        "利用期間",
        "期間(年)",
        "契約年数",
        "term",
    ),
    "provider": (
        "接続",
        "provider",
        "回線",
        "インターネット接続",
        "インターネット回線",
        "回線種別",
        "回線提供者",
    ),
}
#: the field names as a user reads them in the mapping report (Japanese; field_label() in the UI language)
FIELD_LABELS = {
    "id": N_("拠点ID"),
    "name": N_("拠点名"),
    "postal_code": N_("郵便番号"),
    "address": N_("設置場所の住所"),
    "lan": N_("LAN"),
    "device": N_("機器"),
    "term_years": N_("期間"),
    "provider": N_("接続"),
}


def field_label(key: str) -> str:
    """A field's name as the mapping report shows it, in the language of the user."""
    return _(FIELD_LABELS[key])


def _row_says(n: int, text: str) -> str:
    """What is said of row `n` of the sheet (the header is row 1)."""
    return _('{n}行目: {text}').format(n=n, text=text)
DEFAULT_COLUMNS = ("id", "name", "postal_code", "address", "lan", "device", "term_years")
_SYNONYMS = {header_key(name): key for key, names in COLUMNS.items() for name in names}
PROVIDERS = {"": "iij", "iij": "iij", "当社": "iij", "他社": "other", "other": "other", "他社回線": "other"}


@dataclass(frozen=True)
class ColumnMap:
    """One column of the sheet: its header as written and the field it became (None: ignored)."""

    index: int
    header: str
    field: str | None
    note: str = ""

    @property
    def letter(self) -> str:
        return column_letter(self.index)

    def describe(self) -> str:
        head = (
            _('{letter}列「{header}」').format(letter=self.letter, header=self.header)
            if self.header
            else _('{letter}列').format(letter=self.letter)
        )
        if self.field:
            return f"{head} → {field_label(self.field)}"
        note = self.note or _('見出しが分かりません')
        return _('{head} は取り込みません({note})').format(head=head, note=note)


@dataclass
class SiteRows:
    sites: list[dict[str, Any]] = field(default_factory=list)
    #: refused rows and unreadable files, each saying the row and what to change
    errors: list[str] = field(default_factory=list)
    #: the sheet's row of each of `errors` (0: not a row's, e.g. an unreadable file)
    error_rows: list[int] = field(default_factory=list)
    #: accepted rows that carry something to check (a postal code that could not be made whole)
    warnings: list[str] = field(default_factory=list)
    columns: list[ColumnMap] = field(default_factory=list)
    header_row: bool = False
    rows_read: int = 0
    #: which sheet of a workbook was read, in words ('' for CSV and pasted text)
    source: str = ""
    #: the table has no 拠点ID column: the ids were made (site-1, site-2, … as 子拠点を追加 makes them)
    ids_made: bool = False

    @property
    def ignored(self) -> list[ColumnMap]:
        return [c for c in self.columns if c.field is None]

    def mapping_lines(self) -> list[str]:
        """Which column became which field, and which columns were ignored, in words."""
        if not self.columns:
            return []
        if self.header_row:
            lines = [_('1行目を見出しとして読みました:')]
        else:
            order = _('、').join(field_label(k) for k in DEFAULT_COLUMNS)
            lines = [_('1行目に分かる見出しがないため、列の順序 ({order}) で読みました:').format(order=order)]
        lines += ["  " + c.describe() for c in self.columns]
        read = {c.field for c in self.columns} | ({"id"} if self.ids_made else set())
        missing = [field_label(k) for k in FIELD_LABELS if k not in read]
        if missing and self.header_row:
            lines.append("  " + _('この表にない項目: {fields}').format(fields=_('、').join(missing)))
        if self.ids_made:
            from configurator.session.order_session import SITE_ID_PREFIX

            made = _('拠点IDの列がないため、拠点IDは「子拠点を追加」と同じく {example} のように付けます。')
            lines.append("  " + made.format(example=f"{SITE_ID_PREFIX}1"))
        return lines

    def summary(self) -> str:
        refused = sum(1 for n in self.error_rows if n)
        read = ngettext('{n}行を読み、', '{n}行を読み、', self.rows_read).format(n=self.rows_read)
        sites = ngettext('{n}拠点を取り込めます。', '{n}拠点を取り込めます。', len(self.sites))
        text = read + sites.format(n=len(self.sites))
        if refused:
            text += ngettext('{n}行は取り込めません。', '{n}行は取り込めません。', refused).format(n=refused)
        if not self.sites and self.rows_read:
            text += _('取り込める行がありません。下の理由のとおりに表を直して、もう一度取り込んでください。')
        return text

    def report(self) -> list[str]:
        """Everything a user needs before rows are added: the summary, the mapping, refused rows, warnings."""
        return [
            self.summary(),
            *([self.source] if self.source else []),
            *self.mapping_lines(),
            *self.errors,
            *self.warnings,
        ]

    def add_error(self, row: int, text: str) -> None:
        """A refused row (`row` > 0: the text says the row) or a fault of the whole table (0)."""
        self.errors.append(text)
        self.error_rows.append(row)


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: the column as a spreadsheet names it."""
    out = ""
    n = index + 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


#: what to do with a text the importer cannot read
_SAVE_AGAIN = N_(
    'Excelで開き、「名前を付けて保存」で「CSV UTF-8(コンマ区切り)」か .xlsx を選んで保存し直してください。'
)


def decode(data: bytes) -> str:
    """The text of a CSV file: UTF-8 (with or without BOM), Shift_JIS (CP932), or UTF-16/UTF-32 with their
    byte-order mark (Excel's 「Unicode テキスト」). Anything else is refused saying how to save it again
    (ValueError): a UTF-16 text without its mark reads as Shift_JIS and became garbled site IDs."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):  # UTF-32's mark begins as UTF-16's
        return _decode_unicode(data, "utf-32", "UTF-32")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode_unicode(data, "utf-16", "UTF-16")
    if b"\x00" in data:  # no text of these encodings holds a NUL byte; UTF-16 without its mark does
        raise ValueError(
            _('UTF-8かShift_JISのテキストではありません(BOMのないUTF-16などのようです)。') + _(_SAVE_AGAIN)
        )
    for enc in ("utf-8-sig", "cp932"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise ValueError(
        _(
            '文字コードを判別できません。UTF-8かShift_JISのCSVで保存してください'
            '(Excelなら「名前を付けて保存」→「CSV UTF-8(コンマ区切り)」)。'
        )
    )


_decode = decode


def _decode_unicode(data: bytes, codec: str, name: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        said = _('{encoding}のテキストとして読めません(ファイルが途中で切れているか、壊れています)。')
        raise ValueError(said.format(encoding=name) + _(_SAVE_AGAIN)) from None


def _free_char(text: str) -> str:
    for cp in range(0xE000, 0xF8FF):
        if chr(cp) not in text:
            return chr(cp)
    raise ValueError(_('読めない文字が含まれています。'))  # pragma: no cover - all private-use chars used


def records(text: str, delimiter: str) -> tuple[list[tuple[int, list[str]]], list[tuple[int, str]]]:
    """The rows of a delimited text with their row numbers (1-based, as a spreadsheet counts), and the
    rows that could not be read (row number, what to say). Line breaks inside a cell become LF."""
    inner = ""
    if "\r" in text:
        if "\n" not in text and (text.count("\r") >= 2 or text.rstrip(" \t").endswith("\r")):
            text = text.replace("\r", "\n")  # rows end in CR alone
        else:
            text = text.replace("\r\n", "\n")
            if "\r" in text:
                inner = _free_char(text)
                text = text.replace("\r", inner)  # a bare CR: a line break inside the cell
    whole = text
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    errors: list[tuple[int, str]] = []
    n = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            n += 1
            text = _('この行を読めません({error})。セルの引用符(")を確かめてください。').format(error=exc)
            errors.append((n, _row_says(n, text)))
            continue
        n += 1
        if inner:
            row = [c.replace(inner, "\n") for c in row]
        rows.append((n, row))
    if rows and len(rows) > 1 and _swallowed(rows[-1][1], len(rows[0][1]), delimiter):
        # a quote opened and never closed swallows the rows after it into one cell (to the end)
        n = rows.pop()[0]
        text = _(
            '引用符(")が閉じていないため、後の行までが1つのセルに入っています。セルの引用符を確かめてください。'
        )
        errors.append((n, _row_says(n, text)))
    elif rows and _quote_left_open(whole, delimiter):
        # the last row opens a quote the text never closes: its cells ran together into one
        n = rows.pop()[0]
        text = _(
            '引用符(")が閉じていないため、この行のセルが1つにつながっています。セルの引用符を確かめてください。'
        )
        errors.append((n, _row_says(n, text)))
    return rows, errors


def _quote_left_open(text: str, delimiter: str) -> bool:
    """The text ends inside a quoted cell (the lenient reader takes the rest of the text into it). Read a
    second time, strictly, only when it can be: a text whose quotes all pair up (an even count) ends
    outside any quoted cell."""
    if text.count('"') % 2 == 0:
        return False
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        for _row in reader:
            pass
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False


def _swallowed(row: Sequence[str], width: int, delimiter: str) -> bool:
    """A cell holding whole rows: a line after its first with as many delimiters as a row has."""
    need = max(1, width - 1)
    return any(line.count(delimiter) >= need for c in row for line in c.split("\n")[1:])


def _sniff(text: str) -> str:
    first = text.split("\n", 1)[0]
    return "\t" if "\t" in first and "," not in first else ","


def header_map(row: Sequence[str]) -> list[ColumnMap] | None:
    """The columns of a header row, or None when the row names no known column (then it is data)."""
    cols: list[ColumnMap] = []
    taken: dict[str, str] = {}
    for i, cell in enumerate(row):
        header = re.sub(r"\s+", " ", cell).strip()
        key = _SYNONYMS.get(header_key(cell))
        if key is None:
            cols.append(
                ColumnMap(i, header, None, _('見出しが分かりません') if header else _('見出しがありません'))
            )
        elif key in taken:
            note = _('{field}は{column}列から読みます').format(field=field_label(key), column=taken[key])
            cols.append(ColumnMap(i, header, None, note))
        else:
            taken[key] = column_letter(i)
            cols.append(ColumnMap(i, header, key))
    known = set(taken)
    if "id" in known or "name" in known or len(known) >= 2:
        return cols
    return None


def _one_line(text: str) -> str:
    """A cell's lines joined: without a space between Japanese characters, with one between others."""
    parts = [p.strip() for p in text.splitlines() if p.strip()]
    out = ""
    for p in parts:
        if out and not (_wide(out[-1]) and _wide(p[0])):
            out += " "
        out += p
    return out


def _wide(ch: str) -> bool:
    return ord(ch) >= 0x3000


def parse_sites(
    data: bytes | str,
    existing_ids: Iterable[str] | None = None,
    cat: Catalogue | None = None,
    tab: bool | None = None,
) -> SiteRows:
    """Sites from CSV bytes or pasted text. `tab` chooses tab-separated; None looks at the first row."""
    text = data if isinstance(data, str) else decode(data)
    text = text.lstrip("\ufeff")
    delimiter = _sniff(text) if tab is None else ("\t" if tab else ",")
    rows, errors = records(text, delimiter)
    out = parse_rows(rows, existing_ids, cat)
    both = sorted([*errors, *zip(out.error_rows, out.errors, strict=True)], key=lambda e: e[0])
    out.error_rows, out.errors = [n for n, _t in both], [t for _n, t in both]
    return out


def cell_limit(key: str) -> int:
    """The longest text a field's cell may hold: the order format's own limit (an ID 200 characters,
    other text 10,000)."""
    from configurator.order.document import schema

    defs = schema()["$defs"]
    return int(defs["id" if key == "id" else "text"]["maxLength"])


def _unfit_cells(values: dict[str, str]) -> list[str]:
    """What makes a row's cells unfit to read at all: a control character, or a text longer than the field
    holds (a 100,000-character cell became a site ID without comment)."""
    said: list[str] = []
    for key, value in values.items():
        code = control_character(value)
        if code:
            said.append(
                _('{field}に制御文字(U+{code})が含まれています。取り除いてください').format(
                    field=field_label(key), code=code
                )
            )
        limit = cell_limit(key)
        if len(value) > limit:
            said.append(
                _('{field}が長すぎます({length}文字。{limit}文字までにしてください)').format(
                    field=field_label(key), length=f"{len(value):,}", limit=f"{limit:,}"
                )
            )
    return said


def cell_text(value: Any) -> str:
    """A spreadsheet cell as text: 3.0 → '3', 200021 → '200021', None → ''."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def parse_rows(
    rows: Sequence[tuple[int, Sequence[Any]]],
    existing_ids: Iterable[str] | None = None,
    cat: Catalogue | None = None,
) -> SiteRows:
    """Sites from numbered rows of cells (text or numbers); the first non-empty row may be a header.
    (The cyclic collector is paused meanwhile: a thousand new site dicts otherwise set off collections
    that take longer than reading the rows.)"""
    with gc_paused():
        return _parse_rows(rows, existing_ids, cat)


def _parse_rows(
    rows: Sequence[tuple[int, Sequence[Any]]], existing_ids: Iterable[str] | None, cat: Catalogue | None
) -> SiteRows:
    from configurator.session.order_session import SITE_ID_PREFIX, new_site, unique_id

    cat = cat or catalogue()
    out = SiteRows()
    rows = [(n, [cell_text(c) for c in r]) for n, r in rows]
    rows = [(n, r) for n, r in rows if any(c.strip() for c in r)]
    if not rows:
        out.add_error(0, _('行がありません。'))
        return out
    header = header_map(rows[0][1])
    if header is not None:
        out.header_row = True
        out.columns = header
        body = rows[1:]
    else:
        width = max(len(r) for _, r in rows)
        out.columns = [
            ColumnMap(
                i,
                "",
                DEFAULT_COLUMNS[i] if i < len(DEFAULT_COLUMNS) else None,
                "" if i < len(DEFAULT_COLUMNS) else _('見出しがなく、列の順序の外です'),
            )
            for i in range(width)
        ]
        body = rows
    out.rows_read = len(body)
    mapping = {c.index: c.field for c in out.columns if c.field}
    # a table without a 拠点ID column (a salesperson has none): each row gets a fresh id as 子拠点を追加
    # makes it (site-1, site-2, … not yet in the order)
    out.ids_made = header is not None and "id" not in mapping.values()
    seen = set(existing_ids or ())
    for n, row in body:
        values = {key: row[i] for i, key in mapping.items() if i < len(row)}
        unfit = _unfit_cells(values)
        if unfit:  # refused before anything else: the cell's text is never repeated in a message
            out.add_error(n, _row_says(n, _('、').join(unfit) + _('。')))
            continue
        problems: list[str] = []
        site_id = unique_id(seen, SITE_ID_PREFIX) if out.ids_made else narrow(values.get("id", ""))
        if not site_id:
            problems.append(_('拠点IDがありません'))
        elif site_id in seen:
            problems.append(_('拠点ID「{id}」が重複しています').format(id=site_id))
        site = new_site(site_id, _one_line(values.get("name", "")))
        postal = check_postal_code(narrow(values.get("postal_code", "")))
        site["postal_code"] = postal.value
        site["address"] = _one_line(values.get("address", ""))
        site["lan"] = lan_addresses(values.get("lan", ""))
        try:
            site["device"] = device_id(narrow(values.get("device", "")), cat)
        except ValueError as exc:
            problems.append(str(exc))
        term = narrow(values.get("term_years", ""))
        if term:
            years = term_years(term)
            if years is not None and years in cat.term_years:
                site["term_years"] = years
            else:
                allowed = _('か').join(ngettext('{n}年', '{n}年', y).format(n=y) for y in cat.term_years)
                months = _('・').join(
                    ngettext('{n}か月', '{n}か月', 12 * y).format(n=12 * y) for y in cat.term_years
                )
                problems.append(
                    _('期間「{term}」は{allowed}({months})にしてください').format(
                        term=values["term_years"], allowed=allowed, months=months
                    )
                )
        provider = narrow(values.get("provider", "")).lower()
        if provider not in PROVIDERS:
            problems.append(_('接続「{value}」は「IIJ」か「他社」にしてください').format(value=values["provider"]))
        elif PROVIDERS[provider] == "other":
            site["internet"] = {"provider": "other", "name": "", "connection": None, "address": None}
        if problems:
            out.add_error(n, _row_says(n, _('、').join(problems) + _('。')))
            continue
        if postal.warning:
            out.warnings.append(
                _('{n}行目({id}): {warning}').format(n=n, id=site_id, warning=postal.warning) + _('。')
            )
        seen.add(site_id)
        out.sites.append(site)
    return out
