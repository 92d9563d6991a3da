"""The 変更 tab: who asks and from when, the table of the sites after the change, the settings jobs,
what the change costs and whether the tariff allows it, the change form and the change file."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from configurator.session.contract_session import ContractSession
from configurator.text.i18n import _
from configurator.text.jpformat import today_tokyo
from ui.common import IssueLabel, form_row
from ui.contract.change_table import KIND_ROLE, ChangeDelegate, ChangeTable


def line_edit(name: str, text: str = "", hint: str = "") -> QLineEdit:
    w = QLineEdit(text)
    w.setAccessibleName(name)
    w.setPlaceholderText(hint)
    return w


def applicant_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setAccessibleName(_('申込者について'))
    label.setStyleSheet("color: #8a5a00;")
    return label


def show_note(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


class ChangeTab(QWidget):
    changed = Signal()  # the change was judged again
    export_requested = Signal(str)  # "change-form"
    new_order_requested = Signal()  # a site added: a new order made from a copy of the contracted one
    save_file_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.session: ContractSession | None = None
        self.internet_dialog: Any = None
        v = QVBoxLayout(self)
        form = QFormLayout()
        self.requested_by = line_edit(_('変更の申込者'), "", _('親拠点の契約者'))
        self.requested_by.textChanged.connect(
            lambda text: self.session is not None
            and show_note(self.applicant_note, self.session.applicant_note(text))
        )
        self.change_date = line_edit(_('変更日'), today_tokyo().isoformat(), "YYYY-MM-DD")
        self.requested_by.editingFinished.connect(self.recompute)
        self.change_date.editingFinished.connect(self.recompute)
        form.addRow(_('申込者(&R)'), self.requested_by)
        self.applicant_note = applicant_label()  # whose name the form prints, or that it is left blank
        form.addRow("", self.applicant_note)
        # a 変更日 before the 申込日 or before the contract's billing start is told while it is typed, under
        # the field (in a box with it, as the wizard's form_row: the label takes the height its text needs)
        self.date_issue = IssueLabel()
        form_row(form, _('変更日(新しい機器の課金開始日)(&D)'), self.change_date, self.date_issue)
        self.change_date.textChanged.connect(lambda _t: self.show_date_issues())
        v.addLayout(form)
        hint = QLabel(
            _(
                '変更後の機器・スイッチ・LAN・インターネット接続・SFPモジュールの数は'
                'セルをダブルクリック(またはF2)で変更し、オプションはチェックで付け外しします。'
                '選べない機器やオプションは灰色で、マウスを乗せると理由が出ます。'
            )
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        v.addWidget(hint)
        from configurator.lifecycle import site_addition_note

        add_row = QHBoxLayout()
        self.site_addition = QLabel(site_addition_note())  # not silently absent: said, with the way to do it
        self.site_addition.setWordWrap(True)
        self.site_addition.setAccessibleName(_('拠点の追加について'))
        self.new_order = QPushButton(_('新しい注文を作成(&N)'))
        self.new_order.setAccessibleName(_('拠点を追加する新しい注文を作成'))
        self.new_order.clicked.connect(self.new_order_requested.emit)
        add_row.addWidget(self.site_addition, 1)
        add_row.addWidget(self.new_order)
        v.addLayout(add_row)
        self.table = ChangeTable()
        self.option_columns = self.table.option_columns
        delegate = self.table.itemDelegate()
        assert isinstance(delegate, ChangeDelegate)
        delegate.on_edit = self.set
        self.table.cellDoubleClicked.connect(self._double_clicked)
        v.addWidget(self.table, 3)  # the sites get the room; the report below scrolls
        jobs_row = QHBoxLayout()
        add_job = QPushButton(_('作業を追加(&J)'))
        add_job.setAccessibleName(_('設定変更作業を追加'))
        add_job.clicked.connect(lambda: self.add_job())
        jobs_row.addWidget(QLabel(_('設定変更作業(拠点・開始・終了 HH:MM)')))
        jobs_row.addWidget(add_job)
        jobs_row.addStretch(1)
        v.addLayout(jobs_row)
        self.jobs = QTableWidget(0, 3)
        self.jobs.setHorizontalHeaderLabels([_('拠点ID'), _('開始'), _('終了')])
        self.jobs.setAccessibleName(_('設定変更作業'))
        self.jobs.setMaximumHeight(110)
        self.jobs.itemChanged.connect(lambda _i: self.recompute())
        v.addWidget(self.jobs)
        self.report = QTextBrowser()
        self.report.setAccessibleName(_('変更の確認結果'))
        v.addWidget(self.report, 1)
        row = QHBoxLayout()
        pdf = QPushButton(_('変更申込書PDFを保存(&P)…'))
        pdf.setAccessibleName(_('変更申込書PDFを保存'))
        pdf.clicked.connect(lambda: self.export_requested.emit("change-form"))
        save = QPushButton(_('変更申込ファイルを保存(&S)…'))
        save.setAccessibleName(_('変更申込ファイルを保存'))
        save.clicked.connect(self.save_file_requested.emit)
        row.addWidget(pdf)
        row.addWidget(save)
        row.addStretch(1)
        v.addLayout(row)

    def load(self, session: ContractSession) -> None:
        """Show a session; what is typed in the fields (they keep their text between orders) is its input."""
        self.session = session
        self.table.fill(session)
        self.recompute()

    # --- edits ----------------------------------------------------------------------------------

    def set(self, ptr: str, value: Any, redraw: bool = True) -> None:
        """Change the proposed order, judge it again and show the site's row again (`redraw` is kept for
        the callers of before: the model redraws only that row, whatever is asked)."""
        assert self.session is not None
        site_ptr = self.session.set(ptr, value, judge=False)  # judged once, with the fields, below
        self.table.redraw_site(site_ptr)
        self.recompute()

    def _double_clicked(self, row: int, col: int) -> None:
        if self.table.model_.index(row, col).data(KIND_ROLE) == "internet":
            self.edit_internet(row)

    def edit_internet(self, row: int) -> Any:
        """The internet connection of a site after the change, in a small dialog; returns the dialog."""
        from ui.internet import InternetDialog

        assert self.session is not None
        ptr = self.table.model_.site_pointer(row) + "/internet"
        site = self.session.after(ptr.removesuffix("/internet")) or {}
        dialog = InternetDialog(str(site.get("name") or site.get("id")), site.get("internet"), self)
        dialog.chosen.connect(lambda value, p=ptr: self.set(p, value))
        dialog.open()  # window-modal, returns at once
        self.internet_dialog = dialog
        return dialog

    def add_job(self, site: str = "", start: str = "10:00", end: str = "11:00") -> None:
        sites = self.session.sites() if self.session is not None else []
        self.jobs.blockSignals(True)
        r = self.jobs.rowCount()
        self.jobs.insertRow(r)
        for c, text in enumerate((site or (str(sites[0][1].get("id")) if sites else ""), start, end)):
            self.jobs.setItem(r, c, QTableWidgetItem(text))
        self.jobs.blockSignals(False)
        self.recompute()

    def settings_jobs(self) -> list[dict[str, str]]:
        out = []
        for r in range(self.jobs.rowCount()):
            cells = [
                item.text().strip() if (item := self.jobs.item(r, c)) is not None else "" for c in range(3)
            ]
            if any(cells):
                out.append({"site": cells[0], "start": cells[1], "end": cells[2]})
        return out

    def show_date_issues(self) -> None:
        s = self.session
        if s is None or not s.contracted:
            self.date_issue.show_issues([])
            return
        self.date_issue.show_issues(s.change_date_issues(self.change_date.text()))

    def recompute(self) -> None:
        """The fields into the session, the change judged again, its report shown."""
        s = self.session
        if s is None or not s.contracted:
            return
        s.set_change(self.requested_by.text(), self.change_date.text(), self.settings_jobs())
        show_note(self.applicant_note, s.applicant_note(self.requested_by.text()))
        self.report.setPlainText(s.change_report)
        self.show_date_issues()  # the contracts the change changes decide the billing start compared
        if s.change_result is not None:
            self.changed.emit()
