"""Which drafts are open in a window: a per-draft lock the operating system drops when the process ends.

A window that opens a draft (the wizard) takes the lock of that draft's file, open/draft-<id>.lock in the
data folder: an empty SQLite file on which it holds a write transaction (BEGIN IMMEDIATE, SQLite's
RESERVED lock) for as long as the draft is open. SQLite's own locking is portable — LockFileEx on Windows,
POSIX advisory locks elsewhere, with SQLite's table of the process's locks so that two connections of one
process conflict too — and it goes with the process: a window that crashed or was killed leaves no stale
lock behind (no process ids to clean up by hand).

Only one connection at a time can hold RESERVED, so taking the lock is also the test (no window between
looking and taking). Moving a draft to the trash or deleting it for good takes the same lock for the time
it takes (DraftStore.trash, purge): refused at once while a window has the draft open. Nothing is ever
written to the file: it stays empty, its journal kept in memory (no -journal file beside it, none left
after a crash). A lock file is created with the owner-only mode of the store's files and is never opened
outside SQLite (on POSIX, closing any other handle on the file would drop the process's locks on it).

A lock file goes when its draft is closed (or moved to the trash, deleted…) and nobody else holds it, so
that open/ does not keep one file for every draft ever opened. Removing a lock file is safe only while
nobody has it open without holding its lock: on POSIX a process that opened the old file, then took its
lock after the file was removed, would hold a lock on a file nobody else can find, and a second window
would take the draft's new file — two windows on one draft. So every opening of a lock file (to take it,
or to test it) and every removal happens under the guard, open/guard.lock, held for that moment only (a
write transaction on it, waiting up to GUARD_WAIT_S for another process's moment): whoever removes a file
under the guard knows that every connection open on it holds its lock, and it holds that lock itself. On
Windows, where an open file cannot be deleted, a removal that fails (a file another program has open) is
left for later: a close never fails because of it. What a crash leaves, and the files of versions that
kept them all, go when the store is opened (sweep), under the same guard."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import weakref
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from configurator.store.backups import release_lock as _release
from configurator.store.faults import StoreError
from configurator.store.files import create_private
from configurator.store.layout import OPEN_DIR


class DraftOpenElsewhere(StoreError):
    """The draft is open in another window (of this app or of another one running)."""


def lock_path(folder: Path, draft_id: int) -> Path:
    return Path(folder) / OPEN_DIR / f"draft-{int(draft_id)}.lock"


class DraftHold:
    """A window's hold on a draft it has open; release() when it closes the draft (or opens another).
    `held` is False when the lock could not be taken for a reason other than another window (a data folder
    that cannot be written): the draft is then edited without it, as before."""

    def __init__(self, folder: Path, draft_id: int, conn: sqlite3.Connection | None, owner: Any) -> None:
        self.folder = Path(folder)
        self.draft_id = draft_id
        self._conn = conn
        self._owner = weakref.ref(owner) if owner is not None else None

    @property
    def held(self) -> bool:
        return self._conn is not None

    @property
    def owner(self) -> Any:
        """Who holds it in this process (the window given to take()), or None."""
        return self._owner() if self._owner is not None else None

    def release(self) -> None:
        """Let the draft go and remove its lock file (unless someone else holds it: see _let_go)."""
        conn, self._conn = self._conn, None
        if conn is None:
            return
        _HELD.pop(_key(self.folder, self.draft_id), None)
        _let_go(self.folder, self.draft_id, conn)

    def __enter__(self) -> DraftHold:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def __del__(self) -> None:
        # dropped without release() (by the garbage collector, at any moment): the lock goes, the file
        # stays for the next sweep — the guard is not waited for here
        conn, self._conn = getattr(self, "_conn", None), None
        if conn is not None:
            _release(conn)


#: this process's holds, so that a window can find the one that has a draft open (held_here)
_HELD: weakref.WeakValueDictionary[tuple[str, int], DraftHold] = weakref.WeakValueDictionary()


def _key(folder: Path, draft_id: int) -> tuple[str, int]:
    return (str(Path(folder).resolve()), int(draft_id))


#: the guard's file in OPEN_DIR; and how long to wait for another process's moment under it
GUARD_NAME = "guard.lock"
GUARD_WAIT_S = 5.0


def _is_lock_file(name: str) -> bool:
    """draft-<id>.lock (no regular expression: none is compiled before the start window shows)."""
    return name.startswith("draft-") and name.endswith(".lock") and name[6:-5].isdigit()

#: whether this thread is under the guard now (_guarded): taking it again would wait for this very thread
_UNDER_GUARD = threading.local()


class GuardBusy(StoreError):
    """Another process held the guard longer than GUARD_WAIT_S (stopped in a debugger, or hung)."""


def _take_guard(folder: Path) -> sqlite3.Connection:
    """The guard, held until released (release_lock). OSError or sqlite3.Error when its file cannot be made
    or opened (a data folder that cannot be written), GuardBusy when another process keeps it."""
    if getattr(_UNDER_GUARD, "held", False):
        raise GuardBusy("下書きのロックを確認中です。", "The draft locks are being checked.")
    path = Path(folder) / OPEN_DIR / GUARD_NAME
    path.parent.mkdir(mode=0o700, exist_ok=True)
    create_private(path)
    conn = sqlite3.connect(str(path), timeout=GUARD_WAIT_S, isolation_level=None)  # waits that long
    if not _lock_now(conn):
        raise GuardBusy(
            "ほかのウィンドウが下書きを開く途中のまま止まっています。少し待ってから、もう一度やり直して"
            "ください。",
            "Another window is stuck opening a draft. Wait a moment and try again.",
        )
    return conn


@contextlib.contextmanager
def _guarded(folder: Path) -> Iterator[None]:
    guard = _take_guard(folder)
    _UNDER_GUARD.held = True
    try:
        yield
    finally:
        _UNDER_GUARD.held = False
        _release(guard)


def _open_lock_file(path: Path) -> sqlite3.Connection:
    """A connection on a draft's lock file (made if missing), not yet holding its lock: under the guard."""
    create_private(path)  # O_EXCL: a file that exists is never opened here
    return sqlite3.connect(str(path), timeout=0, isolation_level=None)


