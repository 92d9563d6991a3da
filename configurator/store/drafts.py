"""The draft store: orders being built, in SQLite (sqlite-utils), with every save kept as a revision.

Durability, as chosen and stated here:
- journal_mode=WAL with synchronous=FULL: a save that returned has been fsynced and survives a
  crash or power loss (NORMAL could lose the last saves on power loss).
- Every save is one transaction (BEGIN IMMEDIATE … COMMIT): it is there whole or not at all.
- PRAGMA quick_check when the store opens; a damaged file is moved aside (never deleted) and the
  newest backup is offered.
- A backup with SQLite's backup API before every migration and once a day, keeping BACKUPS_KEPT.
- The schema version (PRAGMA user_version) is checked on open: a database from a newer version
  of the app is refused and never touched.

Optimistic concurrency: a save names the revision it started from; if another window or process
saved the draft since, the save is not applied to the draft — the work is kept as a new draft (a
conflict copy) and the caller is told (SaveResult.conflict).

Revisions are pruned only by PRUNE_RULE, when the daily backup runs or on request; with a team link,
never one the team's server does not hold yet (store/teamlink.py, which also gives new drafts the team's
quote numbers).
"""

from __future__ import annotations

import builtins
import contextlib
import datetime as dt
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from configurator.store import draftlock, teamlink
from configurator.store.backups import (
    check_wal,
    exclusive,
    finish_restore,
    prune_backups,
    read_only_uri,
    release_lock,
    seq_of,
    shared_lock,
)
from configurator.store.faults import (
    CorruptStore,
    DraftNotFound,
    LostSaves,
    NewerStore,
    StoreError,
    damage_reason,
    explain,
    is_corruption,
    restore_offer,
    sqlite_detail,
)
from configurator.store.files import create_private, make_private, move_aside
from configurator.store.layout import (
    BACKUP_DIR,
    BACKUP_EVERY_S,
    DB_NAME,
    DB_SUFFIXES,
    JST,
    SCHEMA_VERSION,
    SEQ_KEY,
    jst_stamp,
    list_backups,
)
from configurator.store.storable import (
    MAX_SQL_INT,
    decoded_text,
    in_sql_range,
    serialise,
    sound_text,
    sound_time,
    stored_document,
)
from configurator.text.i18n import N_

BUSY_TIMEOUT_S = 5.0


PRUNE_KEEP_DAYS = 30


PRUNE_RULE = (
    "保存の履歴(リビジョン)は、最新のもの、直近30日のすべて、それより前は1日ごとの最後のもの、"
    "見積書・申込書を出力したものを残し、それ以外を毎日のバックアップの後に削除します。"
)


#: Sales statuses a team recognises, in the order a deal moves.
#: the app_state key naming the draft being edited; cleared on a clean close (crash recovery). Here,
#: beside the store, so that the start screen reads it without importing the order session.
EDITING_KEY = "editing_draft"

STATUSES: dict[str, str] = {
    "drafting": N_("作成中"),
    "approval_requested": N_("承認依頼中"),
    "approved": N_("承認済"),
    "submitted": N_("提出済"),
    "won": N_("受注"),
    "lost": N_("失注"),
    #: set when the order is saved as contracted (契約・変更・解約 → 契約済みとして保存): it is then changed
    #: only by a change order, and the wizard opens it read-only
    "contracted": N_("契約済"),
}
CONTRACTED = "contracted"


SORTS = {
    "updated": "updated_at",
    "created": "created_at",
    "title": "title",
    "customer": "customer",
    "number": "number",
    "status": "status",
}


@dataclass(frozen=True)
class DraftInfo:
    id: int
    number: str
    title: str
    customer: str
    status: str
    rev: int
    created_at: str
    updated_at: str
    deleted_at: str | None
    #: what in the draft's record could not be read (empty when nothing): such a draft is set aside
    damaged: str = ""

    @property
    def quote_number(self) -> str:
        """見積番号 with revision, e.g. Q-2026-000123-R2."""
        return f"{self.number}-R{self.rev}"

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "number": self.number,
            "quote_number": self.quote_number,
            "title": self.title,
            "customer": self.customer,
            "status": self.status,
            "status_label": self.status_label,
            "rev": self.rev,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "in_trash": self.deleted_at is not None,
            **({"damaged": self.damaged} if self.damaged else {}),
        }


@dataclass(frozen=True)
class SaveResult:
    draft_id: int
    rev: int
    conflict: bool = False
    #: on a conflict: the revision another window saved meanwhile
    theirs: int | None = None
    #: the draft was in the trash (another window or process moved it there while this one had it open):
    #: the save took it back out, the user working on it
    untrashed: bool = False
    #: the draft was deleted for good elsewhere while this one had it open: the work is a new draft
    #: (this one), never left only in memory
    recreated: bool = False

    @property
    def message(self) -> str:
        """What to tell the user about this save beyond "saved" (Japanese; message_en in English)."""
        return self._texts()[0]

    @property
    def message_en(self) -> str:
        return self._texts()[1]

    def _texts(self) -> tuple[str, str]:
        if self.conflict:
            return (
                f"この下書きは他のウィンドウで更新されていました(リビジョン {self.theirs})。"
                f"上書きせず、あなたの変更は新しい下書き(ID {self.draft_id})に保存しました。",
                f"This draft was changed in another window (revision {self.theirs}). Nothing was "
                f"overwritten: your changes were saved as a new draft (ID {self.draft_id}).",
            )
        if self.recreated:
            return (
                "この下書きは他のウィンドウで完全に削除されていました。編集中の内容は失わず、新しい下書き"
                f"(ID {self.draft_id})として保存しました。",
                "This draft had been deleted for good in another window. Your work was not lost: it was "
                f"saved as a new draft (ID {self.draft_id}).",
            )
        if self.untrashed:
            return (
                "この下書きは他のウィンドウでごみ箱に移されていました。編集中のため、ごみ箱から戻して保存"
                f"しました(リビジョン {self.rev})。不要なら、もう一度ごみ箱に移してください。",
                "This draft had been moved to the trash in another window. As you are working on it, it "
                f"was taken back out of the trash and saved (revision {self.rev}). Move it to the trash "
                "again if it is not needed.",
            )
        return "", ""


