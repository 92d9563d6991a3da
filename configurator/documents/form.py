"""申込書: the application form PDF, one form per order with a section per service, contract and site."""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Spacer,
    Table,
    TableStyle,
)

from configurator.documents.address import address_lines
from configurator.documents.common import (
    CELL_PAD,
    FRAME_H,
    GRID,
    MARGIN,
    PAGE,
    TABLE_HEADER_BG,
    DocOptions,
    begin_document,
    cell,
    content_widths,
    fit,
    fit_para,
    format_day,
    one_line,
    para,
    render_pdf,
    styles,
    table_style,
    tariff_as_of,
    texts,
)
from configurator.documents.fonts import japanese_font
from configurator.documents.pdfa import search_keys
from configurator.documents.tables import ListTable, label_cell
from configurator.documents.topology import network_drawing
from configurator.tariff.catalogue import Catalogue, catalogue

FRAME_W = PAGE[0] - 2 * MARGIN
#: a site, network or unit without a name: the form says so, never shows the internal id
UNNAMED = "(名称未記入)"


KV_LINES = 15


def _kv_table(
    rows: list[tuple[str, Any]],
    st: Any,
    label_w: float = 38 * mm,
    section: str = "",
    lines: int = KV_LINES,
    heights: list[float | None] | None = None,
) -> Table:
    """Label and value rows; a value longer than `lines` lines is shortened, in full in the appendix.
    `heights`: a fixed height per row (None: as its text needs)."""
    width = FRAME_W - label_w - 12  # the cell's padding
    table = Table(
        [[para(k, st.cell), fit_para(v, st.cell, width, lines, f"{section}{k}")] for k, v in rows],
        colWidths=[label_w, FRAME_W - label_w],
        rowHeights=heights,
    )
    table.setStyle(
        table_style(
            st,
            *[
                ("GRID", (0, 0), (-1, -1), 0.3, GRID),
                ("BACKGROUND", (0, 0), (0, -1), TABLE_HEADER_BG),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ],
        )
    )
    return table


CHUNK_ROWS = 30
#: a list broken by a page: at least KEEP_HEAD rows under its header at the page's foot and its last
#: KEEP_TAIL rows together on the next page (never one row orphaned or widowed); a shorter list, or one
#: whose start does not fit, starts on the next page. Totals under a list keep its last KEEP_TAIL rows.
KEEP_HEAD = 2
KEEP_TAIL = 3
#: how close to the frame's height the room must be for a table to stand at the top of a page
AT_TOP = 0.5


