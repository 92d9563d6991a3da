"""Team sync speed (issue 19): the first sync of 1,000 drafts, an incremental sync (10 of them edited),
and the approval queue among 10,000 quotes. Against a throwaway local PostgreSQL (tests/helpers/pg.py).
Medians via `make bench`."""

from __future__ import annotations

import itertools
import json
import uuid
from pathlib import Path
from typing import Any

import pytest

from configurator.store.drafts import DraftStore
from configurator.team.local import TeamLocal
from configurator.team.sync import sync
from tests.conftest import example
from tests.helpers import pg
from tests.helpers.pg import TeamDb

pg_server = pg.pg_server
team_db = pg.team_db
_rounds = itertools.count()


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IIJ_CONFIGURATOR_DATA", str(tmp_path / "data"))


def _offline_drafts(store: DraftStore, n: int) -> None:
    local = TeamLocal(store)
    text = json.dumps(example("mixed.iij-order.json"), ensure_ascii=False)
    with local.write() as db:
        for i in range(n):
            db.execute(
                "INSERT INTO drafts(number, title, customer, status, rev, created_at, updated_at) "
                "VALUES(?, ?, '', 'drafting', 1, '2026-12-01T00:00:00+00:00', '2026-12-01T00:00:00+00:00')",
                [local.next_number(db), f"案件 {i}"],
            )
            db.execute(
                "INSERT INTO revisions(draft_id, rev, saved_at, document, note, issued) "
                "VALUES(last_insert_rowid(), 1, '2026-12-01T00:00:00+00:00', ?, '', 0)",
                [text],
            )


def _fresh(team_db: TeamDb, tmp_path: Path, n: int) -> tuple[DraftStore, str]:
    k = next(_rounds)
    dsn = team_db.member(f"bench{k}", f"team{k}", "sales")
    store = DraftStore.open(tmp_path / f"s{k}", maintenance=False)
    sync(store, dsn)
    _offline_drafts(store, n)
    return store, dsn


def test_first_sync_of_1000_drafts(benchmark: Any, team_db: TeamDb, tmp_path: Path) -> None:
    made: list[DraftStore] = []

    def setup() -> tuple[tuple[DraftStore, str], dict[str, Any]]:
        store, dsn = _fresh(team_db, tmp_path, 1000)
        made.append(store)
        return (store, dsn), {}

    report = benchmark.pedantic(sync, setup=setup, rounds=3, iterations=1)
    assert report.pushed == 1000
    for s in made:
        s.close()


def test_incremental_sync_10_of_1000_edited(benchmark: Any, team_db: TeamDb, tmp_path: Path) -> None:
    store, dsn = _fresh(team_db, tmp_path, 1000)
    sync(store, dsn)
    doc = example("mixed.iij-order.json")
    ids = [d.id for d in store.list(limit=10)]

    def setup() -> tuple[tuple[DraftStore, str], dict[str, Any]]:
        for i in ids:
            doc["title"] = f"変更 {uuid.uuid4()}"
            store.save(i, doc, store.info(i).rev)
        return (store, dsn), {}

    report = benchmark.pedantic(sync, setup=setup, rounds=5, iterations=1)
    assert report.pushed == 10
    store.close()


def test_approval_queue_among_10000(benchmark: Any, team_db: TeamDb, tmp_path: Path) -> None:
    store, dsn = _fresh(team_db, tmp_path, 10_000)
    sync(store, dsn)
    with team_db.owner() as conn:  # every tenth put up for approval (as the owner, for the setup's speed)
        conn.execute(
            "UPDATE iij_team.drafts SET approval = 'requested', status = 'approval_requested', "
            "approval_rev = head WHERE right(number, 1) = '0'"
        )
    sync(store, dsn)
    queue = benchmark(TeamLocal(store).drafts, "requested")
    assert len(queue) == 1000
    store.close()
