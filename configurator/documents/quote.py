"""御見積書: the Japanese quote PDF."""

from __future__ import annotations

import datetime as dt
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Image,
    KeepTogether,
    Spacer,
    Table,
)

from configurator.documents.address import address_lines
from configurator.documents.common import (
    GRID,
    MARGIN,
    PAGE,
    TABLE_HEADER_BG,
    DocOptions,
    begin_document,
    fit,
    fit_para,
    format_day,
    kept_list,
    markup_para,
    para,
    render_pdf,
    safe,
    styles,
    table_style,
    tariff_as_of,
    texts,
    whole_para,
    wrap_lines,
)
from configurator.documents.fonts import japanese_font
from configurator.documents.form import KEEP_HEAD, KEEP_TAIL
from configurator.documents.pdfa import search_keys
from configurator.errors import KnownError
from configurator.pricing.books import PriceBook
from configurator.pricing.quote import Quote, price_order
from configurator.tariff.catalogue import catalogue
from configurator.text.jpformat import format_number, format_yen


def addressee(customer: dict[str, Any]) -> list[str]:
    """宛名 lines as Japanese business custom has it: 御中 for an organisation, 様 for a person;
    a named contact in a company gets 様 and the company no 御中; a department without a contact is
    the organisation addressed: 「株式会社サンプル」 then 「情報システム部 御中」 (御中 once, on the last)."""
    name = str(customer.get("name") or "").strip()
    dept = str(customer.get("department") or "").strip()
    contact = str(customer.get("contact") or "").strip()
    kind = customer.get("kind") or "company"
    if kind == "person":
        return [f"{name or contact} 様"]
    if contact:
        lines = [name] if name else []
        lines.append(f"{dept} {contact} 様".strip())
        return lines
    if not name:  # nothing to address: a blank to fill in by hand, as on a printed form
        name = "\u3000" * 10
    return [name, f"{dept} 御中"] if dept else [f"{name} 御中"]


def _addressee_para(line: str, st: Any) -> Any:
    """One 宛名 line held to 3 lines; a name too long is shortened before its 御中 or 様, which stay."""
    for suffix in (" 御中", " 様"):
        if line.endswith(suffix):
            name = fit(
                line.removesuffix(suffix), st.heading, 100 * mm - 6 - 2.5 * st.heading.fontSize, 3, "宛名"
            )
            return para(name + suffix, st.heading)
    return fit_para(line, st.heading, 100 * mm - 6, 3, "宛名")


def validity_date(issue: dt.date) -> dt.date:
    return issue + dt.timedelta(days=int(texts()["quote"]["validity_days"]))


ISSUER_FIELDS = (
    ("company", "会社名"),
    ("address", "住所"),
    ("phone", "電話番号"),
    ("person", "担当者"),
    ("registration_number", "登録番号(適格請求書発行事業者)"),
)


def missing_issuer_fields(issuer: Any) -> list[str]:
    """The issuer's fields a quote cannot be issued without, in Japanese, that are not set."""
    return [label for key, label in ISSUER_FIELDS if not str(getattr(issuer, key, "") or "").strip()]


def check_issuer(options: DocOptions) -> None:
    """Refuse to issue a quote without its issuer (unless a draft), saying what to set."""
    missing = missing_issuer_fields(options.issuer)
    if options.require_issuer and not options.draft and missing:
        raise KnownError(
            "発行元が設定されていないため、御見積書を発行できません。未設定: " + "、".join(missing) + "。"
            "アプリの「ファイル → 発行元の設定」(コマンドラインでは iij-configurator issuer set か、"
            "データフォルダの settings.json の \"issuer\")で"
            "設定するか、--draft で下書きとして作成してください。",
            "The issuer is not set (" + ", ".join(k for k, label in ISSUER_FIELDS if label in missing) + "): "
            "set it (File → Issuer, or iij-configurator issuer set) or make a draft with --draft.",
        )


