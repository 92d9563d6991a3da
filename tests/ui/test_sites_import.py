"""The sites page with the spreadsheet dialog hooked in (issue 20), and the actions of the sites and auth
pages when the order has no network or auth unit left (issue 22 item 3)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPushButton

from tests.conftest import EXAMPLES


def topology(window: Any, example: str = "vpn.iij-order.json") -> Any:
    window.open_path(str(EXAMPLES / example))
    window.wizard.show_page("vpn_topology")
    return window.wizard.pages["vpn_topology"]


def listed(topo: Any) -> list[str]:
    return [topo.import_errors.item(i).text() for i in range(topo.import_errors.count())]


def test_after_removing_the_only_network_adding_and_pasting_make_a_new_one(qtbot: Any, window: Any) -> None:
    topo = topology(window)
    s = window.wizard.session
    while s.doc["vpn_networks"]:
        topo.picker.remove_network()
    assert not topo.picker.remove_btn.isEnabled() and topo.picker.remove_btn.toolTip()
    assert not topo.export_btn.isEnabled()
    topo.add_child()
    assert [len(n["children"]) for n in s.doc["vpn_networks"]] == [1]
    assert topo.picker.combo.count() == 1 and topo.model.rowCount() == 2  # the new parent and the child
    assert topo.picker.remove_btn.isEnabled()
    while s.doc["vpn_networks"]:
        topo.picker.remove_network()
    QGuiApplication.clipboard().setText("拠点ID\t拠点名\t郵便番号\nkobe\t神戸支店\t６５０－０００１\n")
    dialog = topo.paste()
    assert dialog is not None and s.doc["vpn_networks"] == []  # nothing is added before the user agrees
    dialog.add_button.click()
    assert [c["id"] for c in s.doc["vpn_networks"][0]["children"]] == ["kobe"]
    assert topo.model.rowCount() == 2 and listed(topo)[0] == "1拠点を追加しました。"


def test_import_lists_warnings_and_export_round_trips_the_site_list(
    qtbot: Any, window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    topo = topology(window)
    s = window.wizard.session
    before = [c["id"] for c in s.doc["vpn_networks"][0]["children"]]
    target = tmp_path / "拠点一覧.xlsx"
    monkeypatch.setattr("ui.sheetimport.ask_save_file", lambda *a, **k: str(target))
    topo.export_sites()
    assert listed(topo) == [f"{target} に書き出しました。"]
    sheet = openpyxl.load_workbook(target).active
    ids = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]]
    assert ids == before
    # the sites written come back the same, with the mapping shown first
    sites = [dict(c) for c in s.doc["vpn_networks"][0]["children"]]
    topo.table.selectAll()
    topo.remove()
    assert s.doc["vpn_networks"][0]["children"] == []
    monkeypatch.setattr("ui.common.ask_open_file", lambda *a, **k: str(target))
    dialog = topo.import_csv()
    assert (
        dialog is not None and dialog.mapping.rowCount() >= 5 and s.doc["vpn_networks"][0]["children"] == []
    )
    dialog.add_button.click()
    back = s.doc["vpn_networks"][0]["children"]
    keys = ("id", "name", "postal_code", "address", "lan", "device", "term_years")
    assert [[c.get(k) for k in keys] for c in back] == [[c.get(k) for k in keys] for c in sites]
    short = tmp_path / "short.csv"
    short.write_text("拠点ID,拠点名,郵便番号\nmorioka,盛岡,200021\n", encoding="utf-8")
    monkeypatch.setattr("ui.common.ask_open_file", lambda *a, **k: str(short))
    dialog = topo.import_csv()
    assert dialog is not None
    dialog.add_button.click()
    texts = listed(topo)
    assert texts[0] == "1拠点を追加しました。"
    assert texts[1].startswith("2行目(morioka): 郵便番号「200021」は6桁です。")  # warnings are listed too


def test_the_quote_line_items_go_to_xlsx_from_the_export_page(
    qtbot: Any, window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.open_path(str(EXAMPLES / "vpn.iij-order.json"))
    window.wizard.show_page("export")
    page = window.wizard.pages["export"]
    target = tmp_path / "見積明細.xlsx"
    monkeypatch.setattr("ui.sheetimport.ask_save_file", lambda *a, **k: str(target))
    page.draft.setChecked(True)
    assert page.items_btn.isEnabled()
    page.items_btn.click()
    assert page.message.text() == f"{target} に書き出しました。"
    cells = [c for row in openpyxl.load_workbook(target).active.iter_rows(values_only=True) for c in row if c]
    assert "御見積明細" in cells and "合計" in cells


def test_adding_a_contract_with_no_auth_unit_left_makes_one(qtbot: Any, window: Any) -> None:
    window.open_path(str(EXAMPLES / "mixed.iij-order.json"))
    s = window.wizard.session
    s.apply([{"op": "replace", "path": "/auth_units", "value": []}])  # all units gone (as by undo)
    window.wizard.show_page("auth_units")
    page = window.wizard.pages["auth_units"]
    add = next(b for b in page.findChildren(QPushButton) if b.accessibleName() == "クライアントを追加")
    add.click()
    assert [len(u["clients"]) for u in s.doc["auth_units"]] == [1]
    assert page.units.count() == 1 and page.tables["clients"].rowCount() == 1
