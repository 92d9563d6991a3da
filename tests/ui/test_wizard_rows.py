"""Issue 14, the items left by the last session: paste onto selected empty rows, the 編集 menu's row
actions, room for the auth tables, no empty band on VPN網と拠点. Each test fails on the code before."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QGuiApplication

from configurator.text import i18n
from tests.conftest import EXAMPLES


def select_row(table: Any, row: int) -> None:
    """Select only `row` (selectRow() extends or toggles when the application believes Shift or Ctrl is
    held: a key sequence an earlier test sent leaves QGuiApplication's modifier state set)."""
    from PySide6.QtCore import QItemSelectionModel

    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    table.selectionModel().setCurrentIndex(table.model().index(row, 0), flags)

def topology(window: Any, example: str = "vpn.iij-order.json") -> Any:
    window.open_path(str(EXAMPLES / example))
    window.wizard.show_page("vpn_topology")
    return window.wizard.pages["vpn_topology"]


def children(window: Any) -> list[dict[str, Any]]:
    return list(window.wizard.session.doc["vpn_networks"][0]["children"])


# --- item 1: pasting onto selected empty rows fills them; the rest is appended; one undo step -----------


def test_paste_fills_the_selected_empty_rows_first(qtbot: Any, window: Any) -> None:
    from PySide6.QtCore import QItemSelectionModel

    topo = topology(window)
    before = [c["id"] for c in children(window)]
    for _n in range(3):
        topo.add_child()  # three empty rows at the end
    steps = len(window.wizard.session.undo_stack)
    rows = topo.model.rowCount()
    sel = topo.table.selectionModel()
    sel.clearSelection()
    for r in (rows - 3, rows - 2):  # the first two empty rows selected, the third not
        sel.select(
            topo.model.index(r, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
    QGuiApplication.clipboard().setText(
        "拠点ID\t拠点名\tLAN\nkobe\t神戸支店\t10.9.1.0/24\nnara\t奈良支店\t10.9.2.0/24\n"
        "kyoto\t京都支店\t10.9.3.0/24\n"
    )
    dialog = topo.paste()
    assert dialog is not None
    dialog.add_button.click()
    after = children(window)
    ids = [c["id"] for c in after]
    # 神戸 and 奈良 went into the two selected empty rows, the unselected empty row stays, 京都 is appended
    assert ids[: len(before)] == before
    assert ids[len(before)] == "kobe" and ids[len(before) + 1] == "nara"
    assert after[len(before)]["name"] == "神戸支店" and after[len(before)]["lan"] == ["10.9.1.0/24"]
    assert after[len(before) + 2]["name"] == "" and ids[-1] == "kyoto" and len(after) == len(before) + 4
    assert topo.model.rowCount() == rows + 1
    texts = [topo.import_errors.item(i).text() for i in range(topo.import_errors.count())]
    assert texts[:2] == ["選択した空の行に2拠点を入れました。", "1拠点を追加しました。"]
    assert len(window.wizard.session.undo_stack) == steps + 1  # one undo step
    window.wizard.undo()
    assert [c["id"] for c in children(window)][: len(before)] == before
    assert len(children(window)) == len(before) + 3 and all(not c["name"] for c in children(window)[-3:])


def test_paste_on_rows_with_content_appends_and_keeps_them(qtbot: Any, window: Any) -> None:
    topo = topology(window)
    before = children(window)
    select_row(topo.table, 1)  # 大阪支店: not empty
    QGuiApplication.clipboard().setText("拠点ID\t拠点名\nkobe\t神戸支店\n")
    dialog = topo.paste()
    assert dialog is not None
    dialog.add_button.click()
    assert children(window)[: len(before)] == before and children(window)[-1]["id"] == "kobe"


def test_paste_reuses_an_empty_rows_id_without_a_duplicate(qtbot: Any, window: Any) -> None:
    """A pasted id equal to a selected empty row's id is not refused as a duplicate (the row is filled);
    a selected empty row left over keeps an id of its own."""
    from PySide6.QtCore import QItemSelectionModel

    topo = topology(window)
    topo.add_child()
    topo.add_child()
    first, second = (c["id"] for c in children(window)[-2:])
    rows = topo.model.rowCount()
    sel = topo.table.selectionModel()
    sel.clearSelection()
    for r in (rows - 2, rows - 1):
        sel.select(
            topo.model.index(r, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
    QGuiApplication.clipboard().setText(f"拠点ID\t拠点名\n{second}\t甲\n")
    dialog = topo.paste()
    assert dialog is not None and dialog.add_button.isEnabled()  # not refused as a duplicate
    dialog.add_button.click()
    ids = [c["id"] for c in children(window)]
    assert len(ids) == len(set(ids)), ids
    assert ids[-2] == second and children(window)[-2]["name"] == "甲"
    assert ids[-1] not in (first, second) and children(window)[-1]["name"] == ""


# --- item 4: no empty band above the sites table's buttons ------------------------------------------


def test_no_empty_band_above_the_site_buttons(qtbot: Any, window: Any) -> None:
    topo = topology(window)
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: topo.table.isVisible())
    topo.layout().activate()
    first = topo.buttons.itemAt(0).widget()
    name_bottom = topo.name.mapTo(topo, topo.name.rect().bottomLeft()).y()
    gap = first.mapTo(topo, first.rect().topLeft()).y() - name_bottom
    line = topo.fontMetrics().lineSpacing()
    assert gap <= line + 12, gap  # the name field's own problem line, and no more (44 px before)
    # the network's problems are still shown, under its table
    window.wizard.session.set("/vpn_networks/0/children", [])
    assert topo.net_issue.text() and topo.net_issue.isVisible()
    assert topo.net_issue.y() > topo.table.y()


# --- item 3: the auth lists get the room -----------------------------------------------------------


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)])
def test_auth_tables_show_many_rows(qtbot: Any, window: Any, lang: str, size: tuple[int, int]) -> None:
    from ui.app import make_window

    i18n.install(lang)
    try:
        w = make_window(window.store)
        qtbot.addWidget(w)
        w.resize(*size)
        w.show()
        w.open_path(str(EXAMPLES / "auth.iij-order.json"))
        wiz = w.wizard
        wiz.show_page("auth_units")
        page = wiz.pages["auth_units"]
        for _n in range(20):
            wiz.add_auth_child(0, "clients")
        page.refresh()
        table = page.tables["clients"]
        qtbot.waitUntil(table.isVisible)
        page.layout().activate()
        shown = table.viewport().height() // table.rowHeight(0)
        assert shown >= (9 if size[1] == 800 else 14), shown  # about two before
        # every list is reachable, and a problem in a hidden list is marked on its tab
        tab_texts = [page.tabs.tabText(i) for i in range(page.tabs.count())]
        assert len(tab_texts) == 3 and "22" in tab_texts[0]
        wiz.session.set("/auth_units/0/vpdns/0/terminators", [])
        vpdn_tab = page.tabs.tabText(2)
        assert "⚠" in vpdn_tab or "△" in vpdn_tab, vpdn_tab
        wiz.go_to_pointer("/auth_units/0/vpdns/0/terminators")
        assert page.tabs.currentIndex() == 2 and page.tables["vpdns"].isVisible()
    finally:
        i18n.install("ja")


# --- item 2: the 編集 menu's row actions on the current table -------------------------------------------


def edit_menu(window: Any) -> dict[str, Any]:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "編集(&E)")
    menu.aboutToShow.emit()  # as when it opens
    return {a.text(): a for a in menu.actions() if not a.isSeparator()}