def _list_table(
    header: list[str],
    rows: list[list[Any]],
    widths: list[float],
    st: Any,
    title: str = "",
    right: tuple[int, ...] = (),
    first_centred: bool = True,
    after: tuple[Any, ...] = (),
    lead: tuple[Any, ...] = (),
    caption: str = "",
    section: str = "",
) -> list[Any]:
    """A list as tables of CHUNK_ROWS rows, without ReportLab re-measuring the whole remaining list at
    each page. The first has the header; the others (ContinuedList) have it only at the top of a page,
    so the header is printed once at the list's start and again at the top of each page, never
    mid-page. Broken by a page, the list leaves at least KEEP_HEAD rows under its header and takes its
    last KEEP_TAIL rows to the next page together; `after` (the totals under the list: 小計, 消費税,
    合計) is kept with those last rows, never alone at the top of a page; `lead` (the list's title)
    with its first rows, never alone at a page foot (ListStart). A cell too long for its row is
    shortened, in full in the appendix under `title`, row and column. `caption`: what the list is (whose
    rows), printed above the header repeated on each page after the first, 「…(続き)」: a reader who
    opens a page in the middle of the list can tell whose rows they are. An empty list is one row 「なし」
    across all its columns. `section`: the section the list is in, 「…(続き)」, printed above the list
    when it starts at the top of a page (its heading on a page before)."""
    empty = not rows
    cells = [
        [
            cell(v, st.cell, w, f"{title} {n}行目「{h}」".strip()) if isinstance(v, str) else v
            for v, w, h in zip(r, widths, header, strict=True)
        ]
        for n, r in enumerate(rows, start=1)
    ] or [[cell("なし", st.cell, sum(widths)), *[""] * (len(header) - 1)]]
    look = _ListLook(header, widths, st, right, first_centred, caption)
    if section:  # above the title, or the list itself, at the top of a page
        lead = (TopCaption(section, st), *lead)
    if empty:  # one row 「なし」 across the columns, never a lone word under the second heading
        whole = look.table(cells, True)
        whole.setStyle([("SPAN", (0, 1), (-1, 1)), ("ALIGN", (0, 1), (-1, 1), "LEFT")])
        if after:
            return [*_lead(lead, whole, 1, after), KeepTogether([whole, *after])]
        return [*_lead(lead, whole, 1), whole]
    if after and len(cells) <= KEEP_HEAD + KEEP_TAIL:  # a short list and its totals: never broken
        whole = look.table(cells, True)
        return [*_lead(lead, whole, len(cells), after), KeepTogether([whole, *after])]
    tail = cells[-KEEP_TAIL:] if after else []  # the last rows, kept with the totals
    body = cells[: len(cells) - len(tail)]
    chunks = [body[k : k + CHUNK_ROWS] for k in range(0, len(body), CHUNK_ROWS)]
    if not tail and len(chunks) > 1 and len(chunks[-1]) < KEEP_TAIL:  # the last rows: never fewer alone
        move = KEEP_TAIL - len(chunks[-1])
        chunks[-2:] = [chunks[-2][:-move], [*chunks[-2][-move:], *chunks[-1]]]
    first = look.table(chunks[0], True)
    # the first rows under the header, and the last rows of a list of one table, never broken apart
    keep = [("NOSPLIT", (0, 0), (-1, min(KEEP_HEAD, len(chunks[0]))))]
    if len(chunks) == 1 and not tail:
        keep.append(("NOSPLIT", (0, max(1, len(chunks[0]) - KEEP_TAIL + 1)), (-1, -1)))
    first.setStyle(keep)
    first._look, first._rows = look, chunks[0]  # for list_tail and split
    first._last = len(chunks) == 1 and not tail
    out: list[Any] = [
        *_lead(lead, first, KEEP_HEAD),
        first,
        *[
            ContinuedList.of(look, chunk, last=not tail and k == len(chunks) - 1)
            for k, chunk in enumerate(chunks)
            if k
        ],
    ]
    if tail:
        out.append(KeepTogether([ContinuedList.of(look, tail, last=True), *after]))
    return out


def list_tail(table: Any) -> tuple[list[Any], ContinuedList] | None:
    """The last table of a list (_list_table) split before the list's last KEEP_TAIL rows: the table to
    print before them, and those rows for what must follow the list (a signature box) to keep with them
    instead of the whole table; None for another table, or one too short to split."""
    look, rows = getattr(table, "_look", None), getattr(table, "_rows", None)
    if look is None or rows is None:
        return None
    if not isinstance(table, ContinuedList):  # the list's first table, with its header
        if len(rows) <= KEEP_HEAD + KEEP_TAIL:
            return None
        head = look.table(rows[:-KEEP_TAIL], True)
        head.setStyle([("NOSPLIT", (0, 0), (-1, KEEP_HEAD))])
        head._look, head._rows, head._last = look, rows[:-KEEP_TAIL], False
        return [head], ContinuedList.of(look, rows[-KEEP_TAIL:], last=True)
    if len(rows) <= KEEP_TAIL:
        return None
    return [ContinuedList.of(look, rows[:-KEEP_TAIL])], ContinuedList.of(look, rows[-KEEP_TAIL:], last=True)


def _lead(lead: tuple[Any, ...], first: ListTable, rows: int, after: tuple[Any, ...] = ()) -> list[Any]:
    """A list's title, after a ListStart that keeps it with the list's first rows."""
    return [ListStart(lead, first, rows, after), *lead] if lead else []


