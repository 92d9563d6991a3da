"""The 契約・変更・解約 screen's edit logic without Qt (configurator/session/contract_session.py): what
the screen shows after each edit is what these sessions say."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from configurator.session.contract_session import ContractEntry, ContractSession, parse_lan, site_of
from configurator.tariff.calc import CalcError
from tests.conftest import example

NAGOYA = "/vpn_networks/0/children/1"


@pytest.fixture
def session() -> ContractSession:
    s = ContractSession(example("contracted.iij-order.json"), draft_id=None, quote_number="Q-1")
    s.set_change(requested_by="株式会社サンプル", change_date="2026-12-01")
    return s


def test_a_device_change_is_judged_and_costed_at_once(session: ContractSession) -> None:
    assert session.change_report.startswith("変更はまだありません")
    assert session.refusal("change-form") is None  # a change of nothing is still a valid form
    assert session.set(NAGOYA + "/device", "c1121_8p") == NAGOYA
    r = session.change_result
    assert r is not None and r.valid
    assert [(c.site, c.after) for c in r.device_changes] == [("nagoya", "c1121_8p")]
    assert "2027年11月30日" in session.change_report  # the new device's minimum term
    assert session.base["vpn_networks"][0]["children"][1]["device"] == "c891fj"  # the contract as it is
    assert session.change_document()["proposed"]["vpn_networks"][0]["children"][1]["device"] == "c1121_8p"


def test_the_device_list_greys_out_what_the_tariff_refuses(session: ContractSession) -> None:
    choices = {
        value: (allowed, reason)
        for value, _label, allowed, reason in session.device_choices("device", "c891fj")
    }
    assert choices["c1121_8p"][0]
    assert not choices["asr1001x"][0] and "別紙4" in choices["asr1001x"][1]
    switches = session.device_choices("switch", None)  # a site without a switch may take any
    assert switches[0][:3] == (None, "(なし)", True) and len(switches) > 1


def test_lan_typing_jobs_and_impossible_times(session: ContractSession) -> None:
    assert parse_lan("10.2.0.0/24、 10.9.0.0/24,,") == ["10.2.0.0/24", "10.9.0.0/24"]
    session.set_lan(NAGOYA + "/lan", "10.2.0.0/24、10.9.0.0/24")
    r = session.change_result
    assert r is not None and [c.site for c in r.settings_changes] == ["nagoya"]
    session.set_change(
        settings_jobs=[
            {"site": "osaka", "start": "18:30", "end": "19:30"},
            {"site": "", "start": " ", "end": ""},
        ]
    )  # an empty row is no job
    assert session.change_result is not None and session.change_result.settings_fees[0]["amount"] == 10000
    session.set_change(settings_jobs=[{"site": "osaka", "start": "18:30", "end": "25:00"}])
    assert session.change_result is None and "時刻ではありません" in session.change_report
    assert session.refusal("change-form") == "変更申込書を作る前に、内容を入力してください。"
    assert site_of(NAGOYA + "/options/sfp_module") == site_of(NAGOYA + "/internet") == NAGOYA


def test_a_cancellation_names_its_cascade_and_asks_first(session: ContractSession) -> None:
    assert session.cancel_result is None
    assert session.cancel_report == "解約する契約・オプションにチェックを付けてください。"
    assert session.refusal("cancel-form") == "解約申込書を作る前に、内容を入力してください。"
    session.set_cancel(notice_date="2026-11-22", targets=["/auth_units/0/management"])
    r = session.cancel_result
    assert r is not None and r.valid and r.effective_date == dt.date(2026, 12, 22)
    assert "同じ日に解除されます" in session.cancel_report
    assert session.needs_cascade_confirmation("cancel-quote")
    assert not session.needs_cascade_confirmation("change-form")
    session.set_cancel(targets=["/vpn_networks/0/children/0"])
    assert not session.needs_cascade_confirmation("cancel-form")
    assert session.cancel_document()["targets"] == ["/vpn_networks/0/children/0"]


def test_marking_contracted_checks_every_date_and_saves(tmp_path: Path) -> None:
    from configurator.store.drafts import DraftStore

    with DraftStore.open(tmp_path) as store:
        draft = store.create(example("mixed.iij-order.json")).draft_id
        s = ContractSession.open(store, draft)
        assert not s.contracted and s.change_result is None and s.cancel_result is None
        rows = s.contract_rows()
        assert rows[0].pointer == "/vpn_networks/0/parent" and all(r.kind != "network" for r in rows)
        entries = [ContractEntry(r.pointer, r.label) for r in rows]
        bad = [ContractEntry(rows[1].pointer, "\u3000" + rows[1].label, "2025-02-30")]
        with pytest.raises(CalcError, match=rows[1].label):
            s.save_contracted(store, "2025-04-01", "", bad)
        assert not store.load(draft)[1].get("contracted")  # nothing saved
        with pytest.raises(CalcError, match="課金開始日"):
            s.contracted_order("someday", "", entries)
        entries[1] = ContractEntry(rows[1].pointer, rows[1].label, "2025-05-01", "大阪の会社")
        saved, message = s.save_contracted(store, "2025-04-01", "株式会社サンプル", entries)
        assert "契約済み" in message
        doc = store.load(saved)[1]
        assert doc["contracted"] is True
        osaka = doc["vpn_networks"][0]["children"][0]
        assert (osaka["billing_start"], osaka["contractor"]) == ("2025-05-01", "大阪の会社")
        assert doc["vpn_networks"][0]["parent"]["billing_start"] == "2025-04-01"
        again = ContractSession.open(store, saved)
        assert again.contracted and again.change_result is not None


def _no_contractor(order: dict[str, object]) -> dict[str, object]:
    import json

    text = json.dumps(order, ensure_ascii=False)
    text = text.replace('"contractor": "株式会社サンプル"', '"contractor": ""')
    return dict(json.loads(text))


@pytest.mark.parametrize("kind", ["change-form", "cancel-form"])
def test_the_forms_name_the_contractor_as_applicant_or_leave_a_line_to_write_on(
    kind: str, tmp_path: Path
) -> None:
    """The change and cancellation forms printed 「申込者: 変更日: …」 when no 申込者 was typed: the
    contract's 契約者 (entered when it was marked contracted) is the 申込者 unless one is typed; with none
    known the screen says so before saving and the form leaves a row to write it in by hand."""
    from configurator.documents import export
    from configurator.lifecycle import mark_contracted
    from tests.test_documents import pdftotext

    def form(s: ContractSession) -> str:
        if kind == "change-form":
            s.set_change(change_date="2026-12-01")
            s.set(NAGOYA + "/device", "c1121_8p")
        else:
            s.set_cancel(notice_date="2026-12-01", targets=[NAGOYA])
        result = s.result_for(kind)
        assert result is not None and result.valid, s.change_report + s.cancel_report
        data = export.build(kind, result, export.options(number="Q-2026-000001-R1"))
        return pdftotext(data, tmp_path)

    bare = _no_contractor(example("contracted.iij-order.json"))
    marked = mark_contracted(bare, "2025-04-01", "株式会社ミライ商事")
    s = ContractSession(marked)
    assert "契約者「株式会社ミライ商事」" in s.applicant_note("")
    text = form(s)
    assert "申込者 株式会社ミライ商事" in " ".join(text.split()), text[:600]

    s = ContractSession(marked)
    s.set_change(requested_by="山田 太郎")
    s.set_cancel(requested_by="山田 太郎")
    assert s.applicant_note("山田 太郎") == ""
    assert "申込者 山田 太郎" in " ".join(form(s).split())

    s = ContractSession(bare)  # nobody known: said before saving, and a blank row on the form
    assert "申込者が未入力" in s.applicant_note("") and "空欄" in s.applicant_note("")
    text = form(s)
    assert "申込者: 変更日" not in text
    line = next(ln for ln in text.splitlines() if "申込者" in ln and "確認" not in ln and "記名" not in ln)
    assert line.split() == ["申込者"], line  # the label alone on its row: room to write
