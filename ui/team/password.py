"""チームのパスワード: asked when the team server refuses the login (no keyring holds the password, the
app was restarted without one, or the password changed). Kept in the keyring when the user says so and
there is one, else in memory until the app closes; never written to a file."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from configurator.team import connection as team_connection
from configurator.text.i18n import _, error_text
from ui.common import intro_label
from ui.team.controller import TeamSync


class PasswordDialog(QDialog):
    def __init__(self, team: TeamSync, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.team = team
        conn = team.connection
        self.setWindowTitle(_('チームのパスワード'))
        self.setMinimumWidth(560)
        v = QVBoxLayout(self)
        v.addWidget(
            intro_label(
                _(
                    'チームのサーバー {server} にユーザー {user} としてログインするパスワードを入力して'
                    'ください。下書きはこのパソコンに保存されたままです。'
                ).format(server=conn.describe() if conn else "-", user=conn.user if conn else "-")
            )
        )
        if team.error:
            reason = QLabel(team.error)
            reason.setWordWrap(True)
            reason.setStyleSheet("color: #8a5a00;")
            v.addWidget(reason)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(_('パスワード'))
        label = QLabel(_('パスワード(&W)'))
        label.setBuddy(self.password)
        v.addWidget(label)
        v.addWidget(self.password)
        self.keep = QCheckBox(_('このパソコンのキーリングに保存する(&K)'))
        available = team_connection.keyring_available()
        self.keep.setChecked(available)
        self.keep.setEnabled(available)
        v.addWidget(self.keep)
        if not available:
            note = QLabel(error_text(team_connection.no_keyring()))
            note.setWordWrap(True)
            v.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.connect_btn = QPushButton(_('接続する(&C)'))
        self.connect_btn.setDefault(True)
        self.connect_btn.setEnabled(False)
        buttons.addButton(self.connect_btn, QDialogButtonBox.ButtonRole.AcceptRole)
        self.password.textChanged.connect(lambda text: self.connect_btn.setEnabled(bool(text)))
        buttons.accepted.connect(self.use)
        buttons.rejected.connect(self.reject)
        v.addWidget(buttons)
        #: what the app said about keeping the password (no keyring: this session only)
        self.note = ""

    def use(self) -> None:
        if not self.password.text():
            return
        self.note = self.team.use_password(self.password.text(), self.keep.isChecked())
        self.password.clear()
        self.accept()