class TopCaption(Flowable):  # type: ignore[misc]
    """What a list belongs to (「管理単位 1「本社」(続き)」), printed only at the top of a page: nothing
    where the list follows its section's heading on the same page. The text is printed as typed, on
    one line (shortened with …)."""

    def __init__(self, text: str, st: Any) -> None:
        super().__init__()
        self._text, self._st = text, st
        self._para: Any = None
        self._height = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._height = 0.0
        if avail_height >= FRAME_H - AT_TOP:
            if self._para is None:
                st = self._st
                style = st.cell.clone("top_caption", textColor=CAPTION_COLOUR)
                text = one_line(self._text, style.fontName, style.fontSize, avail_width)
                self._para = para(text, style)
            self._height = self._para.wrap(avail_width, avail_height)[1] + 2
        return avail_width, self._height

    def draw(self) -> None:
        if self._height:
            self._para.drawOn(self.canv, 0, 2)


class ListStart(CondPageBreak):  # type: ignore[misc]
    """A new page unless the list's title (`lead`), its header and first `rows` rows (and `after`, the
    totals of a list kept whole) fit in the room left: the title never alone at a page foot, away from
    the list that the page break sends to the next page."""

    def __init__(self, lead: tuple[Any, ...], first: ListTable, rows: int, after: tuple[Any, ...]) -> None:
        super().__init__(0)
        self._parts, self._first, self._rows = (*lead, *after), first, rows

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        need = sum(
            f.wrap(avail_width, avail_height)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in self._parts
        )
        self._first.wrap(avail_width, FRAME_H)
        self.height = need + sum(self._first._rowHeights[: self._rows + 1])  # the header and the rows
        return super().wrap(avail_width, avail_height)  # type: ignore[no-any-return]


class _ListLook:
    """A list's header, columns and style: its tables, with the header row or without it, and on a page
    after the list's first, with its caption 「…(続き)」 above the header."""

    def __init__(
        self,
        header: list[str],
        widths: list[float],
        st: Any,
        right: tuple[int, ...],
        first_centred: bool,
        caption: str = "",
    ) -> None:
        self.header = [
            label_cell(h, st.cell_right if n in right else st.cell, w - 8)
            for n, (h, w) in enumerate(zip(header, widths, strict=True))
        ]
        self.widths = widths
        self.st = st
        self.right = right
        self.first_centred = first_centred
        self.caption: Any = None
        if caption:  # one line, shortened with … (the name is whole in the heading and the appendix)
            text = one_line(f"{caption}(続き)", st.cell.fontName, st.cell.fontSize, sum(widths) - 8)
            self.caption = cell(text, st.cell, sum(widths), max_lines=1)

    def head(self, continued: bool) -> list[list[Any]]:
        """The rows repeated at the top of each page: the header (a continuation's caption is drawn
        above it, in the page's top margin: see captioned)."""
        return [self.header]

    def captioned(self, table: ListTable) -> ListTable:
        """`table` (a continuation at the top of a page) with the caption drawn above it."""
        if self.caption is not None:
            table.above = (self.caption, self.st.cell.fontName, self.st.cell.fontSize, CAPTION_COLOUR)
        return table

    def table(
        self, rows: list[list[Any]], headed: bool, cls: type[ListTable] | None = None, continued: bool = False
    ) -> ListTable:
        """One table of the list; the columns in `right` (amounts, counts) right-aligned, header
        included. Without the header its rows look as they do under it: the same grid, alignment,
        padding, no background. A headed table of the list's start (not `continued`) broken by a page
        continues as a ContinuedList, with the caption."""
        head = self.head(continued) if headed else []
        if cls is None:
            cls = _FirstList if headed and not continued and self.caption is not None else ListTable
        table = cls([*head, *rows], colWidths=self.widths, repeatRows=len(head))
        self.style(table, headed, continued)
        return self.captioned(table) if headed and continued else table

    def style(self, table: ListTable, headed: bool, continued: bool = False) -> None:
        st = self.st
        top = len(self.head(continued)) - 1 if headed else 0  # the header's row
        first = top + 1 if headed else 0  # the first row of the list's own rows
        # style commands over every cell cost ReportLab a call per cell and command, on each page's table:
        # the font, its size and leading in one command (table_style would add a second FONT)
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), st.font, st.cell.fontSize, st.cell.leading),
                    ("GRID", (0, top), (-1, -1), 0.3, GRID),
                    *([("BACKGROUND", (0, top), (-1, top), TABLE_HEADER_BG)] if headed else []),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("ALIGN", (0, first), (0, -1), "CENTER" if self.first_centred else "LEFT"),
                    *[("ALIGN", (n, first), (n, -1), "RIGHT") for n in self.right],
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                    ("LEFTPADDING", (0, 0), (-1, -1), 4),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ]
            )
        )


