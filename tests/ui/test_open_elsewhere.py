"""A draft open in another window is neither trashed under it nor opened a second time without a word
(store/draftlock.py): two windows of this process, and a window of another process (a hold with no window
of this process behind it; tests/test_draftlock.py holds one from a real second process and kills it)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from configurator.store.drafts import EDITING_KEY, DraftStore
from configurator.text import i18n
from tests.conftest import example


@pytest.fixture
def draft(store: Any) -> int:
    return int(store.create(example("vpn.iij-order.json")).draft_id)


@pytest.fixture
def elsewhere(data_dir: Path) -> Iterator[DraftStore]:
    """Another process's store on the same data folder (its holds have no window of this process)."""
    s = DraftStore.open(data_dir)
    yield s
    s.close()


@pytest.fixture
def second(qtbot: Any, window: Any) -> Any:
    """A second window of the app in this process, on the same store."""
    from ui.app import make_window

    w = make_window(window.store)
    qtbot.addWidget(w)
    w.resize(1280, 820)
    w.show()
    return w


def _trash_from(w: Any, draft: int) -> None:
    w.start.reload(keep=draft)
    assert w.start._selected().id == draft
    w.start.trash_btn.click()


def test_trashing_a_draft_open_in_another_window_is_refused_with_the_reason(
    qtbot: Any, window: Any, second: Any, store: Any, draft: int
) -> None:
    window.open_draft(draft)
    assert window.stack.currentWidget() is window.wizard
    _trash_from(second, draft)
    box = second.start.refusal
    qtbot.waitUntil(lambda: box.isVisible())
    assert box.windowTitle() == "ごみ箱へ移せません" and box.icon() == QMessageBox.Icon.Warning
    assert "ほかのウィンドウで開いているため、ごみ箱へ移していません" in box.text()
    assert "株式会社サンプル様 拠点間VPN" in box.text() and "閉じてから" in box.text()
    assert "ごみ箱へ移していません" in second.start.message.text()
    box.close()
    assert store.info(draft).deleted_at is None and [d.id for d in second.start.model.rows] == [draft]
    # once the first window is done with it, it goes to the trash as usual
    window.go_home()
    _trash_from(second, draft)
    assert store.info(draft).deleted_at is not None
    assert "ごみ箱に移しました" in second.start.message.text()


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen: the other window raised
def test_opening_a_draft_open_in_another_window_of_the_app_brings_that_window_forward(
    qtbot: Any, window: Any, second: Any, draft: int
) -> None:
    window.open_draft(draft)
    second.open_draft(draft)
    assert second.stack.currentWidget() is second.start  # not a second editor of the same draft
    assert second.wizard.session is None
    assert "ほかのウィンドウで開いています。そのウィンドウを前に出しました" in second.start.message.text()
    assert window.wizard.session.draft_id == draft and window.wizard.hold.held


def test_opening_a_draft_open_in_another_process_asks_and_cancel_is_the_default(
    qtbot: Any, window: Any, elsewhere: DraftStore, store: Any, draft: int
) -> None:
    hold = elsewhere.hold(draft)
    window.open_draft(draft)
    box = window.elsewhere_box
    qtbot.waitUntil(lambda: box.isVisible())
    assert window.stack.currentWidget() is window.start
    assert box.windowTitle() == "ほかのウィンドウで開いています"
    assert "「株式会社サンプル様 拠点間VPN」" in box.text() and "ほかのウィンドウで編集中です" in box.text()
    assert "競合コピー" in box.text() and "複製して開く" in box.text()
    assert sorted(b.text() for b in box.buttons()) == ["キャンセル", "複製して開く(&C)"]
    cancel = next(b for b in box.buttons() if b.text() == "キャンセル")
    assert box.defaultButton() is cancel and box.escapeButton() is cancel
    cancel.click()
    assert not box.isVisible()
    assert window.stack.currentWidget() is window.start and store.count() == 1
    hold.release()