def build_quote(order: dict[str, Any], options: DocOptions, book: PriceBook | None = None) -> bytes:
    check_issuer(options)
    begin_document()
    quote = price_order(order, book)
    font = japanese_font(options.font_path, options.font_index)
    st = styles(font.name)
    cat = catalogue()
    t = texts()["quote"]
    number = fit(options.number, st.small, 45 * mm, 2, "見積番号") or "(未採番)"
    story: list[Any] = []

    story.append(markup_para(t["title"], st.title))
    customer = order.get("customer") or {}
    g = quote.groups
    grand = sum(group.total for group in g.values())
    parts = [f"初期費用 合計(税込) {format_yen(g['initial'].total)}"] if g["initial"].lines else []
    if g["monthly"].lines:
        parts.append(f"月額費用 合計(税込) {format_yen(g['monthly'].total)}(毎月、上記には1か月分を含みます)")
    if g["one_time"].lines:
        parts.append(f"一時費用 合計(税込) {format_yen(g['one_time'].total)}")
    head = quote_head(
        st, options, number, customer, [("件名", order.get("title"))], t["greeting"], grand, parts
    )
    story.append(head)
    story.append(Spacer(1, 5 * mm))

    services = {ln.service for group in g.values() for ln in group.lines}
    for group in g.values():
        if not group.lines:  # no table of a fee the quote has none of
            continue
        # the heading never stands alone at a page foot (40 mm left for it and the first rows), but the
        # table is not kept whole with it: a long table starts under the headline and continues
        story.append(CondPageBreak(40 * mm))
        heading = para(f"■ {group.label}", st.heading)
        heading.keepWithNext = 0
        story.append(heading)
        story.append(_group_table(group, quote, st, by_service=len(services) > 1))
    story.append(Spacer(1, 3 * mm))
    story.append(
        KeepTogether(
            [
                para("最低利用期間の総額(初期費用+月額費用×最低利用期間、税抜)", st.heading),
                para(
                    f"{format_yen(quote.commitment)}(各契約・オプションの最低利用期間を満了まで利用した場合"
                    "の総額)",
                    st.body,
                ),
            ]
        )
    )
    if quote.unpriced:
        story.append(
            para(
                "価格を付けられなかった項目: "
                + "、".join(quote.unpriced[:20])
                + (f" ほか{len(quote.unpriced) - 20}件" if len(quote.unpriced) > 20 else ""),
                st.body,
            )
        )

    remarks: list[str] = []
    if quote.sample:
        remarks.append(
            "この見積はサンプル価格表によるもので、実際の価格ではありません。"
            "正式なお見積りは当社の価格表で作成します。"
        )
    quoted = [key for key, part in (("vpn", "vpn_networks"), ("auth", "auth_units")) if order.get(part)]
    for key in quoted:
        # of a quote of both services, each service's remarks say whose articles they cite (「第18条」 of
        # which 個別規程): the two services' cancellation remarks otherwise read as one said twice
        name = cat.tariff(key)["service_name"]
        remarks.extend(
            text if len(quoted) == 1 or text.startswith(name) else f"【{name}】{text}"
            for text in t["remarks"][key]
        )
    remarks.extend(t["remarks"]["common"])
    remarks.extend(n for n in quote.notes if not n.startswith("サンプル価格"))
    pb = quote.price_book
    try:  # every date in the chosen style (wareki or not), this one too
        effective = format_day(dt.date.fromisoformat(str(pb.effective_date)), options.wareki)
    except ValueError:
        effective = str(pb.effective_date)
    cited = "、".join(  # the tariffs of the services quoted, not of one the customer is not offered
        f"{cat.tariff(key)['title']}({tariff_as_of(cat.tariff(key), options.wareki)})"
        for key in quoted or ("vpn", "auth")
    )
    remarks.append(f"価格表: {pb.name}(版 {pb.version}、適用開始 {effective})。適用する規程: {cited}。")
    # no date, article or amount broken across lines
    items = [whole_para(f"{n}. {text}", st.small, FRAME_W) for n, text in enumerate(remarks, start=1)]
    story.extend(kept_list(para("備考", st.heading), items))

    return render_pdf(
        story,
        font=font,
        document=order,
        title=t["title"],
        number=number,
        draft=options.draft,
        sample=quote.sample,
        price_book_version=quote.price_book.version,
        author=options.issuer.company,
        date=options.issue_date,
        search_keys=search_keys(options.issue_date, grand, str(customer.get("name") or "")),
    )


