"""A ReportLab table that draws its plain-text cells faster, byte for byte as Table draws them.

A 1,000-site 申込書 draws about 18,000 lines of plain cell text. ReportLab's Table draws each line
with Canvas.drawString, which builds a text object, measures the line (even when it is left-aligned
and the width is not used) and looks the font up twice. ListTable writes the same PDF operators
("BT 1 0 0 1 x y Tm /F 8 Tf 10.5 TL (…) Tj T* ET") straight to the page, so the file is identical;
every other cell (paragraphs, flowables, links, right-to-left text, non-TrueType fonts) is left to
ReportLab. tests/test_documents_tables.py checks the bytes against Table's own.
"""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.platypus import Table
from reportlab.platypus.tables import CellStyle, _setCellStyle

#: from a table's top to the baseline of the line drawn above it (ListTable.above), in points
ABOVE_GAP = 5.0


class ListTable(Table):  # type: ignore[misc]
    """Table, with plain-text cells written directly as the PDF operators drawString would write.
    `above`: a line drawn just above the table, outside its box (a list's caption 「…(続き)」 over a
    table at the top of a page, in the page's top margin: it takes no row from the page), as
    (plain text or a Paragraph, font, size, colour)."""

    _curcellstyle: Any  # Table.draw sets it to None; _drawCell keeps the style last set on the canvas
    above: tuple[Any, str, float, Any] | None = None
    #: the cells' own style class: what a command sets on every cell is set on it once
    _shared_style: Any = None

    def __init__(self, data: Any, *args: Any, cellStyles: Any = None, **kw: Any) -> None:
        # ReportLab sets a style command on each cell it covers, one call per cell and command: a
        # 1,000-site 申込書 made 228,000 of them for the six commands over whole tables (font, valign,
        # paddings). Here the cells are instances of a class of this table's own, and a command over
        # the whole table sets its attributes on that class, once (what each cell reads is the same).
        if cellStyles is None and isinstance(data, (list, tuple)) and data:
            shared: Any = type("ListCellStyle", (CellStyle,), {"name": "cell"})
            ncols = max(len(row) for row in data)
            make = object.__new__  # no __init__: every attribute comes from the class until set
            cellStyles = [[make(shared) for _ in range(ncols)] for _ in data]
            self._shared_style = shared
            self._per_cell: set[str] = set()
        super().__init__(data, *args, cellStyles=cellStyles, **kw)

    def _addCommand(self, cmd: Any) -> None:
        shared = self._shared_style
        attrs = _CELL_ATTRS.get(cmd[0]) if shared is not None else None
        if attrs is not None:
            # only while no command before set one of these attributes on some cells alone: a later
            # command overrides an earlier one, and a cell's own attribute would hide the class's
            if tuple(cmd[1]) == (0, 0) and tuple(cmd[2]) == (-1, -1) and self._per_cell.isdisjoint(attrs):
                _setCellStyle([[shared]], 0, 0, cmd[0], cmd[3:])
                return
            self._per_cell.update(attrs)
        super()._addCommand(cmd)

    def normalizeData(self, data: Any) -> list[list[Any]]:
        """Table's: each row copied, None as "" and bytes as text; a row of neither (every row here:
        text and flowables) copied whole instead of three calls a cell."""
        out = []
        for row in data:
            kinds = set(map(type, row))
            if type(None) in kinds or bytes in kinds:
                out.extend(super().normalizeData([row]))
            else:
                out.append(list(row))
        return out

    def _calc_height(self, availHeight: float, availWidth: float, H: Any = None, W: Any = None) -> Any:
        # Table works a row's height out cell by cell; a row of plain text (most rows here) is its
        # tallest cell's lines x leading plus padding, the same sum in the same order, worked out here
        # in one pass and given to Table as that row's height for this layout only
        arg: list[Any] = getattr(self, "_argH")  # noqa: B009  (set by Table: no type here)
        if None not in arg or self._spanCmds or self._minRowHeights:
            return super()._calc_height(availHeight, availWidth, H, W)
        known = list(arg)
        rows = zip(arg, self._cellvalues, self._cellStyles, strict=True)
        for i, (given, values, styles) in enumerate(rows):
            if given is None and all(type(v) is str for v in values):
                h = 0
                for v, s in zip(values, styles, strict=True):
                    t = (s.leading or 1.2 * s.fontsize) * (v.count("\n") + 1)
                    t += s.bottomPadding + s.topPadding
                    if t > h:
                        h = t
                known[i] = h
        self._argH = known
        try:
            got = super()._calc_height(availHeight, availWidth, H, W)
        finally:
            self._argH = arg
        if None not in known:  # Table keeps the heights it worked out (a copy of the rows given)
            self._rowHeights = known
        return got

    def draw(self) -> None:
        super().draw()
        if self.above is None:
            return
        value, font, size, colour = self.above
        canv = self.canv
        canv.saveState()
        if isinstance(value, str):  # user text: drawn as is, never markup
            canv.setFont(font, size)
            canv.setFillColor(colour)
            canv.drawString(0, self._height + ABOVE_GAP, value)
        else:  # a Paragraph (characters the main font lacks, in a fallback font)
            _w, h = value.wrapOn(canv, self._width, size * 2)
            value.drawOn(canv, 0, self._height + ABOVE_GAP - h + size)
        canv.restoreState()

    def _drawCell(
        self, cellval: Any, cellstyle: Any, pos: tuple[float, float], size: tuple[float, float]
    ) -> None:
        canv = self.canv
        if (
            not isinstance(cellval, str)
            or cellstyle.alignment not in ("LEFT", "RIGHT", "CENTRE", "CENTER")
            or cellstyle.valign not in ("TOP", "MIDDLE", "BOTTOM")
            or cellstyle.href
            or cellstyle.destination
            or cellstyle.direction
            or cellstyle.shaping
            or not canv.bottomup
            or getattr(cellval, "onDraw", None)
        ):
            super()._drawCell(cellval, cellstyle, pos, size)
            return
        # the cell style, as Table._drawCell sets it
        cur: Any = self._curcellstyle
        if cur is not cellstyle:
            if cur is None or cellstyle.color != cur.color:
                canv.setFillColor(cellstyle.color)
            if (
                cur is None
                or cellstyle.leading != cur.leading
                or cellstyle.fontname != cur.fontname
                or cellstyle.fontsize != cur.fontsize
            ):
                canv.setFont(cellstyle.fontname, cellstyle.fontsize, cellstyle.leading)
            self._curcellstyle = cellstyle
        # the text state of a fresh text object: the canvas's font, size and leading
        name, size_now, leading_now = canv._fontname, canv._fontsize, canv._leading
        font = getFont(name)
        if not font._dynamicFont or font.shapable:  # only an unshaped TrueType font is written here
            super()._drawCell(cellval, cellstyle, pos, size)  # the style is set: Table skips it
            return
        just = cellstyle.alignment
        colpos, rowpos = pos
        colwidth, rowheight = size
        if just == "LEFT":
            x = colpos + cellstyle.leftPadding
        elif just == "RIGHT":
            x = colpos + colwidth - cellstyle.rightPadding
        else:
            x = colpos + (colwidth + cellstyle.leftPadding - cellstyle.rightPadding) * 0.5
        vals = cellval.split("\n")
        leading = cellstyle.leading
        fontsize = cellstyle.fontsize
        valign = cellstyle.valign
        if valign == "BOTTOM":
            y = rowpos + cellstyle.bottomPadding + len(vals) * leading - fontsize
        elif valign == "TOP":
            y = rowpos + rowheight - cellstyle.topPadding - fontsize
        else:  # MIDDLE
            y = (
                rowpos
                + (cellstyle.bottomPadding + rowheight - cellstyle.topPadding + len(vals) * leading) / 2.0
            )
            y -= fontsize
        doc = canv._doc
        shown = _shown.get(doc)
        if shown is None:
            shown = _shown[doc] = {}
        code = canv._code
        for line in vals:
            if just == "LEFT":
                at = x
            else:
                width = stringWidth(line, name, size_now)
                at = x - width if just == "RIGHT" else x - 0.5 * width
            key = (name, size_now, leading_now, line)
            text = shown.get(key)
            if text is None:
                text = shown[key] = _show(font, canv, line, size_now, leading_now)
            code.append(f"BT 1 0 0 1 {fp_str(at, y)} Tm {text} T* ET")
            y -= leading


