"""Local-first sync with the team database (issue 19, parts 2 and 3): two salespeople, conflicts,
team-unique quote numbers, kill -9 in the middle, a server that goes away."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from configurator.team.local import TEAM_NUMBER, TeamLocal
from configurator.team.server import ServerUnreachable, TeamError
from configurator.team.sync import sync
from tests.helpers import pg
from tests.helpers.pg import TeamDb

pg_server = pg.pg_server
team_db = pg.team_db
ROOT = Path(__file__).resolve().parent.parent


_store = pg.local_store
_doc = pg.titled_order


def _server_count(db: TeamDb, sql: str) -> Any:
    with db.owner() as conn:
        return conn.execute(sql).fetchone()[0]


def test_two_salespeople_share_drafts_and_revisions(team_db: TeamDb, tmp_path: Path) -> None:
    alice_dsn = team_db.member("alice", "east", "sales", "佐藤")
    bob_dsn = team_db.member("bob", "east", "sales", "鈴木")
    with _store(tmp_path / "a") as a, _store(tmp_path / "b") as b:
        sync(a, alice_dsn)
        sync(b, bob_dsn)
        la = TeamLocal(a)
        res = la.create_draft(_doc("本社VPN更改"))
        number = a.info(res.draft_id).number
        assert re.match(TEAM_NUMBER, number), number
        a.save(res.draft_id, _doc("本社VPN更改 第2版"), 1)
        a.set_status(res.draft_id, "submitted")  # set before the first sync: it travels too
        assert la.unsent() == 2
        report = sync(a, alice_dsn)
        assert report.pushed == 2 and la.unsent() == 0
        report = sync(b, bob_dsn)
        assert report.pulled == 2
        (mine,) = b.list()
        assert (mine.number, mine.title, mine.rev) == (number, "本社VPN更改 第2版", 2)
        assert TeamLocal(b).draft(mine.id).owner == "alice" and mine.status == "submitted"
        assert [h["rev"] for h in b.history(mine.id)] == [2, 1]
        # bob edits, alice pulls
        b.save(mine.id, _doc("本社VPN更改 第3版(鈴木)"), 2)
        sync(b, bob_dsn)
        assert sync(a, alice_dsn).pulled == 1
        info, doc = a.load(res.draft_id)
        assert (info.rev, doc["title"]) == (3, "本社VPN更改 第3版(鈴木)")
        # a sales status set here reaches the team
        a.set_status(res.draft_id, "won")
        sync(a, alice_dsn)
        sync(b, bob_dsn)
        assert b.info(mine.id).status == "won"
        # idempotent: another run sends and receives nothing, nothing doubles
        assert (sync(a, alice_dsn).pushed, sync(b, bob_dsn).pulled) == (0, 0)
        assert _server_count(team_db, "SELECT count(*) FROM iij_team.revisions") == 3


def test_an_edit_on_an_out_of_date_parent_becomes_a_conflict_copy(team_db: TeamDb, tmp_path: Path) -> None:
    alice_dsn = team_db.member("alice", "east", "sales")
    bob_dsn = team_db.member("bob", "east", "sales")
    with _store(tmp_path / "a") as a, _store(tmp_path / "b") as b:
        sync(a, alice_dsn)
        sync(b, bob_dsn)
        res = TeamLocal(a).create_draft(_doc("案件"))
        sync(a, alice_dsn)
        sync(b, bob_dsn)
        (theirs,) = b.list()
        a.save(res.draft_id, _doc("佐藤の変更"), 1)  # both edit revision 1 offline
        b.save(theirs.id, _doc("鈴木の変更"), 1)
        sync(a, alice_dsn)
        report = sync(b, bob_dsn)
        assert len(report.conflicts) == 1 and "競合コピー" in report.conflicts[0]
        assert sorted(d.title for d in b.list()) == ["佐藤の変更", f"鈴木の変更(競合コピー: {theirs.number})"]
        copy = next(d for d in b.list() if "競合コピー" in d.title)
        assert b.load(copy.id)[1]["title"] == "鈴木の変更"  # bob's work kept, nothing overwritten
        assert b.load(theirs.id)[1]["title"] == "佐藤の変更"
        assert copy.number != theirs.number and re.match(TEAM_NUMBER, copy.number)
        sync(a, alice_dsn)
        assert sorted(d.number for d in a.list()) == sorted(d.number for d in b.list())
        assert _server_count(team_db, "SELECT count(*) FROM iij_team.drafts") == 2


def test_quote_numbers_unique_across_two_clients_syncing_concurrently(
    team_db: TeamDb, tmp_path: Path
) -> None:
    alice_dsn = team_db.member("alice", "east", "sales")
    bob_dsn = team_db.member("bob", "east", "sales")
    stores = [_store(tmp_path / "a"), _store(tmp_path / "b")]
    dsns = [alice_dsn, bob_dsn]
    try:
        for s, dsn in zip(stores, dsns, strict=True):
            sync(s, dsn)  # registration: the client code, once
        doc = _doc("番号試験")
        for s in stores:  # offline from here: 1,000 quotes each
            local = TeamLocal(s)
            with local.write() as db:
                for _ in range(1000):
                    db.execute(
                        "INSERT INTO drafts(number, title, customer, status, rev, created_at, updated_at) "
                        "VALUES(?, '番号試験', '', 'drafting', 1, '2026-12-01T00:00:00+00:00', "
                        "'2026-12-01T00:00:00+00:00')",
                        [local.next_number(db)],
                    )
                    db.execute(
                        "INSERT INTO revisions(draft_id, rev, saved_at, document, note, issued) "
                        "VALUES(last_insert_rowid(), 1, '2026-12-01T00:00:00+00:00', ?, '', 0)",
                        [json.dumps(doc, ensure_ascii=False)],
                    )
        errors: list[BaseException] = []

        def run(i: int) -> None:
            try:
                with _store(tmp_path / "ab"[i]) as s:
                    sync(s, dsns[i])
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)

        threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        assert _server_count(team_db, "SELECT count(*) FROM iij_team.drafts") == 2000
        assert _server_count(team_db, "SELECT count(DISTINCT number) FROM iij_team.drafts") == 2000
        for s, dsn in zip(stores, dsns, strict=True):
            sync(s, dsn)
            numbers = [d.number for d in s.list(limit=5000)]
            assert len(numbers) == len(set(numbers)) == 2000
    finally:
        for s in stores:
            s.close()


def test_not_registered_yet_says_to_sync_once(tmp_path: Path) -> None:
    with _store(tmp_path) as s, pytest.raises(TeamError) as err:
        TeamLocal(s).create_draft(_doc("x"))
    assert "team sync" in err.value.message


SYNC_SCRIPT = """
import sys
sys.path.insert(0, {root!r})
from configurator.store.drafts import DraftStore
from configurator.team.sync import sync
def progress(step, n):
    print(step, n, flush=True)
    if step == {stop!r}:
        sys.stdin.readline()  # wait here to be killed