#: the caption of a list continued on a page
CAPTION_COLOUR = colors.HexColor("#1f3a5f")


class _FirstList(ListTable):
    """A list's first table (with its header) when the list has a caption: broken by a page, the rows
    left go on as a ContinuedList, which prints the caption above the header at the top of the page."""

    _look: _ListLook
    _rows: list[list[Any]]
    _last: bool

    def split(self, avail_width: float, avail_height: float) -> list[Any]:
        parts = super().split(avail_width, avail_height)
        rows = getattr(self, "_rows", None)
        if len(parts) != 2 or rows is None:
            return parts  # type: ignore[no-any-return]
        kept = len(parts[0]._cellvalues) - 1  # the list's rows under the header on this page
        if not 0 < kept < len(rows):
            return parts  # type: ignore[no-any-return]
        return [parts[0], ContinuedList.of(self._look, rows[kept:], getattr(self, "_last", False))]


class ContinuedList(ListTable):
    """A list's rows after its first table: with the header when at the top of a page (the room it
    is given is the whole frame, FRAME_H), else without it, right under the rows before. Split at a
    page foot, the part on this page goes without the header and the rest, a ContinuedList again,
    gets it at the top of the next page. As a Table it is the header and the rows (_cellvalues),
    laid out and drawn when at the top of a page; the rows alone are a second table, drawn when not.
    Each is one chunk of at most about CHUNK_ROWS rows: the layout stays linear in the list's length."""

    _look: _ListLook
    _rows: list[list[Any]]
    _last: bool  # the list's last rows: never fewer than KEEP_TAIL of them on the next page
    _bare: ListTable | None  # the rows without the header, made when first needed
    _headed: bool  # as last laid out: at the top of a page, with the header
    _styled: bool  # the header's table styled: only once laid out at the top of a page (most are not)
    _wrapped_at: tuple[float, float] | None  # the room of the last layout

    @classmethod
    def of(cls, look: _ListLook, rows: list[list[Any]], last: bool = False) -> ContinuedList:
        head = look.head(True)
        table = look.captioned(cls([*head, *rows], colWidths=look.widths, repeatRows=len(head)))
        table._look, table._rows, table._last, table._bare = look, rows, last, None
        table._headed, table._styled, table._wrapped_at = True, False, None
        return table

    def _headed_table(self) -> ContinuedList:
        if not self._styled:
            self._look.style(self, True, True)
            self._styled = True
        return self

    def _at_top(self, avail_height: float) -> bool:
        return bool(avail_height >= FRAME_H - AT_TOP)

    def _bare_table(self) -> ListTable:
        if self._bare is None:
            self._bare = self._look.table(self._rows, False)
        return self._bare

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._headed = self._at_top(avail_height)
        self._wrapped_at = (avail_width, avail_height)
        if self._headed:
            return ListTable.wrap(self._headed_table(), avail_width, avail_height)  # type: ignore[no-any-return]
        return self._bare_table().wrap(avail_width, avail_height)  # type: ignore[no-any-return]

    def split(self, avail_width: float, avail_height: float) -> list[Any]:
        if self._wrapped_at != (avail_width, avail_height):  # else laid out in this room just before
            self.wrap(avail_width, avail_height)
        headed = self._headed
        heights = (self if headed else self._bare_table())._rowHeights
        above = self.repeatRows if headed else 0  # the header
        used = sum(heights[:above])
        fit = 0
        for h in heights[above:]:
            if used + h > avail_height:
                break
            used += h
            fit += 1
        if self._last:  # the list's last KEEP_TAIL rows go to the next page together
            fit = min(fit, len(self._rows) - KEEP_TAIL)
        if fit < 1 or fit >= len(self._rows):
            # nothing fits here: the next page; at a page's top (a row taller than the page), ReportLab's
            return super().split(avail_width, avail_height) if headed else []
        return [
            self._look.table(self._rows[:fit], headed, continued=True),
            ContinuedList.of(self._look, self._rows[fit:], self._last),
        ]

    def draw(self) -> None:
        if self._headed:
            super().draw()
        else:
            self._bare_table().drawOn(self.canv, 0, 0)


