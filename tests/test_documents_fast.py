"""The faster document code (issue #18) makes the same documents: the list table prints exactly what
ReportLab's Table prints, the same PDF byte for byte, for every kind of plain cell (left, centred,
right, several lines, empty, escaped characters, characters the main font lacks, each vertical
alignment); column headings are plain strings only where they stand where a Paragraph would; the
attached order is json.dumps's text; lines break where they broke."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as hs
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from configurator.documents.common import _ATOM, _char_width, _fill, order_bytes, styles, wrap_lines
from configurator.documents.fonts import japanese_font
from configurator.documents.tables import ListTable, label_cell

ROWS = [
    ["No", "拠点名・設置場所", "機器", "備考"],
    ["1", "本社\n〒100-0001 東京都千代田区", "C1121-8P\n×1台", ""],
    ["2", "括弧 (a) と \\ の拠点", "ISR4351\n×2台", "他社: ○○光 / PPPoE"],
    ["3", "", "", "行1\n行2\n行3"],
    ["10", "𠮷野家 大阪支店", "x", "ﾊﾝｶｸ ｶﾅ"],
]


def _pdf(cls: type[Table], valign: str, align: str) -> bytes:
    st = styles(japanese_font().name)
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, invariant=1, initialFontName=st.font)
    data: list[list[Any]] = [list(r) for r in ROWS]
    data[4][1] = Paragraph("段落のセル", st.cell)  # a flowable among plain cells: ReportLab draws it
    table = cls(data, colWidths=[12 * mm, 60 * mm, 30 * mm, 40 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), st.font, 8),
                ("LEADING", (0, 0), (-1, -1), 10.5),
                ("GRID", (0, 0), (-1, -1), 0.3, "#8a96a8"),
                ("VALIGN", (0, 0), (-1, -1), valign),
                ("ALIGN", (0, 1), (0, -1), "CENTER"),
                ("ALIGN", (2, 1), (2, -1), align),
                ("TEXTCOLOR", (3, 2), (3, 2), "#b00020"),
                ("FONTSIZE", (3, 3), (3, 3), 9),
            ]
        )
    )
    doc.build([table] * 3)
    return out.getvalue()


@pytest.mark.parametrize("valign", ["TOP", "MIDDLE", "BOTTOM"])
@pytest.mark.parametrize("align", ["LEFT", "RIGHT", "CENTER"])
def test_the_list_table_writes_the_same_pdf_as_reportlab(valign: str, align: str) -> None:
    fast = _pdf(ListTable, valign, align)
    assert fast == _pdf(Table, valign, align)
    assert fast.startswith(b"%PDF-")


def _long_pdf(cls: type[Table], commands: list[Any]) -> bytes:
    st = styles(japanese_font().name)
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, invariant=1, initialFontName=st.font)
    data: list[list[Any]] = [list(ROWS[0])] + [list(ROWS[1 + n % 4]) for n in range(150)]
    data[7][3] = None  # ReportLab prints nothing for None
    data[9][0] = b"9"  # and bytes as text
    data[20][1] = Paragraph("段落のセル", st.cell)
    table = cls(data, colWidths=[12 * mm, 60 * mm, 30 * mm, 40 * mm], repeatRows=1)
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), st.font, 8), *commands]))
    doc.build([table])  # over several pages: split, with the header repeated
    return out.getvalue()


@pytest.mark.parametrize(
    "commands",
    [
        [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("TOPPADDING", (0, 0), (-1, -1), 2)],
        # a command over every cell after one over some cells of the same attribute: the later wins
        [("ALIGN", (0, 1), (0, -1), "CENTER"), ("ALIGN", (0, 0), (-1, -1), "RIGHT")],
        [
            ("FONTSIZE", (3, 3), (3, 3), 11),
            ("LEADING", (0, 0), (-1, -1), 13),
            ("FONT", (0, 0), (-1, -1), "HeiseiMin-W3"),
        ],
        [
            ("LEFTPADDING", (1, 0), (1, -1), 12),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("SIZE", (0, 0), (-1, -1), 7),
        ],
        [("SPAN", (0, 5), (1, 5)), ("SPAN", (2, 30), (2, 31)), ("BOTTOMPADDING", (0, 0), (-1, -1), 5)],
        [("TEXTCOLOR", (0, 0), (-1, -1), "#1f3a5f"), ("TEXTCOLOR", (2, 0), (2, -1), "#b00020")],
    ],
)
def test_the_list_table_styles_and_splits_as_reportlab(commands: list[Any]) -> None:
    """A command over the whole table is set once on the table's own cell style, a row of text is
    measured in one pass: the PDF of a long table broken over pages is still Table's, byte for byte,
    whatever the order of the commands."""
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.pdfmetrics import registerFont

    registerFont(UnicodeCIDFont("HeiseiMin-W3"))
    fast = _long_pdf(ListTable, commands)
    assert fast == _long_pdf(Table, commands)
    assert len(re.findall(rb"/Type /Page\b(?!s)", fast)) > 2  # broken over pages


def test_a_heading_is_a_plain_string_only_when_it_fits_on_one_line() -> None:
    st = styles(japanese_font().name)
    assert label_cell("拠点名・設置場所", st.cell, 100) == "拠点名・設置場所"
    assert isinstance(label_cell("拠点名・設置場所", st.cell, 40), Paragraph)  # would wrap
    assert isinstance(label_cell("金額", st.cell_right, 100), Paragraph)  # right-aligned: the indent
    assert isinstance(label_cell("行1\n行2", st.cell, 100), Paragraph)


JSON = hs.recursive(
    hs.none() | hs.booleans() | hs.integers() | hs.floats() | hs.text(),
    lambda inner: hs.lists(inner, max_size=4) | hs.dictionaries(hs.text(max_size=5), inner, max_size=4),
    max_leaves=30,
)


@given(JSON)
def test_the_attached_order_is_the_text_json_writes(value: Any) -> None:
    import json

    doc = {"order": value}
    assert order_bytes(doc) == json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"


def test_the_attached_order_of_an_example_is_the_text_json_writes() -> None:
    import json

    from tests.conftest import example

    for name in ("mixed.iij-order.json", "auth.iij-order.json", "vpn.iij-order.json"):
        doc = example(name)
        assert order_bytes(doc) == json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
    odd = {"tuple": (1, 2), 3: "int key"}  # not plain JSON: json.dumps writes it
    assert order_bytes(odd) == json.dumps(odd, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"


@given(hs.text(alphabet="東京都千代田区丸の内一丁目、。「」()ー・ABC abc123-", max_size=80))
def test_lines_break_where_they_broke_glyph_by_glyph(text: str) -> None:
    from reportlab.lib.textsplit import dumbSplit

    font = japanese_font().name
    for width in (40.0, 97.3, 150.0):
        widths = [_char_width(ch, font, 8) for ch in text]
        if sum(widths) <= width:
            old = [text]
        elif " " in text:  # words in Latin letters kept whole where a space allows (common._fill)
            old = _fill(_ATOM.findall(text), font, 8, width)
        else:
            old = [str(p[1]).strip() for p in dumbSplit(text, widths, width)]
        assert wrap_lines(text, font, 8, width) == old


def test_a_font_read_from_the_cache_is_the_font_reportlab_parses(tmp_path: Path, monkeypatch: Any) -> None:
    from reportlab.pdfbase.ttfonts import TTFont

    from configurator.documents.fontcache import load_font

    path = japanese_font().path
    assert path is not None
    monkeypatch.setenv("IIJ_CONFIGURATOR_CACHE", str(tmp_path))
    parsed = TTFont("T-parsed", path)
    first = load_font("T-cached", path, 0)  # parses and writes the cache
    assert list(tmp_path.glob("font-*.marshal"))
    cached = load_font("T-cached", path, 0)  # read back
    assert vars(first.face).keys() == vars(cached.face).keys() == vars(parsed.face).keys()
    for key, value in vars(parsed.face).items():
        if key != "_pdfScale":
            assert getattr(cached.face, key) == value, key
    assert getattr(cached.face.name, "ustr", None) == parsed.face.name.ustr
    assert cached.face._pdfScale(2048) == parsed.face._pdfScale(2048)
    assert {k for k in vars(cached)} == {k for k in vars(parsed)}
    assert (cached._asciiReadable, cached.shapable) == (parsed._asciiReadable, parsed.shapable)
    codes = [ord(ch) for ch in "申込書 拠点名・設置場所 ×1台 〒100-0001"]
    subset = [0, *sorted(set(codes))]
    assert cached.face.makeSubset(subset) == parsed.face.makeSubset(subset)  # the embedded subset


def test_a_damaged_font_cache_is_no_cache(tmp_path: Path, monkeypatch: Any) -> None:
    from configurator.documents.fontcache import load_font

    path = japanese_font().path
    assert path is not None
    monkeypatch.setenv("IIJ_CONFIGURATOR_CACHE", str(tmp_path))
    load_font("T-a", path, 0)
    damaged = list(tmp_path.glob("font-*.marshal"))
    assert damaged
    for f in damaged:
        f.write_bytes(b"\x00damaged")
    font = load_font("T-b", path, 0)
    assert font.face.charWidths and font.stringWidth("申込書", 8) > 0


@given(hs.integers(min_value=-(10**15), max_value=10**15), hs.dates())
def test_numbers_and_dates_are_written_as_babel_writes_them(n: int, day: Any) -> None:
    """The documents' amounts and dates without loading Babel (40 ms at a process's start): the same text."""
    from babel.dates import format_date as babel_date
    from babel.numbers import format_currency, format_decimal

    from configurator.text.jpformat import LOCALE, format_date, format_number, format_yen_mark

    assert format_number(n) == format_decimal(n, locale=LOCALE)
    assert format_yen_mark(n) == format_currency(n, "JPY", locale=LOCALE)
    assert format_date(day) == babel_date(day, format="y年M月d日", locale=LOCALE)


def test_paragraphs_broken_once_per_width_print_what_paragraph_prints(monkeypatch: Any) -> None:
    """common._Paragraph keeps its lines per width (a table wraps each cell twice or more): the same
    PDF, byte for byte, as ReportLab breaking them on every wrap — a quote whose greeting, remarks and
    tables wrap at several widths, one whose appendix splits a paragraph over pages, a form of 120 sites
    split over pages, a cancellation quote."""
    import datetime as dt

    from configurator.documents import common
    from configurator.documents.common import DocOptions
    from configurator.documents.form import build_form
    from configurator.documents.lifecycle_docs import build_cancel_quote
    from configurator.documents.quote import build_quote
    from configurator.lifecycle import analyse_cancel
    from tests.benchmarks.orders import big_order
    from tests.conftest import example
    from tests.test_documents import ISSUER

    options = DocOptions(issue_date=dt.date(2026, 11, 22), number="Q-1", issuer=ISSUER)
    order = example("mixed.iij-order.json")
    order["customer"]["name"] = "株式会社" + "とても長い名前の会社" * 6  # the 宛名 is broken and shortened
    cancel = analyse_cancel(example("cancel.iij-cancel.json"))
    long = example("vpn.iij-order.json")  # its 件名 shortened, and printed whole over pages in the appendix
    line = "行目 拠点間VPNの件名、とても長い説明文。(全角括弧)と「かぎ括弧」"
    long["title"] = "\n".join(f"{n}{line}" * 3 for n in range(160))

    def documents() -> list[bytes]:
        return [
            build_quote(long, options),
            build_quote(order, options),
            build_quote(big_order(10, every_option=True), options),
            build_form(big_order(120), options),
            build_cancel_quote(cancel, options),
        ]

    once = documents()
    calls = []

    def every_time(self: Any, widths: Any) -> Any:
        calls.append(widths)
        return Paragraph.breakLinesCJK(self, widths)

    monkeypatch.setattr(common._Paragraph, "breakLinesCJK", every_time)
    assert documents() == once
    assert calls  # the paragraphs were broken by ReportLab on every wrap this time


def _dump(value: Any) -> Any:
    """A ParaLines / FragLine / frag as plain values, to compare two line breakings."""
    from reportlab.lib.abag import ABag

    if isinstance(value, ABag):
        return (type(value).__name__, {k: _dump(v) for k, v in vars(value).items()})
    if isinstance(value, list | tuple):
        return [_dump(v) for v in value]
    return (type(value).__name__, value)


LINE_TEXT = hs.text(hs.sampled_from("あいう漢字、。「」()ー・IIJ 0123abc&<>〒𠮷"), max_size=40)


@given(hs.lists(LINE_TEXT, min_size=1, max_size=5), hs.floats(min_value=20, max_value=400))
def test_lines_not_broken_by_width_are_cjkfragsplit_s(lines: list[str], width: float) -> None:
    """common._unbroken_lines (a paragraph of text runs and <br/>, no line too wide) makes exactly the
    lines ReportLab's cjkFragSplit makes; a line too wide is left to ReportLab (None)."""
    from reportlab.platypus.paragraph import cjkFragSplit

    from configurator.documents.common import _unbroken_lines, para

    st = styles(japanese_font().name)
    for style in (st.small, st.heading, st.cell_right):
        p = para("\n".join(lines), style)
        widths = [width - 3, width]
        mine = _unbroken_lines(p, widths)
        theirs = cjkFragSplit(p.frags, widths, False)
        if mine is None:
            assert len(p.frags) < 2 or any(line.currentWidth > line.maxWidth for line in theirs.lines) or any(
                not line.lineBreak for line in theirs.lines[:-1]
            )
        else:
            assert _dump(mine) == _dump(theirs)
