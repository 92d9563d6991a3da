"""Local-first sync with the team database.

One run: register this installation (once), stage, push, pull.

- stage (one SQLite transaction): every local draft gets a global uuid and a team quote number, every
  local revision a global uuid and the uuid of its parent (the previous revision of the draft).
- push (one PostgreSQL transaction per batch of drafts, then one SQLite transaction marking what the
  server now holds): a draft's unpushed revisions are accepted when their first parent is the server's
  head of that draft. If the server moved on meanwhile (a teammate saved), nothing is overwritten: the
  local revisions become a conflict copy (a new draft with a new number) and are pushed as that.
- pull (one REPEATABLE READ snapshot, then one SQLite transaction that also stores the cursor): every
  draft, revision, approval and price book changed since the cursor. The cursor is the snapshot's xmin
  (pg_snapshot_xmin), so a transaction that committed late is never skipped; rows seen twice are
  recognised by their uuid.

Idempotent and resumable: uuids are fixed in SQLite before anything is sent and every insert on the
server is ON CONFLICT DO NOTHING / compare-and-set, so a run killed at any point (kill -9) and run
again sends and receives each revision exactly once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from configurator.store.drafts import DraftStore
from configurator.store.layout import JST
from configurator.team.local import TeamLocal, local_error, now_iso
from configurator.team.schema import open_team
from configurator.team.server import PermissionDenied, TeamError, explain, redact

BATCH = 200
Progress = Callable[[str, int], None]


@dataclass(frozen=True)
class Fork:
    """Local revisions moved to a conflict copy: the draft `draft_id` (number) now holds the team's
    revisions; the work done here is in `copy_id` (copy_number), whose head is revision `copy_rev`."""

    draft_id: int
    number: str
    copy_id: int
    copy_number: str
    copy_rev: int


@dataclass
class SyncReport:
    pushed: int = 0
    pulled: int = 0
    conflicts: list[str] = field(default_factory=list)
    #: the conflict copies made (a window editing `draft_id` must go on in the copy, never over the
    #: team's revisions)
    forks: list[Fork] = field(default_factory=list)
    pricebooks: list[str] = field(default_factory=list)
    active_pricebook: str | None = None

    def lines(self) -> list[str]:
        out = [f"送信 {self.pushed}件、受信 {self.pulled}件のリビジョンを同期しました。"]
        out += self.conflicts
        out += [f"価格表 版 {v} を受け取りました。" for v in self.pricebooks]
        if self.active_pricebook:
            out.append(f"チームの有効な価格表: 版 {self.active_pricebook}")
        return out


def _iso(value: dt.datetime | None) -> str | None:
    return None if value is None else value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def sync(
    store: DraftStore,
    dsn: str,
    *,
    progress: Progress | None = None,
    batch: int = BATCH,
    report: SyncReport | None = None,
) -> SyncReport:
    """Push local revisions and pull the team's. Raises TeamError (Japanese) on any server problem;
    what was done before the problem stays done and the next run continues from there. `report`: one to
    add to (an approval action syncs twice); a new one by default."""
    local = TeamLocal(store)
    report = report if report is not None else SyncReport()
    tell = progress or (lambda _step, _n: None)
    try:
        conn = open_team(dsn)
    except TeamError as exc:
        _note_error(local, exc)
        raise
    try:
        register(local, conn)
        for _ in range(3):  # a conflict copy made in one pass is pushed in the next
            stage(local)
            if not push(local, conn, report, tell, batch):
                break
        pull(local, conn, report, tell)
        with local.write() as db:
            local.set(db, "dsn", redact(dsn))
            local.set(db, "last_sync", now_iso())
            local.set(db, "last_error", None)
    except TeamError as exc:
        _note_error(local, exc)
        raise
    except sqlite3.Error as exc:
        raise local_error(exc) from None
    except Exception as exc:  # psycopg errors
        err = explain(exc, dsn)
        _note_error(local, err)
        raise err from None
    finally:
        with contextlib.suppress(Exception):  # the connection may already be gone with the server
            conn.close()
    return report


def _note_error(local: TeamLocal, exc: TeamError) -> None:
    try:
        with local.write() as db:
            local.set(db, "last_error", exc.message)
    except TeamError:
        pass


def register(local: TeamLocal, conn: Any) -> None:
    """Once per installation: a client code from the server (the middle of its quote numbers)."""
    me = conn.execute(
        "SELECT m.role, m.kind, m.display_name, t.code FROM iij_team.members m "
        "JOIN iij_team.teams t ON t.id = m.team_id WHERE m.role = current_user"
    ).fetchone()
    if me is None:
        user = conn.execute("SELECT current_user").fetchone()[0]
        conn.rollback()
        raise PermissionDenied(
            f"ユーザー {user} はどのチームにも登録されていません。管理者にチームへの登録を依頼してください。",
            f"{user} is not a member of any team.",
        )
    members = conn.execute("SELECT role, display_name FROM iij_team.members").fetchall()
    code = local.client_code
    if code is None:
        cid = local.client_id()
        conn.execute("INSERT INTO iij_team.clients(id) VALUES (%s) ON CONFLICT (id) DO NOTHING", [cid])
        row = conn.execute("SELECT code FROM iij_team.clients WHERE id = %s", [cid]).fetchone()
        if row is None:
            conn.rollback()
            raise PermissionDenied(
                "このパソコンは別のユーザーで登録されています。元のユーザーで接続してください。",
                "This client is registered to another role.",
            )
        code = str(row[0])
    # a restored backup of the local file must not issue a number twice: never below what the server has
    year = dt.datetime.now(dt.UTC).astimezone(JST).year
    top = conn.execute(
        "SELECT max(number) FROM iij_team.drafts WHERE number LIKE %s", [f"Q-{year}-{code}-%"]
    ).fetchone()[0]
    conn.commit()
    with local.write() as db:
        if top:
            seq = int(str(top).rsplit("-", 1)[1])
            if seq > int(local.get(f"seq-{year}") or 0):
                local.set(db, f"seq-{year}", str(seq))
        local.set(db, "client_code", code)
        local.set(db, "role", me[0])
        local.set(db, "kind", me[1])
        local.set(db, "team", me[3])
        for role, name in members:
            local.set(db, f"member:{role}", name or role)


def stage(local: TeamLocal) -> None:
    """Fix global ids for everything local that has none yet (one SQLite transaction)."""
    from configurator.pricing.books import active_version

    pricebook = active_version()
    with local.write() as db:
        for (draft_id,) in db.execute(
            "SELECT d.id FROM drafts d LEFT JOIN team_drafts t ON t.draft_id = d.id "
            "WHERE t.draft_id IS NULL ORDER BY d.id"
        ).fetchall():
            local.adopt(db, draft_id)
        rows = db.execute(
            "SELECT r.draft_id, r.rev FROM revisions r LEFT JOIN team_revs t ON t.draft_id = r.draft_id AND "
            "t.rev = r.rev "
            "WHERE t.uuid IS NULL ORDER BY r.draft_id, r.rev"
        ).fetchall()
        last: dict[int, str | None] = {}
        for draft_id, rev in rows:
            if draft_id not in last:
                prev = db.execute(
                    "SELECT uuid FROM team_revs WHERE draft_id = ? AND rev < ? ORDER BY rev DESC LIMIT 1",
                    [draft_id, rev],
                ).fetchone()
                last[draft_id] = prev[0] if prev else None
            rid = str(uuid.uuid4())
            db.execute(
                "INSERT INTO team_revs(uuid, draft_id, rev, parent, pushed, pricebook) VALUES(?, ?, ?, ?, 0,"
                " ?)",
                [rid, draft_id, rev, last[draft_id], pricebook],
            )
            last[draft_id] = rid


def push(local: TeamLocal, conn: Any, report: SyncReport, tell: Progress, batch: int) -> bool:
    """Send unpushed revisions; returns True when conflict copies were made (they need another pass)."""
    rows = local.conn.execute(
        "SELECT t.draft_id, t.rev, t.uuid, t.parent, t.pricebook, r.saved_at, r.document, r.note, "
        "td.uuid, d.number, d.title, d.customer, d.status "
        "FROM team_revs t JOIN revisions r ON r.draft_id = t.draft_id AND r.rev = t.rev "
        "JOIN team_drafts td ON td.draft_id = t.draft_id JOIN drafts d ON d.id = t.draft_id "
        "WHERE t.pushed = 0 ORDER BY t.draft_id, t.rev"
    ).fetchall()
    chains: dict[int, list[Any]] = {}
    for r in rows:
        chains.setdefault(r[0], []).append(r)
    ids = list(chains)
    client = local.client_id()
    forked = False
    for start in range(0, len(ids), batch):
        part = ids[start : start + batch]
        uuids = [r[2] for d in part for r in chains[d]]
        heads = {
            str(h[0]): (h[1] and str(h[1]), h[2])
            for h in conn.execute(
                # one lock order for every client: no deadlock between two syncing laptops
                "SELECT id, head, head_rev FROM iij_team.drafts WHERE id = ANY(%s) ORDER BY id FOR UPDATE",
                [[chains[d][0][8] for d in part]],
            ).fetchall()
        }
        there = {
            str(x[0]) for x in conn.execute("SELECT id FROM iij_team.revisions WHERE id = ANY(%s)", [uuids])
        }
        done: list[str] = list(there & set(uuids))
        conflicts: list[tuple[int, int, str | None]] = []
        new_drafts, new_revs, moves = [], [], []
        for d in part:
            chain = [r for r in chains[d] if r[2] not in there]
            if not chain:
                continue
            first = chain[0]
            head, head_rev = heads.get(first[8], (None, 0))
            if first[3] != head or first[1] != head_rev + 1:
                conflicts.append((d, first[1], head))
                continue
            if first[8] not in heads:
                status = first[12] if first[12] in MANUAL_STATUSES else "drafting"
                new_drafts.append([first[8], first[9], first[10], first[11], status])
            for r in chain:
                new_revs.append(
                    [r[2], r[8], r[3], r[1], client, dt.datetime.fromisoformat(r[5]), r[6], r[7] or "", r[4]]
                )
            last = chain[-1]
            moves.append([last[2], last[1], last[10], last[11], last[8]])
            done += [r[2] for r in chain]
        with conn.cursor() as cur:
            if new_drafts:
                cur.executemany(
                    "INSERT INTO iij_team.drafts(id, number, title, customer, status) VALUES (%s, %s, %s, "
                    "%s, %s) "
                    "ON CONFLICT (id) DO NOTHING",
                    new_drafts,
                )
            if new_revs:
                cur.executemany(
                    "INSERT INTO iij_team.revisions(id, draft_id, parent, rev, client_id, saved_at, "
                    "document, "
                    "note, pricebook) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (id) DO "
                    "NOTHING",
                    new_revs,
                )
            if moves:
                cur.executemany(
                    "UPDATE iij_team.drafts SET head = %s, head_rev = %s, title = %s, customer = %s "
                    "WHERE id = %s",
                    moves,
                )
        conn.commit()
        tell("pushed", len(done))
        with local.write() as db:
            db.executemany("UPDATE team_revs SET pushed = 1 WHERE uuid = ?", [[u] for u in done])
            for d, from_rev, _head in conflicts:
                _fork(local, db, d, from_rev, report)
                forked = True
        report.pushed += len(new_revs)
    push_statuses(local, conn)
    return forked


#: the sales statuses a salesperson sets by hand (the approval ones come from approvals only)
MANUAL_STATUSES = ("drafting", "submitted", "won", "lost", "contracted")


def push_statuses(local: TeamLocal, conn: Any) -> None:
    """Send sales statuses changed here (提出済・受注・失注…) since the last pull; the last writer wins."""
    changed = local.conn.execute(
        "SELECT td.uuid, d.status FROM drafts d JOIN team_drafts td ON td.draft_id = d.id "
        "WHERE td.server_status IS NOT NULL AND d.status <> td.server_status AND d.status IN ("
        + ",".join("?" * len(MANUAL_STATUSES))
        + ")",
        list(MANUAL_STATUSES),
    ).fetchall()
    if not changed:
        return
    with conn.cursor() as cur:
        cur.executemany(
            "UPDATE iij_team.drafts SET status = %s WHERE id = %s", [[st, d] for d, st in changed]
        )
    conn.commit()


def _fork(local: TeamLocal, db: sqlite3.Connection, draft_id: int, from_rev: int, report: SyncReport) -> None:
    """Move a draft's local revisions from `from_rev` on into a new draft (a conflict copy); the draft goes
    back to the revision before them, and the team's newer revisions arrive by pull. Nothing is lost."""
    number, title, customer = db.execute(
        "SELECT number, title, customer FROM drafts WHERE id = ?", [draft_id]
    ).fetchone()
    base = from_rev - 1
    count = db.execute(
        "SELECT coalesce(max(rev), ?) - ? FROM revisions WHERE draft_id = ? AND rev > ?",
        [base, base, draft_id, base],
    ).fetchone()[0]
    copy_no = local.next_number(db)
    now = now_iso()
    cur = db.execute(
        "INSERT INTO drafts(number, title, customer, status, rev, created_at, updated_at) "
        "VALUES(?, ?, ?, 'drafting', ?, ?, ?)",
        [copy_no, f"{title}(競合コピー: {number})", customer, count, now, now],
    )
    copy_id = int(cur.lastrowid or 0)
    db.execute(
        "UPDATE revisions SET draft_id = ?, rev = rev - ? WHERE draft_id = ? AND rev > ?",
        [copy_id, base, draft_id, base],
    )
    db.execute(
        "UPDATE team_revs SET draft_id = ?, rev = rev - ?, pushed = 0 WHERE draft_id = ? AND rev > ?",
        [copy_id, base, draft_id, base],
    )
    db.execute("UPDATE team_revs SET parent = NULL WHERE draft_id = ? AND rev = 1", [copy_id])
    db.execute(
        "UPDATE revisions SET note = ? || note WHERE draft_id = ? AND rev = 1",
        [f"{number} のリビジョン {base} からの変更(競合) ", copy_id],
    )
    db.execute(
        "INSERT INTO team_drafts(draft_id, uuid, owner) VALUES(?, ?, ?)",
        [copy_id, str(uuid.uuid4()), local.get("role") or ""],
    )
    db.execute("UPDATE drafts SET rev = ? WHERE id = ?", [base, draft_id])
    report.forks.append(Fork(draft_id, number, copy_id, copy_no, int(count)))
    report.conflicts.append(
        f"下書き {number} はチームで先に更新されていたため、上書きせず、あなたの変更を競合コピー {copy_no} "
        "として保存しました。"
    )