def signature_box(
    st: Any, labels: list[str], date: str | None = None, dated: bool = True, era: str = ""
) -> Table:
    """申込日 (printed when the document has one, else a blank to fill in by hand: never both; no row
    at all when the document prints its 申込日 above), the signer's rows and a seal box 印 spanning them.
    `era` (令和) heads the blank date of a document in 和暦."""
    blank = f"{era}　　　　　年　　　　月　　　　日" if era else "　　　　　　　年　　　　月　　　　日"
    rows = [[para("申込日", st.cell), date or blank, para("印", st.cell)]] if dated else []
    rows += [
        [para(label, st.cell), "", para("印", st.cell) if not dated and not n else ""]
        for n, label in enumerate(labels)
    ]
    heights = ([11 * mm] if dated else []) + [14 * mm] + [11 * mm] * (len(labels) - 1)
    sign = Table(rows, colWidths=[30 * mm, FRAME_W - 60 * mm, 30 * mm], rowHeights=heights)
    sign.setStyle(
        table_style(
            st,
            *[
                ("GRID", (0, 0), (-1, -1), 0.5, GRID),
                ("SPAN", (2, 0), (2, len(rows) - 1)),
                ("BACKGROUND", (0, 0), (0, -1), TABLE_HEADER_BG),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (2, 0), (2, 0), "CENTER"),
                ("TEXTCOLOR", (2, 0), (2, 0), colors.HexColor("#999999")),
            ],
        )
    )
    return sign


def _era(options: DocOptions) -> str:
    """The era of the document's date when it is in 和暦 (for a date to fill in by hand), else ""."""
    from configurator.text.jpformat import era

    return era(options.issue_date)[0] if options.wareki else ""


def postal_address(postal_code: Any, address: Any) -> str:
    """〒NNN-NNNN and the address, however the code was typed (全角, without the hyphen, with 〒);
    no lone 〒 when there is no code."""
    import unicodedata

    raw = unicodedata.normalize("NFKC", str(postal_code or "")).replace("〒", "").strip()
    digits = "".join(ch for ch in raw if ch.isdigit())
    code = f"〒{digits[:3]}-{digits[3:]}" if len(digits) == 7 else (f"〒{raw}" if raw else "")
    return " ".join(part for part in (code, str(address or "").strip()) if part)


def duty_lines(key: str, order: dict[str, Any]) -> list[str]:
    """The duties of a service for the customer to acknowledge, each with □, or 該当なし where this
    order does not need it (closed monitoring not used, no VPDN, ...)."""
    nets = order.get("vpn_networks") or []
    units = order.get("auth_units") or []
    sites = [
        s
        for n in nets
        for s in ([n.get("parent")] if n.get("parent") else []) + list(n.get("children") or [])
    ]
    applies = {
        "closed_monitoring": any((n.get("closed_monitoring") or {}).get("enabled") for n in nets),
        "other_provider": any((s.get("internet") or {}).get("provider") == "other" for s in sites),
        "clients": any(u.get("clients") for u in units),
        "vpdns": any(u.get("vpdns") for u in units),
        "proxies": any(u.get("proxies") for u in units),
    }
    out = []
    for item in texts()["form"]["duties"][key]["items"]:
        text, when = (item, None) if isinstance(item, str) else (item["text"], item.get("when"))
        out.append(f"□ {text}" if when is None or applies.get(when) else f"― {text}: 該当なし")
    return out