def quote_head(
    st: Any,
    options: DocOptions,
    number: str,
    customer: dict[str, Any],
    subjects: list[tuple[str, Any]],
    greeting: str,
    amount: int,
    breakdown: list[str],
) -> Table:
    """The head of a quote: 宛名 (underlined), 件名, greeting and the one headline amount 御見積金額(税込)
    with its breakdown on the left; 見積番号, 発行日, 有効期限 and the issuer block on the right."""
    left_w = 100 * mm
    to_table = Table([[_addressee_para(line, st)] for line in addressee(customer)], colWidths=[left_w - 6])
    to_table.setStyle(
        table_style(
            st,
            ("LINEBELOW", (0, -1), (-1, -1), 0.9, colors.black),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, -1), (-1, -1), 3),
        )
    )
    left: list[Any] = [to_table, Spacer(1, 3 * mm)]
    for label, value in subjects:
        left.append(fit_para(f"{label}: {value or ''}", st.body, left_w - 6, 4, label))
    left.append(Spacer(1, 2 * mm))
    left.append(markup_para(safe(greeting), st.body))
    left.append(Spacer(1, 3 * mm))
    left.append(Headline("御見積金額(税込)", format_yen(amount), st.font, left_w - 6))
    if breakdown:
        left.append(markup_para("<br/>".join(safe(x) for x in breakdown), st.small))
    issue = options.issue_date
    right_rows = [
        ["見積番号", number],
        ["発行日", format_day(issue, options.wareki)],
        ["有効期限", format_day(validity_date(issue), options.wareki)],
    ]
    meta = Table(
        [[para(a, st.small), para(b, st.small)] for a, b in right_rows], colWidths=[18 * mm, 45 * mm]
    )
    meta.setStyle(
        table_style(st, *[("LINEBELOW", (0, 0), (-1, -1), 0.3, GRID), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")])
    )
    right: list[Any] = [meta, Spacer(1, 4 * mm), *_issuer_block(options, st)]
    if options.approval:
        right += [Spacer(1, 3 * mm), approval_stamp(options.approval, options.wareki, st)]
    head = Table([[left, right]], colWidths=[left_w, 80 * mm])
    head.setStyle(
        table_style(st, *[("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
    )
    return head


def _issuer_block(options: DocOptions, st: Any) -> list[Any]:
    iss = options.issuer
    lines = [
        ("発行者", iss.company),
        ("発行者の住所", iss.address),
        ("発行者の電話", f"TEL {iss.phone}" if iss.phone else ""),
        ("担当", f"担当: {iss.person}" if iss.person else ""),
        ("登録番号", f"登録番号 {iss.registration_number}" if iss.registration_number else ""),
    ]
    width = 58 * mm if iss.seal_image else 80 * mm
    room = width - 6 - st.small.leftIndent - st.small.rightIndent - 1  # as fit() measures it
    if iss.address:
        lines[1] = ("発行者の住所", "\n".join(address_lines(iss.address, st.font, st.small.fontSize, room)))
    flow: list[Any] = [fit_para(line, st.small, width - 6, 3, label) for label, line in lines if line]
    if not flow:  # never a quote that silently says nothing of who issued it
        flow = [para("発行元: 未設定", st.small)]
    if iss.seal_image:  # the company seal (角印) beside the company's name and address, as it is stamped
        seal = Image(iss.seal_image, width=18 * mm, height=18 * mm, kind="proportional")
        beside = Table([[flow, seal]], colWidths=[58 * mm, 20 * mm])
        beside.setStyle(
            table_style(
                st,
                *[
                    ("VALIGN", (0, 0), (0, 0), "TOP"),
                    ("VALIGN", (1, 0), (1, 0), "MIDDLE"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ],
            )
        )
        return [beside]
    return flow


STAMP_RED = colors.HexColor("#b00020")


def approval_stamp(approval: tuple[str, str], wareki: bool, st: Any) -> Table:
    """承認済 with the approver and the date, in a box under the issuer, as an approval stamp is put on
    a quote filed in a Japanese office. The date is YYYY-MM-DD (shown in the document's date style)."""
    name, day = approval
    try:
        shown = format_day(dt.date.fromisoformat(day), wareki)
    except ValueError:
        shown = day
    label = st.cell_center.clone("stamp", textColor=STAMP_RED, fontSize=10, leading=13)
    small = st.cell_center.clone("stamp_small", textColor=STAMP_RED)
    rows = [
        [para("承認済", label)],
        [fit_para(name, small, 36 * mm, 2, "承認者")],
        [para(shown, small)],
    ]
    box = Table(rows, colWidths=[38 * mm], hAlign="RIGHT")
    box.setStyle(
        table_style(
            st,
            ("BOX", (0, 0), (-1, -1), 1.0, STAMP_RED),
            ("LINEBELOW", (0, 0), (-1, 0), 0.5, STAMP_RED),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        )
    )
    return box


FRAME_W = PAGE[0] - 2 * MARGIN
SERVICE_HEADINGS = {"vpn": "IIJマネージドVPN PROサービス", "auth": "IIJ認証アウトソースサービス"}
NAME_W = 90 * mm


def _item_name(name: str, st: Any) -> str:
    """A line's 品名 whose closing parenthesis (最低利用期間3年) is never broken: when the name needs
    two lines, the break goes before the parenthesis."""
    room = NAME_W - 12 - st.cell.rightIndent
    if "(" not in name or len(wrap_lines(name, st.font, st.cell.fontSize, room)) == 1:
        return name
    head, _, tail = name.rpartition("(")
    return f"{head}\n({tail}"


def _group_table(group: Any, quote: Quote, st: Any, by_service: bool = False) -> Table:
    header = [
        para("No", st.cell_center),
        para("品名", st.cell),
        para("数量", st.cell_right),
        para("単位", st.cell_center),
        para("単価", st.cell_right),
        para("金額", st.cell_right),
    ]
    rows: list[list[Any]] = [header]
    service_rows: list[int] = []
    current = None
    for n, ln in enumerate(group.lines, start=1):
        if by_service and ln.service != current:
            current = ln.service
            service_rows.append(len(rows))
            rows.append(["", para(SERVICE_HEADINGS.get(ln.service, ln.service), st.cell), "", "", "", ""])
        rows.append(
            [
                str(n),
                para(_item_name(ln.name, st), st.cell),
                format_number(ln.quantity),
                ln.unit,
                format_yen(ln.unit_price or 0),
                format_yen(ln.amount or 0),
            ]
        )
    body_rows = len(rows)
    rows.append(["", para("小計", st.cell), "", "", "", format_yen(group.subtotal)])
    rows.append(
        [
            "",
            para(f"消費税({int(quote.tax_rate * 100)}%、1円未満切り捨て)", st.cell),
            "",
            "",
            "",
            format_yen(group.tax),
        ]
    )
    rows.append(["", para("合計", st.cell), "", "", "", format_yen(group.total)])
    table = Table(rows, colWidths=[10 * mm, NAME_W, 16 * mm, 12 * mm, 26 * mm, 26 * mm], repeatRows=1)
    table.setStyle(
        table_style(
            st,
            *[
                ("FONT", (0, 0), (-1, -1), st.font, 8),
                ("GRID", (0, 0), (-1, -1), 0.3, GRID),
                ("BACKGROUND", (0, 0), (-1, 0), TABLE_HEADER_BG),
                ("ALIGN", (0, 1), (0, -1), "CENTER"),
                ("ALIGN", (2, 1), (2, -1), "RIGHT"),
                ("ALIGN", (3, 1), (3, -1), "CENTER"),
                ("ALIGN", (4, 1), (5, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("BACKGROUND", (0, body_rows), (-1, -1), colors.HexColor("#f7f7f7")),
                # never one line item under the repeated header of the next page: the last three
                # lines stay with the 小計/消費税/合計, the first two with the header (form.KEEP_TAIL,
                # KEEP_HEAD, as every list); a service's heading row with its first two lines
                ("NOSPLIT", (0, max(1, body_rows - KEEP_TAIL)), (-1, -1)),
                ("NOSPLIT", (0, 0), (-1, min(KEEP_HEAD, body_rows - 1))),
                *[("NOSPLIT", (0, r), (-1, min(r + KEEP_HEAD, body_rows - 1))) for r in service_rows],
                ("SPAN", (1, body_rows), (4, body_rows)),
                ("SPAN", (1, body_rows + 1), (4, body_rows + 1)),
                ("SPAN", (1, body_rows + 2), (4, body_rows + 2)),
                ("FONT", (5, body_rows + 2), (5, body_rows + 2), st.font, 9),
                *[
                    cmd
                    for r in service_rows
                    for cmd in (
                        ("SPAN", (1, r), (-1, r)),
                        ("BACKGROUND", (0, r), (-1, r), colors.HexColor("#f3f6fa")),
                    )
                ],
            ],
        )
    )
    return table


class Headline(Flowable):  # type: ignore[misc]
    """御見積金額(税込) and its figure: the one large, bold, underlined amount of the quote. The
    Japanese font has no bold face, so the figure is drawn filled and stroked (text render mode 2)."""

    def __init__(self, label: str, figure: str, font: str, width: float) -> None:
        super().__init__()
        self.label, self.figure, self.font, self.width = label, figure, font, width
        self.height = 26

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setFont(self.font, 10.5)
        c.drawString(0, 8, self.label)
        text = c.beginText(self.width - 4, 6)
        c.setLineWidth(0.45)
        text.setFont(self.font, 18)
        text.setTextRenderMode(2)
        figure = self.figure
        text.setTextOrigin(self.width - 4 - c.stringWidth(figure, self.font, 18), 6)
        text.textOut(figure)
        c.drawText(text)
        c.setLineWidth(1.2)
        c.line(0, 2, self.width, 2)
        c.restoreState()