def local_time(iso: str) -> str:
    """A stored UTC time as Japan time, e.g. 2026-11-22 12:02 ("?" for a time that is damaged)."""
    try:
        return dt.datetime.fromisoformat(iso).astimezone(JST).strftime("%Y-%m-%d %H:%M")
    except (TypeError, ValueError):
        return "?"


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def _summary(doc: dict[str, Any]) -> tuple[str, str]:
    title = str(doc.get("title") or "").strip() or "(件名なし)"
    customer = doc.get("customer") or {}
    name = str(customer.get("name") or "").strip() if isinstance(customer, dict) else ""
    return title, name


def m001_initial(db: Any) -> None:
    db["drafts"].create(
        {
            "id": int,
            "number": str,
            "title": str,
            "customer": str,
            "status": str,
            "rev": int,
            "created_at": str,
            "updated_at": str,
            "deleted_at": str,
        },
        pk="id",
        not_null={"number", "title", "customer", "status", "rev", "created_at", "updated_at"},
    )
    db["drafts"].create_index(["number"], unique=True)
    db["drafts"].create_index(["deleted_at", "updated_at"])
    db["revisions"].create(
        {
            "id": int,
            "draft_id": int,
            "rev": int,
            "saved_at": str,
            "document": str,
            "note": str,
            "issued": int,
        },
        pk="id",
        foreign_keys=[("draft_id", "drafts", "id")],
        not_null={"draft_id", "rev", "saved_at", "document"},
    )
    db["revisions"].create_index(["draft_id", "rev"], unique=True)
    db["counters"].create({"name": str, "value": int}, pk="name")
    db["app_state"].create({"key": str, "value": str}, pk="key")


#: The migrations of the store, in order (sqlite-utils' Migrations, set "iij-drafts"): a new one is a
#: function appended here. Their names also let a store be opened without importing sqlite-utils
#: (about 0.1 s of the app's start) when every one is applied already.
MIGRATIONS: tuple[Callable[[Any], None], ...] = (m001_initial,)
MIGRATION_SET = "iij-drafts"


def _migrations() -> Any:
    from sqlite_utils import Migrations

    m = Migrations(MIGRATION_SET)
    for step in MIGRATIONS:
        m(name=step.__name__)(step)
    return m


def _all_applied(conn: sqlite3.Connection) -> bool:
    """Whether every migration is recorded as applied (read with the standard library)."""
    try:
        rows = conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [MIGRATION_SET]
        ).fetchall()
    except sqlite3.OperationalError:  # no such table: a new store
        return False
    return {step.__name__ for step in MIGRATIONS} <= {row[0] for row in rows}


class _Connection:
    """The store's database as the store uses it: raw SQL on one sqlite3 connection (sqlite-utils'
    Database, which offers the same `execute` and `conn`, is made only to apply a migration)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        conn.execute("PRAGMA recursive_triggers=on")  # as sqlite-utils' Database sets it

    def execute(self, sql: str, parameters: Any = None) -> sqlite3.Cursor:
        return self.conn.execute(sql) if parameters is None else self.conn.execute(sql, parameters)

    def close(self) -> None:
        self.conn.close()


#: what marking an order contracted (lifecycle.mark_contracted) writes into it: the contract's record, not
#: the content of the quote the customer received, so it never makes a new 版
CONTRACT_RECORD_KEYS = frozenset(
    {
        "contracted",
        "contracted_at",
        "contractor",
        "billing_start",
        "options_billing_start",
        "load_balancing_billing_start",
    }
)


def quote_content(doc: Any) -> Any:
    """The content a quote's 版 is judged by: the order without the contract's record (CONTRACT_RECORD_KEYS)
    and without what holds nothing (a key whose value is null or an empty object, e.g. the parent an edit
    made and 元に戻す left behind), so an order back to what was issued is that quote again."""
    if isinstance(doc, dict):
        out = {}
        for key, value in doc.items():
            if key in CONTRACT_RECORD_KEYS:
                continue
            value = quote_content(value)
            if value is None or value == {}:
                continue
            out[key] = value
        return out
    if isinstance(doc, list):
        return [quote_content(item) for item in doc]
    return doc


def is_contracted(doc: dict[str, Any], status: str = "") -> bool:
    """Whether an order is a contracted one (its status 契約済, or marked contracted in the order itself)."""
    return status == CONTRACTED or bool(doc.get("contracted"))


def initial_status(doc: dict[str, Any]) -> str:
    """The status a draft made from an order starts with: 契約済 for a contracted order (opened from a
    file or a PDF, as the wizard shows it, read-only), else 作成中."""
    return CONTRACTED if is_contracted(doc) else "drafting"


def without_contract(doc: Any) -> Any:
    """A copy of an order without the contract's record (CONTRACT_RECORD_KEYS): a new order to apply for."""
    if isinstance(doc, dict):
        return {k: without_contract(v) for k, v in doc.items() if k not in CONTRACT_RECORD_KEYS}
    if isinstance(doc, list):
        return [without_contract(item) for item in doc]
    return doc


def next_edition(reached: int, last: dict[str, Any] | None, doc: dict[str, Any]) -> int:
    """The 版 of a quote issued with `doc`, when the quotes issued before reached 版 `reached` and the last
    of them had the content `last`: the same 版 for the same content (quote_content), else the next
    (版1 at the least)."""
    same = last is not None and quote_content(doc) == quote_content(last)
    return max(reached + (not same), 1)


