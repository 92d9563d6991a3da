"""A draft open in a window is held (store/draftlock.py): no other window opens it, moves it to the trash or
deletes it for good — in this process (two stores, or two windows on one store) or in another — and a
process that dies lets it go (the operating system drops its locks: no stale lock after a crash)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from configurator.store import draftlock
from configurator.store.draftlock import GUARD_NAME, DraftOpenElsewhere, lock_path
from configurator.store.drafts import DraftStore
from tests.conftest import ROOT, example, run_cli


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store(folder: Path) -> Iterator[DraftStore]:
    s = DraftStore.open(folder)
    yield s
    s.close()


@pytest.fixture
def other(folder: Path, store: DraftStore) -> Iterator[DraftStore]:
    """Another window's store on the same data folder, in this process."""
    s = DraftStore.open(folder)
    yield s
    s.close()


def _draft(store: DraftStore) -> int:
    return store.create(example("vpn.iij-order.json")).draft_id


def test_a_draft_open_in_one_store_cannot_be_opened_trashed_or_deleted_from_another(
    store: DraftStore, other: DraftStore
) -> None:
    draft = _draft(store)
    hold = store.hold(draft)
    assert hold.held and other.open_elsewhere(draft)
    with pytest.raises(DraftOpenElsewhere, match="ほかのウィンドウで開いています"):
        other.hold(draft)
    with pytest.raises(DraftOpenElsewhere, match="ごみ箱へ移していません") as refused:
        other.trash(draft)
    assert "拠点間VPN" in str(refused.value) and "open in another window" in refused.value.message_en
    assert other.info(draft).deleted_at is None and other.list()[0].id == draft
    hold.release()
    assert not other.open_elsewhere(draft)
    other.trash(draft)  # closed now: it goes
    assert other.info(draft).deleted_at is not None


def test_deleting_for_good_a_draft_open_elsewhere_is_refused(store: DraftStore, other: DraftStore) -> None:
    """A draft in the trash that a window still has open (前回編集中だった下書きを開く opens one from the
    trash) is not deleted under it; once closed it is, with its lock file."""
    draft = _draft(store)
    store.trash(draft)
    hold = store.hold(draft)
    with pytest.raises(DraftOpenElsewhere, match="削除していません"):
        other.purge(draft)
    assert other.load(draft)[1]["title"]
    hold.release()
    other.purge(draft)
    assert other.count(trash=True) == 0 and not lock_path(other.path.parent, draft).exists()


def test_going_back_to_an_earlier_save_of_a_draft_open_elsewhere_is_refused(
    store: DraftStore, other: DraftStore, folder: Path
) -> None:
    """履歴 → この内容に戻す (and `drafts restore ID --rev N`) while a window edits the draft: refused, the
    draft unchanged (the window's next save would have become a conflict copy); once closed it goes back."""
    draft = _draft(store)
    doc = store.load(draft)[1]
    store.save(draft, {**doc, "title": "二つ目の保存"}, store.info(draft).rev)
    newest = store.info(draft).rev
    hold = store.hold(draft)
    with pytest.raises(DraftOpenElsewhere, match="保存番号 1 の内容に戻していません") as refused:
        other.restore_revision(draft, 1)
    assert "open in another window" in refused.value.message_en
    assert other.info(draft).rev == newest and other.load(draft)[1]["title"] == "二つ目の保存"
    r = run_cli("drafts", "restore", str(draft), "--rev", "1", env={"IIJ_CONFIGURATOR_DATA": str(folder)})
    assert r.returncode == 2 and "ほかのウィンドウで開いているため" in r.stderr.decode()
    hold.release()
    assert other.restore_revision(draft, 1).rev == newest + 1
    assert other.load(draft)[1]["title"] == doc["title"]


def test_two_windows_on_one_store_cannot_both_hold_a_draft(store: DraftStore) -> None:
    """Two windows of one process sharing the store: SQLite's own table of the process's locks makes two
    connections conflict (on POSIX fcntl locks alone would not); the holder is found for its window."""

    class Window:
        pass

    draft = _draft(store)
    first_window = Window()
    hold = store.hold(draft, owner=first_window)
    with pytest.raises(DraftOpenElsewhere):
        store.hold(draft, owner=Window())
    held = store.held_here(draft)
    assert held is hold and held.owner is first_window
    with pytest.raises(DraftOpenElsewhere):
        store.trash(draft)
    hold.release()
    assert store.held_here(draft) is None
    again = store.hold(draft)  # the next window gets it
    assert again.held
    again.release()


def test_the_lock_is_an_empty_private_file_with_nothing_beside_it(store: DraftStore) -> None:
    draft = _draft(store)
    with store.hold(draft):
        path = lock_path(store.path.parent, draft)
        beside = sorted(p.name for p in path.parent.iterdir())
        assert beside == [path.name, GUARD_NAME]  # no -journal beside them
        for made in path.parent.iterdir():
            assert made.stat().st_size == 0
            if os.name == "posix":
                assert stat.S_IMODE(made.stat().st_mode) == 0o600
    assert not store.open_elsewhere(draft)


