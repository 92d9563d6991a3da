"""The team link of the running app: the connection, background sync through ui/jobs.py, the state the
status bar shows, and the approval actions. The work itself is configurator/team/background.py's (no Qt
there): each job opens the draft store afresh on its worker thread and never raises for a server problem.

No team settings: TeamSync.configured is False and nothing runs, nothing is shown."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from configurator.errors import KnownError
from configurator.store.layout import JST
from configurator.store.settings import load_settings, save_settings
from configurator.team import connection as team_connection

if TYPE_CHECKING:  # the sync machinery is imported when a team is set up, not while the app starts
    from configurator.team.background import SyncOutcome
    from configurator.team.connection import Connection
    from configurator.team.local import TeamLocal
from configurator.text.i18n import _, error_text
from ui.jobs import Jobs

#: how often 未送信 is counted again between syncs (ms)
RECOUNT_MS = 15_000
#: the states of the status bar
OFF, IDLE, SYNCING, OK, OFFLINE, ERROR = "off", "idle", "syncing", "ok", "offline", "error"
#: how often the app tries again while the server cannot be reached (seconds; at most the usual period)
OFFLINE_RETRY_S = 60
#: the server refused the login (no password known this session, or a wrong one): the app asks for it
NEEDS_PASSWORD = "password"


def _hhmm(iso: str | None) -> str:
    if not iso:
        return ""
    try:
        when = dt.datetime.fromisoformat(iso).astimezone(JST)
    except ValueError:
        return ""
    today = dt.datetime.now(JST).date()
    return when.strftime("%H:%M") if when.date() == today else when.strftime("%m/%d %H:%M")


class TeamSync(QObject):
    """`changed()` whenever the state, the counts or the team's drafts may have changed;
    `synced(SyncOutcome)` after each sync or approval action (on the UI thread)."""

    changed = Signal()
    synced = Signal(object)
    #: only the counts changed (a local save): the status bar follows, the lists need not
    counted = Signal()

    def __init__(
        self, store: Any, parent: QObject | None = None, *, start_after_ms: int | None = 3000
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.folder = store.path.parent
        self.jobs = Jobs(self)
        self.connection: Connection | None = team_connection.load(load_settings())
        #: the password typed this session when the system has no keyring (never written anywhere)
        self.session_password: str | None = None
        self.state = OFF
        self.error: str = ""
        self.status: dict[str, Any] = {}
        self.local: TeamLocal | None = None
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.sync)
        self.recount = QTimer(self)  # 未送信 follows the autosaves between syncs
        self.recount.timeout.connect(self.refresh)
        self._connect_local()
        self.first = QTimer(self)  # the first sync a moment after start-up (the window shows first)
        self.first.setSingleShot(True)
        self.first.timeout.connect(self.sync)
        if self.configured and start_after_ms is not None:
            self.first.start(start_after_ms)

    # --- the connection --------------------------------------------------------------------------

    @property
    def configured(self) -> bool:
        return self.connection is not None

    def _connect_local(self) -> None:
        if self.connection is None:
            self.local, self.state, self.status = None, OFF, {}
            self.timer.stop()
            self.recount.stop()
            return
        from configurator.team.local import TeamLocal

        try:
            self.local = self.local or TeamLocal(self.store)
            self.status = self.local.status()
        except Exception as exc:  # a busy or damaged store: told in the status bar, the app goes on
            self.error, self.state = error_text(exc) if hasattr(exc, "message") else str(exc), ERROR
            return
        if self.state == OFF:
            self.state = OK if self.status.get("last_sync") and not self.status.get("last_error") else IDLE
        self.timer.start(self.connection.every_s * 1000)
        self.recount.start(RECOUNT_MS)

    def set_connection(self, conn: Connection | None, session_password: str | None = None) -> None:
        """Save the connection in the settings (None: the team link is removed) and sync at once."""
        old = self.connection
        if conn is None and old is not None:
            team_connection.forget_password(old)
        save_settings(team_connection.store(load_settings(), conn))
        self.connection = conn
        self.session_password = session_password
        self.state = OFF if conn is None else IDLE
        self.error = ""
        self._connect_local()
        self.changed.emit()
        if conn is not None:
            self.sync()

    # --- what the status bar shows ---------------------------------------------------------------

    def refresh(self) -> None:
        """未送信 again from the local store (one count): after saves, between syncs."""
        if self.local is None or self.state == SYNCING:
            return
        try:
            self.status = {**self.status, "unsent": self.local.unsent()}
        except Exception:  # busy: the next count or sync tells
            return
        self.counted.emit()

    @property
    def kind(self) -> str:
        return str(self.local.get("kind") or "") if self.local is not None else ""

    @property
    def approver(self) -> bool:
        return self.kind in ("approver", "manager", "admin")

    def describe(self) -> tuple[str, str]:
        """(text, tooltip) of the status bar: 未接続 / 同期中 / 同期済み hh:mm / N件未送信 / エラー."""
        if self.connection is None:
            return "", ""
        unsent = int(self.status.get("unsent") or 0)
        tail = _('・{n}件未送信').format(n=unsent) if unsent else ""
        where = self.connection.describe()
        if self.state == SYNCING:
            return _('チーム: 同期中…'), where
        if self.state == OK:
            last = _hhmm(self.status.get("last_sync"))
            return _('チーム: 同期済み {time}').format(time=last) + tail, where
        if self.state == OFFLINE:
            return _('チーム: 未接続(オフライン)') + tail, self.error
        if self.state == NEEDS_PASSWORD:
            return _('チーム: パスワードを入力してください') + tail, self.error
        if self.state == ERROR:
            short = self.error.split("。")[0].split(". ")[0]  # the first sentence (Japanese or English)
            return _('チーム: エラー — {reason}').format(reason=short) + tail, self.error
        return _('チーム: 未接続') + tail, where

    # --- sync and actions ------------------------------------------------------------------------

    def _dsn_maker(self) -> Callable[[], str]:
        """The DSN with its password, made on the worker thread (the keyring may take a moment)."""
        conn, typed = self.connection, self.session_password
        assert conn is not None

        def make() -> str:
            return conn.dsn(typed or team_connection.load_password(conn))

        return make

    def sync(self) -> bool:
        """Start a background sync; False when there is no team or one is already running."""
        if self.connection is None or self.jobs.running("team"):
            return False
        from configurator.team.background import sync_now

        make = self._dsn_maker()
        folder = self.folder
        self.state = SYNCING
        self.changed.emit()
        self.jobs.run(lambda: sync_now(make(), folder), success=self._done, failure=self._failed, name="team")
        return True

    def act(self, action: str, draft_id: int, comment: str = "", seen: str | None = None) -> bool:
        """承認依頼 / 承認 / 差戻し in the background (each syncs before and after). `seen`: the revision the
        approver saw in the queue (a draft changed since is neither approved nor rejected)."""
        if self.connection is None or self.jobs.running("team"):
            return False
        from configurator.team.background import act_now

        make = self._dsn_maker()
        folder = self.folder
        self.state = SYNCING
        self.changed.emit()
        self.jobs.run(
            lambda: act_now(make(), action, draft_id, comment, folder, seen),
            success=self._done,
            failure=self._failed,
            name="team",
        )
        return True

    def use_password(self, password: str, keep: bool) -> str:
        """The password the user typed when asked: kept in the system keyring when `keep` (and there is
        one), else only in memory until the app closes; then a sync at once. Returns a note for the user
        ("" when kept as asked), never raises for a keyring problem."""
        if self.connection is None or not password:
            return ""
        note = ""
        if keep:
            try:
                team_connection.save_password(self.connection, password)
                self.session_password = None
            except KnownError as exc:  # no keyring, or a locked one: this session only, and told so
                self.session_password, note = password, error_text(exc)
        else:
            self.session_password = password
        self.state, self.error = IDLE, ""
        self.timer.start(self.connection.every_s * 1000)
        self.sync()
        return note

    def _done(self, outcome: SyncOutcome) -> None:
        from configurator.team.approvals import ChangedSinceSeen
        from configurator.team.server import LoginFailed

        self.status = outcome.status or self.status
        if outcome.ok or isinstance(outcome.error, ChangedSinceSeen):
            # a decision refused because the draft changed: the sync itself went well (the status bar
            # said エラー); the panel tells the refusal
            self.state, self.error = OK, ""
            self._every(self.connection.every_s if self.connection else None)
        else:
            self.state = OFFLINE if outcome.offline else ERROR
            if outcome.offline and self.connection is not None:
                # the server back (a restart, the VPN again) is found within a minute, not 5
                self._every(min(self.connection.every_s, OFFLINE_RETRY_S))
            self.error = error_text(outcome.error) if outcome.error is not None else outcome.message
            if isinstance(outcome.error, LoginFailed):
                # asked for, not tried again every few minutes with a password the server refuses
                self.state, self.session_password = NEEDS_PASSWORD, None
                self.timer.stop()
        self.changed.emit()
        self.synced.emit(outcome)

    def _every(self, seconds: int | None) -> None:
        """The background sync's period from now on (a running timer keeps running, a stopped one stays
        stopped: no sync is started here)."""
        if seconds is not None and self.timer.isActive() and self.timer.interval() != seconds * 1000:
            self.timer.start(seconds * 1000)

    def _failed(self, message: str) -> None:  # a bug on the worker: told, the app goes on
        from configurator.team.background import SyncOutcome

        self.state, self.error = ERROR, message
        self.changed.emit()
        self.synced.emit(SyncOutcome(False, False, message, None))
