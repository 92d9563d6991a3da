"""What both documents share: styles, safe text, page decoration, the embedded order, atomic output."""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
import io
import json
import os
import re
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache, lru_cache, partial
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from configurator.documents.fonts import FontChoice, covered, missing_characters, runs
from configurator.errors import KnownError
from configurator.paths import resource
from configurator.store.files import atomic_write
from configurator.store.issuer import Issuer

CREATOR = "IIJ order configurator"
ATTACHMENT_NAME = "order.iij-order.json"
KEYWORD_PREFIX = "iij-order-sha256:"
PAGE = A4
MARGIN = 15 * mm
#: the page's frame: 14 mm above and below it (render_pdf)
FRAME_MARGIN_V = 14 * mm
#: the height of the page's frame, all of it free at the top of a page (form.ContinuedList)
FRAME_H = PAGE[1] - 2 * FRAME_MARGIN_V


@cache
def texts() -> dict[str, Any]:
    with open(resource("documents.json"), encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
        return data


# --- safe text ------------------------------------------------------------------------------------


def clean(text: Any) -> str:
    """User text as a string without control characters (line breaks and tabs kept)."""
    s = "" if text is None else str(text)
    return "".join(ch for ch in s if ch in "\n\t" or ord(ch) >= 0x20)


def escape(text: str) -> str:
    """xml.sax.saxutils.escape (& < >), without the import: saxutils brings urllib.request, http.client
    and ssl with it (~10 ms of a process that makes one PDF)."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def safe(text: Any, font: str | None = None) -> str:
    """User text as Paragraph content: escaped (never markup), line breaks kept. With `font`, the
    characters that font lacks are set in a fallback font that has them, and those no font here
    has are printed as 〓 (the Japanese mark for a character that cannot be printed), never dropped."""
    s = clean(text)
    if font is None:
        return escape(s).replace("\n", "<br/>")
    parts = []
    for name, run in runs(s, font):
        if name == font:
            parts.append(escape(run))
        elif name is None:
            parts.append(MISSING_MARK * len(run))
        else:  # the app's own markup around escaped text
            parts.append(f'<font face="{name}">{escape(run)}</font>')
    return "".join(parts).replace("\n", "<br/>")


MISSING_MARK = "〓"
ELLIPSIS = "…"


# --- the appendix: long text is shortened where it stands and printed whole at the end ---------


@dataclass
class Appendix:
    """The full texts shortened in the body of one document (別紙), and the characters no font prints."""

    entries: list[tuple[str, str]] = field(default_factory=list)
    missing: list[tuple[str, str]] = field(default_factory=list)  # (where, character)

    def add(self, label: str, text: str) -> int:
        for n, entry in enumerate(self.entries, start=1):
            if entry == (label, text):
                return n
        self.entries.append((label, text))
        return len(self.entries)

    def note_missing(self, label: str, text: str, font: str) -> None:
        for ch in missing_characters(text, font):
            if (label, ch) not in self.missing:
                self.missing.append((label, ch))


_appendix: ContextVar[Appendix] = ContextVar("appendix")


def begin_document() -> Appendix:
    """Start collecting the appendix of a new document (each builder calls it first)."""
    appendix = Appendix()
    _appendix.set(appendix)
    return appendix


def current_appendix() -> Appendix:
    try:
        return _appendix.get()
    except LookupError:
        return begin_document()


def _text_width(text: str, font: str, size: float) -> float:
    return sum(_char_width(ch, font, size) for ch in text)


def one_line(text: str, font: str, size: float, width: float) -> str:
    """`text` on one line of `width` points: whole, or cut with …"""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + ELLIPSIS, font, size) > width:
        text = text[:-1]
    return text + ELLIPSIS


def clip_lines(text: str, font: str, size: float, width: float, max_lines: int, label: str) -> list[str]:
    """`text` wrapped to `width`; past `max_lines` lines, the last kept line ends in
    "…(全文は別紙N)" and the full text goes to the appendix under `label`."""
    lines = wrap_lines(text, font, size, width)
    if len(lines) <= max_lines:
        return lines
    n = current_appendix().add(label, text)
    mark = f"{ELLIPSIS}(全文は別添{n})"
    last = lines[max_lines - 1]
    while last and _text_width(last + mark, font, size) > width:
        last = last[:-1]
    return [*lines[: max_lines - 1], last + mark]


def fit(text: Any, style: ParagraphStyle, width: float, max_lines: int, label: str) -> str:
    """User text for a place of `max_lines` lines of `width` points: whole when it fits, otherwise
    shortened with "…" and kept whole in the appendix. Characters no font prints are noted."""
    s = clean(text)
    if not s:
        return s
    current_appendix().note_missing(label, s, style.fontName)
    room = width - style.leftIndent - style.rightIndent - 1
    if len(wrap_lines(s, style.fontName, style.fontSize, room)) <= max_lines:
        return s
    return "\n".join(clip_lines(s, style.fontName, style.fontSize, room, max_lines, label))


def fit_para(text: Any, style: ParagraphStyle, width: float, max_lines: int, label: str) -> Paragraph:
    """A paragraph of user text held to `max_lines` lines (see fit)."""
    return para(fit(text, style, width, max_lines, label), style)


@dataclass(frozen=True)
class Styles:
    font: str
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_right: ParagraphStyle
    cell_center: ParagraphStyle
    heading: ParagraphStyle
    title: ParagraphStyle
    right: ParagraphStyle


@cache
def styles(font: str) -> Styles:
    def ps(name: str, size: float, leading: float, **kw: Any) -> ParagraphStyle:
        # CJK wrapping (kinsoku) with a little right indent for the punctuation it lets hang
        return ParagraphStyle(
            name,
            fontName=font,
            fontSize=size,
            leading=leading,
            wordWrap="CJK",
            rightIndent=kw.pop("rightIndent", 1.5),
            **kw,
        )

    return Styles(
        font=font,
        body=ps("body", 9.5, 14),
        small=ps("small", 8, 11.5),
        cell=ps("cell", 8, 10.5),
        cell_right=ps("cell_right", 8, 10.5, alignment=TA_RIGHT),
        cell_center=ps("cell_center", 8, 10.5, alignment=TA_CENTER),
        # a heading is never left alone at a page foot: it keeps with what follows
        heading=ps(
            "heading",
            11.5,
            16,
            spaceBefore=8,
            spaceAfter=4,
            textColor=colors.HexColor("#1f3a5f"),
            keepWithNext=1,
        ),
        title=ps("title", 20, 26, alignment=TA_CENTER, spaceAfter=6),
        right=ps("right", 9, 13, alignment=TA_RIGHT),
    )


class _Paragraph(Paragraph):  # type: ignore[misc]
    """Paragraph, its lines broken once per width. A table wraps each cell to size its rows and again
    to draw it, a KeepTogether wraps its paragraphs before the frame does: ReportLab's CJK line breaking
    (a fragment per character) was redone each time, a third of a 10-site quote's layout."""

    def breakLinesCJK(self, maxWidths: Any) -> Any:
        if getattr(self, "_splitpara", 0):  # a part of a split paragraph: its lines are given
            return super().breakLinesCJK(maxWidths)
        key = tuple(maxWidths) if isinstance(maxWidths, list | tuple) else (maxWidths,)
        broken: dict[tuple[float, ...], Any] = self.__dict__.setdefault("_broken", {})
        lines = broken.get(key)
        if lines is None:
            lines = _unbroken_lines(self, list(key))
            if lines is None:
                lines = super().breakLinesCJK(maxWidths)
            broken[key] = lines
        self.height = 0  # as breakLinesCJK leaves it (wrap sets it)
        return lines

    def split(self, availWidth: float, availHeight: float) -> Any:
        # splitting appends a space to the last word of each line it keeps (paragraph._split_blParaHard):
        # those lines are never given again, as ReportLab breaks them anew after a split
        self.__dict__.pop("_broken", None)
        return super().split(availWidth, availHeight)


def _unbroken_lines(p: Paragraph, widths: list[float]) -> Any:
    """ReportLab's CJK lines (paragraph.cjkFragSplit) of a paragraph of several fragments — text runs
    and <br/> — when no line is wider than its width: exactly what cjkFragSplit makes of them (the same
    FragLines, words and float sums), without its object per character. The app's texts are mostly
    such (whole_para and keep_whole break them where they must). None for anything else: a line to
    break by width (kinsoku), an image or a bullet, autoLeading, a single fragment (ReportLab's own
    quick path): ReportLab breaks those."""
    from reportlab.lib.rl_accel import sameFrag
    from reportlab.platypus import paragraph as rp

    frags, style = p.frags, p.style
    if (
        len(frags) < 2
        or getattr(p, "bulletText", None)
        or getattr(p, "autoLeading", getattr(style, "autoLeading", "")) not in ("", "off")
    ):
        return None
    width_of = rp.stringWidth
    fuzz = rp._FUZZ
    lines: list[Any] = []
    pieces: list[tuple[Any, str]] = []
    used: float = 0
    room = widths[0]

    def line(extra: float, line_break: bool) -> Any:
        words: list[Any] = []
        chars: list[str] = []
        f0: Any = rp.FragLine()
        size = ascent = descent = 0
        for f, text in pieces:  # makeCJKParaLine, a run of characters of one fragment at a time
            a, d = rp.getAscentDescent(f.fontName, f.fontSize)
            size, ascent, descent = max(size, f.fontSize), max(ascent, a), min(descent, d)
            if not sameFrag(f0, f):
                f0 = f0.clone()
                f0.text = "".join(chars)
                words.append(f0)
                chars = []
                f0 = f
            chars.append(text)
        if chars:
            f0 = f0.clone()
            f0.text = "".join(chars)
            words.append(f0)
        return rp.FragLine(
            kind=1, extraSpace=extra, wordCount=1, words=words[1:], fontSize=size, ascent=ascent,
            descent=descent, maxWidth=room, currentWidth=used, lineBreak=line_break,
        )

    for f in frags:
        text = getattr(f, "text", None)
        line_break = hasattr(f, "lineBreak")
        if not isinstance(text, str) or hasattr(f, "cbDefn") or (line_break and text):
            return None
        # the widths summed one character at a time (an empty fragment counts once), as cjkFragSplit does
        for ch in text or (text,):
            used += width_of(ch, f.fontName, f.fontSize)
            if used > room + fuzz and used > 0:
                return None  # a line to break by width: ReportLab's rules
        pieces.append((f, text))
        if line_break:  # <br/>: the line ends with it
            lines.append(line(room - used, True))
            room = widths[len(lines)] if len(lines) < len(widths) else widths[-1]
            pieces, used = [], 0
    if used > 0:
        lines.append(line(room - used, False))
    return rp.ParaLines(kind=1, lines=lines)


def para(text: Any, style: ParagraphStyle) -> Paragraph:
    return _Paragraph(safe(text, style.fontName), style)


@cache
def _char_width(ch: str, font: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return float(stringWidth(ch, font, size))


def wrap_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """Break text into lines that fit `width`, with ReportLab's CJK line splitting (kinsoku:
    closing punctuation never starts a line) on cached glyph widths."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    out: list[str] = []
    for line in text.split("\n"):
        # most lines fit: measured whole (in C) first; the glyph-by-glyph sum decides only near the edge
        if stringWidth(line, font, size) <= width - _EDGE:
            out.append(line)
        else:
            out.extend(_wrap_line(line, font, size, width))
    return out


@lru_cache(maxsize=4096)
def _wrap_line(line: str, font: str, size: float, width: float) -> tuple[str, ...]:
    """One line broken to `width` (a list's option and device texts recur from site to site)."""
    from reportlab.lib.textsplit import dumbSplit

    widths = [_char_width(ch, font, size) for ch in line]
    if sum(widths) <= width:
        return (line,)
    if " " in line:  # words in Latin letters (a device's model) are not broken where a space allows
        return tuple(_fill(_ATOM.findall(line), font, size, width))
    return tuple(str(part[1]).strip() for part in dumbSplit(line, widths, width))


#: how far (points) inside the width a whole-line measure must be to count as fitting: far more than
#: the rounding between summing glyph widths and measuring the line at once (~1e-12 pt)
_EDGE = 1e-6


#: a word in Latin letters or digits, a space, or any other single character
_ATOM = re.compile(r"[!-~]+|\s|.")


def _fill(atoms: list[str], font: str, size: float, width: float) -> list[str]:
    """Lines of at most `width` filled with atoms in order, a line broken only between atoms (a word
    longer than a line is broken in it); what never starts a line (、。) stays at the end of the line
    before (kinsoku, as ReportLab's CJK splitting does)."""
    lines: list[str] = []
    line, used = "", 0.0
    for atom in atoms:
        w = _text_width(atom, font, size)
        if w > width and not atom.isspace():  # a word wider than a line: broken in it
            for ch in atom:
                cw = _char_width(ch, font, size)
                if line and used + cw > width:
                    lines.append(line.strip())
                    line, used = "", 0.0
                line, used = line + ch, used + cw
        elif line and used + w > width and not atom.isspace() and atom[0] not in _NO_LINE_START:
            lines.append(line.strip())
            line, used = atom, w
        else:
            line, used = line + atom, used + w
    lines.append(line.strip())
    return lines


CELL_LINES = 12
#: the control characters a cell drops (every one below U+0020 but the line break)
_CELL_CONTROLS = dict.fromkeys(n for n in range(0x20) if n != 0x0A)


def cell(
    text: Any, style: ParagraphStyle, width: float, label: str = "表の記載", max_lines: int = CELL_LINES
) -> str | Paragraph:
    """A table cell as plain text — drawn as is, never parsed as markup — wrapped to the column and
    held to `max_lines` lines (the rest in the appendix, see fit), so that no row outgrows a page.

    Plain multi-line cells are much faster for ReportLab to lay out than paragraphs, which matters
    for the site list of a 1,000-site form; a cell with characters the main font lacks becomes a
    paragraph that sets them in a fallback font."""
    s = "" if text is None else str(text)
    s = s.translate(_CELL_CONTROLS)
    room = width - 8  # the list tables' cell padding (4 + 4)
    lines = clip_lines(s, style.fontName, style.fontSize, room, max_lines, label)
    out = "\n".join(lines)
    main = covered(style.fontName)
    if main is not None and not main.issuperset(map(ord, s.replace("\n", ""))):
        current_appendix().note_missing(label, s, style.fontName)
        return para(out, style)
    return out


#: the padding of a list table's cell (left + right), as form._one_table sets it
CELL_PAD = 8.0
#: a column's widest line is found among its longest lines by characters
_WIDEST_BY_LENGTH = 40
#: the rows on which the wrapping columns' lines are counted: an even sample, and the rows that hold
#: each wrapping column's longest cells
_SAMPLE_ROWS = 24
_LONGEST_ROWS = 4
#: the steps in which the width left is handed to the wrapping columns
_GRID_STEPS = 12


def _widest(texts: list[str], font: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    longest = sorted(set(texts), key=len, reverse=True)[:_WIDEST_BY_LENGTH]
    return max((float(stringWidth(t, font, size)) for t in longest), default=0.0)


def content_widths(
    header: list[str],
    rows: list[list[Any]],
    style: ParagraphStyle,
    total: float,
    wrap: tuple[int, ...] = (),
    cap: float = 0.45,
) -> list[float]:
    """Column widths from what the columns hold, adding up to `total` (points), for the list tables
    (plain cells wrapped by common.cell, 8 pt of padding).

    A header never breaks: every column is at least as wide as its header. A column not in `wrap`
    (numbers, dates, device names, network addresses) is as wide as its widest line, so that nothing
    in it breaks (up to `cap` of the table, past which it wraps). A column in `wrap` (addresses, long
    lists) is at least as wide as its widest word (see _words: a site's name, an option's name, a
    device's model), never broken; the rest of its lines (an address) may wrap. The width left
    goes to the wrapping columns, split so that the rows take the fewest lines in all: every split on
    a grid is tried, the lines counted as common.cell wraps them on a sample of rows and on the rows
    with the longest cells, so a 1,000-row list costs a few milliseconds."""
    font, size = style.fontName, style.fontSize
    ncols = len(header)
    columns: list[list[str]] = [[] for _ in range(ncols)]
    for row in rows:
        for c in range(ncols):
            value = row[c]
            columns[c].append(value if isinstance(value, str) else "")
    limit = cap * total
    pad = CELL_PAD + 0.5  # a plain cell: its text and the padding (form._one_table, common.cell)
    # a header is a paragraph: it breaks only where it has a line break
    head = [_widest(h.split("\n"), font, size) + pad + style.rightIndent + 1 for h in header]
    widths: list[float] = []
    for c in range(ncols):
        lines = [line for text in columns[c] for line in text.split("\n")]
        if c in wrap:  # what a wrapping column never breaks: its words
            lines = _words(columns[c], lines)
        widths.append(max(head[c], min(_widest(lines, font, size) + pad, limit)))
    slack = total - sum(widths)
    if slack < 0:  # too wide: the wrapping columns give up their floors first, never their headers
        widths = _lower_floors(widths, head, wrap, -slack)
        slack = total - sum(widths)
    if slack < 0 or not wrap:  # too wide even so, or nothing wraps: every column in proportion
        scale = total / sum(widths)
        return [w * scale for w in widths]
    stride = max(1, len(rows) // _SAMPLE_ROWS)
    sample = set(range(0, len(rows), stride))
    for c in wrap:
        lengths = list(map(len, columns[c]))
        sample.update(heapq.nlargest(_LONGEST_ROWS, range(len(rows)), key=lengths.__getitem__))
    picked = sorted(sample)
    grid = slack / _GRID_STEPS
    counts = {
        c: _line_counts([columns[c][r] for r in picked], widths[c] - CELL_PAD, grid, font, size) for c in wrap
    }
    best: tuple[int, ...] = (0,) * len(wrap)
    best_key = None
    for split in _splits(_GRID_STEPS, len(wrap)):
        per_col = [counts[c][k] for c, k in zip(wrap, split, strict=True)]
        # the fewest lines of rows, then of cells (no name wrapped in a row tall anyway), then evenest
        key = (sum(map(max, zip(*per_col, strict=True))), sum(map(sum, per_col)), max(split))
        if best_key is None or key < best_key:
            best, best_key = split, key
    for c, k in zip(wrap, best, strict=True):
        widths[c] += k * grid
    return widths


def _lower_floors(
    widths: list[float], head: list[float], wrap: tuple[int, ...], excess: float
) -> list[float]:
    """`widths` with the floors of the wrapping columns lowered by `excess` in all (or as far as their
    headers allow), the widest first: one long word (a site's name of 50 characters) wraps, and the
    short ones of the other columns (an option's name) stay whole. The columns that do not wrap (a
    network address, a device) keep their widths."""
    room = sum(max(0.0, widths[c] - head[c]) for c in wrap)
    if room <= excess:
        return [head[c] if c in wrap else w for c, w in enumerate(widths)]

    def given(level: float) -> float:
        return sum(max(0.0, widths[c] - max(level, head[c])) for c in wrap)

    low, high = 0.0, max(widths[c] for c in wrap)  # the level every floor is cut to: given() falls with it
    for _ in range(60):
        mid = (low + high) / 2
        low, high = (mid, high) if given(mid) > excess else (low, mid)
    return [min(w, max(high, head[c])) if c in wrap else w for c, w in enumerate(widths)]


def _line_counts(texts: list[str], room: float, grid: float, font: str, size: float) -> list[list[int]]:
    """The lines each text takes, wrapped as common.cell wraps it, at `room` + k * `grid` points for k in
    0.._GRID_STEPS: [k][text]. The glyph widths are looked up once a text."""
    from reportlab.lib.textsplit import dumbSplit

    measured = [
        [(line, [_char_width(ch, font, size) for ch in line]) for line in text.split("\n")] for text in texts
    ]
    out = []
    for k in range(_GRID_STEPS + 1):
        width = room + k * grid
        out.append(
            [
                sum(1 if sum(ws) <= width else len(dumbSplit(line, ws, width)) for line, ws in lines)
                for lines in measured
            ]
        )
    return out


_LATIN_WORD = re.compile(r"[!-~]+")
#: a line without a space up to this many characters is a word (an option's or a provider's name),
#: longer it is a sentence or an address, which may wrap
_WORD_CHARS = 12


def _words(cells: list[str], lines: list[str]) -> list[str]:
    """The words of a wrapping column, never broken: the first line of a multi-line cell (the name that
    heads it: a site's name), a short line without a space (an option's name), a word in Latin letters
    or digits (a device's model, an address on the network)."""
    out = [text.split("\n", 1)[0] for text in cells if "\n" in text]
    out += [line for line in lines if " " not in line and len(line) <= _WORD_CHARS]
    out += [w for line in set(lines) for w in _LATIN_WORD.findall(line)]
    return out


def _splits(steps: int, parts: int) -> Any:
    """Every way to hand out `steps` (all of them) to `parts` columns."""
    if parts == 1:
        yield (steps,)
        return
    for k in range(steps + 1):
        for rest in _splits(steps - k, parts - 1):
            yield (k, *rest)


def _line_widths(text: str, font: str, size: float) -> list[float]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return [float(stringWidth(line, font, size)) + 1 for line in text.split("\n")]


def markup_para(trusted_markup: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of the app's own markup (never user text: use para for that)."""
    return _Paragraph(trusted_markup, style)


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
    #: a quote is issued only with the issuer's company, address, phone, person and 登録番号 set
    #: (otherwise refused with a message saying what to set); a draft is made without them
    require_issuer: bool = False
    #: the approval of the quote's revision (承認済): (approver, YYYY-MM-DD), printed as a stamp box
    #: beside the issuer (configurator.team.local.TeamLocal.approval_stamp gives it)
    approval: tuple[str, str] | None = None


def format_day(d: dt.date, wareki: bool) -> str:
    from configurator.text.jpformat import format_date, format_wareki

    return format_wareki(d) if wareki else format_date(d)


def tariff_as_of(tariff: dict[str, Any], wareki: bool) -> str:
    """The date a tariff's text is of, in the document's date style: 「2024年8月1日現在」 or
    「令和6年8月1日現在」 (the catalogue's effective_date; its "as_of" text is in 和暦 only)."""
    try:
        return format_day(dt.date.fromisoformat(str(tariff["effective_date"])), wareki) + "現在"
    except (KeyError, ValueError):
        return str(tariff.get("as_of") or "")


#: what a line never breaks inside: a date (西暦 or 和暦, 〜 a second date), an article
#: (第N条第M項第K号), an amount, a word in Latin letters or digits
_WHOLE = re.compile(
    r"(?:明治|大正|昭和|平成|令和)?[\d元]+年\d+月\d+日(?:現在)?"
    r"|第\d+条(?:の\d+)?(?:第\d+項)?(?:第\d+号)?"
    r"|[\d,]+円"
    r"|[A-Za-z0-9][A-Za-z0-9.,:/%\-]*"
)
#: what never starts a line (kinsoku): it stays at the end of the line before
#: what never ends a line: it goes to the next line with what it opens
_NO_LINE_END = set("(（「『【〔")
_NO_LINE_START = set("、。,.)）」』】〕・:：;；!！?？ーぁぃぅぇぉっゃゅょァィゥェォッャュョ％%")


def keep_whole(text: str, font: str, size: float, width: float) -> str:
    """`text` with line breaks put where a paragraph of `width` points breaks it, but never inside a
    date, an article, an amount or a Latin word (ReportLab's CJK wrapping breaks between any two
    Japanese characters: 「令和6/年8月1日」). Each line is kept a character short of the width, for
    the closing punctuation that hangs at a line's end."""
    atoms: list[str] = []
    pos = 0
    for m in _WHOLE.finditer(text):
        atoms.extend(text[pos : m.start()])
        atoms.append(m.group())
        pos = m.end()
    atoms.extend(text[pos:])
    room = width - size
    lines: list[str] = []
    line, used = "", 0.0
    for atom in atoms:
        w = _text_width(atom, font, size)
        if atom == "\n":
            lines.append(line)
            line, used = "", 0.0
        elif line and used + w > room and atom[0] not in _NO_LINE_START:
            carry = line[-1] if line[-1] in _NO_LINE_END else ""  # an opening bracket goes along
            lines.append(line[: len(line) - len(carry)])
            line = carry + atom.lstrip(" ")
            used = _text_width(line, font, size)
        else:
            line, used = line + atom, used + w
    lines.append(line)
    return "\n".join(lines)


#: a list split across pages keeps at least this many items on each side (and its heading with the first)
KEEP_ITEMS = 3


def kept_list(heading: Any, items: list[Any]) -> list[Any]:
    """A heading and its numbered items for a story: never the heading with fewer than KEEP_ITEMS items
    at a page's foot, nor fewer than KEEP_ITEMS items alone at the top of the next page (a lone last
    remark on a page of its own before). A short list is kept whole."""
    from reportlab.platypus import KeepTogether

    if len(items) < 2 * KEEP_ITEMS:
        return [KeepTogether([heading, *items])]
    return [
        KeepTogether([heading, *items[:KEEP_ITEMS]]),
        *items[KEEP_ITEMS:-KEEP_ITEMS],
        KeepTogether(items[-KEEP_ITEMS:]),
    ]


def whole_para(text: Any, style: ParagraphStyle, width: float) -> Paragraph:
    """A paragraph of the app's text (escaped like para) that never breaks a date, an article or an
    amount across lines (see keep_whole)."""
    room = width - style.leftIndent - style.rightIndent
    return para(keep_whole(clean(text), style.fontName, style.fontSize, room), style)


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
    #: the archival record (PDF/A-3b) written with the file, or None for a plain PDF
    archival: Any = None


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
            self.drawString(
                MARGIN,
                height - 9 * mm + (0 if not (d.font.warning and number == 1) else -9),
                "【下書き】この書類は正式なものではありません",
            )
            self.setFillColor(colors.Color(0.8, 0.1, 0.1, alpha=0.16))
            self.setFont(font, 120)
            self.translate(width / 2, height / 2)
            self.rotate(35)
            self.drawCentredString(0, -40, "下書き")
        self.restoreState()

    def _embed(self) -> None:
        d = self._deco
        if d.archival is not None:  # the order, the title, the author... as the archival record has them
            from configurator.documents.pdfa import write_archival

            write_archival(self._doc, d.order_bytes, d.archival)
            return
        from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFString

        doc = self._doc
        stream = PDFStream(
            PDFDictionary(
                {
                    "Type": PDFName("EmbeddedFile"),
                    "Subtype": PDFName("application#2Fjson"),
                    "Params": PDFDictionary({"Size": len(d.order_bytes)}),
                }
            ),
            content=d.order_bytes,
        )
        spec = PDFDictionary(
            {
                "Type": PDFName("Filespec"),
                "F": PDFString(ATTACHMENT_NAME),
                "UF": PDFString(ATTACHMENT_NAME),
                "Desc": PDFString("IIJ order document (iij-order/1)"),
                "AFRelationship": PDFName("Source"),
                "EF": PDFDictionary({"F": doc.Reference(stream)}),
            }
        )
        ref = doc.Reference(spec)
        names = PDFDictionary(
            {"EmbeddedFiles": PDFDictionary({"Names": PDFArray([PDFString(ATTACHMENT_NAME), ref])})}
        )
        self.setCatalogEntry("Names", names)
        self.setTitle(d.title)
        self.setSubject(d.subject)
        self.setCreator(CREATOR)
        self.setAuthor(CREATOR)
        self.setKeywords(d.keywords)


def order_bytes(order: dict[str, Any]) -> bytes:
    """The order as attached to every PDF: json.dumps(order, ensure_ascii=False, indent=2) and a line end."""
    try:
        text = _indented_json(order)
    except _NotPlainJson:
        text = json.dumps(order, ensure_ascii=False, indent=2)
    return text.encode("utf-8") + b"\n"


class _NotPlainJson(Exception):
    pass


def _indented_json(value: Any) -> str:
    """json.dumps(value, ensure_ascii=False, indent=2), the same text 2.5x faster (json's C encoder
    is not used with an indent): a 1,000-site order in 9 ms instead of 22. Only dicts with string
    keys, lists, strings, ints, floats, booleans and None; anything else raises _NotPlainJson."""
    from json.encoder import encode_basestring

    parts: list[str] = []
    append = parts.append

    def walk(o: Any, ind: str) -> None:
        t = type(o)
        if t is str:
            append(encode_basestring(o))
        elif t is dict:
            if not o:
                append("{}")
                return
            inner = ind + "  "
            sep = "{" + inner
            for k, v in o.items():
                if type(k) is not str:
                    raise _NotPlainJson
                append(sep + encode_basestring(k) + ": ")
                sep = "," + inner
                walk(v, inner)
            append(ind + "}")
        elif t is list:
            if not o:
                append("[]")
                return
            inner = ind + "  "
            sep = "[" + inner
            for v in o:
                append(sep)
                sep = "," + inner
                walk(v, inner)
            append(ind + "]")
        elif o is None:
            append("null")
        elif o is True:
            append("true")
        elif o is False:
            append("false")
        elif t is int:
            append(int.__repr__(o))
        elif t is float and o == o and o not in (float("inf"), float("-inf")):
            append(float.__repr__(o))
        else:
            raise _NotPlainJson

    walk(value, "\n")
    return "".join(parts)


def canvas_maker(decoration: Decoration) -> Callable[..., Canvas]:
    # the initial font is ours, so no unembedded Helvetica is referenced by any page
    extra: dict[str, Any] = {}
    if decoration.archival is not None:
        from configurator.documents.pdfa import PDF_VERSION

        extra["pdfVersion"] = PDF_VERSION
    return partial(DecoratedCanvas, decoration=decoration, initialFontName=decoration.font.name, **extra)


def keywords_for(data: bytes, price_book_version: str | None) -> str:
    words = [KEYWORD_PREFIX + hashlib.sha256(data).hexdigest()]
    if price_book_version:
        words.append(f"price-book:{price_book_version}")
    return " ".join(words)


def render_pdf(
    story: list[Any],
    *,
    font: FontChoice,
    document: dict[str, Any],
    title: str,
    number: str,
    draft: bool,
    sample: bool = False,
    price_book_version: str | None = None,
    author: str = "",
    date: dt.date | None = None,
    search_keys: dict[str, str] | None = None,
    number_label: str = "見積番号",
) -> bytes:
    """Lay out a story on A4 pages with the page decoration, embedding `document`: every document's end.
    `number_label` says what `number` is, in the PDF's subject (the contract's quote number on a change
    or cancellation form).

    The appendix collected since begin_document() (the full texts shortened in the body, the
    characters no font prints) is printed at the end. With `date` (every document has its issue
    date), the file is the archival record of documents/pdfa.py, dated by it."""
    from reportlab import rl_config
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    # page and font streams Flate-compressed only, not also ASCII85-encoded (25% larger, for 7-bit mail)
    rl_config.useA85 = 0
    # the same list, consumed as it is laid out (ReportLab takes each flowable off its front): a page's
    # tables are freed once drawn, not kept by the caller's list to the end (10,000 sites: ~45 MB)
    story.extend(appendix_story(current_appendix(), styles(font.name)))
    out = io.BytesIO()
    data = order_bytes(document)
    footer = f"{title} {number}"
    if _text_width(footer, font.name, 8) > PAGE[0] / 2:  # the footer leaves room for the page number
        footer = wrap_lines(footer, font.name, 8, PAGE[0] / 2)[0] + ELLIPSIS
    deco = Decoration(
        font=font,
        footer=footer,
        draft=draft,
        sample=sample,
        order_bytes=data,
        title=f"{title} {document.get('title') or ''}".strip(),
        subject=f"{number_label} {number}",
        keywords=keywords_for(data, price_book_version),
    )
    if date is not None:  # the archival record (PDF/A-3b), written by the canvas with the pages
        from configurator.documents import pdfa

        deco.archival = pdfa.Archival(
            title=deco.title,
            author=author,
            subject=deco.subject,
            keywords=deco.keywords,
            creator=CREATOR,
            date=date,
            attachment_name=ATTACHMENT_NAME,
            embeddable=font.embedded,
            search_keys=search_keys or {},
        )
    doc = BaseDocTemplate(
        out,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=FRAME_MARGIN_V,
        bottomMargin=FRAME_MARGIN_V,
        invariant=1,
        title=deco.title,
        subject=deco.subject,
        creator=CREATOR,
        initialFontName=font.name,
    )
    doc.addPageTemplates(
        [
            PageTemplate(
                id="page",
                frames=[
                    Frame(
                        MARGIN,
                        FRAME_MARGIN_V,
                        PAGE[0] - 2 * MARGIN,
                        FRAME_H,
                        leftPadding=0,
                        rightPadding=0,
                        topPadding=0,
                        bottomPadding=0,
                    )
                ],
            )
        ]
    )
    doc.build(story, canvasmaker=canvas_maker(deco))
    return out.getvalue()


def appendix_story(appendix: Appendix, st: Styles) -> list[Any]:
    """別紙: each shortened text in full, and the characters that could not be printed."""
    from reportlab.platypus import CondPageBreak, Spacer

    out: list[Any] = []
    if appendix.missing:
        out += [
            CondPageBreak(30 * mm),
            markup_para("印刷できない文字", st.heading),
            para(
                "次の文字は、この環境のフォントにないため 〓 と印刷しています。"
                "原本の注文データ(このPDFに添付)には正しく記録されています。",
                st.small,
            ),
        ]
        out += [para(f"・{where}: 「{ch}」(U+{ord(ch):04X})", st.small) for where, ch in appendix.missing]
    if appendix.entries:
        out += [
            CondPageBreak(40 * mm),
            markup_para("別添 省略した記載の全文", st.heading),
            para("本文の欄に収まらないため「…」で省略した記載を、ここに全文で示します。", st.small),
        ]
        for n, (label, text) in enumerate(appendix.entries, start=1):
            out += [Spacer(1, 2 * mm), para(f"別添{n} {label}", st.body), para(text, st.small)]
    return out


def unprintable_characters(
    document: Any, font_path: str | None = None, font_index: int = 0
) -> list[tuple[str, str]]:
    """(JSON pointer, character) for each character of the document's text that no font here can
    print (the PDF shows 〓 for it): for validate and an export's warning to name field and character.
    The same walk and table as validate's (configurator.documents.coverage), for the font registered."""
    from configurator.documents.coverage import unprintable_fields
    from configurator.documents.fonts import japanese_font, printable

    choice = japanese_font(font_path, font_index)
    codes = printable(None if choice.path is None else (choice.path, choice.index))
    return [] if codes is None else unprintable_fields(document, codes)  # None: a CID font prints all


# --- output ---------------------------------------------------------------------------------------


def write_pdf(path: str | os.PathLike[str], data: bytes) -> None:
    """Write the PDF whole or not at all, with a clear message when the place cannot be written."""
    target = Path(path)
    if target.is_dir():
        raise KnownError(
            f"{target} はフォルダです。PDFのファイル名を指定してください。", f"{target} is a folder."
        )
    from configurator.store.files import WriteError

    try:
        atomic_write(target, data)
    except WriteError as exc:  # it says what to change already; "denied" is also a PDF open in a viewer
        if not exc.denied:
            raise
        raise KnownError(
            f"{target} に書き込めません(書き込む権限がないか、PDFビューアなどで開かれています)。"
            "開いていれば閉じてから、または別の場所を指定して、もう一度作成してください。",
            f"Cannot write {target} (no permission, or it is open in a PDF viewer). Close it, or give "
            "another place, and try again.",
        ) from None
    except OSError as exc:
        raise KnownError(
            f"{target} に保存できません({exc.strerror})。空き容量や保存先を確認してください。",
            f"Cannot write {target}.",
        ) from None
