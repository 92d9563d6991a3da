"""変更申込書, 解約申込書 and 解約に伴う費用のお見積り, in the style of the application form; each embeds
its change or cancellation document."""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table

from configurator.documents.common import (
    GRID,
    DocOptions,
    begin_document,
    content_widths,
    fit,
    fit_para,
    format_day,
    para,
    render_pdf,
    styles,
    table_style,
    whole_para,
)
from configurator.documents.fonts import japanese_font
from configurator.documents.form import (
    FRAME_W,
    ListStart,
    _era,
    _kv_table,
    _list_table,
    list_tail,
    signature_box,
)
from configurator.documents.pdfa import search_keys
from configurator.lifecycle import FIELD_LABELS, CancelResult, ChangeResult
from configurator.lifecycle.cancel import EXEMPTIONS, LOST_DEVICE_NOTICE
from configurator.lifecycle.common import read_date
from configurator.lifecycle.dates import CANCELLATION_DATE, cancel_services, requested_too_early
from configurator.tariff.catalogue import catalogue
from configurator.text.jpformat import format_yen

#: what the number printed on a change or cancellation form is: the 見積番号 (with its 版) of the contracted
#: order it changes or cancels (the contract screen prints the contract's, store.issue_number), not a
#: number of this form and not a quote: labelled like the 「ご契約の件名」 under it
CONTRACT_NUMBER = "ご契約の見積番号"


def _doc(
    title: str,
    document: dict[str, Any],
    options: DocOptions,
    story_fn: Any,
    sample: bool = False,
    amount: int | None = None,
    dated: bool = False,
) -> bytes:
    """A change or cancellation application. One 申込日: with `dated`, printed at the top (the request
    date the document records, else the document date) and no 申込日 row in the signature box;
    otherwise the top says 作成日 and the box has a blank 申込日 to fill in by hand."""
    begin_document()
    font = japanese_font(options.font_path, options.font_index)
    st = styles(font.name)
    number = fit(options.number, st.right, FRAME_W / 2, 1, CONTRACT_NUMBER) or "(未採番)"
    applied = _day(document.get("request_date") or options.issue_date, options.wareki)
    top = f"申込日: {applied}" if dated else f"作成日: {format_day(options.issue_date, options.wareki)}"
    story: list[Any] = [
        para(title, st.title),
        para(f"{top}    {CONTRACT_NUMBER}: {number}", st.right),
        Spacer(1, 2 * mm),
    ]
    base = document.get("base") or {}
    c = base.get("customer") or {}
    story.append(
        _kv_table(
            [
                ("ご契約者", c.get("name")),
                ("ご担当者", c.get("contact")),
                ("件名", document.get("title")),
                ("ご契約の件名", base.get("title")),
            ],
            st,
        )
    )
    story_fn(story, st)
    tail = _last_table_and_notes(story, st)
    story.append(
        KeepTogether(
            [
                *tail,
                Spacer(1, 4 * mm),
                para("申込者の確認", st.heading),
                para("□ 記載内容を確認し、個別規程に従って申し込みます。", st.small),
                Spacer(1, 2 * mm),
                signature_box(st, ["申込者(記名)"], dated=not dated, era=_era(options)),
            ]
        )
    )
    return render_pdf(
        story,
        font=font,
        document=document,
        title=title,
        number=number,
        draft=options.draft,
        sample=sample,
        author=options.issuer.company,
        date=options.issue_date,
        search_keys=search_keys(options.issue_date, amount, str(c.get("name") or "")),
        number_label=CONTRACT_NUMBER,
    )


#: the height of the 申込者 row left blank: room to write the name by hand
BLANK_ROW_H = 11 * mm


def _applicant_table(
    name: Any, rows: list[tuple[str, str]], st: Any, label_w: float = 38 * mm
) -> Table:
    """申込者 and the rows after it, label and value as in the form's tables. No 申込者 known (neither typed
    nor the contract's 契約者): an empty row tall enough to write the name in by hand, never the label
    running into the next."""
    who = str(name or "").strip()
    heights: list[float | None] = [None if who else BLANK_ROW_H] + [None] * len(rows)
    return _kv_table([("申込者", who), *rows], st, label_w, lines=3, heights=heights)


