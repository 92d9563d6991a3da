"""The 契約情報 tab: the billing start date and the contractor of each contract, saved as contracted."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFormLayout, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from configurator.session.contract_session import ContractEntry, ContractSession
from configurator.text.i18n import _
from configurator.text.jpformat import today_tokyo
from ui.contract.change_tab import line_edit


class ContractTab(QWidget):
    def __init__(self) -> None:
        super().__init__()
        v = QVBoxLayout(self)
        form = QFormLayout()
        self.start_all = line_edit(_('すべての契約の課金開始日'), today_tokyo().isoformat(), "YYYY-MM-DD")
        self.contractor = line_edit(_('契約者'), "", _('株式会社サンプル'))
        form.addRow(_('課金開始日(未入力の契約)(&S)'), self.start_all)
        form.addRow(_('契約者(&C)'), self.contractor)
        v.addLayout(form)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([_('契約'), _('課金開始日'), _('契約者(VPN拠点)')])
        self.table.setAccessibleName(_('契約の一覧'))
        self.table.setColumnWidth(0, 360)
        self.table.setColumnWidth(1, 140)
        self.table.horizontalHeader().setStretchLastSection(True)
        v.addWidget(self.table, 1)
        self.save = QPushButton(_('契約済みとして保存(&K)'))
        self.save.setAccessibleName(_('契約済みとして保存'))
        v.addWidget(self.save, 0, Qt.AlignmentFlag.AlignLeft)

    def load(self, session: ContractSession) -> None:
        """Show a session; its rows are made when the tab is first shown (or read), not on opening."""
        self.session: ContractSession | None = session
        self._rows_of: ContractSession | None = None
        if self.isVisible():
            self.ensure_rows()

    def showEvent(self, event: QShowEvent) -> None:
        self.ensure_rows()
        super().showEvent(event)

    def ensure_rows(self) -> None:
        session = getattr(self, "session", None)
        if session is None or getattr(self, "_rows_of", None) is session:
            return
        self._rows_of = session
        rows = session.contract_rows()
        self.table.setRowCount(len(rows))
        for n, r in enumerate(rows):
            item = QTableWidgetItem((_('\u3000') * r.depth) + r.label)
            item.setData(Qt.ItemDataRole.UserRole, r.pointer)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(n, 0, item)
            start = session.before(r.pointer + "/billing_start") or ""
            self.table.setItem(n, 1, QTableWidgetItem(str(start)))
            contractor = session.before(r.pointer + "/contractor") or ""
            who = QTableWidgetItem(str(contractor) if r.kind == "site" else "")
            if r.kind != "site":
                who.setFlags(who.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(n, 2, who)

    def entries(self) -> list[ContractEntry]:
        """The rows as filled in."""
        self.ensure_rows()
        out = []
        for n in range(self.table.rowCount()):
            label, start, who = (self.table.item(n, c) for c in range(3))
            if label is not None:
                out.append(ContractEntry(str(label.data(Qt.ItemDataRole.UserRole)), label.text(),
                                         start.text() if start is not None else "",
                                         who.text() if who is not None else ""))
        return out
