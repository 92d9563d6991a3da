"""The draft store's team hooks (issue 19): a registered laptop numbers new drafts with team-unique
numbers at once, and pruning never deletes a revision the team's server does not hold yet."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from configurator.store.drafts import DraftStore
from configurator.team.local import TeamLocal
from configurator.team.sync import sync
from tests.helpers import pg
from tests.helpers.pg import TeamDb

pg_server = pg.pg_server
team_db = pg.team_db

LOCAL_NUMBER = re.compile(r"^Q-\d{4}-\d{6}$")
TEAM_NUMBER = re.compile(r"^Q-\d{4}-042-\d{5}$")


def _register(store: DraftStore, code: str = "042") -> TeamLocal:
    """What the first sync leaves behind (register()), without a server."""
    local = TeamLocal(store)
    with local.write() as db:
        local.set(db, "client_code", code)
        local.set(db, "role", "alice")
    return local


def test_without_team_numbers_stay_local(tmp_path: Path) -> None:
    with pg.local_store(tmp_path) as store:
        TeamLocal(store)  # team tables but no registration: the store's own numbers
        res = store.create(pg.titled_order("A"))
        assert LOCAL_NUMBER.match(store.info(res.draft_id).number)


def test_registered_store_gives_team_numbers_on_create_copy_and_conflict(tmp_path: Path) -> None:
    with pg.local_store(tmp_path) as store:
        _register(store)
        first = store.create(pg.titled_order("A"))
        second = store.duplicate(first.draft_id)
        store.save(first.draft_id, pg.titled_order("A2"), 1)
        conflict = store.save(first.draft_id, pg.titled_order("A3"), 1)  # an out-of-date base
        assert conflict.conflict
        numbers = [store.info(r.draft_id).number for r in (first, second, conflict)]
        assert all(TEAM_NUMBER.match(n) for n in numbers), numbers
        assert [n[-5:] for n in numbers] == ["00001", "00002", "00003"]
        # the team's own allocator continues the same sequence (one counter, never a repeat)
        local = TeamLocal(store)
        with local.write() as db:
            assert local.next_number(db).endswith("-042-00004")


def _age(store: DraftStore) -> None:
    store.db.execute("UPDATE revisions SET saved_at = '2020-01-01T00:00:00+00:00'")
    store.db.conn.commit()


def test_prune_keeps_unsent_revisions(tmp_path: Path) -> None:
    now = dt.datetime(2026, 11, 22, tzinfo=dt.UTC)
    with pg.local_store(tmp_path) as store:
        local = _register(store)
        res = store.create(pg.titled_order("A"))
        for i in range(4):
            res = store.save(res.draft_id, pg.titled_order(f"A{i}"), res.rev)
        _age(store)
        assert store.prune(now=now) == 0  # none of revisions 1-4 is on the server: all kept
        assert sorted(h["rev"] for h in store.history(res.draft_id)) == [1, 2, 3, 4, 5]
        with local.write() as db:  # revisions 1-3 were sent
            for rev in (1, 2, 3):
                db.execute(
                    "INSERT INTO team_revs(uuid, draft_id, rev, pushed) VALUES(?, ?, ?, 1)",
                    [f"u{rev}", res.draft_id, rev],
                )
        assert store.prune(now=now) == 3
        assert sorted(h["rev"] for h in store.history(res.draft_id)) == [4, 5]  # unsent 4 and the head stay


def test_prune_without_team_is_unchanged(tmp_path: Path) -> None:
    with pg.local_store(tmp_path) as store:
        res = store.create(pg.titled_order("A"))
        for i in range(3):
            res = store.save(res.draft_id, pg.titled_order(f"A{i}"), res.rev)
        _age(store)
        assert store.prune(now=dt.datetime(2026, 11, 22, tzinfo=dt.UTC)) == 3


def test_team_number_from_create_survives_sync(team_db: TeamDb, tmp_path: Path) -> None:
    """A draft made offline after the first sync is numbered for the team at once: the number on a quote
    issued before the next sync is the number the team sees."""
    alice = team_db.member("alice", "east", "sales", "佐藤")
    with pg.local_store(tmp_path) as store:
        sync(store, alice)
        code = TeamLocal(store).client_code
        res = store.create(pg.titled_order("本社VPN"))  # the store's own create, as the wizard does
        number = store.info(res.draft_id).number
        assert number.split("-")[2] == code
        sync(store, alice)
        assert store.info(res.draft_id).number == number
        with team_db.owner() as conn:
            assert conn.execute("SELECT number FROM iij_team.drafts").fetchone()[0] == number
        assert TeamLocal(store).unsent() == 0
