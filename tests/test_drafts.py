"""The draft store: revisions, conflicts, search, trash, export/import, and nothing lost on a crash."""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from configurator.store.backups import restore_backup
from configurator.store.drafts import DraftStore
from configurator.store.faults import CorruptStore, DraftNotFound, NewerStore, StoreError
from configurator.store.layout import DB_NAME, list_backups
from tests.conftest import ROOT, example, run_cli

SAVER = ROOT / "tests" / "helpers" / "draft_saver.py"


@pytest.fixture
def store(tmp_path: Path) -> Any:
    s = DraftStore.open(tmp_path)
    yield s
    s.close()


def test_create_assigns_a_quote_number_with_revision(store: DraftStore) -> None:
    res = store.create(example("vpn.iij-order.json"))
    info = store.info(res.draft_id)
    assert info.quote_number.endswith("-R1")
    assert info.number.startswith("Q-2026-") or info.number.startswith("Q-20")
    assert info.title == "株式会社サンプル様 拠点間VPN" and info.customer == "株式会社サンプル"
    assert info.status_label == "作成中"


def test_every_save_is_a_revision_and_any_can_be_restored(store: DraftStore) -> None:
    doc = example("vpn.iij-order.json")
    res = store.create(doc)
    revs = [res.rev]
    for n in range(3):
        doc["title"] = f"版{n}"
        res = store.save(res.draft_id, doc, res.rev)
        revs.append(res.rev)
    assert revs == [1, 2, 3, 4]
    assert [h["rev"] for h in store.history(res.draft_id)] == [4, 3, 2, 1]
    _, old = store.load(res.draft_id, 2)
    assert old["title"] == "版0"
    back = store.restore_revision(res.draft_id, 2)
    assert back.rev == 5
    info, now = store.load(res.draft_id)
    assert now["title"] == "版0" and info.quote_number.endswith("-R5")
    assert store.load(res.draft_id, 4)[1]["title"] == "版2"  # nothing lost


def test_numbers_are_never_reused(store: DraftStore) -> None:
    a = store.create(example("vpn.iij-order.json"))
    number_a = store.info(a.draft_id).number
    store.trash(a.draft_id)
    store.purge(a.draft_id)
    b = store.create(example("vpn.iij-order.json"))
    assert store.info(b.draft_id).number != number_a
    assert int(store.info(b.draft_id).number[-6:]) == int(number_a[-6:]) + 1


def test_a_stale_save_never_overwrites_and_becomes_a_conflict_copy(store: DraftStore) -> None:
    doc = example("vpn.iij-order.json")
    res = store.create(doc)
    mine = dict(doc, title="わたしの変更")
    theirs = dict(doc, title="他のウィンドウの変更")
    first = store.save(res.draft_id, theirs, base_rev=1)
    second = store.save(res.draft_id, mine, base_rev=1)
    assert not first.conflict and second.conflict
    assert second.theirs == 2
    assert "上書きせず" in second.message
    assert store.load(res.draft_id)[1]["title"] == "他のウィンドウの変更"
    copy_info, copy_doc = store.load(second.draft_id)
    assert copy_doc["title"] == "わたしの変更"
    assert "競合コピー" in copy_info.title


def test_list_search_sort_page(store: DraftStore) -> None:
    for n in range(12):
        doc = example("vpn.iij-order.json")
        doc["title"] = f"案件{n:02d}"
        doc["customer"]["name"] = "株式会社アルファ" if n % 2 else "ベータ工業株式会社"
        store.create(doc)
    assert len(store.list(limit=5)) == 5
    assert [d.title for d in store.list(limit=3)] == ["案件11", "案件10", "案件09"]
    assert [d.title for d in store.list(sort="title", descending=False, limit=2, offset=2)] == [
        "案件02",
        "案件03",
    ]
    assert len(store.list("アルファ")) == 6
    assert store.list("案件07")[0].title == "案件07"
    number = store.list()[0].number
    assert [d.number for d in store.list(number)] == [number]
    first = store.list()[0]
    store.set_status(first.id, "approval_requested")
    assert [d.id for d in store.list("承認依頼")] == [first.id]
    assert [d.id for d in store.list(status="approval_requested")] == [first.id]
    assert store.list("100%_") == []  # LIKE wildcards are literal


