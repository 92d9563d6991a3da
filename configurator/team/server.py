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
            "Login to the team server failed.",
        )
    if isinstance(exc, psycopg.OperationalError):
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