def _options_text(opts: dict[str, Any], cat: Catalogue) -> str:
    """The site's options, one a line (an option's name is never broken), a switch's model after it."""
    names = []
    for key, spec in cat.vpn_options.items():
        val = opts.get(key)
        if not val:
            continue
        short = spec["name"].removesuffix("オプション")
        if key == "private_switch":
            names.append(f"{short}\n({cat.device_name(val)})")
        elif spec["value"] == "count":
            names.append(f"{short}×{val}")
        else:
            names.append(short)
    return "\n".join(names) or "なし"


def _internet_text(inet: Any, cat: Catalogue) -> str:
    """IIJ's service, or another provider's: its name, connection and address, one a line (never
    broken inside a word)."""
    if not inet or not inet.get("provider"):
        return "(未記入)"
    if inet.get("provider") == "iij":
        return "IIJのサービス"
    conn = cat.connection_types.get(inet.get("connection") or "", {}).get(
        "name", inet.get("connection") or ""
    )
    parts = [str(inet.get("name") or ""), str(conn), str(inet.get("address") or "")]
    return "\n".join(["他社", *(p for p in parts if p)])


def build_form(order: dict[str, Any], options: DocOptions) -> bytes:
    begin_document()
    cat = catalogue()
    font = japanese_font(options.font_path, options.font_index)
    st = styles(font.name)
    t = texts()["form"]
    number = fit(options.number, st.right, FRAME_W / 2, 1, "見積番号") or "(未採番)"
    services = []
    if order.get("vpn_networks"):
        services.append(cat.tariff("vpn")["service_name"])
    if order.get("auth_units"):
        services.append(cat.tariff("auth")["service_name"])
    story: list[Any] = []
    story.append(para("・".join(services) or "IIJサービス", st.heading))
    story.append(para(t["title"], st.title))
    story.append(
        para(f"作成日: {format_day(options.issue_date, options.wareki)}    見積番号: {number}", st.right)
    )
    story.append(Spacer(1, 2 * mm))
    story.append(para(t["intro"], st.body))
    story.append(Spacer(1, 2 * mm))

    c = order.get("customer") or {}
    story.append(para("お客様情報", st.heading))
    story.append(
        _kv_table(
            [
                ("お客様名", c.get("name")),
                ("フリガナ", c.get("name_kana")),
                ("部署", c.get("department")),
                ("ご担当者", c.get("contact")),
                ("フリガナ", c.get("contact_kana")),
                ("メール", c.get("email")),
                ("電話", c.get("phone")),
                ("住所", postal_address(c.get("postal_code"), c.get("address"))),
                ("件名", order.get("title")),
            ],
            st,
            section="お客様情報 ",
        )
    )

    if order.get("vpn_networks"):
        _vpn_sections(story, order, cat, st, font.name, options.wareki)
    if order.get("auth_units"):
        _auth_sections(story, order, cat, st, options.wareki)

    # the duties to acknowledge, the declaration and the signature box stay together on one page: the
    # signature is never alone on the last page, away from what it acknowledges
    confirm: list[Any] = [para("お客様に行っていただく事項の確認", st.heading)]
    printed = [key for key in ("vpn", "auth") if order.get("vpn_networks" if key == "vpn" else "auth_units")]
    for key in printed:
        duty = t["duties"][key]
        confirm += [
            para(duty["heading"], st.body),
            *[para(line, st.small) for line in duty_lines(key, order)],
        ]
        confirm.append(Spacer(1, 2 * mm))
    if any("該当なし" in line for key in printed for line in duty_lines(key, order)):  # of the duties shown
        confirm.append(para(t["duties_note"], st.small))
    confirm += [para("申込者の確認", st.heading)]
    confirm += [para(f"□ {line}", st.small) for line in t["declaration"]]
    confirm += [Spacer(1, 4 * mm), signature_box(st, ["申込者(記名)", "ご担当者"], era=_era(options))]
    story.append(KeepTogether(confirm))
    return render_pdf(
        story,
        font=font,
        document=order,
        title=t["title"],
        number=number,
        draft=options.draft,
        author=options.issuer.company,
        date=options.issue_date,
        search_keys=search_keys(options.issue_date, None, str(c.get("name") or "")),
    )