def test_a_copy_of_a_draft_open_elsewhere_opens_for_editing(
    qtbot: Any, window: Any, elsewhere: DraftStore, store: Any, draft: int
) -> None:
    hold = elsewhere.hold(draft)
    window.open_draft(draft)
    box = window.elsewhere_box
    qtbot.waitUntil(lambda: box.isVisible())
    next(b for b in box.buttons() if b.text() == "複製して開く(&C)").click()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.wizard)
    session = window.wizard.session
    assert session.draft_id != draft and session.doc["title"] == "株式会社サンプル様 拠点間VPNのコピー"
    assert store.count() == 2 and elsewhere.open_elsewhere(session.draft_id)  # the copy is held here
    assert store.load(draft)[1]["title"] == "株式会社サンプル様 拠点間VPN"  # the original untouched
    hold.release()


def test_the_lock_goes_with_the_draft_closed_another_opened_or_the_window_closed(
    qtbot: Any, window: Any, elsewhere: DraftStore, store: Any, draft: int
) -> None:
    other = int(store.create(example("auth.iij-order.json")).draft_id)
    window.open_draft(draft)
    assert elsewhere.open_elsewhere(draft)
    window.go_home()  # スタート画面
    assert not elsewhere.open_elsewhere(draft)
    window.open_draft(draft)
    window.go_home()
    window.open_draft(other)  # another draft: the first is let go
    assert not elsewhere.open_elsewhere(draft) and elsewhere.open_elsewhere(other)
    window.close()  # a clean quit
    assert not elsewhere.open_elsewhere(other)


def test_a_new_order_is_held_from_its_first_save_and_a_conflict_copy_instead_after(
    qtbot: Any, window: Any, elsewhere: DraftStore, store: Any
) -> None:
    window.new_order()
    wiz = window.wizard
    wiz.session.set("/title", "新しい見積")
    wiz.autosave()
    made = wiz.session.draft_id
    assert made is not None and elsewhere.open_elsewhere(made)
    # saved meanwhile by another process (the CLI's restore of a revision): this window's next save is a
    # conflict copy, which it then edits and holds; the draft it was on is let go
    info, doc = elsewhere.load(made)
    elsewhere.save(made, {**doc, "title": "他で保存"}, info.rev)
    wiz.session.set("/title", "こちらの変更")
    wiz.autosave()
    copy = wiz.session.draft_id
    assert copy != made and elsewhere.open_elsewhere(copy) and not elsewhere.open_elsewhere(made)


def test_no_recovery_is_offered_for_a_draft_another_window_is_editing(
    qtbot: Any, window: Any, store: Any, draft: int
) -> None:
    """前回編集中だった下書きを開く is for a draft left by a crash, not one being edited in a window now."""
    window.open_draft(draft)
    assert store.get_state(EDITING_KEY) == str(draft)
    from ui.app import make_window

    again = make_window(store)
    qtbot.addWidget(again)
    assert again.start.recovery.isHidden()


def test_the_refusal_and_the_question_in_english(
    qtbot: Any, window: Any, elsewhere: DraftStore, draft: int
) -> None:
    i18n.install("en")
    from ui.app import make_window

    w = make_window(window.store)
    qtbot.addWidget(w)
    w.show()
    hold = elsewhere.hold(draft)
    _trash_from(w, draft)
    refusal = w.start.refusal
    qtbot.waitUntil(lambda: refusal.isVisible())
    assert refusal.windowTitle() == "Cannot move to the trash"
    assert "is open in another window, so it was not moved to the trash" in refusal.text()
    refusal.close()
    w.open_draft(draft)
    box = w.elsewhere_box
    qtbot.waitUntil(lambda: box.isVisible())
    assert box.windowTitle() == "Open in another window"
    assert "is being edited in another window" in box.text()
    assert sorted(b.text() for b in box.buttons()) == ["&Open a copy", "Cancel"]
    box.close()
    hold.release()


