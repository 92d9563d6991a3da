"""The table of the 変更 tab: one row a site, the devices, switch, LAN, internet connection and options
before and after the change.

A model (ChangeModel) over the session's sites, not one item a cell: a row's texts, flags and tooltips
are worked out the first time the view asks for them (only the rows in sight) and kept until that
site is edited, so a 1,000-site contract opens at once. A combo or spin box is made by the delegate
only when a cell is edited."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from configurator.session.contract_session import ContractSession, parse_lan
from configurator.tariff.catalogue import catalogue
from configurator.tariff.choices import Choice, option_choice
from configurator.text import jpinput
from configurator.text.i18n import _, pick

INTERNET_COL = 5  # the column of the internet connection; the options follow it
KIND_ROLE = Qt.ItemDataRole.UserRole + 1  # "device", "switch" or "count": which editor the cell takes
BEFORE_ROLE = Qt.ItemDataRole.UserRole + 2  # the device before the change
PTR_ROLE = Qt.ItemDataRole.UserRole

Index = QModelIndex | QPersistentModelIndex

_FIXED = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_EDITABLE = _FIXED | Qt.ItemFlag.ItemIsEditable


def option_columns() -> list[tuple[str, str]]:
    """The option columns after the fixed ones: (option id, header); the private switch has its own."""
    from ui.sites import OPTIONS

    short = {
        c.key.rsplit("/", 1)[-1]: _(c.header or c.title) for c in OPTIONS if c.key.startswith("/options/")
    }
    return [
        (k, short.get(k) or pick(spec["name"], spec["name_en"]))
        for k, spec in catalogue().vpn_options.items()
        if k != "private_switch"
    ]


@dataclass
class CellView:
    """What one cell shows: its text, flags, tooltip, tick (None: no check box), and for an editable
    cell the pointer it edits, the editor it takes and the device before the change."""

    text: str = ""
    flags: Qt.ItemFlag = _FIXED
    tip: str = ""
    check: Qt.CheckState | None = None
    ptr: str = ""
    kind: str = ""
    before: Any = None
    accessible: str = ""


class ChangeModel(QAbstractTableModel):
    """The session's sites after the change, one row each; edits go to `on_edit(pointer, value)`."""

    def __init__(self, option_cols: list[tuple[str, str]]) -> None:
        super().__init__()
        self.option_columns = option_cols
        self.headers = [
            _('拠点'),
            _('現在のVPN機器'),
            _('変更後のVPN機器'),
            _('プライベートスイッチ(変更後)'),
            _('LAN(変更後)'),
            _('インターネット接続(変更後)'),
        ] + [h for _k, h in option_cols]
        self.session: ContractSession | None = None
        self.on_edit: Any = None  # (pointer, value) -> None, set by the tab
        self._sites: list[tuple[str, dict[str, Any]]] = []
        self._rows: dict[int, list[CellView]] = {}  # the rows worked out so far (those shown)
        self._choices: dict[tuple[Any, str], Choice] = {}  # option_choice by (device, option)
        self.row_of: dict[str, int] = {}

    def fill(self, session: ContractSession) -> None:
        self.beginResetModel()
        self.session = session
        self._sites = session.sites()
        self.row_of = {ptr: n for n, (ptr, _site) in enumerate(self._sites)}
        self._rows.clear()
        self.endResetModel()

    def redraw_site(self, site_ptr: str) -> None:
        """The row of a site again (after a device change: which options the new device takes)."""
        n = self.row_of.get(site_ptr)
        if n is None or self.session is None:
            return
        self._sites[n] = (site_ptr, self.session.after(site_ptr) or {})
        self._rows.pop(n, None)
        self.dataChanged.emit(self.index(n, 0), self.index(n, len(self.headers) - 1))

    def site_pointer(self, row: int) -> str:
        return self._sites[row][0]

    # --- one row, worked out when first shown ---------------------------------------------------

    def cells(self, row: int) -> list[CellView]:
        cells = self._rows.get(row)
        if cells is None:
            cells = self._rows[row] = self._make_row(row)
        return cells

    def cell(self, row: int, col: int) -> CellView:
        return self.cells(row)[col]

    def _make_row(self, row: int) -> list[CellView]:
        assert self.session is not None
        cat = catalogue()
        ptr, site = self._sites[row]
        before = self.session.before(ptr) or {}
        out = [
            CellView(str(site.get("name") or site.get("id"))),
            CellView(cat.device_name(before.get("device"))),
        ]
        device = site.get("device")
        same = _('(変更なし)') if device == before.get("device") else ""
        out.append(
            CellView(
                cat.device_name(device) + same,
                _EDITABLE,
                _('ダブルクリックで変更後の機器を選びます'),
                ptr=ptr + "/device",
                kind="device",
                before=before.get("device"),
            )
        )
        old_sw = (before.get("options") or {}).get("private_switch")
        new_sw = (site.get("options") or {}).get("private_switch")
        sw_text = cat.device_name(new_sw) if new_sw else _('(なし)')
        out.append(
            CellView(
                sw_text + (_('(変更なし)') if old_sw and new_sw == old_sw else ""),
                _EDITABLE,
                _('ダブルクリックで選びます(スイッチがない拠点には追加できます)'),
                ptr=ptr + "/options/private_switch",
                kind="switch",
                before=old_sw,
            )
        )
        out.append(CellView(", ".join(site.get("lan") or []), _EDITABLE, ptr=ptr + "/lan", kind="lan"))
        from ui.internet import internet_text

        out.append(
            CellView(
                internet_text(site.get("internet")),
                _FIXED,
                _('ダブルクリックで変更します'),
                ptr=ptr + "/internet",
                kind="internet",
            )
        )
        dev = device if isinstance(device, str) else None
        for key, header in self.option_columns:
            out.append(self._option_cell(ptr, site, dev, key, header))
        return out

    def _option_cell(
        self, ptr: str, site: dict[str, Any], device: str | None, key: str, header: str
    ) -> CellView:
        """An option of the site after the change: ticked or counted; greyed out with the reason where
        the device after the change does not take it."""
        value = (site.get("options") or {}).get(key)
        choice = self._choices.get((device, key))
        if choice is None:
            choice = self._choices[(device, key)] = option_choice(
                device, key, 1 if key == "sfp_module" else True
            )
        enabled = choice.allowed or bool(value)
        cell = CellView(ptr=f"{ptr}/options/{key}", accessible=header)
        if key == "sfp_module":
            cell.text = str(int(value) if isinstance(value, int) and not isinstance(value, bool) else 0)
            cell.kind = "count"
            on = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsEditable
        else:
            cell.kind = "option"
            cell.check = Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
            on = Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled
        cell.flags = Qt.ItemFlag.ItemIsSelectable | (on if enabled else Qt.ItemFlag.NoItemFlags)
        if not enabled:
            gap = pick("", " ")  # English puts a space between a sentence and its bracket
            cell.tip = f"{pick(choice.reason or '', choice.reason_en or '')}{gap}({choice.citation or ''})"
        return cell

    # --- Qt model -------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._sites)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section] if orientation == Qt.Orientation.Horizontal else str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return self.cell(index.row(), index.column()).flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        cell = self.cell(index.row(), index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return cell.text if cell.check is None else None
        if role == Qt.ItemDataRole.CheckStateRole:
            return cell.check
        if role == Qt.ItemDataRole.ToolTipRole:
            return cell.tip or None
        if role == PTR_ROLE:
            return cell.ptr or None
        if role == KIND_ROLE:
            return cell.kind or None
        if role == BEFORE_ROLE:
            return cell.before
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return cell.accessible or None
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """A tick, a typed LAN or a count is the edit; a device is chosen in the delegate's list only."""
        if not index.isValid() or self.on_edit is None:
            return False
        cell = self.cell(index.row(), index.column())
        if not cell.flags & Qt.ItemFlag.ItemIsEnabled:
            return False
        if role == Qt.ItemDataRole.CheckStateRole and cell.check is not None:
            self.on_edit(cell.ptr, Qt.CheckState(value) == Qt.CheckState.Checked)
            return True
        if role != Qt.ItemDataRole.EditRole:
            return False
        if cell.kind == "lan":
            self.on_edit(cell.ptr, parse_lan(str(value)))
            return True
        if cell.kind == "count":
            typed = jpinput.count(str(value))  # 「2個」「２」 as the sites table takes them
            if typed is None:
                return False
            count = min(typed, int(catalogue().vpn_options["sfp_module"].get("ui_max_count", 8)))
            self.on_edit(cell.ptr, count)
            return True
        return False


