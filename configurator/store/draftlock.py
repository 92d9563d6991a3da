"""Which drafts are open in a window: a per-draft lock the operating system drops when the process ends.

A window that opens a draft (the wizard) takes the lock of that draft's file, open/draft-<id>.lock in the
data folder: an empty SQLite file on which it holds a write transaction (BEGIN IMMEDIATE, SQLite's
RESERVED lock) for as long as the draft is open. SQLite's own locking is portable — LockFileEx on Windows,
POSIX advisory locks elsewhere, with SQLite's table of the process's locks so that two connections of one
process conflict too — and it goes with the process: a window that crashed or was killed leaves no stale
lock behind (no process ids, no lock files to clean up by hand).

Only one connection at a time can hold RESERVED, so taking the lock is also the test (no window between
looking and taking). Moving a draft to the trash or deleting it for good takes the same lock for the time
it takes (DraftStore.trash, purge): refused at once while a window has the draft open. Nothing is ever
written to the file: it stays empty, its journal kept in memory (no -journal file beside it, none left
after a crash). A lock file is created with the owner-only mode of the store's files and is never opened
outside SQLite (on POSIX, closing any other handle on the file would drop the process's locks on it)."""

from __future__ import annotations

import contextlib
import sqlite3
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
        conn, self._conn = self._conn, None
        if conn is None:
            return
        _HELD.pop(_key(self.folder, self.draft_id), None)
        _release(conn)

    def __enter__(self) -> DraftHold:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def __del__(self) -> None:
        if getattr(self, "_conn", None) is not None:
            self.release()


#: this process's holds, so that a window can find the one that has a draft open (held_here)
_HELD: weakref.WeakValueDictionary[tuple[str, int], DraftHold] = weakref.WeakValueDictionary()


def _key(folder: Path, draft_id: int) -> tuple[str, int]:
    return (str(Path(folder).resolve()), int(draft_id))


def _try_lock(folder: Path, draft_id: int) -> sqlite3.Connection | None:
    """The draft's lock, taken now (never waiting), or None when another connection holds it. An error
    of the file itself (a folder that cannot be written) is raised as OSError or sqlite3.Error."""
    path = lock_path(folder, draft_id)
    path.parent.mkdir(mode=0o700, exist_ok=True)
    create_private(path)  # O_EXCL: a file that exists is never opened here
    conn = sqlite3.connect(str(path), timeout=0, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=MEMORY").fetchone()
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        _release(conn)
        text = str(exc).lower()
        if "locked" in text or "busy" in text:
            return None
        raise
    except BaseException:
        _release(conn)
        raise
    return conn


def take(folder: Path, draft_id: int, owner: Any = None) -> DraftHold:
    """Hold the draft open for `owner` (a window), or raise DraftOpenElsewhere when another window (this
    process's or another's) has it open. A lock file that cannot be made gives a hold that holds nothing."""
    try:
        conn = _try_lock(folder, draft_id)
    except (OSError, sqlite3.Error):
        return DraftHold(folder, draft_id, None, owner)
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
    try:
        conn = _try_lock(folder, draft_id)
    except (OSError, sqlite3.Error):
        return False
    if conn is None:
        return True
    _release(conn)
    return False


def open_among(folder: Path, draft_ids: Iterable[int]) -> set[int]:
    """Which of `draft_ids` a window (of this process or another) has open now, for a list of drafts.
    Only a draft whose lock file exists is looked at (one that was never opened in a window has none:
    a look at the folder, no file opened), and no lock file is made; for the others the lock is tried
    without waiting, as open_elsewhere does, and let go at once."""
    found: set[int] = set()
    for draft_id in draft_ids:
        path = lock_path(folder, draft_id)
        try:
            there = path.exists()
        except OSError:  # a folder that cannot be looked into: nothing known to be open
            there = False
        if there and _locked(path):
            found.add(int(draft_id))
    return found


def _locked(path: Path) -> bool:
    """Whether another connection holds the lock of the file at `path`, which is opened only if it is
    there still (read-write, never created: a lock file is made with its owner-only mode by _try_lock)."""
    try:
        uri = path.absolute().as_uri() + "?mode=rw"
        conn = sqlite3.connect(uri, uri=True, timeout=0, isolation_level=None)
    except (OSError, ValueError, sqlite3.Error):
        return False
    try:
        conn.execute("PRAGMA journal_mode=MEMORY").fetchone()
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        text = str(exc).lower()
        return "locked" in text or "busy" in text
    except sqlite3.Error:
        return False
    finally:
        _release(conn)
    return False


def held_here(folder: Path, draft_id: int) -> DraftHold | None:
    """This process's hold on the draft (a window of this process has it open), or None."""
    hold = _HELD.get(_key(folder, draft_id))
    return hold if hold is not None and hold.held else None


@contextlib.contextmanager
def kept_closed(folder: Path, draft_id: int, refusal: StoreError, remove: bool = False) -> Iterator[None]:
    """The draft's lock held for what follows (moving it to the trash, deleting it), so that no window
    opens it meanwhile; `refusal` is raised, and nothing done, when a window has it open. `remove`: the
    lock file goes afterwards (the draft deleted for good; a file another process holds stays)."""
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
            _release(conn)
    if conn is not None and remove:  # done: the draft is gone
        with contextlib.suppress(OSError):
            lock_path(folder, draft_id).unlink()
