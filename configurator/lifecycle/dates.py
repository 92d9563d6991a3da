"""The dates of a change or cancellation document in their order: 申込日 <= 到達日 <= 効力発生日.

A document that would print them out of order is not made (unless a draft): the message says which
dates and what to change."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from configurator.errors import KnownError


def _date(x: Any) -> dt.date | None:
    if isinstance(x, dt.date):
        return x
    try:
        return dt.date.fromisoformat(str(x)) if x else None
    except ValueError:
        return None


def date_order_problems(
    applied: Any,
    arrived: Any,
    effective: Any,
    labels: tuple[str, str, str] = ("申込日", "到達日", "効力発生日"),
) -> list[str]:
    """What is out of order among 申込日 <= 到達日 <= 効力発生日 (a date not given is not compared), in
    Japanese, each naming the two dates."""
    dates = [(label, _date(d)) for label, d in zip(labels, (applied, arrived, effective), strict=True)]
    given = [(label, d) for label, d in dates if d is not None]
    out = []
    for (a, da), (b, db) in itertools.pairwise(given):
        if da > db:
            out.append(
                f"{a}({da.isoformat()})が{b}({db.isoformat()})より後です。{a}は{b}以前の日にしてください。"
            )
    return out


def date_problems(kind: str, result: Any, issue_date: dt.date) -> list[str]:
    """What is out of order in the dates a change or cancellation document prints.

    変更申込書: 申込日 (the request date it records, else the document date) <= 変更日.
    解約申込書: 申込日 (a request date it records; otherwise a blank to fill in by hand) <= 解約申込書の
    到達日 <= 解除の効力が生じる日."""
    doc = result.document
    if kind == "change-form":
        return date_order_problems(
            doc.get("request_date") or issue_date, None, doc.get("change_date"), ("申込日", "", "変更日")
        )
    if kind == "cancel-form":
        return date_order_problems(
            doc.get("request_date"),
            doc.get("notice_date"),
            result.effective_date,
            ("申込日", "解約申込書の到達日", "解除の効力が生じる日"),
        )
    return []


def check_date_order(kind: str, result: Any, issue_date: dt.date) -> None:
    """Refuse a 解約申込書 whose dates are out of order, saying which and what to change. (A 変更申込書
    dated after its 変更日 is made with a warning: see date_problems and export.warnings.)"""
    problems = date_problems(kind, result, issue_date) if kind == "cancel-form" else []
    if problems:
        raise KnownError(
            "書類の日付の順序が正しくないため作成しません: "
            + " ".join(problems)
            + "(下書きは --draft で作成できます)",
            "The dates of the document are out of order (application <= arrival <= effective date).",
        )
