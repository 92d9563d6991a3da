"""Connecting to the team's PostgreSQL and explaining its errors in Japanese."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
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


class TlsProblem(TeamError):
    """The connection could not be made as safely as the settings ask (no encryption offered, a server
    certificate that does not verify, a CA file that is not one): nothing was sent, not even the password."""


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
        told = _connect_problem(low, dsn, str(exc))
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


#: libpq's sslmode values that check the server's certificate against sslrootcert
VERIFYING = ("verify-full", "verify-ca")
#: the largest CA file read (a bundle of every public CA is ~250 KB; a bigger file is not a CA file)
CA_FILE_MAX_BYTES = 4 * 1024 * 1024
_TLS_FIELD_JA = "接続の設定の「通信の暗号化」(コマンドでは --tls)"
_CA_FIELD_JA = "接続の設定の「CA ファイル」(コマンドでは --ca-file)"
_CA_FIELD_EN = "the CA file in the connection settings (--ca-file on the command line)"
_CA_ASK_JA = "管理者から受け取った CA の証明書ファイル(PEM 形式、.crt や .pem)を選んでください。"


def check_ca_file(path: str | Path) -> Path:
    """The CA file the server's certificate is checked against, looked at before any connection: a
    TlsProblem (Japanese) when it is missing, unreadable or holds no certificate in PEM form (what libpq
    reads). Returns the path made absolute (it is remembered and used from other working folders)."""
    import os
    import re
    import ssl

    text = str(path).strip()
    if not text:
        raise TlsProblem(
            "「サーバー証明書を確認」には CA ファイルが必要です。" + _CA_FIELD_JA + "で、" + _CA_ASK_JA,
            "Verifying the server certificate needs a CA file: choose the CA certificate file (PEM, .crt or "
            f".pem) the administrator gave you as {_CA_FIELD_EN}.",
        )
    file = Path(os.path.abspath(Path(text).expanduser()))  # ".." folded (not resolve(): a mapped drive stays)
    try:
        if file.is_dir():
            raise IsADirectoryError(text)
        size = file.stat().st_size
        data = b"" if size > CA_FILE_MAX_BYTES else file.read_bytes()
    except FileNotFoundError:
        raise TlsProblem(
            f"CA ファイル {file} がありません。" + _CA_FIELD_JA + "で、" + _CA_ASK_JA,
            f"The CA file {file} does not exist: choose the CA certificate file the administrator gave you "
            f"as {_CA_FIELD_EN}.",
        ) from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise TlsProblem(
            f"CA ファイル {file} を読めません({reason})。フォルダではなくファイルを選び、このユーザーで読める"
            "場所に置いてください。" + _CA_FIELD_JA + "で選び直せます。",
            f"Cannot read the CA file {file} ({reason}): choose a file this user can read as {_CA_FIELD_EN}.",
        ) from None
    blocks = re.findall(rb"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", data, re.DOTALL)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    try:
        for block in blocks:
            context.load_verify_locations(cadata=block.decode("ascii"))
    except (ssl.SSLError, UnicodeDecodeError, ValueError):
        blocks = []
    if blocks:
        return file
    der = False
    if data[:1] == b"\x30" and len(data) < 64 * 1024:  # an ASN.1 sequence: maybe a certificate in DER form
        with contextlib.suppress(ssl.SSLError, ValueError):
            context.load_verify_locations(cadata=data)
            der = True
    if der:
        raise TlsProblem(
            f"CA ファイル {file} は証明書ですが DER 形式(バイナリ)です。このアプリ(libpq)は PEM 形式"
            "(-----BEGIN CERTIFICATE----- で始まるテキスト)しか読めません。管理者に PEM 形式"
            "(Windows の証明書のエクスポートでは「Base 64 encoded X.509」)で渡してもらい、" + _CA_FIELD_JA
            + "で選び直してください。",
            f"The CA file {file} is a certificate in DER (binary) form; only PEM (text starting with "
            "-----BEGIN CERTIFICATE-----) can be used. Ask the administrator for it in PEM (Base-64) form "
            f"and choose it as {_CA_FIELD_EN}.",
        )
    raise TlsProblem(
        f"CA ファイル {file} には証明書がありません(PEM 形式の -----BEGIN CERTIFICATE----- で始まる"
        "証明書が見つかりません)。" + _CA_FIELD_JA + "で、" + _CA_ASK_JA,
        f"The CA file {file} holds no certificate (none in PEM form, starting with -----BEGIN "
        f"CERTIFICATE-----): choose the CA certificate file the administrator gave you as {_CA_FIELD_EN}.",
    )


def _certificate_reason(parts: dict[str, Any]) -> int | None:
    """Why the server's certificate does not verify against the CA file, which libpq does not say (only
    "certificate verify failed"): the OpenSSL verify code of a TLS handshake made here with Python's ssl
    (the PostgreSQL SSLRequest first), or None when that cannot tell."""
    import socket
    import ssl
    import struct

    host = str(parts.get("hostaddr") or parts.get("host") or "")
    ca = str(parts.get("sslrootcert") or "")
    if not host or not ca or ca == "system" or host.startswith("/") or "," in host:
        return None
    try:
        port = int(str(parts.get("port") or 5432))
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False  # libpq compares the name itself (and says so); the chain is asked
        context.load_verify_locations(cafile=ca)
        with socket.create_connection((host, port), timeout=CONNECT_TIMEOUT_S) as sock:
            sock.sendall(struct.pack("!ii", 8, 80877103))  # SSLRequest
            if sock.recv(1) != b"S":
                return None
            with context.wrap_socket(sock, server_hostname=str(parts.get("host") or host)):
                return None
    except ssl.SSLCertVerificationError as exc:
        return int(exc.verify_code)
    except (OSError, ValueError):
        return None


def _tls_problem(text: str, low: str, parts: dict[str, Any]) -> TeamError | None:
    """The TLS failures, each saying which setting to change (or that the server may be an impostor)."""
    import re

    host = str(parts.get("host") or "localhost")
    mode = str(parts.get("sslmode") or "")
    ca = str(parts.get("sslrootcert") or "")
    impostor_ja = (
        "いつもは接続できるのにこの表示が出たときは、社外の Wi-Fi などで偽のサーバーにつながっている恐れが"
        "あります。そのネットワークではパスワードを入力せず、管理者に連絡してください。"
    )
    impostor_en = (
        " If this appears where the connection usually works, the network may lead to an impostor server: do "
        "not enter the password there and tell the administrator."
    )
    if "server does not support ssl" in low and "ssl was required" in low:
        return TlsProblem(
            f"サーバー {host} は暗号化(SSL/TLS)した接続を受け付けません。{_TLS_FIELD_JA}が暗号化を求めて"
            "いるので、接続しませんでした(パスワードは送っていません)。管理者にサーバーの SSL を有効にして"
            "もらってください(postgresql.conf の ssl = on と証明書)。" + impostor_ja + _OFFLINE_JA,
            f"The server {host} offers no encryption (SSL/TLS), and the connection settings ask for it, so "
            "nothing was sent (not the password). Ask the administrator to turn SSL on at the server "
            "(ssl = on in postgresql.conf, with a certificate)." + impostor_en + _OFFLINE_EN,
        )
    names = re.search(
        r'server certificate for "([^"]*)"(?: \(and (\d+) other names?\))? '
        r'does not match host name "([^"]*)"',
        text,
    )
    if names or "does not match host name" in low:
        cert_name = names.group(1) if names else "?"
        more_ja = f"(ほか {names.group(2)} 個の名前)" if names and names.group(2) else ""
        other = int(names.group(2) or 0) if names else 0
        more_en = f" (and {other} other name{'s' if other > 1 else ''})" if other else ""
        asked = names.group(3) if names else host
        return TlsProblem(
            f"サーバーの証明書は「{cert_name}」{more_ja}のもので、接続先の「{asked}」とは一致しないため、"
            "接続しませんでした(パスワードは送っていません)。接続の設定の「サーバー」(コマンドでは --dsn の "
            "host)を、証明書に書かれたサーバーの名前(管理者から受け取った名前。IP アドレスではなく名前が"
            f"必要なことがあります)にするか、管理者に証明書の名前に「{asked}」を加えてもらってください。"
            + impostor_ja,
            f'The server certificate is for "{cert_name}"{more_en}, not for "{asked}" as in the '
            "connection settings, so nothing was sent (not the password). Set the server (host of --dsn) to "
            "the name in the certificate, as the administrator gave it (a name, not an IP address, may be "
            f'needed), or ask the administrator to add "{asked}" to the certificate\'s names.' + impostor_en,
        )
    missing = re.search(r'root certificate file "([^"]*)" does not exist', text)
    if missing:
        path = Path(missing.group(1))
        if ca and path.is_file():  # Python finds it, libpq did not: a path libpq cannot open (Windows)
            return TlsProblem(
                f"CA ファイル {path} はありますが、データベースの接続ライブラリ(libpq)が開けませんでした。"
                "パスに日本語などの文字を含まないフォルダ(例 C:\\iij\\team-ca.crt)に置き、"
                + _CA_FIELD_JA + "で選び直してください。",
                f"The CA file {path} exists but the database library (libpq) could not open it. Put it in a "
                "folder whose path has only ASCII letters (e.g. C:\\iij\\team-ca.crt) and choose it again "
                f"as {_CA_FIELD_EN}.",
            )
        return TlsProblem(
            f"サーバー証明書を確認するための CA ファイル {path} がありません。" + _CA_FIELD_JA + "で、"
            + _CA_ASK_JA,
            f"The CA file {path} to verify the server certificate with does not exist: choose the CA "
            f"certificate file the administrator gave you as {_CA_FIELD_EN}.",
        )
    unreadable = re.search(r'could not read root certificate file "([^"]*)"', text)
    if unreadable:
        return TlsProblem(
            f"CA ファイル {unreadable.group(1)} を証明書として読めませんでした。" + _CA_FIELD_JA + "で、"
            + _CA_ASK_JA,
            f"The CA file {unreadable.group(1)} could not be read as a certificate: choose the CA "
            f"certificate file the administrator gave you as {_CA_FIELD_EN}.",
        )
    if "certificate verify failed" in low and mode in VERIFYING:
        reason = _certificate_reason(parts)
        if reason in (9, 10):  # X509_V_ERR_CERT_NOT_YET_VALID, X509_V_ERR_CERT_HAS_EXPIRED
            return TlsProblem(
                f"サーバー {host} の証明書(またはそれに署名した CA の証明書)は有効期限が切れているか、"
                "まだ有効になっていないため、接続しませんでした(パスワードは送っていません)。"
                "このパソコンの日付と時刻が正しいか確かめ、正しければ管理者に証明書の更新を依頼して、"
                "新しい CA ファイルを" + _CA_FIELD_JA + "で選んでください。",
                f"The certificate of the server {host} (or of the CA that signed it) has expired or is not "
                "valid yet, so nothing was sent (not the password). Check this computer's date and time; if "
                "they are right, ask the administrator to renew the certificate and choose the new CA file "
                f"as {_CA_FIELD_EN}.",
            )
        return TlsProblem(
            f"サーバー {host} の証明書は、CA ファイル {ca or '(既定)'} の CA が署名したものではないため、"
            "接続しませんでした(パスワードは送っていません)。" + _CA_FIELD_JA + "で、管理者から受け取った"
            "最新の CA ファイルを選んでください。正しい CA ファイルでもこの表示が出るときは、"
            "偽のサーバーにつながっている恐れがあります。そのネットワークではパスワードを入力せず、"
            "管理者に連絡してください。",
            f"The certificate of the server {host} is not signed by the CA in the CA file "
            f"{ca or '(default)'}, so nothing was sent (not the password). Choose the latest CA file the "
            f"administrator gave you as {_CA_FIELD_EN}. If it is the right file, the network may lead to an "
            "impostor server: do not enter the password there and tell the administrator.",
        )
    return None


def _connect_problem(low: str, dsn: str, text: str = "") -> TeamError | None:
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
    unsafe = _tls_problem(text, low, parts)
    if unsafe is not None:
        return unsafe
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
    if parts.get("sslmode") in VERIFYING and parts.get("sslrootcert", "system") != "system":
        # told before connecting, in words saying what to choose (an empty one: that one is needed)
        check_ca_file(str(parts["sslrootcert"] or ""))
    parts.setdefault("connect_timeout", str(CONNECT_TIMEOUT_S))
    parts.setdefault("application_name", APPLICATION_NAME)
    with server_errors(dsn):
        conn = psycopg.connect(psycopg.conninfo.make_conninfo(**parts), autocommit=autocommit)
    return conn
