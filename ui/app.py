"""The desktop app's entry point and main window: the start screen and the wizard."""

from __future__ import annotations

import base64
import os
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QByteArray, QEvent, QTimer
from PySide6.QtGui import (
    QActionGroup,
    QCloseEvent,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
)
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QStackedWidget, QWidget

from configurator.errors import KnownError
from configurator.store.settings import load_settings, save_settings, settings_readable, undo_steps
from configurator.text.i18n import N_, _, error_text, ngettext, pick

if TYPE_CHECKING:
    from ui.wizard import WizardView


def _open_once(dialog: Any) -> Any:
    """Open a window-modal dialog that is deleted when it closes: a day of opening and closing
    dialogs keeps no hidden copies (each held some hundred widgets)."""
    from PySide6.QtCore import Qt

    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()  # returns at once
    return dialog


def _raise_if_open(dialog: Any) -> bool:
    """Bring an open dialog to the front instead of opening a second one."""
    from shiboken6 import isValid

    if dialog is not None and isValid(dialog) and dialog.isVisible():
        dialog.raise_()
        dialog.activateWindow()
        return True
    return False


#: Where the keyboard is, visible on every control whatever the platform style draws (issue 14 item 11).
FOCUS_STYLE = """
QLineEdit:focus, QComboBox:focus, QAbstractSpinBox:focus, QPlainTextEdit:focus {
    border: 2px solid #1f6fd0; border-radius: 3px; padding: 1px; }
QAbstractItemView:focus { border: 2px solid #1f6fd0; }
QPushButton:focus { border: 2px solid #1f6fd0; border-radius: 4px; padding: 2px 4px; background:
palette(button); }
QCheckBox:focus, QRadioButton:focus { color: #1f6fd0; }
"""


#: why nothing edits a contracted order (the 編集 menu's row commands, a site list dropped on it)
READ_ONLY = N_('契約済みの注文は編集できません(見る・選ぶ・コピーはできます)。')

#: what ファイルを開く opens (and a file dropped on the window): an order file, or a PDF this app made
OPEN_SUFFIXES = (".json", ".pdf")

#: the 編集 menu's row commands (ui.pages.base.ROW_ACTIONS): key, text, shortcut
ROW_COMMANDS = (
    ("add", N_('行の追加(&A)'), "Ctrl+Shift+N"),
    ("duplicate", N_('行の複製(&C)'), "Ctrl+Shift+D"),
    ("remove", N_('行の削除(&D)'), "Ctrl+Shift+Del"),
)


