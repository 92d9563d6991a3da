"""What the VPN pages share: the network picker and the page with a table of a network's sites."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QItemSelectionModel, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from configurator.session import edits
from configurator.text.i18n import _
from ui import common
from ui.common import SHOWS_ONLY, FlowLayout, IssueLabel, allow_copy, set_tip
from ui.pages.base import ROW_ACTIONS, RowAction, Wizard, WizardPage
from ui.sites import ChoiceDelegate, Column, SitesModel


class NetworkPicker(QWidget):
    changed = Signal(int)

    def __init__(self, page: WizardPage, editable: bool) -> None:
        super().__init__()
        self.page = page
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        label = QLabel(_('VPN網(&W)'))
        self.combo = QComboBox()
        self.combo.setAccessibleName(_('VPN網'))
        self.combo.setProperty(SHOWS_ONLY, True)  # which network is shown: usable read-only too
        label.setBuddy(self.combo)
        row.addWidget(label)
        row.addWidget(self.combo, 1)
        self.combo.currentIndexChanged.connect(lambda i: self.changed.emit(max(i, 0)))
        if editable:
            add = QPushButton(_('VPN網を追加(&A)'))
            add.setAccessibleName(_('VPN網を追加'))
            add.clicked.connect(self.add_network)
            remove = QPushButton(_('このVPN網を削除(&T)'))
            remove.setAccessibleName(_('このVPN網を削除'))
            remove.clicked.connect(self.remove_network)
            row.addWidget(add)
            row.addWidget(remove)
            self.remove_btn: QPushButton | None = remove
        else:
            self.remove_btn = None

    def add_network(self) -> None:
        self.page.apply(edits.add_network(self.page.session.doc), refresh=True)

    def remove_network(self) -> None:
        index = self.combo.currentIndex()
        if 0 <= index < len(self.page.session.doc.get("vpn_networks") or []) and common.confirm(
                self, _('VPN網の削除'), _('このVPN網と拠点を削除しますか?(元に戻すで戻せます)')):
            self.page.apply(edits.remove_network(index, self.page.session.doc), refresh=True)

    def refresh(self) -> None:
        nets = self.page.session.doc.get("vpn_networks") or []
        current = self.combo.currentIndex()
        self.combo.blockSignals(True)
        self.combo.clear()
        for i, n in enumerate(nets, start=1):
            self.combo.addItem(_('{i}. {v1}(子拠点 {v2})').format(
                i=i, v1=n.get('name') or n.get('id'), v2=len(n.get('children') or [])))
        self.combo.setCurrentIndex(min(max(current, 0), len(nets) - 1))
        self.combo.blockSignals(False)
        if self.remove_btn is not None:
            self.remove_btn.setEnabled(bool(nets))
            common.set_tip(self.remove_btn, "" if nets else _('削除するVPN網がありません。'))

    @property
    def index(self) -> int:
        return max(self.combo.currentIndex(), 0)


class SitesPage(WizardPage):
    columns: tuple[Column, ...] = ()
    editable_networks = False

    def __init__(self, wizard: Wizard) -> None:
        super().__init__(wizard)
        self.picker = NetworkPicker(self, self.editable_networks)
        self.layout_.addWidget(self.picker)
        self.top = QVBoxLayout()
        self.layout_.addLayout(self.top)
        self.model = SitesModel(self.columns, lambda: self.wizard.session)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setItemDelegate(ChoiceDelegate(self.model, self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.setAccessibleName(_('拠点の一覧'))
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        for c, col in enumerate(self.columns):
            # never narrower than its header or its longest fixed label, in either language
            words = [_('親'), _('子')] if col.kind == "kind" else []
            fitted = max([header.sectionSizeFromContents(c).width(),
                          *(self.table.fontMetrics().horizontalAdvance(w) + 14 for w in words)])
            self.table.setColumnWidth(c, max(col.width, fitted))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.buttons = FlowLayout()  # wraps when the window is narrow (long English labels)
        self.layout_.addLayout(self.buttons)
        self.table_hint = hint = QLabel(_(
            "表のセルはダブルクリックするか、選んで入力を始めると編集できます。選べない値は灰色で、マウスを乗せると理由が出ます。"))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        self.layout_.addWidget(hint)
        self.layout_.addWidget(self.table, 1)
        allow_copy(self.table)
        self.cell_issue = IssueLabel()
        self.layout_.addWidget(self.cell_issue)
        self.table.selectionModel().currentChanged.connect(lambda *_: self._show_cell_issue())
        self.model.refused.connect(self.cell_issue.show_refusal)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.rows_changed.emit())
        self.table.selectionModel().currentChanged.connect(lambda *_: self.rows_changed.emit())
        self.model.modelReset.connect(self.rows_changed.emit)
        #: buttons that act on the selected sites: disabled, with the reason, while none is selected
        self.row_buttons: list[QPushButton] = []
        self.rows_changed.connect(self._enable_row_buttons)
        self.picker.changed.connect(self._network_changed)

    def row_actions(self) -> dict[str, RowAction]:
        """The sites are added, copied and removed on VPN網と拠点 only (this page shows them)."""
        why = _('拠点の追加・複製・削除は「VPN網と拠点」のページで行います。')
        return {key: RowAction(None, why) for key in ROW_ACTIONS}

    def _enable_row_buttons(self) -> None:
        chosen = bool(self.selected_rows())
        for button in self.row_buttons:
            button.setEnabled(chosen)
            set_tip(button, "" if chosen else _('表で拠点を選ぶと使えます(複数選べます)。'))

    def _network_changed(self, index: int) -> None:
        self.model.network = index
        self.model.reload()
        self.binder.refresh()

    def _show_hint(self, shown: bool) -> None:
        """How to edit the cells: said where the table is shown, never on a contracted order (read-only).
        Set only when it changes: each call lays the page out again."""
        shown = shown and not self.session.read_only
        if self.table_hint.isVisibleTo(self) != shown:
            self.table_hint.setVisible(shown)

    def net_ptr(self) -> str | None:
        nets = self.session.doc.get("vpn_networks") or []
        return f"/vpn_networks/{self.picker.index}" if nets else None

    def refresh(self) -> None:
        self._show_hint(True)
        self.picker.refresh()
        self.model.network = self.picker.index
        self.model.reload()
        super().refresh()

    def on_changed(self) -> None:
        super().on_changed()
        self.model.refresh()
        self._show_cell_issue()

    def _show_cell_issue(self) -> None:
        idx = self.table.currentIndex()
        if not idx.isValid() or idx.row() >= self.model.rowCount():
            self.cell_issue.show_issues([])
            return
        col = self.model.columns[idx.column()]
        ptr = self.model.site_pointer(idx.row()) + col.key
        self.cell_issue.show_issues(self.session.issues_at(ptr) if col.key else [])

    def selected_rows(self) -> list[int]:
        return sorted({i.row() for i in self.table.selectionModel().selectedRows()}) or (
            [self.table.currentIndex().row()] if self.table.currentIndex().isValid() else [])

    def select_rows(self, rows: Sequence[int]) -> None:
        """Select `rows` whole (a copy just made, as a spreadsheet does), the first one current in the
        current column, scrolled into view; the focus in the table."""
        rows = [r for r in rows if 0 <= r < self.model.rowCount()]
        if not rows:
            return
        column = max(self.table.currentIndex().column(), 0)
        flags = QItemSelectionModel.SelectionFlag
        sel = self.table.selectionModel()
        sel.setCurrentIndex(self.model.index(rows[0], column), flags.NoUpdate)
        sel.clearSelection()
        for r in rows:
            sel.select(self.model.index(r, 0), flags.Select | flags.Rows)
        self.table.scrollTo(self.model.index(rows[-1], column))
        self.table.scrollTo(self.model.index(rows[0], column))
        self.table.setFocus()

    def focus_pointer(self, ptr: str) -> None:
        net = ptr.split("/")[2] if ptr.startswith("/vpn_networks/") else None
        if net is not None and net.isdigit() and int(net) != self.picker.index:
            self.picker.combo.setCurrentIndex(int(net))
        row = self.model.row_of(ptr)
        if row >= 0:
            self.table.setCurrentIndex(self.model.index(row, self.model.column_of(ptr)))
            self.table.scrollTo(self.table.currentIndex())
            self.table.setFocus()
        else:
            super().focus_pointer(ptr)
