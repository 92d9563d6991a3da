"""The team database schema: team init, versions, roles and row-level security (issue 19, part 1)."""

from __future__ import annotations

import pytest

from configurator.team import schema
from configurator.team.server import PermissionDenied, SchemaTooNew, ServerUnreachable, TeamError, connect
from tests.helpers import pg
from tests.helpers.pg import TeamDb

pg_server = pg.pg_server
team_db = pg.team_db


def test_init_is_idempotent_and_records_the_version(team_db: TeamDb) -> None:
    assert schema.init(team_db.owner_dsn) == (schema.SCHEMA_VERSION, schema.SCHEMA_VERSION)
    with team_db.owner() as conn:
        assert schema.server_version(conn) == schema.SCHEMA_VERSION


def test_a_newer_schema_is_refused_untouched(team_db: TeamDb) -> None:
    newer = schema.SCHEMA_VERSION + 1
    with team_db.owner() as conn:
        conn.execute("UPDATE iij_team.meta SET value = %s WHERE key = 'schema_version'", [str(newer)])
    with pytest.raises(SchemaTooNew) as err:
        schema.init(team_db.owner_dsn)
    assert "新しい版のアプリ" in err.value.message and f"形式 {newer}" in err.value.message
    with pytest.raises(SchemaTooNew):
        schema.open_team(team_db.member("alice", "east", "sales"))
    with team_db.owner() as conn:
        assert schema.server_version(conn) == newer


def test_unreachable_server_is_a_japanese_error(pg_server: pg.PgServer) -> None:
    from tests.helpers.pg import _free_port

    with pytest.raises(ServerUnreachable) as err:
        connect(f"host=127.0.0.1 port={_free_port()} dbname=x user=x connect_timeout=2")
    assert "接続できません" in err.value.message and "オフライン" in err.value.message


def _rows(dsn: str, sql: str, params: list[object] | None = None) -> list[tuple[object, ...]]:
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as conn:
        cur = conn.execute(sql, params)
        return list(cur.fetchall()) if cur.description else []


def test_row_level_security_by_raw_sql(team_db: TeamDb) -> None:
    import uuid

    import psycopg

    alice = team_db.member("alice", "east", "sales")
    bob = team_db.member("bob", "east", "sales")
    mallory = team_db.member("mallory", "west", "sales")
    d = uuid.uuid4()
    with psycopg.connect(alice, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO iij_team.drafts(id, number, title) VALUES (%s, 'Q-2026-001-00001', '東案件')", [d]
        )
        conn.execute(
            "INSERT INTO iij_team.revisions(id, draft_id, rev, saved_at, document) "
            "VALUES (gen_random_uuid(), %s, 1, now(), '{}')",
            [d],
        )
    # a teammate sees and edits it
    assert _rows(bob, "SELECT title FROM iij_team.drafts") == [("東案件",)]
    _rows(bob, "UPDATE iij_team.drafts SET title = '東案件2' WHERE id = %s", [d])
    # another team can neither read nor write it
    assert _rows(mallory, "SELECT count(*) FROM iij_team.drafts") == [(0,)]
    assert _rows(mallory, "SELECT count(*) FROM iij_team.revisions") == [(0,)]
    assert _rows(mallory, "UPDATE iij_team.drafts SET title = '乗っ取り' RETURNING id") == []
    empty = uuid.uuid4()  # a draft of the other team with no revision yet
    _rows(alice, "INSERT INTO iij_team.drafts(id, number) VALUES (%s, 'Q-2026-001-00002')", [empty])
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        _rows(
            mallory,
            "INSERT INTO iij_team.revisions(id, draft_id, rev, saved_at, document) "
            "VALUES (gen_random_uuid(), %s, 1, now(), '{}')",
            [empty],
        )
    assert _rows(alice, "SELECT count(*) FROM iij_team.revisions") == [(1,)]
    with pytest.raises(psycopg.errors.InsufficientPrivilege):  # a draft claimed for the other team
        _rows(
            mallory,
            "INSERT INTO iij_team.drafts(id, number, team_id) VALUES (gen_random_uuid(), 'X', "
            "(SELECT id FROM iij_team.teams WHERE code = 'east'))",
        )
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        _rows(mallory, "DELETE FROM iij_team.drafts")
    assert _rows(alice, "SELECT title FROM iij_team.drafts WHERE id = %s", [d]) == [("東案件2",)]
    # nor see who is in it, or its rules
    with team_db.owner() as conn:
        conn.execute(
            "INSERT INTO iij_team.approval_rules(team_id, fact, op, threshold, level) "
            "SELECT id, 'commitment', '>', 1, 'manager' FROM iij_team.teams WHERE code = 'east'"
        )
    assert _rows(mallory, "SELECT role FROM iij_team.members") == [("mallory",)]
    assert _rows(mallory, "SELECT code FROM iij_team.teams") == [("west",)]
    assert _rows(mallory, "SELECT count(*) FROM iij_team.approval_rules") == [(0,)]
    assert _rows(bob, "SELECT count(*) FROM iij_team.approval_rules") == [(1,)]
    assert sorted(_rows(bob, "SELECT role FROM iij_team.members")) == [("alice",), ("bob",)]
    # the approval columns can't be written directly, and revisions are frozen
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        _rows(alice, "UPDATE iij_team.drafts SET approval = 'approved'")
    with pytest.raises(psycopg.errors.RaiseException):
        _rows(alice, "UPDATE iij_team.drafts SET status = 'approved'")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        _rows(alice, "UPDATE iij_team.revisions SET note = 'x'")
    with team_db.owner() as conn, pytest.raises(psycopg.errors.RaiseException):
        conn.execute("UPDATE iij_team.revisions SET note = 'x'")


def test_only_an_admin_publishes_price_books(team_db: TeamDb) -> None:
    import psycopg

    sales = team_db.member("alice", "east", "sales")
    admin = team_db.member("root_e", "east", "admin")
    other_admin = team_db.member("root_w", "west", "admin")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        _rows(sales, "INSERT INTO iij_team.pricebooks(version, content) VALUES ('v1', '{}')")
    _rows(admin, "INSERT INTO iij_team.pricebooks(version, content) VALUES ('v1', '{}')")
    assert _rows(sales, "SELECT version, published_by FROM iij_team.pricebooks") == [("v1", "root_e")]
    assert _rows(other_admin, "SELECT count(*) FROM iij_team.pricebooks") == [(0,)]


def test_server_errors_become_japanese_messages(team_db: TeamDb) -> None:
    from configurator.team.server import explain, server_errors

    mallory = team_db.member("mallory", "west", "sales")
    conn = connect(mallory)
    with pytest.raises(PermissionDenied) as err, server_errors(mallory):
        conn.execute("UPDATE iij_team.drafts SET approval = 'approved'")
    conn.close()
    assert "権限がありません" in err.value.message
    with pytest.raises(PermissionDenied) as err2:
        connect(team_db.dsn("nobody"))
    assert "ログインできません" in err2.value.message
    assert isinstance(explain(ValueError("x")), TeamError)
    conn = connect(mallory)
    with pytest.raises(TeamError) as err3, server_errors(mallory):
        for _ in range(2):  # a cloned data file would issue the same number twice
            conn.execute(
                "INSERT INTO iij_team.drafts(id, number) VALUES (gen_random_uuid(), 'Q-2026-001-00001')"
            )
    conn.close()
    assert "既にチームで使われています" in err3.value.message