def _lock_now(conn: sqlite3.Connection) -> bool:
    """Take the lock of an open lock file now (never waiting): False when another connection holds it (the
    connection is then closed). An error of the file itself is raised (the connection closed)."""
    try:
        conn.execute("PRAGMA journal_mode=MEMORY").fetchone()
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        _release(conn)
        text = str(exc).lower()
        if "locked" in text or "busy" in text:
            return False
        raise
    except BaseException:
        _release(conn)
        raise
    return True


def _try_lock(folder: Path, draft_id: int) -> sqlite3.Connection | None:
    """The draft's lock, taken now (never waiting), or None when another connection holds it. An error
    of the file itself (a folder that cannot be written) is raised as OSError or sqlite3.Error; GuardBusy
    when another process keeps the guard."""
    path = lock_path(folder, draft_id)
    with _guarded(folder):
        conn = _open_lock_file(path)
        return conn if _lock_now(conn) else None


def _let_go(folder: Path, draft_id: int, conn: sqlite3.Connection) -> None:
    """Release a draft's lock and remove its file, under the guard: nobody else has it open then (every
    opening is under the guard, and holds the lock once open), so nobody can be left holding a lock on a
    file that is gone. Never fails: without the guard (busy, or the folder's trouble) the lock is released
    and the file left; a file that cannot be deleted (Windows: another program has it open) is left too.
    The next opening of the store sweeps what was left."""
    try:
        guard = _take_guard(folder)
    except (OSError, sqlite3.Error, StoreError):
        _release(conn)
        return
    try:
        _release(conn)
        with contextlib.suppress(OSError):
            lock_path(folder, draft_id).unlink()
    finally:
        _release(guard)