def test_other_drafts_are_not_held(store: DraftStore, other: DraftStore) -> None:
    first, second = _draft(store), _draft(store)
    with store.hold(first):
        assert not other.open_elsewhere(second)
        other.trash(second)
        assert other.info(second).deleted_at is not None


HOLDER = """
import sys
from configurator.store.drafts import DraftStore
store = DraftStore.open(sys.argv[1])
hold = store.hold(int(sys.argv[2]))
print("held" if hold.held else "not held", flush=True)
sys.stdin.readline()
"""


def _holder(folder: Path, draft: int) -> subprocess.Popen[str]:
    """Another process of the app with the draft open: it says "held", then waits on its stdin."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(folder), str(draft)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_a_draft_open_in_another_process_is_let_go_when_that_process_is_killed(
    store: DraftStore, folder: Path
) -> None:
    draft = _draft(store)
    proc = _holder(folder, draft)
    try:
        assert store.open_elsewhere(draft)
        with pytest.raises(DraftOpenElsewhere):
            store.hold(draft)
        with pytest.raises(DraftOpenElsewhere):
            store.trash(draft)
        assert store.info(draft).deleted_at is None
    finally:
        proc.kill()  # a crash: no release, no clean close
        proc.communicate(timeout=60)
    assert not store.open_elsewhere(draft)  # no stale lock
    with store.hold(draft) as hold:
        assert hold.held
    store.trash(draft)
    assert store.info(draft).deleted_at is not None


def test_the_cli_refuses_to_trash_a_draft_open_in_the_app(store: DraftStore, folder: Path) -> None:
    draft = _draft(store)
    env = {"IIJ_CONFIGURATOR_DATA": str(folder)}
    with store.hold(draft):
        r: Any = run_cli("drafts", "trash", str(draft), env=env)
        assert r.returncode == 2 and "ほかのウィンドウで開いているため" in r.stderr.decode()
    assert store.info(draft).deleted_at is None
    assert run_cli("drafts", "trash", str(draft), env=env).returncode == 0


def test_a_list_is_looked_at_through_the_lock_files_there_and_none_is_made(
    store: DraftStore, folder: Path
) -> None:
    """The start list's marks (ui/start.py): which of its drafts another process has open, looked at only
    where a lock file exists (a draft never opened in a window has none, and none is made for it)."""
    drafts = [_draft(store) for _ in range(3)]
    assert store.open_among(drafts) == set()
    assert not any(lock_path(folder, d).exists() for d in drafts)  # looking made no lock file
    proc = _holder(folder, drafts[1])
    try:
        assert store.open_among(drafts) == {drafts[1]}
        assert [lock_path(folder, d).exists() for d in drafts] == [False, True, False]
    finally:
        proc.kill()
        proc.communicate(timeout=60)
    assert store.open_among(drafts) == set()
    with store.hold(drafts[2]):  # this process's own window counts too (the list leaves out its own)
        assert store.open_among(drafts) == {drafts[2]}


# --- lock files go when their draft is closed ------------------------------------------------------------


TAKER = """
import sys
from configurator.store import draftlock
from configurator.store.drafts import DraftStore
store = DraftStore.open(sys.argv[1], maintenance=False)
hold = None
for line in sys.stdin:
    word = line.split()[0]
    if word == "take":
        try:
            hold = store.hold(int(sys.argv[2]))
            print("held" if hold.held else "not held", flush=True)
        except draftlock.DraftOpenElsewhere:
            print("refused", flush=True)
    elif word == "release":
        hold.release()
        print("released", flush=True)
    elif word == "no-wait":  # the guard is not waited for: as when another process keeps it
        draftlock.GUARD_WAIT_S = 0
        print("ok", flush=True)
