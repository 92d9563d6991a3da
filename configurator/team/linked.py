"""Whether a laptop's draft store takes part in a team, and the 承認済 stamp of a draft, from the local
data alone: no server, and nothing written to a store that has no team link (TeamLocal creates its
tables when it is made, so it is made only for a store that already has them)."""

from __future__ import annotations

from typing import Any


def linked(store: Any) -> bool:
    """Whether the store's file holds the team bookkeeping (a `team init`/`team sync` ran with it)."""
    row = store.db.conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'team_drafts'"
    ).fetchone()
    return row is not None


def approval_stamp(store: Any, draft_id: int, rev: int | None = None) -> tuple[str, str] | None:
    """(approver, YYYY-MM-DD) when revision `rev` (default: the head) of the draft is the approved one in
    the team (TeamLocal.approval_stamp), for export.options(approval=...); None otherwise, and always
    None for a store without a team link."""
    if not linked(store):
        return None
    from configurator.team.local import TeamLocal

    return TeamLocal(store).approval_stamp(draft_id, rev)