class DraftStore:
    """One SQLite file of drafts. Open with DraftStore.open(folder)."""

    def __init__(self, path: Path, db: Any) -> None:
        self.path = path
        self.db = db
        #: the shared hold on LOCK_NAME for as long as the store is open (see exclusive())
        self._lock: sqlite3.Connection | None = None
        #: when the newest backup was made (None: not looked yet)
        self._backed_up_at: float | None = None
        #: drafts whose record is damaged beyond repair, kept out of list() (id → what could be read)
        self.set_aside: dict[int, DraftInfo] = {}
        #: what the store found and did about damage, for the caller to show (see take_notices())
        self.notices: list[StoreError] = []

    # --- opening -----------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        folder: Path | str | None = None,
        *,
        check: bool = True,
        maintenance: bool = True,
        timeout: float = BUSY_TIMEOUT_S,
        fresh: bool = True,
    ) -> DraftStore:
        """The store of `folder` (the data folder by default). With `fresh` False, a store that is not
        there (or empty) while backups with saves are is refused (LostSaves) instead of started empty:
        the command line, after a damaged store was moved aside, must not answer the next command from
        an empty store ("no draft 1") as if nothing had been saved."""
        from configurator.store.settings import check_folder, data_dir

        base = Path(folder) if folder is not None else data_dir()
        # the folder itself is tightened when it is the store's (made now, or holding a store), not
        # when --data-dir names a folder of the user's that merely exists (a home folder)
        folder_too = not base.is_dir() or (base / DB_NAME).exists()
        check_folder(base)  # made if missing; a file, or a folder that cannot be written: which setting
        try:
            make_private(base, folder_too=folder_too)
        except OSError as exc:
            raise StoreError(
                f"データフォルダ {base} を作れません({exc.strerror})。場所か権限を確認してください。",
                f"Cannot create the data folder {base}.",
            ) from None
        path = base / DB_NAME
        finish_restore(base)
        lock = shared_lock(base)
        try:
            if not fresh and not (path.exists() and path.stat().st_size > 0):
                cls._refuse_fresh(path)  # before anything is created
            with contextlib.suppress(OSError):
                create_private(path)  # SQLite gives -wal and -shm the mode of the database file
            return cls._open_locked(path, lock, check, maintenance, timeout)
        except BaseException:
            release_lock(lock)
            raise

    @classmethod
    def _open_locked(
        cls, path: Path, lock: sqlite3.Connection, check: bool, maintenance: bool, timeout: float
    ) -> DraftStore:
        existed = path.exists() and path.stat().st_size > 0
        if existed:
            check_wal(path)
        try:
            conn = sqlite3.connect(str(path), timeout=timeout)
        except sqlite3.Error as exc:
            raise explain(exc, path) from None
        conn.text_factory = decoded_text  # even quick_check's report may quote damaged text
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                conn.close()
                raise NewerStore(
                    f"下書きのデータベース {path} は新しい版のアプリで作られています(形式 {version}、"
                    f"この版は {SCHEMA_VERSION} まで)。"
                    "データを守るため開かずに終了します。アプリを更新してください。",
                    "The draft database was written by a newer version of the app; update the app.",
                )
            if check and existed:
                result = conn.execute("PRAGMA quick_check").fetchone()[0]
                if result != "ok":
                    raise sqlite3.DatabaseError(f"quick_check: {result}")
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
        except NewerStore:
            raise
        except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:  # SQLite's message may quote damaged bytes
            conn.close()
            if is_corruption(exc):
                release_lock(lock)  # moving the file needs the store to itself
                with exclusive(path.parent, damaged=True):
                    raise cls._move_aside(path, exc) from None
            raise explain(exc, path) from None
        store = cls(path, _Connection(conn))
        store._lock = lock
        try:
            if existed:
                store._check_against_backup()
            store._migrate(version, existed)
            if maintenance:
                store.daily_maintenance()
                draftlock.sweep(path.parent)  # lock files nobody holds (a crash's, earlier versions')
        except sqlite3.Error as exc:
            store.close()
            raise explain(exc, path) from None
        except BaseException:
            store.close()
            raise
        return store

    def _seq(self) -> int:
        return seq_of(self.db.conn)

    @staticmethod
    def _newest_backup(folder: Path) -> tuple[Path, int] | None:
        """The newest backup and its count of writes; None without one (or an unreadable one: that is
        not evidence)."""
        backups = list_backups(folder)
        if not backups:
            return None
        newest = backups[0]
        try:
            conn = sqlite3.connect(read_only_uri(newest), uri=True)
            try:
                return newest, seq_of(conn)
            finally:
                conn.close()
        except sqlite3.Error:
            return None

    @classmethod
    def _refuse_fresh(cls, path: Path) -> None:
        found = cls._newest_backup(path.parent)
        if found is None or found[1] <= 0:
            return
        newest = found[0]
        raise LostSaves(
            f"下書きのデータベース {path} がありません(壊れていたため別名で移したか、削除されています)が、"
            f"バックアップ {newest.name} があります。空のデータベースでは始めずに終了します。"
            "`iij-configurator drafts restore-backup` で最新のバックアップから戻してください"
            "(移したファイルは残っています)。",
            f"The draft database {path} is missing (moved aside as damaged, or deleted) but the backup "
            f"{newest.name} exists; an empty database was not started. Restore it with "
            "`iij-configurator drafts restore-backup`.",
            newest,
        )

    def outrank_backups(self) -> None:
        """Count this store's writes above its newest backup's: a store the user chose to start afresh
        (a damaged one moved aside, its backup declined) is then opened as it is at the next start, not
        taken for one that lost saves and refused until the backup is restored. The backups stay."""
        found = self._newest_backup(self.path.parent)
        if found is None:
            return
        with self._write() as db:  # _write adds one: the count ends one above the backup's
            db.execute(
                "INSERT INTO app_state(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = "
                "CAST(MAX(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER)) AS TEXT)",
                [SEQ_KEY, str(found[1])],
            )

    def _check_against_backup(self) -> None:
        """A store with fewer writes than its newest backup has lost saves (a lost -wal file, a sync
        tool or a copy that put an older file back): say so before anything writes to it."""
        found = self._newest_backup(self.path.parent)
        if found is None:
            return
        newest, theirs = found
        mine = self._seq()
        if theirs > mine:
            raise LostSaves(
                f"下書きのデータベース {self.path} は最新のバックアップ {newest.name} より古い状態です"
                f"(保存の回数 {mine}、バックアップは {theirs})。保存した内容の一部が失われています。"
                "データを守るため何も変えずに終了します。`iij-configurator drafts restore-backup` で"
                "バックアップに戻してください(今のファイルは別名で残ります)。",
                f"The draft database is older than its newest backup {newest.name} (writes {mine}, backup "
                f"{theirs}): "
                "saves were lost. Nothing was changed; restore the backup with `drafts restore-backup`.",
                newest,
            )

    def _periodic_backup(self) -> None:
        now = time.time()
        if self._backed_up_at is None:
            backups = list_backups(self.path.parent)
            try:
                self._backed_up_at = backups[0].stat().st_mtime if backups else 0.0
            except OSError:
                self._backed_up_at = 0.0
        if now - self._backed_up_at < BACKUP_EVERY_S:
            return
        self._backed_up_at = now
        with contextlib.suppress(OSError, sqlite3.Error, StoreError):  # never fails the save itself
            self.backup(reason="periodic")

    @staticmethod
    def _move_aside(path: Path, exc: Exception) -> CorruptStore:
        moved = move_aside(path, "corrupt", DB_SUFFIXES)
        backups = list_backups(path.parent)
        newest = backups[0] if backups else None
        why, why_en = damage_reason(exc)
        offer, offer_en = (
            (
                f"最新のバックアップ {newest.name} から復元できます"
                "(`iij-configurator drafts restore-backup`)。",
                f"You can restore the newest backup {newest.name} "
                "(`iij-configurator drafts restore-backup`).",
            )
            if newest
            else (
                "バックアップはないため、下書きは空の状態から始まります。",
                "There is no backup: the drafts start empty.",
            )
        )
        happened = (
            f"下書きのデータベースが壊れていたため({why})、開かずに {moved.name} に移しました"
            "(削除はしていません)。",
            f"The draft database was damaged ({why_en}); it was not opened but moved to {moved.name} "
            "(nothing was deleted).",
        )
        return CorruptStore(
            happened[0] + offer,
            moved,
            newest,
            f"{happened[1]} {offer_en}",
            sqlite_detail(exc),
            happened,
        )

    def _migrate(self, version: int, existed: bool) -> None:
        if _all_applied(self.db.conn):
            return
        from sqlite_utils import Database

        db = Database(self.db.conn, execute_plugins=False)
        migrations = _migrations()
        if not migrations.pending(db):
            return
        if existed and version > 0:
            self.backup(reason="before-migration")
        migrations.apply(db)
        self.db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.db.close()
        if self._lock is not None:
            release_lock(self._lock)
            self._lock = None

    def __enter__(self) -> DraftStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- transactions --------------------------------------------------------------------------

    @contextlib.contextmanager
    def _write(self) -> Iterator[Any]:
        conn = self.db.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise explain(exc, self.path) from None
        try:
            yield self.db
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        try:
            conn.execute(
                "INSERT INTO app_state(key, value) VALUES(?, '1') ON CONFLICT(key) "
                "DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)",
                [SEQ_KEY],
            )
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise explain(exc, self.path) from None
        # Copy the save into the database file itself at once, so that it does not live only in the
        # -wal file: a crash followed by the loss of that file (a clean-up tool, a careless copy)
        # then loses nothing that was acknowledged. A reader in another window may hold some back.
        with contextlib.suppress(sqlite3.Error):
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        self._periodic_backup()

    def _next_number(self, db: Any, when: dt.datetime) -> str:
        team = teamlink.next_number(db.conn, when)
        if team is not None:  # registered with a team: a number unique across the team (issue 19)
            return team
        year = when.astimezone(JST).year
        name = f"quote-{year}"
        row = db.execute("SELECT value FROM counters WHERE name = ?", [name]).fetchone()
        value = (row[0] if row else 0) + 1
        db.execute(
            "INSERT INTO counters(name, value) VALUES(?, ?) ON CONFLICT(name) DO UPDATE SET value = "
            "excluded.value",
            [name, value],
        )
        return f"Q-{year}-{value:06d}"

    # --- drafts --------------------------------------------------------------------------------

    def create(self, doc: dict[str, Any], status: str = "drafting", note: str = "") -> SaveResult:
        """A new draft with a new 見積番号; its first revision is 1."""
        if status not in STATUSES:
            raise StoreError(f"状態「{status}」はありません。", "Unknown status.")
        text = serialise(doc)
        title, customer = _summary(doc)
        now = _now()
        try:
            with self._write() as db:
                number = self._next_number(db, dt.datetime.now(dt.UTC))
                cur = db.execute(
                    "INSERT INTO drafts(number, title, customer, status, rev, created_at, updated_at) "
                    "VALUES(?, ?, ?, ?, 1, ?, ?)",
                    [number, title, customer, status, now, now],
                )
                draft_id = int(cur.lastrowid)
                db.execute(
                    "INSERT INTO revisions(draft_id, rev, saved_at, document, note, issued) VALUES(?, 1, ?, "
                    "?, ?, 0)",
                    [draft_id, now, text, note],
                )
        except sqlite3.Error as exc:
            raise explain(exc, self.path) from None
        return SaveResult(draft_id, 1)

    def save(self, draft_id: int, doc: dict[str, Any], base_rev: int, note: str = "") -> SaveResult:
        """Save a new revision on top of `base_rev`. If the draft moved on meanwhile, nothing is
        overwritten: the work becomes a conflict copy (a new draft) and SaveResult.conflict is set."""
        text = serialise(doc)
        title, customer = _summary(doc)
        now = _now()
        if not in_sql_range(draft_id) or not in_sql_range(base_rev):
            raise DraftNotFound(
                f"下書き ID {draft_id}(リビジョン {base_rev})はありません。", f"No draft {draft_id}."
            )
        try:
            with self._write() as db:
                row = db.execute(
                    "SELECT rev, number, deleted_at FROM drafts WHERE id = ?", [draft_id]
                ).fetchone()
                if row is None:
                    raise DraftNotFound(f"下書き ID {draft_id} はありません。", f"No draft {draft_id}.")
                head, number, trashed = row
                if head != base_rev:
                    copy_no = self._next_number(db, dt.datetime.now(dt.UTC))
                    cur = db.execute(
                        "INSERT INTO drafts(number, title, customer, status, rev, created_at, updated_at) "
                        "VALUES(?, ?, ?, 'drafting', 1, ?, ?)",
                        [copy_no, f"{title}(競合コピー: {number})", customer, now, now],
                    )
                    copy_id = int(cur.lastrowid)
                    db.execute(
                        "INSERT INTO revisions(draft_id, rev, saved_at, document, note, issued) "
                        "VALUES(?, 1, ?, ?, ?, 0)",
                        [copy_id, now, text, f"{number} のリビジョン {base_rev} からの変更(競合)"],
                    )
                    return SaveResult(copy_id, 1, conflict=True, theirs=head)
                rev = head + 1
                db.execute(
                    "INSERT INTO revisions(draft_id, rev, saved_at, document, note, issued) VALUES(?, ?, ?, "
                    "?, ?, 0)",
                    [draft_id, rev, now, text, note],
                )
                # a draft saved is a draft someone works on: one another window moved to the trash
                # meanwhile comes back out (SaveResult.untrashed says so), never saved out of sight
                db.execute(
                    "UPDATE drafts SET rev = ?, title = ?, customer = ?, updated_at = ?, deleted_at = NULL "
                    "WHERE id = ?",
                    [rev, title, customer, now, draft_id],
                )
        except sqlite3.Error as exc:
            raise explain(exc, self.path) from None
        return SaveResult(draft_id, rev, untrashed=trashed is not None)

    def info(self, draft_id: int) -> DraftInfo:
        if not in_sql_range(draft_id):
            raise DraftNotFound(
                f"下書き ID {draft_id} はありません。`drafts list` で確認してください。",
                f"No draft {draft_id}; see `drafts list`.",
            )
        with self._reading():
            row = self.db.execute(f"SELECT {_COLS} FROM drafts WHERE id = ?", [draft_id]).fetchone()
        if row is None:
            raise DraftNotFound(
                f"下書き ID {draft_id} はありません。`drafts list` で確認してください。",
                f"No draft {draft_id}; see `drafts list`.",
            )
        return self._info(row)

    def _info(self, row: Any) -> DraftInfo:
        """A draft's record, checked. A damaged title or customer name is rebuilt from the draft's
        newest revision (they are copies of it); other damage sets the draft aside: its info says what
        (DraftInfo.damaged) and list() leaves it out, but its revisions can still be had."""
        draft_id, number, title, customer, status, rev, created, updated, deleted = row
        bad = [
            name
            for name, value in (
                ("number", number),
                ("title", title),
                ("customer", customer),
                ("status", status),
            )
            if not sound_text(value)
        ]
        bad += [
            name
            for name, value in (("created_at", created), ("updated_at", updated))
            if not sound_time(value)
        ]
        if deleted is not None and not sound_time(deleted):
            bad.append("deleted_at")
        if not isinstance(rev, int) or isinstance(rev, bool) or rev < 1:
            bad.append("rev")
            with self._reading():
                found = self.db.execute(
                    "SELECT max(rev) FROM revisions WHERE draft_id = ?", [draft_id]
                ).fetchone()
            rev = found[0] if found and isinstance(found[0], int) else 1
        if bad and set(bad) <= {"title", "customer"}:
            with self._reading():
                head = self.db.execute(
                    "SELECT document FROM revisions WHERE draft_id = ? AND rev = ?", [draft_id, rev]
                ).fetchone()
            doc, _problem = stored_document(head[0] if head else None)
            if doc is not None:
                title, customer = _summary(doc)
                with contextlib.suppress(StoreError, sqlite3.Error), self._write() as db:
                    db.execute(
                        "UPDATE drafts SET title = ?, customer = ? WHERE id = ?", [title, customer, draft_id]
                    )
                self.notices.append(
                    StoreError(
                        f"下書き {number}(ID {draft_id})の件名・お客様名が壊れていたので、"
                        "保存されている注文から修復しました。",
                        f"The title and customer of draft {number} (ID {draft_id}) were damaged and have "
                        "been "
                        "repaired from the saved order.",
                    )
                )
                bad = []

        def text(value: Any, fallback: str) -> str:
            return str(value) if isinstance(value, str) else fallback

        epoch = "1970-01-01T00:00:00+00:00"
        return DraftInfo(
            draft_id,
            text(number, f"(番号不明 ID {draft_id})"),
            text(title, "(件名不明)"),
            text(customer, ""),
            text(status, "drafting"),
            rev,
            created if sound_time(created) else epoch,
            updated if sound_time(updated) else (created if sound_time(created) else epoch),
            deleted if deleted is None or sound_time(deleted) else epoch,
            "、".join(bad),
        )

    def load(self, draft_id: int, rev: int | None = None) -> tuple[DraftInfo, dict[str, Any]]:
        """The draft's document at its head (or at revision `rev`). A revision that cannot be read
        (damage) is a StoreError that names the newest revision that can."""
        info = self.info(draft_id)
        wanted = info.rev if rev is None else rev
        if not in_sql_range(wanted):
            raise DraftNotFound(
                f"下書き {info.number} にリビジョン {rev} はありません(リビジョンは 1 から {info.rev})。",
                f"Draft {info.number} has no revision {rev}.",
            )
        with self._reading():
            row = self.db.execute(
                "SELECT document FROM revisions WHERE draft_id = ? AND rev = ?", [draft_id, wanted]
            ).fetchone()
        if row is None:
            raise DraftNotFound(
                f"下書き {info.number} にリビジョン {rev} はありません(削除済みか、まだありません)。",
                f"Draft {info.number} has no revision {rev}.",
            )
        doc, problem = stored_document(row[0])
        if doc is None:
            raise self._damaged_revision(info, wanted, problem)
        return info, doc

    def _damaged_revision(self, info: DraftInfo, rev: int, problem: str) -> StoreError:
        with self._reading():
            rows = self.db.execute(
                "SELECT rev, document FROM revisions WHERE draft_id = ? AND rev <> ? ORDER BY rev DESC",
                [info.id, rev],
            ).fetchall()
        sound = next((r for r, text in rows if stored_document(text)[0] is not None), None)
        what = f"下書き {info.number}(ID {info.id})のリビジョン {rev} は壊れていて読めません({problem})。"
        if sound is None:
            return StoreError(
                what + "読めるリビジョンはありません。`drafts restore-backup` でバックアップから戻せます"
                "(今のファイルは別名で残ります)。",
                f"Revision {rev} of draft {info.number} is damaged and no other revision can be read.",
            )
        return StoreError(
            what
            + f"リビジョン {sound} は読めます: 履歴から戻すか(`drafts restore {info.id} --rev {sound}`)、"
            f"書き出してください(`drafts export {info.id} --rev {sound}`)。",
            f"Revision {rev} of draft {info.number} is damaged; revision {sound} can be read "
            f"(drafts restore {info.id} --rev {sound}).",
        )

    def history(self, draft_id: int) -> list[dict[str, Any]]:
        self.info(draft_id)
        with self._reading():
            rows = self.db.execute(
                "SELECT rev, saved_at, note, issued, length(document) FROM revisions WHERE draft_id = ? "
                "ORDER BY rev DESC",
                [draft_id],
            ).fetchall()
        return [
            {"rev": r[0], "saved_at": r[1], "note": r[2] or "", "issued": bool(r[3]), "size": r[4]}
            for r in rows
        ]

    def restore_revision(self, draft_id: int, rev: int) -> SaveResult:
        """Make an earlier revision the newest again (as a new revision; nothing is lost) — refused
        (DraftOpenElsewhere) while a window has the draft open: that window's next save would find its
        draft changed under it and go to a conflict copy, the restored content on top of the work."""
        info, doc = self.load(draft_id, rev)
        refusal = draftlock.DraftOpenElsewhere(
            f"下書き {info.number}「{info.title}」はほかのウィンドウで開いているため、"
            f"保存番号 {rev} の内容に戻していません。"
            "そのウィンドウで下書きを閉じてから(スタート画面に戻るか、ウィンドウを閉じる)、もう一度戻してください。",
            f"Draft {info.number} “{info.title}” is open in another window, so it was not restored to "
            f"save {rev}. Close it there (go back to the start screen or close that window), then restore "
            "it again.",
        )
        with draftlock.kept_closed(self.path.parent, draft_id, refusal):
            return self.save(draft_id, doc, info.rev, note=f"リビジョン {rev} を復元")

    def mark_issued(self, draft_id: int, rev: int) -> None:
        """A quote or form was exported from this revision: it is never pruned."""
        if not (in_sql_range(draft_id) and in_sql_range(rev)):
            return
        with self._write() as db:
            db.execute("UPDATE revisions SET issued = 1 WHERE draft_id = ? AND rev = ?", [draft_id, rev])

    def edition(self, draft_id: int, rev: int) -> int:
        """The 版 of a quote issued from revision `rev`: it counts issued quotes, not saves. The first
        quote issued is 版1; a quote issued again with the content of the last issued one keeps its 版;
        a new 版 only when the content of an issued quote changed (autosaves in between count for
        nothing)."""
        edition, last = self._editions_before(draft_id, rev)
        return next_edition(edition, last, self.load(draft_id, rev)[1])

    def last_issued(self, draft_id: int) -> tuple[int, dict[str, Any] | None]:
        """The 版 reached by the quotes issued so far and the content of the last one (None before the
        first): with next_edition, the 版 of the order as it is now, saved or not (the 出力 page)."""
        return self._editions_before(draft_id, MAX_SQL_INT)

    def _editions_before(
        self, draft_id: int, rev: int, found: dict[int, int] | None = None
    ) -> tuple[int, dict[str, Any] | None]:
        """The 版 reached by the quotes issued before revision `rev`, and the content of the last one;
        each issued revision's 版 goes into `found` on the way."""
        edition, last = 0, None
        for r in sorted(h["rev"] for h in self.history(draft_id) if h["issued"] and h["rev"] < rev):
            doc = self.load(draft_id, r)[1]
            if last is None or quote_content(doc) != quote_content(last):
                edition, last = edition + 1, doc
            if found is not None:
                found[r] = edition
        return edition, last

    def issued_editions(self, draft_id: int) -> dict[int, int]:
        """The 版 of every issued revision, read in one pass (issue_number for each would read the
        issued revisions again for every one of them)."""
        found: dict[int, int] = {}
        self._editions_before(draft_id, MAX_SQL_INT, found)
        return found

    def issued_number(self, draft_id: int) -> str:
        """見積番号 with the 版 of the last quote actually issued (what the customer holds, e.g.
        Q-2026-000123-R1), never a 版 not issued yet: the number a change or cancellation form names. The
        number alone when no quote was issued from the draft."""
        number = self.info(draft_id).number
        reached, _last = self.last_issued(draft_id)
        return f"{number}-R{reached}" if reached else number

    def issue_number(self, draft_id: int, rev: int) -> str:
        """見積番号 with its 版 for a quote issued from `rev`, e.g. Q-2026-000123-R1 (R: 版, see
        edition). The caller marks the revision issued (mark_issued) once the PDF is written."""
        return f"{self.info(draft_id).number}-R{self.edition(draft_id, rev)}"

    def set_status(self, draft_id: int, status: str) -> None:
        if status not in STATUSES:
            raise StoreError(
                f"状態「{status}」はありません(" + "、".join(f"{k}={v}" for k, v in STATUSES.items()) + ")。",
                "Unknown status.",
            )
        self.info(draft_id)
        with self._write() as db:
            db.execute(
                "UPDATE drafts SET status = ?, updated_at = ? WHERE id = ?", [status, _now(), draft_id]
            )

    def duplicate(self, draft_id: int, new_order: bool = False) -> SaveResult:
        """A new draft (a new 見積番号) with the content of `draft_id`, its 件名 marked 「…のコピー」
        (「…のコピー2」 when a draft of that 件名 is there already) so the two are told apart in the
        list. The 件名 is the document's (the quote prints it): the mark is Japanese in either UI
        language. `new_order`: without the contract's record (a contracted order copied as a new order
        for the same customer, e.g. to add a site)."""
        info, doc = self.load(draft_id)
        doc = dict(without_contract(doc) if new_order else doc)
        title = str(doc.get("title") or "").strip()
        base = f"{title}のコピー" if title else "コピー"  # never the list's 「(件名なし)」
        taken = {row[0] for row in self.db.execute("SELECT title FROM drafts WHERE deleted_at IS NULL")}
        titles = (base + (str(n) if n > 1 else "") for n in range(1, len(taken) + 2))
        doc["title"] = next(title for title in titles if title not in taken)
        return self.create(doc, note=f"{info.quote_number} から複製")

    # --- drafts open in a window (draftlock.py) -------------------------------------------------

    def hold(self, draft_id: int, owner: Any = None) -> draftlock.DraftHold:
        """Hold the draft open for a window (`owner`) until the hold is released: no other window opens it
        meanwhile, nor moves it to the trash or deletes it. DraftOpenElsewhere (a StoreError saying so)
        when another window, of this process or another, has it open."""
        info = self.info(draft_id)
        try:
            return draftlock.take(self.path.parent, draft_id, owner)
        except draftlock.DraftOpenElsewhere:
            raise draftlock.DraftOpenElsewhere(
                f"下書き {info.number}「{info.title}」はほかのウィンドウで開いています。",
                f"Draft {info.number} “{info.title}” is open in another window.",
            ) from None

    def open_elsewhere(self, draft_id: int) -> bool:
        """Whether a window (of this process or another) has the draft open now."""
        return in_sql_range(draft_id) and draftlock.open_elsewhere(self.path.parent, draft_id)

    def open_among(self, draft_ids: Iterable[int]) -> set[int]:
        """Which of `draft_ids` (a list's) a window, of this process or another, has open now. Only the lock
        files are looked at, never the database: it may run on a worker thread."""
        return draftlock.open_among(self.path.parent, [i for i in draft_ids if in_sql_range(i)])

    def held_here(self, draft_id: int) -> draftlock.DraftHold | None:
        """This process's hold on the draft, when one of its windows has it open (its owner: that window)."""
        return draftlock.held_here(self.path.parent, draft_id) if in_sql_range(draft_id) else None

    def trash(self, draft_id: int) -> None:
        """Move a draft to the trash — refused (DraftOpenElsewhere) while a window has it open: that
        window would go on editing a draft in the trash, and its next save would take it back out."""
        info = self.info(draft_id)
        refusal = draftlock.DraftOpenElsewhere(
            f"下書き {info.number}「{info.title}」はほかのウィンドウで開いているため、"
            "ごみ箱へ移していません。"
            "そのウィンドウで下書きを閉じてから(スタート画面に戻るか、ウィンドウを閉じる)、"
            "もう一度ごみ箱へ移してください。",
            f"Draft {info.number} “{info.title}” is open in another window, so it was not moved to the "
            "trash. Close it there (go back to the start screen or close that window), then move it to the "
            "trash again.",
        )
        with draftlock.kept_closed(self.path.parent, draft_id, refusal), self._write() as db:
            db.execute(
                "UPDATE drafts SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL", [_now(), draft_id]
            )

    def untrash(self, draft_id: int) -> None:
        self.info(draft_id)
        with self._write() as db:
            db.execute("UPDATE drafts SET deleted_at = NULL WHERE id = ?", [draft_id])

    def purge(self, draft_id: int) -> None:
        """Delete for good — only a draft already in the trash, and never one a window has open."""
        info = self.info(draft_id)
        if info.deleted_at is None:
            raise StoreError(
                f"下書き {info.number} はごみ箱にありません。完全に削除するには、"
                "先にごみ箱に移してください。",
                "Only a draft in the trash can be deleted for good.",
            )
        refusal = draftlock.DraftOpenElsewhere(
            f"下書き {info.number}「{info.title}」はほかのウィンドウで開いているため、削除していません。"
            "そのウィンドウで下書きを閉じてから、もう一度やり直してください。",
            f"Draft {info.number} “{info.title}” is open in another window, so it was not deleted. Close it "
            "there, then try again.",
        )
        with draftlock.kept_closed(self.path.parent, draft_id, refusal), self._write() as db:
            db.execute("DELETE FROM revisions WHERE draft_id = ?", [draft_id])
            db.execute("DELETE FROM drafts WHERE id = ?", [draft_id])

    def list(
        self,
        search: str | None = None,
        status: str | None = None,
        trash: bool = False,
        sort: str = "updated",
        descending: bool = True,
        limit: int = 50,
        offset: int = 0,
    ) -> list[DraftInfo]:
        where = ["deleted_at IS NOT NULL" if trash else "deleted_at IS NULL"]
        params: list[Any] = []
        if status:
            where.append("status = ?")
            params.append(status)
        if search:
            like = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            labels = [k for k, v in STATUSES.items() if search in v]
            clause = "(title LIKE ? ESCAPE '\\' OR customer LIKE ? ESCAPE '\\' OR number LIKE ? ESCAPE '\\'"
            params.extend([like, like, like])
            if labels:
                clause += " OR status IN (" + ",".join("?" * len(labels)) + ")"
                params.extend(labels)
            where.append(clause + ")")
        column = SORTS.get(sort)
        if column is None:
            raise StoreError(f"並べ替え「{sort}」はできません({', '.join(SORTS)})。", "Unknown sort.")
        order = f"{column} {'DESC' if descending else 'ASC'}, id {'DESC' if descending else 'ASC'}"
        if not (1 <= limit <= MAX_SQL_INT and 0 <= offset <= MAX_SQL_INT):
            raise StoreError(
                f"一覧の範囲(件数 {limit}、開始 {offset})が正しくありません。件数は1以上にしてください。",
                f"The list range (limit {limit}, offset {offset}) is not valid.",
            )
        sql = f"SELECT {_COLS} FROM drafts WHERE {' AND '.join(where)} ORDER BY {order} LIMIT ? OFFSET ?"
        with self._reading():
            rows = self.db.execute(sql, [*params, limit, offset]).fetchall()
        found = []
        for row in rows:
            info = self._info(row)
            if not info.damaged:
                found.append(info)
            elif info.id not in self.set_aside:
                self.set_aside[info.id] = info
                self.notices.append(
                    StoreError(
                        f"下書き ID {info.id}({info.number})は記録の一部({info.damaged})が壊れているため、"
                        "一覧から外しました。"
                        f"保存した注文は消していません: `iij-configurator drafts export {info.id}` "
                        "で取り出せます"
                        f"(リビジョンは `drafts history {info.id}`)。",
                        f"Draft ID {info.id} has a damaged record ({info.damaged}) and has been set aside "
                        "from the list. "
                        f"Its saved order is kept: `iij-configurator drafts export {info.id}` gets it back.",
                    )
                )
        return found

    def count(self, trash: bool = False) -> int:
        with self._reading():
            return int(
                self.db.execute(
                    f"SELECT count(*) FROM drafts WHERE deleted_at IS {'NOT ' if trash else ''}NULL"
                ).fetchone()[0]
            )

    def take_notices(self) -> builtins.list[StoreError]:
        """What the store found and did about damage since it was last asked (each told once)."""
        notices, self.notices = self.notices, []
        return notices

    @contextlib.contextmanager
    def _reading(self) -> Iterator[None]:
        """A read that fails is explained: a damaged page (which quick_check at opening may not have
        reached) runs integrity_check and says how to get the backup back."""
        try:
            yield
        except (
            sqlite3.DatabaseError,
            UnicodeDecodeError,
        ) as exc:  # the latter: SQLite's message quoting damage
            text = str(exc).lower()
            if any(w in text for w in _NOT_DAMAGE):  # in use, read-only, the disk's: told as such
                raise explain(exc, self.path) from None
            try:
                report = [r[0] for r in self.db.execute("PRAGMA integrity_check(5)")]
            except sqlite3.Error as again:
                report = [str(again)]
            summary = "; ".join(" ".join(str(r).split()) for r in report)[:300]
            why, why_en = damage_reason(exc)
            offer, offer_en = restore_offer(self.path.parent)
            raise StoreError(
                f"下書きのデータベースの一部が壊れていて読めません({why})。{offer}",
                f"Part of the draft database cannot be read ({why_en}). {offer_en}",
                f"{sqlite_detail(exc)}; integrity_check: {summary}",
            ) from None

    # --- app state (what the wizard was editing) -------------------------------------------------

    def get_state(self, key: str) -> str | None:
        with self._reading():
            row = self.db.execute("SELECT value FROM app_state WHERE key = ?", [key]).fetchone()
        return None if row is None or not sound_text(row[0]) else str(row[0])

    def set_state(self, key: str, value: str | None) -> None:
        with self._write() as db:
            if value is None:
                db.execute("DELETE FROM app_state WHERE key = ?", [key])
            else:
                db.execute(
                    "INSERT INTO app_state(key, value) VALUES(?, ?) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    [key, value],
                )

    # --- backups and maintenance -----------------------------------------------------------------

    def backup(self, reason: str = "daily") -> Path:
        folder = self.path.parent / BACKUP_DIR
        folder.mkdir(mode=0o700, exist_ok=True)
        target = folder / f"drafts-{jst_stamp()}-{reason}.sqlite3"
        tmp = target.with_suffix(".tmp")
        create_private(tmp)
        dest = sqlite3.connect(str(tmp))
        try:
            self.db.conn.backup(dest)
            dest.execute("PRAGMA journal_mode=DELETE")  # a plain file: nothing beside it, copied whole
        finally:
            dest.close()
        os.replace(tmp, target)
        self._backed_up_at = time.time()
        prune_backups(self.path.parent)
        return target

    def daily_maintenance(self) -> None:
        """Once a day: a backup, then pruning of old revisions by PRUNE_RULE."""
        newest = list_backups(self.path.parent)
        if newest and dt.datetime.now().timestamp() - newest[0].stat().st_mtime < 24 * 3600:
            return
        if self.count() or self.count(trash=True):
            self.backup()
            self.prune()

    def prune(self, now: dt.datetime | None = None) -> int:
        """Delete old revisions by PRUNE_RULE; returns how many were deleted."""
        cutoff = ((now or dt.datetime.now(dt.UTC)) - dt.timedelta(days=PRUNE_KEEP_DAYS)).isoformat()
        with self._write() as db:
            # with a team link, a revision not yet sent to the team is kept until it is (store/teamlink.py)
            guard = teamlink.prune_guard(db.conn)
            cur = db.execute(
                f"""
                DELETE FROM revisions WHERE id IN (
                  SELECT r.id FROM revisions r JOIN drafts d ON d.id = r.draft_id
                  WHERE r.saved_at < ? AND r.issued = 0 AND r.rev <> d.rev AND {guard}
                    AND r.rev <> (SELECT max(r2.rev) FROM revisions r2
                                  WHERE r2.draft_id = r.draft_id
                                    AND substr(r2.saved_at, 1, 10) = substr(r.saved_at, 1, 10))
                )""",
                [cutoff],
            )
            return int(cur.rowcount)


#: SQLite's words for a read that failed for a reason other than damage (explain() tells each)
_NOT_DAMAGE = ("locked", "busy", "readonly", "read-only", "full", "disk i/o", "unable")


_COLS = "id, number, title, customer, status, rev, created_at, updated_at, deleted_at"
