"""Whether a laptop's draft store takes part in a team, and the 承認済 stamp of a draft, from the local
data alone: no server, and nothing written (TeamLocal, which creates its tables when it is made, is not
used here: a store without a team link stays without one)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from configurator.store import teamlink
from configurator.store.layout import JST


def linked(store: Any) -> bool:
    """Whether the store's file holds the team bookkeeping (a `team init`/`team sync` ran with it)."""
    return teamlink.linked(store.db.conn)


def approval_stamp(store: Any, draft_id: int, rev: int | None = None) -> tuple[str, str] | None:
    """(approver, YYYY-MM-DD in Japan time) when revision `rev` (default: the head) of the draft is the
    approved one in the team, for export.options(approval=...); None otherwise, and always None for a
    store without a team link. It only reads, so an export never waits for a background sync's write."""
    conn = store.db.conn
    if not teamlink.linked(conn):
        return None
    row = conn.execute(
        "SELECT t.approval, t.approval_by, t.approval_at, r.rev, d.rev FROM team_drafts t JOIN drafts d "
        "ON d.id = t.draft_id "
        "LEFT JOIN team_revs r ON r.uuid = t.approval_rev WHERE t.draft_id = ?",
        [draft_id],
    ).fetchone()
    if row is None or row[0] != "approved" or row[3] is None or row[3] != (rev or row[4]):
        return None
    found = conn.execute("SELECT value FROM team_state WHERE key = ?", [f"member:{row[1]}"]).fetchone()
    name = str(found[0]) if found else str(row[1])
    day = dt.datetime.fromisoformat(row[2]).astimezone(JST).strftime("%Y-%m-%d")
    return name, day