def _listed(w: Any) -> dict[str, tuple[str, str | None, bool]]:
    """The start list as seen: each draft's 見積番号 → (its 件名 cell, its tooltip, whether coloured)."""
    from PySide6.QtCore import Qt

    model = w.start.model
    out = {}
    for r in range(model.rowCount()):
        title = model.index(r, 1)
        out[model.index(r, 0).data()] = (
            title.data(),
            title.data(Qt.ItemDataRole.ToolTipRole),
            title.data(Qt.ItemDataRole.ForegroundRole) is not None,
        )
    return out


def _reload(qtbot: Any, w: Any) -> dict[str, tuple[str, str | None, bool]]:
    with qtbot.waitSignal(w.start.marks_shown, timeout=30_000):
        w.start.reload()
    return _listed(w)


def test_the_start_list_marks_a_draft_open_in_another_process_or_window(
    qtbot: Any, window: Any, second: Any, store: Any, data_dir: Path, draft: int
) -> None:
    """The list did not say which drafts were being edited elsewhere: the user learnt it only on opening
    one. A draft another process holds (tests/test_draftlock.py's holder, a real second process) is marked
    once the list is reloaded, and no longer once that process has gone; a draft open in a second window
    of this process is marked in the first window's list, not in its own."""
    from tests.test_draftlock import _holder

    other = int(store.create(example("auth.iij-order.json")).draft_id)
    a, b = store.info(draft), store.info(other)
    assert _reload(qtbot, window) == {a.number: (a.title, None, False), b.number: (b.title, None, False)}
    proc = _holder(data_dir, draft)  # says "held" once it has the draft open
    try:
        listed = _reload(qtbot, window)
        title, tip, coloured = listed[a.number]
        assert title == f"[ほかのウィンドウで編集中] {a.title}" and coloured
        assert tip is not None and "ほかのウィンドウで開いています" in tip
        assert listed[b.number] == (b.title, None, False)  # the other draft as it was
    finally:
        proc.kill()  # the other app quits (a crash: no release)
        proc.communicate(timeout=60)
    assert _reload(qtbot, window)[a.number] == (a.title, None, False)
    # a second window of this app edits the other draft: marked in the first window's list, not its own
    second.open_draft(other)
    assert second.wizard.hold.held
    assert _reload(qtbot, window)[b.number][0] == f"[ほかのウィンドウで編集中] {b.title}"
    assert _reload(qtbot, second)[b.number] == (b.title, None, False)
    second.go_home()
    assert _reload(qtbot, window)[b.number] == (b.title, None, False)


def test_the_mark_in_english(qtbot: Any, window: Any, elsewhere: DraftStore, draft: int) -> None:
    from ui.app import make_window

    i18n.install("en")
    try:
        w = make_window(window.store)
        qtbot.addWidget(w)
        w.show()
        hold = elsewhere.hold(draft)
        title, tip, _coloured = _reload(qtbot, w)[elsewhere.info(draft).number]
        assert title == "[Being edited in another window] 株式会社サンプル様 拠点間VPN"
        assert tip is not None and tip.startswith("This draft is open in another window.")
        hold.release()
    finally:
        i18n.install("ja")


def test_the_marks_are_looked_at_again_when_the_window_is_active_again(
    qtbot: Any, window: Any, second: Any, store: Any, data_dir: Path, draft: int
) -> None:
    """A draft opened in another window while this one was in the background was marked only at the next
    reload (a search, a sort): coming back to the window now looks again, without reloading the list."""
    from tests.test_draftlock import _holder

    a = store.info(draft)
    assert _reload(qtbot, window)[a.number] == (a.title, None, False)
    second.activateWindow()  # the user works in another window
    qtbot.waitUntil(lambda: second.isActiveWindow() and not window.isActiveWindow(), timeout=10_000)
    proc = _holder(data_dir, draft)  # the other app opened it meanwhile
    try:
        with qtbot.waitSignal(window.start.marks_shown, timeout=30_000):
            window.activateWindow()  # and comes back
        assert _listed(window)[a.number][0] == f"[ほかのウィンドウで編集中] {a.title}"
    finally:
        proc.kill()
        proc.communicate(timeout=60)