def _look(paths: Iterable[Path]) -> tuple[list[Path], int]:
    """Under the guard (the caller's): which of the lock files at `paths` another connection holds; the
    others are removed (a file gone meanwhile is not made again). The held ones, and how many went."""
    held: list[Path] = []
    removed = 0
    for path in paths:
        try:
            uri = path.resolve().as_uri() + "?mode=rw"
            conn = sqlite3.connect(uri, uri=True, timeout=0, isolation_level=None)
            if not _lock_now(conn):
                held.append(path)
                continue
        except (OSError, ValueError, sqlite3.Error):
            continue
        _release(conn)
        try:
            path.unlink()
        except OSError:
            continue
        removed += 1
    return held, removed


def sweep(folder: Path) -> int:
    """Remove the lock files nobody holds — left by a process that crashed while a draft was open, by a
    close that could not remove its file, or by earlier versions (one for every draft ever opened). Under
    the guard; a file held stays. How many went (0 when the guard or the folder cannot be had)."""
    found = []
    with contextlib.suppress(OSError):
        found = [p for p in (Path(folder) / OPEN_DIR).iterdir() if _is_lock_file(p.name)]
    if not found:
        return 0
    with contextlib.suppress(OSError, sqlite3.Error, StoreError), _guarded(folder):
        return _look(found)[1]
    return 0


def take(folder: Path, draft_id: int, owner: Any = None) -> DraftHold:
    """Hold the draft open for `owner` (a window), or raise DraftOpenElsewhere when another window (this
    process's or another's) has it open. A lock file that cannot be made gives a hold that holds nothing."""
    try:
        conn = _try_lock(folder, draft_id)
    except (OSError, sqlite3.Error):
        return DraftHold(folder, draft_id, None, owner)
    # GuardBusy (a StoreError) goes to the caller: said, not taken for a hold that holds nothing
    if conn is None:
        raise DraftOpenElsewhere(
            f"下書き ID {draft_id} はほかのウィンドウで開いています。",
            f"Draft {draft_id} is open in another window.",
        )
    hold = DraftHold(folder, draft_id, conn, owner)
    _HELD[_key(folder, draft_id)] = hold
    return hold


def open_elsewhere(folder: Path, draft_id: int) -> bool:
    """Whether a window (of this process or another) has the draft open now."""
    return int(draft_id) in open_among(folder, [draft_id])


def open_among(folder: Path, draft_ids: Iterable[int]) -> set[int]:
    """Which of `draft_ids` a window (of this process or another) has open now, for a list of drafts.
    Only a draft whose lock file exists is looked at (a draft not open in a window has none: a look at the
    folder, no file opened), and no lock file is made. The files there are tried under the guard, as
    every opening of a lock file is (a try outside it could make a window opening the draft that moment
    think it open elsewhere, or hold a file being removed); one nobody holds is removed, as sweep does.
    Nothing is known to be open when the guard cannot be had (another process keeps it)."""
    paths: dict[Path, int] = {}
    for draft_id in draft_ids:
        path = lock_path(folder, draft_id)
        try:
            there = path.exists()
        except OSError:  # a folder that cannot be looked into: nothing known to be open
            there = False
        if there:
            paths[path] = int(draft_id)
    if not paths:
        return set()
    try:
        with _guarded(folder):
            held, _removed = _look(paths)
    except (OSError, sqlite3.Error, StoreError):
        return set()
    return {paths[p] for p in held}


def held_here(folder: Path, draft_id: int) -> DraftHold | None:
    """This process's hold on the draft (a window of this process has it open), or None."""
    hold = _HELD.get(_key(folder, draft_id))
    return hold if hold is not None and hold.held else None


@contextlib.contextmanager
def kept_closed(folder: Path, draft_id: int, refusal: StoreError) -> Iterator[None]:
    """The draft's lock held for what follows (moving it to the trash, deleting it), so that no window
    opens it meanwhile; `refusal` is raised, and nothing done, when a window has it open. The lock file
    goes afterwards (see _let_go)."""
    try:
        conn = _try_lock(folder, draft_id)
    except (OSError, sqlite3.Error):  # no lock file can be had here: the store says what it can do
        conn = None
    else:
        if conn is None:
            raise refusal
    try:
        yield
    finally:
        if conn is not None:
            _let_go(folder, draft_id, conn)
