"""What both documents share: styles, safe text, page decoration, the embedded order, atomic output."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from configurator.documents.fonts import FontChoice
from configurator.errors import KnownError
from configurator.paths import resource
from configurator.store.files import atomic_write
from configurator.store.issuer import Issuer

CREATOR = "IIJ order configurator"
ATTACHMENT_NAME = "order.iij-order.json"
KEYWORD_PREFIX = "iij-order-sha256:"
PAGE = A4
MARGIN = 15 * mm


@cache
def texts() -> dict[str, Any]:
    with open(resource("documents.json"), encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
        return data


# --- safe text ------------------------------------------------------------------------------------


def safe(text: Any) -> str:
    """User text as Paragraph content: escaped (never markup), line breaks kept."""
    s = "" if text is None else str(text)
    s = "".join(ch for ch in s if ch in "\n\t" or ord(ch) >= 0x20)
    return escape(s).replace("\n", "<br/>")


@dataclass(frozen=True)
class Styles:
    font: str
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_right: ParagraphStyle
    heading: ParagraphStyle
    title: ParagraphStyle
    right: ParagraphStyle


@cache
def styles(font: str) -> Styles:
    def ps(name: str, size: float, leading: float, **kw: Any) -> ParagraphStyle:
        # CJK wrapping (kinsoku) with a little right indent for the punctuation it lets hang
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading, wordWrap="CJK",
                              rightIndent=kw.pop("rightIndent", 1.5), **kw)

    return Styles(
        font=font,
        body=ps("body", 9.5, 14),
        small=ps("small", 8, 11.5),
        cell=ps("cell", 8, 10.5),
        cell_right=ps("cell_right", 8, 10.5, alignment=TA_RIGHT),
        heading=ps("heading", 11.5, 16, spaceBefore=8, spaceAfter=4, textColor=colors.HexColor("#1f3a5f")),
        title=ps("title", 20, 26, alignment=TA_CENTER, spaceAfter=6),
        right=ps("right", 9, 13, alignment=TA_RIGHT),
    )


def para(text: Any, style: ParagraphStyle) -> Paragraph:
    return Paragraph(safe(text), style)


@cache
def _char_width(ch: str, font: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return float(stringWidth(ch, font, size))


def wrap_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """Break text into lines that fit `width`, with ReportLab's CJK line splitting (kinsoku:
    closing punctuation never starts a line) on cached glyph widths."""
    from reportlab.lib.textsplit import dumbSplit

    out: list[str] = []
    for line in text.split("\n"):
        widths = [_char_width(ch, font, size) for ch in line]
        if sum(widths) <= width:
            out.append(line)
            continue
        out.extend(str(part[1]).strip() for part in dumbSplit(line, widths, width))
    return out


def cell(text: Any, style: ParagraphStyle, width: float) -> str:
    """A table cell as plain text — drawn as is, never parsed as markup — wrapped to the column.

    Plain multi-line cells are much faster for ReportLab to lay out than paragraphs, which matters
    for the site list of a 1,000-site form."""
    s = "" if text is None else str(text)
    s = "".join(ch for ch in s if ch == "\n" or ord(ch) >= 0x20)
    room = width - 8  # the cell's left and right padding (4 + 4)
    return "\n".join(wrap_lines(s, style.fontName, style.fontSize, room))


def markup_para(trusted_markup: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of the app's own markup (never user text: use para for that)."""
    return Paragraph(trusted_markup, style)


def table_style(st: Styles, *commands: tuple[Any, ...]) -> Any:
    """A TableStyle whose every cell uses the Japanese font (no cell falls back to Helvetica)."""
    from reportlab.platypus import TableStyle

    return TableStyle([("FONT", (0, 0), (-1, -1), st.font, st.cell.fontSize), *commands])


TABLE_HEADER_BG = colors.HexColor("#e8eef6")
GRID = colors.HexColor("#8a96a8")
LEFT, RIGHT, CENTER = TA_LEFT, TA_RIGHT, TA_CENTER


# --- issuer ---------------------------------------------------------------------------------------


# --- options shared by both documents -------------------------------------------------------------


@dataclass
class DocOptions:
    issue_date: dt.date
    draft: bool = False
    wareki: bool = False
    number: str = ""
    issuer: Issuer = field(default_factory=Issuer)
    font_path: str | None = None
    font_index: int = 0




def format_day(d: dt.date, wareki: bool) -> str:
    from configurator.text.jpformat import format_date, format_wareki

    return format_wareki(d) if wareki else format_date(d)


# --- the page canvas ------------------------------------------------------------------------------


@dataclass
class Decoration:
    font: FontChoice
    footer: str
    draft: bool
    sample: bool
    order_bytes: bytes
    title: str
    subject: str
    keywords: str