with DraftStore.open({folder!r}, maintenance=False) as s:
    sync(s, {dsn!r}, progress=progress, batch=50)
print("done", flush=True)
"""


def _kill_during(step: str, folder: Path, dsn: str) -> None:
    code = SYNC_SCRIPT.format(root=str(ROOT), stop=step, folder=str(folder), dsn=dsn)
    seen = []
    with subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    ) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            seen.append(line.split()[0])
            if line.startswith(step):
                break
        proc.kill()  # kill -9 (TerminateProcess on Windows): no cleanup runs
        proc.wait(timeout=30)
    assert seen[-1] == step and "done" not in seen and proc.returncode != 0


@pytest.mark.parametrize("step", ["pushed", "fetched"])
def test_kill_9_mid_sync_then_rerun_loses_and_doubles_nothing(
    team_db: TeamDb, tmp_path: Path, step: str
) -> None:
    alice_dsn = team_db.member("alice", "east", "sales")
    bob_dsn = team_db.member("bob", "east", "sales")
    with _store(tmp_path / "a") as a:
        sync(a, alice_dsn)
        la = TeamLocal(a)
        for i in range(120):
            res = la.create_draft(_doc(f"案件 {i}"))
            if i % 3 == 0:
                a.save(res.draft_id, _doc(f"案件 {i} 改"), 1)
    with _store(tmp_path / "b") as b:
        sync(b, bob_dsn)
        TeamLocal(b).create_draft(_doc("鈴木の案件"))
        sync(b, bob_dsn)
    # killed after the first batch reached the server but before the laptop wrote that down
    # ("pushed"), or after fetching the team's revisions but before storing them ("fetched")
    _kill_during(step, tmp_path / "a", alice_dsn)
    with _store(tmp_path / "a") as a:
        sync(a, alice_dsn)
        assert TeamLocal(a).unsent() == 0
        assert a.count() == 121
        assert sum(len(a.history(d.id)) for d in a.list(limit=500)) == 161
    assert _server_count(team_db, "SELECT count(*) FROM iij_team.revisions") == 161
    assert _server_count(team_db, "SELECT count(*) FROM iij_team.drafts") == 121
    with _store(tmp_path / "b") as b:
        sync(b, bob_dsn)
        assert b.count() == 121


def test_a_server_that_goes_away_mid_sync(team_db: TeamDb, tmp_path: Path) -> None:
    alice_dsn = team_db.member("alice", "east", "sales")
    server = team_db.server
    with _store(tmp_path / "a") as a:
        sync(a, alice_dsn)
        la = TeamLocal(a)
        for i in range(100):
            la.create_draft(_doc(f"案件 {i}"))

        def stop_after_first_batch(step: str, n: int) -> None:
            if step == "pushed":
                server.stop("immediate")

        try:
            with pytest.raises(TeamError) as err:
                sync(a, alice_dsn, progress=stop_after_first_batch, batch=30)
            assert isinstance(err.value, ServerUnreachable) or "サーバー" in err.value.message
            assert la.unsent() == 70  # the first batch is on the server and recorded here
            assert la.status()["last_error"]
        finally:
            server.start()
        sync(a, alice_dsn)
        assert la.unsent() == 0 and la.status()["last_error"] is None
    assert _server_count(team_db, "SELECT count(*) FROM iij_team.revisions") == 100


def test_a_restored_local_backup_never_reissues_a_number(team_db: TeamDb, tmp_path: Path) -> None:
    alice_dsn = team_db.member("alice", "east", "sales")
    with _store(tmp_path / "a") as a:
        sync(a, alice_dsn)
        local = TeamLocal(a)
        first = a.info(local.create_draft(_doc("一件目")).draft_id).number
        sync(a, alice_dsn)
        with local.write() as db:  # as if an older copy of the file had been put back
            db.execute("DELETE FROM team_state WHERE key LIKE 'seq-%'")
        sync(a, alice_dsn)
        second = a.info(local.create_draft(_doc("二件目")).draft_id).number
        assert second != first and second.rsplit("-", 1)[0] == first.rsplit("-", 1)[0]
        sync(a, alice_dsn)
    assert _server_count(team_db, "SELECT count(DISTINCT number) FROM iij_team.drafts") == 2


def test_a_draft_purged_here_stays_purged_and_sync_goes_on(team_db: TeamDb, tmp_path: Path) -> None:
    alice_dsn = team_db.member("alice", "east", "sales")
    bob_dsn = team_db.member("bob", "east", "sales")
    with _store(tmp_path / "a") as a, _store(tmp_path / "b") as b:
        sync(a, alice_dsn)
        res = TeamLocal(a).create_draft(_doc("消す案件"))
        sync(a, alice_dsn)
        sync(b, bob_dsn)
        a.trash(res.draft_id)
        a.purge(res.draft_id)
        (theirs,) = b.list()
        b.save(theirs.id, _doc("鈴木が更新"), 1)  # the team's copy moves on
        sync(b, bob_dsn)
        report = sync(a, alice_dsn)
        assert (report.pulled, a.count(), a.count(trash=True)) == (0, 0, 0)
    assert _server_count(team_db, "SELECT head_rev FROM iij_team.drafts") == 2


def test_background_sync_reports_offline_without_raising(team_db: TeamDb, tmp_path: Path) -> None:
    from configurator.team.background import sync_now

    alice_dsn = team_db.member("alice", "east", "sales")
    ok = sync_now(alice_dsn + " password=secret", tmp_path / "a")
    assert ok.ok and ok.status["unsent"] == 0 and ok.status["last_sync"]
    assert "secret" not in str(ok.status["dsn"])
    with _store(tmp_path / "a") as a:
        TeamLocal(a).create_draft(_doc("オフラインで作成"))
    off = sync_now(f"host=127.0.0.1 port={pg._free_port()} dbname=x user=alice", tmp_path / "a")
    assert (off.ok, off.offline, off.status["unsent"]) == (False, True, 1)
    assert "接続できません" in off.message and off.status["last_error"] == off.message
