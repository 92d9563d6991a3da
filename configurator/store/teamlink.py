"""What the draft store must know of a team link (issue 19) so that it never undoes the team's work.

The team's bookkeeping lives in the store's own SQLite file (team_* tables, made by
configurator/team/local.py); the store reads two facts from it, by SQL, whatever the process imported:

- a new draft's 見積番号: once this installation is registered with the team (team_state holds its
  client code), create() and a conflict copy take the team-unique number Q-YYYY-CCC-NNNNN from the
  team's per-year sequence, so a quote issued before the next sync keeps its number (team/local.py uses
  the same function);
- pruning: once the file has a team link, a revision the server does not hold yet (no team_revs row
  marked pushed) is never pruned, however old: it waits for the next sync.

Plain functions on a sqlite3 connection inside the caller's transaction; no import of configurator.team
(the team package sits above the store)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from zoneinfo import ZoneInfo

_JST = ZoneInfo("Asia/Tokyo")


def linked(db: sqlite3.Connection) -> bool:
    """Whether this store's file carries team bookkeeping (configurator/team/local.py made it)."""
    row = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'team_revs'").fetchone()
    return row is not None


def _state(db: sqlite3.Connection, key: str) -> str | None:
    row = db.execute("SELECT value FROM team_state WHERE key = ?", [key]).fetchone()
    return None if row is None else str(row[0])


def client_code(db: sqlite3.Connection) -> str | None:
    """This installation's team code (the CCC of its quote numbers), or None when not registered."""
    exists = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'team_state'").fetchone()
    return _state(db, "client_code") if exists else None


def team_number(db: sqlite3.Connection, code: str, when: dt.datetime | None = None) -> str:
    """The next team quote number Q-YYYY-CCC-NNNNN of this client, inside the caller's transaction."""
    year = (when or dt.datetime.now(dt.UTC)).astimezone(_JST).year
    key = f"seq-{year}"
    value = int(_state(db, key) or 0) + 1
    db.execute(
        "INSERT INTO team_state(key, value) VALUES(?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, str(value)],
    )
    return f"Q-{year}-{code}-{value:05d}"


def next_number(db: sqlite3.Connection, when: dt.datetime) -> str | None:
    """The team number for a new draft when a team link with a client code exists, else None (the
    store then numbers it locally; the first sync gives it a team number, before anything is shared)."""
    code = client_code(db)
    return None if code is None else team_number(db, code, when)


def prune_guard(db: sqlite3.Connection) -> str:
    """An SQL condition on revisions `r` that a prunable revision must meet: with a team link, only a
    revision the server already holds; without one, always true."""
    if not linked(db):
        return "1"
    return (
        "EXISTS (SELECT 1 FROM team_revs t WHERE t.draft_id = r.draft_id AND t.rev = r.rev AND t.pushed = 1)"
    )
