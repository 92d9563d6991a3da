"""The export page's preview: never silently old after the order changed, zoom, pages, search, and no
pictures kept from one preview to the next."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QLabel

from tests.conftest import EXAMPLES


def previewed(qtbot: Any, window: Any, example: str = "auth.iij-order.json") -> Any:
    window.open_path(str(EXAMPLES / example))
    wiz = window.wizard
    wiz.show_page("export")
    page = wiz.pages["export"]
    with qtbot.waitSignal(wiz.previewed, timeout=60000):
        page.preview_btn.click()
    return wiz, page.preview


def test_a_changed_order_is_marked_at_once_and_previewed_again(qtbot: Any, window: Any) -> None:
    wiz, preview = previewed(qtbot, window)
    assert "新しい件名です" not in preview.page_text(1)
    with qtbot.waitSignal(wiz.previewed, timeout=60000):
        wiz.session.set("/title", "新しい件名です")
        # before the new one is made, the old one says it is old
        assert preview.stale and preview.notice.isVisible()
        assert "変更前" in preview.notice.text() and "更新しています" in preview.notice.text()
    assert "新しい件名です" in preview.page_text(1).replace("\r\n", "")
    assert not preview.stale and preview.notice.isHidden()


def test_a_change_made_on_another_page_is_shown_when_coming_back(qtbot: Any, window: Any) -> None:
    wiz, preview = previewed(qtbot, window)
    wiz.show_page("customer")
    wiz.session.set("/title", "別のページで変えた件名")
    assert preview.stale and "プレビューを更新" in preview.notice.text()
    assert not wiz.preview_timer.isActive()  # nothing is built for a page no one looks at
    with qtbot.waitSignal(wiz.previewed, timeout=60000):
        wiz.show_page("export")
    assert "別のページで変えた件名" in preview.page_text(1).replace("\r\n", "")


def test_opening_another_order_does_not_leave_the_old_preview_unmarked(qtbot: Any, window: Any) -> None:
    wiz, preview = previewed(qtbot, window)
    window.open_path(str(EXAMPLES / "mixed.iij-order.json"))
    assert window.wizard is wiz  # the same wizard, the same preview widget, now for another order
    assert preview.stale and "変更前" in preview.notice.text()


def test_zoom_with_ctrl_wheel_keys_and_fit_width(qtbot: Any, window: Any) -> None:
    _wiz, preview = previewed(qtbot, window)
    first = preview._pages[0]
    width = first.width()
    assert preview.zoom_label.text() == "90%"
    viewport = preview.area.viewport()
    wheel = QWheelEvent(
        QPointF(50, 50),
        QPointF(viewport.mapToGlobal(QPoint(50, 50))),
        QPoint(0, 0),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(viewport, wheel)
    assert preview.zoom_label.text() == "100%" and first.width() > width
    preview.area.setFocus()
    qtbot.keyClick(preview.area, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(preview.area, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert preview.zoom_label.text() == "75%"
    qtbot.keyClick(preview.area, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert preview.zoom_label.text() == "90%"
    preview.fit_btn.click()
    assert abs(first.width() - (viewport.width() - 40)) <= 4
    with qtbot.waitSignal(preview.rendered, timeout=10000):
        pass
    assert first.pixmap() is not None and not first.pixmap().isNull()
    assert abs(first.pixmap().width() / first.pixmap().devicePixelRatio() - first.width()) <= 2


def test_page_navigation(qtbot: Any, window: Any) -> None:
    _wiz, preview = previewed(qtbot, window)
    pages = sum(len(d) for d in preview._docs)  # the quote's pages and the form's
    assert pages >= 3 and preview.page_count.text() == f"/ {pages}ページ"
    preview.page_box.setValue(2)
    preview.page_box.editingFinished.emit()
    assert preview.current_page() == 2
    preview.next_btn.click()
    assert preview.current_page() == 3 and preview.page_box.value() == 3
    preview.prev_btn.click()
    preview.prev_btn.click()
    assert preview.current_page() == 1 and preview.page_box.value() == 1


def test_text_search_finds_and_shows_each_place(qtbot: Any, window: Any) -> None:
    _wiz, preview = previewed(qtbot, window)
    preview.search.setText("申込")
    qtbot.keyClick(preview.search, Qt.Key.Key_Return)
    total = len(preview.hits)
    assert total >= 2 and preview.found.text() == f"1/{total}件"
    marked = [p for p in preview._pages if p.mark.isVisible()]
    assert len(marked) == 1 and marked[0].mark.width() > 10
    preview.find_btn.click()
    assert preview.found.text() == f"2/{total}件"
    preview.search.setText("ありえない文字列")
    preview.find_btn.click()
    assert preview.found.text() == "見つかりません" and not any(p.mark.isVisible() for p in preview._pages)


def test_repeated_previews_keep_no_old_pictures(qtbot: Any, window: Any) -> None:
    """A 1,000-site form is some 20 pages a preview: only a screenful holds pictures, and a new preview
    leaves nothing of the last one behind."""
    wiz, preview = previewed(qtbot, window, "mixed.iij-order.json")
    page = wiz.pages["export"]
    counts = []
    for _ in range(6):
        with qtbot.waitSignal(wiz.previewed, timeout=60000):
            page.preview_btn.click()
        # the old pages deleted, as the event loop does once back at its top
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
        counts.append(len(preview.findChildren(QLabel)))
    assert len(set(counts)) == 1  # the same number of page frames each time, not one more set a preview
    with qtbot.waitSignal(preview.rendered, timeout=10000):
        preview.set_zoom(25)
    assert preview.rendered_pages() <= len(preview._pages)
    with qtbot.waitSignal(preview.rendered, timeout=10000):
        preview.set_zoom(200)
    assert preview.rendered_pages() <= 2 + 2 * 3  # the pages in view and three either side


def test_previews_asked_for_while_one_is_made_run_one_at_a_time_and_show_the_newest(
    qtbot: Any, window: Any
) -> None:
    """A day of quick edits must not stack up preview builds (each holds both documents in memory):
    one runs at a time, and the one shown at the end is of the newest order."""
    wiz, preview = previewed(qtbot, window)
    running: list[int] = []
    most = [0]

    def started(_token: int) -> None:
        running.append(_token)
        most[0] = max(most[0], sum(1 for j in wiz.background._jobs.values() if j.name == "preview"))

    wiz.background.started.connect(started)
    with qtbot.waitSignal(wiz.previewed, timeout=60000):
        for n in range(4):
            wiz.session.set("/title", f"件名その{n}")
            wiz.preview()
    assert most[0] == 1  # never two previews built at once
    assert len(running) <= 2  # the first, then one for the newest order (not one per request)
    assert "件名その3" in preview.page_text(1).replace("\r\n", "")
    assert not wiz.session_changed_since_preview()
