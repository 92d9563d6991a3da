"""The start screen: a draft's status is set where the drafts are listed; the list sorts by column."""

from __future__ import annotations

from typing import Any

from tests.conftest import example


def test_status_is_set_from_the_list_and_kept(qtbot: Any, window: Any, store: Any) -> None:
    first = store.create(example("vpn.iij-order.json")).draft_id
    store.create(example("auth.iij-order.json"))
    start = window.start
    start.reload()
    row = next(r for r, d in enumerate(start.model.rows) if d.id == first)
    start.table.selectRow(row)
    assert start.status.currentData() == "drafting"
    index = start.status.findData("approval_requested")
    start.status.setCurrentIndex(index)
    start.status.activated.emit(index)
    assert store.info(first).status == "approval_requested"
    assert "承認依頼中" in start.message.text()
    assert start._selected().id == first  # the same draft stays selected
    start.search.setText("承認依頼中")  # and the search finds it by its status
    assert [d.id for d in start.model.rows] == [first]


def test_a_duplicate_is_marked_and_selected(qtbot: Any, window: Any, store: Any) -> None:
    """複製 made a draft that read like the original in the list: the copy's 件名 says 「のコピー」, and the
    copy is the row selected, so the salesperson goes on with it."""
    original = store.create(example("vpn.iij-order.json")).draft_id
    title = store.info(original).title
    start = window.start
    start.reload()
    start.table.selectRow(next(r for r, d in enumerate(start.model.rows) if d.id == original))
    start.dup_btn.click()
    copy = start._selected()
    assert copy is not None and copy.id != original and copy.title == f"{title}のコピー"
    titles = [start.model.data(start.model.index(r, 1)) for r in range(start.model.rowCount())]
    assert sorted(titles) == sorted([title, f"{title}のコピー"])
    assert copy.number in start.message.text() and "のコピー" in start.message.text()


def test_the_list_sorts_by_the_clicked_column(qtbot: Any, window: Any, store: Any) -> None:
    for title in ("B 案件", "A 案件", "C 案件"):
        doc = example("vpn.iij-order.json")
        doc["title"] = title
        store.create(doc)
    start = window.start
    start.reload()
    header = start.table.horizontalHeader()
    header.sectionClicked.emit(1)  # 件名, ascending
    assert [d.title for d in start.model.rows] == ["A 案件", "B 案件", "C 案件"]
    header.sectionClicked.emit(1)  # again: descending
    assert [d.title for d in start.model.rows] == ["C 案件", "B 案件", "A 案件"]


def test_an_earlier_revision_is_seen_and_brought_back(qtbot: Any, window: Any, store: Any) -> None:
    doc = example("vpn.iij-order.json")
    doc["title"] = "最初の件名"
    res = store.create(doc)
    for n, title in enumerate(("二度目の件名", "今の件名"), start=1):
        doc["title"] = title
        store.save(res.draft_id, doc, n)
    start = window.start
    start.reload()
    start.table.selectRow(0)
    start.history_btn.click()
    dialog = start.history_dialog
    assert [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())] == [
        "3(最新)",
        "2",
        "1",
    ]
    assert not dialog.restore_btn.isEnabled()  # the newest is what is there already
    dialog.table.selectRow(2)
    assert "最初の件名" in dialog.summary.text() and "拠点 4" in dialog.summary.text()
    with qtbot.waitSignal(dialog.restored, timeout=5000):
        dialog.restore_btn.click()
    info, restored = store.load(res.draft_id)
    assert info.rev == 4 and restored["title"] == "最初の件名"
    assert store.load(res.draft_id, 3)[1]["title"] == "今の件名"  # nothing overwritten
    assert dialog.table.item(0, 0).text() == "4(最新)"
    assert start.model.rows[0].title == "最初の件名"


def test_a_closed_history_dialog_is_not_kept(qtbot: Any, window: Any, store: Any) -> None:
    """Each 履歴… opened a new dialog, and a closed one stayed as a hidden child of the start screen (the
    10,000-step soak left four)."""
    from PySide6.QtCore import QCoreApplication, QEvent

    from ui.history import HistoryDialog

    store.create(example("vpn.iij-order.json"))
    start = window.start
    start.reload()
    start.table.selectRow(0)
    for _ in range(3):
        start.history_btn.click()
        assert start.history_dialog.isVisible()
        start.history_dialog.reject()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert start.findChildren(HistoryDialog) == []


def test_the_list_and_history_never_show_the_count_of_saves_as_the_quotes_edition(
    qtbot: Any, window: Any, store: Any
) -> None:
    """The quote a customer received says R1 (版 counts issued quotes); the draft list said R20, the
    count of saves, and the history gave no hint which 版 an issued revision was."""
    doc = example("vpn.iij-order.json")
    res = store.create(doc)
    for n in range(1, 20):
        doc["title"] = f"保存 {n}"
        res = store.save(res.draft_id, doc, res.rev)
    store.mark_issued(res.draft_id, res.rev)  # the quote exported from save 20: Q-…-R1
    number = store.info(res.draft_id).number
    start = window.start
    start.reload()
    shown = start.model.data(start.model.index(0, 0))
    assert shown == number and "-R20" not in shown
    start.table.selectRow(0)
    start.history_btn.click()
    dialog = start.history_dialog
    # the first column counts saves and says so; an issued row names the quote's 版 in words
    headers = [dialog.table.horizontalHeaderItem(c).text() for c in range(dialog.table.columnCount())]
    assert headers[0] == "保存番号" and headers[3] == "出力した見積書"
    assert dialog.table.item(0, 0).text() == "20(最新)" and dialog.table.verticalHeader().isHidden()
    assert dialog.table.item(0, 3).text() == f"出力済 {number}-R1(第1版)"
    metrics = dialog.table.fontMetrics()
    for col in (0, 3):  # 「20(最新)」 and the issued quote's number are read whole, not cut with "…"
        text = dialog.table.item(0, col).text()
        assert metrics.horizontalAdvance(text) + 12 <= dialog.table.columnWidth(col), text


