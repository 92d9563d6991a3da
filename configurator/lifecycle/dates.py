"""The dates of a change or cancellation document in their order: 申込日 <= 到達日 <= 効力発生日.

A document that would print them out of order is not made (unless a draft): the message says which
dates and what to change."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from typing import Any

from configurator.errors import KnownError
from configurator.lifecycle.common import sites_by_id
from configurator.tariff import calc
from configurator.tariff.catalogue import Catalogue, catalogue
from configurator.tariff.checks.registry import WARNING, Issue
from configurator.text.jpformat import format_date


def _date(x: Any) -> dt.date | None:
    if isinstance(x, dt.date):
        return x
    try:
        return dt.date.fromisoformat(str(x)) if x else None
    except ValueError:
        return None


def parse_typed_date(text: str) -> dt.date | None:
    """A date as typed in a field (YYYY-MM-DD, as calc.parse_date reads it), None while it is not one."""
    if not text.strip():
        return None
    try:
        return calc.parse_date(text.strip(), "")
    except calc.CalcError:
        return None


#: the dates of change and cancellation documents in English (their warnings are in the UI's language)
DATE_LABELS_EN = {
    "申込日": "application date",
    "到達日": "arrival date",
    "効力発生日": "effective date",
    "変更日": "change date",
    "解約申込書の到達日": "date the cancellation notice reaches the company",
    "解除の効力が生じる日": "date the cancellation takes effect",
}


def date_order_texts(
    applied: Any,
    arrived: Any,
    effective: Any,
    labels: tuple[str, str, str] = ("申込日", "到達日", "効力発生日"),
) -> list[tuple[str, str]]:
    """What is out of order among 申込日 <= 到達日 <= 効力発生日 (a date not given is not compared), as
    (Japanese, English) pairs, each naming the two dates."""
    dates = [(label, _date(d)) for label, d in zip(labels, (applied, arrived, effective), strict=True)]
    given = [(label, d) for label, d in dates if d is not None]
    out = []
    for (a, da), (b, db) in itertools.pairwise(given):
        if da > db:
            a_en, b_en = DATE_LABELS_EN.get(a, a), DATE_LABELS_EN.get(b, b)
            out.append(
                (
                    f"{a}({da.isoformat()})が{b}({db.isoformat()})より後です。{a}は{b}以前の日にしてください。",
                    f"The {a_en} ({da.isoformat()}) is after the {b_en} ({db.isoformat()}): make the {a_en} "
                    f"the {b_en} or earlier.",
                )
            )
    return out


def date_order_problems(
    applied: Any,
    arrived: Any,
    effective: Any,
    labels: tuple[str, str, str] = ("申込日", "到達日", "効力発生日"),
) -> list[str]:
    """date_order_texts in Japanese."""
    return [ja for ja, _en in date_order_texts(applied, arrived, effective, labels)]


def date_problem_texts(kind: str, result: Any, issue_date: dt.date) -> list[tuple[str, str]]:
    """What is out of order in the dates a change or cancellation document prints, as (Japanese,
    English) pairs.

    変更申込書: 申込日 (the request date it records, else the document date) <= 変更日.
    解約申込書: 申込日 (a request date it records; otherwise a blank to fill in by hand) <= 解約申込書の
    到達日 <= 解除の効力が生じる日."""
    doc = result.document
    if kind == "change-form":
        return date_order_texts(
            doc.get("request_date") or issue_date, None, doc.get("change_date"), ("申込日", "", "変更日")
        )
    if kind == "cancel-form":
        return date_order_texts(
            doc.get("request_date"),
            doc.get("notice_date"),
            result.effective_date,
            ("申込日", "解約申込書の到達日", "解除の効力が生じる日"),
        )
    return []


def check_date_order(kind: str, result: Any, issue_date: dt.date) -> None:
    """Refuse a 解約申込書 whose dates are out of order, saying which and what to change. (A 変更申込書
    dated after its 変更日 is made with a warning: see date_problem_texts and export.warning_texts.)"""
    problems = date_problem_texts(kind, result, issue_date) if kind == "cancel-form" else []
    if problems:
        raise KnownError(
            "書類の日付の順序が正しくないため作成しません: "
            + " ".join(ja for ja, _en in problems)
            + "(下書きは --draft で作成できます)",
            "The dates of the document are out of order, so it is not made: "
            + " ".join(en for _ja, en in problems)
            + " (a draft can be made with --draft)",
        )


#: the service of a cancellation target, by the first part of its pointer
_SERVICE_OF = {"vpn_networks": "vpn", "auth_units": "auth"}
#: the rule of tariff-rules.md a requested date that does not take effect is told under
CANCELLATION_DATE = "calc.cancellation_date"


def cancel_services(targets: Iterable[str], base: dict[str, Any]) -> list[str]:
    """The tariffs ("vpn", "auth") a cancellation's targets fall under; without targets, those of the
    services the contracted order has."""
    roots = {str(t).strip("/").split("/")[0] for t in targets}
    out = [service for key, service in _SERVICE_OF.items() if key in roots]
    return out or [service for key, service in _SERVICE_OF.items() if base.get(key)]


def requested_too_early(notice: dt.date | None, requested: dt.date | None) -> str | None:
    """Why a ご指定の解除日 is not the day the cancellation takes effect: "notice" (before the notice reached
    the company), "days" (before the day the notice period ends), None (it takes effect, or a date is
    missing)."""
    if notice is None or requested is None or requested >= calc.cancellation_date(notice):
        return None
    return "notice" if requested < notice else "days"


def cancel_date_issues(
    notice: dt.date | None,
    requested: dt.date | None,
    targets: Iterable[str],
    base: dict[str, Any],
    cat: Catalogue | None = None,
) -> list[Issue]:
    """A ご指定の解除日 that does not take effect, one warning per tariff of the cancelled contracts: the
    cancellation takes effect on the later of the day 30 days after the notice reached the company and
    the date the customer names (VPN 第18条・第17条第4項, 認証 第8条第1項・第7条第4項), so a date before
    that day — let alone before the notice reached the company — is not the date of the cancellation.
    Each warning says which date takes effect and why; none when the date is not given or takes effect."""
    why = requested_too_early(notice, requested)
    if why is None or notice is None or requested is None:
        return []
    earliest = calc.cancellation_date(notice)
    cat = cat or catalogue()
    out = []
    for k, service in enumerate(cancel_services(targets, base)):
        days = (cat.vpn if service == "vpn" else cat.auth)["cancellation_notice_days"]
        n = int(days["value"])
        if k:  # the contracts of the other tariff: the same date, under their own article
            name = cat.tariff(service)
            ja = f"{name['service_name']}の契約の解除も、同じく{format_date(earliest)}に効力が生じます。"
            en = f"The {name['service_name_en']} contracts, too, are cancelled as of {earliest.isoformat()}."
        elif why == "notice":
            ja = (
                f"ご指定の解除日({format_date(requested)})が解約申込書の到達日({format_date(notice)})より前"
                "です。さかのぼって解除することはできません。"
            )
            en = (
                f"The requested cancellation date ({requested.isoformat()}) is before the date the "
                f"cancellation notice reaches the company ({notice.isoformat()}): a contract cannot be "
                "cancelled retroactively. "
            )
        else:
            ja = (
                f"ご指定の解除日({format_date(requested)})は、解約申込書の到達日({format_date(notice)})から"
                f"{n}日を経過する日({format_date(earliest)})より前です。"
            )
            en = (
                f"The requested cancellation date ({requested.isoformat()}) is earlier than {n} days after "
                f"the cancellation notice reaches the company ({notice.isoformat()}). "
            )
        if not k:
            ja += (
                f"解除の効力は、到達日から{n}日を経過する日とご指定の日のいずれか遅い日に生じるため、"
                f"ご指定の日ではなく{format_date(earliest)}に生じます。日付を確かめてください。"
            )
            en += (
                f"A cancellation takes effect on the later of the day {n} days after the notice reaches the "
                f"company and the date requested, so it takes effect on {earliest.isoformat()}, not on the "
                "requested date. Check the date."
            )
        citation = str(days["citation"])
        out.append(Issue(CANCELLATION_DATE, WARNING, "/requested_date", ja, en, citation, service))
    return out


#: the warnings on a 変更日 (not rules of the registry: they judge the document's dates)
CHANGE_BEFORE_REQUEST = "change.date.before_request"
CHANGE_BEFORE_BILLING_START = "change.date.before_billing_start"


def change_date_issues(doc: dict[str, Any], touched: Iterable[str] | None = None) -> list[Issue]:
    """What is wrong with the 変更日 of a change order, in both languages with the reason: before its
    申込日 (a change is made on the contractor's request, VPN 第9条第1項), or before the 課金開始日 of a
    contract it changes (a change is made during the contract, 第5条第2項) — the latest billing start of
    the sites in `touched` (their ids), or, while nothing is changed yet, the earliest of the order."""
    change = _date(doc.get("change_date"))
    if change is None:
        return []
    out = []
    request = _date(doc.get("request_date"))
    if request is not None and change < request:
        out.append(
            Issue(
                CHANGE_BEFORE_REQUEST,
                WARNING,
                "/change_date",
                f"変更日({format_date(change)})が申込日({format_date(request)})より前です。変更は契約者の"
                "申込を受けて行うため、変更日は申込日以降の日にしてください。",
                f"The change date ({change.isoformat()}) is before the application date "
                f"({request.isoformat()}): a change is made on the contractor's request, so the change date "
                "must be on or after the application date.",
                "第9条第1項",
                "vpn",
            )
        )
    sites = sites_by_id(doc.get("base") or {})
    wanted = set(touched or ())
    starts = [
        (start, at)
        for sid, at in sites.items()
        if (not wanted or sid in wanted) and (start := _date(at.site.get("billing_start"))) is not None
    ]
    if starts:
        start, at = max(starts, key=lambda x: x[0]) if wanted else min(starts, key=lambda x: x[0])
        if change < start:
            name = str(at.site.get("name") or at.site.get("id"))
            out.append(
                Issue(
                    CHANGE_BEFORE_BILLING_START,
                    WARNING,
                    "/change_date",
                    f"変更日({format_date(change)})が拠点「{name}」の契約の課金開始日({format_date(start)})より"
                    "前です。契約内容の変更は契約の期間中に行うものです。変更日は課金開始日以降の日にしてくださ"
                    "い。",
                    f"The change date ({change.isoformat()}) is before the billing start date of the "
                    f"contract of site {name!r} ({start.isoformat()}): a contract is changed during its "
                    "term, so the change date must be on or after its billing start.",
                    "第5条第2項, 第9条第1項",
                    "vpn",
                )
            )
    return out