def _last_table_and_notes(story: list[Any], st: Any) -> list[Any]:
    """Take from the end of `story` its last table with the notes after it (and the heading right
    before it), for the signature box to keep: the box is never alone on a page. Of a list, only its
    last rows (form.list_tail): the rows before them are not sent to the next page with the box. A list
    kept with its totals (a KeepTogether of form._list_table: a short list whole, or a long one's last
    rows) is taken as it is, with its title if it is the whole list: not the tables above it (a 変更申込書
    sent its 一時費用 and their heading to the next page with the box, leaving half a page empty)."""
    at = len(story)
    while at > 0 and not isinstance(story[at - 1], (Table, KeepTogether)):
        at -= 1
    if at == 0:
        return []
    at -= 1  # the table
    if isinstance(story[at], KeepTogether):
        # its content, not the KeepTogether: one inside the box's KeepTogether measures as a whole page
        # (ReportLab's KeepTogether.wrap answers 0xffffff to be split), and so does a ListStart (a
        # page-break test): either sent the box to a new page wherever it stood
        kept = [*story[at]._content, *story[at + 1 :]]
        lead = at
        while lead > 0 and isinstance(story[lead - 1], Paragraph):
            lead -= 1
        if lead > 0 and isinstance(story[lead - 1], ListStart):  # the list's title, kept with it
            tail = [*story[lead:at], *kept]
            del story[lead - 1 :]
            return tail
        del story[at:]
        return kept
    parts = list_tail(story[at])
    if parts is not None:
        before, last = parts
        tail = [last, *story[at + 1 :]]
        story[at:] = before
        return tail
    if at > 0 and isinstance(story[at - 1], Paragraph) and story[at - 1].style.name == st.heading.name:
        at -= 1
    tail = story[at:]
    del story[at:]
    return tail


def _fitted_table(
    header: list[str], rows: list[list[Any]], wrap: tuple[int, ...], st: Any, **kw: Any
) -> list[Any]:
    """A list table (form._list_table) whose column widths come from its content: names, dates and
    amounts whole, the columns in `wrap` (long names, reasons) taking the room left."""
    widths = content_widths(header, rows, st.cell, FRAME_W, wrap=wrap)
    return list(_list_table(header, rows, widths, st, **kw))


def site_names(document: dict[str, Any]) -> dict[str, str]:
    """拠点名 by site id, from the proposed order and then the base: a document shows names, not ids."""
    names: dict[str, str] = {}
    for order in (document.get("base") or {}, document.get("proposed") or {}):
        for net in order.get("vpn_networks") or []:
            for site in ([net.get("parent")] if net.get("parent") else []) + list(net.get("children") or []):
                if site.get("id") and site.get("name"):
                    names[str(site["id"])] = str(site["name"])
    return names


