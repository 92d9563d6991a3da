"""Dates of change and cancellation documents in order: 申込日 <= 到達日 <= 効力発生日 (issue 13 D)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from configurator.documents import export
from configurator.errors import KnownError
from configurator.lifecycle import analyse_cancel, analyse_change
from configurator.lifecycle.dates import date_order_problems
from tests.conftest import example
from tests.test_documents import opts


def test_the_order_of_the_dates_with_its_message() -> None:
    assert date_order_problems("2026-11-01", "2026-11-22", "2026-12-31") == []
    assert date_order_problems("2026-11-25", "2026-11-22", "2026-12-31") == [
        "申込日(2026-11-25)が到達日(2026-11-22)より後です。申込日は到達日以前の日にしてください。"
    ]
    assert date_order_problems(None, "2026-11-22", "2026-11-01")[0].startswith(
        "到達日(2026-11-22)が効力発生日"
    )


def test_a_cancellation_form_applied_after_its_arrival_is_not_made(tmp_path: Path) -> None:
    doc = example("cancel.iij-cancel.json")
    doc["request_date"] = "2026-12-07"  # after the notice reached the company (2026-12-04)
    result = analyse_cancel(doc)
    with pytest.raises(KnownError) as err:
        export.build("cancel-form", result, opts())
    assert "申込日(2026-12-07)が解約申込書の到達日(2026-12-04)より後です" in err.value.message
    assert export.build("cancel-form", result, opts(draft=True))  # a draft is made
    doc["request_date"] = "2026-12-01"
    assert export.build("cancel-form", analyse_cancel(doc), opts())


def test_a_change_form_dated_after_its_change_date_is_made_with_a_warning() -> None:
    doc = example("change.iij-change.json")
    late = dt.date.fromisoformat(doc["change_date"]) + dt.timedelta(days=1)
    doc["request_date"] = late.isoformat()
    result = analyse_change(doc)
    assert export.build("change-form", result, opts())
    [warning] = [w for w in export.warnings("change-form", result, opts()) if "変更日" in w]
    assert f"申込日({late.isoformat()})が変更日({doc['change_date']})より後です" in warning
    doc["request_date"] = doc["change_date"]
    assert not [w for w in export.warnings("change-form", analyse_change(doc), opts()) if "変更日" in w]


def test_a_requested_date_before_the_arrival_is_told_with_the_date_that_takes_effect(tmp_path: Path) -> None:
    """VPN 第18条, 認証 第8条第1項: the later of 30 days after arrival and the requested date. A requested
    date before the arrival (or within the 30 days) is not the cancellation date: a warning says which is,
    why and under which article, in both languages; the form prints the date asked for with the one that
    takes effect beside it."""
    from configurator.lifecycle.dates import CANCELLATION_DATE
    from tests.test_documents_lifecycle_clauses import flat

    doc = example("cancel.iij-cancel.json")  # a VPN child site and an auth management
    doc["notice_date"], doc["requested_date"] = "2026-12-03", "2026-01-01"
    result = analyse_cancel(doc)
    assert result.effective_date == dt.date(2027, 1, 2) and result.valid  # a warning, not a refusal
    vpn, auth = [i for i in result.issues if i.rule == CANCELLATION_DATE]
    assert (vpn.severity, vpn.tariff, vpn.citation) == ("warning", "vpn", "第18条, 第17条第4項")
    assert (auth.tariff, auth.citation) == ("auth", "第8条第1項, 第7条第4項")
    assert "ご指定の解除日(2026年1月1日)が解約申込書の到達日(2026年12月3日)より前です" in vpn.message
    assert "ご指定の日ではなく2027年1月2日に生じます" in vpn.message
    assert "takes effect on 2027-01-02, not on the requested date" in vpn.message_en
    assert "2027年1月2日" in auth.message and "2027-01-02" in auth.message_en
    form = flat(export.build("cancel-form", result, opts()), tmp_path)
    # the date asked for, and beside it (the cell wraps round its label) the one that takes effect
    assert "2026年1月1日(この日には解除されません。解約申込書の到達日より前の日のため、解除の効力は" in form
    assert "ご指定の解除日2027年1月2日に生じます)" in form
    assert [en for _ja, en in export.warning_texts("cancel-form", result, opts()) if "2027-01-02" in en]

    doc["requested_date"] = "2026-12-20"  # after the arrival, within the 30 days
    [within, _auth] = analyse_cancel(doc).issues
    assert "30日を経過する日(2027年1月2日)より前です" in within.message
    form = flat(export.build("cancel-form", analyse_cancel(doc), opts()), tmp_path)
    assert "2026年12月20日(この日には解除されません。解約申込書の到達日から30日を経過する日より前" in form
    assert "のため、解除の効力は2027年1月2日に生じます)" in form
    doc["requested_date"] = "2027-01-02"  # the day itself, or later: it takes effect, nothing to say
    assert analyse_cancel(doc).issues == []
    form = flat(export.build("cancel-form", analyse_cancel(doc), opts()), tmp_path)
    assert "ご指定の解除日2027年1月2日解除の効力" in form


def test_a_change_date_before_its_application_or_the_contracts_billing_start_is_told() -> None:
    """A 変更日 before the 申込日, or before the 課金開始日 of a contract the change changes (a contract
    is changed during its term: VPN 第5条第2項, 第9条第1項), is warned of with the reason, in Japanese
    and English."""
    from configurator.lifecycle.dates import (
        CHANGE_BEFORE_BILLING_START,
        CHANGE_BEFORE_REQUEST,
        change_date_issues,
    )

    doc = example("change.iij-change.json")  # applied 2026-11-22 for 2026-12-01: nothing to say
    assert analyse_change(doc).issues == []
    doc["change_date"] = "2025-03-01"
    result = analyse_change(doc)
    assert result.valid  # warnings: the form can still be made, and says so
    early, before_start = [i for i in result.issues if i.path == "/change_date"]
    assert (early.rule, early.severity) == (CHANGE_BEFORE_REQUEST, "warning")
    assert "変更日(2025年3月1日)が申込日(2026年11月22日)より前です" in early.message
    assert "before the application date (2026-11-22)" in early.message_en
    # of the sites it changes (名古屋 2024-02-29, 福岡 2025-10-01, 大阪 2025-04-01), the latest start
    assert before_start.rule == CHANGE_BEFORE_BILLING_START
    assert before_start.citation == "第5条第2項, 第9条第1項"
    assert "拠点「福岡営業所」の契約の課金開始日(2025年10月1日)より前です" in before_start.message
    assert "billing start date of the contract of site '福岡営業所' (2025-10-01)" in before_start.message_en
    told = export.warning_texts("change-form", result, opts())
    assert [ja for ja, _en in told if "課金開始日(2025年10月1日)より前" in ja]
    # nothing changed yet: the earliest billing start of the order (名古屋営業所, 2024-02-29)
    bare = {"change_date": "2024-01-31", "base": doc["base"]}
    [issue] = change_date_issues(bare)
    assert "名古屋営業所" in issue.message and "2024年2月29日" in issue.message
    assert change_date_issues({**bare, "change_date": "2024-02-29"}) == []


def test_the_date_warnings_have_english_text() -> None:
    """The app shows these in its user's language: each (Japanese, English) pair names the two dates."""
    doc = example("change.iij-change.json")
    doc["request_date"] = "2026-12-02"  # after the 変更日 2026-12-01
    told = export.warning_texts("change-form", analyse_change(doc), opts())
    [(ja, en)] = [(ja, en) for ja, en in told if "2026-12-02" in ja]
    assert ja.startswith("申込日(2026-12-02)が変更日(2026-12-01)より後です")
    assert en == (
        "The application date (2026-12-02) is after the change date (2026-12-01): make the application date "
        "the change date or earlier."
    )
    cancel = example("cancel.iij-cancel.json")
    cancel["request_date"] = "2026-12-07"
    with pytest.raises(KnownError) as err:
        export.build("cancel-form", analyse_cancel(cancel), opts())
    late = "The application date (2026-12-07) is after the date the cancellation notice reaches the company"
    assert late in err.value.message_en
