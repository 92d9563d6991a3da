"""The dialog that shows the header mapping before rows from a spreadsheet are added (issue 20 item 3)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl
from PySide6.QtWidgets import QDialogButtonBox, QWidget

from configurator.session.sitecsv import parse_sites
from ui.sheetimport import SheetImportDialog, import_file, import_text


def _cells(dialog: SheetImportDialog) -> list[list[str]]:
    t = dialog.mapping
    return [[t.item(r, c).text() for c in range(3)] for r in range(t.rowCount())]


def test_mapping_and_refused_rows_are_shown_before_anything_is_added(qtbot: Any) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    added: list[Any] = []
    text = "ＩＤ\t拠点名\tLANアドレス\t機種\t備考\nS1\t大阪\t10.0.1.0/24\t891FJ\tx\nS2\t京都\t\tISR 9999\t\n"
    dialog = import_text(parent, text, set(), added.append)
    assert dialog.isVisible() and not added
    assert _cells(dialog) == [["A", "ＩＤ", "拠点ID"], ["B", "拠点名", "拠点名"], ["C", "LANアドレス", "LAN"],
                              ["D", "機種", "機器"], ["E", "備考", "取り込みません(見出しが分かりません)"]]
    assert dialog.summary.text() == "2行を読み、1拠点を取り込めます。1行は取り込めません。"
    assert dialog.messages.item(0).text().startswith("3行目: 機器「ISR 9999」")
    assert dialog.add_button.text() == "1拠点を追加(&A)" and dialog.add_button.isEnabled()
    with qtbot.waitSignal(dialog.chosen) as sig:
        dialog.add_button.click()
    assert [s["id"] for s in sig.args[0].sites] == ["S1"] and len(added) == 1
    assert not dialog.isVisible()


def test_cancel_adds_nothing(qtbot: Any) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    added: list[Any] = []
    dialog = import_text(parent, "S1\t大阪\r支店\t530-0001", set(), added.append)
    assert _cells(dialog)[:2] == [["A", "", "拠点ID"], ["B", "", "拠点名"]]
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert added == []


def test_an_xlsx_file_and_an_unreadable_file(qtbot: Any, tmp_path: Path) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    wb = openpyxl.Workbook()
    wb.active.append(["拠点ID", "拠点名", "郵便番号"])
    wb.active.append(["S1", "盛岡", 200021])
    buf = io.BytesIO()
    wb.save(buf)
    good = tmp_path / "sites.xlsx"
    good.write_bytes(buf.getvalue())
    dialog = import_file(parent, str(good), set(), lambda r: None)
    assert dialog.add_button.isEnabled()
    assert "先頭の0" in dialog.messages.item(0).text()
    dialog.reject()
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 nonsense")
    dialog = import_file(parent, str(bad), set(), lambda r: None)
    assert "名前を付けて保存" in dialog.summary.text()
    assert not dialog.add_button.isEnabled()
    dialog.reject()


def test_no_rows_to_add_disables_adding(qtbot: Any) -> None:
    dialog = SheetImportDialog(parse_sites("拠点名,期間\n本社,2年\n"))
    qtbot.addWidget(dialog)
    assert not dialog.add_button.isEnabled()
    assert dialog.messages.item(0).text().startswith("2行目: 期間「2年」は1年か3年")
    assert dialog.messages.wordWrap()  # the reason is read whole, not cut at the list's edge
    assert "下の理由のとおりに表を直して" in dialog.summary.text()


def test_pasted_rows_without_ids_can_be_added(qtbot: Any) -> None:
    dialog = SheetImportDialog(parse_sites("拠点名\t住所\n大阪支店\t大阪府\n", {"site-1"}))
    qtbot.addWidget(dialog)
    assert dialog.add_button.isEnabled()
    assert dialog.rows is not None and [s["id"] for s in dialog.rows.sites] == ["site-2"]


def test_exports_write_xlsx_where_the_user_chose(qtbot: Any, tmp_path: Path, monkeypatch: Any) -> None:
    import ui.sheetimport
    from configurator.order.document import load
    from configurator.pricing.books import sample_price_book
    from configurator.session.order_session import OrderSession
    from configurator.session.sheets import read_site_file
    from tests.conftest import EXAMPLES

    parent = QWidget()
    qtbot.addWidget(parent)
    session = OrderSession(load(str(EXAMPLES / "vpn.iij-order.json")), price_book=sample_price_book())
    monkeypatch.setattr(ui.sheetimport, "ask_save_file", lambda *a: str(tmp_path / "sites"))
    message = ui.sheetimport.export_sites(parent, session.doc, 0)
    assert message == f"{tmp_path / 'sites.xlsx'} に書き出しました。"
    assert [s["id"] for s in read_site_file(tmp_path / "sites.xlsx").sites] == [
        s["id"] for s in session.doc["vpn_networks"][0]["children"]]
    monkeypatch.setattr(ui.sheetimport, "ask_save_file", lambda *a: str(tmp_path / "q.xlsx"))
    assert ui.sheetimport.export_quote(parent, session).endswith("に書き出しました。")
    assert openpyxl.load_workbook(tmp_path / "q.xlsx").active["A1"].value == "御見積明細"
    monkeypatch.setattr(ui.sheetimport, "ask_save_file", lambda *a: str(tmp_path / "missing" / "q.xlsx"))
    assert "フォルダを作るか" in ui.sheetimport.export_quote(parent, session)  # what to do, not only "cannot"
    monkeypatch.setattr(ui.sheetimport, "ask_save_file", lambda *a: "")
    assert ui.sheetimport.export_quote(parent, session) == ""
