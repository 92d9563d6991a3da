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
