"""契約・変更・解約: mark a draft as contracted, prepare a change order, prepare a cancellation order.

The screen shows a ContractSession (configurator/session/contract_session.py) in three tabs; every rule,
date and charge comes from configurator.lifecycle, every edit goes through the session, and the PDFs
are made by the one export path (configurator.documents.export) off the UI thread (ui/jobs.py)."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from configurator.errors import KnownError
from configurator.lifecycle import CancelResult, ChangeResult
from configurator.session.contract_session import ContractSession, document_label
from configurator.tariff.calc import CalcError
from configurator.text.i18n import _, error_text, pick
from ui.common import ask_save_file, confirm
from ui.contract.cancel_tab import CancelTab
from ui.contract.change_tab import ChangeTab
from ui.contract.contract_tab import ContractTab
from ui.jobs import Jobs


class LifecycleView(QWidget):
    back = Signal()
    changed = Signal()  # the analysis was recomputed
    exported = Signal(str, str)  # kind, path
    new_order_made = Signal(int)  # the draft of a new order for the same customer (a site added), to edit

    def __init__(self, store: Any, price_book: Any) -> None:
        super().__init__()
        self.store = store
        self.session: ContractSession | None = None
        self._price_book = price_book
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 15pt; font-weight: bold;")
        # a long order title wraps: on one line it widened the window past a 1,024 px screen (in English
        # "Contract, change, cancellation: …" did with the sample order), the 戻る button off the screen
        self.title.setWordWrap(True)
        back = QPushButton(_('スタート画面へ(&B)'))
        back.setAccessibleName(_('スタート画面へ戻る'))
        back.clicked.connect(self.back.emit)
        top.addWidget(self.title, 1)
        top.addWidget(back)
        layout.addLayout(top)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_('契約・変更・解約'))
        layout.addWidget(self.tabs, 1)
        self.contract_tab = ContractTab()
        self.contract_tab.save.clicked.connect(self.save_contracted)
        self.change_tab = ChangeTab()
        self.change_tab.changed.connect(self.changed.emit)
        self.change_tab.export_requested.connect(self.export)
        self.change_tab.save_file_requested.connect(self.save_change_file)
        self.change_tab.new_order_requested.connect(self.make_new_order)
        self.cancel_tab = CancelTab()
        self.cancel_tab.changed.connect(self.changed.emit)
        self.cancel_tab.export_requested.connect(self.export)
        self.tabs.addTab(self.contract_tab, _('契約情報'))
        self.tabs.addTab(self.change_tab, _('変更'))
        self.tabs.addTab(self.cancel_tab, _('解約'))
        self.background = Jobs(self)  # the PDFs are built off the UI thread
        # the widgets the tests and the main window reach, by their names before the split
        self.start_all, self.contractor = self.contract_tab.start_all, self.contract_tab.contractor
        self.contract_table = self.contract_tab.table
        self.requested_by, self.change_date = self.change_tab.requested_by, self.change_tab.change_date
        self.change_table, self.jobs = self.change_tab.table, self.change_tab.jobs
        self.change_report, self.option_columns = self.change_tab.report, self.change_tab.option_columns
        self.notice, self.requested = self.cancel_tab.notice, self.cancel_tab.requested
        self.targets, self.cancel_report = self.cancel_tab.targets, self.cancel_tab.report

    # --- opening --------------------------------------------------------------------------------

    def open_draft(self, draft_id: int) -> None:
        s = self.session = ContractSession.open(self.store, draft_id, self.price_book, judge=False)
        s.quote_number = self.store.issued_number(draft_id)  # the quote the customer holds (版 issued)
        self.title.setText(
            _('契約・変更・解約: {title}({quote_number})').format(title=s.title, quote_number=s.quote_number)
        )
        self.contract_tab.load(s)
        self.change_tab.load(s)
        self.cancel_tab.load(s)
        self.tabs.setTabEnabled(1, s.contracted)
        self.tabs.setTabEnabled(2, s.contracted)
        self.tabs.setCurrentIndex(1 if s.contracted else 0)
        self.message.setText(
            ""
            if s.contracted
            else _(
                'この注文はまだ契約済みではありません。「契約情報」で課金開始日を入れて契約済みにすると、変更と解約を準備できます。'
            )
        )

    @property
    def price_book(self) -> Any:
        return self._price_book

    @price_book.setter
    def price_book(self, book: Any) -> None:
        """A price book chosen in the main window applies from the next judgement on, as before."""
        self._price_book = book
        if self.session is not None:
            self.session.price_book = book

    @property
    def base(self) -> dict[str, Any]:
        return self.session.base if self.session is not None else {}

    @property
    def proposed(self) -> dict[str, Any]:
        return self.session.proposed if self.session is not None else {}

    @property
    def change_result(self) -> ChangeResult | None:
        return self.session.change_result if self.session is not None else None

    @property
    def cancel_result(self) -> CancelResult | None:
        return self.session.cancel_result if self.session is not None else None

    # --- what the tabs offer, by their names before the split -------------------------------------

    def save_contracted(self) -> None:
        if self.session is None:
            return
        try:
            draft_id, message = self.session.save_contracted(
                self.store, self.start_all.text(), self.contractor.text(), self.contract_tab.entries()
            )
        except CalcError as exc:
            self.message.setText(error_text(exc))
            return
        self.open_draft(draft_id)
        self.message.setText(message)

    def make_new_order(self) -> None:
        """A site is added by a new application: a new order copied from the contracted one (the same
        customer, without the contract's record), opened in the wizard by the main window."""
        if self.session is None or self.session.draft_id is None:
            return
        try:
            result = self.store.duplicate(self.session.draft_id, new_order=True)
        except KnownError as exc:
            self.message.setText(error_text(exc))
            return
        self.new_order_made.emit(result.draft_id)

    def _sites(self) -> list[tuple[str, dict[str, Any]]]:
        return self.session.sites() if self.session is not None else []

    def _set(self, ptr: str, value: Any, redraw: bool = True) -> None:
        self.change_tab.set(ptr, value, redraw)

    def edit_internet(self, row: int) -> Any:
        return self.change_tab.edit_internet(row)

    def add_job(self, site: str = "", start: str = "10:00", end: str = "11:00") -> None:
        self.change_tab.add_job(site, start, end)

    def recompute_change(self) -> None:
        self.change_tab.recompute()

    def recompute_cancel(self) -> None:
        self.cancel_tab.recompute()

    def set_target(self, pointer: str, checked: bool = True) -> None:
        self.cancel_tab.set_target(pointer, checked)

    def checked_targets(self) -> list[str]:
        return self.cancel_tab.checked_targets()

    def change_document(self) -> dict[str, Any]:
        assert self.session is not None
        return self.session.change_document()

    def cancel_document(self) -> dict[str, Any]:
        assert self.session is not None
        return self.session.cancel_document()

    def save_change_file(self, path: str | None = None) -> None:
        if self.session is None:
            return
        path = path or ask_save_file(
            self, _('変更申込ファイルを保存'), "change.iij-change.json", _('変更申込 (*.iij-change.json)')
        )
        if path:
            from configurator.store.files import atomic_write

            text = json.dumps(self.session.change_document(), ensure_ascii=False, indent=2) + "\n"
            atomic_write(path, text.encode())
            self.message.setText(_('保存しました: {path}').format(path=path))

    # --- documents ------------------------------------------------------------------------------

    def export(self, kind: str, path: str | None = None) -> None:
        """Make the PDF `kind` ("change-form", "cancel-form", "cancel-quote") with the one export path, off
        the UI thread; `exported(kind, path)` when it is written."""
        from configurator.documents import export

        s = self.session
        if s is None:
            return
        refusal = s.refusal(kind)
        if refusal:
            self.message.setText(refusal)
            return
        if s.needs_cascade_confirmation(kind) and not confirm(
            self,
            _('子たる契約も解除されます'),
            _('マネージメントの解約により、子たる契約もすべて同じ日に解除されます。よろしいですか?'),
        ):
            return
        label = document_label(kind)
        title = _('{label}PDFを保存').format(label=label)
        path = path or ask_save_file(self, title, f"{label}.pdf", "PDF (*.pdf)")
        if not path:
            return
        try:
            # the number of the quote the customer was given: the last 版 issued, never one not issued
            options = export.options(number=self.store.issued_number(s.draft_id))
        except KnownError as exc:
            self.message.setText(error_text(exc))
            return
        self.message.setText(_('{label}を作成しています…').format(label=label))
        result, target = s.result_for(kind), path

        def work() -> list[tuple[str, str]]:
            export.export(kind, result, target, options)
            # what the document prints that is likely wrong (its dates out of order, characters no font
            # prints) or shortened: told as the wizard tells it, never made silently
            return export.warning_texts(kind, result, options) + export.shortened_texts()

        self.background.run(
            work,
            success=lambda notes: self._exported(kind, label, target, notes),
            failure=self.message.setText,
            name=f"export-{kind}",
        )

    def _exported(self, kind: str, label: str, path: str, notes: list[tuple[str, str]] | None = None) -> None:
        text = _('{label}を保存しました: {path}').format(label=label, path=path)
        lines = list(dict.fromkeys(pick(ja, en) for ja, en in notes or []))
        if lines:
            text += "\n" + _('保存した{label}について:').format(label=label) + "\n" + "\n".join(lines)
        self.message.setText(text)
        self.exported.emit(kind, path)
