"""The team's sync state in the main window's status bar, with 今すぐ同期. Hidden without team settings."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QWidget

from configurator.text.i18n import _
from ui.team.controller import ERROR, NEEDS_PASSWORD, OFFLINE, SYNCING, TeamSync


class SyncStatus(QWidget):
    MAX_WIDTH = 560

    def __init__(self, team: TeamSync, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.team = team
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.label.setAccessibleName(_('チームとの同期の状態'))
        # Z: the bar is on every screen and each other letter is taken on one of them (Alt+Z was the
        # customer page's 郵便番号, now S); Y of the チーム menu's 今すぐ同期 is the start screen's 履歴
        self.sync_btn = QPushButton(_('今すぐ同期(&Z)'))
        self.sync_btn.setAccessibleName(_('チームと今すぐ同期'))
        self.sync_btn.setFlat(True)
        self.sync_btn.clicked.connect(self._clicked)
        self.password_dialog: QDialog | None = None
        row.addWidget(self.label)
        row.addWidget(self.sync_btn)
        team.changed.connect(self.show_state)
        team.counted.connect(self.show_state)
        self.show_state()

    def show_state(self) -> None:
        text, tip = self.team.describe()
        self.setVisible(self.team.configured)
        # a long reason is cut short here (the whole of it is the tooltip); the bar makes room for the rest
        text = self.label.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, self.MAX_WIDTH)
        self.label.setText(text)
        self.label.setToolTip(tip)
        colour = {ERROR: "#b00020", OFFLINE: "#8a5a00", NEEDS_PASSWORD: "#8a5a00"}.get(self.team.state, "")
        self.label.setStyleSheet(f"color: {colour};" if colour else "")
        asking = self.team.state == NEEDS_PASSWORD
        self.sync_btn.setText(_('パスワードを入力(&Z)…') if asking else _('今すぐ同期(&Z)'))
        self.sync_btn.setAccessibleName(_('チームのパスワードを入力') if asking else _('チームと今すぐ同期'))
        self.sync_btn.setEnabled(self.team.state != SYNCING)
        self._lay_out_now()

    def _lay_out_now(self) -> None:
        """The label and the button placed for the new text at once, side by side. Only the layouts place
        them (the label's minimum width was set to its text, which widened it where it stood, over the
        button, until the bar's layout caught up a few events later: what a paint or a grab then showed)."""
        bar = self.parentWidget()
        if not self.isVisible() or bar is None:
            return
        own = self.layout()
        if own is not None:
            own.activate()  # the new size hint of the label and the button
        outer = bar.layout()
        if outer is not None:
            outer.activate()  # the bar gives this widget that width now (its layout is the bar's own)

    def _clicked(self) -> None:
        if self.team.state == NEEDS_PASSWORD:
            self.ask_password()
        else:
            self.team.sync()

    def ask_password(self) -> QDialog:
        """The password dialog (not modal to the tests: opened, answered by the user)."""
        from shiboken6 import isValid

        from ui.team.password import PasswordDialog

        open_one = self.password_dialog
        if open_one is not None and isValid(open_one) and open_one.isVisible():
            open_one.raise_()
            return open_one
        dialog = PasswordDialog(self.team, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.password_dialog = dialog
        return dialog
