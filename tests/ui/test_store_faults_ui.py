"""The app with a damaged draft store (issue 15): it starts, lists what can be read, says what it
found, and opening a damaged draft tells what to do instead of a traceback."""

from __future__ import annotations

import hashlib
import re
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

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


def test_the_app_starts_with_damaged_records_and_says_what_it_did(
    qtbot: Any, data_dir: Path, store: Any
) -> None:
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
    qtbot: Any, window: Any, data_dir: Path, store: Any
) -> None:
    ids = _drafts(store)
    _damage(data_dir, f"UPDATE revisions SET document = {BAD_UTF8} WHERE draft_id = ? AND rev = 2", ids[2])
    window.start.reload()
    window.open_draft(ids[2])
    text = window.start.message.text()
    assert "リビジョン 2" in text and "リビジョン 1 は読めます" in text
    assert window.stack.currentWidget() is not window.wizard or window.wizard is None


def _store_with_backup(data_dir: Path) -> tuple[int, Path]:
    from configurator.store.drafts import DraftStore

    with DraftStore.open(data_dir) as s:
        draft = s.create(example("vpn.iij-order.json")).draft_id
        s.save(draft, example("vpn.iij-order.json"), 1)
        backup = s.backup()
    return draft, backup


def test_at_start_a_damaged_store_is_told_and_its_backup_restored_when_the_user_says_so(
    data_dir: Path,
) -> None:
    from ui.app import open_store

    draft, backup = _store_with_backup(data_dir)
    (data_dir / "drafts.sqlite3").write_bytes(b"damaged " * 1000)
    asked: list[tuple[str, Path]] = []
    store = open_store(lambda message, _detail, offered: asked.append((message, offered)) or True)
    try:
        assert store.info(draft).rev == 2  # what the backup held
    finally:
        store.close()
    assert len(asked) == 1 and "壊れて" in asked[0][0] and asked[0][1] == backup
    assert list(data_dir.glob("drafts.sqlite3.corrupt-*"))  # the damaged file is kept


def test_at_start_a_damaged_store_without_restoring_starts_afresh_and_keeps_the_damaged_file(
    data_dir: Path,
) -> None:
    from ui.app import open_store

    _store_with_backup(data_dir)
    (data_dir / "drafts.sqlite3").write_bytes(b"damaged " * 1000)
    store = open_store(lambda _message, _detail, _offered: False)
    try:
        assert store.count() == 0
        store.create(example("vpn.iij-order.json"))  # work done in the new start
    finally:
        store.close()
    assert list(data_dir.glob("drafts.sqlite3.corrupt-*"))
    # the next start opens it as it is: not taken for a store that lost saves (it was refused at every
    # start, the backup offered again, until the user gave in and restored it over the new work)
    asked: list[str] = []
    store = open_store(lambda message, _detail, _offered: asked.append(message) or False)
    try:
        assert store.count() == 1 and not asked
    finally:
        store.close()


def test_at_start_a_store_that_lost_saves_is_offered_its_backup_or_left_alone(data_dir: Path) -> None:
    from configurator.store.drafts import DraftStore
    from configurator.store.faults import LostSaves
    from ui.app import open_store

    with DraftStore.open(data_dir) as s:
        draft = s.create(example("vpn.iij-order.json")).draft_id
    old = data_dir.parent / "old-copy"
    shutil.copyfile(data_dir / "drafts.sqlite3", old)
    with DraftStore.open(data_dir) as s:
        s.save(draft, example("vpn.iij-order.json"), 1)
        s.backup()
    shutil.copyfile(old, data_dir / "drafts.sqlite3")
    before = hashlib.sha256((data_dir / "drafts.sqlite3").read_bytes()).hexdigest()
    with pytest.raises(LostSaves):
        open_store(lambda _message, _detail, _offered: False)
    assert hashlib.sha256((data_dir / "drafts.sqlite3").read_bytes()).hexdigest() == before
    store = open_store(lambda message, _detail, _offered: "バックアップ" in message)
    try:
        assert store.info(draft).rev == 2
    finally:
        store.close()


