"""The 契約・変更・解約 screen: contracted state, a change and a cancellation prepared to PDFs."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

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