def pull(local: TeamLocal, conn: Any, report: SyncReport, tell: Progress) -> None:
    import psycopg

    cursor = local.get("cursor") or "0"
    conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
    try:
        new_cursor = str(conn.execute("SELECT pg_snapshot_xmin(pg_current_snapshot())").fetchone()[0])
        drafts = conn.execute(
            "SELECT id, number, owner, title, customer, status, head_rev, approval, approval_rev, "
            "approval_level, "
            "approval_by, approval_at, approval_comment, created_at, updated_at FROM iij_team.drafts "
            "WHERE xid >= %s::xid8",
            [cursor],
        ).fetchall()
        revs = conn.execute(
            "SELECT id, draft_id, parent, rev, saved_at, document::text, note FROM iij_team.revisions "
            "WHERE xid >= %s::xid8 ORDER BY draft_id, rev",
            [cursor],
        ).fetchall()
        approvals = conn.execute(
            "SELECT id, draft_id, revision_id, action, actor, comment, level, at FROM iij_team.approvals "
            "WHERE xid >= %s::xid8",
            [cursor],
        ).fetchall()
        books = conn.execute(
            "SELECT version, content::text FROM iij_team.pricebooks WHERE xid >= %s::xid8 "
            "ORDER BY published_at",
            [cursor],
        ).fetchall()
        active = conn.execute(
            "SELECT version FROM iij_team.pricebooks ORDER BY published_at DESC LIMIT 1"
        ).fetchone()
        conn.commit()
    finally:
        conn.isolation_level = None
    from configurator.team.pricebooks import install

    for version, content in books:
        install(version, content, activate=False)
        report.pricebooks.append(version)
    if active is not None and active[0] != local.get("pricebook"):
        install(active[0], None, activate=True)
        report.active_pricebook = active[0]
    tell("fetched", len(revs))
    with local.write() as db:
        report.pulled += _apply(local, db, drafts, revs, approvals, report)
        if active is not None:
            local.set(db, "pricebook", active[0])
        local.set(db, "cursor", new_cursor)
    tell("pulled", report.pulled)