class MainWindow(QMainWindow):
    def __init__(self, store: Any) -> None:
        super().__init__()
        self.setStyleSheet(FOCUS_STYLE)
        self.setAcceptDrops(True)  # an order file or PDF dropped on the window opens (dropEvent)
        from ui.start import StartPage

        self.store = store
        self.setWindowTitle(_('IIJ 注文構成ツール'))
        self.stack = QStackedWidget()
        self.start = StartPage(store)
        self.wizard: WizardView | None = None  # made on first use: its pages and ReportLab are not
        # imported before the start screen shows (issue 18, start-up)
        self.stack.addWidget(self.start)
        self.setCentralWidget(self.stack)
        self.stack.currentChanged.connect(lambda _i: self.update_row_actions())
        self.start.new_order.connect(self.new_order)
        self.start.open_draft.connect(self.open_draft)
        self.start.open_file.connect(self.open_file)
        self.start.restore_editing.connect(self.open_draft)
        self.start.open_lifecycle.connect(self.open_lifecycle)
        self.lifecycle: Any = None
        self._warm_jobs: Any = None  # the warm-up after the start screen shows (prepare_when_idle)
        self._issuer_dialog: Any = None
        self._price_book_dialog: Any = None
        self._help_window: Any = None
        self._message_box: Any = None  # the last message about a file opened or dropped (tell)
        self._import_dialog: Any = None  # the last site list dropped on VPN網と拠点 (open_dropped)
        self.elsewhere_box: Any = None  # the last 「ほかのウィンドウで開いています」 (open_elsewhere)
        self._build_menus()
        from ui.team import attach

        self.team = attach(self)  # issue 19: nothing shows without team settings (ui/team)
        self._restore_geometry()
        # now and then, what the allocator holds freed goes back to the system (besides after each job)
        self._memory_timer = QTimer(self)
        self._memory_timer.timeout.connect(_release_free_memory)
        self._memory_timer.start(60_000)

    def _build_menus(self) -> None:
        """ファイル, 編集, 表示, ヘルプ, with the shortcuts a desktop user expects. Undo, redo and save
        are the wizard's own shortcuts (they act where the focus is): the menu shows them after a tab."""
        bar = self.menuBar()
        menu = bar.addMenu(_('ファイル(&F)'))
        self._act(menu, _('新しい注文(&N)'), self.new_order, QKeySequence.StandardKey.New)
        self._act(menu, _('ファイルを開く(&O)…'), self.open_file, QKeySequence.StandardKey.Open)
        self._act(menu, _('保存(&S)') + "\tCtrl+S", lambda: self._in_wizard("autosave"))
        self._act(menu, _('注文ファイルとして保存(&A)…'), lambda: self._in_wizard("save_order_file"))
        self._act(
            menu, _('印刷(&R)…'), lambda: self._in_wizard("print_documents"), QKeySequence.StandardKey.Print
        )
        self._act(menu, _('スタート画面(&H)'), self.go_home)
        menu.addSeparator()
        self._act(menu, _('発行元(自社)の設定(&I)…'), self.edit_issuer)
        self._act(menu, _('価格表(&P)…'), self.edit_price_books)
        menu.addSeparator()
        self._act(menu, _('終了(&X)'), self.close, QKeySequence.StandardKey.Quit)
        edit = bar.addMenu(_('編集(&E)'))
        self.undo_action = self._act(edit, "", lambda: self._in_wizard("undo"))
        self.redo_action = self._act(edit, "", lambda: self._in_wizard("redo"))
        edit.addSeparator()
        # on the current table of the page in view (the sites, or the auth unit's list in view); disabled
        # with the reason when they cannot apply. Ctrl+Shift+letters: no standard key or line-edit binding
        # uses them (Ctrl+Insert is Copy and Ctrl+Delete deletes a word on Windows)
        self.row_actions: dict[str, Any] = {}
        for key, text, seq in ROW_COMMANDS:
            self.row_actions[key] = self._act(edit, _(text), partial(self.row_action, key), QKeySequence(seq))
        edit.setToolTipsVisible(True)
        edit.aboutToShow.connect(self.update_row_actions)
        self.update_row_actions()  # and 元に戻す・やり直し
        view = bar.addMenu(_('表示(&V)'))
        lang_menu = view.addMenu(_("表示言語(&L)"))
        self.language_actions = QActionGroup(self)
        current = load_settings().get("language") or "system"
        # each language by its own name; 日本語's letter in the form of the words around it
        japanese = pick("日本語(&J)", "日本語 (&J)")
        choices = (("ja", japanese), ("en", "&English"), ("system", _("システムの設定に従う(&S)")))
        for code, label in choices:
            action = lang_menu.addAction(label, partial(self.choose_language, code))
            action.setCheckable(True)
            action.setChecked(code == current)
            self.language_actions.addAction(action)
        help_menu = bar.addMenu(_('ヘルプ(&H)'))
        self._act(help_menu, _('利用の手引き(&G)'), self.show_guide, QKeySequence.StandardKey.HelpContents)
        self._act(help_menu, _('バージョン情報(&A)'), self.show_about)

    def _act(self, menu: Any, text: str, slot: Callable[[], Any], key: Any = None) -> Any:
        action = menu.addAction(text, slot)
        if key is not None:
            action.setShortcut(QKeySequence(key))
        return action

    def _in_wizard(self, method: str) -> None:
        """A wizard command from the menu: only while an order is being edited."""
        if (
            self.wizard is not None
            and self.stack.currentWidget() is self.wizard
            and self.wizard.session is not None
        ):
            getattr(self.wizard, method)()
        elif self.stack.currentWidget() is self.start:
            self.start.message.setText(_('注文を開いてから使ってください(新しい注文、または一覧から開く)。'))
        elif self._drop_screen() == "lifecycle":  # it did nothing, without a word
            self.lifecycle.message.setText(
                _('この画面(契約・変更・解約)では使えません。注文を編集しているときに使えます。')
            )

    def _row_page(self) -> Any:
        """The wizard page in view while an order is edited, else None."""
        if (
            self.wizard is not None
            and self.stack.currentWidget() is self.wizard
            and self.wizard.session is not None
        ):
            return self.wizard.pages[self.wizard.current]
        return None

    def update_row_actions(self) -> None:
        """Enable 行の追加・複製・削除 where they apply to the table in view; otherwise say why not (and
        元に戻す・やり直し say what they would do)."""
        self.update_undo_actions()
        page = self._row_page()
        found = page.row_actions() if page is not None else {}
        session = self.wizard.session if page is not None and self.wizard is not None else None
        read_only = session is not None and session.read_only
        for key, action in self.row_actions.items():
            what = found.get(key)
            why = what.why_not if what is not None else _('注文の編集中に、表のあるページで使えます。')
            if read_only:
                why = _(READ_ONLY)
            usable = what is not None and what.run is not None and not read_only
            action.setEnabled(usable)
            action.setToolTip("" if usable else why)
            action.setStatusTip("" if usable else why)

    def update_undo_actions(self) -> None:
        """元に戻す・やり直し say what they would take back or make again (「元に戻す: 拠点名の変更」), greyed
        when there is nothing to."""
        wizard = self.wizard if self.stack.currentWidget() is self.wizard else None
        session = wizard.session if wizard is not None else None
        if session is not None:
            from ui.common import step_text  # (not at start: the start window shows before the wizard loads)
        for action, step, plain, told, key in (
            (self.undo_action, session.undo_step if session else None, _('元に戻す(&U)'),
             _('元に戻す(&U): {step}'), "Ctrl+Z"),
            (self.redo_action, session.redo_step if session else None, _('やり直し(&R)'),
             _('やり直し(&R): {step}'), "Ctrl+Y"),
        ):
            text = told.format(step=step_text(step).replace("&", "&&")) if step else plain
            action.setText(f"{text}\t{key}")
            action.setEnabled(step is not None)

    def row_action(self, key: str) -> None:
        page = self._row_page()
        what = page.row_actions().get(key) if page is not None else None
        if what is not None and what.run is not None:
            what.run()
        self.update_row_actions()

    def _watch_rows(self, wizard: Any) -> None:
        """Keep the row commands' state current: their shortcuts work only while they are enabled. A page
        is watched once it is shown (the pages are built lazily: ui/lazypages.py; never all of them here)."""
        watched: set[str] = set()

        def shown(page_id: str) -> None:
            page = wizard.pages.get(page_id)
            if page is not None and page_id not in watched:
                watched.add(page_id)
                page.rows_changed.connect(self.update_row_actions)
            self.update_row_actions()

        wizard.page_changed.connect(shown)
        wizard.session_changed.connect(self.update_row_actions)

    def show_guide(self) -> None:
        """利用の手引き: docs/guide.md, read from the app's own files (no network)."""
        from ui.help import GuideWindow

        if _raise_if_open(self._help_window):
            return
        self._help_window = GuideWindow(self)
        self._help_window.show()

    def show_about(self) -> Any:
        """バージョン情報: the app, the catalogue and tariffs, and the price book in use."""
        from ui.help import about_box

        box = about_box(self)
        box.show()
        return box

    def choose_language(self, code: str) -> None:
        """Saved in the settings; the whole window is rebuilt in the new language at the next start."""
        settings = load_settings()
        settings["language"] = code
        save_settings(settings)
        from ui.common import inform

        inform(
            self,
            "Language / 表示言語",
            _("表示言語を保存しました。次に起動したときから切り替わります。")
            + "\nThe language is saved and applies from the next start.",
        )

    def edit_issuer(self) -> None:
        from ui.issuer import IssuerDialog

        if _raise_if_open(self._issuer_dialog):
            return
        dialog = IssuerDialog(self)
        if self.wizard is not None and self.wizard.waiting_for_issuer():
            dialog.tell(self.wizard.issuer_gap())
        dialog.saved.connect(self._issuer_saved)
        dialog.rejected.connect(self._issuer_cancelled)
        self._issuer_dialog = _open_once(dialog)  # window-modal; reports through `saved`

    def edit_price_books(self) -> None:
        from ui.pricebooks import PriceBookDialog

        if _raise_if_open(self._price_book_dialog):
            return
        dialog = PriceBookDialog(self)
        dialog.activated.connect(self._price_book_changed)
        self._price_book_dialog = _open_once(dialog)

    def _price_book_changed(self, book: Any) -> None:
        """Quotes from now on use `book`: the order being edited is priced again at once."""
        if self.wizard is not None:
            self.wizard.set_price_book(book)
        if self.lifecycle is not None:
            self.lifecycle.price_book = book

    def _issuer_saved(self, _issuer: Any) -> None:
        if self.wizard is not None:
            self.wizard.issuer_changed()

    def _issuer_cancelled(self) -> None:
        """Closed without saving: a quote the wizard was about to issue waits no longer."""
        if self.wizard is not None:
            self.wizard.issuer_cancelled()

    def _ensure_wizard(self) -> Any:
        if self.wizard is None:
            from configurator.pricing.books import active_price_book
            from ui.wizard import WizardView

            self.wizard = WizardView(self.store, active_price_book())
            self.wizard.issuer_requested.connect(self.edit_issuer)
            self.wizard.lifecycle_requested.connect(self.open_lifecycle)
            self.wizard.approvals = lambda: self.team.team.configured
            self.wizard.approval_requested.connect(self.team.request_current)
            self.stack.addWidget(self.wizard)
            self._watch_rows(self.wizard)
        return self.wizard

    def prepare_when_idle(self, delay_ms: int = 300) -> None:
        """Once the start screen shows: what the first 新しい注文 needs is made ready in the background
        (the rules, the fonts' character sets and the number formats, on a worker thread), then the wizard
        is built while the app is idle, a page at a time: the first order opens without a pause (issue 22
        item 5: it held the UI thread ~500 ms). Whatever fails here is done again, and told, when needed."""
        QTimer.singleShot(delay_ms, self._warm_up)

    def _warm_up(self) -> None:
        from ui.jobs import Jobs

        self._warm_jobs = Jobs(self)
        self._warm_jobs.run(
            _warm_caches, success=lambda _r: self._ensure_wizard(), failure=lambda _m: None, name="warm-up"
        )

    def new_order(self) -> None:
        from configurator.session.order_session import OrderSession, new_order

        w = self._ensure_wizard()
        self._leave_current()
        w.open_session(OrderSession(new_order(), price_book=w.price_book, undo_steps=undo_steps()))
        self.stack.setCurrentWidget(w)
        w.focus_first_field()

    def open_lifecycle(self, draft_id: int) -> None:
        from configurator.pricing.books import active_price_book
        from ui.contract.view import LifecycleView

        self._leave_current()
        if self.lifecycle is None:
            self.lifecycle = LifecycleView(self.store, active_price_book())
            self.lifecycle.back.connect(self.go_home)
            self.lifecycle.new_order_made.connect(self.open_draft)
            self.stack.addWidget(self.lifecycle)
        try:
            self.lifecycle.open_draft(draft_id)
        except KnownError as exc:
            self.start.message.setText(error_text(exc))
            return
        self.stack.setCurrentWidget(self.lifecycle)

    def open_draft(self, draft_id: int) -> None:
        """Open a draft in the wizard — unless another window has it open: two windows editing one draft
        would make conflict copies of each other's saves. That window is brought to the front when it is
        this process's; else the user is told and may open a copy (open_elsewhere)."""
        from configurator.session.order_session import OrderSession
        from configurator.store.draftlock import DraftOpenElsewhere

        w = self._ensure_wizard()
        self._leave_current()
        try:
            hold = self.store.hold(draft_id, owner=w)
        except DraftOpenElsewhere:
            self.open_elsewhere(draft_id)
            return
        except KnownError as exc:
            self.start.message.setText(error_text(exc))
            return
        try:
            info, doc = self.store.load(draft_id)
        except KnownError as exc:
            hold.release()
            self.start.message.setText(error_text(exc))
            return
        session = OrderSession(doc, info.id, info.rev, price_book=w.price_book, undo_steps=undo_steps())
        w.open_session(session, hold)
        self.stack.setCurrentWidget(w)
        w.focus_first_field()

    def open_elsewhere(self, draft_id: int) -> None:
        """The draft asked for is open in another window. One of this app's windows is brought to the front;
        for another window the user is asked (window-modal, キャンセル the default) whether to open a copy
        (a separate draft with a new 見積番号) or leave it."""
        self.go_home()
        try:
            info = self.store.info(draft_id)
        except KnownError as exc:
            self.start.message.setText(error_text(exc))
            return
        held = self.store.held_here(draft_id)
        other = held.owner.window() if held is not None and isinstance(held.owner, QWidget) else None
        if other is not None and other is not self:
            other.show()
            other.raise_()
            other.activateWindow()
            self.start.message.setText(
                _('「{title}」({number})はほかのウィンドウで開いています。そのウィンドウを前に出しました。').format(
                    title=info.title, number=info.number
                )
            )
            return
        text = _(
            '「{title}」({number})は、ほかのウィンドウで編集中です。\n'
            '同じ下書きを2つのウィンドウで編集すると、保存のたびに変更がぶつかり、'
            '一方の変更は別の下書き(競合コピー)になります。\n\n'
            'そのウィンドウで編集を続けてください。'
            'ここで作業するには「複製して開く」を選んでください(新しい見積番号の別の下書きになります)。'
        ).format(title=info.title, number=info.number)
        box = QMessageBox(QMessageBox.Icon.Warning, _('ほかのウィンドウで開いています'), text, parent=self)
        copy = box.addButton(_('複製して開く(&C)'), QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(_('キャンセル'), QMessageBox.ButtonRole.RejectRole)
        for button in (copy, cancel):
            button.setAccessibleName(button.text().replace("&", ""))
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)

        def answered(_result: int) -> None:
            if box.clickedButton() is copy:
                self.open_copy(draft_id)

        box.finished.connect(answered)
        self.elsewhere_box = _open_once(box)
        cancel.setFocus()

    def open_copy(self, draft_id: int) -> None:
        """複製して開く: a copy of the draft (「…のコピー」, a new 見積番号) opened for editing."""
        try:
            result = self.store.duplicate(draft_id)
        except KnownError as exc:
            self.start.message.setText(error_text(exc))
            return
        self.open_draft(result.draft_id)

    def open_path(self, path: str) -> None:
        from configurator.documents.pdfimport import extract_order, read_pdf
        from configurator.order.document import load
        from configurator.session.order_session import OrderSession

        try:
            doc = extract_order(read_pdf(path), source=path) if path.lower().endswith(".pdf") else load(path)
        except KnownError as exc:
            self.tell(_('開けません: {exc}').format(exc=error_text(exc)))  # where the user is
            return
        w = self._ensure_wizard()
        self._leave_current()
        session = OrderSession(doc, price_book=w.price_book, undo_steps=undo_steps())
        session.save(self.store, note=_('{path} から取り込み').format(path=path))
        w.open_session(session)
        self.stack.setCurrentWidget(w)
        w.focus_first_field()

    def open_file(self) -> None:
        from ui.common import ask_open_file

        path = ask_open_file(
            self, _('ファイルを開く'), _('注文ファイル・PDF (*.iij-order.json *.json *.pdf)')
        )
        if path:
            self.open_path(path)

    def tell(self, text: str) -> None:
        """A message about opening a file, where the user sees it: the start screen's message line, or
        over the order being edited a box that does not hold up the window (the wizard's status line keeps
        two lines, too few for a file's path and what to do), on 契約・変更・解約 its message line."""
        screen = self._drop_screen()
        if screen == "wizard":
            box = QMessageBox(QMessageBox.Icon.Information, _('ファイルを開く'), text, parent=self)
            self._message_box = _open_once(box)
        elif screen == "lifecycle":
            self.lifecycle.message.setText(text)
        else:
            self.start.message.setText(text)

    # --- files dropped on the window ------------------------------------------------------------

    def _drop_screen(self) -> str:
        """Where a dropped file is taken: "start", "wizard" (an order open), "lifecycle" (契約・変更・解約:
        nothing opens there, and it says so), or "" (nowhere)."""
        current = self.stack.currentWidget()
        if current is self.start:
            return "start"
        if self.wizard is not None and current is self.wizard and self.wizard.session is not None:
            return "wizard"
        if self.lifecycle is not None and current is self.lifecycle:
            return "lifecycle"
        return ""

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self._take_drag(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self._take_drag(event)

    def _take_drag(self, event: QDropEvent) -> None:
        if event.mimeData().hasUrls() and self._drop_screen():
            event.acceptProposedAction()  # any file: what cannot be opened is told when dropped
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        if not (event.mimeData().hasUrls() and self._drop_screen()):
            event.ignore()
            return
        event.acceptProposedAction()
        paths = [u.toLocalFile() if u.isLocalFile() else u.toString() for u in event.mimeData().urls()]
        # opened once the drop is over: the program the file came from is not held while a PDF is read
        QTimer.singleShot(0, partial(self.open_dropped, paths))

    def open_dropped(self, paths: list[str]) -> None:
        """Files dropped on the window: one order file or PDF opens as ファイルを開く opens it (the same
        checks and messages; the order being edited is saved first); a site list (CSV, Excel) dropped on
        the VPN網と拠点 page is read as CSVから取り込み reads it; anything else is told what can be
        dropped. On 契約・変更・解約 (what is typed for a change there is not saved) nothing opens: it says
        where a file can be dropped."""
        if self._drop_screen() == "lifecycle":
            self.tell(
                _(
                    'この画面(契約・変更・解約)には、ファイルをドロップできません。注文ファイル・PDFは、'
                    '「スタート画面へ」戻ってからドロップするか、「ファイル」メニューの「ファイルを開く」で'
                    '開いてください。'
                )
            )
            return
        page = self._row_page() if self._drop_screen() == "wizard" else None
        sites_page = page if page is not None and hasattr(page, "import_path") else None
        can = _(
            'ドロップできるのは、注文ファイル(.iij-order.json)か、'
            'このアプリで作った見積書・申込書のPDFです。'
        )
        if sites_page is not None:
            can += _('このページには、拠点の表(CSV・Excel)もドロップできます。')
        if len(paths) != 1:
            many = ngettext(
                '{n}個のファイルがドロップされました。', '{n}個のファイルがドロップされました。', len(paths)
            )
            self.tell(many.format(n=len(paths)) + _('1つずつドロップしてください。') + can)
            return
        path = paths[0]
        local = "://" not in path  # not a web address (a file of the computer or of a shared folder)
        name = (os.path.basename(path.rstrip("/\\")) or path) if local else path
        if local and path.lower().endswith(OPEN_SUFFIXES):
            self.open_path(path)
            return
        from configurator.session.sheets import BOOK_SUFFIXES, TEXT_SUFFIXES

        if local and path.lower().endswith(TEXT_SUFFIXES + BOOK_SUFFIXES):
            if sites_page is None:
                self.tell(
                    _('「{name}」は注文のファイルではありません。').format(name=name)
                    + _(
                        '拠点の表(CSV・Excel)は、注文の「VPN網と拠点」のページにドロップすると'
                        '取り込めます。'
                    )
                )
            elif sites_page.session.read_only:
                self.tell(_(READ_ONLY))
            else:
                self._import_dialog = sites_page.import_path(path)
            return
        self.tell(_('「{name}」は開けません。').format(name=name) + can)

    def go_home(self) -> None:
        self._leave_current()
        self.start.reload()
        self.start.offer_recovery(None)
        self.stack.setCurrentWidget(self.start)

    def _leave_current(self) -> None:
        if self.wizard is not None and self.wizard.session is not None:
            self.wizard.close_session()

    def _restore_geometry(self) -> None:
        geo = load_settings().get("window_geometry")
        if geo:
            self.restoreGeometry(QByteArray(base64.b64decode(geo)))
        else:
            self.resize(1200, 780)
        self._fit_screen()

    def _fit_screen(self) -> None:
        """Never larger than the screen's free area (a 1366x768 laptop with its taskbar: ~1366x728), nor
        placed off it (a size kept from a larger monitor): the buttons at the bottom stay in reach."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return
        free = screen.availableGeometry()
        # the title bar and borders the window manager adds: known once shown, else a fair allowance
        extra_w = max(8, self.frameGeometry().width() - self.width())
        extra_h = max(40, self.frameGeometry().height() - self.height())
        width = min(self.width(), free.width() - extra_w)
        height = min(self.height(), free.height() - extra_h)
        if (width, height) != (self.width(), self.height()):
            self.resize(max(width, self.minimumWidth()), max(height, 200))
        # move() places the frame: keep all of it on the free area
        right = free.left() + free.width() - self.width() - extra_w
        bottom = free.top() + free.height() - self.height() - extra_h
        x = min(max(self.x(), free.left()), max(free.left(), right))
        y = min(max(self.y(), free.top()), max(free.top(), bottom))
        if (x, y) != (self.x(), self.y()):
            self.move(x, y)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.start.window_activated()  # the start list's marks of drafts open elsewhere
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._leave_current()
        try:
            if settings_readable():  # an unreadable file waits for the user to mend it (発行元の設定)
                settings = load_settings()
                settings["window_geometry"] = base64.b64encode(bytes(self.saveGeometry().data())).decode()
                save_settings(settings)
        except OSError:
            pass
        super().closeEvent(event)


def _release_free_memory() -> None:
    from configurator.memory import release_free_memory

    release_free_memory()


def _warm_caches() -> None:
    """On a worker thread: the loads an order's first validation and quote make once per process (the
    catalogue and rules, the fonts' character sets, Babel's Japanese number formats). No Qt here."""
    from configurator.session.order_session import OrderSession, new_order
    from configurator.text.jpformat import format_yen_mark

    format_yen_mark(OrderSession(new_order()).quote().groups["initial"].total)


def open_store(ask_restore: Callable[[str, str, Path], bool]) -> Any:
    """The draft store for the app. A store found damaged (already moved aside, never deleted) or one
    that lost saves (left untouched) is told through `ask_restore(message, detail, newest_backup)` (detail:
    the technical reason, for the dialog's details), which says whether to put that backup in place; then
    the store is opened again. Without a backup, or when the user says no: a damaged store starts afresh
    (the damaged file stays aside; without a backup the start screen says so), a store that lost saves is
    not opened (the error is raised: the -wal file may still be put back)."""
    from configurator.store.backups import restore_backup
    from configurator.store.drafts import DraftStore
    from configurator.store.faults import CorruptStore, LostSaves
    from configurator.store.layout import list_backups
    from configurator.store.settings import data_dir

    try:
        return DraftStore.open()
    except (CorruptStore, LostSaves) as exc:
        backups = list_backups(data_dir())
        # what happened, in words (the question that follows says what the app can do about it)
        told = pick(*exc.happened) if isinstance(exc, CorruptStore) and exc.happened[0] else error_text(exc)
        if backups and ask_restore(told, exc.detail, backups[0]):
            restore_backup(data_dir(), backups[0])
            return DraftStore.open()
        if isinstance(exc, CorruptStore):
            store = DraftStore.open()
            store.outrank_backups()  # started afresh as the user chose: opened as it is next time
            if not backups:  # nothing was asked: the start screen tells what happened (it started empty)
                store.notices.append(exc)
            return store
        raise


def restore_question(message: str, detail: str, backup: Path) -> QMessageBox:
    """The question asked at start-up about a damaged store or one that lost saves: what happened and what
    to do in words; the technical reason (SQLite's) under 詳細を表示 (Show Details), not in the message."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        _('下書きのデータベース'),
        message
        + "\n\n"
        + _('バックアップ {name} から復元しますか?(今のファイルは別名で残ります)').format(name=backup.name),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
    )
    if detail:
        box.setDetailedText(detail)
    return box


def _ask_restore(message: str, detail: str, backup: Path) -> bool:
    """At start-up, before any window: the one question the app asks modally."""
    return bool(restore_question(message, detail, backup).exec() == QMessageBox.StandardButton.Yes)


def startup_refusal(exc: KnownError) -> QMessageBox:
    """「起動できません」: the reason in words, the technical one (if any) under 詳細を表示."""
    box = QMessageBox(
        QMessageBox.Icon.Critical, _('起動できません'), error_text(exc), QMessageBox.StandardButton.Ok
    )
    if exc.detail:
        box.setDetailedText(exc.detail)
    return box


def make_window(store: Any = None) -> MainWindow:
    from configurator.store.drafts import EDITING_KEY, DraftStore

    store = store or DraftStore.open()
    window = MainWindow(store)
    editing = store.get_state(EDITING_KEY)
    draft = int(editing) if editing and editing.isdigit() else None
    # a draft another window still has open was not left by a crash: it is being edited there
    window.start.offer_recovery(None if draft is None or store.open_elsewhere(draft) else draft)
    return window


def report_unexpected(window: MainWindow, exc_type: type[BaseException], exc: BaseException, tb: Any) -> str:
    """What the app does with an exception nothing else caught (a bug, or a known error that slipped
    through): keep the order (save the draft being edited), keep the details in a log, and tell the
    user in plain words, never with a traceback. Returns the log's path."""
    import traceback

    from configurator.store.errorlog import write_error_log
    from ui.common import inform

    log = write_error_log("".join(traceback.format_exception(exc_type, exc, tb)))
    saved = False
    try:
        wizard = window.wizard
        if wizard is not None and wizard.session is not None:
            wizard.autosave()
            saved = True
    except Exception:  # the save itself failed: say so below, never raise from here
        saved = False
    if isinstance(exc, KnownError):
        text = error_text(exc)
    else:
        text = _('予期しないエラーが起きました(アプリの不具合です): {name}: {exc}').format(
            name=exc_type.__name__, exc=exc
        )
    text += "\n\n" + (_('編集中の注文は下書きに保存しました。') if saved else _('編集中の注文はありません。'))
    if log:
        text += "\n" + _('詳しい記録: {path}(開発担当へのご連絡に添えてください)').format(path=log)
    inform(window, _('エラー'), text)
    return log


def install_error_hook(window: MainWindow) -> None:
    """Route exceptions no slot caught to report_unexpected instead of a traceback on stderr."""

    def hook(exc_type: type[BaseException], exc: BaseException, tb: Any) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        try:
            report_unexpected(window, exc_type, exc, tb)
        except Exception:
            sys.__excepthook__(exc_type, exc, tb)

    sys.excepthook = hook


def install_language(app: QApplication, language: str | None = None) -> str:
    """The UI language: gettext for the app's strings, Qt's own translations for its dialogs."""
    from configurator.store.settings import chosen_language
    from configurator.text import i18n
    from ui import qtlang

    lang = i18n.install(language or chosen_language())
    qtlang.install(lang)
    return lang


#: The name of the .desktop file (packaging/linux/) and the window class: they must match for the
#: desktop to show the app's icon and group its windows (StartupWMClass, Wayland app_id).
DESKTOP_NAME = "iij-configurator"


def no_display() -> str | None:
    """Why the app cannot show a window here (Linux without X11 or Wayland), or None. Without this, Qt
    aborts with its own message, or (offscreen) runs an invisible app forever."""
    if not sys.platform.startswith("linux") or os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform and platform != "offscreen":
        return None  # a platform chosen on purpose (vnc, eglfs …): Qt says if it fails
    if platform == "offscreen" and os.environ.get("IIJ_CONFIGURATOR_EXIT_AFTER_SHOW"):
        return None  # the start-up check of the tests and benchmarks
    return _(
        '画面(ディスプレイ)がないため、デスクトップアプリを表示できません。'
        'デスクトップの端末から起動するか、コマンドライン(iij-configurator --help)を使ってください。'
    )


def prepare_app(app: QApplication) -> None:
    """The app's names and icon: the window class and the desktop file name match the .desktop entry."""
    from PySide6.QtGui import QGuiApplication, QIcon

    from configurator.paths import resource

    app.setApplicationName(DESKTOP_NAME)  # WM_CLASS on X11 = StartupWMClass of the .desktop entry
    app.setApplicationDisplayName(_('IIJ 注文構成ツール'))
    QGuiApplication.setDesktopFileName(DESKTOP_NAME)  # the Wayland app_id
    icon = resource("icons", "iij-configurator.png")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))


def run(argv: list[str] | None = None, open_file: str | None = None) -> int:
    """The desktop app; `open_file` (an order file or a PDF this app made) is opened once the window shows."""
    from configurator.store.settings import chosen_language
    from configurator.text import i18n

    i18n.install(chosen_language())
    from configurator.memory import keep_large_blocks_apart

    keep_large_blocks_apart()  # a day of previews does not fragment the heap (glibc; issue 22)
    why = no_display()
    if why:
        sys.stderr.write(why + "\n")
        return 2
    app = cast(
        QApplication, QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    )
    install_language(app)
    prepare_app(app)
    try:
        window = make_window(open_store(_ask_restore))
    except KnownError as exc:
        startup_refusal(exc).exec()
        return 2
    install_error_hook(window)
    window.show()
    window.prepare_when_idle()
    if open_file:
        window.open_path(open_file)
    if os.environ.get("IIJ_CONFIGURATOR_EXIT_AFTER_SHOW"):  # for the start-up benchmark
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, app.quit)
    return int(app.exec())
