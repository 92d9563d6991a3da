"""The app's team connection settings (issue 19 part 6): server, port, database and user in settings.json
("team"), the password only in the system keyring (the `keyring` library: Windows Credential Manager,
macOS Keychain, the Secret Service on Linux) — never in a file of ours. No Qt here.

With no "team" entry in the settings the app shows and does nothing of the team. When the system has no
keyring backend, saving a password fails with a Japanese message saying so; the app then keeps the
password only in memory until it closes (ui/team), or the user keeps it in a pgpass file.

"tls" says how the connection is protected: "prefer" (libpq's default sslmode=prefer, what a settings file
without "tls" means: encrypted when the server offers it, but an impostor need not), "require" (encrypted
or no connection; the certificate is not checked) or "verify" (sslmode=verify-full against the CA
certificate "ca_file" the administrator hands out: the server must prove its name). libpq 16+ offers
sslrootcert=system, but psycopg[binary]'s own OpenSSL does not find the system's CAs (it looks in
/usr/lib/psycopg-openssl on Linux; OpenSSL never reads the Windows store), so "verify" always takes a file.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from configurator.team.server import TeamError, check_ca_file

SETTINGS_KEY = "team"
KEYRING_SERVICE = "iij-configurator team"
DEFAULT_PORT = 5432
#: how often the app syncs in the background while the server answers (seconds); setting "team.every_s"
DEFAULT_EVERY_S = 300

_NAME = r"^[^\s'\"\\]+$"  # compiled on first use (not while the app starts)

#: settings "tls": encrypted if the server offers it (libpq's default; the old behaviour), always
#: encrypted, or encrypted with the server's certificate checked against "ca_file" (recommended)
TLS_PREFER, TLS_REQUIRE, TLS_VERIFY = "prefer", "require", "verify"
TLS_MODES = (TLS_PREFER, TLS_REQUIRE, TLS_VERIFY)
#: libpq's sslmode for each (prefer: none written, so libpq's default and $PGSSLMODE apply as before)
SSLMODE = {TLS_PREFER: "", TLS_REQUIRE: "require", TLS_VERIFY: "verify-full"}


class NoKeyring(TeamError):
    """The system offers no place to keep the password safely."""


@dataclass(frozen=True)
class Connection:
    host: str
    dbname: str
    user: str
    port: int = DEFAULT_PORT
    every_s: int = DEFAULT_EVERY_S
    tls: str = TLS_PREFER
    #: the CA certificate (PEM) the server's certificate is checked against, with tls "verify"
    ca_file: str = ""

    @property
    def account(self) -> str:
        """The keyring's user name for this connection's password."""
        return f"{self.user}@{self.host}:{self.port}/{self.dbname}"

    def dsn(self, password: str | None = None) -> str:
        """The libpq connection string; the password only when given (it is never stored)."""
        parts = [f"host={self.host}", f"port={self.port}", f"dbname={self.dbname}", f"user={self.user}"]
        if self.tls in (TLS_REQUIRE, TLS_VERIFY):
            parts.append(f"sslmode={SSLMODE[self.tls]}")
        if self.tls == TLS_VERIFY:
            parts.append(f"sslrootcert={_quoted(self.ca_file)}")
        if password:
            parts.append(f"password={_quoted(password)}")
        return " ".join(parts)

    def describe(self) -> str:
        return f"{self.user}@{self.host}:{self.port}/{self.dbname}"

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"host": self.host, "port": self.port, "dbname": self.dbname, "user": self.user}
        if self.every_s != DEFAULT_EVERY_S:
            out["every_s"] = self.every_s
        if self.tls != TLS_PREFER:
            out["tls"] = self.tls
        if self.tls == TLS_VERIFY:
            out["ca_file"] = self.ca_file
        return out


def _quoted(value: str) -> str:
    """A libpq connection string value, quoted (spaces, quotes and Windows paths' backslashes intact)."""
    escaped = value.replace("\\", "\\\\").replace("'", "\\'")
    return f"'{escaped}'"


def check_tls(tls: str, ca_file: str | Path = "") -> tuple[str, str]:
    """(tls, ca_file) from what the user chose: the CA file looked at now (missing, unreadable, not a
    certificate: a Japanese TlsProblem saying so) and made absolute; none kept unless tls is "verify"."""
    if tls not in TLS_MODES:
        raise TeamError(
            f"通信の暗号化は {' / '.join(TLS_MODES)} のどれかで指定してください(「{tls}」)。",
            f"The encryption setting must be one of {', '.join(TLS_MODES)} (not \"{tls}\").",
        )
    if tls != TLS_VERIFY:
        return tls, ""
    return tls, str(check_ca_file(ca_file))


def dsn_with_tls(dsn: str, tls: str | None, ca_file: str | Path | None) -> str:
    """The command line's DSN with --tls / --ca-file applied (neither: unchanged, so a DSN's own sslmode
    and libpq's $PGSSLMODE apply). --ca-file alone means "verify"; "verify" without --ca-file keeps the
    DSN's sslrootcert. The CA file is looked at now and written absolute (the DSN is remembered)."""
    if tls is None and ca_file is None:
        return dsn
    from configurator.team.server import _psycopg

    psycopg = _psycopg()
    try:
        parts = {k: v for k, v in psycopg.conninfo.conninfo_to_dict(dsn).items() if v is not None}
    except psycopg.ProgrammingError as exc:
        raise TeamError(
            f"接続先の書き方が正しくありません: {exc}。例: host=db.example.co.jp dbname=iij user=yamada",
            "Malformed DSN.",
        ) from None
    tls = tls or TLS_VERIFY
    if ca_file is not None and tls != TLS_VERIFY:
        raise TeamError(
            f"--ca-file は --tls {TLS_VERIFY} のときだけ使います(--tls {tls} では証明書を確かめません)。",
            f"--ca-file goes with --tls {TLS_VERIFY} only (--tls {tls} does not check the certificate).",
        )
    if tls == TLS_VERIFY and ca_file is None:
        ca_file = str(parts.get("sslrootcert") or "")
        if not ca_file:
            raise TeamError(
                f"--tls {TLS_VERIFY} には、管理者から受け取った CA の証明書ファイルを --ca-file FILE で"
                "指定してください。",
                f"--tls {TLS_VERIFY} needs the CA certificate file from the administrator: --ca-file FILE.",
            )
    tls, ca = check_tls(tls, ca_file or "")
    parts.pop("sslrootcert", None)
    parts["sslmode"] = SSLMODE[tls] or TLS_PREFER
    if ca:
        parts["sslrootcert"] = ca
    return str(psycopg.conninfo.make_conninfo(**parts))


def check(
    host: str, port: str | int, dbname: str, user: str, tls: str = TLS_PREFER, ca_file: str | Path = ""
) -> Connection:
    """A Connection from what the user typed; a TeamError (Japanese) says which field to change."""
    host, dbname, user = host.strip(), dbname.strip(), user.strip()
    for value, ja, en in (
        (host, "サーバー", "server"),
        (dbname, "データベース", "database"),
        (user, "ユーザー", "user"),
    ):
        if not value:
            raise TeamError(f"{ja}を入力してください。", f"Enter the {en}.")
        if not re.match(_NAME, value):
            raise TeamError(
                f"{ja}に空白や引用符は使えません(「{value}」)。管理者から受け取った名前を確かめてください。",
                f"The {en} may not contain spaces or quotes.",
            )
    try:
        number = int(str(port).strip() or DEFAULT_PORT)
    except ValueError:
        number = 0
    if not 1 <= number <= 65535:
        raise TeamError(
            f"ポートは 1 から 65535 の数字で入力してください(「{port}」)。通常は {DEFAULT_PORT} です。",
            f"The port must be a number from 1 to 65535 (usually {DEFAULT_PORT}).",
        )
    tls, ca = check_tls(tls, ca_file)
    return Connection(host, dbname, user, number, tls=tls, ca_file=ca)


def other_server(conn: Connection, recorded: str | None) -> str | None:
    """The server this store last synced with (`recorded`: team_state's DSN, without a password) when it is
    another server or database than `conn`; None when it is the same one or none yet. A store's drafts,
    numbers and cursor belong to one team database: they must not be sent to another."""
    if not recorded:
        return None
    parts = dict(p.split("=", 1) for p in recorded.split() if "=" in p)
    same = (
        parts.get("host", "") == conn.host
        and parts.get("dbname", "") == conn.dbname
        and int(parts.get("port") or DEFAULT_PORT) == conn.port
    )
    return (
        None
        if same
        else f"{parts.get('host', '?')}:{parts.get('port', DEFAULT_PORT)}/{parts.get('dbname', '?')}"
    )


def load(settings: dict[str, Any]) -> Connection | None:
    """The connection saved in the settings, or None (no team: the app shows nothing of it)."""
    entry = settings.get(SETTINGS_KEY)
    if not isinstance(entry, dict):
        return None
    try:
        conn = check(
            str(entry.get("host", "")),
            entry.get("port", DEFAULT_PORT),
            str(entry.get("dbname", "")),
            str(entry.get("user", "")),
        )
    except TeamError:
        return None
    every = entry.get("every_s")
    if not (isinstance(every, int) and not isinstance(every, bool) and 30 <= every <= 24 * 3600):
        every = DEFAULT_EVERY_S
    # the CA file is not looked at here (the connection tells when it is gone): the team stays set up. A
    # "tls" this version does not know is taken as the strictest, never as less than was asked
    tls = entry.get("tls", TLS_PREFER)
    tls = tls if tls in TLS_MODES else TLS_VERIFY
    ca_file = entry.get("ca_file")
    ca = ca_file if tls == TLS_VERIFY and isinstance(ca_file, str) else ""
    return Connection(conn.host, conn.dbname, conn.user, conn.port, every, tls, ca)


def store(settings: dict[str, Any], conn: Connection | None) -> dict[str, Any]:
    """The settings with the connection put in (or taken out, for None); never a password."""
    out = dict(settings)
    if conn is None:
        out.pop(SETTINGS_KEY, None)
    else:
        out[SETTINGS_KEY] = conn.to_json()
    return out


# --- the password, in the system keyring -------------------------------------------------------------

_NO_KEYRING_JA = (
    "このパソコンにはパスワードを安全に保存する仕組み(キーリング)がありません。"
    "パスワードはファイルには保存しません。アプリを閉じるまでの間だけ覚えておくので、"
    "起動のたびに入力してください(またはサーバーの管理者に pgpass ファイルの設定を相談してください)。"
)
_NO_KEYRING_EN = (
    "This computer has no keyring to keep the password safely. The password is never written to a file; "
    "the app keeps it until it is closed, so enter it again at each start (or use a pgpass file)."
)


def no_keyring() -> NoKeyring:
    """The explanation shown when the system has no keyring."""
    return NoKeyring(_NO_KEYRING_JA, _NO_KEYRING_EN)


def _keyring() -> Any:
    try:
        import keyring
        import keyring.errors
    except ImportError:
        raise no_keyring() from None
    return keyring


def _no_backend(keyring: Any) -> bool:
    backend = keyring.get_keyring()
    try:
        from keyring.backends import fail

        if isinstance(backend, fail.Keyring):
            return True
    except ImportError:
        pass
    return float(getattr(backend, "priority", 1)) <= 0 and not hasattr(backend, "backends")


def keyring_available() -> bool:
    try:
        return not _no_backend(_keyring())
    except NoKeyring:
        return False


def save_password(conn: Connection, password: str) -> None:
    """Keep the password in the system keyring (an empty one removes it). NoKeyring when there is none."""
    keyring = _keyring()
    if _no_backend(keyring):
        raise no_keyring()
    try:
        if password:
            keyring.set_password(KEYRING_SERVICE, conn.account, password)
        else:
            forget_password(conn)
    except keyring.errors.NoKeyringError:
        raise no_keyring() from None
    except keyring.errors.KeyringError as exc:
        raise TeamError(
            f"キーリングにパスワードを保存できませんでした({exc})。"
            "キーリングがロックされていれば解除してから、もう一度保存してください。",
            f"Could not save the password in the keyring ({exc}).",
        ) from None


def load_password(conn: Connection) -> str | None:
    """The password from the system keyring, or None (none saved, or no keyring: then the app asks)."""
    try:
        keyring = _keyring()
    except NoKeyring:
        return None
    try:
        value = keyring.get_password(KEYRING_SERVICE, conn.account)
    except keyring.errors.KeyringError:
        return None
    return None if value is None else str(value)


def forget_password(conn: Connection) -> None:
    try:
        keyring = _keyring()
    except NoKeyring:
        return
    with contextlib.suppress(keyring.errors.KeyringError):  # none saved (PasswordDeleteError), no keyring
        keyring.delete_password(KEYRING_SERVICE, conn.account)
