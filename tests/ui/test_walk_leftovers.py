"""The wizard's leftovers a walk of the app found: 元に戻す・やり直し say what they take back, the
認証 page's proxy tab shows what is wrong with a row, a contracted order reads (scrolls, selects, copies)
without being edited, the English status line's yen sign. Each test fails on the code before."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from configurator.session import edits
from configurator.text import i18n
from tests.conftest import EXAMPLES


def in_language(qtbot: Any, window: Any, lang: str) -> Any:
    """The main window in `lang` (the `window` fixture is made in Japanese)."""
    i18n.install(lang)
    if lang == "ja":
        return window
    from ui.app import make_window

    w = make_window(window.store)
    qtbot.addWidget(w)
    w.resize(1280, 820)
    w.show()
    return w


def column(model: Any, key: str) -> int:
    return next(c for c, col in enumerate(model.columns) if col.key == key)


# --- 1: 元に戻す・やり直し say what they take back ----------------------------------------------------

UNDO_TEXTS = {
    "ja": ("元に戻す(&U)\tCtrl+Z", "元に戻す(&U): 拠点名の変更\tCtrl+Z", "やり直し(&R): 拠点名の変更\tCtrl+Y",
           "元に戻しました: 拠点名の変更", "やり直しました: 拠点名の変更",
           "元に戻す(&U): 2拠点の貼り付け\tCtrl+Z", "元に戻す(&U): 1拠点の削除\tCtrl+Z"),
    "en": ("&Undo\tCtrl+Z", "&Undo: change site name\tCtrl+Z", "&Redo: change site name\tCtrl+Y",
           "Undone: change site name", "Redone: change site name", "&Undo: paste 2 sites\tCtrl+Z",
           "&Undo: delete 1 site\tCtrl+Z"),
}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_undo_and_redo_say_what_they_take_back(qtbot: Any, window: Any, lang: str) -> None:
    try:
        w = in_language(qtbot, window, lang)
        nothing, undo_name, redo_name, undone, redone, undo_paste, undo_remove = UNDO_TEXTS[lang]
        w.open_path(str(EXAMPLES / "vpn.iij-order.json"))
        wiz = w.wizard
        assert w.undo_action.text() == nothing and not w.undo_action.isEnabled()  # nothing to undo yet
        assert not w.redo_action.isEnabled()
        wiz.show_page("vpn_topology")
        topo = wiz.pages["vpn_topology"]
        topo.model.setData(topo.model.index(1, column(topo.model, "/name")), "梅田支店")
        assert w.undo_action.isEnabled() and w.undo_action.text() == undo_name
        w.undo_action.trigger()
        assert undone in wiz.status.text()
        assert w.redo_action.isEnabled() and w.redo_action.text() == redo_name
        assert not w.undo_action.isEnabled()
        w.redo_action.trigger()
        assert redone in wiz.status.text()
        assert w.undo_action.text() == undo_name and not w.redo_action.isEnabled()
        s = wiz.session
        pasted = [{"id": "p1", "name": "", "lan": []}, {"id": "p2", "name": "", "lan": []}]
        topo.apply(edits.paste_sites(s.doc, 0, [], pasted), refresh=True)
        assert w.undo_action.text() == undo_paste
        topo.apply(edits.remove_sites(["/vpn_networks/0/children/0"]), refresh=True)
        assert w.undo_action.text() == undo_remove
    finally:
        i18n.install("ja")


# --- 2: the 認証 page's proxy tab says what is wrong with a row, and the cell stays marked selected -------

PROXY_PROBLEM = {"ja": "転送先となるお客様の認証識別装置", "en": "Enter the forwarding destination"}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_flagged_proxy_row_says_what_is_wrong(qtbot: Any, window: Any, lang: str) -> None:
    try:
        w = in_language(qtbot, window, lang)
        w.open_path(str(EXAMPLES / "auth.iij-order.json"))
        wiz = w.wizard
        wiz.show_page("auth_units")
        page = wiz.pages["auth_units"]
        page.tabs.setCurrentIndex(1)  # プロキシ
        page._add_child("proxies")  # a proxy without its destinations: an error on that cell
        table = page.tables["proxies"]
        assert "⚠1" in page.tabs.tabText(1)
        table.selectRow(1)
        flagged, fine = table.item(1, 1), table.item(0, 1)
        assert PROXY_PROBLEM[lang] in flagged.toolTip()
        # selected, the cell's colour is the selection's: a sign in the cell still marks it
        assert not flagged.icon().isNull() and fine.icon().isNull()
        below = page.row_issues["proxies"]
        assert below.isVisible() and PROXY_PROBLEM[lang] in below.text()
        table.selectRow(0)  # a row without a problem: nothing below
        assert below.text() == ""
        table.selectRow(1)  # the value typed fixes it: the sign and the message go
        table.item(1, 1).setText("192.0.2.20")
        assert table.item(1, 1).icon().isNull() and below.text() == ""
        assert "⚠" not in page.tabs.tabText(1)
    finally:
        i18n.install("ja")


# --- 4: the status line's amounts: ￥ in Japanese, ¥ in English ---------------------------------------


@pytest.mark.parametrize(("lang", "sign", "not_sign"), [("ja", "￥", "¥"), ("en", "¥", "￥")])
def test_the_status_line_writes_yen_as_its_language_does(
    qtbot: Any, window: Any, lang: str, sign: str, not_sign: str
) -> None:
    from configurator.text.jpformat import display_yen

    try:
        w = in_language(qtbot, window, lang)
        w.open_path(str(EXAMPLES / "vpn.iij-order.json"))
        status = w.wizard.status.text()
        assert f"{sign}407,000" in status and not_sign not in status, status
        assert not_sign not in display_yen(-1234)  # the change and cancellation screens' amounts too
    finally:
        i18n.install("ja")


# --- 3: a contracted order reads as read-only: it scrolls, selects and copies, and nothing edits ---------


def test_a_contracted_order_reads_selects_and_copies_but_does_not_edit(qtbot: Any, window: Any) -> None:
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QPushButton

    from tests.conftest import example

    draft = window.store.create(example("contracted.iij-order.json")).draft_id
    window.open_draft(draft)
    wiz = window.wizard
    assert wiz.session.read_only and wiz.contracted_banner.isVisible()
    customer = wiz.pages["customer"]
    title = next(e for e in customer.findChildren(QLineEdit) if e.accessibleName() == "件名")
    assert customer.isEnabled() and title.isEnabled() and title.isReadOnly()  # selectable and copyable
    qtbot.keyClicks(title, "abc")
    assert wiz.session.doc["title"] == "株式会社サンプル様 契約中"

    wiz.show_page("vpn_topology")
    topo = wiz.pages["vpn_topology"]
    table = topo.table
    assert topo.isEnabled() and table.isEnabled()  # it scrolls
    assert table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert not topo.table_hint.isVisible()  # 「ダブルクリック…で編集できます」 is not said of a contract
    wiz.show_page("terms")
    assert not wiz.pages["terms"].table_hint.isVisible()  # nor on 期間と適用日 (it showed it again)
    wiz.show_page("vpn_topology")
    table.setFocus()
    table.selectRow(1)  # selecting enables the page's row buttons: read-only, they stay disabled
    assert {i.row() for i in table.selectionModel().selectedRows()} == {1}
    edits_ = [b for b in topo.findChildren(QPushButton) if b.accessibleName() == "選択した子拠点を削除"]
    assert edits_ and not any(b.isEnabled() for b in edits_)
    assert not window.row_actions["remove"].isEnabled()
    QGuiApplication.clipboard().clear()
    qtbot.keySequence(table, "Ctrl+C")
    copied = QGuiApplication.clipboard().text()
    name = wiz.session.doc["vpn_networks"][0]["children"][0]["name"]
    assert name in copied and "\t" in copied  # the selected row, cells tab-separated

    wiz.contracted_banner.copy.click()  # a copy as a new order: editable again
    wiz.show_page("customer")
    assert not wiz.session.read_only and not title.isReadOnly()
    wiz.show_page("vpn_topology")
    assert table.editTriggers() != QAbstractItemView.EditTrigger.NoEditTriggers
    assert topo.table_hint.isVisible()
    table.selectRow(1)
    assert all(b.isEnabled() for b in edits_)


def test_a_count_not_taken_is_said_under_the_table(qtbot: Any, window: Any) -> None:
    from PySide6.QtCore import Qt

    window.open_path(str(EXAMPLES / "vpn.iij-order.json"))
    wiz = window.wizard
    wiz.show_page("vpn_options")
    page = wiz.pages["vpn_options"]
    col = next(c for c, column in enumerate(page.model.columns) if column.key == "/options/sfp_module")
    cell = page.model.index(1, col)
    page.table.setCurrentIndex(cell)
    before = wiz.session.get(page.model._rows[1] + "/options/sfp_module")
    assert not page.model.setData(cell, "たくさん", Qt.ItemDataRole.EditRole)
    assert wiz.session.get(page.model._rows[1] + "/options/sfp_module") == before
    assert "「たくさん」は個数として読めません" in page.cell_issue.text()


def test_the_customer_page_rows_are_evenly_spaced(qtbot: Any, window: Any) -> None:
    """Every field of お客様情報 keeps a line for its problems under it; 宛名の区分 had none, so it sat
    closer to フリガナ than any other two rows (looked at in the guide's picture)."""
    from PySide6.QtWidgets import QApplication, QWidget

    window.resize(1280, 820)
    window.open_path(str(EXAMPLES / "vpn.iij-order.json"))
    wiz = window.wizard
    wiz.show_page("customer")
    QApplication.processEvents()
    page = wiz.pages["customer"]
    fields = {w.accessibleName(): w for w in page.findChildren(QWidget) if w.accessibleName()}
    order = ["件名", "お客様名", "宛名の区分", "お客様名のフリガナ", "部署"]
    tops = [fields[name].mapTo(page, fields[name].rect().topLeft()).y() for name in order]
    pitches = [b - a for a, b in itertools.pairwise(tops)]
    assert max(pitches) - min(pitches) <= 1, dict(zip(order[1:], pitches, strict=True))