def totals_table(label: str, subtotal: int, st: Any, tax_rate: Decimal | None = None) -> Table:
    """小計(税抜), 消費税 and 合計(税込), right-aligned under a fee table."""
    from configurator.pricing.books import sample_price_book
    from configurator.pricing.quote import tax_of

    rate = tax_rate if tax_rate is not None else sample_price_book().tax_rate  # every price book: 0.10
    tax = tax_of(subtotal, rate)
    rows = [
        [para(f"{label} 小計(税抜)", st.cell_right), format_yen(subtotal)],
        [para(f"消費税({int(rate * 100)}%、1円未満切り捨て)", st.cell_right), format_yen(tax)],
        [para(f"{label} 合計(税込)", st.cell_right), format_yen(subtotal + tax)],
    ]
    table = Table(rows, colWidths=[FRAME_W - 40 * mm, 40 * mm])
    table.setStyle(
        table_style(
            st,
            ("ALIGN", (1, 0), (1, -1), "RIGHT"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LINEABOVE", (0, -1), (-1, -1), 0.6, GRID),
            ("FONT", (1, -1), (1, -1), st.font, 9.5),
            ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        )
    )
    return table


def lost_total_table(amount: int, st: Any) -> Table:
    """亡失負担金 合計(不課税), right-aligned under the lost devices, like totals_table's total."""
    table = Table(
        [[para("亡失負担金 合計(不課税: 消費税はかかりません)", st.cell_right), format_yen(amount)]],
        colWidths=[FRAME_W - 40 * mm, 40 * mm],
    )
    table.setStyle(
        table_style(
            st,
            ("ALIGN", (1, 0), (1, -1), "RIGHT"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LINEABOVE", (0, 0), (-1, 0), 0.6, GRID),
            ("FONT", (1, 0), (1, 0), st.font, 9.5),
            ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        )
    )
    return table


def _day(x: Any, wareki: bool = False) -> str:
    """A date of the document (a date or an ISO string) in the chosen style; — when there is none."""
    import datetime as dt

    if not x:
        return "—"
    if isinstance(x, str):
        try:
            x = dt.date.fromisoformat(x)
        except ValueError:
            return str(x)
    return format_day(x, wareki)


def build_change_form(result: ChangeResult, options: DocOptions) -> bytes:
    _d = partial(_day, wareki=options.wareki)
    cat = catalogue()
    doc = result.document
    tariff = cat.tariff("vpn")
    names = site_names(doc)

    def site(sid: str) -> str:
        return names.get(sid, sid)

    def story_fn(story: list[Any], st: Any) -> None:
        story.append(para(f"■ {tariff['service_name']} 契約内容の変更(個別規程 第9条・第10条)", st.heading))
        story.append(_applicant_table(doc.get("requested_by"), [("変更日", _d(doc.get("change_date")))], st))
        story.append(Spacer(1, 2 * mm))  # the list's lead apart from the table above it
        rows = [
            [
                site(c.site),
                "VPN機器" if c.kind == "device" else "プライベートスイッチ",
                cat.device_name(c.before),
                cat.device_name(c.after),
                f"{c.devices}台",
                f"{_d(c.new_term_start)}〜\n{_d(c.new_term_end)}",
                _d(c.return_deadline),
                format_yen(c.fee) if c.fee is not None else "—",
            ]
            for c in result.device_changes
        ]
        story.extend(
            _fitted_table(
                [
                    "拠点",
                    "対象",
                    "変更前",
                    "変更後",
                    "台数",
                    "新しい\n最低利用期間",
                    "旧機器の\n返還期限",
                    "一時費用",
                ],
                rows,
                (1, 2, 3),
                st,
                title="機器種別の変更",
                right=(4, 7),
                first_centred=False,
                lead=(para("機器種別の変更(第9条第1項、別紙4)", st.body),),
            )
        )
        if any(c.return_deadline for c in result.device_changes):
            story.append(Spacer(1, 2 * mm))  # a note of its own, not one more row of the table
            story.append(whole_para(f"※ 旧機器の返還期限について: {LOST_DEVICE_NOTICE}", st.small, FRAME_W))
        story.append(Spacer(1, 2 * mm))
        story.extend(
            _fitted_table(
                ["拠点", "変更する項目"],
                [
                    [site(s.site), "、".join(FIELD_LABELS.get(f, f) for f in s.fields)]
                    for s in result.settings_changes
                ],
                (1,),
                st,
                title="設定の変更",
                first_centred=False,
                lead=(para("設定の変更(第10条: 親拠点の契約者からのお申し込みに限ります)", st.body),),
            )
        )
        story.append(Spacer(1, 2 * mm))
        fee = cat.vpn["settings_change_fee"]
        hours = fee["business_hours"]
        fee_title = para(
            f"設定変更作業の費用({fee['citation']}: 機器1台・1作業ごと。{hours['start']}〜{hours['end']}"
            "は"
            f"{format_yen(fee['inside_hours_yen'])}、それ以外は{format_yen(fee['outside_hours_yen'])})",
            st.body,
        )
        story.extend(
            _fitted_table(
                ["拠点", "作業時間", "台数", "区分", "お支払い(第10条第4項)", "金額"],
                [
                    [
                        site(f["site"]),
                        f"{f['start']}〜{f['end']}",
                        f"{f['devices']}台",
                        "営業時間内" if f["inside_business_hours"] else "営業時間外",
                        f.get("payer") or "親たる契約の契約者",
                        format_yen(f["amount"]),
                    ]
                    for f in result.settings_fees
                ],
                (4,),
                st,
                title="設定変更作業",
                right=(2, 5),
                first_centred=False,
                lead=(fee_title,),
            )
        )
        if result.settings_fees:
            payers = sorted({f.get("payer") or "親たる契約の契約者" for f in result.settings_fees})
            story.append(Spacer(1, 2 * mm))  # a note of its own, not one more row of the table
            story.append(
                fit_para(
                    f"設定変更作業の費用は、親たる契約の契約者({'、'.join(payers)})にお支払いいただきます"
                    "(第10条第4項)。",
                    st.small,
                    FRAME_W,
                    4,
                    "設定変更作業の費用の支払者",
                )
            )
        story.append(Spacer(1, 2 * mm))
        story.append(para("一時費用(機器種別の変更と設定変更作業)", st.heading))
        story.append(totals_table("一時費用", result.one_time_total, st))
        if result.options_added:
            rows = []
            for c in result.options_added:
                name = cat.vpn_options[c.option]["name"]
                if c.option == "private_switch":
                    name += f" {cat.device_name(c.after)}"
                term = f"{_d(c.term_start)}〜{_d(c.term_end)}" if c.term_start else "なし"
                rows.append(
                    [
                        site(c.site),
                        name,
                        str(c.quantity),
                        term,
                        format_yen(c.initial_fee) if c.initial_fee is not None else "—",
                        format_yen(c.monthly_fee) if c.monthly_fee is not None else "—",
                    ]
                )
            story.append(Spacer(1, 2 * mm))  # the list's lead apart from the totals above it
            story.extend(
                _fitted_table(
                    ["拠点", "オプション", "数量", "最低利用期間", "初期費用", "月額"],
                    rows,
                    (1,),
                    st,
                    title="オプションの追加",
                    right=(2, 4, 5),
                    first_centred=False,
                    lead=(
                        para(
                            "オプションの追加(第17条第1項。最低利用期間はそれぞれの課金開始日から: "
                            "第17条第3項)",
                            st.body,
                        ),
                    ),
                    after=(totals_table("追加オプションの初期費用", result.initial_total, st),),
                )
            )
            story.append(Spacer(1, 2 * mm))
            story.append(para(f"月額の増加(税抜): {format_yen(result.monthly_increase)}", st.body))
        if result.options_removed:
            story.append(Spacer(1, 2 * mm))
            story.extend(
                _fitted_table(
                    ["拠点", "オプション", "数量"],
                    [
                        [site(c.site), cat.vpn_options[c.option]["name"], str(c.quantity)]
                        for c in result.options_removed
                    ],
                    (1,),
                    st,
                    title="オプションの利用停止",
                    right=(2,),
                    first_centred=False,
                    lead=(
                        para(
                            "次のオプションの利用停止は、この変更申込書ではなく解約申込書でお申し込みください"
                            "(第17条第4項)。",
                            st.body,
                        ),
                    ),
                )
            )
        if result.issues:
            story.append(para("規程の確認結果", st.heading))
            for i in result.issues:
                story.append(para(f"{'エラー' if i.is_error else '警告'}: {i.message}({i.cite()})", st.small))

    return _doc("変更申込書", doc, options, story_fn, dated=True)


def build_cancel_form(result: CancelResult, options: DocOptions) -> bytes:
    _d = partial(_day, wareki=options.wareki)
    doc = result.document

    def story_fn(story: list[Any], st: Any) -> None:
        story.append(para("■ 解約のお申し込み", st.heading))
        story.append(_applicant_table(doc.get("requested_by"), [], st, label_w=50 * mm))
        story.append(
            _kv_table(
                [
                    ("解約申込書の到達日", _d(doc.get("notice_date"))),
                    ("ご指定の解除日", _requested_date_text(result, _d)),
                    ("解除の効力が生じる日", _d(result.effective_date)),
                ],
                st,
                label_w=50 * mm,
            )
        )
        story.append(Spacer(1, 2 * mm))  # the note apart from the dates' table
        story.append(
            para(
                "解除の効力は、解約申込書が当社に到達した日から30日を経過する日と、"
                "ご指定の日の遅い日に生じます"
                f"({_cited(result, _EFFECT_ARTICLES)}{_option_articles(result)})。",
                st.small,
            )
        )
        if result.cascade:
            story.append(Spacer(1, 2 * mm))  # the list's lead apart from the note above it
            story.append(
                para(
                    "マネージメント(親たる契約)の解約により、次の子たる契約も同じ日に解除されます(認証アウト"
                    "ソース 第8条第2項)。",
                    st.body,
                )
            )
        rows = [
            [
                c.name,
                "ご指定" if c.reason == "requested" else "親たる契約の解約による",
                _d(result.effective_date),
                _d(c.return_deadline),
            ]
            for c in result.items
        ]
        story.append(Spacer(1, 2 * mm))  # the list apart from the sentences above it
        story.extend(
            _fitted_table(
                ["解約する契約・オプション", "理由", "解除日", "機器の返還期限"],
                rows,
                (0, 1),
                st,
                title="解約する契約",
                first_centred=False,
            )
        )
        _charges_and_devices(story, st, result, _d)
        left = [i for i in result.issues if i.rule != CANCELLATION_DATE]  # the date's: beside the date
        if left:
            story.append(para("ご注意", st.heading))
            for i in left:
                story.append(para(f"{i.message}(解約後に残る契約について: {i.cite()})", st.small))

    return _doc("解約申込書", doc, options, story_fn)


def _requested_date_text(result: CancelResult, _d: Any) -> str:
    """The ご指定の解除日 as the customer gave it, and, when it is not the day the cancellation takes effect
    (before the notice reached the company, or within the 30 days after it: VPN 第18条, 認証 第8条第1項),
    beside it the day it does take effect and why, so that neither the customer nor the approver reads
    the form as cancelling on the date asked for."""
    doc = result.document
    requested = read_date(doc, "requested_date", "ご指定の解除日")
    if requested is None:
        return "指定なし"
    too_early = requested_too_early(read_date(doc, "notice_date", "解約申込書の到達日"), requested)
    if too_early is None:
        return str(_d(requested))
    why = {
        "notice": "解約申込書の到達日より前の日のため",
        "days": "解約申込書の到達日から30日を経過する日より前のため",
    }[too_early]
    effective = _d(result.effective_date)
    return f"{_d(requested)}(この日には解除されません。{why}、解除の効力は{effective}に生じます)"


#: the articles a cancellation cites, of each tariff: (service, the tariff and its articles as cited)
_EFFECT_ARTICLES = (("vpn", "マネージドVPN PRO 第18条"), ("auth", "認証アウトソース 第8条第1項"))
_EFFECT_OPTION_ARTICLES = (("vpn", "第17条第4項"), ("auth", "第7条第4項"))
_CHARGE_ARTICLES = (("vpn", "マネージドVPN PRO 第20条・別紙2"), ("auth", "認証アウトソース 第10条・別紙2"))
_EXEMPT_ARTICLES = (("vpn", "マネージドVPN PRO 第20条第1項"), ("auth", "認証アウトソース 第10条第1項"))
_EXEMPT_OPTION_ARTICLES = (("vpn", "第20条第2項"), ("auth", "第10条第2項"))


def _cited(result: CancelResult, articles: tuple[tuple[str, str], ...], sep: str = "、") -> str:
    """The articles of the tariffs the cancellation falls under (its targets' services), not of a
    service it does not touch: a VPN-only cancellation cites no 認証アウトソース article."""
    doc = result.document
    services = cancel_services(doc.get("targets") or [], doc.get("base") or {})
    return sep.join(text for service, text in articles if service in services)


def _option_articles(result: CancelResult) -> str:
    both = _cited(result, _EFFECT_OPTION_ARTICLES, "・")
    return f"、オプションは{'各' if '・' in both else ''}{both}" if both else ""


def _exemption_text(result: CancelResult) -> str | None:
    if not result.exemption:
        return None
    return (
        f"{EXEMPTIONS[result.exemption]}による解除のため、契約の最低利用期間内解除調定金は0円です"
        f"({_cited(result, _EXEMPT_ARTICLES)})。"
        "オプションの解除調定金は免除されません"
        f"(同 {_cited(result, _EXEMPT_OPTION_ARTICLES)})。"
    )


def _lost_table(result: CancelResult, _d: Any, st: Any, after: tuple[Any, ...] = ()) -> list[Any]:
    """The devices not returned by their deadline with their 亡失負担金, as the form and the cancellation
    quote both print them; `after`: the total under them, kept with their last rows."""
    return _fitted_table(
        ["拠点", "返還期限", "亡失負担金"],
        _lost_rows(result, _d),
        (0,),
        st,
        title="亡失負担金",
        right=(2,),
        first_centred=False,
        after=after,
    )


def _lost_rows(result: CancelResult, _d: Any) -> list[list[Any]]:
    return [
        [
            d.name,
            _d(d.return_deadline),
            format_yen(d.charge) if d.charge is not None else "当社が別途示します(要確認)",
        ]
        for d in result.lost_devices
    ]


def _charges_and_devices(story: list[Any], st: Any, result: CancelResult, _d: Any) -> None:
    """The exemption (一般規程第28条第2項・第3項), the consequence of a device not returned (第16条第2項)
    and the 亡失負担金 of the devices recorded as not returned, on the 解約申込書."""
    exempt = _exemption_text(result)
    if exempt:
        story.append(para("最低利用期間内解除調定金の免除", st.heading))
        story.append(para(exempt, st.small))
        rows = [[c.name, c.exemption or "", format_yen(c.charge)] for c in result.items if c.exemption]
        story.extend(
            _fitted_table(
                ["契約", "免除の根拠", "解除調定金"],
                rows,
                (0, 1),
                st,
                title="解除調定金の免除",
                right=(2,),
                first_centred=False,
            )
        )
    if any(c.return_deadline for c in result.items):
        story.append(Spacer(1, 2 * mm))  # a note of its own, not one more row of the table
        story.append(whole_para(f"※ 機器の返還期限について: {LOST_DEVICE_NOTICE}", st.small, FRAME_W))
    if result.lost_devices:
        story.append(para("返還されていない機器の亡失負担金(第14条第3項・第16条第2項)", st.heading))
        story.extend(_lost_table(result, _d, st))


def build_cancel_quote(result: CancelResult, options: DocOptions) -> bytes:
    """解約に伴う費用のお見積り: a quote in form (宛名, issuer, 見積番号, 発行日, 有効期限, the 税込 total);
    no signature box and no wording a reader could take for the cancellation itself."""
    from configurator.documents.quote import check_issuer, quote_head

    check_issuer(options)
    begin_document()
    _d = partial(_day, wareki=options.wareki)
    font = japanese_font(options.font_path, options.font_index)
    st = styles(font.name)
    doc = result.document
    base = doc.get("base") or {}
    customer = base.get("customer") or {}
    number = fit(options.number, st.small, 45 * mm, 2, "見積番号") or "(未採番)"
    title = "解約に伴う費用のお見積り"
    totals = totals_table("最低利用期間内解除調定金", result.total_charge, st)
    charges_total = result.total_charge + _tax(result.total_charge)
    # 亡失負担金 with a price is in the headline, as a line of its own outside the taxed total: it is
    # the recovery cost of the company's device lost in the customer's hands (VPN 第16条第2項),
    # compensation for a loss and not the price of a sale or a service, so outside the scope of
    # consumption tax (不課税; 消費税法基本通達5-2-5), and the tariff adds no tax to it
    lost_total = sum(d.charge for d in result.lost_devices if d.charge is not None)
    priced_lost = any(d.charge is not None for d in result.lost_devices)
    unpriced_lost = any(d.charge is None for d in result.lost_devices)
    tax_total = charges_total + lost_total
    breakdown = [f"最低利用期間内解除調定金 合計(税込) {format_yen(charges_total)}"] if priced_lost else []
    if priced_lost:
        breakdown.append(f"亡失負担金 合計(不課税、第16条第2項) {format_yen(lost_total)}")
    story: list[Any] = [
        para(title, st.title),
        quote_head(
            st,
            options,
            number,
            customer,
            [("件名", doc.get("title")), ("ご契約", base.get("title"))],
            "ご解約に伴う費用を、下記のとおりお見積り申し上げます。",
            tax_total,
            [*breakdown, f"解除の効力が生じる日: {_d(result.effective_date)}"],
        ),
        Spacer(1, 5 * mm),
    ]
    story.append(para("■ 最低利用期間内解除調定金", st.heading))
    rows = [
        [
            c.name + ("\n免除: " + c.exemption.replace("(", "\n(", 1) if c.exemption else ""),
            format_yen(c.monthly_fee),
            _d(c.billing_start),
            f"{c.min_term_months}か月" if c.min_term_months else "なし",
            f"{c.remaining_months}か月",
            format_yen(c.charge),
        ]
        for c in result.items
    ]
    story.extend(
        _fitted_table(
            ["契約・オプション", "月額費用", "課金開始日", "最低利用期間", "残余期間", "解除調定金"],
            rows,
            (0,),
            st,
            title="解約する契約",
            right=(1, 3, 4, 5),
            first_centred=False,
            after=(totals,),
        )
    )
    if result.lost_devices:
        story.append(Spacer(1, 3 * mm))
        story.append(
            para("■ 亡失負担金(返還期限までに返還されていない機器: 第14条第3項・第16条第2項)", st.heading)
        )
        story.extend(_lost_table(result, _d, st, (lost_total_table(lost_total, st),) if priced_lost else ()))
        if priced_lost or unpriced_lost:
            story.append(Spacer(1, 2 * mm))  # a note of its own, not one more line of the totals
        if priced_lost:
            story.append(
                whole_para(
                    "亡失負担金は、返還期限までに返還されなかった機器の回復に要する費用(第16条第2項)で、"
                    "資産の譲渡や役務の対価ではない損害の補償として消費税の対象外(不課税)とし、"
                    "御見積金額に含めています。請求は当社が発行する請求書によります(同項)。",
                    st.small,
                    FRAME_W,
                )
            )
        if unpriced_lost:
            story.append(
                para(
                    ("金額が示されていない" if priced_lost else "")
                    + "亡失負担金は御見積金額に含みません。返還期限までに返還されなかった機器について、"
                    "消費税の扱いを含めて請求時に当社が示します。",
                    st.small,
                )
            )
    story.append(Spacer(1, 3 * mm))
    story.append(para("備考", st.heading))
    for n, text in enumerate(
        [
            "最低利用期間内に解除される契約・オプションは、残余の期間に対応する月額費用をお支払いいただきます"
            f"({_cited(result, _CHARGE_ARTICLES)})。残余期間は、"
            "解除日から最低利用期間の満了日"
            "までの月数で、1か月に満たない端数は1か月と数えています。"
            "一般規程第28条第2項・第3項による解除の場合はいただきません。",
            "本書は費用のお見積りです。解約のお申し込みは、当社所定の解約申込書で行ってください。",
            *([exempt] if (exempt := _exemption_text(result)) else []),
            *([LOST_DEVICE_NOTICE] if any(c.return_deadline for c in result.items) else []),
        ],
        start=1,
    ):
        story.append(whole_para(f"{n}. {text}", st.small, FRAME_W))
    return render_pdf(
        story,
        font=font,
        document=doc,
        title=title,
        number=number,
        draft=options.draft,
        author=options.issuer.company,
        date=options.issue_date,
        search_keys=search_keys(options.issue_date, tax_total, str(customer.get("name") or "")),
    )


def _tax(amount: int) -> int:
    from configurator.pricing.books import sample_price_book
    from configurator.pricing.quote import tax_of

    return tax_of(amount, sample_price_book().tax_rate)


def build_lifecycle_document(kind: str, result: Any, options: DocOptions) -> bytes:
    """'change-form', 'cancel-form' or 'cancel-quote' — for the command line and the app alike."""
    if kind == "change-form":
        return build_change_form(result, options)
    if kind == "cancel-form":
        return build_cancel_form(result, options)
    return build_cancel_quote(result, options)
