"""The 解約 tab: the dates, the contracts and options to cancel (ticked in a tree), what it costs, the
cancellation form and the quote of its charges."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QPushButton,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from configurator.session.contract_session import ContractSession
from configurator.text.i18n import _
from configurator.text.jpformat import today_tokyo
from ui.common import IssueLabel, form_row
from ui.contract.change_tab import applicant_label, line_edit, show_note


class CancelTab(QWidget):
    changed = Signal()  # the cancellation was judged again
    export_requested = Signal(str)  # "cancel-form" or "cancel-quote"

    def __init__(self) -> None:
        super().__init__()
        self.session: ContractSession | None = None
        v = QVBoxLayout(self)
        form = QFormLayout()
        self.notice = line_edit(_('解約申込書の到達日'), today_tokyo().isoformat(), "YYYY-MM-DD")
        self.requested = line_edit(_('ご指定の解除日'), "", _('YYYY-MM-DD(なければ空欄)'))
        self.notice.editingFinished.connect(self.recompute)
        self.requested.editingFinished.connect(self.recompute)
        self.requested_by = line_edit(_('解約の申込者'), "", _('契約者'))
        self.requested_by.editingFinished.connect(self.recompute)
        self.applicant_note = applicant_label()  # whose name the form prints, or that it is left blank
        self.requested_by.textChanged.connect(
            lambda text: self.session is not None
            and show_note(self.applicant_note, self.session.applicant_note(text))
        )
        form.addRow(_('申込者(&R)'), self.requested_by)
        form.addRow("", self.applicant_note)
        form.addRow(_('解約申込書の到達日(&A)'), self.notice)
        # a date that does not take effect is told while it is typed, with the date that does and why
        self.date_issue = IssueLabel()
        form_row(form, _('ご指定の解除日(&Q)'), self.requested, self.date_issue)
        self.notice.textChanged.connect(lambda _t: self.show_date_issues())
        self.requested.textChanged.connect(lambda _t: self.show_date_issues())
        v.addLayout(form)
        self.targets = QTreeWidget()
        self.targets.setHeaderLabels([_('解約する契約・オプション(チェック)')])
        self.targets.setAccessibleName(_('解約する契約'))
        self.targets.itemChanged.connect(lambda *_: self.recompute())
        v.addWidget(self.targets, 1)
        self.report = QTextBrowser()
        self.report.setAccessibleName(_('解約の確認結果'))
        v.addWidget(self.report, 1)
        row = QHBoxLayout()
        form_btn = QPushButton(_('解約申込書PDFを保存(&L)…'))
        form_btn.setAccessibleName(_('解約申込書PDFを保存'))
        form_btn.clicked.connect(lambda: self.export_requested.emit("cancel-form"))
        quote_btn = QPushButton(_('解約費用の見積PDFを保存(&M)…'))
        quote_btn.setAccessibleName(_('解約費用の見積PDFを保存'))
        quote_btn.clicked.connect(lambda: self.export_requested.emit("cancel-quote"))
        row.addWidget(form_btn)
        row.addWidget(quote_btn)
        row.addStretch(1)
        v.addLayout(row)

    def load(self, session: ContractSession) -> None:
        """Show a session. The tree of its contracts (thousands of items on a large order) is made when
        the tab is first shown or a target is first ticked (`ensure_tree`), not on opening the screen."""
        self.session = session
        self._tree_of: ContractSession | None = None
        self.targets.blockSignals(True)
        self.targets.clear()
        self.targets.blockSignals(False)
        if self.isVisible():
            self.ensure_tree()
        self.recompute()

    def showEvent(self, event: QShowEvent) -> None:
        self.ensure_tree()
        super().showEvent(event)

    def ensure_tree(self) -> None:
        session = self.session
        if session is None or getattr(self, "_tree_of", None) is session:
            return
        self._tree_of = session
        self.targets.blockSignals(True)
        self.targets.clear()
        parent: QTreeWidgetItem | None = None
        for r in session.contracts():
            item = QTreeWidgetItem([r.label])
            item.setData(0, Qt.ItemDataRole.UserRole, r.pointer)
            item.setCheckState(0, Qt.CheckState.Unchecked)
            if r.depth == 0 or parent is None:
                self.targets.addTopLevelItem(item)
                parent = item
            else:
                parent.addChild(item)
            for ptr, label in r.options:
                opt = QTreeWidgetItem([label])
                opt.setData(0, Qt.ItemDataRole.UserRole, ptr)
                opt.setCheckState(0, Qt.CheckState.Unchecked)
                item.addChild(opt)
        self.targets.expandAll()
        self.targets.blockSignals(False)

    def checked_targets(self) -> list[str]:
        out: list[str] = []

        def walk(item: QTreeWidgetItem | None) -> None:
            if item is None:
                return
            if item.checkState(0) == Qt.CheckState.Checked:
                out.append(str(item.data(0, Qt.ItemDataRole.UserRole)))
                return  # a whole contract includes what is under it
            for k in range(item.childCount()):
                walk(item.child(k))

        for k in range(self.targets.topLevelItemCount()):
            walk(self.targets.topLevelItem(k))
        return out

    def set_target(self, pointer: str, checked: bool = True) -> None:
        self.ensure_tree()

        def walk(item: QTreeWidgetItem | None) -> None:
            if item is None:
                return
            if item.data(0, Qt.ItemDataRole.UserRole) == pointer:
                item.setCheckState(0, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            for k in range(item.childCount()):
                walk(item.child(k))

        for k in range(self.targets.topLevelItemCount()):
            walk(self.targets.topLevelItem(k))

    def show_date_issues(self) -> None:
        s = self.session
        if s is None or not s.contracted:
            self.date_issue.show_issues([])
            return
        self.date_issue.show_issues(s.cancel_date_issues(self.notice.text(), self.requested.text()))

    def recompute(self) -> None:
        """The dates and the ticks into the session, the cancellation judged again, its report shown."""
        s = self.session
        if s is None or not s.contracted:
            return
        typed = self.requested_by.text()
        s.set_cancel(self.notice.text(), self.requested.text(), self.checked_targets(), typed)
        show_note(self.applicant_note, s.applicant_note(typed))
        self.report.setPlainText(s.cancel_report)
        self.show_date_issues()  # the targets decide the tariffs (and articles) the warning names
        if s.cancel_result is not None:
            self.changed.emit()
