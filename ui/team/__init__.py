"""The team in the app (issue 19 part 6): connection settings (password in the system keyring), the sync
state in the status bar with background sync, the team's drafts and the approval queue in a チーム tab
of the start screen, and 承認依頼 from the チーム menu or the tab.

`attach(window)` is all the main window calls. Without team settings the app shows only ファイル →
チームの接続設定…: no チーム menu, no status bar, no tab, no sync, nothing sent anywhere."""

from __future__ import annotations

import itertools
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QTabWidget, QWidget

from configurator.text.i18n import _
from ui.team.controller import TeamSync

#: the first background sync this long after the window is made (None: only on demand, as in the tests)
START_AFTER_MS: int | None = 3000


class TeamUi(QObject):
    """What the team adds to one main window; built once, shown or hidden as the settings change."""

    def __init__(self, window: Any, start_after_ms: int | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.team = TeamSync(window.store, self, start_after_ms=start_after_ms or START_AFTER_MS)
        self.status: Any = None
        self.panel: Any = None
        self.tabs: QTabWidget | None = None
        self.settings_dialog: Any = None
        self._menu()
        self.team.changed.connect(self._show)
        self.team.synced.connect(self._synced)
        window.stack.currentChanged.connect(lambda _i: self.team.refresh())  # back from the wizard
        self._show()

    def _menu(self) -> None:
        """チームの接続設定 in the ファイル menu (before 終了); the チーム menu only with settings."""
        file_menu = self.window.menuBar().actions()[0].menu()
        self.settings_action = QAction(_('チームの接続設定(&T)…'), self.window)
        self.settings_action.triggered.connect(self.edit_settings)
        separators = [a for a in file_menu.actions() if a.isSeparator()]
        if separators:
            file_menu.insertAction(separators[-1], self.settings_action)
        else:
            file_menu.addAction(self.settings_action)
        self.menu: QMenu | None = None  # made with the first settings (the menu bar is unchanged without)

    def _team_menu(self) -> QMenu:
        menu: QMenu = self.window.menuBar().addMenu(_('チーム(&G)'))
        self.sync_action = menu.addAction(_('今すぐ同期(&Y)'), self.team.sync)
        self.request_action = menu.addAction(_('この下書きの承認を依頼(&Q)…'), self.request_current)
        menu.addSeparator()
        menu.addAction(_('接続の設定(&T)…'), self.edit_settings)
        return menu

    def _show(self) -> None:
        """Everything of the team visible when there are settings, hidden when not."""
        on = self.team.configured
        if on and self.menu is None:
            self.menu = self._team_menu()
        if self.menu is not None:
            self.menu.menuAction().setVisible(on)
        if on and self.status is None:
            from ui.team.status import SyncStatus

            self.status = SyncStatus(self.team)
            self.window.statusBar().addPermanentWidget(self.status)
        if self.status is not None:
            self.window.statusBar().setVisible(on)
        if on and self.panel is None:
            self._add_tab()
        if self.panel is not None:
            self.panel.setVisible(on)
        if self.tabs is not None:
            self.tabs.setTabVisible(1, on)
            self.tabs.tabBar().setVisible(on)
        wizard = self.window.wizard
        if wizard is not None and "export" in wizard.pages.built():
            wizard.pages["export"].approval_btn.setVisible(on)  # 承認を依頼 on the export page

    def _add_tab(self) -> None:
        """The start screen's draft list and the team's, as two tabs (the list itself is unchanged)."""
        from ui.team.panel import TeamPanel

        start = self.window.start
        self.panel = TeamPanel(self.team)
        self.panel.open_draft.connect(start.open_draft.emit)
        layout = start.layout()
        index = layout.indexOf(start.table)
        if index < 0:  # the start screen was laid out otherwise: the team's list goes below it
            layout.addWidget(self.panel, 1)
            return
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_('下書きの一覧'))
        layout.insertWidget(index, self.tabs, 1)
        self.tabs.addTab(start.table, _('このパソコンの下書き(&W)'))
        self.tabs.addTab(self.panel, _('チーム(&U)'))
        # Tab goes from the search row into the tabs and the list shown, then to the buttons below them
        # (the team's list came last, after the start screen's buttons and the status bar's 今すぐ同期)
        p = self.panel
        order = [start.trash, self.tabs, self.tabs.tabBar(), start.table, p.table, p.open_btn, p.request_btn]
        order += [p.queue_table, p.comment, p.approve_btn, p.reject_btn, start.open_draft_btn]
        for a, b in itertools.pairwise(order):
            QWidget.setTabOrder(a, b)

    def _synced(self, outcome: Any) -> None:
        """After a sync: the start screen's list again, and the team's price book for new quotes."""
        report = getattr(outcome, "report", None)
        if report is not None and report.forks:
            self._forked(report.forks)
        self.window.start.reload()
        if report is not None and report.active_pricebook:
            from configurator.pricing.books import active_price_book

            self.window._price_book_changed(active_price_book())

    def _forked(self, forks: list[Any]) -> None:
        """Conflict copies the sync made (a teammate saved the same draft first): said on the team's tab,
        and a draft being edited here goes on in its copy — its next save went on top of the teammate's
        revisions, which the window had never shown (their changes vanished from the draft)."""
        told = [
            _(
                '{number} はチームで先に更新されていたため、上書きせず、このパソコンでの変更を競合コピー '
                '{copy} に移しました。'
            ).format(number=f.number, copy=f.copy_number)
            for f in forks
        ]
        if self.panel is not None:
            self.panel.message.setText("\n".join(told))
        w = self.window.wizard
        s = w.session if w is not None else None
        if s is None:
            return
        for f, text in zip(forks, told, strict=True):
            if s.draft_id == f.draft_id:
                s.draft_id, s.base_rev = f.copy_id, f.copy_rev
                w.keep_hold()  # the lock follows the draft this window now saves to
                w.last_message = text + _('このまま {copy} を編集します。').format(copy=f.copy_number)
                w._update_status()

    def edit_settings(self) -> Any:
        from shiboken6 import isValid

        from ui.team.settings import TeamSettingsDialog

        if (
            self.settings_dialog is not None
            and isValid(self.settings_dialog)
            and self.settings_dialog.isVisible()
        ):
            self.settings_dialog.raise_()
            return self.settings_dialog
        dialog = TeamSettingsDialog(self.team, self.window)
        from PySide6.QtCore import Qt

        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.settings_dialog = dialog
        return dialog

    def request_current(self) -> Any:
        """承認依頼 of the draft being edited (saved first), or of the one selected on the start screen."""
        from ui.team.panel import RequestDialog

        if not self.team.configured:
            return None
        w = self.window.wizard
        draft_id: int | None = None
        if w is not None and w.session is not None and self.window.stack.currentWidget() is w:
            w.autosave()
            draft_id = w.session.draft_id
        else:
            d = self.window.start._selected()
            draft_id = d.id if d is not None else None
        if draft_id is None:
            self.window.start.message.setText(_('承認を依頼する下書きを開くか、一覧で選んでください。'))
            return None
        info = self.window.store.info(draft_id)
        dialog = RequestDialog(self.team, draft_id, info.number, info.title, self.window)
        from PySide6.QtCore import Qt

        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # a new one each time: none kept hidden
        dialog.open()
        self.request_dialog = dialog
        return dialog


def attach(window: Any, start_after_ms: int | None = None) -> TeamUi:
    return TeamUi(window, start_after_ms)
