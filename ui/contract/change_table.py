"""The table of the 変更 tab: one row a site, the devices, switch, LAN, internet connection and options
before and after the change. Plain items only: a combo or spin box is made by the delegate when a cell
is edited, so a 1,000-site contract opens at once."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QComboBox,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from configurator.session.contract_session import ContractSession
from configurator.tariff.catalogue import catalogue
from configurator.tariff.choices import option_choice
from configurator.text.i18n import _, pick

INTERNET_COL = 5  # the column of the internet connection; the options follow it
KIND_ROLE = Qt.ItemDataRole.UserRole + 1  # "device", "switch" or "count": which editor the cell takes
BEFORE_ROLE = Qt.ItemDataRole.UserRole + 2  # the device before the change
PTR_ROLE = Qt.ItemDataRole.UserRole

Index = QModelIndex | QPersistentModelIndex


def option_columns() -> list[tuple[str, str]]:
    """The option columns after the fixed ones: (option id, header); the private switch has its own."""
    from ui.sites import OPTIONS

    short = {c.key.rsplit("/", 1)[-1]: _(c.header or c.title)
             for c in OPTIONS if c.key.startswith("/options/")}
    return [(k, short.get(k) or pick(spec["name"], spec["name_en"]))
            for k, spec in catalogue().vpn_options.items() if k != "private_switch"]


class ChangeTable(QTableWidget):
    """Shows a ContractSession's sites; edits go to `on_edit(pointer, value)`."""

    def __init__(self, session: ContractSession | None = None) -> None:
        self.option_columns = option_columns()
        headers = [_('拠点'), _('現在のVPN機器'), _('変更後のVPN機器'), _('プライベートスイッチ(変更後)'),
                   _('LAN(変更後)'), _('インターネット接続(変更後)')]
        super().__init__(0, len(headers) + len(self.option_columns))
        self.session = session
        self.setHorizontalHeaderLabels(headers + [h for _k, h in self.option_columns])
        self.setAccessibleName(_('拠点ごとの変更'))
        self.setItemDelegate(ChangeDelegate(self))
        self.row_of: dict[str, int] = {}
        self.filling = False
        for c, w in enumerate((130, 130, 200, 230, 170, 200) + (90,) * len(self.option_columns)):
            self.setColumnWidth(c, w)

    def fill(self, session: ContractSession) -> None:
        self.session = session
        self.filling = True
        sites = session.sites()
        self.setRowCount(len(sites))
        self.row_of = {ptr: n for n, (ptr, _site) in enumerate(sites)}
        for n, (ptr, site) in enumerate(sites):
            self.fill_row(n, ptr, site)
        self.filling = False

    def redraw_site(self, site_ptr: str) -> None:
        """The row of a site again (after a device change: which options the new device takes)."""
        n = self.row_of.get(site_ptr)
        if n is not None and self.session is not None:
            self.filling = True
            self.fill_row(n, site_ptr, self.session.after(site_ptr) or {})
            self.filling = False

    def fill_row(self, n: int, ptr: str, site: dict[str, Any]) -> None:
        assert self.session is not None
        cat = catalogue()
        fixed = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        editable = fixed | Qt.ItemFlag.ItemIsEditable
        before = self.session.before(ptr) or {}

        def put(col: int, text: str, flags: Qt.ItemFlag, key: str = "", kind: str = "",
                before_value: Any = None, tip: str = "") -> QTableWidgetItem:
            item = QTableWidgetItem(text)
            item.setFlags(flags)
            if key:
                item.setData(PTR_ROLE, ptr + key)
                item.setData(KIND_ROLE, kind)
                item.setData(BEFORE_ROLE, before_value)
            if tip:
                item.setToolTip(tip)
            self.setItem(n, col, item)
            return item

        put(0, str(site.get("name") or site.get("id")), fixed)
        put(1, cat.device_name(before.get("device")), fixed)
        device = site.get("device")
        same = _('(変更なし)') if device == before.get("device") else ""
        put(2, cat.device_name(device) + same, editable,
            "/device", "device", before.get("device"), _('ダブルクリックで変更後の機器を選びます'))
        old_sw = (before.get("options") or {}).get("private_switch")
        new_sw = (site.get("options") or {}).get("private_switch")
        sw_text = cat.device_name(new_sw) if new_sw else _('(なし)')
        put(3, sw_text + (_('(変更なし)') if old_sw and new_sw == old_sw else ""), editable,
            "/options/private_switch", "switch", old_sw,
            _('ダブルクリックで選びます(スイッチがない拠点には追加できます)'))
        lan = put(4, ", ".join(site.get("lan") or []), editable)
        lan.setData(PTR_ROLE, ptr + "/lan")
        from ui.internet import internet_text

        put(INTERNET_COL, internet_text(site.get("internet")), fixed, "/internet", "internet",
            tip=_('ダブルクリックで変更します'))
        for c, (key, header) in enumerate(self.option_columns, start=INTERNET_COL + 1):
            self.option_cell(n, c, ptr, site, key, header)

    def option_cell(self, row: int, col: int, ptr: str, site: dict[str, Any], key: str, header: str) -> None:
        """An option of the site after the change: ticked or counted; greyed out with the reason where
        the device after the change does not take it."""
        value = (site.get("options") or {}).get(key)
        device = site.get("device") if isinstance(site.get("device"), str) else None
        item = QTableWidgetItem()
        item.setData(PTR_ROLE, f"{ptr}/options/{key}")
        item.setData(Qt.ItemDataRole.AccessibleTextRole, header)
        choice = option_choice(device, key, 1 if key == "sfp_module" else True)
        enabled = choice.allowed or bool(value)
        if key == "sfp_module":
            item.setText(str(int(value) if isinstance(value, int) and not isinstance(value, bool) else 0))
            item.setData(KIND_ROLE, "count")
            on = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsEditable
            item.setFlags(Qt.ItemFlag.ItemIsSelectable | (on if enabled else Qt.ItemFlag.NoItemFlags))
        else:
            on = Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled
            item.setFlags(Qt.ItemFlag.ItemIsSelectable | (on if enabled else Qt.ItemFlag.NoItemFlags))
            item.setCheckState(Qt.CheckState.Checked if value else Qt.CheckState.Unchecked)
        if not enabled:
            item.setToolTip(f"{pick(choice.reason or '', choice.reason_en or '')}({choice.citation or ''})")
        self.setItem(row, col, item)

    def device_choices(self, item: QTableWidgetItem) -> list[tuple[Any, str, bool, str]]:
        assert self.session is not None
        return self.session.device_choices(str(item.data(KIND_ROLE)), item.data(BEFORE_ROLE))

    def current(self, item: QTableWidgetItem | None) -> Any:
        """The value after the change of the cell's pointer."""
        if item is None or self.session is None:
            return None
        return self.session.after(str(item.data(PTR_ROLE)))


