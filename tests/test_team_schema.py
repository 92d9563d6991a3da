"""The team database schema: team init, versions, roles and row-level security (issue 19, part 1)."""

from __future__ import annotations

import pytest

from configurator.team import schema
from configurator.team.server import (
    PermissionDenied,
    SchemaTooNew,
    ServerUnreachable,
    TeamError,
    connect,
    explain,
)
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


@pytest.fixture
def not_postgres() -> object:
    """A port where something else than PostgreSQL answers (a web server, say)."""
    import socket
    import threading

    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen()

    def serve() -> None:
        while True:
            try:
                c, _ = srv.accept()
            except OSError:
                return
            with c:
                c.recv(100)
                c.sendall(b"HTTP/1.0 400 Bad Request\r\n\r\n")

    threading.Thread(target=serve, daemon=True).start()
    yield srv.getsockname()[1]
    srv.close()


@pytest.mark.parametrize("case", ["refused", "no-such-host", "not-postgres", "no-database", "empty-database"])
def test_a_failed_connection_says_which_setting_to_change(
    pg_server: pg.PgServer, not_postgres: int, case: str
) -> None:
    """Each failure of the team connection was libpq's English text inside a Japanese frame ("connection
    failed: connection to server at … failed: Connection refused"), the same for every cause, and an
    empty database said 形式 0: none said which field of the settings to look at."""
    import psycopg

    from configurator.text import i18n

    dsn = {
        "refused": f"host=127.0.0.1 port={pg._free_port()} dbname=iij user=alice",
        "no-such-host": "host=no-such-host.invalid port=5432 dbname=iij user=alice",
        "not-postgres": f"host=127.0.0.1 port={not_postgres} dbname=iij user=alice",
        "no-database": pg_server.dsn(dbname="nosuchdb"),
        "empty-database": pg_server.dsn(dbname="postgres"),
    }[case]
    field = {
        "refused": "「ポート」",
        "no-such-host": "「サーバー」",
        "not-postgres": "「ポート」",
        "no-database": "「データベース」",
        "empty-database": "「データベース」",
    }[case]
    with pytest.raises(TeamError) as err:
        schema.open_team(dsn + " connect_timeout=5")
    message = err.value.message
    assert field in message, message
    assert "failed" not in message and "形式 0" not in message, message  # no library text, no jargon
    i18n.install("en")
    english = i18n.error_text(err.value)
    assert "failed:" not in english and len(english.split()) > 8, english  # what to check, in English too
    # a server that refuses this computer (pg_hba.conf) says so, with the TLS requirement when it is one
    hba = psycopg.OperationalError(
        'connection failed: FATAL:  no pg_hba.conf entry for host "10.0.0.5", user "alice", database "iij", '
        "no encryption"
    )
    told = explain(hba, "host=db.example.co.jp dbname=iij user=alice")
    assert isinstance(told, PermissionDenied) and "暗号化" in told.message and "管理者" in told.message
    rejected = psycopg.OperationalError(
        'connection failed: FATAL:  pg_hba.conf rejects connection for host "10.0.0.5", user "alice", '
        'database "iij", no encryption'
    )
    assert "暗号化" in explain(rejected, "host=db.example.co.jp dbname=iij user=alice").message
