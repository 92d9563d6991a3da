"""Files dropped on the main window: one order file or PDF of ours opens as ファイルを開く opens it;
several files, or a file of another kind, are told what can be dropped; a site list dropped on VPN網と拠点
is read as CSVから取り込み reads it; on 契約・変更・解約 nothing opens and it says where to drop. The drag
events go to the window's QWindow, which hands them to the widget under the point as a real drag does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget

from configurator.text import i18n
from tests.conftest import EXAMPLES, example


def drop(window: Any, paths: list[Path | str], over: QWidget | None = None) -> bool:
    """Drag `paths` over the middle of `over` (the screen in view) and drop them; whether the window took
    the drag."""
    mime = QMimeData()
    mime.setUrls([QUrl(p) if "://" in str(p) else QUrl.fromLocalFile(str(p)) for p in paths])
    widget = over or window.stack.currentWidget()
    point = widget.mapTo(window, widget.rect().center())
    copy, left, none = Qt.DropAction.CopyAction, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(point, copy, mime, left, none)
    QApplication.sendEvent(window.windowHandle(), enter)
    if not enter.isAccepted():
        return False
    dropped = QDropEvent(QPointF(point), copy, mime, left, none)
    QApplication.sendEvent(window.windowHandle(), dropped)
    return dropped.isAccepted()


def test_an_order_file_dropped_on_the_start_screen_opens(qtbot: Any, window: Any, store: Any) -> None:
    store.create(example("auth.iij-order.json"))
    window.start.reload()
    path = EXAMPLES / "vpn.iij-order.json"
    assert drop(window, [path], over=window.start.table)  # over the list of drafts
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.wizard)
    assert window.wizard.session.doc == example("vpn.iij-order.json")
    window.go_home()
    assert len(window.start.model.rows) == 2  # imported as ファイルを開く imports it


def test_a_pdf_of_ours_dropped_on_the_wizard_opens_after_the_order_in_hand_is_saved(
    qtbot: Any, window: Any, store: Any, tmp_path: Path
) -> None:
    from configurator.documents.quote import build_quote
    from tests.test_documents import opts

    pdf = tmp_path / "見積書.pdf"
    doc = example("mixed.iij-order.json")
    pdf.write_bytes(build_quote(doc, opts()))
    window.new_order()
    first = window.wizard.session
    first.apply([{"op": "replace", "path": "/title", "value": "ドロップ前の注文"}])
    assert first.dirty
    assert drop(window, [pdf])
    qtbot.waitUntil(lambda: window.wizard.session is not first)
    assert window.wizard.session.doc == doc
    assert store.load(first.draft_id)[1]["title"] == "ドロップ前の注文"  # saved, as opening a file saves it


def test_several_files_or_another_kind_are_told_what_can_be_dropped(
    qtbot: Any, window: Any, tmp_path: Path
) -> None:
    picture = tmp_path / "写真.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n")
    two = [EXAMPLES / "vpn.iij-order.json", EXAMPLES / "auth.iij-order.json"]
    assert drop(window, two)
    qtbot.waitUntil(lambda: "2個のファイル" in window.start.message.text())
    assert "注文ファイル(.iij-order.json)" in window.start.message.text()
    assert window.stack.currentWidget() is window.start  # nothing opened
    assert drop(window, [picture])
    qtbot.waitUntil(lambda: "「写真.png」は開けません" in window.start.message.text())
    assert "このアプリで作った見積書・申込書のPDF" in window.start.message.text()
    web = "https://example.com/order.iij-order.json"
    assert drop(window, [web])  # not a file
    qtbot.waitUntil(lambda: f"「{web}」は開けません" in window.start.message.text())
    i18n.install("en")
    try:
        assert drop(window, [picture])
        qtbot.waitUntil(lambda: "Cannot open “写真.png”" in window.start.message.text())
        said = window.start.message.text()
    finally:
        i18n.install("ja")
    assert "order file (.iij-order.json)" in said and "PDF" in said


def test_a_damaged_file_dropped_on_the_wizard_is_told_there_and_the_order_stays(
    qtbot: Any, window: Any, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.iij-order.json"
    bad.write_bytes(b'{"format": "iij-order/1", "title": ')
    window.new_order()
    session = window.wizard.session
    assert drop(window, [bad])
    qtbot.waitUntil(lambda: window._message_box is not None and window._message_box.isVisible())
    text = window._message_box.text()
    assert text.startswith("開けません:") and "bad.iij-order.json" in text  # the message of ファイルを開く
    assert window.wizard.session is session and window.stack.currentWidget() is window.wizard
    window._message_box.close()


def test_a_site_list_dropped_on_the_sites_page_is_read_as_csv_import_reads_it(
    qtbot: Any, window: Any, tmp_path: Path
) -> None:
    sheet = tmp_path / "拠点.csv"
    sheet.write_text("拠点ID,拠点名\nS1,大阪支店\nS2,福岡支店\n", encoding="utf-8")
    assert drop(window, [sheet])  # on the start screen: said where it goes
    qtbot.waitUntil(lambda: "「VPN網と拠点」のページにドロップ" in window.start.message.text())
    window.open_path(str(EXAMPLES / "vpn.iij-order.json"))
    window.wizard.show_page("vpn_topology")
    page = window.wizard.pages["vpn_topology"]
    before = len(window.wizard.session.doc["vpn_networks"][0]["children"])
    assert drop(window, [sheet], over=page.table)
    qtbot.waitUntil(lambda: window._import_dialog is not None and window._import_dialog.isVisible())
    dialog = window._import_dialog
    assert [s["name"] for s in dialog.rows.sites] == ["大阪支店", "福岡支店"]
    dialog.buttons.accepted.emit()
    assert len(window.wizard.session.doc["vpn_networks"][0]["children"]) == before + 2


def test_a_site_list_is_not_dropped_into_a_contracted_order(qtbot: Any, window: Any, tmp_path: Path) -> None:
    sheet = tmp_path / "拠点.csv"
    sheet.write_text("拠点ID,拠点名\nS1,大阪支店\n", encoding="utf-8")
    window.open_path(str(EXAMPLES / "contracted.iij-order.json"))
    window.wizard.show_page("vpn_topology")
    doc = window.wizard.session.doc
    assert drop(window, [sheet], over=window.wizard.pages["vpn_topology"].table)
    qtbot.waitUntil(lambda: window._message_box is not None and window._message_box.isVisible())
    assert "契約済みの注文は編集できません" in window._message_box.text()
    assert window.wizard.session.doc == doc
    window._message_box.close()


def test_a_file_dropped_on_a_text_field_opens_too(qtbot: Any, window: Any) -> None:
    """A text field takes text only: an order file dropped on the 件名 field goes on to the window."""
    from PySide6.QtWidgets import QLineEdit

    window.new_order()
    first = window.wizard.session
    field = window.wizard.pages[window.wizard.current].findChild(QLineEdit)
    assert field is not None and field.acceptDrops() and field.isVisible()
    assert drop(window, [EXAMPLES / "auth.iij-order.json"], over=field)
    qtbot.waitUntil(lambda: window.wizard.session is not first)
    assert window.wizard.session.doc == example("auth.iij-order.json") and field.text() != str(EXAMPLES)


def test_a_file_dropped_on_the_contract_screen_is_told_where_to_drop_it(
    qtbot: Any, window: Any, store: Any, tmp_path: Path
) -> None:
    """On 契約・変更・解約 a dropped file was refused without a word (the drag not even taken); and a file
    that ファイルを開く could not open was told on the start screen, out of sight. Both are said on the
    screen's message line; nothing opens there and the contract stays on screen."""
    from configurator.lifecycle import mark_contracted

    doc = mark_contracted(example("mixed.iij-order.json"), "2025-04-01", "株式会社サンプル")
    contracted = store.create(doc)
    window.open_lifecycle(contracted.draft_id)
    view = window.lifecycle
    assert window.stack.currentWidget() is view
    assert drop(window, [EXAMPLES / "vpn.iij-order.json"], over=view.tabs)
    qtbot.waitUntil(lambda: "ファイルをドロップできません" in view.message.text())
    assert "ファイルを開く" in view.message.text()
    assert window.stack.currentWidget() is view  # nothing opened over the contract
    bad = tmp_path / "bad.iij-order.json"
    bad.write_bytes(b'{"format": "iij-order/1", "title": ')
    window.open_path(str(bad))  # ファイル > ファイルを開く on this screen
    assert view.message.text().startswith("開けません:") and "bad.iij-order.json" in view.message.text()
    assert window.stack.currentWidget() is view
    window._in_wizard("autosave")  # ファイル > 保存: an order's command, not this screen's
    assert "この画面(契約・変更・解約)では使えません" in view.message.text()
    i18n.install("en")
    try:
        assert drop(window, [EXAMPLES / "vpn.iij-order.json"], over=view.tabs)
        qtbot.waitUntil(lambda: "cannot be dropped" in view.message.text())
    finally:
        i18n.install("ja")
