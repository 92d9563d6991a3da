"""The app's team connection settings (issue 19 part 6): server, port, database and user in settings.json
("team"), the password only in the system keyring (the `keyring` library: Windows Credential Manager,
macOS Keychain, the Secret Service on Linux) — never in a file of ours. No Qt here.

With no "team" entry in the settings the app shows and does nothing of the team. When the system has no
keyring backend, saving a password fails with a Japanese message saying so; the app then keeps the
password only in memory until it closes (ui/team), or the user keeps it in a pgpass file.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from typing import Any

from configurator.team.server import TeamError

SETTINGS_KEY = "team"
KEYRING_SERVICE = "iij-configurator team"
DEFAULT_PORT = 5432
#: how often the app syncs in the background while the server answers (seconds); setting "team.every_s"
DEFAULT_EVERY_S = 300

_NAME = r"^[^\s'\"\\]+$"  # compiled on first use (not while the app starts)


class NoKeyring(TeamError):
    """The system offers no place to keep the password safely."""


@dataclass(frozen=True)
class Connection:
    host: str
    dbname: str
    user: str
    port: int = DEFAULT_PORT
    every_s: int = DEFAULT_EVERY_S

    @property
    def account(self) -> str:
        """The keyring's user name for this connection's password."""
        return f"{self.user}@{self.host}:{self.port}/{self.dbname}"

    def dsn(self, password: str | None = None) -> str:
        """The libpq connection string; the password only when given (it is never stored)."""
        parts = [f"host={self.host}", f"port={self.port}", f"dbname={self.dbname}", f"user={self.user}"]
        if password:
            escaped = password.replace("\\", "\\\\").replace("'", "\\'")
            parts.append(f"password='{escaped}'")
        return " ".join(parts)

    def describe(self) -> str:
        return f"{self.user}@{self.host}:{self.port}/{self.dbname}"

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"host": self.host, "port": self.port, "dbname": self.dbname, "user": self.user}
        if self.every_s != DEFAULT_EVERY_S:
            out["every_s"] = self.every_s
        return out


def check(host: str, port: str | int, dbname: str, user: str) -> Connection:
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
    return Connection(host, dbname, user, number)


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
    if isinstance(every, int) and not isinstance(every, bool) and 30 <= every <= 24 * 3600:
        conn = Connection(conn.host, conn.dbname, conn.user, conn.port, every)
    return conn


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