class Cell:
    """One cell of the table, with the few item calls the screen's callers (and tests) make:
    text, flags, tooltip, tick and data by role."""

    def __init__(self, table: ChangeTable, index: QModelIndex) -> None:
        self.table = table
        self.index = index

    def row(self) -> int:
        return self.index.row()

    def column(self) -> int:
        return self.index.column()

    def text(self) -> str:
        return str(self.index.data(Qt.ItemDataRole.DisplayRole) or "")

    def flags(self) -> Qt.ItemFlag:
        return self.index.flags()

    def toolTip(self) -> str:
        return str(self.index.data(Qt.ItemDataRole.ToolTipRole) or "")

    def data(self, role: int) -> Any:
        return self.index.data(role)

    def checkState(self) -> Qt.CheckState:
        state = self.index.data(Qt.ItemDataRole.CheckStateRole)
        return Qt.CheckState(state) if state is not None else Qt.CheckState.Unchecked

    def setCheckState(self, state: Qt.CheckState) -> None:
        self.table.model_.setData(self.index, state, Qt.ItemDataRole.CheckStateRole)


class ChangeTable(QTableView):
    """Shows a ContractSession's sites through a ChangeModel; edits go to `on_edit(pointer, value)`."""

    cellDoubleClicked = Signal(int, int)

    def __init__(self, session: ContractSession | None = None) -> None:
        super().__init__()
        self.option_columns = option_columns()
        self.model_ = ChangeModel(self.option_columns)
        self.setModel(self.model_)
        self.setAccessibleName(_('拠点ごとの変更'))
        self.setItemDelegate(ChangeDelegate(self))
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.verticalHeader().setDefaultSectionSize(24)
        self.doubleClicked.connect(lambda index: self.cellDoubleClicked.emit(index.row(), index.column()))
        if session is not None:
            self.fill(session)

    @property
    def session(self) -> ContractSession | None:
        return self.model_.session

    @property
    def row_of(self) -> dict[str, int]:
        return self.model_.row_of

    def fill(self, session: ContractSession) -> None:
        self.model_.fill(session)
        self.fit_columns()

    #: a column never wider than this (a longer cell ends in "…"; its whole text is in the report)
    MAX_COLUMN = 380
    #: the first rows, those the widths are taken from (not all of a 1,000-site contract)
    FIT_ROWS = 40

    def fit_columns(self) -> None:
        """Every column as wide as its title and the cells of the first rows ask, up to MAX_COLUMN: the
        fixed widths cut 「Cisco Catalyst 9300L-24T-4G-A(変更なし)」 and other providers' lines.

        What resizeColumnToContents does over FIT_ROWS rows, but the delegate is asked once for each
        different cell of a column (a text, or a tick), not once a cell: most cells of a column are
        alike (the same device, 「(なし)」, a tick), and each question is a dozen calls into the model."""
        model = self.model_
        rows = min(model.rowCount(), self.FIT_ROWS)
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        delegate = self.itemDelegate()
        header = self.horizontalHeader()
        grid = 1 if self.showGrid() else 0
        for c in range(model.columnCount()):
            width = 0
            asked: set[tuple[str, bool]] = set()
            for r in range(rows):
                cell = model.cell(r, c)
                alike = (cell.text, cell.check is None)
                if alike not in asked:
                    asked.add(alike)
                    width = max(width, delegate.sizeHint(option, model.index(r, c)).width())
            width = max(width + grid, header.sectionSizeHint(c))
            self.setColumnWidth(c, min(width + 8, self.MAX_COLUMN))

    def redraw_site(self, site_ptr: str) -> None:
        self.model_.redraw_site(site_ptr)

    def rowCount(self) -> int:
        return self.model_.rowCount()

    def columnCount(self) -> int:
        return self.model_.columnCount()

    def item(self, row: int, col: int) -> Cell | None:
        if not (0 <= row < self.rowCount() and 0 <= col < self.columnCount()):
            return None
        return Cell(self, self.model_.index(row, col))

    def itemFromIndex(self, index: Index) -> Cell | None:
        return self.item(index.row(), index.column()) if index.isValid() else None

    def indexFromItem(self, cell: Cell) -> QModelIndex:
        return cell.index

    def editItem(self, cell: Cell) -> None:
        self.setCurrentIndex(cell.index)
        self.edit(cell.index)

    def device_choices(self, index: Index) -> list[tuple[Any, str, bool, str]]:
        assert self.session is not None
        return self.session.device_choices(str(index.data(KIND_ROLE)), index.data(BEFORE_ROLE))

    def current(self, index: Index) -> Any:
        """The value after the change of the cell's pointer."""
        ptr = index.data(PTR_ROLE) if index.isValid() else None
        if not ptr or self.session is None:
            return None
        return self.session.after(str(ptr))


