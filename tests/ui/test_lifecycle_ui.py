"""The 契約・変更・解約 screen: contracted state, a change and a cancellation prepared to PDFs."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QLineEdit

from configurator.documents.pdfimport import extract_document
from tests.conftest import EXAMPLES, example


def test_contract_then_change_then_cancel(qtbot: Any, window: Any, store: Any, tmp_path: Path) -> None:
    draft = store.create(example("mixed.iij-order.json")).draft_id
    window.start.reload()
    window.start.table.selectRow(0)
    window.start.lifecycle_btn.click()
    view = window.lifecycle
    assert not view.tabs.isTabEnabled(1)  # not contracted yet: change and cancel wait
    view.start_all.setText("2025-04-01")
    view.contractor.setText("株式会社サンプル")
    view.save_contracted()
    assert store.load(draft)[1]["contracted"] is True
    assert view.tabs.isTabEnabled(1) and view.tabs.isTabEnabled(2)

    # change: nagoya's 891FJ may become a C1121-8P, never an ASR 1001-X (greyed out with the reason)
    view.requested_by.setText("株式会社サンプル")
    view.change_date.setText("2026-12-01")
    table = view.change_table
    cell = table.item(2, 2)
    table.editItem(cell)  # what a double click does: the delegate makes the combo
    combo = table.indexWidget(table.indexFromItem(cell))
    asr = combo.findData("asr1001x")
    assert not combo.model().item(asr).isEnabled() and "別紙4" in combo.model().item(asr).toolTip()
    combo.setCurrentIndex(combo.findData("c1121_8p"))
    combo.activated.emit(combo.currentIndex())  # choosing commits
    assert table.item(2, 2).text() == "Cisco C1121-8P"
    assert view.change_result.valid
    assert "2027年11月30日" in view.change_report.toPlainText()

    # options: the C1121-8P takes the additional license (a new option contract with its own year);
    # the VPN module it does not take is greyed out with the article
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QAbstractItemDelegate, QDialogButtonBox

    from ui.contract.change_table import INTERNET_COL

    col = {k: INTERNET_COL + 1 + n for n, (k, _h) in enumerate(view.option_columns)}
    lic = view.change_table.item(2, col["additional_license"])
    assert lic.flags() & Qt.ItemFlag.ItemIsEnabled
    lic.setCheckState(Qt.CheckState.Checked)
    added = view.change_result.options_added
    assert [(c.site, c.option, c.term_end) for c in added] == [
        ("nagoya", "additional_license", dt.date(2027, 11, 30))
    ]
    assert "オプションの追加 名古屋営業所(nagoya)" in view.change_report.toPlainText()
    vpn_module = view.change_table.item(2, col["vpn_module"])
    assert not vpn_module.flags() & Qt.ItemFlag.ItemIsEnabled and "第17条第2項第6号" in vpn_module.toolTip()
    view.change_table.item(2, col["additional_license"]).setCheckState(Qt.CheckState.Unchecked)
    assert view.change_result.option_changes == []
    sfp = table.item(3, col["sfp_module"])  # fukuoka's SFP modules, 1 → 3, in a spin box made on editing
    table.editItem(sfp)
    spin = table.indexWidget(table.indexFromItem(sfp))
    spin.setValue(3)
    table.commitData(spin)
    [more] = view.change_result.options_added
    assert (more.site, more.quantity) == ("fukuoka", 2) and table.item(3, col["sfp_module"]).text() == "3"
    table.closeEditor(spin, QAbstractItemDelegate.EndEditHint.NoHint)
    view._set(view._sites()[3][0] + "/options/sfp_module", 1)  # back as it was, for the rest of the walk

    # osaka's internet line moves to another provider: a settings change, in a small dialog
    dialog = view.edit_internet(1)
    dialog.provider.setCurrentIndex(dialog.provider.findData("other"))
    dialog.name.setText("○○光ネクスト")
    dialog.connection.setCurrentIndex(dialog.connection.findData("pppoe"))
    dialog.address.setText("203.0.113.77")
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert table.item(1, INTERNET_COL).text().startswith("他社: ○○光ネクスト")
    osaka = next(c for c in view.change_result.settings_changes if c.site == "osaka")
    assert "internet" in osaka.fields and view.change_result.valid  # asked by the parent's contractor
    dialog = view.edit_internet(1)
    dialog.connection.setCurrentIndex(dialog.connection.findData("static"))
    dialog.address.clear()  # a static line without its address is refused, with the article
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert "vpn.environment.disclosure" in {i.rule for i in view.change_result.issues}
    dialog = view.edit_internet(1)
    dialog.provider.setCurrentIndex(dialog.provider.findData("iij"))
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert table.item(1, INTERNET_COL).text() == "IIJのサービス"
    view.add_job("osaka", "18:30", "19:30")  # a settings job past 19:00 is charged outside business hours
    assert view.change_result.settings_fees[0]["amount"] == 10000
    assert view.change_result.one_time_total == 30000 + 10000
    view.jobs.item(0, 2).setText("25:00")  # an impossible time is told, not crashed on
    assert "時刻ではありません" in view.change_report.toPlainText()
    view.jobs.item(0, 2).setText("19:00")
    assert view.change_result.settings_fees[0]["amount"] == 5000
    with qtbot.waitSignal(view.exported, timeout=30000):  # built off the UI thread
        view.export("change-form", str(tmp_path / "change.pdf"))
    assert (
        extract_document((tmp_path / "change.pdf").read_bytes())["proposed"]["vpn_networks"][0]["children"][
            1
        ]["device"]
        == "c1121_8p"
    )

    # cancellation: the management contract takes its children with it, shown before confirming
    view.notice.setText("2026-11-22")
    view.set_target("/auth_units/0/management")
    text = view.cancel_report.toPlainText()
    assert "同じ日に解除されます" in text and "2026年12月22日" in text
    with qtbot.waitSignal(view.exported, timeout=30000):
        view.export("cancel-quote", str(tmp_path / "cancel.pdf"))
    doc = extract_document((tmp_path / "cancel.pdf").read_bytes())
    assert doc["targets"] == ["/auth_units/0/management"]
    json.dumps(doc)
    assert (EXAMPLES / "cancel.iij-cancel.json").exists()


def test_a_contracted_order_says_so_in_the_list_and_opens_read_only(
    qtbot: Any, window: Any, store: Any
) -> None:
    """契約済みとして保存: the start list says 契約済; the wizard opens it read-only with a line saying it is
    contracted, the way to 契約・変更・解約 and a copy as a new order (which is editable, and leaves the
    contracted one as it was)."""
    draft = store.create(example("mixed.iij-order.json")).draft_id
    window.open_lifecycle(draft)
    view = window.lifecycle
    view.start_all.setText("2025-04-01")
    view.contractor.setText("株式会社サンプル")
    view.save_contracted()
    assert store.info(draft).status == "contracted"
    window.go_home()
    model = window.start.table.model()
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == store.info(draft).number)
    assert model.index(row, 3).data() == "契約済"

    window.open_draft(draft)
    wiz = window.wizard
    banner = wiz.contracted_banner
    said = banner.text.text()
    assert banner.isVisible() and "契約済み" in said and "契約・変更・解約" in said
    title = next(e for e in wiz.pages["customer"].findChildren(QLineEdit) if e.accessibleName() == "件名")
    assert title.isReadOnly()  # nothing to type into (but to read and copy)
    rev = store.info(draft).rev
    wiz.session.set("/title", "書き換え")  # nor any other way in (a menu, a shortcut)
    wiz.autosave()
    assert store.info(draft).rev == rev and store.load(draft)[1]["title"] != "書き換え"
    wiz.show_page("export")
    assert wiz.pages["export"].isEnabled()  # the quote issued can be printed again

    banner.copy.click()
    copy = wiz.session
    assert copy.draft_id != draft and not copy.read_only and not banner.isVisible()
    assert "contracted" not in copy.doc and store.info(copy.draft_id).status == "drafting"
    wiz.show_page("customer")
    assert not title.isReadOnly()
    copy.set("/title", "拠点追加")
    wiz.autosave()
    assert store.load(copy.draft_id)[1]["title"] == "拠点追加"
    assert store.info(draft).rev == rev  # the contracted order as it was

    window.open_draft(draft)
    banner.lifecycle.click()
    assert window.stack.currentWidget() is window.lifecycle and window.lifecycle.session.draft_id == draft


def test_the_screen_says_who_the_forms_name_as_applicant_before_saving(
    qtbot: Any, window: Any, store: Any
) -> None:
    from tests.test_contract_session import _no_contractor

    bare = _no_contractor(example("contracted.iij-order.json"))
    window.open_lifecycle(store.create(bare).draft_id)
    view = window.lifecycle
    for tab in (view.change_tab, view.cancel_tab):
        view.tabs.setCurrentWidget(tab)
        tab.requested_by.setText("")
        tab.recompute()
        assert tab.applicant_note.isVisible() and "申込者が未入力" in tab.applicant_note.text()
        tab.requested_by.setText("山田 太郎")  # typed: nothing to say
        assert not tab.applicant_note.isVisible()
    view.tabs.setCurrentWidget(view.contract_tab)
    view.contractor.setText("株式会社ミライ商事")
    view.save_contracted()  # the contractor entered on 契約情報 is the applicant from now on
    for tab in (view.change_tab, view.cancel_tab):
        view.tabs.setCurrentWidget(tab)
        tab.requested_by.setText("")
        tab.recompute()
        assert "契約者「株式会社ミライ商事」" in tab.applicant_note.text()
    assert view.change_document()["requested_by"] == "株式会社ミライ商事"


def test_the_change_tab_says_a_site_is_added_by_a_new_order_and_makes_one(
    qtbot: Any, window: Any, store: Any
) -> None:
    """A change order adds no site (VPN 第6条: a contract per site; 第9条: a change changes device types):
    the 変更 tab says so, and its button makes a new order for the same customer, opened for editing."""
    draft = store.create(example("contracted.iij-order.json")).draft_id
    window.open_lifecycle(draft)
    view = window.lifecycle
    view.tabs.setCurrentWidget(view.change_tab)
    line = view.change_tab.site_addition
    assert line.isVisible() and "拠点の追加は新しい注文として申し込みます(注文を複製して作成)" in line.text()
    assert "第6条" in line.text()
    rev = store.info(draft).rev
    view.change_tab.new_order.click()
    wiz = window.wizard
    assert window.stack.currentWidget() is wiz
    new = wiz.session
    assert new.draft_id != draft and not new.read_only and "contracted" not in new.doc
    assert new.doc["customer"] == store.load(draft)[1]["customer"]
    assert store.info(draft).rev == rev  # the contract as it was


def test_a_requested_cancellation_date_that_does_not_take_effect_is_told_while_typed(
    qtbot: Any, window: Any, store: Any
) -> None:
    """ご指定の解除日 before the 到達日: the 解約 tab says, as the date is typed (nothing saved, the field not
    left), that the cancellation takes effect 30 days after the arrival instead, under which article."""
    window.open_lifecycle(store.create(example("contracted.iij-order.json")).draft_id)
    view = window.lifecycle
    view.tabs.setCurrentWidget(view.cancel_tab)
    view.set_target("/vpn_networks/0/children/0")
    label = view.cancel_tab.date_issue
    view.notice.setText("2026-12-03")
    view.requested.clear()
    qtbot.keyClicks(view.requested, "2026-01-0")
    assert not label.text()  # not a date yet: nothing to say
    qtbot.keyClicks(view.requested, "1")
    assert label.isVisible()
    assert "ご指定の解除日(2026年1月1日)が解約申込書の到達日(2026年12月3日)より前です" in label.text()
    assert "ご指定の日ではなく2027年1月2日に生じます" in label.text()
    assert "個別規程 IIJマネージドVPN PROサービス 第18条" in label.text()
    view.cancel_tab.recompute()  # the field left: the report says it too
    assert "2027年1月2日に生じます" in view.cancel_report.toPlainText()
    view.requested.setText("2027-01-31")  # later than 30 days after arrival: it takes effect
    assert not label.text()


def test_a_change_date_before_the_application_or_the_billing_start_is_told_while_typed(
    qtbot: Any, window: Any, store: Any
) -> None:
    """The 変更 tab warns as the 変更日 is typed, as the wizard warns on its pages: a date before the 申込日
    (today) and before the contract's 課金開始日, each with its reason."""
    draft = store.create(example("mixed.iij-order.json")).draft_id
    window.open_lifecycle(draft)
    view = window.lifecycle
    view.start_all.setText("2025-04-01")
    view.save_contracted()
    view.tabs.setCurrentWidget(view.change_tab)
    label = view.change_tab.date_issue
    view.change_date.clear()
    qtbot.keyClicks(view.change_date, "2025-03-0")
    assert not label.text()  # not a date yet
    qtbot.keyClicks(view.change_date, "1")
    assert label.isVisible()
    text = label.text()
    assert "変更日(2025年3月1日)が申込日(" in text and "変更日は申込日以降の日にしてください" in text
    assert "の契約の課金開始日(2025年4月1日)より前です" in text and "第5条第2項" in text
    view.change_tab.recompute()  # the field left: the report says it too
    assert "課金開始日(2025年4月1日)より前です" in view.change_report.toPlainText()
    view.change_date.setText((dt.date.today() + dt.timedelta(days=400)).isoformat())
    assert not label.text()