def _apply(
    local: TeamLocal,
    db: sqlite3.Connection,
    drafts: list[Any],
    revs: list[Any],
    approvals: list[Any],
    report: SyncReport,
) -> int:
    local_of = {str(u): int(i) for i, u in db.execute("SELECT draft_id, uuid FROM team_drafts")}
    # drafts deleted here for good (drafts purge) stay deleted here: the team's copy is left alone
    purged = {
        u
        for (u,) in db.execute(
            "SELECT t.uuid FROM team_drafts t LEFT JOIN drafts d ON d.id = t.draft_id WHERE d.id IS NULL"
        )
    }
    drafts = [d for d in drafts if str(d[0]) not in purged]
    revs = [r for r in revs if str(r[1]) not in purged]
    known = {str(u) for (u,) in db.execute("SELECT uuid FROM team_revs")}
    info = {str(d[0]): d for d in drafts}
    pulled = 0
    for d in drafts:
        did = str(d[0])
        if did not in local_of:
            cur = db.execute(
                "INSERT INTO drafts(number, title, customer, status, rev, created_at, updated_at) "
                "VALUES(?, ?, ?, ?, 0, ?, ?)",
                [d[1], d[3], d[4], d[5], _iso(d[13]), _iso(d[14])],
            )
            local_of[did] = int(cur.lastrowid or 0)
            db.execute(
                "INSERT INTO team_drafts(draft_id, uuid, owner) VALUES(?, ?, ?)", [local_of[did], did, d[2]]
            )
    for rid, draft_uuid, parent, rev, saved_at, document, note in revs:
        rid, draft_uuid = str(rid), str(draft_uuid)
        if rid in known:
            continue
        draft_id = local_of[draft_uuid]
        clash = db.execute(
            "SELECT uuid FROM team_revs WHERE draft_id = ? AND rev = ?", [draft_id, rev]
        ).fetchone()
        if (
            clash is None
            and db.execute(
                "SELECT 1 FROM revisions WHERE draft_id = ? AND rev = ?", [draft_id, rev]
            ).fetchone()
        ):
            clash = ("(unstaged)",)
        if clash is not None:  # saved here while the teammate's revision travelled: a conflict copy
            _fork(local, db, draft_id, rev, report)
        db.execute(
            "INSERT INTO revisions(draft_id, rev, saved_at, document, note, issued) VALUES(?, ?, ?, ?, ?, 0)",
            [draft_id, rev, _iso(saved_at), document, note],
        )
        db.execute(
            "INSERT INTO team_revs(uuid, draft_id, rev, parent, pushed) VALUES(?, ?, ?, ?, 1)",
            [rid, draft_id, rev, parent and str(parent)],
        )
        known.add(rid)
        pulled += 1
    for did, d in info.items():
        draft_id = local_of[did]
        top = db.execute(
            "SELECT coalesce(max(rev), 0) FROM revisions WHERE draft_id = ?", [draft_id]
        ).fetchone()[0]
        if top <= d[6]:  # nothing newer here than the server's head: take the server's summary
            db.execute(
                "UPDATE drafts SET title = ?, customer = ?, status = ?, rev = ?, updated_at = ? WHERE id = ?",
                [d[3], d[4], d[5], d[6], _iso(d[14]), draft_id],
            )
        else:
            db.execute("UPDATE drafts SET rev = ? WHERE id = ?", [top, draft_id])
        db.execute(
            "UPDATE team_drafts SET owner = ?, server_rev = ?, server_status = ?, approval = ?, "
            "approval_rev = ?, "
            "approval_level = ?, approval_by = ?, approval_at = ?, approval_comment = ? WHERE draft_id = ?",
            [d[2], d[6], d[5], d[7], d[8] and str(d[8]), d[9], d[10], _iso(d[11]), d[12], draft_id],
        )
        if d[7] == "approved" and d[8] is not None:  # the approved revision is kept for good (never pruned)
            db.execute(
                "UPDATE revisions SET issued = 1 WHERE draft_id = ? AND rev = "
                "(SELECT rev FROM team_revs WHERE uuid = ?)",
                [draft_id, str(d[8])],
            )
    for a in approvals:
        db.execute(
            "INSERT INTO team_approvals(uuid, draft_uuid, revision_uuid, action, actor, comment, level, at) "
            "VALUES(?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(uuid) DO NOTHING",
            [str(a[0]), str(a[1]), str(a[2]), a[3], a[4], a[5], a[6], _iso(a[7])],
        )
    return pulled


def dumps(doc: dict[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False)