class ChangeDelegate(QStyledItemDelegate):
    """Makes the editor of a change-table cell only when it is edited: a combo of the allowed devices
    (the others greyed out with the reason) or a count."""

    def __init__(self, table: ChangeTable) -> None:
        super().__init__(table)
        self.table = table

    @property
    def on_edit(self) -> Any:
        return self.table.model_.on_edit

    @on_edit.setter
    def on_edit(self, fn: Any) -> None:
        self.table.model_.on_edit = fn

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        kind = index.data(KIND_ROLE)
        if kind in ("device", "switch"):
            combo = QComboBox(parent)
            combo.setAccessibleName(
                _('変更後の機器種別') if kind == "device" else _('変更後のプライベートスイッチ')
            )
            model = combo.model()
            assert isinstance(model, QStandardItemModel)
            for value, label, allowed, reason in self.table.device_choices(index):
                combo.addItem(label, value)
                if not allowed:
                    model.item(combo.count() - 1).setEnabled(False)
                    model.item(combo.count() - 1).setToolTip(reason)
            combo.activated.connect(lambda _i, cb=combo: self._chosen(cb))
            return combo
        if kind == "count":
            spin = QSpinBox(parent)
            spin.setRange(0, int(catalogue().vpn_options["sfp_module"].get("ui_max_count", 8)))
            spin.setAccessibleName(str(index.data(Qt.ItemDataRole.AccessibleTextRole)))
            return spin
        return super().createEditor(parent, option, index)

    def _chosen(self, combo: QComboBox) -> None:
        """A choice in the list is the edit: commit it and close the list."""
        self.commitData.emit(combo)
        self.closeEditor.emit(combo, QAbstractItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        current = self.table.current(index)
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(editor.findData(current), 0))
        elif isinstance(editor, QSpinBox):
            editor.setValue(int(current) if isinstance(current, int) and not isinstance(current, bool) else 0)
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        ptr = str(index.data(PTR_ROLE) or "")
        current = self.table.current(index)
        if isinstance(editor, QComboBox):
            if editor.currentData() != current and self.on_edit is not None:
                self.on_edit(ptr, editor.currentData())
        elif isinstance(editor, QSpinBox):
            if editor.value() != current and self.on_edit is not None:
                self.on_edit(ptr, editor.value())
        else:
            super().setModelData(editor, model, index)