def test_trash_restore_and_purge_only_from_trash(store: DraftStore) -> None:
    res = store.create(example("vpn.iij-order.json"))
    with pytest.raises(StoreError, match="ごみ箱にありません"):
        store.purge(res.draft_id)
    store.trash(res.draft_id)
    assert store.list() == [] and len(store.list(trash=True)) == 1
    store.untrash(res.draft_id)
    assert len(store.list()) == 1
    store.trash(res.draft_id)
    store.purge(res.draft_id)
    with pytest.raises(DraftNotFound):
        store.info(res.draft_id)


def test_duplicate_gets_a_new_number(store: DraftStore) -> None:
    res = store.create(example("auth.iij-order.json"))
    dup = store.duplicate(res.draft_id)
    a, b = store.info(res.draft_id), store.info(dup.draft_id)
    assert a.number != b.number and b.title.endswith("のコピー")
    assert store.load(dup.draft_id)[1]["auth_units"] == store.load(res.draft_id)[1]["auth_units"]


def test_each_copy_is_told_apart_and_never_titled_with_the_placeholder(store: DraftStore) -> None:
    res = store.create(example("auth.iij-order.json"))
    title = store.info(res.draft_id).title
    first, second = (store.info(store.duplicate(res.draft_id).draft_id) for _n in range(2))
    assert (first.title, second.title) == (f"{title}のコピー", f"{title}のコピー2")
    assert store.load(second.id)[1]["title"] == f"{title}のコピー2"  # the document's 件名
    blank = example("auth.iij-order.json")
    blank["title"] = ""
    copy = store.duplicate(store.create(blank).draft_id)
    assert store.load(copy.draft_id)[1]["title"] == "コピー"  # not 「(件名なし)のコピー」 on the quote


def test_store_settings_are_durable(store: DraftStore) -> None:
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_prune_keeps_head_issued_recent_and_one_per_day(store: DraftStore) -> None:
    import datetime as dt

    doc = example("vpn.iij-order.json")
    res = store.create(doc)
    for _ in range(5):
        res = store.save(res.draft_id, doc, res.rev)
    store.mark_issued(res.draft_id, 2)
    old = "2020-01-01T00:00:0{}+00:00"
    for rev in range(1, 6):
        store.db.execute("UPDATE revisions SET saved_at = ? WHERE rev = ?", [old.format(rev), rev])
    store.db.conn.commit()
    deleted = store.prune(now=dt.datetime(2026, 11, 22, tzinfo=dt.UTC))
    kept = sorted(h["rev"] for h in store.history(res.draft_id))
    assert kept == [2, 5, 6]  # issued, last of that day, head
    assert deleted == 3


# --- export and import ------------------------------------------------------------------------


def test_cli_import_export_round_trip(tmp_path: Path) -> None:
    env = {"IIJ_CONFIGURATOR_DATA": str(tmp_path / "data")}
    src = ROOT / "resources" / "examples" / "mixed.iij-order.json"
    r = run_cli("drafts", "import", str(src), env=env)
    assert r.returncode == 0, r.stderr.decode()
    r = run_cli("drafts", "list", "--json", env=env)
    rows = json.loads(r.stdout)
    assert rows[0]["quote_number"].endswith("-R1")
    out = tmp_path / "out.iij-order.json"
    r = run_cli("drafts", "export", str(rows[0]["id"]), "-o", str(out), env=env)
    assert r.returncode == 0
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(src.read_text(encoding="utf-8"))
    r = run_cli("drafts", "import", str(ROOT / "resources/examples/invalid/not-json.iij-order.json"), env=env)
    assert r.returncode == 2 and "JSONとして読めません" in r.stderr.decode()
    r = run_cli("--data-dir", str(tmp_path / "other"), "drafts", "list", "--json")
    assert json.loads(r.stdout) == []


# --- crashes, races, damage ---------------------------------------------------------------------


