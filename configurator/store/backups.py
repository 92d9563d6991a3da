"""Who has the store and its backups: the shared lock every open store holds and the exclusive one a
restore needs (SQLite's own locking on drafts.lock, portable), the lost -wal check, backups kept and
restored (a restore killed half-way is finished at the next start)."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from configurator.store.faults import LostSaves, StoreError, explain
from configurator.store.files import create_private, move_aside
from configurator.store.layout import (
    BACKUPS_KEPT,
    DB_NAME,
    DB_SUFFIXES,
    LOCK_NAME,
    LOCK_WAIT_S,
    RESTORING,
    SCHEMA_VERSION,
    SEQ_KEY,
    list_backups,
)


def _lock_connection(folder: Path, timeout: float) -> sqlite3.Connection:
    path = folder / LOCK_NAME
    with contextlib.suppress(OSError):
        create_private(path)
    try:
        return sqlite3.connect(str(path), timeout=timeout, isolation_level=None)
    except sqlite3.Error as exc:
        raise explain(exc, path) from None


def release_lock(conn: sqlite3.Connection) -> None:
    with contextlib.suppress(sqlite3.Error):
        if conn.in_transaction:
            conn.execute("ROLLBACK")
    with contextlib.suppress(sqlite3.Error):
        conn.close()


def shared_lock(folder: Path, timeout: float = LOCK_WAIT_S) -> sqlite3.Connection:
    """Every open store holds a read transaction on LOCK_NAME — SQLite's own SHARED lock, portable
    (LockFileEx on Windows, POSIX advisory locks elsewhere) — until it is closed. Any number of
    windows and commands share it; a restore must take it EXCLUSIVE, so it cannot move the file
    from under a process that is using it, and nobody opens the store while a restore runs."""
    conn = _lock_connection(folder, timeout)
    try:
        conn.execute("BEGIN")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        release_lock(conn)
        if "locked" in str(exc).lower() or "busy" in str(exc).lower():
            raise StoreError(
                "下書きのデータベースはいまバックアップからの復元中です。終わってから、"
                "もう一度開いてください。",
                "The draft database is being restored from a backup; open it again when that is done.",
            ) from None
        raise explain(exc, folder / LOCK_NAME) from None
    return conn


@contextlib.contextmanager
def exclusive(folder: Path | str, *, damaged: bool = False) -> Iterator[None]:
    """The store to oneself (a restore, moving a damaged file aside): refused at once while any
    window or command has it open."""
    folder = Path(folder)
    conn = _lock_connection(folder, 0)
    try:
        conn.execute("BEGIN EXCLUSIVE")
    except sqlite3.Error as exc:
        release_lock(conn)
        if "locked" not in str(exc).lower() and "busy" not in str(exc).lower():
            raise explain(exc, folder / LOCK_NAME) from None
        what = "壊れているようですが、" if damaged else ""
        raise StoreError(
            f"下書きのデータベースは{what}ほかのウィンドウかコマンドが使用中です({folder / DB_NAME})。"
            "アプリをすべて閉じてから、もう一度やり直してください。使用中のファイルは動かしません。",
            "The draft database is in use by another window or command; close the app and try again.",
        ) from None
    try:
        yield
    finally:
        release_lock(conn)


def read_only_uri(path: Path) -> str:
    """A URI that reads a backup without writing anything beside it (no -wal, no -shm)."""
    return path.resolve().as_uri() + "?mode=ro&immutable=1"


def seq_of(conn: sqlite3.Connection) -> int:
    try:
        row = conn.execute("SELECT value FROM app_state WHERE key = ?", [SEQ_KEY]).fetchone()
    except sqlite3.OperationalError:  # a store from before the count (or not a store)
        return 0
    try:
        return int(row[0]) if row else 0
    except (TypeError, ValueError):
        return 0


def check_wal(path: Path) -> None:
    """After a crash SQLite keeps saves in the -wal file until they are copied into the database file;
    the -shm file beside it says how many there are (mxFrame) and how many were copied (nBackfill).
    If the -wal file is gone or shorter than that, saves were lost: say so before SQLite opens the
    file, because opening it would start a new log and the old one could never be put back."""
    shm = Path(f"{path}-shm")
    wal = Path(f"{path}-wal")
    try:
        with open(shm, "rb") as fh:
            head = fh.read(136)
    except OSError:
        return
    if len(head) < 136:
        return
    version, _unused, _change, is_init, _big_end, page_size, max_frame = struct.unpack("=IIIBBHI", head[:20])
    backfilled = struct.unpack("=I", head[96:100])[0]
    if version != 3007000 or is_init != 1 or max_frame <= backfilled:
        return
    page_size = 65536 if page_size == 1 else page_size
    needed = 32 + max_frame * (24 + page_size)
    try:
        have = wal.stat().st_size
    except OSError:
        have = 0
    if have >= needed:
        return
    missing = max_frame - backfilled
    raise LostSaves(
        f"下書きのデータベースの {wal.name} がありません(または途中までしかありません)。"
        f"データベースに書き込まれる前の保存(ページ {missing} 個分)が失われています。"
        "データを守るため何も変えずに終了します。"
        f"{wal.name} がごみ箱やコピー元にあれば {path.parent} に戻してから開き直してください。"
        "戻せないときは `iij-configurator drafts restore-backup` "
        "でバックアップに戻せます(今のファイルは別名で残ります)。",
        f"{wal.name} of the draft database is missing or cut short: saves not yet written into the database "
        "are "
        f"lost. Nothing was changed. Put {wal.name} back into {path.parent} and open again, or restore a "
        "backup "
        "with `drafts restore-backup`.",
        None,
    )


def prune_backups(folder: Path) -> None:
    """Keep the newest BACKUPS_KEPT backups, and besides them the newest of each of the last
    BACKUPS_KEPT days (periodic backups must not push every daily one out)."""
    backups = list_backups(folder)
    keep = set(backups[:BACKUPS_KEPT])
    days: dict[str, Path] = {}
    for b in backups:  # newest first: the first seen of a day is its newest
        days.setdefault(b.name[len("drafts-") : len("drafts-") + 8], b)
    keep.update(list(days.values())[:BACKUPS_KEPT])
    for old in backups:
        if old not in keep:
            for suffix in DB_SUFFIXES:
                with contextlib.suppress(OSError):
                    Path(f"{old}{suffix}").unlink()


@dataclass(frozen=True)
class Restored:
    backup: Path
    #: where the store that was live went (None when there was none)
    moved_to: Path | None


def restore_backup(folder: Path | str, backup: Path | str | None = None) -> Restored:
    """Put a backup (the newest by default) in place of the store. The current file, if any, is
    moved aside first under a name nothing else has, never deleted or overwritten."""
    folder = Path(folder)
    backups = list_backups(folder)
    src = Path(backup) if backup else (backups[0] if backups else None)
    if src is None:
        raise StoreError("復元できるバックアップがありません。", "No backup to restore.")
    if not src.exists():
        raise StoreError(
            f"バックアップ {src} が見つかりません。`iij-configurator drafts backups` で一覧を確かめるか、"
            "ファイルを省いて最新のバックアップから復元してください。今のファイルはそのままです。",
            f"The backup {src} was not found. See `iij-configurator drafts backups`, or leave the file out "
            "to restore the newest backup. The current file is unchanged.",
        )
    if src.is_dir():
        raise StoreError(
            f"{src} はフォルダです。バックアップのファイル(drafts-….sqlite3)を指定してください。"
            "今のファイルはそのままです。",
            f"{src} is a folder; give a backup file (drafts-….sqlite3). The current file is unchanged.",
        )
    if not folder.is_dir():  # a new computer: the backup copied from the old one is its first store
        try:
            folder.mkdir(mode=0o700, parents=True)
        except OSError as exc:
            raise StoreError(
                f"データフォルダ {folder} を作れません({exc.strerror or exc})。"
                "場所か権限を確認してください。",
                f"Cannot create the data folder {folder} ({exc.strerror or exc}).",
            ) from None
    path = folder / DB_NAME
    part = path.with_name(path.name + RESTORING + "-part")
    ready = path.with_name(path.name + RESTORING)
    moved = None
    with exclusive(folder):
        _remove_with_journals(part)  # a copy left by a restore that was killed: never reused
        _remove_empty_reservations(path)
        try:
            create_private(part)
            shutil.copyfile(src, part)  # into the private file: its mode stays 0600
            _mark_restored(part, folder, src)  # checks that it is a store this version can use
            with open(part, "rb+") as fh:
                os.fsync(fh.fileno())
            os.replace(part, ready)  # from here on, an interrupted restore is finished at the next opening
            moved = move_aside(path, "before-restore", DB_SUFFIXES) if path.exists() else None
            os.replace(ready, path)
        except OSError as exc:
            raise StoreError(
                f"バックアップ {src} を復元できません({exc.strerror or exc})。今のファイルはそのままです。",
                f"Cannot restore {src} ({exc}); the current file is unchanged.",
            ) from None
        finally:
            _remove_with_journals(part)
            if path.exists():
                _remove_with_journals(ready)
    return Restored(src, moved)


def _remove_with_journals(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            Path(f"{path}{suffix}").unlink()


def _remove_empty_reservations(path: Path) -> None:
    """A restore killed after reserving the name to move the store to (an empty file) but before the
    move left that empty file: it holds nothing, and under the exclusive lock no restore is between
    the two steps, so it goes (a file moved aside is never empty: a store has at least its header)."""
    for aside in _empty_reservations(path):
        with contextlib.suppress(OSError):
            aside.unlink()


def _empty_reservations(path: Path) -> list[Path]:
    found = []
    for aside in path.parent.glob(f"{path.name}.before-restore-*"):
        with contextlib.suppress(OSError):
            if aside.name.endswith(("-wal", "-shm", "-journal")) or aside.stat().st_size:
                continue
            if not any(Path(f"{aside}{s}").exists() for s in ("-wal", "-shm")):
                found.append(aside)
    return found


def _follow_moved_store(path: Path) -> None:
    """Killed after the store moved aside but before its -wal/-shm followed: they belong to the store
    moved aside (the newest one without them), never to the restored copy that takes its place."""
    asides = sorted(  # the names carry the time of the move: by name is oldest first
        a for a in path.parent.glob(f"{path.name}.before-restore-*") if not a.name.endswith(("-wal", "-shm"))
    )
    for suffix in ("-wal", "-shm"):
        left = Path(f"{path}{suffix}")
        if not left.exists():
            continue
        owner = next((a for a in reversed(asides) if not Path(f"{a}{suffix}").exists()), None)
        if owner is not None:
            os.replace(left, Path(f"{owner}{suffix}"))


def finish_restore(folder: Path) -> None:
    """A restore killed between moving the store aside and putting the checked copy in its place left
    no store but a `.restoring` copy: put it in place (never start an empty store instead). Copies left
    beside a store (killed before the store moved) are removed."""
    path = folder / DB_NAME
    ready = path.with_name(path.name + RESTORING)
    part = path.with_name(path.name + RESTORING + "-part")
    if not ready.exists() and not part.exists() and not _empty_reservations(path):
        return
    with contextlib.suppress(StoreError), exclusive(folder):
        _remove_with_journals(part)  # killed while copying or checking: the store was not touched
        _remove_empty_reservations(path)
        if not path.exists() and ready.exists():
            _follow_moved_store(path)
            os.replace(ready, path)
        else:
            _remove_with_journals(ready)


class _NotAStore(sqlite3.DatabaseError):
    """A readable SQLite file that is not a draft store this version can use: `reason` in words."""

    def __init__(self, reason: tuple[str, str]) -> None:
        super().__init__(reason[1])
        self.reason = reason


def _mark_restored(copy: Path, folder: Path, src: Path | None = None) -> None:
    """A restored store counts more writes than every backup, so it is not taken for one that lost
    saves; it is also the way to accept a store as it is (restore the file moved aside)."""
    highest = 0
    for b in list_backups(folder):
        with contextlib.suppress(sqlite3.Error):
            conn = sqlite3.connect(read_only_uri(b), uri=True)
            try:
                highest = max(highest, seq_of(conn))
            finally:
                conn.close()
    conn = sqlite3.connect(str(copy))
    try:
        if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise sqlite3.DatabaseError("quick_check")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if (
            version > SCHEMA_VERSION
            or not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'drafts'").fetchone()
        ):
            raise _NotAStore(
                ("新しい版のアプリのデータベースです", "written by a newer version of the app")
                if version > SCHEMA_VERSION
                else ("下書きの表がありません", "it holds no drafts table")
            )
        conn.execute(
            "INSERT INTO app_state(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = "
            "excluded.value",
            [SEQ_KEY, str(max(highest, seq_of(conn)) + 1)],
        )
        conn.commit()
    except sqlite3.Error as exc:
        ja, en = (
            exc.reason
            if isinstance(exc, _NotAStore)
            else ("SQLiteのデータベースではないか、壊れています", "not an SQLite database, or damaged")
        )
        name = src if src is not None else "そのファイル"
        raise StoreError(
            f"{name} は下書きのバックアップとして使えません({ja})。`iij-configurator drafts backups` の"
            "一覧にあるファイルを指定するか、ファイルを省いて最新のバックアップから復元してください。"
            "今のファイルはそのままです。",
            f"{src or 'That file'} cannot be used as the draft database ({en}). Give a file listed by "
            "`iij-configurator drafts backups`, or leave the file out to restore the newest backup. The "
            "current one is unchanged.",
        ) from None
    finally:
        conn.close()
