"""The team connection's protection ("tls" in settings.json "team"; --tls / --ca-file on the command line),
against real PostgreSQL servers the tests start: the usual one without TLS and one with ssl=on whose
certificate a CA made for the test signs (tests/helpers/tls.py). The old settings (no "tls") connect as
before; 必ず暗号化 refuses a server without TLS; サーバー証明書を確認 refuses a certificate another CA signed,
an expired one and one made for another name; a CA file that is not one is told before connecting. Each
failure is a Japanese message saying what to change, and exit 2 on the command line."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import psycopg
import pytest

from configurator.team import connection, server
from configurator.team.connection import TLS_PREFER, TLS_REQUIRE, TLS_VERIFY, Connection
from configurator.team.server import TeamError, TlsProblem
from configurator.text import i18n
from tests.conftest import ROOT, run_cli
from tests.helpers import pg
from tests.helpers.pg import PgServer, TlsServer

pg_server = pg.pg_server
tls_server = pg.tls_server


def _encrypted(dsn: str) -> bool:
    """Connect as the app does (server.connect) and ask the server whether this connection uses TLS."""
    with server.connect(dsn) as conn:
        row = conn.execute("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").fetchone()
    return bool(row[0])


def _conn(srv: PgServer, tls: str = TLS_PREFER, ca_file: str | Path = "") -> Connection:
    return connection.check("127.0.0.1", srv.port, "postgres", "postgres", tls, ca_file)


def _refused(dsn: str) -> TeamError:
    with pytest.raises(TeamError) as err:
        server.connect(dsn)
    return err.value


def test_old_settings_keep_the_old_behaviour_and_the_new_ones_are_kept(tmp_path: Path) -> None:
    """A settings file written before "tls" existed means libpq's default (no sslmode in the DSN, so
    sslmode=prefer or $PGSSLMODE, as before); require and verify are written and read back; a "tls" this
    version does not know is never taken as less than was asked."""
    old = {"team": {"host": "db", "port": 5432, "dbname": "iij", "user": "yamada"}}
    conn = connection.load(old)
    assert conn is not None and conn.tls == TLS_PREFER
    assert "sslmode" not in conn.dsn() and "sslrootcert" not in conn.dsn()
    assert connection.store({}, conn) == old  # nothing new written for the old behaviour
    ca = tmp_path / "チーム CA's.crt"  # a space, a quote and Japanese in the path stay intact in the DSN
    ca.write_bytes((Path(__file__).parent / "helpers" / "tls.py").read_bytes())  # not a certificate
    with pytest.raises(TlsProblem):
        connection.check("db", "", "iij", "yamada", TLS_VERIFY, ca)
    from tests.helpers.tls import make_certs

    certs = make_certs(tmp_path / "certs")
    ca.write_bytes(certs.ca.read_bytes())
    verify = connection.check("db", "", "iij", "yamada", TLS_VERIFY, ca)
    saved = connection.store({}, verify)
    assert saved["team"]["tls"] == "verify" and saved["team"]["ca_file"] == str(ca.absolute())
    assert connection.load(json.loads(json.dumps(saved))) == verify
    parts = psycopg.conninfo.conninfo_to_dict(verify.dsn("pw"))
    assert (parts["sslmode"], parts["sslrootcert"], parts["password"]) == ("verify-full", str(ca), "pw")
    require = connection.check("db", "", "iij", "yamada", TLS_REQUIRE, ca)  # the file is not kept
    assert connection.store({}, require)["team"] == {**old["team"], "tls": "require"}
    assert psycopg.conninfo.conninfo_to_dict(require.dsn())["sslmode"] == "require"
    typo = connection.load({"team": {**old["team"], "tls": "verify-full"}})
    assert typo is not None and typo.tls == TLS_VERIFY  # the strictest: told when it connects
    with pytest.raises(TeamError) as err:
        connection.check("db", "", "iij", "yamada", "verify-full")
    assert "通信の暗号化" in err.value.message


def test_each_setting_connects_as_asked(tls_server: TlsServer, pg_server: PgServer) -> None:
    tls, ca = tls_server.server, tls_server.certs.ca
    assert _encrypted(_conn(tls).dsn())  # prefer: encrypted when the server offers it
    assert _encrypted(_conn(tls, TLS_REQUIRE).dsn())
    assert _encrypted(_conn(tls, TLS_VERIFY, ca).dsn())
    localhost = Connection("localhost", "postgres", "postgres", tls.port, tls="verify", ca_file=str(ca))
    assert _encrypted(localhost.dsn())  # the certificate's other name
    assert not _encrypted(_conn(pg_server).dsn())  # prefer to a server without TLS: as before


@pytest.mark.parametrize("tls", [TLS_REQUIRE, TLS_VERIFY])
def test_a_server_without_tls_is_refused_when_encryption_is_asked_for(
    pg_server: PgServer, tls_server: TlsServer, tls: str
) -> None:
    """libpq said "server does not support SSL, but SSL was required" (English, the same frame as any
    other failure)."""
    told = _refused(_conn(pg_server, tls, tls_server.certs.ca).dsn())
    assert isinstance(told, TlsProblem), told.message
    assert "暗号化" in told.message and "ssl = on" in told.message and "管理者" in told.message
    assert "偽のサーバー" in told.message and "「通信の暗号化」" in told.message
    assert "failed" not in told.message and "SSL was required" not in told.message


def test_a_certificate_the_ca_did_not_sign_is_refused(tls_server: TlsServer) -> None:
    """libpq said only "SSL error: certificate verify failed", whatever the reason."""
    told = _refused(_conn(tls_server.server, TLS_VERIFY, tls_server.certs.other_ca).dsn())
    assert isinstance(told, TlsProblem)
    assert "署名したものではない" in told.message and "「CA ファイル」" in told.message, told.message
    assert str(tls_server.certs.other_ca) in told.message and "パスワードは送っていません" in told.message
    assert "verify failed" not in told.message
    i18n.install("en")
    english = i18n.error_text(told)
    assert "not signed by the CA" in english and "CA file" in english, english


def test_an_expired_certificate_is_told_as_such(tls_server: TlsServer) -> None:
    """The same "certificate verify failed" from libpq: the app looks why (Python's ssl) and says to check
    the clock or have the certificate renewed, not that the server may be an impostor."""
    told = _refused(_conn(tls_server.server, TLS_VERIFY, tls_server.certs.expired_ca).dsn())
    assert isinstance(told, TlsProblem)
    assert "有効期限" in told.message and "日付と時刻" in told.message, told.message
    assert "署名したものではない" not in told.message


def test_a_certificate_for_another_name_is_refused(tls_server: TlsServer) -> None:
    """The server reached (hostaddr 127.0.0.1) shows a certificate for localhost and 127.0.0.1, not for the
    name asked: what an impostor with some valid certificate would do."""
    dsn = _conn(tls_server.server, TLS_VERIFY, tls_server.certs.ca).dsn().replace(
        "host=127.0.0.1", "host=db.example.co.jp hostaddr=127.0.0.1"
    )
    told = _refused(dsn)
    assert isinstance(told, TlsProblem)
    assert "「localhost」" in told.message and "「db.example.co.jp」" in told.message, told.message
    assert "「サーバー」" in told.message and "一致しない" in told.message
    assert "does not match" not in told.message


def test_a_ca_file_that_is_not_one_is_told_before_connecting(
    tmp_path: Path, tls_server: TlsServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Checked before any connection: a port where nothing listens would otherwise say 接続を断られました."""
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    der = tmp_path / "team-ca.cer"  # Windows' certificate export writes DER by default
    der.write_bytes(x509.load_pem_x509_certificate(tls_server.certs.ca.read_bytes()).public_bytes(Encoding.DER))
    text = tmp_path / "notes.txt"
    text.write_text("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n", encoding="utf-8")
    locked = tmp_path / "locked.crt"
    locked.write_bytes(tls_server.certs.ca.read_bytes())
    cases = {
        tmp_path / "missing.crt": "ありません",
        tmp_path: "読めません",
        text: "証明書がありません",
        der: "DER 形式",
        tls_server.certs.server_key: "証明書がありません",  # the server's key, not a certificate
        locked: "読めません",
    }
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "locked.crt":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    nowhere = pg._free_port()
    for path, words in cases.items():
        conn = Connection("127.0.0.1", "iij", "yamada", nowhere, tls="verify", ca_file=str(path))
        with pytest.raises(TlsProblem) as err:
            connection.check_tls("verify", path)  # the settings dialog and --ca-file
        for message in (err.value.message, _refused(conn.dsn()).message):  # connecting
            assert words in message and "CA ファイル" in message, (path, message)
            assert "断られました" not in message
    empty = Connection("127.0.0.1", "iij", "yamada", nowhere, tls="verify", ca_file="")
    assert "CA ファイルが必要" in _refused(empty.dsn()).message


def _cli(data: Path, *args: str) -> tuple[int, str, str]:
    proc = run_cli("--data-dir", str(data), *args, env={"IIJ_CONFIGURATOR_DATA": str(data)})
    return proc.returncode, proc.stdout.decode(), proc.stderr.decode()


def test_the_command_line_takes_the_same_setting(
    tmp_path: Path, tls_server: TlsServer, pg_server: PgServer
) -> None:
    certs = tls_server.certs
    with pg.team_db_on(tls_server.server) as db:
        alice = db.member("alice", "east", "sales", "佐藤")
        data = tmp_path / "a"
        failures: dict[str, tuple[tuple[str, ...], str]] = {
            "another CA": (("--dsn", alice, "--ca-file", str(certs.other_ca)), "署名したものではない"),
            "no TLS": (("--dsn", pg_server.dsn(user="alice"), "--tls", "require"), "暗号化"),
            "not a file": (("--dsn", alice, "--ca-file", str(tmp_path / "none.crt")), "ありません"),
            "no CA file": (("--dsn", alice, "--tls", "verify"), "--ca-file"),
            "CA file with require": (
                ("--dsn", alice, "--tls", "require", "--ca-file", str(certs.ca)),
                "--tls",
            ),
        }
        for case, (args, words) in failures.items():
            rc, out, err = _cli(data, "team", "sync", *args)
            assert rc == 2 and words in err and "Traceback" not in err, (case, err)
        relative = os.path.relpath(certs.ca, ROOT)  # from the folder the command runs in (run_cli)
        rc, out, err = _cli(data, "team", "sync", "--dsn", alice, "--tls", "verify", "--ca-file", relative)
        assert rc == 0, err
        rc, out, err = _cli(data, "team", "status", "--json")
        remembered = psycopg.conninfo.conninfo_to_dict(json.loads(out)["dsn"])
        assert remembered["sslmode"] == "verify-full" and remembered["sslrootcert"] == str(certs.ca)
        rc, out, err = _cli(data, "team", "sync")  # the remembered DSN keeps checking the certificate
        assert rc == 0, err
        rc, out, err = _cli(data, "team", "sync", "--ca-file", str(certs.other_ca))
        assert rc == 2 and "署名したものではない" in err, err


def test_english_messages_name_the_setting(tls_server: TlsServer, pg_server: PgServer) -> None:
    told: list[Any] = [
        _refused(_conn(pg_server, TLS_REQUIRE).dsn()),
        _refused(_conn(tls_server.server, TLS_VERIFY, tls_server.certs.expired_ca).dsn()),
    ]
    i18n.install("en")
    english = [i18n.error_text(t) for t in told]
    assert "offers no encryption" in english[0] and "ssl = on" in english[0], english[0]
    assert "expired" in english[1] and "date and time" in english[1], english[1]


def test_a_ca_file_libpq_cannot_open_is_told(tmp_path: Path, tls_server: TlsServer) -> None:
    """What libpq says when it cannot open or read a CA file the app found (a path libpq cannot open on
    Windows, a file changed in between): which file, and what to do."""
    ca = tmp_path / "チーム" / "team-ca.crt"
    ca.parent.mkdir()
    ca.write_bytes(tls_server.certs.ca.read_bytes())
    dsn = f"host=db.example.co.jp dbname=iij user=yamada sslmode=verify-full sslrootcert='{ca}'"
    opened = psycopg.OperationalError(
        'connection failed: connection to server at "10.0.0.5", port 5432 failed: '
        f'root certificate file "{ca}" does not exist\n'
        "Either provide the file, use the system's trusted roots with sslrootcert=system, or change sslmode "
        "to disable server certificate verification."
    )
    told = server.explain(opened, dsn)
    assert isinstance(told, TlsProblem) and "libpq" in told.message
    assert "日本語などの文字を含まないフォルダ" in told.message and str(ca) in told.message, told.message
    read = psycopg.OperationalError(
        f'connection failed: could not read root certificate file "{ca}": no certificate or crl found'
    )
    told = server.explain(read, dsn)
    assert isinstance(told, TlsProblem) and "証明書として読めませんでした" in told.message
    assert "「CA ファイル」" in told.message