def _vpn_sections(
    story: list[Any], order: dict[str, Any], cat: Catalogue, st: Any, font: str, wareki: bool = False
) -> None:
    tariff = cat.tariff("vpn")
    items = cat.vpn_items
    story.append(CondPageBreak(60 * mm))
    story.append(para(f"■ {tariff['service_name']}(個別規程 {tariff_as_of(tariff, wareki)})", st.heading))
    for i, net in enumerate(order.get("vpn_networks") or [], start=1):
        item = net.get("item")
        per_parent = int(items[item]["devices_at_parent"]) if item in items else 0
        per_child = int(items[item]["devices_at_child"]) if item in items else 0
        cm = net.get("closed_monitoring") or {}
        children = net.get("children") or []
        maint = cat.maintenance_types.get(net.get("maintenance") or "", {}).get(
            "name", net.get("maintenance") or ""
        )
        story.append(CondPageBreak(50 * mm))
        story.append(
            fit_para(f"VPN網 {i}: {net.get('name') or UNNAMED}", st.heading, FRAME_W, 2, f"VPN網 {i} の名前")
        )
        story.append(
            _kv_table(
                [
                    ("品目", items.get(item, {}).get("name", item or "(未選択)")),
                    (
                        "クローズドモニタリング",
                        f"利用する(回線: {cm.get('line') or '未記入'})"
                        if cm.get("enabled")
                        else "利用しない",
                    ),
                    ("保守種別", maint),
                    (
                        "拠点数・機器台数",
                        f"親拠点 1(機器 {per_parent}台)、子拠点 {len(children):,}(機器 各{per_child}台、計 "
                        f"{len(children) * per_child:,}台)",
                    ),
                ],
                st,
                section=f"VPN網 {i} ",
            )
        )
        story.append(Spacer(1, 2 * mm))
        story.append(network_drawing(net, cat, font, FRAME_W))
        story.append(Spacer(1, 2 * mm))
        rows: list[list[Any]] = []
        sites = ([("親", net["parent"], per_parent)] if net.get("parent") else []) + [
            ("子", ch, per_child) for ch in children
        ]
        places: list[tuple[str, str]] = []
        for n, (kind, site, count) in enumerate(sites, start=1):
            term = site.get("term_years")
            places.append(
                (
                    str(site.get("name") or UNNAMED),
                    postal_address(site.get("postal_code"), site.get("address")),
                )
            )
            rows.append(
                [
                    str(n),
                    kind,
                    "\n".join(places[-1]),
                    f"{cat.device_name(site.get('device'))}\n×{count}台",  # the count never split
                    f"{term}年" if term else "",
                    "\n".join(site.get("lan") or []),
                    _internet_text(site.get("internet"), cat),
                    _options_text(site.get("options") or {}, cat),
                ]
            )
        header = [
            "No",
            "区分",
            "拠点名・設置場所",
            "機器種別・台数",
            "期間",
            "LAN",
            "インターネット接続",
            "オプション",
        ]
        # widths from the content: names, devices and networks whole; the room left to the columns
        # that wrap (address, connection, options) where it saves the most lines
        widths = content_widths(header, rows, st.cell, FRAME_W, wrap=(2, 6, 7))
        for row, (name, address) in zip(rows, places, strict=True):  # an address breaks between its parts
            lines = address_lines(address, st.cell.fontName, st.cell.fontSize, widths[2] - CELL_PAD)
            row[2] = "\n".join([name, *lines])
        story.extend(
            _list_table(
                header,
                rows,
                widths,
                st,
                title=f"VPN網 {i} 拠点一覧",
                caption=f"VPN網 {i}{_named(net.get('name'))}の拠点一覧",
                section=f"VPN網 {i}{_named(net.get('name'))}(続き)",
            )
        )


def _named(name: Any) -> str:
    """A network's or unit's name after its number in a caption: 「本社網」, or (名称未記入)."""
    text = " ".join(str(name or "").split())
    return f"「{text}」" if text else UNNAMED