#: the cell style commands of ReportLab's _setCellStyle and the attributes each sets
_CELL_ATTRS: dict[str, tuple[str, ...]] = {
    "FONT": ("fontname", "fontsize", "leading"),
    "FONTNAME": ("fontname",),
    "FACE": ("fontname",),
    "SIZE": ("fontsize",),
    "FONTSIZE": ("fontsize",),
    "LEADING": ("leading",),
    "TEXTCOLOR": ("color",),
    "ALIGN": ("alignment",),
    "ALIGNMENT": ("alignment",),
    "VALIGN": ("valign",),
    "LEFTPADDING": ("leftPadding",),
    "RIGHTPADDING": ("rightPadding",),
    "TOPPADDING": ("topPadding",),
    "BOTTOMPADDING": ("bottomPadding",),
    "HREF": ("href",),
    "DESTINATION": ("destination",),
    "DIRECTION": ("direction",),
    "SHAPING": ("shaping",),
}

#: per PDF being written: (font, size, leading, line) -> the operators that show the line. A line's
#: glyph codes are fixed once its characters have their place in the font's subsets, which happens
#: the first time they are shown in that document (TTFont.splitString), and never change after.
_shown: WeakKeyDictionary[Any, dict[tuple[str, float, float, str], str]] = WeakKeyDictionary()


def _show(font: Any, canv: Any, line: str, size: float, leading: float) -> str:
    """The text operators of PDFTextObject._formatText for an unshaped TrueType font."""
    doc = canv._doc
    tmpl = f"{fp_str(size)} Tf {fp_str(leading)} TL"
    current = -1
    out = []
    for subset, chunk in font.splitString(line, doc):
        if subset != current:
            out.append(f"{font.getSubsetInternalName(subset, doc)} {tmpl}")
            current = subset
        out.append(f"({canv._escape(chunk)}) Tj")
    return " ".join(out)


def label_cell(text: str, style: Any, room: float) -> Any:
    """The app's own short label (a list's column heading) as a plain string when it fits on one line
    of `room` points (the column less its padding) and the main font prints it, else a Paragraph.
    A plain string is laid out and drawn many times faster, and where a left-aligned one-line
    Paragraph would stand: same baseline, same x."""
    from reportlab.lib.enums import TA_LEFT

    from configurator.documents.common import para
    from configurator.documents.fonts import covered

    main = covered(style.fontName)
    if (
        style.alignment == TA_LEFT
        and "\n" not in text
        and main is not None
        and main.issuperset(map(ord, text))
        and stringWidth(text, style.fontName, style.fontSize) <= room - style.leftIndent - style.rightIndent
    ):
        return text
    return para(text, style)
