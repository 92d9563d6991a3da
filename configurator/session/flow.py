"""The wizard's flow as plain Python: its pages, which apply to an order, what each one needs, and
which page a field (JSON pointer) belongs to. The Qt wizard only renders this."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from configurator.text.i18n import N_


@dataclass(frozen=True)
class Page:
    id: str
    title: str
    help: str
    #: which service the page belongs to: None (always), "vpn" or "auth"
    service: str | None = None


PAGES: tuple[Page, ...] = (
    Page(
        "customer",
        N_("お客様情報"),
        N_("お客様の会社名・ご担当者・連絡先を入力します。見積書の宛名と申込書に使います。"),
    ),
    Page(
        "services",
        N_("サービス"),
        N_("お申し込みのサービスを選びます。IIJマネージドVPN PRO、IIJ認証アウトソース、または両方です。"),
    ),
    Page(
        "vpn_topology",
        N_("VPN網と拠点"),
        N_("VPN網ごとに親拠点を1つと子拠点を登録します。表に貼り付けたりCSVから取り込んだりできます。"),
        "vpn",
    ),
    Page(
        "auth_units",
        N_("認証の管理単位"),
        N_("管理単位ごとにマネージメント(レルム)と、クライアント・プロキシ・VPDNを登録します。"),
        "auth",
    ),
    Page(
        "vpn_devices",
        N_("品目・機器・保守"),
        N_("VPN網の品目(構成)と保守種別、拠点ごとのVPN機器を選びます。選べない機器には理由が表示されます。"),
        "vpn",
    ),
    Page(
        "vpn_options",
        N_("オプション"),
        N_("拠点ごとのオプションを選びます。複数の拠点を選んでまとめて設定できます。"),
        "vpn",
    ),
    Page(
        "terms",
        N_("期間と適用日"),
        N_("拠点ごとの最低利用期間(1年または3年)と、規程・価格表を適用する日を確認します。"),
    ),
    Page(
        "review",
        N_("確認"),
        N_(
            "規程の確認結果と見積の合計です。項目をダブルクリックするか、選んで Enter を押すと該当の入力欄に"
            "移ります。"
        ),
    ),
    Page("export", N_("出力"), N_("見積書・申込書をPDFで保存、注文ファイルの保存、印刷を行います。")),
)
PAGE_IDS = tuple(p.id for p in PAGES)
_BY_ID = {p.id: p for p in PAGES}


def page(page_id: str) -> Page:
    return _BY_ID[page_id]


def services_of(order: dict[str, Any]) -> set[str]:
    """The services an order uses: those chosen on the services page (the added field "services") and those
    it has content for."""
    chosen = set(order.get("services") or [])
    if order.get("vpn_networks"):
        chosen.add("vpn")
    if order.get("auth_units"):
        chosen.add("auth")
    return chosen


def pages_for(order: dict[str, Any]) -> list[Page]:
    """The pages that apply to this order, in the order a sale goes."""
    services = services_of(order)
    return [p for p in PAGES if p.service is None or p.service in services]


def next_page(order: dict[str, Any], current: str) -> str | None:
    ids = [p.id for p in pages_for(order)]
    if current not in ids:
        return ids[0]
    i = ids.index(current)
    return ids[i + 1] if i + 1 < len(ids) else None


def previous_page(order: dict[str, Any], current: str) -> str | None:
    ids = [p.id for p in pages_for(order)]
    if current not in ids:
        return None
    i = ids.index(current)
    return ids[i - 1] if i > 0 else None


_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^/customer(/|$)"), "customer"),
    (re.compile(r"^$"), "services"),
    (re.compile(r"^/(title|tariff_date)$"), "terms"),
    (re.compile(r"^/vpn_networks/\d+/(item|maintenance|closed_monitoring)(/|$)"), "vpn_devices"),
    (re.compile(r"^/vpn_networks/\d+/(parent|children/\d+)/device$"), "vpn_devices"),
    (re.compile(r"^/vpn_networks/\d+/(parent|children/\d+)/options(/|$)"), "vpn_options"),
    (re.compile(r"^/vpn_networks/\d+/(parent|children/\d+)/term_years$"), "terms"),
    (re.compile(r"^/vpn_networks(/|$)"), "vpn_topology"),
    (re.compile(r"^/auth_units(/|$)"), "auth_units"),
)


@lru_cache(maxsize=65536)
def page_of(pointer: str) -> str:
    """The page where the field at `pointer` is edited (remembered: the page list counts the findings of a
    whole order by page after every edit, mostly at the same pointers as before)."""
    for pattern, page_id in _RULES:
        if pattern.search(pointer):
            return page_id
    return "review"


def issues_by_page(issues: Iterable[Any]) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {p.id: [] for p in PAGES}
    for issue in issues:
        out[page_of(issue.path)].append(issue)
    return out


@dataclass(frozen=True)
class Counts:
    """How many findings, as the page list and the status line count them: errors and warnings of the
    rules and of the application form alike; `form_errors` of the errors and `form_warnings` of the
    warnings are the form's (rule ids form.*): each share a part of what it qualifies."""

    errors: int
    warnings: int
    form_errors: int = 0
    form_warnings: int = 0


def count_issues(issues: Iterable[Any]) -> Counts:
    errors = warnings = form_errors = form_warnings = 0
    for i in issues:
        form = str(i.rule).startswith("form.")
        if i.is_error:
            errors += 1
            form_errors += form
        else:
            warnings += 1
            form_warnings += form
    return Counts(errors, warnings, form_errors, form_warnings)


def can_leave(order: dict[str, Any], page_id: str) -> tuple[bool, str]:
    """What a page needs before Next: only the services page blocks (a service must be chosen);
    every other problem is shown but never traps the user — an order with errors can be saved."""
    if page_id == "services" and not services_of(order):
        return False, N_("サービスを1つ以上選んでください。")
    return True, ""


def export_notes(order: dict[str, Any]) -> list[tuple[str, str]]:
    """What the documents will lack that no tariff rule checks, as (pointer, message): told on the
    export page before a quote goes out, never blocking it (a blank addressee is left for
    handwriting, as on a printed form)."""
    from configurator.text.i18n import pick

    notes = []
    customer = order.get("customer")
    c: dict[str, Any] = customer if isinstance(customer, dict) else {}
    if not str(c.get("name") or "").strip() and not str(c.get("contact") or "").strip():
        notes.append(
            (
                "/customer/name",
                pick(
                    "お客様名が入力されていません。見積書の宛名は空欄(手書き用)になります。"
                    "「お客様情報」で入力できます。",
                    "No customer name: the quote's addressee is left blank for handwriting. Enter it on "
                    "Customer.",
                ),
            )
        )
    if not str(order.get("title") or "").strip():
        notes.append(
            (
                "/title",
                pick(
                    "件名が入力されていません。見積書の件名が空欄になります。「お客様情報」で入力できます。",
                    "No title: the quote's subject is left blank. Enter it on Customer.",
                ),
            )
        )
    return notes
