"""Connecting to the team's PostgreSQL and explaining its errors in Japanese."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from configurator.errors import KnownError

CONNECT_TIMEOUT_S = 5
APPLICATION_NAME = "iij-configurator"


class TeamError(KnownError):
    """A problem with the team database the user can act on; the app keeps working offline."""


class ServerUnreachable(TeamError):
    pass


class PermissionDenied(TeamError):
    pass


class LoginFailed(PermissionDenied):
    """The server refused the user name or password (or none was given): the app asks for the password."""


class SchemaTooNew(TeamError):
    pass


class SchemaMissing(TeamError):
    pass


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError:
        raise TeamError(
            "チーム機能に必要な psycopg がインストールされていません(pip install 'psycopg[binary]')。",
            "psycopg is not installed.",
        ) from None
    return psycopg


def redact(dsn: str) -> str:
    """The DSN without its password, for messages and settings."""
    psycopg = _psycopg()
    try:
        parts = psycopg.conninfo.conninfo_to_dict(dsn)
    except psycopg.ProgrammingError:
        return "(読めない接続先)"
    parts.pop("password", None)
    return str(psycopg.conninfo.make_conninfo(**{k: v for k, v in parts.items() if v is not None}))


def explain(exc: BaseException, dsn: str = "") -> TeamError:
    """A Japanese TeamError for any psycopg error (never a traceback)."""
    if isinstance(exc, TeamError):
        return exc
    psycopg = _psycopg()
    where = f"({redact(dsn)})" if dsn else ""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    low = str(exc).lower()
    if isinstance(exc, psycopg.errors.InsufficientPrivilege):
        return PermissionDenied(
            f"チームのサーバーで権限がありません: {text}。この操作はあなたのロールでは許されていません。"
            "必要なら管理者にロールとチームの設定を確認してもらってください。",
            f"Permission denied on the team server: {text}",
        )
    if isinstance(exc, psycopg.errors.UniqueViolation) and "number" in low:
        return TeamError(
            "この見積番号は既にチームで使われています。このパソコンの下書きのデータベースが別のパソコンから"
            "複製された"
            "可能性があります。同期を止め、管理者に連絡してください(下書きはこのパソコンに残っています)。",
            "A quote number is already used in the team; this data file may have been copied from another "
            "computer.",
        )
    if isinstance(exc, psycopg.errors.RaiseException):
        return TeamError(f"チームのサーバーが拒否しました: {text}", text)
    if isinstance(
        exc,
        psycopg.errors.UndefinedTable | psycopg.errors.InvalidSchemaName | psycopg.errors.UndefinedFunction,
    ):
        return SchemaMissing(
            f"チームのデータベース{where}にこのアプリの表がありません。管理者が `iij-configurator team init "
            "DSN` "
            "を実行してください。",
            "The team database has no schema; run `team init`.",
        )
    if (
        "password authentication failed" in low
        or "no password supplied" in low
        or ("role" in low and "does not exist" in low)
    ):
        return LoginFailed(
            f"チームのサーバーにログインできません{where}: ユーザー名かパスワードが違います。"
            "接続先の設定とパスワードを確認してください。",
            f"Login to the team server failed{' ' + where if where else ''}: the user name or password is "
            "wrong. Check the connection settings and the password.",
        )
    if isinstance(exc, psycopg.OperationalError):
        told = _connect_problem(low, dsn)
        if told is not None:
            return told
        return ServerUnreachable(
            f"チームのサーバーに接続できません{where}: {text}。"
            "ネットワークとサーバーの状態を確認してください。"
            "下書きはこのパソコンに保存されたままで、オフラインで作業を続けられます。",
            f"Cannot reach the team server: {text}",
        )
    if isinstance(exc, psycopg.Error):
        return TeamError(
            f"チームのサーバーでエラーが起きました: {text}。同期は次回やり直せます(途中までの内容は失われま"
            "せん)。",
            text,
        )
    return TeamError(f"チームのサーバーとの通信でエラーが起きました: {text}", text)


_OFFLINE_JA = "下書きはこのパソコンに保存されたままで、オフラインで作業を続けられます。"
_OFFLINE_EN = " Your drafts stay on this computer; you can go on working offline."
#: what libpq (and the system's resolver, on Linux, macOS and Windows) says when a host name is unknown
_NO_SUCH_HOST = (
    "failed to resolve host",
    "could not translate host name",
    "name or service not known",
    "nodename nor servname",
    "no such host is known",
    "temporary failure in name resolution",
)


def _connect_problem(low: str, dsn: str) -> TeamError | None:
    """The usual reasons a connection fails, in words that say which setting to change (the libpq text —
    English, with the library's wording — only in the log of the tooltip's full message, never alone)."""
    import re

    psycopg = _psycopg()
    try:
        parts = psycopg.conninfo.conninfo_to_dict(dsn) if dsn else {}
    except psycopg.ProgrammingError:
        parts = {}
    host = str(parts.get("host") or "localhost")
    port = str(parts.get("port") or "5432")
    db = str(parts.get("dbname") or "")
    user = str(parts.get("user") or "")
    if any(k in low for k in _NO_SUCH_HOST):
        return ServerUnreachable(
            f"チームのサーバーに接続できません: サーバー「{host}」が見つかりません。"
            "接続の設定の「サーバー」の綴りを管理者から受け取った名前と比べてください。"
            "社外からは VPN などで社内のネットワークにつないでください。" + _OFFLINE_JA,
            f"Cannot reach the team server: the server \"{host}\" was not found. Check the spelling of the "
            "server in the connection settings; from outside the office, connect to the office network (VPN) "
            "first." + _OFFLINE_EN,
        )
    if "connection refused" in low:
        return ServerUnreachable(
            f"チームのサーバーに接続できません: {host} のポート {port} で接続を断られました。"
            "サーバーが止まっているか、ポート番号が違います(通常は 5432)。"
            "「ポート」を確かめ、合っていれば管理者にサーバーの状態を確認してもらってください。"
            + _OFFLINE_JA,
            f"Cannot reach the team server: {host} refused the connection on port {port}. The server is "
            "stopped or the port is wrong (usually 5432): check the port, then ask the administrator."
            + _OFFLINE_EN,
        )
    if "timeout expired" in low or "timed out" in low:
        return ServerUnreachable(
            f"チームのサーバーに接続できません: {host}(ポート {port})から "
            f"{CONNECT_TIMEOUT_S} 秒待っても応答がありません。"
            "ネットワーク(社外からは VPN)と、「サーバー」「ポート」を確かめてください。" + _OFFLINE_JA,
            f"Cannot reach the team server: {host} (port {port}) did not answer within {CONNECT_TIMEOUT_S} "
            "seconds. Check the network (VPN from outside the office), the server and the port."
            + _OFFLINE_EN,
        )
    if "invalid response to ssl negotiation" in low or "expected authentication request" in low:
        return TeamError(
            f"{host} のポート {port} で応答したのは PostgreSQL のサーバーではありません。「ポート」を確かめて"
            "ください(PostgreSQL は通常 5432)。",
            f"What answered on {host} port {port} is not a PostgreSQL server. Check the port (PostgreSQL "
            "usually uses 5432).",
        )
    missing_db = re.search(r'database "([^"]*)" does not exist', low)
    if missing_db:
        return TeamError(
            f"サーバー {host} にデータベース「{db or missing_db.group(1)}」はありません。接続の設定の"
            "「データベース」を管理者から受け取った名前と比べてください。",
            f"The server {host} has no database \"{db or missing_db.group(1)}\". Check the database name "
            "in the connection settings.",
        )
    if "no pg_hba.conf entry" in low or "pg_hba.conf rejects connection" in low:
        tls = (
            "このサーバーは暗号化(SSL)した接続だけを受け付けます。" if "no encryption" in low else ""
        )
        return PermissionDenied(
            f"サーバー {host} は、このパソコンからユーザー {user} でデータベース「{db}」に接続することを"
            f"許可していません。{tls}管理者にサーバーの接続許可(pg_hba.conf)を確認してもらってください。",
            f"The server {host} does not allow user {user} to connect to the database \"{db}\" from this "
            "computer. Ask the administrator to check the server's pg_hba.conf.",
        )
    return None


@contextlib.contextmanager
def server_errors(dsn: str = "") -> Iterator[None]:
    """Turn psycopg errors raised inside into TeamError."""
    psycopg = _psycopg()
    try:
        yield
    except psycopg.Error as exc:
        raise explain(exc, dsn) from None


def connect(dsn: str, *, autocommit: bool = False) -> Any:
    """A psycopg connection to the team database (schema.open_team also checks the schema version)."""
    psycopg = _psycopg()
    try:
        parts = psycopg.conninfo.conninfo_to_dict(dsn)
    except psycopg.ProgrammingError as exc:
        raise TeamError(
            f"接続先の書き方が正しくありません: {exc}。例: host=db.example.co.jp dbname=iij user=yamada",
            "Malformed DSN.",
        ) from None
    parts.setdefault("connect_timeout", str(CONNECT_TIMEOUT_S))
    parts.setdefault("application_name", APPLICATION_NAME)
    with server_errors(dsn):
        conn = psycopg.connect(psycopg.conninfo.make_conninfo(**parts), autocommit=autocommit)
    return conn
