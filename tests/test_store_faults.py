"""Fault injection for the draft store (issue 15): restores that race, a restore while the store is in
use, damage inside a record that quick_check does not see, a lost write-ahead log, hostile input and
output paths, and who may read the files. Each test names what a user would lose or see."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from configurator.store import drafts
from configurator.store.drafts import DB_NAME, DraftStore, StoreError, restore_backup
from tests.conftest import ROOT, example, run_cli

SAVER = ROOT / "tests" / "helpers" / "draft_saver.py"
POSIX = os.name == "posix"


def _titles(path: Path) -> set[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {r[0] for r in conn.execute("SELECT title FROM drafts")}
    finally:
        conn.close()


def _aside(folder: Path, label: str) -> list[Path]:
    return sorted(p for p in folder.glob(f"{DB_NAME}.{label}-*") if not p.name.endswith(("-wal", "-shm")))


# --- 1. restores that follow each other within a second -----------------------------------------


def test_two_restores_within_a_second_keep_both_stores_that_were_live(tmp_path: Path) -> None:
    doc = example("vpn.iij-order.json")
    with DraftStore.open(tmp_path) as s:
        s.create(dict(doc, title="バックアップにある"))
        s.backup()
        s.create(dict(doc, title="一つ目の現行"))
    restore_backup(tmp_path)
    with DraftStore.open(tmp_path, maintenance=False) as s:
        s.create(dict(doc, title="二つ目の現行"))
    restore_backup(tmp_path)  # well within the same second as the first
    kept = sorted(sorted(_titles(p)) for p in _aside(tmp_path, "before-restore"))
    assert kept == [sorted({"バックアップにある", "一つ目の現行"}), sorted({"バックアップにある", "二つ目の現行"})]


def test_a_damaged_store_moved_aside_twice_within_a_second_keeps_both(tmp_path: Path) -> None:
    for n in range(2):
        with DraftStore.open(tmp_path) as s:
            s.create(dict(example("vpn.iij-order.json"), title=f"壊れる前 {n}"))
        (tmp_path / DB_NAME).write_bytes(b"not sqlite " * 400)
        with pytest.raises(drafts.CorruptStore):
            DraftStore.open(tmp_path)
    contents = {p.read_bytes() for p in _aside(tmp_path, "corrupt")}
    assert len(_aside(tmp_path, "corrupt")) == 2 and len(contents) == 1  # both kept, none overwritten


# --- 2. a restore while another process has the store open ------------------------------------------


def _holder(folder: Path, draft: int) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, str(SAVER), str(folder), str(draft), "hold"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    return proc


def _save_in(proc: subprocess.Popen[str]) -> str:
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write("save\n")
    proc.stdin.flush()
    return proc.stdout.readline().strip()


def test_a_restore_while_the_app_has_the_store_open_is_refused_and_nothing_is_lost(tmp_path: Path) -> None:
    with DraftStore.open(tmp_path) as s:
        draft = s.create(example("vpn.iij-order.json")).draft_id
        s.backup()
    proc = _holder(tmp_path, draft)
    try:
        with pytest.raises(StoreError, match="使用中"):
            restore_backup(tmp_path)
        r = run_cli("--data-dir", str(tmp_path), "drafts", "restore-backup")
        assert r.returncode == 2 and "使用中" in r.stderr.decode()
        assert _save_in(proc) == "ok 2"  # the app goes on saving into the live store
    finally:
        proc.communicate(timeout=60)  # end of input: the holder closes the store and quits
    assert not _aside(tmp_path, "before-restore")
    with DraftStore.open(tmp_path, maintenance=False) as s:
        assert s.info(draft).rev == 2
    restore_backup(tmp_path)  # once the app has closed the store, the restore goes ahead
    assert len(_aside(tmp_path, "before-restore")) == 1


def test_the_store_is_not_opened_while_a_restore_holds_it(tmp_path: Path) -> None:
    with DraftStore.open(tmp_path) as s:
        s.create(example("vpn.iij-order.json"))
    with drafts.exclusive(tmp_path), pytest.raises(StoreError, match="復元"):
        DraftStore.open(tmp_path)
    with DraftStore.open(tmp_path) as s:
        assert s.count() == 1

def test_an_unreadable_settings_file_moved_aside_twice_within_a_second_keeps_both(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from configurator.store.settings import save_settings, settings_path

    monkeypatch.setenv("IIJ_CONFIGURATOR_DATA", str(tmp_path))
    for text in ("{broken one", "{broken two"):
        tmp_path.mkdir(exist_ok=True)
        settings_path().write_text(text, encoding="utf-8")
        save_settings({"language": "ja"})
    kept = sorted(p.read_text(encoding="utf-8") for p in tmp_path.glob("settings.json.unreadable-*"))
    assert kept == ["{broken one", "{broken two"]
