"""The start screen: new order, recent drafts (searchable), open or import a file, the trash."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from configurator.errors import KnownError
from configurator.store.drafts import STATUSES, DraftInfo, local_time
from configurator.text.i18n import N_, _, error_lines, error_text

Index = QModelIndex | QPersistentModelIndex
HEADERS = (N_("見積番号"), N_("件名"), N_("お客様"), N_("状態"), N_("更新日時"))


def _set_tip(widget: QWidget, text: str) -> None:
    """The tooltip, and the same words as the accessible description (ui.common.set_tip, which this
    module does not import: the start window shows before the order and tariff modules are loaded)."""
    widget.setToolTip(text)
    widget.setAccessibleDescription(text)


#: the colour of a draft open in another window (the status bar's 未接続 amber)
ELSEWHERE_COLOUR = "#8a5a00"


class DraftListModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[DraftInfo] = []
        #: the ids of the drafts listed that another window has open (looked at when the list was loaded)
        self.elsewhere: set[int] = set()

    def set_rows(self, rows: list[DraftInfo]) -> None:
        self.beginResetModel()
        self.rows = rows
        listed = {d.id for d in rows}
        self.elsewhere = {i for i in self.elsewhere if i in listed}  # as last seen, until looked at again
        self.endResetModel()

    def set_elsewhere(self, ids: set[int]) -> None:
        if ids == self.elsewhere:
            return
        self.elsewhere = set(ids)
        if self.rows:
            last = self.index(len(self.rows) - 1, len(HEADERS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        d = self.rows[index.row()]
        elsewhere = d.id in self.elsewhere
        if role == Qt.ItemDataRole.DisplayRole:
            title = _('[ほかのウィンドウで編集中] {title}').format(title=d.title) if elsewhere else d.title
            return (d.number, title, d.customer, _(d.status_label), local_time(d.updated_at))[index.column()]
        if elsewhere and role == Qt.ItemDataRole.ToolTipRole:
            return _(
                'この下書きはほかのウィンドウで開いています。開くと、このアプリのウィンドウならそれを前に出し、'
                '別に起動したアプリのウィンドウなら、複製して開くかを尋ねます。'
            )
        if elsewhere and role == Qt.ItemDataRole.ForegroundRole:
            return QColor(ELSEWHERE_COLOUR)
        return None


class StartPage(QWidget):
    new_order = Signal()
    open_draft = Signal(int)
    open_file = Signal()
    restore_editing = Signal(int)
    open_lifecycle = Signal(int)
    #: the list's marks of drafts open in another window are up to date (after a reload)
    marks_shown = Signal()

    def __init__(self, store: Any) -> None:
        super().__init__()
        self.store = store
        self._looks: Any = None  # the look for drafts open in another window (ui/jobs.py)
        self._look_again = False
        layout = QVBoxLayout(self)
        title = QLabel(_('IIJ 注文構成ツール'))
        title.setStyleSheet("font-size: 18pt; font-weight: bold;")
        layout.addWidget(title)
        sub = QLabel(
            _(
                'IIJマネージドVPN PRO・IIJ認証アウトソースの構成を組み立て、'
                '規程どおりの見積書と申込書を作ります。'
            )
        )
        sub.setWordWrap(True)
        layout.addWidget(sub)
        self.recovery = QPushButton()
        self.recovery.setStyleSheet("background: #fff4d6; text-align: left; padding: 8px;")
        self.recovery.setAccessibleName(_('前回編集中だった下書きを開く'))
        self.recovery.hide()
        self.recovery.clicked.connect(lambda: self.restore_editing.emit(int(self.recovery.property("draft"))))
        layout.addWidget(self.recovery)
        row = QHBoxLayout()
        self.new_btn = QPushButton(_('新しい注文(&N)'))
        self.new_btn.setAccessibleName(_('新しい注文'))
        self.new_btn.clicked.connect(self.new_order.emit)
        self.open_btn = QPushButton(_('ファイルを開く(&O)…'))
        self.open_btn.setAccessibleName(_('ファイルを開く(注文ファイルまたはPDF)'))
        _set_tip(self.open_btn, _('注文ファイル(.iij-order.json)か、このアプリで作った見積書・申込書のPDF'))
        self.open_btn.clicked.connect(self.open_file.emit)
        row.addWidget(self.new_btn)
        row.addWidget(self.open_btn)
        row.addStretch(1)
        layout.addLayout(row)
        search_row = QHBoxLayout()
        label = QLabel(_('下書きを検索(&S)'))
        self.search = QLineEdit()
        self.search.setPlaceholderText(_('件名・お客様名・見積番号・状態'))
        self.search.setAccessibleName(_('下書きを検索'))
        label.setBuddy(self.search)
        self.search.textChanged.connect(lambda _t: self.reload())
        self.trash = QCheckBox(_('ごみ箱を表示(&T)'))
        self.trash.setAccessibleName(_('ごみ箱を表示'))
        self.trash.toggled.connect(lambda _c: self.reload())
        search_row.addWidget(label)
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.trash)
        recent = QLabel(_('最近の下書き(Enter で開く)'))
        recent.setStyleSheet("font-weight: bold; margin-top: 6px;")
        layout.addWidget(recent)
        layout.addLayout(search_row)
        self.model = DraftListModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(_('最近の下書き'))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for c, width in ((0, 170), (2, 220), (3, 90), (4, 140)):
            self.table.setColumnWidth(c, width)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.activated.connect(self._activated)
        self.table.selectionModel().currentRowChanged.connect(lambda _c, _p: self._show_status())
        self.sort_key, self.sort_descending = "updated", True
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(4, Qt.SortOrder.DescendingOrder)
        header.sectionClicked.connect(self._sort_by)
        layout.addWidget(self.table, 1)
        # an empty list says why and what to do (a new user's first start showed an empty grid only)
        self.empty_note = QLabel()
        self.empty_note.setWordWrap(True)
        self.empty_note.setStyleSheet("color: #555;")
        self.empty_note.setAccessibleName(_('一覧について'))
        layout.addWidget(self.empty_note)
        actions = QHBoxLayout()
        self.open_draft_btn = QPushButton(_('開く(&M)'))
        self.open_draft_btn.setAccessibleName(_('選択した下書きを開く'))
        self.open_draft_btn.clicked.connect(lambda: self._activated(self.table.currentIndex()))
        self.dup_btn = QPushButton(_('複製(&D)'))
        self.dup_btn.setAccessibleName(_('選択した下書きを複製'))
        self.dup_btn.clicked.connect(self._duplicate)
        self.lifecycle_btn = QPushButton(_('契約・変更・解約(&K)…'))
        self.lifecycle_btn.setAccessibleName(_('選択した注文の契約・変更・解約'))
        _set_tip(self.lifecycle_btn, _('契約済みにする(課金開始日の入力)、変更申込、解約申込'))
        self.lifecycle_btn.clicked.connect(self._lifecycle)
        self.history_btn = QPushButton(_('履歴(&Y)…'))
        self.history_btn.setAccessibleName(_('選択した下書きの履歴'))
        _set_tip(self.history_btn, _('保存された版を見て、以前の版に戻す'))
        self.history_btn.clicked.connect(self._history)
        self.trash_btn = QPushButton(_('ごみ箱へ移す(&R)'))
        self.trash_btn.setAccessibleName(_('選択した下書きをごみ箱へ移す'))
        self.trash_btn.clicked.connect(self._trash)
        self.restore_btn = QPushButton(_('ごみ箱から戻す(&R)'))
        self.restore_btn.setAccessibleName(_('選択した下書きをごみ箱から戻す'))
        self.restore_btn.clicked.connect(self._untrash)
        for b in (
            self.open_draft_btn,
            self.dup_btn,
            self.history_btn,
            self.lifecycle_btn,
            self.trash_btn,
            self.restore_btn,
        ):
            actions.addWidget(b)
        actions.addStretch(1)
        status_label = QLabel(_('状態(&A)'))
        self.status = QComboBox()
        self.status.setAccessibleName(_('選択した下書きの状態'))
        _set_tip(self.status, _('商談の進み具合。一覧の検索でも状態で絞り込めます。'))
        for key, status_text in STATUSES.items():
            self.status.addItem(_(status_text), key)
        status_label.setBuddy(self.status)
        self.status.activated.connect(self._status_chosen)
        actions.addWidget(status_label)
        actions.addWidget(self.status)
        layout.addLayout(actions)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.refusal: QMessageBox | None = None  # the last 「ごみ箱へ移せません」 (_trash)
        layout.addWidget(self.message)
        self.reload()

    def reload(self, keep: int | None = None) -> None:
        """The list again (search, trash, sort); `keep` is a draft id to select afterwards, else the draft
        selected before if it is still listed, else the first: a row is always chosen when there is one,
        so that Enter opens it (as the list's title says) and the buttons under it work."""
        if keep is None:
            before = self._selected()
            keep = before.id if before is not None else None
        trash = self.trash.isChecked()
        try:
            rows = self.store.list(
                self.search.text().strip() or None,
                trash=trash,
                limit=200,
                sort=self.sort_key,
                descending=self.sort_descending,
            )
        except KnownError as exc:  # the store cannot be read: say so, keep the screen usable
            rows = []
            self.message.setText(error_lines(exc))  # its technical reason on a line of its own
        self.model.set_rows(rows)
        self._look_for_open_elsewhere()
        notices = self.store.take_notices()
        if notices:  # damage the store found, mended or set aside: the user is told once
            self.message.setText("\n".join(error_lines(n) for n in notices))
        self.restore_btn.setVisible(trash)
        self.trash_btn.setVisible(not trash)
        self._say_why_empty(trash)
        kept = next((r for r, d in enumerate(self.model.rows) if keep is not None and d.id == keep), None)
        if kept is None and self.model.rows:
            kept = 0
        if kept is not None:
            self.table.selectRow(kept)
        self._show_status()

    def window_activated(self) -> None:
        """Back to this window (from another window of the app, another program): which drafts are open
        elsewhere may have changed meanwhile — the marks are looked at again, the list not reloaded. (Qt
        tells only the window of its activation: MainWindow.changeEvent calls this.)"""
        if self.isVisible():
            self._look_for_open_elsewhere()

    def _look_for_open_elsewhere(self) -> None:
        """Which drafts listed another window has open, looked at off the UI thread (a try of each draft's
        lock takes ~0.1 ms here, more on Windows: 200 of them slowed each keystroke of a search); the
        marks follow when it is done (`marks_shown`). A look asked for while one runs follows it."""
        from ui.jobs import Jobs

        if self._looks is None:
            self._looks = Jobs()  # no parent: the window may be closed before a look ends (its GC pause)
        if self._looks.running("open-elsewhere"):
            self._look_again = True
            return
        self._look_again = False
        ids = [] if self.trash.isChecked() else [d.id for d in self.model.rows]
        looked_at = self.store.open_among  # only the lock files: no database connection on the worker
        self._looks.run(
            lambda: looked_at(ids),
            success=self._show_open_elsewhere,
            failure=self._not_looked,
            name="open-elsewhere",
        )

    def _show_open_elsewhere(self, found: set[int]) -> None:
        from shiboken6 import isValid

        if not isValid(self):  # the window was closed meanwhile
            return
        if self._look_again:  # the list changed meanwhile: what it shows now is looked at
            self._look_for_open_elsewhere()
            return
        mine = self.window()
        for draft_id in list(found):  # this window's own draft is not another window's
            hold = self.store.held_here(draft_id)
            owner = hold.owner if hold is not None else None
            if isinstance(owner, QWidget) and owner.window() is mine:
                found.discard(draft_id)
        self.model.set_elsewhere(found)
        self.marks_shown.emit()

    def _not_looked(self, _message: str) -> None:  # the data folder could not be looked at: no marks
        self._show_open_elsewhere(set())

    def _say_why_empty(self, trash: bool) -> None:
        typed = self.search.text().strip()
        if self.model.rows:
            note = ""
        elif typed:
            note = _(
                '「{typed}」に当てはまる下書きはありません。件名・お客様名・見積番号・状態の一部で探せます。'
            ).format(typed=typed)
        elif trash:
            note = _('ごみ箱は空です。')
        else:
            note = _(
                '下書きはまだありません。「新しい注文」で始めるか、「ファイルを開く」で注文ファイルか'
                'このアプリで作った見積書・申込書のPDFを開いてください。'
            )
        self.empty_note.setText(note)
        self.empty_note.setVisible(bool(note))

    #: list columns → the store's sort keys
    SORT_KEYS = ("number", "title", "customer", "status", "updated")

    def _sort_by(self, column: int) -> None:
        key = self.SORT_KEYS[column]
        # a second click on the same column turns the order round; a new column starts ascending,
        # except the date, newest first
        self.sort_descending = (not self.sort_descending) if key == self.sort_key else key == "updated"
        self.sort_key = key
        self.table.horizontalHeader().setSortIndicator(
            column, Qt.SortOrder.DescendingOrder if self.sort_descending else Qt.SortOrder.AscendingOrder
        )
        d = self._selected()
        self.reload(keep=d.id if d else None)

    def _show_status(self) -> None:
        d = self._selected()
        self.status.setEnabled(d is not None and not self.trash.isChecked())
        # what needs a draft chosen in the list says so, rather than doing nothing when clicked
        why = _('一覧で下書きを選ぶと使えます。')
        if not self.model.rows:  # an empty list (none saved yet, none found, an empty trash)
            why = _('一覧に下書きがありません。') + why
        for button, tip in (
            (self.open_draft_btn, _('一覧で選んだ下書きを開く(Enter でも開けます)')),
            (self.dup_btn, _('新しい見積番号で、件名に「のコピー」を付けた複製を作る')),
            (self.lifecycle_btn, _('契約済みにする(課金開始日の入力)、変更申込、解約申込')),
            (self.history_btn, _('保存された版を見て、以前の版に戻す')),
            (self.trash_btn, _('「ごみ箱を表示」から戻せます')),
            (self.restore_btn, _('選んだ下書きを一覧に戻す')),
        ):
            button.setEnabled(d is not None)
            _set_tip(button, tip if d is not None else why)
        if self.trash.isChecked():  # a draft in the trash is brought back before it is opened
            self.open_draft_btn.setEnabled(False)
            restore_first = _('ごみ箱の下書きは、「ごみ箱から戻す」で戻してから開いてください。')
            _set_tip(self.open_draft_btn, restore_first)
        if d is not None:
            self.status.setCurrentIndex(max(self.status.findData(d.status), 0))

    def _status_chosen(self, index: int) -> None:
        d = self._selected()
        status = self.status.itemData(index)
        if d is None or status == d.status:
            return
        self.store.set_status(d.id, status)
        self.message.setText(
            _('{quote_number} の状態を「{status}」にしました。').format(
                quote_number=d.number, status=_(STATUSES[status])
            )
        )
        self.reload(keep=d.id)

    def offer_recovery(self, draft_id: int | None) -> None:
        if draft_id is None:
            self.recovery.hide()
            return
        try:
            info = self.store.info(draft_id)
        except Exception:
            self.recovery.hide()
            return
        self.recovery.setText(
            _('前回、終了せずに閉じられました。編集中だった「{title}」({quote_number})を開く(&C)').format(
                title=info.title, quote_number=info.number
            )
        )
        self.recovery.setProperty("draft", draft_id)
        self.recovery.show()

    def _selected(self) -> DraftInfo | None:
        idx = self.table.currentIndex()
        return self.model.rows[idx.row()] if idx.isValid() else None

    def _activated(self, index: Index) -> None:
        if index.isValid() and not self.trash.isChecked():
            self.open_draft.emit(self.model.rows[index.row()].id)

    def _lifecycle(self) -> None:
        d = self._selected()
        if d and not self.trash.isChecked():
            self.open_lifecycle.emit(d.id)

    def _history(self) -> None:
        d = self._selected()
        if d is None:
            return
        from configurator.pricing.books import active_price_book
        from ui.history import HistoryDialog

        dialog = HistoryDialog(self.store, d.id, active_price_book(), self)
        dialog.restored.connect(lambda draft_id: self.reload(keep=draft_id))
        # deleted when closed: each opening made a new one, and the closed ones stayed as hidden children
        # of the start screen (the monkey's 10,000 steps left four)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()  # window-modal, returns at once
        self.history_dialog = dialog

    def _duplicate(self) -> None:
        """A copy with a new 見積番号 and 件名 「…のコピー」, selected in the list (the store marks it)."""
        d = self._selected()
        if d:
            try:
                res = self.store.duplicate(d.id)
                copy = self.store.info(res.draft_id)
            except KnownError as exc:
                self.message.setText(error_text(exc))
                return
            said = _('複製しました: {quote_number}「{title}」')
            self.message.setText(said.format(quote_number=copy.number, title=copy.title))
            self.reload(keep=copy.id)

    def _trash(self) -> None:
        """ごみ箱へ移す — refused, with the reason in a box, when another window has the draft open (that
        window's next save would take it back out of the trash)."""
        d = self._selected()
        if d:
            from configurator.store.draftlock import DraftOpenElsewhere

            try:
                self.store.trash(d.id)
            except DraftOpenElsewhere as exc:
                self.refusal = self._refuse(_('ごみ箱へ移せません'), error_text(exc))
                return
            except KnownError as exc:
                self.message.setText(error_text(exc))
                return
            self.message.setText(
                _('{quote_number} をごみ箱に移しました。「ごみ箱を表示」から戻せます。').format(
                    quote_number=d.number
                )
            )
            self.reload()

    def _refuse(self, title: str, text: str) -> QMessageBox:
        """Why nothing was done, in the message line and in a window-modal box (returns at once)."""
        self.message.setText(text)
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    def _untrash(self) -> None:
        d = self._selected()
        if d:
            self.store.untrash(d.id)
            self.message.setText(_('{quote_number} をごみ箱から戻しました。').format(quote_number=d.number))
            self.reload()
