"""Spreadsheets in and out: a site list from .csv/.txt/.tsv, .xlsx/.xlsm/.xls and .ods; the site list and
the quote's line items out to .xlsx with Japanese number formats. No Qt: the app and the command line
call these.

Reading uses python-calamine (Rust): 1,000 rows of an .xlsx take about 20–30 ms against 300–400 ms for
openpyxl's read-only mode (median of 15 reads on the development machine; import 1 ms against 230 ms),
and it reads .ods and the old .xls as well. Writing uses openpyxl, which calamine cannot do.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from configurator.errors import KnownError
from configurator.session.sitecsv import COLUMNS, SiteRows, parse_rows, parse_sites
from configurator.tariff.catalogue import Catalogue, catalogue

MAX_BYTES = 20 * 1024 * 1024
TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
BOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
#: what the file dialog offers
FILE_FILTER = "表 (*.xlsx *.xlsm *.xls *.ods *.csv *.txt *.tsv)"
#: the columns the site export writes: the same fields the importer reads, under their first header
EXPORT_FIELDS = ("id", "name", "postal_code", "address", "lan", "device", "term_years", "provider")
YEN_FORMAT = '#,##0"円"'
COUNT_FORMAT = "#,##0"
YEARS_FORMAT = '0"年"'
TEXT_FORMAT = "@"


class SheetError(KnownError, ValueError):
    """A file that cannot be read as a site list; the message says what to do. Exit code 2."""


# --- reading ------------------------------------------------------------------------------------


def read_site_file(
    path: str | Path, existing_ids: Iterable[str] | None = None, cat: Catalogue | None = None
) -> SiteRows:
    """The sites of a spreadsheet file ('-': standard input), with the header mapping and the row
    report. A file larger than MAX_BYTES is refused from its size, unread."""
    from configurator.store.reading import read_limited

    data, label = read_limited(path, MAX_BYTES, expect=SHEET_FILE, error=SheetError)
    return read_site_bytes(data, label, existing_ids, cat)


#: What a site list is called in messages (Japanese, English).
SHEET_FILE = (
    "拠点の表(.xlsx .xlsm .xls .ods .csv .txt .tsv)",
    "a site list (.xlsx .xlsm .xls .ods .csv .txt .tsv)",
)


def read_site_bytes(
    data: bytes, name: str, existing_ids: Iterable[str] | None = None, cat: Catalogue | None = None
) -> SiteRows:
    if not data or data.isspace():
        raise SheetError(
            f"{name} は空のファイルです。{SHEET_FILE[0]}を指定してください。",
            f"{name} is empty. Give {SHEET_FILE[1]}.",
        )
    if data.startswith(b"%PDF-"):
        raise SheetError(
            f"{name} はPDFです。PDFからは拠点を読めません。{SHEET_FILE[0]}を指定してください。",
            f"{name} is a PDF; sites cannot be read from it. Give {SHEET_FILE[1]}.",
        )
    suffix = Path(name).suffix.lower()
    is_book = suffix in BOOK_SUFFIXES or data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0"))
    if not is_book:
        try:
            return parse_sites(data, existing_ids, cat)
        except ValueError as exc:
            raise SheetError(f"{name}: {exc}", f"{name}: {exc}") from exc  # (said in the UI's language)
    rows, note = book_rows(data, name)
    out = parse_rows(rows, existing_ids, cat)
    out.source = note
    return out


def book_rows(data: bytes, name: str) -> tuple[list[tuple[int, list[Any]]], str]:
    """The rows of the first visible worksheet of an .xlsx/.xls/.ods (numbered from 1, as the sheet
    shows them), and a sentence naming the sheet that was read."""
    import python_calamine

    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = [
            m
            for m in book.sheets_metadata
            if m.visible == python_calamine.SheetVisibleEnum.Visible
            and m.typ == python_calamine.SheetTypeEnum.WorkSheet
        ]
        if not sheets:
            raise SheetError(
                f"{name} に読めるワークシートがありません。", f"{name} has no worksheet to read."
            )
        sheet = book.get_sheet_by_name(sheets[0].name)
        cells = sheet.to_python(skip_empty_area=False)
    except SheetError:
        raise
    except Exception as exc:  # calamine's errors are of its own kinds; any of them means "not readable"
        from configurator.store.errorlog import keep_details

        keep_details(f"表として読めないファイル: {name}", exc)  # the reader's words are for the developers
        raise SheetError(
            f"{name} を表として読めません(ファイルが壊れているか、表計算ソフトのファイルではありません)。"
            "Excelか LibreOffice で開き、"
            "「名前を付けて保存」で .xlsx か「CSV UTF-8(コンマ区切り)」を選んで保存し直してください。",
            f"Cannot read {name} as a spreadsheet (the file is damaged, or it is not a spreadsheet). Open it "
            "in Excel or LibreOffice and save it again as .xlsx or as CSV UTF-8.",
        ) from exc
    others = len(sheets) - 1
    note = (
        f"シート「{sheets[0].name}」を読みました"
        + (f"(ほかの{others}枚のシートは読んでいません)" if others else "")
        + "。"
    )
    return [(n, list(r)) for n, r in enumerate(cells, start=1)], note


# --- writing ------------------------------------------------------------------------------------


def _cell(
    ws: Any, row: int, col: int, value: Any, number_format: str | None = None, bold: bool = False
) -> Any:
    """A cell whose text stays text: '=…' is not turned into a formula, control characters are dropped."""
    if isinstance(value, str):
        value = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", value)
    c = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str) and value.startswith("="):
        c.data_type = "s"
    if number_format:
        c.number_format = number_format
    if bold:
        from openpyxl.styles import Font

        c.font = Font(bold=True)
    return c


def _save(wb: Any) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _header_style(ws: Any, row: int, ncols: int) -> None:
    from openpyxl.styles import Font, PatternFill

    for col in range(1, ncols + 1):
        c = ws.cell(row=row, column=col)
        c.font = Font(bold=True)
        c.fill = PatternFill("solid", fgColor="DDE4EE")


def sites_xlsx(
    sites: Sequence[dict[str, Any]], cat: Catalogue | None = None, title: str = "拠点一覧"
) -> bytes:
    """A site list as .xlsx: the importer's columns under their first header, so it reads back the same.
    IDs and postal codes are text cells (a leading zero stays), the term a number shown as 3年."""
    from openpyxl import Workbook

    cat = cat or catalogue()
    wb = Workbook()
    ws = wb.active
    ws.title = _sheet_title(title)
    for col, key in enumerate(EXPORT_FIELDS, start=1):
        _cell(ws, 1, col, COLUMNS[key][0])
    _header_style(ws, 1, len(EXPORT_FIELDS))
    for r, site in enumerate(sites, start=2):
        values = {
            "id": str(site.get("id") or ""),
            "name": str(site.get("name") or ""),
            "postal_code": str(site.get("postal_code") or ""),
            "address": str(site.get("address") or ""),
            "lan": ", ".join(site.get("lan") or ()),
            "device": cat.device_name(site["device"]) if site.get("device") else "",
            "term_years": site.get("term_years"),
            "provider": "他社" if (site.get("internet") or {}).get("provider") == "other" else "IIJ",
        }
        for col, key in enumerate(EXPORT_FIELDS, start=1):
            fmt = YEARS_FORMAT if key == "term_years" else TEXT_FORMAT
            _cell(ws, r, col, values[key], fmt)
    for letter, width in zip("ABCDEFGH", (12, 20, 11, 40, 30, 24, 8, 8), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    return _save(wb)


def _sheet_title(text: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", "_", text)[:31] or "Sheet1"


def order_sites(doc: dict[str, Any], network: int = 0, parent: bool = False) -> list[dict[str, Any]]:
    """The site list of one VPN network (its child sites; with the parent site first if asked)."""
    nets = doc.get("vpn_networks") or []
    if not 0 <= network < len(nets):
        raise SheetError(
            f"VPN網 {network + 1} はありません(この注文のVPN網は{len(nets)}つです)。",
            f"There is no VPN network {network + 1} (this order has {len(nets)}).",
        )
    net = nets[network]
    return ([net["parent"]] if parent and net.get("parent") else []) + list(net.get("children") or [])


def quote_xlsx(quote: Any, doc: dict[str, Any] | None = None) -> bytes:
    """The quote's line items as .xlsx: per fee group 品名・数量・単位・単価・金額, then 小計,
    消費税 and 合計;
    the commitment total and the notes below. Amounts are integer yen with the format #,##0"円"."""
    from openpyxl import Workbook

    doc = doc or {}
    wb = Workbook()
    ws = wb.active
    ws.title = "見積明細"
    _cell(ws, 1, 1, "御見積明細", bold=True)
    r = 2
    info = [
        ("件名", doc.get("title") or ""),
        ("お客様", (doc.get("customer") or {}).get("name") or ""),
        ("見積番号", str(doc.get("quote_number") or "")),
        (
            "価格表",
            f"{quote.price_book.name}(版 {quote.price_book.version}、適用開始 "
            f"{quote.price_book.effective_date})",
        ),
    ]
    for label, value in info:
        if value:
            _cell(ws, r, 1, label, bold=True)
            _cell(ws, r, 2, value)
            r += 1
    if quote.sample:
        _cell(ws, r, 1, "※ サンプル価格です。実際の価格ではありません。")
        r += 1
    rate = f"{int(quote.tax_rate * 100)}%"
    for g in quote.groups.values():
        if not g.lines:
            continue
        r += 1
        from configurator.pricing.quote import GROUP_LABELS

        _cell(ws, r, 1, GROUP_LABELS[g.key], bold=True)
        r += 1
        for col, head in enumerate(("品名", "数量", "単位", "単価", "金額"), start=1):
            _cell(ws, r, col, head)
        _header_style(ws, r, 5)
        r += 1
        for ln in g.lines:
            _cell(ws, r, 1, ln.name)
            _cell(ws, r, 2, ln.quantity, COUNT_FORMAT)
            _cell(ws, r, 3, ln.unit)
            if ln.unit_price is None:
                _cell(ws, r, 4, "価格未設定")
            else:
                _cell(ws, r, 4, ln.unit_price, YEN_FORMAT)
                _cell(ws, r, 5, ln.amount, YEN_FORMAT)
            r += 1
        for label, value in (("小計", g.subtotal), (f"消費税({rate})", g.tax), ("合計", g.total)):
            _cell(ws, r, 4, label, bold=True)
            _cell(ws, r, 5, value, YEN_FORMAT, bold=label == "合計")
            r += 1
    r += 1
    _cell(ws, r, 1, "最低利用期間の総額(初期費用+月額費用×最低利用期間、税抜)", bold=True)
    _cell(ws, r, 5, quote.commitment, YEN_FORMAT)
    r += 1
    from configurator.pricing.quote import TAX_RULE

    for note in [TAX_RULE, *quote.notes, *(f"価格を付けられません: {u}" for u in quote.unpriced)]:
        _cell(ws, r, 1, f"※ {note}")
        r += 1
    for letter, width in zip("ABCDE", (56, 8, 6, 14, 16), strict=True):
        ws.column_dimensions[letter].width = width
    return _save(wb)


def write_file(path: str | Path, data: bytes) -> None:
    """Write whole or not at all; a file Excel holds open is told in words."""
    from configurator.store.files import WriteError, atomic_write

    try:
        atomic_write(path, data)
    except WriteError as exc:  # says what to change already; "denied" is also a file Excel holds open
        if not exc.denied:
            raise
        raise SheetError(
            f"{path} に書き込めません(書き込む権限がないか、Excelなどで開かれています)。"
            "開いていれば閉じてから、または別の場所を指定して、もう一度書き出してください。",
            f"Cannot write {path} (no permission, or it is open in Excel). Close it, or give another "
            "place, and try again.",
        ) from exc
    except PermissionError as exc:
        raise SheetError(
            f"{path} に書き込めません。Excelなどで開いていれば閉じてから、もう一度書き出してください。",
            f"Cannot write {path}; close it in Excel and try again.",
        ) from exc
    except OSError as exc:
        raise SheetError(
            f"{path} に書き込めません: {exc.strerror or exc}", f"Cannot write {path}: {exc.strerror or exc}"
        ) from exc
