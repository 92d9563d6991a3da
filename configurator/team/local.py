"""The client's side of the team: bookkeeping tables beside the draft store, in the same SQLite file.

The draft store (configurator/store/drafts.py) stays the working copy and is not changed; this module
adds team_* tables to its file so that a sync step and its bookkeeping commit in one SQLite transaction:

- team_state: this installation's client id and code, the DSN (never a password), the pull cursor;
- team_drafts: local draft id <-> global draft uuid, owner, the server's head and approval state;
- team_revs: local (draft, rev) <-> global revision uuid, its parent uuid, pushed or not;
- team_approvals: the approval history pulled from the server.

Quote numbers: see configurator/team/__init__.py (Q-YYYY-CCC-NNNNN).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from configurator.store import teamlink
from configurator.store.drafts import DraftStore, SaveResult
from configurator.team.server import TeamError

#: a team-wide quote number (compiled on first use: nothing is compiled while the app starts)
TEAM_NUMBER = r"^Q-\d{4}-\d{3,}-\d{5,}$"

_TABLES = """
CREATE TABLE IF NOT EXISTS team_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS team_drafts (
  draft_id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, owner TEXT NOT NULL DEFAULT '',
  server_rev INTEGER NOT NULL DEFAULT 0, server_status TEXT,
  approval TEXT NOT NULL DEFAULT 'none', approval_rev TEXT, approval_level TEXT, approval_by TEXT,
  approval_at TEXT, approval_comment TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS team_revs (
  uuid TEXT PRIMARY KEY, draft_id INTEGER NOT NULL, rev INTEGER NOT NULL, parent TEXT,
  pushed INTEGER NOT NULL DEFAULT 0, pricebook TEXT, UNIQUE (draft_id, rev));
CREATE INDEX IF NOT EXISTS team_revs_unpushed ON team_revs (pushed, draft_id, rev);
CREATE TABLE IF NOT EXISTS team_approvals (
  uuid TEXT PRIMARY KEY, draft_uuid TEXT NOT NULL, revision_uuid TEXT NOT NULL, action TEXT NOT NULL,
  actor TEXT NOT NULL, comment TEXT NOT NULL DEFAULT '', level TEXT, at TEXT NOT NULL);
"""

APPROVAL_LABELS = {"none": "", "requested": "承認依頼中", "approved": "承認済", "rejected": "差戻し"}


@dataclass(frozen=True)
class TeamDraft:
    """What the UI shows beside a draft: owner, approval state, whether it waits to be sent."""

    draft_id: int
    uuid: str
    number: str
    title: str
    owner: str
    approval: str
    approval_by: str | None
    approval_at: str | None
    approval_comment: str
    unsent: int
    #: when the draft last changed (ISO, UTC) and the approval level the rules asked for
    updated_at: str = ""
    approval_level: str | None = None
    #: the revision (uuid) the request or decision is about: what an approver sees in the queue
    approval_rev: str | None = None

    @property
    def approval_label(self) -> str:
        return APPROVAL_LABELS.get(self.approval, self.approval)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.draft_id,
            "uuid": self.uuid,
            "number": self.number,
            "title": self.title,
            "owner": self.owner,
            "approval": self.approval,
            "approval_label": self.approval_label,
            "approval_by": self.approval_by,
            "approval_at": self.approval_at,
            "approval_comment": self.approval_comment,
            "unsent_revisions": self.unsent,
            "updated_at": self.updated_at,
            "approval_level": self.approval_level,
        }


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


class TeamLocal:
    """The team bookkeeping of one draft store."""

    def __init__(self, store: DraftStore) -> None:
        self.store = store
        self.conn: sqlite3.Connection = store.db.conn
        try:
            with self.write():
                for stmt in _TABLES.split(";"):
                    if stmt.strip():
                        self.conn.execute(stmt)
        except sqlite3.Error as exc:
            raise local_error(exc) from None

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One SQLite transaction (BEGIN IMMEDIATE … COMMIT), rolled back on any error."""
        conn = self.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise local_error(exc) from None
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        try:
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise local_error(exc) from None

    # --- state ---------------------------------------------------------------------------------

    def get(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM team_state WHERE key = ?", [key]).fetchone()
        return None if row is None else str(row[0])

    def set(self, db: sqlite3.Connection, key: str, value: str | None) -> None:
        if value is None:
            db.execute("DELETE FROM team_state WHERE key = ?", [key])
        else:
            db.execute(
                "INSERT INTO team_state(key, value) VALUES(?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, value],
            )

    def client_id(self) -> str:
        cid = self.get("client_id")
        if cid is None:
            with self.write() as db:
                cid = self.get("client_id") or str(uuid.uuid4())
                self.set(db, "client_id", cid)
        return cid

    @property
    def client_code(self) -> str | None:
        return self.get("client_code")

    # --- quote numbers -------------------------------------------------------------------------

    def next_number(self, db: sqlite3.Connection, when: dt.datetime | None = None) -> str:
        """The next team quote number of this client, inside the caller's transaction (works offline)."""
        code = self.client_code
        if code is None:
            raise TeamError(
                "このパソコンはまだチームに登録されていません。一度オンラインで `iij-configurator team sync` "
                "を実行すると、チームで重複しない見積番号を発行できるようになります。",
                "This client is not registered with the team yet; run `team sync` once online.",
            )
        return teamlink.team_number(db, code, when)

    def create_draft(self, doc: dict[str, Any], note: str = "") -> SaveResult:
        """A new draft carrying a team quote number (the store's create gives it, store/teamlink.py)."""
        if self.client_code is None:
            self.next_number(self.conn)  # raises the explanation
        res = self.store.create(doc, note=note)
        with self.write() as db:
            self.adopt(db, res.draft_id)
        return res

    def adopt(self, db: sqlite3.Connection, draft_id: int) -> str:
        """Give a local draft a global id (and a team number if it has a local one); returns the uuid."""
        row = db.execute("SELECT uuid FROM team_drafts WHERE draft_id = ?", [draft_id]).fetchone()
        if row:
            return str(row[0])
        number = db.execute("SELECT number FROM drafts WHERE id = ?", [draft_id]).fetchone()[0]
        if not re.match(TEAM_NUMBER, number):
            db.execute("UPDATE drafts SET number = ? WHERE id = ?", [self.next_number(db), draft_id])
        did = str(uuid.uuid4())
        db.execute(
            "INSERT INTO team_drafts(draft_id, uuid, owner) VALUES(?, ?, ?)",
            [draft_id, did, self.get("role") or ""],
        )
        return did

    # --- what the UI shows ------------------------------------------------------------------------

    def unsent(self) -> int:
        """Local revisions not yet on the server (未送信)."""
        row = self.conn.execute(
            "SELECT count(*) FROM revisions r LEFT JOIN team_revs t ON t.draft_id = r.draft_id AND t.rev = "
            "r.rev "
            "WHERE t.uuid IS NULL OR t.pushed = 0"
        ).fetchone()
        return int(row[0])

    def drafts(self, approval: str | None = None, limit: int | None = None) -> list[TeamDraft]:
        """The team's drafts here, newest first (`approval`: only those in that state; `limit`: at most)."""
        sql = (
            "SELECT d.id, t.uuid, d.number, d.title, t.owner, t.approval, t.approval_by, t.approval_at, "
            "t.approval_comment, (SELECT count(*) FROM revisions r LEFT JOIN team_revs u "
            "ON u.draft_id = r.draft_id AND u.rev = r.rev "
            "WHERE r.draft_id = d.id AND (u.uuid IS NULL OR u.pushed = 0)), "
            "d.updated_at, t.approval_level, t.approval_rev "
            "FROM drafts d JOIN team_drafts t ON t.draft_id = d.id WHERE d.deleted_at IS NULL"
        )
        params: list[Any] = []
        if approval:
            sql += " AND t.approval = ?"
            params.append(approval)
        sql += " ORDER BY d.updated_at DESC"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [TeamDraft(*r) for r in self.conn.execute(sql, params)]

    def display_name(self, role: str | None) -> str:
        """A member's name as the team registered it (the role when unknown)."""
        if not role:
            return ""
        return self.get(f"member:{role}") or role

    def draft(self, draft_id: int) -> TeamDraft:
        row = [d for d in self.drafts() if d.draft_id == draft_id]
        if not row:
            raise TeamError(
                f"下書き ID {draft_id} はまだチームに同期されていません。先に `team sync` "
                "を実行してください。",
                f"Draft {draft_id} has not been synced yet.",
            )
        return row[0]

    def approval_stamp(self, draft_id: int, rev: int | None = None) -> tuple[str, str] | None:
        """(approver's display name, date YYYY-MM-DD in Japan time) when this revision (default: the head)
        is the approved one — for 承認済 on the quote PDF; None otherwise."""
        from configurator.team.linked import approval_stamp

        return approval_stamp(self.store, draft_id, rev)

    def status(self) -> dict[str, Any]:
        return {
            "dsn": self.get("dsn"),
            "role": self.get("role"),
            "team": self.get("team"),
            "client_code": self.client_code,
            "last_sync": self.get("last_sync"),
            "last_error": self.get("last_error"),
            "unsent": self.unsent(),
            "pricebook": self.get("pricebook"),
            "awaiting_approval": len(self.drafts("requested")),
        }


def local_error(exc: sqlite3.Error) -> TeamError:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return TeamError(
            "下書きのデータベースが他のウィンドウかプロセスで使用中です。"
            "しばらく待ってから同期し直してください。",
            "The draft database is busy.",
        )
    return TeamError(f"下書きのデータベースで同期の記録に失敗しました({exc})。同期はやり直せます。", str(exc))