def _auth_sections(
    story: list[Any], order: dict[str, Any], cat: Catalogue, st: Any, wareki: bool = False
) -> None:
    tariff = cat.tariff("auth")
    story.append(CondPageBreak(60 * mm))
    story.append(para(f"■ {tariff['service_name']}(個別規程 {tariff_as_of(tariff, wareki)})", st.heading))
    mv = cat.auth["mobile_values"]
    for i, unit in enumerate(order.get("auth_units") or [], start=1):
        m = unit.get("management") or {}
        unit_name = f"管理単位 {i}{_named(m.get('name'))}"
        whose = f"{unit_name}の"  # a continued list's caption
        story.append(CondPageBreak(50 * mm))
        story.append(
            fit_para(
                f"管理単位 {i}: {m.get('name') or UNNAMED}",
                st.heading,
                FRAME_W,
                2,
                f"管理単位 {i} の名前",
            )
        )
        story.append(
            _kv_table(
                [
                    ("マネージメント(親たる契約)", m.get("name") or "(未指定)"),
                    ("レルム", m.get("realm")),
                    (
                        "大規模プライベートゲートウェイ併用",
                        "あり" if unit.get("large_scale_private_gateway") else "なし",
                    ),
                    ("設定事項の確認(第6条第2項)", "確認済" if unit.get("setup_acknowledged") else "未確認"),
                ],
                st,
                label_w=55 * mm,
                section=f"管理単位 {i} ",
            )
        )
        story.append(Spacer(1, 2 * mm))
        story.extend(
            _list_table(
                ["No", "名称", "端末のIPアドレス"],
                [
                    [str(n), str(cl.get("name") or ""), str(cl.get("ip") or "")]
                    for n, cl in enumerate(unit.get("clients") or [], start=1)
                ],
                [10 * mm, 90 * mm, FRAME_W - 100 * mm],
                st,
                title=f"管理単位 {i} クライアント",
                caption=f"{whose}クライアント",
                section=f"{unit_name}(続き)",
                lead=(para("クライアント(端末ごとに1契約)", st.body),),  # never alone at a page foot
            )
        )
        story.append(Spacer(1, 2 * mm))
        story.extend(
            _list_table(
                ["No", "名称", "転送先(お客様の認証識別装置)"],
                [
                    [str(n), str(px.get("name") or ""), "、".join(px.get("destinations") or [])]
                    for n, px in enumerate(unit.get("proxies") or [], start=1)
                ],
                [10 * mm, 90 * mm, FRAME_W - 100 * mm],
                st,
                title=f"管理単位 {i} プロキシ",
                caption=f"{whose}プロキシ",
                section=f"{unit_name}(続き)",
                lead=(para("プロキシ", st.body),),  # never alone at a page foot
            )
        )
        story.append(Spacer(1, 2 * mm))
        rows = []
        for n, v in enumerate(unit.get("vpdns") or [], start=1):
            spec = cat.vpdn_items.get(v.get("item") or "", {})
            mobile = v.get("mobile") or {}
            req = spec.get("requirement_field")
            req_val = (
                mv.get(req or "", {}).get(mobile.get(req or ""), mobile.get(req or "") or "") if req else ""
            )
            pre = (
                f"{spec.get('mobile_service_name', '')} {spec.get('requirement_label', '')}: {req_val}"
                if spec
                else ""
            )
            rows.append(
                [
                    str(n),
                    str(v.get("name") or ""),
                    str(spec.get("name", v.get("item") or "")),
                    pre,
                    "\n".join(v.get("terminators") or []),
                    "あり" if v.get("load_balancing") else "なし",
                ]
            )
        story.extend(
            _list_table(
                ["No", "名称", "品目", "IIJモバイルサービスのご契約", "終端装置(LNS)", "負荷分散"],
                rows,
                [9 * mm, 40 * mm, 16 * mm, 62 * mm, 38 * mm, 15 * mm],
                st,
                title=f"管理単位 {i} VPDN",
                caption=f"{whose}VPDN",
                section=f"{unit_name}(続き)",
                lead=(para("VPDN", st.body),),  # never alone at a page foot
            )
        )