def test_kill_9_while_saving_loses_no_acknowledged_revision(tmp_path: Path) -> None:
    with DraftStore.open(tmp_path) as s:
        draft = s.create(example("mixed.iij-order.json")).draft_id
    rng = random.Random(20261122)
    acknowledged = 1
    for _ in range(12):
        proc = subprocess.Popen(
            [sys.executable, str(SAVER), str(tmp_path), str(draft), "loop"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None
        wanted = rng.randint(1, 25)
        last = None
        for _ in range(wanted):
            line = proc.stdout.readline()
            assert line.startswith("ack"), proc.stderr.read() if proc.stderr else line
            last = int(line.split()[2])
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        proc.stderr.close() if proc.stderr else None
        assert last is not None
        acknowledged = last
        with DraftStore.open(tmp_path, maintenance=False) as s:
            assert s.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            head = s.info(draft).rev
            assert head >= acknowledged  # a save in flight at the kill may or may not be there, whole
            revs = {h["rev"] for h in s.history(draft)}
            assert set(range(1, head + 1)) <= revs
            s.load(draft)  # the head document parses


def test_two_processes_saving_the_same_draft_never_overwrite(tmp_path: Path) -> None:
    with DraftStore.open(tmp_path) as s:
        draft = s.create(example("vpn.iij-order.json")).draft_id
    procs = [
        subprocess.Popen(
            [sys.executable, str(SAVER), str(tmp_path), str(draft), "race", "15", name],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for name in ("A", "B")
    ]
    for p in procs:
        assert p.stdout is not None and p.stdout.readline().strip() == "ready"
    for p in procs:
        assert p.stdin is not None
        p.stdin.write("go\n")
        p.stdin.flush()
    outputs = [p.communicate(timeout=120)[0].split("\n") for p in procs]
    oks = [ln for out in outputs for ln in out if ln.startswith("ok")]
    conflicts = [ln for out in outputs for ln in out if ln.startswith("conflict")]
    assert len(oks) + len(conflicts) == 30
    assert conflicts, "both started from revision 1, so one of them must meet a conflict"
    with DraftStore.open(tmp_path, maintenance=False) as s:
        assert s.info(draft).rev == 1 + len(oks)
        assert s.count() == 1 + len(conflicts)
        for line in conflicts:
            copy_id = int(line.split()[1])
            assert "競合コピー" in s.info(copy_id).title


def test_a_corrupt_file_is_moved_aside_and_the_backup_offered(tmp_path: Path) -> None:
    with DraftStore.open(tmp_path) as s:
        s.create(example("vpn.iij-order.json"))
        s.backup()
        s.create(example("auth.iij-order.json"))
    db = tmp_path / DB_NAME
    for suffix in ("-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    with open(db, "r+b") as fh:
        fh.seek(0)
        fh.write(b"this is not sqlite at all" * 40)
    with pytest.raises(CorruptStore) as info:
        DraftStore.open(tmp_path)
    err = info.value
    assert err.moved_to.exists() and not db.exists()
    assert err.backup is not None and "バックアップ" in err.message
    restore_backup(tmp_path)
    with DraftStore.open(tmp_path) as s:
        assert s.count() == 1  # the state of the backup


def test_a_database_from_a_newer_version_is_refused_and_untouched(tmp_path: Path) -> None:
    with DraftStore.open(tmp_path) as s:
        s.create(example("vpn.iij-order.json"))
    db = tmp_path / DB_NAME
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 99")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    with pytest.raises(NewerStore, match="新しい版のアプリ"):
        DraftStore.open(tmp_path)
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    r = run_cli("--data-dir", str(tmp_path), "drafts", "list")
    assert r.returncode == 2 and "アプリを更新" in r.stderr.decode()


def _mount_tmpfs(path: Path, size: str) -> bool:
    if os.geteuid() != 0:
        return False
    path.mkdir(parents=True, exist_ok=True)
    return (
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True
        ).returncode
        == 0
    )


def test_a_full_disk_is_told_clearly_and_loses_nothing(tmp_path: Path) -> None:
    mnt = tmp_path / "small"
    if not _mount_tmpfs(mnt, "600k"):
        pytest.skip("needs root and tmpfs to make a full disk")
    try:
        with DraftStore.open(mnt) as s:
            res = s.create(example("vpn.iij-order.json"))
            doc = example("vpn.iij-order.json")
            doc["x_padding"] = "あ" * 60000
            saved = [res.rev]
            with pytest.raises(StoreError, match="ディスクがいっぱい"):
                for _ in range(100):
                    res = s.save(res.draft_id, doc, res.rev)
                    saved.append(res.rev)
        with DraftStore.open(mnt, maintenance=False) as s:
            assert s.info(res.draft_id).rev == saved[-1]
            assert {h["rev"] for h in s.history(res.draft_id)} == set(saved)
    finally:
        subprocess.run(["umount", str(mnt)], check=False)


def test_a_read_only_folder_is_told_clearly(tmp_path: Path) -> None:
    mnt = tmp_path / "ro"
    if not _mount_tmpfs(mnt, "4m"):
        pytest.skip("needs root and tmpfs to make a read-only folder")
    try:
        with DraftStore.open(mnt) as s:
            s.create(example("vpn.iij-order.json"))
        subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)
        with pytest.raises(StoreError) as info:
            s2 = DraftStore.open(mnt)
            s2.create(example("vpn.iij-order.json"))
        assert any(w in info.value.message for w in ("読み取り専用", "開けません", "書き込めません"))
    finally:
        subprocess.run(["umount", str(mnt)], check=False)


def test_backups_are_kept_to_a_few(tmp_path: Path) -> None:
    with DraftStore.open(tmp_path) as s:
        s.create(example("vpn.iij-order.json"))
        for _ in range(10):
            s.backup()
    assert len(list_backups(tmp_path)) == 7


def test_a_migration_is_preceded_by_a_backup(tmp_path: Path) -> None:
    with DraftStore.open(tmp_path) as s:
        s.create(example("vpn.iij-order.json"))
        # pretend the database predates the current schema's last migration
        s.db.execute("DELETE FROM _sqlite_migrations")
        s.db.conn.commit()
        for b in list_backups(tmp_path):
            b.unlink()
    with pytest.raises(StoreError):
        DraftStore.open(tmp_path)  # the initial migration cannot re-run over existing tables
    assert any("before-migration" in b.name for b in list_backups(tmp_path))


def test_a_locked_database_is_told_clearly_and_loses_nothing(tmp_path: Path) -> None:
    with DraftStore.open(tmp_path) as s:
        res = s.create(example("vpn.iij-order.json"))
    blocker = sqlite3.connect(tmp_path / DB_NAME)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        with (
            DraftStore.open(tmp_path, check=False, maintenance=False, timeout=0.2) as s,
            pytest.raises(StoreError, match="使用中"),
        ):
            s.save(res.draft_id, example("auth.iij-order.json"), res.rev)
    finally:
        blocker.rollback()
        blocker.close()
    with DraftStore.open(tmp_path) as s:
        assert s.info(res.draft_id).rev == 1
        assert s.load(res.draft_id)[1] == example("vpn.iij-order.json")


def test_the_quote_number_counts_issued_quotes_not_saves(store: DraftStore) -> None:
    doc = example("vpn.iij-order.json")
    res = store.create(doc)
    for _ in range(19):  # twenty autosaves of the same order
        res = store.save(res.draft_id, doc, res.rev)
    number = store.info(res.draft_id).number
    assert store.info(res.draft_id).quote_number == f"{number}-R20"  # what the old quote printed
    assert store.issue_number(res.draft_id, res.rev) == f"{number}-R1"  # the first quote issued: 版1
    store.mark_issued(res.draft_id, res.rev)
    res = store.save(res.draft_id, doc, res.rev)  # saved again, nothing changed
    assert store.issue_number(res.draft_id, res.rev) == f"{number}-R1"
    store.mark_issued(res.draft_id, res.rev)
    changed = {**doc, "title": doc["title"] + "(改)"}
    for _ in range(3):
        res = store.save(res.draft_id, changed, res.rev)
    assert store.issue_number(res.draft_id, res.rev) == f"{number}-R2"  # the content changed: 版2
    store.mark_issued(res.draft_id, res.rev)
    assert store.issue_number(res.draft_id, res.rev) == f"{number}-R2"  # the same quote again


def test_back_to_the_issued_content_is_the_issued_edition_also_after_a_reopen(tmp_path: Path) -> None:
    """Issue R1, save a change, save back to what was issued (元に戻す, as the edit left it: an empty
    object where the edit made one), mark it contracted: still R1, after a reopen too, and the number a
    change or cancellation form names is the issued R1, never a 版 not issued."""
    from configurator.lifecycle import mark_contracted

    doc = example("vpn.iij-order.json")
    with DraftStore.open(tmp_path) as store:
        res = store.create(doc)
        number = store.info(res.draft_id).number
        assert store.issued_number(res.draft_id) == number  # nothing issued yet: no 版 to name
        store.mark_issued(res.draft_id, res.rev)
        changed = json.loads(json.dumps(doc))
        changed["customer"]["name"] = "株式会社サンプル(改)"
        changed["billing"] = {"name": "経理部"}
        res = store.save(res.draft_id, changed, res.rev)
        assert store.issue_number(res.draft_id, res.rev) == f"{number}-R2"  # changed: the next 版
        undone = {**json.loads(json.dumps(doc)), "billing": {}}  # 元に戻す leaves the parent it made
        res = store.save(res.draft_id, undone, res.rev)
        contracted = mark_contracted(undone, "2026-12-01", "株式会社サンプル")
        res = store.save(res.draft_id, contracted, res.rev)
    with DraftStore.open(tmp_path) as store:
        assert store.issue_number(res.draft_id, res.rev) == f"{number}-R1"
        assert store.issued_number(res.draft_id) == f"{number}-R1"
        store.save(res.draft_id, changed, res.rev)  # changed again, not issued: the form still names R1
        assert store.issued_number(res.draft_id) == f"{number}-R1"


def test_an_up_to_date_store_opens_without_sqlite_utils(tmp_path: Path) -> None:
    """Start-up (issue 18): sqlite-utils (about 0.1 s to import) is loaded only to create a store or
    apply a migration; an existing store is opened and read with the standard library."""
    code = (
        "import sys\n"
        "from configurator.store.drafts import DraftStore\n"
        "with DraftStore.open(sys.argv[1]) as s:\n"
        "    n = len(s.list())\n"
        "print(n, 'sqlite_utils' in sys.modules)\n"
    )
    run = [sys.executable, "-c", code, str(tmp_path)]
    with DraftStore.open(tmp_path) as s:
        s.create(example("vpn.iij-order.json"))
    out = subprocess.run(run, capture_output=True, text=True, check=True, cwd=ROOT).stdout.split()
    assert out == ["1", "False"]
    new = tmp_path / "new"
    new.mkdir()
    out = subprocess.run(
        [*run[:-1], str(new)], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout.split()
    assert out == ["0", "True"]  # a new store is made by the migrations


def test_saving_a_draft_another_window_moved_to_the_trash_takes_it_back_out_and_says_so(
    store: DraftStore, tmp_path: Path
) -> None:
    """Window A edits a draft; window B (another process, the same data folder) moves it to the trash.
    A's next save is not lost out of sight in the trash: the draft comes back out with A's revision,
    and the result says so in both languages."""
    doc = example("vpn.iij-order.json")
    res = store.create(doc)
    with DraftStore.open(tmp_path) as other:
        other.trash(res.draft_id)
    assert store.info(res.draft_id).deleted_at is not None
    saved = store.save(res.draft_id, dict(doc, title="Aの変更"), base_rev=1)
    assert (saved.draft_id, saved.rev, saved.untrashed, saved.conflict) == (res.draft_id, 2, True, False)
    assert store.info(res.draft_id).deleted_at is None
    assert [d.id for d in store.list()] == [res.draft_id] and store.count(trash=True) == 0
    assert store.load(res.draft_id)[1]["title"] == "Aの変更"
    assert "他のウィンドウでごみ箱に移されていました" in saved.message
    assert "ごみ箱から戻して保存" in saved.message
    assert "taken back out of the trash" in saved.message_en
    again = store.save(res.draft_id, dict(doc, title="もう一度"), base_rev=2)
    assert not again.untrashed and again.message == ""  # an ordinary save says nothing more


def test_an_open_order_whose_draft_another_window_deleted_for_good_is_saved_as_a_new_draft(
    store: DraftStore, tmp_path: Path
) -> None:
    """Window A edits a draft; window B trashes it and deletes it for good. A's next save (autosave)
    failed with 「下書き ID n はありません」 on every try, the work only in A's memory: it is a new draft."""
    from configurator.session.order_session import OrderSession

    doc = example("vpn.iij-order.json")
    res = store.create(doc)
    number = store.info(res.draft_id).number
    session = OrderSession(doc)
    session.draft_id, session.base_rev = res.draft_id, res.rev
    with DraftStore.open(tmp_path) as other:
        other.trash(res.draft_id)
        other.purge(res.draft_id)
    session.doc["title"] = "Aの変更"
    session.dirty = True
    saved = session.save(store)
    assert saved.recreated and not saved.conflict and store.info(saved.draft_id).number != number
    assert session.draft_id == saved.draft_id and not session.dirty
    assert [d.id for d in store.list()] == [saved.draft_id]
    assert store.load(saved.draft_id)[1]["title"] == "Aの変更"
    assert "完全に削除されていました" in saved.message and f"ID {saved.draft_id}" in saved.message
    assert "deleted for good" in saved.message_en
    again = session.save(store)  # and on from there as any draft
    assert again.draft_id == saved.draft_id and not again.recreated