def test_the_date_warnings_of_the_contract_screen_in_english(
    qtbot: Any, window: Any, store: Any, tmp_path: Path
) -> None:
    """An English user reads the date warnings in English: under the fields while typing, and about the
    change form just saved (its 申込日 today after a 変更日 typed in the past)."""
    from configurator.text import i18n

    i18n.install("en")
    try:
        window.open_lifecycle(store.create(example("contracted.iij-order.json")).draft_id)
        view = window.lifecycle
        view.tabs.setCurrentWidget(view.cancel_tab)
        view.notice.setText("2026-12-03")
        view.requested.setText("2026-01-01")
        text = view.cancel_tab.date_issue.text()
        assert "takes effect on 2027-01-02, not on the requested date" in text and "Art. 18" in text
        view.tabs.setCurrentWidget(view.change_tab)
        past = (dt.date.today() - dt.timedelta(days=10)).isoformat()
        view.change_date.setText(past)
        assert f"The change date ({past}) is before the application date" in view.change_tab.date_issue.text()
        view.change_tab.recompute()
        out = tmp_path / "change.pdf"
        with qtbot.waitSignal(view.exported, timeout=60000):
            view.export("change-form", str(out))
        said = view.message.text()
        assert f"is after the change date ({past})" in said, said
        assert "より後です" not in said
    finally:
        i18n.install("ja")


def test_a_date_that_is_not_one_is_told_in_english(qtbot: Any, window: Any, store: Any) -> None:
    from configurator.text import i18n

    i18n.install("en")
    try:
        window.open_lifecycle(store.create(example("contracted.iij-order.json")).draft_id)
        view = window.lifecycle
        view.change_date.setText("2026-13-01")
        view.change_tab.recompute()
        assert "The change date '2026-13-01' is not a real date" in view.change_report.toPlainText()
        view.set_target("/vpn_networks/0/children/0")
        view.requested.setText("2026-02-30")
        view.cancel_tab.recompute()
        report = view.cancel_report.toPlainText()
        assert "The requested cancellation date '2026-02-30' is not a real date" in report
        assert "指定日" not in report
    finally:
        i18n.install("ja")