def test_print_from_the_start_screen_says_what_to_do_first(qtbot: Any, window: Any) -> None:
    """ファイル → 印刷 with no order open did nothing, without a word (found walking the app)."""
    menu = window.menuBar().actions()[0].menu()
    action = next(a for a in menu.actions() if a.text().startswith("印刷"))
    action.trigger()
    assert "注文を開いてから" in window.start.message.text()


def test_the_window_fits_a_small_laptop_screen(window: Any, monkeypatch: Any) -> None:
    """A 1366x768 laptop (its free area 1366x728 under the taskbar): the first window and a size kept
    from a larger monitor both fit, with the bottom buttons (戻る/次へ) on the screen."""
    from PySide6.QtCore import QRect

    class Laptop:
        def availableGeometry(self) -> QRect:
            return QRect(0, 0, 1366, 728)

    monkeypatch.setattr(window, "screen", lambda: Laptop())
    window.setGeometry(300, 200, 1900, 1150)  # what a 1920x1200 monitor left in the settings
    window._fit_screen()
    geo, frame = window.geometry(), window.frameGeometry()
    assert geo.width() <= 1366 and geo.height() + 40 <= 728  # room for a title bar of 40 px
    assert frame.left() >= 0 and frame.top() >= 0 and frame.right() < 1366 and frame.bottom() < 728


def test_an_opened_contracted_order_is_listed_as_contracted(qtbot: Any, window: Any, store: Any) -> None:
    """Opening examples/contracted.iij-order.json (an order marked contracted) listed it as 作成中, though
    the wizard showed it read-only as a contracted one."""
    from configurator.paths import resource

    window.open_path(str(resource("examples", "contracted.iij-order.json")))
    assert window.stack.currentWidget() is window.wizard and window.wizard.session.read_only
    window.go_home()
    start = window.start
    assert [start.model.data(start.model.index(r, 3)) for r in range(start.model.rowCount())] == ["契約済"]
    window.open_path(str(resource("examples", "vpn.iij-order.json")))  # an order not contracted: as before
    window.go_home()
    assert sorted(start.model.data(start.model.index(r, 3)) for r in range(start.model.rowCount())) == [
        "作成中", "契約済"
    ]


def test_the_draft_buttons_are_greyed_with_the_reason_on_an_empty_list(
    qtbot: Any, window: Any, store: Any
) -> None:
    """開く, 複製 and ごみ箱へ移す were enabled on an empty list and did nothing when clicked."""
    start = window.start
    start.reload()
    assert start.model.rowCount() == 0
    for button in (start.open_draft_btn, start.dup_btn, start.trash_btn, start.history_btn):
        assert not button.isEnabled(), button.text()
        assert "下書きがありません" in button.toolTip() and "選ぶと使えます" in button.toolTip()
    from configurator.text import i18n

    i18n.install("en")
    try:
        start.reload()
        said = start.dup_btn.toolTip()
    finally:
        i18n.install("ja")
    assert said == "The list has no drafts. Select a draft in the list to use this."
    draft = store.create(example("vpn.iij-order.json")).draft_id
    start.reload(keep=draft)
    for button in (start.open_draft_btn, start.dup_btn, start.trash_btn):
        assert button.isEnabled() and "選ぶと使えます" not in button.toolTip(), button.text()
    start.trash_btn.click()  # the list is empty again
    assert start.model.rowCount() == 0 and not start.open_draft_btn.isEnabled()
    start.trash.setChecked(True)  # the trash: the draft is there, to be brought back before it is opened
    start.table.selectRow(0)
    assert start.restore_btn.isEnabled() and not start.open_draft_btn.isEnabled()
    assert "ごみ箱から戻す" in start.open_draft_btn.toolTip()


def test_a_draft_is_always_chosen_so_enter_opens_it(qtbot: Any, window: Any, store: Any) -> None:
    """The list says 「Enter で開く」, but at the start nothing was chosen: Enter did nothing and 開く was
    greyed until a click. The newest draft is chosen; a search chooses its first match; a draft chosen
    stays chosen when the list is read again."""
    from PySide6.QtCore import Qt

    older = store.create(example("vpn.iij-order.json")).draft_id
    newer = store.create(dict(example("auth.iij-order.json"), title="認証だけの案件")).draft_id
    start = window.start
    start.reload()
    assert start._selected() is not None and start._selected().id == newer  # newest first
    assert start.open_draft_btn.isEnabled() and start.dup_btn.isEnabled()
    start.search.setText("拠点間VPN")
    assert start._selected() is not None and start._selected().id == older
    start.search.setText("")
    assert start._selected().id == older  # kept across the search being cleared
    with qtbot.waitSignal(start.open_draft) as opened:
        qtbot.keyClick(start.table, Qt.Key.Key_Return)
    assert opened.args == [older]