class DecoratedCanvas(Canvas):  # type: ignore[misc]
    """Draws on every page, once the page count is known: 'n / N', the footer, 下書き across the
    page for drafts, サンプル価格 in the header; embeds the order document when saved."""

    def __init__(self, *args: Any, decoration: Decoration, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deco = decoration
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._decorate(number, total)
            super().showPage()
        self._embed()
        super().save()

    def _decorate(self, number: int, total: int) -> None:
        d = self._deco
        font = d.font.name
        width, height = self._pagesize
        self.saveState()
        self.setFont(font, 8)
        self.setFillColor(colors.HexColor("#555555"))
        self.drawString(MARGIN, 9 * mm, d.footer)
        self.drawRightString(width - MARGIN, 9 * mm, f"{number} / {total}")
        if d.sample:
            self.setFillColor(colors.HexColor("#b00020"))
            self.setFont(font, 9)
            self.drawRightString(width - MARGIN, height - 9 * mm, "サンプル価格(実際の価格ではありません)")
        if d.font.warning and number == 1:
            self.setFillColor(colors.HexColor("#b00020"))
            self.setFont(font, 7)
            self.drawString(MARGIN, height - 9 * mm, "※ " + d.font.warning[:70])
        if d.draft:
            self.setFillColor(colors.HexColor("#b00020"))
            self.setFont(font, 9)
            self.drawString(MARGIN, height - 9 * mm + (0 if not (d.font.warning and number == 1) else -9),
                            "【下書き】この書類は正式なものではありません")
            self.setFillColor(colors.Color(0.8, 0.1, 0.1, alpha=0.16))
            self.setFont(font, 120)
            self.translate(width / 2, height / 2)
            self.rotate(35)
            self.drawCentredString(0, -40, "下書き")
        self.restoreState()

    def _embed(self) -> None:
        from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFString

        d = self._deco
        doc = self._doc
        stream = PDFStream(
            PDFDictionary({"Type": PDFName("EmbeddedFile"), "Subtype": PDFName("application#2Fjson"),
                           "Params": PDFDictionary({"Size": len(d.order_bytes)})}),
            content=d.order_bytes,
        )
        spec = PDFDictionary({
            "Type": PDFName("Filespec"),
            "F": PDFString(ATTACHMENT_NAME),
            "UF": PDFString(ATTACHMENT_NAME),
            "Desc": PDFString("IIJ order document (iij-order/1)"),
            "AFRelationship": PDFName("Source"),
            "EF": PDFDictionary({"F": doc.Reference(stream)}),
        })
        ref = doc.Reference(spec)
        names = PDFDictionary({"EmbeddedFiles": PDFDictionary({"Names": PDFArray([PDFString(ATTACHMENT_NAME), ref])})})
        self.setCatalogEntry("Names", names)
        self.setTitle(d.title)
        self.setSubject(d.subject)
        self.setCreator(CREATOR)
        self.setAuthor(CREATOR)
        self.setKeywords(d.keywords)


def order_bytes(order: dict[str, Any]) -> bytes:
    return json.dumps(order, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"


def canvas_maker(decoration: Decoration) -> Callable[..., Canvas]:
    # the initial font is ours, so no unembedded Helvetica is referenced by any page
    return partial(DecoratedCanvas, decoration=decoration, initialFontName=decoration.font.name)


def keywords_for(data: bytes, price_book_version: str | None) -> str:
    words = [KEYWORD_PREFIX + hashlib.sha256(data).hexdigest()]
    if price_book_version:
        words.append(f"price-book:{price_book_version}")
    return " ".join(words)


def render_pdf(story: list[Any], *, font: FontChoice, document: dict[str, Any], title: str, number: str,
               draft: bool, sample: bool = False, price_book_version: str | None = None) -> bytes:
    """Lay out a story on A4 pages with the page decoration, embedding `document`: every document's end."""
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    out = io.BytesIO()
    data = order_bytes(document)
    deco = Decoration(font=font, footer=f"{title} {number}", draft=draft, sample=sample, order_bytes=data,
                      title=f"{title} {document.get('title') or ''}".strip(), subject=f"見積番号 {number}",
                      keywords=keywords_for(data, price_book_version))
    doc = BaseDocTemplate(out, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=14 * mm,
                          bottomMargin=14 * mm, invariant=1, title=deco.title, subject=deco.subject,
                          creator=CREATOR, initialFontName=font.name)
    doc.addPageTemplates([PageTemplate(id="page", frames=[Frame(MARGIN, 14 * mm, PAGE[0] - 2 * MARGIN,
                                                                PAGE[1] - 28 * mm, leftPadding=0, rightPadding=0,
                                                                topPadding=0, bottomPadding=0)])])
    doc.build(story, canvasmaker=canvas_maker(deco))
    return out.getvalue()


# --- output ---------------------------------------------------------------------------------------


def write_pdf(path: str | os.PathLike[str], data: bytes) -> None:
    """Write the PDF whole or not at all, with a clear message when the place cannot be written."""
    target = Path(path)
    if target.is_dir():
        raise KnownError(f"{target} はフォルダです。PDFのファイル名を指定してください。", f"{target} is a folder.")
    if not target.parent.exists():
        raise KnownError(f"保存先のフォルダ {target.parent} がありません。", f"The folder {target.parent} does not exist.")
    try:
        atomic_write(target, data)
    except PermissionError:
        raise KnownError(f"{target} に書き込む権限がありません。別の場所を指定してください。",
                         f"No permission to write {target}.") from None
    except OSError as exc:
        raise KnownError(f"{target} に保存できません({exc.strerror})。空き容量や保存先を確認してください。",
                         f"Cannot write {target}.") from None