def row_menu(window: Any) -> tuple[Any, Any, Any]:
    acts = edit_menu(window)
    return acts["行の追加(&A)"], acts["行の複製(&C)"], acts["行の削除(&D)"]


def test_row_actions_act_on_the_sites_table(qtbot: Any, window: Any) -> None:
    from PySide6.QtCore import Qt

    add, dup, remove = row_menu(window)
    assert not add.isEnabled() and "注文の編集中" in add.toolTip()  # the start screen: nothing to act on
    topo = topology(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: topo.table.isVisible())
    topo.table.clearSelection()
    topo.table.setCurrentIndex(topo.model.index(-1, -1))
    add, dup, remove = row_menu(window)
    assert add.isEnabled()
    assert not dup.isEnabled() and "選んで" in dup.toolTip()
    assert not remove.isEnabled() and "選んで" in remove.toolTip()
    rows = topo.model.rowCount()
    add.trigger()
    assert topo.model.rowCount() == rows + 1
    select_row(topo.table, 1)  # 大阪支店
    assert dup.isEnabled() and remove.isEnabled()  # followed the selection without opening the menu
    # the shortcuts, from the table
    topo.table.setFocus()
    qtbot.keyClick(
        topo.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert topo.model.rowCount() == rows + 2
    assert children(window)[-1]["name"] == "大阪支店" and children(window)[-1]["lan"] == []
    select_row(topo.table, topo.model.rowCount() - 1)
    qtbot.keyClick(
        topo.table, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert topo.model.rowCount() == rows + 1
    qtbot.keyClick(
        topo.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert topo.model.rowCount() == rows + 2
    select_row(topo.table, 0)  # the parent: copied, never removed
    assert dup.isEnabled()
    assert not remove.isEnabled() and "親拠点は削除できません" in remove.toolTip()
    # another page's site table: the sites are added on VPN網と拠点, and the menu says so
    window.wizard.show_page("vpn_devices")
    add, dup, remove = row_menu(window)
    assert not add.isEnabled() and "VPN網と拠点" in add.toolTip()
    window.wizard.show_page("customer")  # no table at all
    assert not any(a.isEnabled() for a in row_menu(window)) and "表がありません" in add.toolTip()


def test_row_actions_act_on_the_auth_list_in_view(qtbot: Any, window: Any) -> None:
    window.open_path(str(EXAMPLES / "auth.iij-order.json"))
    wiz = window.wizard
    wiz.show_page("auth_units")
    page = wiz.pages["auth_units"]
    unit = wiz.session.doc["auth_units"][0]
    clients, proxies = len(unit["clients"]), len(unit["proxies"])
    add, dup, remove = row_menu(window)
    add.trigger()
    assert len(wiz.session.doc["auth_units"][0]["clients"]) == clients + 1
    page.tabs.setCurrentIndex(1)  # プロキシ
    assert not dup.isEnabled() and "プロキシ" in dup.toolTip()
    add.trigger()
    assert len(wiz.session.doc["auth_units"][0]["proxies"]) == proxies + 1
    assert len(wiz.session.doc["auth_units"][0]["clients"]) == clients + 1
    page.tabs.setCurrentIndex(0)
    select_row(page.tables["clients"], 0)
    assert dup.isEnabled() and remove.isEnabled()
    dup.trigger()
    after = wiz.session.doc["auth_units"][0]["clients"]
    assert len(after) == clients + 2 and after[-1]["name"] == after[0]["name"]
    assert after[-1]["ip"] == "" and after[-1]["id"] != after[0]["id"]  # one contract per terminal
    select_row(page.tables["clients"], 0)
    remove.trigger()
    assert len(wiz.session.doc["auth_units"][0]["clients"]) == clients + 1


def test_row_shortcuts_clash_with_nothing(qtbot: Any, window: Any) -> None:
    from PySide6.QtGui import QAction, QKeySequence, QShortcut

    topology(window)
    rows = [a.shortcut() for a in row_menu(window)]
    assert all(not k.isEmpty() for k in rows) and len(set(rows)) == 3
    others = [a.shortcut() for a in window.findChildren(QAction) if a.shortcut() not in rows]
    others += [s.key() for s in window.findChildren(QShortcut)]
    # every standard key of this platform (a text field's Copy, Delete word …), and the Windows ones
    # that differ (Ctrl+Insert is Copy, Shift+Delete Cut, Ctrl+Delete deletes a word)
    for standard in QKeySequence.StandardKey:
        others += QKeySequence.keyBindings(standard)
    others += [QKeySequence(k) for k in ("Ctrl+Ins", "Shift+Ins", "Shift+Del", "Ctrl+Del", "Ctrl+D")]
    clashes = [k.toString() for k in rows if k in others]
    assert clashes == []


def test_one_copied_value_goes_into_the_current_cell(qtbot: Any, window: Any) -> None:
    """Found walking the app: Ctrl+V of one value on a cell offered 「1拠点を追加」 with the value as
    its 拠点ID; a spreadsheet puts it into the cell."""
    topo = topology(window)
    before = children(window)
    name_col = next(c for c, col in enumerate(topo.model.columns) if col.key == "/name")
    steps = len(window.wizard.session.undo_stack)
    topo.table.setCurrentIndex(topo.model.index(2, name_col))
    QGuiApplication.clipboard().setText("大阪第二支店\n")
    assert topo.paste() is None  # no rows dialog
    after = children(window)
    assert len(after) == len(before)
    assert after[1]["name"] == "大阪第二支店" and after[1]["id"] == before[1]["id"]
    assert len(window.wizard.session.undo_stack) == steps + 1


# --- the paste dialog says what will happen: rows filled and sites added ------------------------------


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("ja", "3行に入力し、1拠点を追加(&A)"), ("en", "&Fill 3 rows and add 1 site")],
)
def test_paste_dialog_says_rows_filled_and_sites_added(
    qtbot: Any, window: Any, lang: str, expected: str
) -> None:
    from PySide6.QtCore import QItemSelectionModel

    topo = topology(window)
    for _n in range(3):
        topo.add_child()
    rows = topo.model.rowCount()
    sel = topo.table.selectionModel()
    sel.clearSelection()
    for r in range(rows - 3, rows):
        sel.select(
            topo.model.index(r, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
    QGuiApplication.clipboard().setText(
        "拠点ID\t拠点名\na1\t甲\na2\t乙\na3\t丙\na4\t丁\n"
    )
    i18n.install(lang)
    try:
        dialog = topo.paste()
        assert dialog is not None and dialog.add_button.text() == expected
        dialog.reject()
    finally:
        i18n.install("ja")


@pytest.mark.parametrize(
    ("n", "fill", "ja", "en"),
    [
        (1, 0, "1拠点を追加(&A)", "&Add 1 site"),
        (4, 0, "4拠点を追加(&A)", "&Add 4 sites"),
        (2, 5, "2行に入力(&A)", "&Fill 2 rows"),
        (1, 1, "1行に入力(&A)", "&Fill 1 row"),
        (5, 2, "2行に入力し、3拠点を追加(&A)", "&Fill 2 rows and add 3 sites"),
    ],
)
def test_add_button_words(n: int, fill: int, ja: str, en: str) -> None:
    from ui.sheetimport import add_text

    assert add_text(n, fill) == ja
    i18n.install("en")
    try:
        assert add_text(n, fill) == en
    finally:
        i18n.install("ja")


# --- 行の複製 selects the copies and shows them, the focus kept in the table -----------------------------


def test_duplicated_sites_are_selected_and_in_view(qtbot: Any, window: Any) -> None:
    from PySide6.QtCore import Qt

    topo = topology(window)
    for _n in range(30):
        topo.add_child()  # a long list: the copies land below the visible rows
    qtbot.waitUntil(lambda: topo.table.isVisible())
    window.activateWindow()
    select_row(topo.table, 1)  # 大阪支店
    topo.table.scrollToTop()
    topo.table.setFocus()
    qtbot.keyClick(
        topo.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    last = topo.model.rowCount() - 1
    assert children(window)[-1]["name"] == "大阪支店"
    assert topo.selected_rows() == [last] and topo.table.currentIndex().row() == last
    rect = topo.table.visualRect(topo.model.index(last, 1))
    assert topo.table.viewport().rect().contains(rect.center())  # scrolled to the copy
    assert topo.table.hasFocus()
    # two rows copied: both copies selected
    sel = topo.table.selectionModel()
    sel.clearSelection()
    for r in (1, 2):
        sel.select(topo.model.index(r, 0), sel.SelectionFlag.Select | sel.SelectionFlag.Rows)
    names = [children(window)[0]["name"], children(window)[1]["name"]]
    topo.duplicate()
    last = topo.model.rowCount() - 1
    assert topo.selected_rows() == [last - 1, last]
    assert [c["name"] for c in children(window)[-2:]] == names


def test_duplicated_auth_rows_are_selected(qtbot: Any, window: Any) -> None:
    window.open_path(str(EXAMPLES / "auth.iij-order.json"))
    wiz = window.wizard
    wiz.show_page("auth_units")
    page = wiz.pages["auth_units"]
    table = page.tables["clients"]
    select_row(table, 0)
    _add, dup, _remove = row_menu(window)
    dup.trigger()
    last = len(wiz.session.doc["auth_units"][0]["clients"]) - 1
    assert sorted({i.row() for i in table.selectedIndexes()}) == [last]
    assert table.currentRow() == last and page._selected("clients") == [last]


# --- the status line and the page list count the same findings ---------------------------------------


def test_status_line_and_page_list_count_the_same(qtbot: Any, window: Any) -> None:
    """Rule errors and warnings and the application form's findings (form.*): the page list's ⚠ and △
    add up to the status line's エラー and 警告, and each says how many of its own are the form's (never
    more than it counts); English counts "1 error", "2 errors"."""
    import re

    window.open_path(str(EXAMPLES / "invalid" / "rule-errors.iij-order.json"))
    wiz = window.wizard
    s = wiz.session

    def shown() -> tuple[int, int, str]:
        nav = [wiz.nav.item(r).text() for r in range(wiz.nav.count())]
        errors = sum(int(n) for t in nav for n in re.findall(r"⚠(\d+)", t))
        warnings = sum(int(n) for t in nav for n in re.findall(r"△(\d+)", t))
        assert errors + warnings == len(s.all_issues)
        return errors, warnings, wiz.status.text()

    def form(error: bool) -> int:
        return sum(1 for i in s.all_issues if i.rule.startswith("form.") and i.is_error == error)

    errors, warnings, status = shown()
    assert not form(True) and not form(False), status
    assert f"エラー {errors}件 / 警告 {warnings}件  |" in status and "うち" not in status
    s.set("/customer/phone", "")  # form.customer.phone, a warning: only the warnings have a form share
    errors, warnings, status = shown()
    assert form(False) and not form(True)
    assert f"エラー {errors}件 / 警告 {warnings}件(うち申込書の記入 {form(False)}件)" in status, status
    s.set("/vpn_networks/0/children/0/name", "")  # form.site.name, an error: both have one
    errors, warnings, status = shown()
    assert form(True) and form(False) and form(True) <= errors and form(False) <= warnings
    assert (
        f"エラー {errors}件(うち申込書の記入 {form(True)}件) / "
        f"警告 {warnings}件(うち申込書の記入 {form(False)}件)" in status
    ), status
    s.set("/customer/phone", "03-1234-5678")  # the form's warning gone: only the errors have one
    errors, warnings, status = shown()
    assert f"エラー {errors}件(うち申込書の記入 {form(True)}件) / 警告 {warnings}件  |" in status, status
    i18n.install("en")
    try:
        wiz._update_status()
        assert f"{errors} errors ({form(True)} of them on the application form) / {warnings} warning" in (
            wiz.status.text()
        )
    finally:
        i18n.install("ja")


def test_count_text_says_one_error_and_two_errors() -> None:
    from configurator.session.flow import Counts
    from ui.common import count_text

    i18n.install("en")
    try:
        assert count_text(Counts(1, 0)) == "1 error / 0 warnings"
        assert count_text(Counts(2, 1, 0, 1)) == "2 errors / 1 warning (1 on the application form)"
        assert count_text(Counts(2, 3, 2, 1)) == (
            "2 errors (2 of them on the application form) / 3 warnings (1 of them on the application form)"
        )
    finally:
        i18n.install("ja")
    assert count_text(Counts(1, 2, 1, 0)) == "エラー 1件(うち申込書の記入 1件) / 警告 2件"


# --- a 1024 px wide window in either language: the button rows wrap, nothing is cut -------------------


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_window_fits_1024_px_in_either_language(qtbot: Any, window: Any, lang: str) -> None:
    from PySide6.QtWidgets import QPushButton

    from configurator.session import flow
    from ui.app import make_window
    from ui.common import FlowLayout

    i18n.install(lang)
    try:
        w = make_window(window.store)
        qtbot.addWidget(w)
        w.resize(1024, 768)
        w.show()
        w.open_path(str(EXAMPLES / "mixed.iij-order.json"))
        for pid in flow.PAGE_IDS:
            w.wizard.show_page(pid)
        assert w.minimumSizeHint().width() <= 1024  # 1247 in English before
        assert w.width() == 1024
        for pid in ("vpn_topology", "export"):
            w.wizard.show_page(pid)
            page = w.wizard.pages[pid]
            qtbot.waitUntil(lambda page=page: page.isVisible())
            page.layout().activate()
            rows = page.findChildren(FlowLayout)
            buttons = [r.itemAt(i).widget() for r in rows for i in range(r.count())]
            buttons = [b for b in buttons if isinstance(b, QPushButton) and b.isVisible()]
            assert len(buttons) >= 6
            for b in buttons:
                right = b.mapTo(page, b.rect().topRight()).x()
                assert right < page.width() and b.width() >= b.sizeHint().width(), (pid, b.text())
    finally:
        i18n.install("ja")


def test_a_wrapping_button_row_follows_its_buttons(qtbot: Any) -> None:
    """ui.common.FlowLayout keeps the heights it worked out only until its buttons change: a label made
    longer, a button hidden or added, and the row wraps (or unwraps) at once."""
    from PySide6.QtWidgets import QPushButton, QWidget

    from ui.common import FlowLayout

    host = QWidget()
    qtbot.addWidget(host)
    row = FlowLayout(host)
    buttons = [QPushButton(f"ボタン{i}") for i in range(3)]
    for b in buttons:
        row.addWidget(b)
    host.show()
    one_line = row.heightForWidth(2000)
    width = sum(b.sizeHint().width() for b in buttons) + 40
    assert row.heightForWidth(width) == one_line
    buttons[2].setText("とても長いラベルのボタン" * 3)  # no longer fits in `width`
    assert row.heightForWidth(width) > one_line
    buttons[2].hide()
    assert row.heightForWidth(width) == one_line
    extra = QPushButton("もうひとつ" * 6)
    row.addWidget(extra)
    extra.show()  # added to a window already shown
    assert row.heightForWidth(width) > one_line