"""


class _Taker:
    """Another process of the app on the same data folder, told what to do line by line."""

    def __init__(self, folder: Path, draft: int) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", TAKER, str(folder), str(draft)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )

    def ask(self, word: str) -> str:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(word + "\n")
        self.proc.stdin.flush()
        return self.proc.stdout.readline().strip()

    def close(self) -> None:
        self.proc.communicate(timeout=60)


@pytest.fixture
def takers(folder: Path) -> Iterator[Any]:
    made: list[_Taker] = []

    def make(draft: int) -> _Taker:
        made.append(_Taker(folder, draft))
        return made[-1]

    yield make
    for taker in made:
        taker.close()


def _lock_files(folder: Path) -> list[str]:
    return sorted(p.name for p in (folder / "open").glob("draft-*.lock"))


def test_a_lock_file_goes_when_its_draft_is_closed(store: DraftStore, folder: Path) -> None:
    """open/ kept a 0-byte file for every draft ever opened (removed only on delete for good): 3 drafts
    opened, moved to the trash and back from the command line left draft-1.lock … draft-3.lock."""
    drafts = [_draft(store) for _ in range(3)]
    for draft in drafts:
        with store.hold(draft):
            assert _lock_files(folder) == [f"draft-{draft}.lock"]
        assert not store.open_elsewhere(draft)  # looking leaves nothing either
    env = {"IIJ_CONFIGURATOR_DATA": str(folder)}
    for draft in drafts:
        assert run_cli("drafts", "trash", str(draft), env=env).returncode == 0
        assert run_cli("drafts", "untrash", str(draft), env=env).returncode == 0
    store.trash(drafts[0])
    assert _lock_files(folder) == []


def test_a_draft_closed_in_one_process_is_taken_by_one_other_only(
    store: DraftStore, folder: Path, takers: Any
) -> None:
    """A holds, B is refused; A closes (its file removed); B takes it: a third window is refused."""
    draft = _draft(store)
    a, b = takers(draft), takers(draft)
    assert a.ask("take") == "held"
    assert b.ask("take") == "refused"
    with pytest.raises(DraftOpenElsewhere):
        store.hold(draft)
    assert a.ask("release") == "released" and _lock_files(folder) == []
    assert b.ask("take") == "held"
    with pytest.raises(DraftOpenElsewhere):
        store.hold(draft)
    assert a.ask("take") == "refused"


def test_a_close_never_removes_a_lock_file_someone_is_opening(
    store: DraftStore, folder: Path, takers: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race of removing lock files: B has opened draft-N.lock and is about to take its lock when A, the
    holder, closes the draft. Had A removed the file, B would take the lock of a file no one else can find,
    and a third window would make a new draft-N.lock and take it too: two windows on one draft. A removes a
    file only under the guard B holds from opening to locking — here A cannot have it (it does not wait),
    so it lets go of the lock and leaves the file: B holds the one file, and the third window is refused."""
    draft = _draft(store)
    a = takers(draft)
    assert a.ask("no-wait") == "ok" and a.ask("take") == "held"
    opened = draftlock._open_lock_file
    answers = []

    def open_then_holder_closes(path: Path) -> Any:
        conn = opened(path)  # B's connection on the file, its lock not taken yet
        answers.append(a.ask("release"))  # A closes the draft meanwhile
        return conn

    monkeypatch.setattr(draftlock, "_open_lock_file", open_then_holder_closes)
    hold = store.hold(draft)
    monkeypatch.undo()
    try:
        assert answers == ["released"] and hold.held
        assert lock_path(folder, draft).exists()  # the file B holds is the file everyone finds
        with DraftStore.open(folder, maintenance=False) as third, pytest.raises(DraftOpenElsewhere):
            third.hold(draft)
        assert a.ask("take") == "refused"
    finally:
        hold.release()
    assert _lock_files(folder) == []


def test_a_lock_file_that_cannot_be_deleted_never_fails_a_close(
    store: DraftStore, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows: a file another program has open (an indexer, an antivirus) cannot be deleted. The close
    goes on, the file stays (for the next opening's sweep), and the draft can be opened again."""
    draft = _draft(store)
    hold = store.hold(draft)

    def refused(self: Path, missing_ok: bool = False) -> None:
        raise PermissionError(13, "The process cannot access the file because it is being used")

    monkeypatch.setattr(Path, "unlink", refused)
    hold.release()  # no error
    monkeypatch.undo()
    assert _lock_files(folder) == [f"draft-{draft}.lock"] and not store.open_elsewhere(draft)
    with store.hold(draft) as again:
        assert again.held
    assert _lock_files(folder) == []


def test_opening_the_store_sweeps_lock_files_nobody_holds(folder: Path, takers: Any) -> None:
    """What a crash leaves (a process killed with a draft open) and the files earlier versions kept go
    when the store is opened; the file of a draft another process has open stays, and stays held."""
    with DraftStore.open(folder) as s:
        crashed, kept, held = _draft(s), _draft(s), _draft(s)
    proc = _holder(folder, crashed)
    proc.kill()  # a crash: the lock goes with the process, the file stays
    proc.communicate(timeout=60)
    lock_path(folder, kept).touch()  # an earlier version's
    lock_path(folder, 999).touch()  # of a draft deleted since
    other = takers(held)
    assert other.ask("take") == "held"
    assert len(_lock_files(folder)) == 4
    with DraftStore.open(folder) as s:
        assert _lock_files(folder) == [f"draft-{held}.lock"]
        with pytest.raises(DraftOpenElsewhere):
            s.hold(held)
    assert other.ask("release") == "released" and _lock_files(folder) == []
