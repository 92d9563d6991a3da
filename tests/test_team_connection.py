"""The app's team connection settings without Qt (issue 19 part 6): what the user typed is checked with
a message saying which field to change, the DSN carries any password intact, the settings never hold it,
and a store that synced with one team database is not pointed at another."""

from __future__ import annotations

import keyring
import keyring.errors
import pytest
from keyring.backends import fail

from configurator.team import connection
from configurator.team.connection import Connection, NoKeyring
from configurator.team.server import TeamError


def test_check_says_which_field_to_change() -> None:
    for args, word in (
        (("", "5432", "iij", "yamada"), "サーバー"),
        (("db", "5432", " ", "yamada"), "データベース"),
        (("db", "5432", "iij", "yama da"), "ユーザー"),
        (("db", "abc", "iij", "yamada"), "ポート"),
        (("db", "0", "iij", "yamada"), "ポート"),
    ):
        with pytest.raises(TeamError) as err:
            connection.check(*args)
        assert word in err.value.message
    assert connection.check(" db.example.co.jp ", "", "iij", "yamada") == Connection(
        "db.example.co.jp", "iij", "yamada"
    )


def test_dsn_keeps_any_password_and_settings_never_hold_it() -> None:
    import psycopg

    conn = Connection("db", "iij", "yamada", 6543)
    password = "a b'c\\d=パス"
    parts = psycopg.conninfo.conninfo_to_dict(conn.dsn(password))
    assert parts == {"host": "db", "port": "6543", "dbname": "iij", "user": "yamada", "password": password}
    assert "password" not in conn.dsn()
    settings = connection.store({"language": "ja"}, conn)
    assert settings == {
        "language": "ja",
        "team": {"host": "db", "port": 6543, "dbname": "iij", "user": "yamada"},
    }
    assert connection.load(settings) == conn
    assert connection.load(connection.store(settings, None)) is None
    assert connection.load({"team": {"host": "db"}}) is None  # incomplete settings: no team


def test_no_keyring_is_told_and_nothing_is_kept() -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        assert not connection.keyring_available()
        with pytest.raises(NoKeyring) as err:
            connection.save_password(Connection("db", "iij", "yamada"), "secret")
        assert "キーリング" in err.value.message and "ファイルには保存しません" in err.value.message
        assert connection.load_password(Connection("db", "iij", "yamada")) is None
        connection.forget_password(Connection("db", "iij", "yamada"))  # no error either
    finally:
        keyring.set_keyring(previous)


def test_another_server_is_recognised() -> None:
    conn = Connection("db", "iij", "yamada")
    assert connection.other_server(conn, None) is None
    assert connection.other_server(conn, "user=yamada dbname=iij host=db port=5432") is None
    assert connection.other_server(conn, "user=sato dbname=iij host=db") is None  # another user, same db
    assert connection.other_server(conn, "user=yamada dbname=iij2 host=db port=5432") == "db:5432/iij2"
    assert connection.other_server(conn, "user=yamada dbname=iij host=db2 port=5433") == "db2:5433/iij"
