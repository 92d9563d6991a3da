"""認証の管理単位: the auth units, their management and realm, and their clients, proxies and VPDNs."""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from configurator.session import edits
from configurator.text.i18n import _
from ui import common
from ui.common import (
    SHOWS_ONLY,
    IssueLabel,
    allow_copy,
    combo_item,
    fill_choices,
    form_row,
    issue_text,
    mark_cell,
    set_tip,
    with_mnemonic,
)
from ui.pages.base import RowAction, Wizard, WizardPage, register

#: the VPDN table's columns chosen in a combo box (品目, モバイルの契約区分, 負荷分散)
COMBO_COLUMNS = (1, 2, 4)


@register("auth_units")
class AuthUnitsPage(WizardPage):
    def __init__(self, wizard: Wizard) -> None:
        super().__init__(wizard)
        row = QHBoxLayout()
        label = QLabel(_('管理単位(&U)'))
        self.units = QComboBox()
        self.units.setAccessibleName(_('管理単位'))
        self.units.setProperty(SHOWS_ONLY, True)  # which unit is shown: usable read-only too
        label.setBuddy(self.units)
        add = QPushButton(_('管理単位を追加(&A)'))
        add.setAccessibleName(_('管理単位を追加'))
        add.clicked.connect(lambda: self.apply(edits.add_unit(self.session.doc), refresh=True))
        # a unit added by mistake was taken away only by 元に戻す (the VPN page has このVPN網を削除)
        self.remove_unit_btn = QPushButton(_('この管理単位を削除(&T)'))
        self.remove_unit_btn.setAccessibleName(_('この管理単位を削除'))
        self.remove_unit_btn.clicked.connect(self.remove_unit)
        row.addWidget(label)
        row.addWidget(self.units, 1)
        row.addWidget(add)
        row.addWidget(self.remove_unit_btn)
        self.layout_.addLayout(row)
        self.units.currentIndexChanged.connect(lambda _i: self.refresh_tables())
        form = QFormLayout()
        for rel, lab, acc, hint in (
            ("/management/name", _('マネージメントの名前(&M)'), _('マネージメントの名前'), _('本社認証')),
            ("/management/realm", _('レルム(&R)'), _('レルム'), "example.co.jp"),
        ):
            issue = IssueLabel()
            w = self.binder.line(partial(self._p, rel), issue, hint)
            form_row(form, lab, w, issue, acc)
        issue = IssueLabel()
        gw_text = _('IIJモバイル大規模プライベートゲートウェイサービスも利用している(&I)')
        gw = self.binder.check(lambda: self._p("/large_scale_private_gateway"), gw_text, issue)
        gw.setAccessibleName(_('大規模プライベートゲートウェイ併用'))
        form.addRow(gw)
        form.addRow(issue)
        issue2 = IssueLabel()
        ack_text = _('お客様側の設定事項(端末・VPDN終端装置・認証識別装置の設定)を説明し、了承を得た(&S)')
        ack = self.binder.check(lambda: self._p("/setup_acknowledged"), ack_text, issue2)
        ack.setAccessibleName(_('設定事項の了承'))
        form.addRow(ack)
        form.addRow(issue2)
        self.unit_issue = IssueLabel()
        form.addRow(self.unit_issue)
        self.layout_.addLayout(form)
        self.tables: dict[str, QTableWidget] = {}
        self.remove_buttons: dict[str, QPushButton] = {}
        self.row_issues: dict[str, IssueLabel] = {}
        specs = {
            "clients": (_('クライアント(端末ごとに1契約)'), [_('名称'), _('端末のIPアドレス')]),
            "proxies": (_('プロキシ'), [_('名称'), _('転送先(カンマ区切り)')]),
            "vpdns": (
                "VPDN",
                [_('名称'), _('品目'), _('モバイルの契約区分'), _('終端装置(カンマ区切り)'), _('負荷分散')],
            ),
        }
        # one tab per list: the table in view gets the page's height (three boxes one above the other
        # left each about two rows at 1280x800); the tab titles give each list's count and problems
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_('クライアント・プロキシ・VPDN'))
        self.titles: dict[str, str] = {}
        boxes: list[QWidget] = []
        for key, (title, headers) in specs.items():
            box = QWidget()
            v = QVBoxLayout(box)
            t = QTableWidget(0, len(headers))
            t.setHorizontalHeaderLabels(headers)
            t.setAccessibleName(title)
            for c, width in enumerate(
                {"clients": [260, 240], "proxies": [260, 300], "vpdns": [200, 110, 200, 260, 90]}[key]
            ):
                # never narrower than its title, in either language ("Load balancing" was cut)
                t.setColumnWidth(c, max(width, t.horizontalHeader().sectionSizeFromContents(c).width()))
            t.itemChanged.connect(lambda item, k=key: self._cell_edited(k, item))
            t.itemSelectionChanged.connect(self.rows_changed.emit)
            t.currentCellChanged.connect(lambda *_: self.rows_changed.emit())
            t.currentCellChanged.connect(lambda *_, k=key: self._show_row_issues(k))
            v.addWidget(t)
            allow_copy(t)
            self.row_issues[key] = IssueLabel()  # what is wrong with the current row, as the sites table
            v.addWidget(self.row_issues[key])
            h = QHBoxLayout()
            mnemonic = {"clients": "C", "proxies": "P", "vpdns": "P"}[key]
            # a sentence each (in English "Add Proxies" was made of the tab's title)
            add_text = {
                "clients": _('クライアントを追加'), "proxies": _('プロキシを追加'), "vpdns": _('VPDNを追加')
            }[key]
            b = QPushButton(with_mnemonic(add_text, mnemonic))
            b.setAccessibleName(add_text)
            b.clicked.connect(lambda _=False, k=key: self._add_child(k))
            r = QPushButton(with_mnemonic(_('選択行を削除'), "D"))  # one tab shown at a time
            self.remove_buttons[key] = r
            r.setAccessibleName(_('{v0}の選択行を削除').format(v0=title.split('(')[0]))
            r.clicked.connect(lambda _=False, k=key: self._remove_rows(k))
            h.addWidget(b)
            h.addWidget(r)
            h.addStretch(1)
            v.addLayout(h)
            self.tabs.addTab(box, title)
            self.titles[key] = title
            self.tables[key] = t
            boxes.append(box)
        for box in boxes:  # the children in reading order (the stack puts each new one first)
            box.raise_()
        self.layout_.addWidget(self.tabs, 1)
        self.tabs.currentChanged.connect(lambda _i: self.rows_changed.emit())
        # 選択行を削除 greyed with the reason while nothing is selected (it did nothing, without a word)
        self.rows_changed.connect(self._enable_remove_buttons)
        self._loading = False

    def _add_child(self, key: str) -> None:
        """A client, proxy or VPDN in the chosen unit; with no unit (undone), the edit makes one for it."""
        had = len(self.session.doc.get("auth_units") or [])
        self.wizard.add_auth_child(max(self.units.currentIndex(), 0), key)
        if not had:
            self.refresh()

    def remove_unit(self) -> None:
        index = self.units.currentIndex()
        if 0 <= index < len(self.session.doc.get("auth_units") or []) and common.confirm(
            self,
            _('管理単位の削除'),
            _('この管理単位と、そのクライアント・プロキシ・VPDNを削除しますか?(元に戻すで戻せます)'),
        ):
            self.apply(edits.remove_unit(index, self.session.doc), refresh=True)

    def _p(self, rel: str) -> str | None:
        units = self.session.doc.get("auth_units") or []
        i = max(self.units.currentIndex(), 0)
        return f"/auth_units/{i}{rel}" if units else None

    def refresh(self) -> None:
        units = self.session.doc.get("auth_units") or []
        current = self.units.currentIndex()
        self.units.blockSignals(True)
        self.units.clear()
        for i, u in enumerate(units, start=1):
            self.units.addItem(f"{i}. {(u.get('management') or {}).get('name') or u.get('id')}")
        self.units.setCurrentIndex(min(max(current, 0), len(units) - 1))
        self.units.blockSignals(False)
        self.remove_unit_btn.setEnabled(bool(units) and not self.session.read_only)
        set_tip(self.remove_unit_btn, "" if units else _('削除する管理単位がありません。'))
        super().refresh()
        self.refresh_tables()

    def on_changed(self) -> None:
        super().on_changed()
        self.refresh_tables()

    def refresh_tables(self) -> None:
        base = self._p("")
        self.binder.refresh() if not self._loading else None
        if base is None:
            return
        unit = self.session.get(base) or {}
        self.unit_issue.show_issues([i for i in self.session.issues if i.path == base])
        self._loading = True
        try:
            for n, (key, t) in enumerate(self.tables.items()):
                rows = unit.get(key) or []
                self.tabs.setTabText(n, self._tab_title(key, base, len(rows)))
                t.setRowCount(len(rows))
                for r, child in enumerate(rows):
                    values = self._row_values(key, child)
                    for c, value in enumerate(values):
                        ptr = f"{base}/{key}/{r}{self._col_ptr(key, c)}"
                        if key == "vpdns" and c == 2:
                            from configurator.session.order_session import vpdn_class_pointer

                            ptr = vpdn_class_pointer(self.session.doc, f"{base}/{key}/{r}") or ""
                        if key == "vpdns" and c in COMBO_COLUMNS:
                            self._combo_cell(t, r, c, ptr, key)
                            continue
                        item = t.item(r, c)
                        if item is None:
                            item = QTableWidgetItem()
                            t.setItem(r, c, item)
                        if item.text() != value:
                            item.setText(value)
                        issues = self.session.issues_at(ptr)
                        if c == 0:  # what is wrong with the row itself, on its first cell
                            row_ptr = f"{base}/{key}/{r}"
                            own = [i for i in self.session.issues_at(row_ptr) if i.path == row_ptr]
                            issues = [*issues, *own]  # a new list: issues_at's is the session's
                        mark_cell(item, issues)
        finally:
            self._loading = False
        for key in self.tables:
            self._show_row_issues(key)
        self._enable_remove_buttons()  # rows come and go without a selection signal

    def _show_row_issues(self, key: str) -> None:
        """Below the table: what is wrong with its current row (the cells' tooltips say it per cell)."""
        base, row = self._p(""), self.tables[key].currentRow()
        rows = len(self.session.get(f"{base}/{key}") or []) if base is not None else 0
        issues = self.session.issues_at(f"{base}/{key}/{row}") if 0 <= row < rows else []
        self.row_issues[key].show_issues(issues)

    def _tab_title(self, key: str, base: str, count: int) -> str:
        """「クライアント(端末ごとに1契約) 2件 ⚠1」: the list's name, its rows, and its problems."""
        issues = [i for i in self.session.issues if i.path.startswith(f"{base}/{key}/")]
        errors = sum(1 for i in issues if i.is_error)
        marks = [f"⚠{errors}" if errors else "", f"△{len(issues) - errors}" if len(issues) > errors else ""]
        return " ".join([_('{name} {n}件').format(name=self.titles[key], n=count), *filter(None, marks)])

    def current_table(self) -> tuple[str, QTableWidget]:
        """The list in view (its key) and its table."""
        key = list(self.tables)[max(self.tabs.currentIndex(), 0)]
        return key, self.tables[key]

    def row_actions(self) -> dict[str, RowAction]:
        """On the list in view (クライアント, プロキシ or VPDN): add a contract, copy or remove the selected
        ones."""
        key, _table = self.current_table()
        name = self.titles[key].split('(')[0].strip()
        rows = self._selected(key)
        add = RowAction(lambda: self._add_child(key))
        if not rows:
            why = _('表で{v0}の行を選んでください。').format(v0=name)
            return {"add": add, "duplicate": RowAction(None, why), "remove": RowAction(None, why)}
        return {
            "add": add,
            "duplicate": RowAction(lambda: self._duplicate_rows(key)),
            "remove": RowAction(lambda: self._remove_rows(key)),
        }

    def _enable_remove_buttons(self) -> None:
        for key, button in self.remove_buttons.items():
            chosen = bool(self._selected(key))
            button.setEnabled(chosen)
            name = self.titles[key].split('(')[0].strip()
            set_tip(button, "" if chosen else _('表で{v0}の行を選んでください。').format(v0=name))

    def _selected(self, key: str) -> list[int]:
        base = self._p("")
        if base is None:
            return []
        count = len(self.session.get(f"{base}/{key}") or [])
        table = self.tables[key]
        rows = {i.row() for i in table.selectedIndexes()} or {table.currentRow()}  # as the sites table
        return sorted(r for r in rows if 0 <= r < count)

    def _duplicate_rows(self, key: str) -> None:
        """Copies of the selected rows at the end of the list; the copies are then selected, the first
        current and in view, as a spreadsheet does."""
        unit = self.units.currentIndex()
        patch = edits.duplicate_auth_children(self.session.doc, unit, key, self._selected(key))
        self.apply(patch, refresh=True)
        table = self.tables[key]
        rows = table.rowCount()
        copies = range(max(rows - len(patch.ops), 0), rows)
        if not copies:
            return
        column = max(table.currentColumn(), 0)
        flags = QItemSelectionModel.SelectionFlag
        sel = table.selectionModel()
        sel.setCurrentIndex(table.model().index(copies[0], column), flags.NoUpdate)
        sel.clearSelection()
        for r in copies:
            sel.select(table.model().index(r, 0), flags.Select | flags.Rows)
        table.scrollTo(table.model().index(copies[-1], column))
        table.scrollTo(table.model().index(copies[0], column))
        table.setFocus()

    def _combo_cell(self, t: QTableWidget, r: int, c: int, ptr: str, key: str) -> None:
        combo = t.cellWidget(r, c)
        if not isinstance(combo, QComboBox):
            combo = QComboBox()
            header = t.horizontalHeaderItem(c)
            combo.setAccessibleName(header.text() if header is not None else "")
            combo.activated.connect(lambda i, cb=combo: self._combo_changed(cb))
            t.setCellWidget(r, c, combo)
        combo.setProperty("ptr", ptr)
        combo.setEnabled(bool(ptr) and not self.session.read_only)  # a contracted order is not edited
        if not ptr:
            combo.clear()
            combo.addItem(_('(先に品目を選んでください)'))
            return
        fill_choices(combo, self.session.doc, ptr, self.session.get(ptr))
        issues = self.session.issues_at(ptr)
        set_tip(combo, issue_text(issues))
        combo.setStyleSheet("background: #fde2e4;" if issues else "")

    def _combo_changed(self, combo: QComboBox) -> None:
        ptr = combo.property("ptr")
        item = combo_item(combo, combo.currentIndex())
        if item is not None and not item.isEnabled():
            return
        value = combo.currentData()
        if ptr.endswith("/item"):
            self.apply(edits.set_vpdn_item(self.session.doc, ptr, value))
        else:
            self.session.set(ptr, value)

    def _col_ptr(self, key: str, c: int) -> str:
        cols = {
            "clients": ["/name", "/ip"],
            "proxies": ["/name", "/destinations"],
            "vpdns": ["/name", "/item", "/mobile", "/terminators", "/load_balancing"],
        }[key]
        return cols[c]

    def _row_values(self, key: str, child: dict[str, Any]) -> list[str]:
        if key == "clients":
            return [child.get("name") or "", child.get("ip") or ""]
        if key == "proxies":
            return [child.get("name") or "", ", ".join(child.get("destinations") or [])]
        return [child.get("name") or "", "", "", ", ".join(child.get("terminators") or []), ""]

    def _cell_edited(self, key: str, item: QTableWidgetItem) -> None:
        if self._loading:
            return
        base = self._p("")
        if base is None:
            return
        r, c = item.row(), item.column()
        if key == "vpdns" and c in COMBO_COLUMNS:
            return  # chosen in the cell's combo box; text typed under it is not the value
        rel = self._col_ptr(key, c)
        text = item.text().strip()
        value: str | list[str] = text
        if rel in ("/destinations", "/terminators"):
            value = [p.strip() for p in text.replace(_('、'), ",").split(",") if p.strip()]
        self.session.set(f"{base}/{key}/{r}{rel}", value)

    def _remove_rows(self, key: str) -> None:
        base = self._p("")
        rows = sorted(self._selected(key), reverse=True)
        if base and rows:
            self.apply(edits.remove_auth_children(base, key, rows), refresh=True)

    def focus_pointer(self, ptr: str) -> None:
        parts = ptr.split("/")
        if len(parts) > 2 and parts[2].isdigit():
            self.units.setCurrentIndex(int(parts[2]))
        if len(parts) > 4 and parts[3] in self.tables and parts[4].isdigit():
            t = self.tables[parts[3]]
            self.tabs.setCurrentIndex(list(self.tables).index(parts[3]))
            rest = "/" + parts[5] if len(parts) > 5 else ""  # the finding's own field: its column
            columns = [self._col_ptr(parts[3], c) for c in range(t.columnCount())]
            t.setCurrentCell(int(parts[4]), columns.index(rest) if rest in columns else 0)
            t.setFocus()
            return
        super().focus_pointer(ptr)
