"""The app with a damaged draft store (issue 15): it starts, lists what can be read, says what it
found, and opening a damaged draft tells what to do instead of a traceback."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from tests.conftest import example

BAD_UTF8 = "CAST(X'E6A1FF88' AS TEXT)"


def _damage(data_dir: Path, sql: str, *params: Any) -> None:
    conn = sqlite3.connect(data_dir / "drafts.sqlite3")
    conn.execute(sql, params)
    conn.commit()
    assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    conn.close()


def _drafts(store: Any) -> list[int]:
    ids = []
    for n in range(3):
        res = store.create(dict(example("vpn.iij-order.json"), title=f"案件 {n}"))
        res = store.save(res.draft_id, dict(example("vpn.iij-order.json"), title=f"案件 {n} 改"), res.rev)
        ids.append(res.draft_id)
    return ids


def test_the_app_starts_with_damaged_records_and_says_what_it_did(qtbot: Any, data_dir: Path, store: Any) -> None:
    from ui.app import make_window

    ids = _drafts(store)
    _damage(data_dir, f"UPDATE drafts SET title = {BAD_UTF8} WHERE id = ?", ids[0])
    _damage(data_dir, f"UPDATE drafts SET number = {BAD_UTF8} WHERE id = ?", ids[1])
    window = make_window(store)  # before: OperationalError (Could not decode to UTF-8) at every start
    qtbot.addWidget(window)
    start = window.start
    assert sorted(d.title for d in start.model.rows) == ["案件 0 改", "案件 2 改"]  # mended, set aside
    text = start.message.text()
    assert "修復" in text and f"ID {ids[1]}" in text and "一覧から外しました" in text
    start.reload()  # told once, not again at every keystroke in the search box
    assert store.notices == [] and len(start.model.rows) == 2


def test_opening_a_draft_whose_newest_revision_is_damaged_says_which_can_be_had(
        qtbot: Any, window: Any, data_dir: Path, store: Any) -> None:
    ids = _drafts(store)
    _damage(data_dir, f"UPDATE revisions SET document = {BAD_UTF8} WHERE draft_id = ? AND rev = 2", ids[2])
    window.start.reload()
    window.open_draft(ids[2])
    text = window.start.message.text()
    assert "リビジョン 2" in text and "リビジョン 1 は読めます" in text
    assert window.stack.currentWidget() is not window.wizard or window.wizard is None