class ChangeDelegate(QStyledItemDelegate):
    """Makes the editor of a change-table cell only when it is edited: a combo of the allowed devices
    (the others greyed out with the reason) or a count."""

    def __init__(self, table: ChangeTable) -> None:
        super().__init__(table)
        self.table = table
        self.on_edit: Any = None  # (pointer, value) -> None, set by the tab

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        item = self.table.itemFromIndex(index)
        kind = item.data(KIND_ROLE) if item is not None else None
        if item is not None and kind in ("device", "switch"):
            combo = QComboBox(parent)
            combo.setAccessibleName(_('変更後の機器種別') if kind == "device"
                                    else _('変更後のプライベートスイッチ'))
            model = combo.model()
            assert isinstance(model, QStandardItemModel)
            for value, label, allowed, reason in self.table.device_choices(item):
                combo.addItem(label, value)
                if not allowed:
                    model.item(combo.count() - 1).setEnabled(False)
                    model.item(combo.count() - 1).setToolTip(reason)
            combo.activated.connect(lambda _i, cb=combo: self._chosen(cb))
            return combo
        if item is not None and kind == "count":
            spin = QSpinBox(parent)
            spin.setRange(0, int(catalogue().vpn_options["sfp_module"].get("ui_max_count", 8)))
            spin.setAccessibleName(str(item.data(Qt.ItemDataRole.AccessibleTextRole)))
            return spin
        return super().createEditor(parent, option, index)

    def _chosen(self, combo: QComboBox) -> None:
        """A choice in the list is the edit: commit it and close the list."""
        self.commitData.emit(combo)
        self.closeEditor.emit(combo, QAbstractItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        current = self.table.current(self.table.itemFromIndex(index))
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(editor.findData(current), 0))
        elif isinstance(editor, QSpinBox):
            editor.setValue(int(current) if isinstance(current, int) and not isinstance(current, bool) else 0)
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        item = self.table.itemFromIndex(index)
        ptr = str(item.data(PTR_ROLE)) if item is not None else ""
        current = self.table.current(item)
        if isinstance(editor, QComboBox):
            if editor.currentData() != current and self.on_edit is not None:
                self.on_edit(ptr, editor.currentData())
        elif isinstance(editor, QSpinBox):
            if editor.value() != current and self.on_edit is not None:
                self.on_edit(ptr, editor.value())
        else:
            super().setModelData(editor, model, index)