def test_the_history_shows_a_damaged_revision_as_such_and_brings_back_a_sound_one(
    qtbot: Any, data_dir: Path, store: Any
) -> None:
    from ui.history import HistoryDialog

    ids = _drafts(store)
    _damage(data_dir, f"UPDATE revisions SET document = {BAD_UTF8} WHERE draft_id = ? AND rev = 2", ids[0])
    dialog = HistoryDialog(store, ids[0])  # before: the error hook, from selecting the newest revision
    qtbot.addWidget(dialog)
    assert "壊れて" in dialog.summary.text() and not dialog.restore_btn.isEnabled()
    dialog.table.selectRow(1)
    assert "案件 0" in dialog.summary.text() and dialog.restore_btn.isEnabled()
    with qtbot.waitSignal(dialog.restored, timeout=5000):
        dialog.restore_btn.click()
    assert store.load(ids[0])[1]["title"] == "案件 0"


ENGLISH_REASONS = ("file is not a database", "database disk image is malformed", "malformed", "SQLite")


def _damage_file(path: Path, how: str) -> None:
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    if how == "not a database":
        path.write_bytes(b"damaged " * 1000)
    else:  # the header sound, the pages after it overwritten: "database disk image is malformed"
        data = bytearray(path.read_bytes())
        data[4096:] = b"A" * (len(data) - 4096)
        path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    "how, reason", [("not a database", "file is not a database"), ("malformed", "malformed")]
)
def test_at_start_a_damaged_store_is_told_in_words_with_sqlites_reason_under_details(
    qtbot: Any, data_dir: Path, how: str, reason: str
) -> None:
    """The question at start quoted SQLite's English (「壊れていました(file is not a database)」) to a
    Japanese user, and the English UI said only "damaged and moved aside": now what happened and what
    the app can do, in the UI's language; SQLite's reason under 詳細を表示."""
    from configurator.text import i18n
    from ui.app import open_store, restore_question

    for lang in ("ja", "en"):
        i18n.install(lang)
        _draft, backup = _store_with_backup(data_dir)
        _damage_file(data_dir / "drafts.sqlite3", how)
        asked: list[tuple[str, str, Path]] = []

        def ask(message: str, detail: str, offered: Path, asked: list[Any] = asked) -> bool:
            asked.append((message, detail, offered))
            return False

        open_store(ask).close()
        ((message, detail, offered),) = asked
        box = restore_question(message, detail, offered)
        qtbot.addWidget(box)
        assert not any(words in box.text() for words in ENGLISH_REASONS), box.text()
        assert reason in box.detailedText() and offered == backup
        if lang == "ja":
            assert "壊れていた" in box.text() and "移しました" in box.text() and "復元しますか" in box.text()
        else:
            assert "damaged" in box.text() and "Restore the backup" in box.text()
            assert not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", box.text()), box.text()
        shutil.rmtree(data_dir)


def test_at_start_a_damaged_store_without_a_backup_is_told_on_the_start_screen(
    qtbot: Any, data_dir: Path
) -> None:
    """Without a backup nothing was asked: the app started with an empty list and said nothing."""
    from configurator.store.drafts import DraftStore
    from ui.app import make_window, open_store

    with DraftStore.open(data_dir, maintenance=False) as s:
        s.create(example("vpn.iij-order.json"))
    shutil.rmtree(data_dir / "backups")  # the first save's
    _damage_file(data_dir / "drafts.sqlite3", "not a database")
    store = open_store(lambda *_asked: pytest.fail("no backup: nothing to ask"))
    try:
        window = make_window(store)
        qtbot.addWidget(window)
        text = window.start.message.text()
        message, detail = text.split("\n")
        assert "壊れていた" in message and "空の状態から始まります" in message
        assert "not a database" not in message
        assert detail == "詳細: SQLite: file is not a database"
    finally:
        store.close()


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_at_start_a_data_folder_that_is_a_file_is_told_with_the_setting_to_change(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """IIJ_CONFIGURATOR_DATA naming a file: 「データフォルダ … を作れません(File exists)」 at start, the
    system's English reason and no word of the setting to change."""
    from configurator.errors import KnownError
    from configurator.text import i18n
    from ui.app import open_store, startup_refusal

    i18n.install(lang)
    a_file = tmp_path / "data.txt"
    a_file.write_text("x", encoding="utf-8")
    monkeypatch.setenv("IIJ_CONFIGURATOR_DATA", str(a_file))
    with pytest.raises(KnownError) as refused:
        open_store(lambda *_asked: pytest.fail("nothing to ask"))
    box = startup_refusal(refused.value)
    qtbot.addWidget(box)
    assert "File exists" not in box.text() and "IIJ_CONFIGURATOR_DATA" in box.text(), box.text()
    if lang == "ja":
        assert box.windowTitle() == "起動できません" and "フォルダではなくファイルです" in box.text()
    else:
        assert box.windowTitle() == "Cannot start" and "is a file, not a folder" in box.text()
