"""チームの接続設定: the server, port, database and user, how the connection is protected (通信の暗号化 and
the CA file: settings.json) and the password (the system keyring, never a file). Checking and storing are
configurator/team/connection.py's; this only asks."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from configurator.errors import KnownError
from configurator.team import connection as team_connection
from configurator.team.background import SyncOutcome
from configurator.team.connection import DEFAULT_PORT, TLS_PREFER, TLS_REQUIRE, TLS_VERIFY, NoKeyring
from configurator.text.i18n import N_, _, error_text
from ui.common import ask_open_file, form_row, intro_label
from ui.team.controller import TeamSync

#: 通信の暗号化: each choice and what it means, in the words of the dialog
TLS_CHOICES = (
    (
        TLS_PREFER,
        N_('可能なら暗号化'),
        N_('サーバーが対応していれば暗号化します。相手が本物のサーバーかは確かめません(以前からの動作)。'),
    ),
    (
        TLS_REQUIRE,
        N_('必ず暗号化'),
        N_('暗号化できないときは接続しません。相手が本物のサーバーかは確かめません。'),
    ),
    (
        TLS_VERIFY,
        N_('サーバー証明書を確認(推奨)'),
        N_(
            '管理者から受け取った CA ファイルで、サーバーが本物かを確かめてから接続します。'
            '社外の Wi-Fi などで偽のサーバーにつながっても、パスワードを渡しません。'
        ),
    ),
)


def keyring_state(conn: team_connection.Connection | None) -> tuple[bool, bool]:
    """On a worker thread: whether the system has a keyring, and a password saved in it for `conn`."""
    available = team_connection.keyring_available()
    return available, bool(available and conn is not None and team_connection.load_password(conn))


class TeamSettingsDialog(QDialog):
    def __init__(self, team: TeamSync, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.team = team
        self.setWindowTitle(_('チームの接続設定'))
        self.resize(580, 460)
        v = QVBoxLayout(self)
        v.addWidget(
            intro_label(
                _(
                    'チームで見積番号・価格表・承認を共有するときだけ設定します。'
                    '管理者から受け取ったサーバー・データベース・ユーザー名を入力してください。'
                    'パスワードはこのパソコンのキーリングに保存され、ファイルには書かれません。'
                )
            )
        )
        self.no_keyring = QLabel()  # filled in when the keyring has been looked at (_keyring_checked)
        self.no_keyring.setWordWrap(True)
        self.no_keyring.setStyleSheet("color: #8a5a00;")
        self.no_keyring.setVisible(False)
        v.addWidget(self.no_keyring)
        form = QFormLayout()
        conn = team.connection
        self.host = self._field(form, _('サーバー(&S)'), conn.host if conn else "", "db.example.co.jp")
        self.port = self._field(form, _('ポート(&P)'), str(conn.port if conn else DEFAULT_PORT), "")
        self.dbname = self._field(form, _('データベース(&D)'), conn.dbname if conn else "", "iij")
        self.user = self._field(form, _('ユーザー(&U)'), conn.user if conn else "", "yamada")
        self.password = self._field(form, _('パスワード(&W)'), "", "")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.tls = QComboBox()
        for mode, label, _meaning in TLS_CHOICES:
            self.tls.addItem(_(label), mode)
        self.tls_meaning = QLabel()  # what the choice means, under it
        self.tls_meaning.setWordWrap(True)
        form_row(form, _('通信の暗号化(&E)'), self.tls, self.tls_meaning, _('通信の暗号化'))
        self.ca_file = QLineEdit(conn.ca_file if conn else "")
        self.ca_file.setPlaceholderText(_('管理者から受け取った CA の証明書(.crt / .pem)'))
        self.ca_file.setAccessibleName(_('CA ファイル'))
        self.ca_pick = QPushButton(_('選ぶ(&B)…'))
        self.ca_pick.setAccessibleName(_('CA ファイルを選ぶ'))
        self.ca_pick.setAutoDefault(False)
        self.ca_pick.clicked.connect(self.pick_ca_file)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_file, 1)
        ca_row.addWidget(self.ca_pick)
        self.ca_label = QLabel(_('CA ファイル(&A)'))
        self.ca_label.setBuddy(self.ca_file)
        form.addRow(self.ca_label, ca_row)
        self.tls.currentIndexChanged.connect(self._tls_chosen)
        self.tls.setCurrentIndex(max(0, self.tls.findData(conn.tls if conn else TLS_PREFER)))
        self._tls_chosen()
        v.addLayout(form)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName(_('接続の結果'))
        v.addWidget(self.message)
        v.addStretch(1)
        buttons = QDialogButtonBox()
        self.save_btn = QPushButton(_('保存して接続(&C)'))
        self.save_btn.setAccessibleName(_('保存して接続'))
        self.save_btn.setDefault(True)  # Enter saves; never removes
        self.remove_btn = QPushButton(_('チームの接続を解除(&R)'))
        self.remove_btn.setAccessibleName(_('チームの接続を解除'))
        self.remove_btn.setToolTip(
            _('設定とキーリングのパスワードを消します。下書きはこのパソコンに残ります。')
        )
        self.remove_btn.setAutoDefault(False)
        buttons.addButton(self.save_btn, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.remove_btn, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        # once in the box (adding a button shows it: 解除 was offered with no team to remove)
        self.remove_btn.setVisible(conn is not None)
        buttons.rejected.connect(self.reject)
        self.save_btn.clicked.connect(self.save)
        self.remove_btn.clicked.connect(self.remove)
        v.addWidget(buttons)
        self.note = ""
        team.synced.connect(self._synced)
        # whether there is a keyring and a password saved in it, looked at on a worker thread: the first
        # look imports keyring and its backends and asks the system (~100 ms of the UI thread, 300 ms
        # wall-clock, when the dialog opened: issue 22 item 5). The dialog is usable meanwhile.
        from ui.jobs import Jobs

        self._checks = Jobs()  # no parent: the dialog may be deleted (closed) before the look ends
        self._checks.run(
            lambda: keyring_state(conn),
            success=self._keyring_checked,
            failure=lambda _m: None,
            name="keyring",
        )

    def _keyring_checked(self, state: tuple[bool, bool]) -> None:
        from shiboken6 import isValid

        if not isValid(self.no_keyring):  # closed meanwhile
            return
        available, saved = state
        if not available:
            self.no_keyring.setText(error_text(team_connection.no_keyring()))
        self.no_keyring.setVisible(not available)
        if saved:
            self.password.setPlaceholderText(_('(保存済み。変えるときだけ入力)'))

    def _tls_chosen(self) -> None:
        """The meaning of the choice under it; the CA file only asked for with サーバー証明書を確認."""
        mode = self.tls.currentData()
        self.tls_meaning.setText(next(_(m) for k, _l, m in TLS_CHOICES if k == mode))
        verify = mode == TLS_VERIFY
        for w in (self.ca_label, self.ca_file, self.ca_pick):
            w.setEnabled(verify)

    def pick_ca_file(self) -> None:
        path = ask_open_file(
            self, _('CA の証明書ファイルを選ぶ'), _('証明書 (*.crt *.pem *.cer);;すべてのファイル (*)')
        )
        if path:
            self.ca_file.setText(path)

    def _field(self, form: QFormLayout, label: str, value: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit(value)
        edit.setPlaceholderText(placeholder)
        edit.setAccessibleName(label.split("(")[0])
        text = QLabel(label)
        text.setBuddy(edit)
        form.addRow(text, edit)
        return edit

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet("color: #b00020;" if error else "")
        self.message.setText(text)

    def save(self) -> None:
        """Check the fields (a Japanese message says which to change), keep the password in the keyring,
        save the rest in the settings and sync at once; the result shows here and in the status bar."""
        try:
            conn = team_connection.check(
                self.host.text(),
                self.port.text(),
                self.dbname.text(),
                self.user.text(),
                str(self.tls.currentData()),
                self.ca_file.text(),
            )
        except KnownError as exc:
            self._say(error_text(exc), error=True)
            return
        old = self.team.connection
        if old is not None:  # settings.json's "every_s" is not in the dialog: kept, not reset
            conn = dataclasses.replace(conn, every_s=old.every_s)
        local = self.team.local
        other = team_connection.other_server(conn, local.get("dsn") if local is not None else None)
        if other is not None:
            self._say(
                _(
                    'このパソコンの下書きはチームのサーバー {other} と同期しています。'
                    '別のサーバーやデータベースには'
                    '切り替えられません(見積番号と下書きが混ざるため)。接続先を {other} に戻すか、'
                    '別のデータフォルダ(IIJ_CONFIGURATOR_DATA)で起動してください。'
                ).format(other=other),
                error=True,
            )
            return
        typed = self.password.text()
        session: str | None = None
        note = ""
        if typed:
            try:
                team_connection.save_password(conn, typed)
            except NoKeyring as exc:
                session, note = typed, error_text(exc)
            except KnownError as exc:
                self._say(error_text(exc), error=True)
                return
        elif self.team.session_password and old is not None and old.account == conn.account:
            session = self.team.session_password  # the same login (another 通信の暗号化 needs no new one)
        self.password.clear()
        self.note = note  # kept above the connection's result
        self.team.set_connection(conn, session)
        self._say((note + "\n" if note else "") + _('保存しました。サーバーに接続しています…'))
        self.remove_btn.setVisible(True)

    def remove(self) -> None:
        self.team.set_connection(None)
        self.remove_btn.setVisible(False)
        self._say(_('チームの接続を解除しました。下書きはこのパソコンに残っています。'))

    def _synced(self, outcome: SyncOutcome) -> None:
        if not self.isVisible():
            return
        note = self.note + "\n" if self.note else ""
        if outcome.ok:
            status: dict[str, Any] = outcome.status
            self._say(
                note
                + _('接続できました。チーム {team}、ユーザー {user}、見積番号の記号 {code}。').format(
                    team=status.get("team") or "-",
                    user=status.get("role") or "-",
                    code=status.get("client_code") or "-",
                )
            )
        else:
            self._say(note + self.team.error, error=True)
