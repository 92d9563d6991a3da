"""The wizard's outputs: the quote and application form as PDF, the order file, the preview and printing.

WizardView (ui/wizard.py) is this widget plus the pages, the navigation and autosave: the slots that build
documents live here so that neither module grows past a reading. The documents are built off the UI thread
(ui/jobs.py) with the options of configurator.documents.export, the one export path."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QWidget

from configurator.documents import export
from configurator.errors import KnownError
from configurator.session.order_session import OrderSession
from configurator.text.i18n import _, error_text
from ui.common import ask_save_file, offer_open
from ui.jobs import Jobs
from ui.pages import ExportPage, WizardPage

PREVIEW_MS = 800  # a shown preview is made again this long after the last change of the order


class WizardOutput(QWidget):
    """Export, preview and print of the order being edited (the base of ui.wizard.WizardView)."""

    exported = Signal(str, str, str)  # kind, path, error
    previewed = Signal()  # both documents are shown in the export page
    printed = Signal(str)  # a print ended: "" when sent, else why not (cancelled, refused)
    issuer_requested = Signal()  # the export page's 発行元の設定 button; the main window opens the dialog
    session_changed = Signal()
    page_changed = Signal(str)

    # what the wizard has (ui/wizard.py)
    session: OrderSession | None
    store: Any
    price_book: Any
    current: str
    pages: dict[str, WizardPage]

    def autosave(self) -> None:
        raise NotImplementedError  # the wizard's

    def _init_output(self) -> None:
        """After the pages are made."""
        self.background = Jobs(self)  # PDFs are built off the UI thread (ui/jobs.py)
        self._preview_token = 0  # the preview being made; an earlier one is overtaken
        self._preview_again = False  # asked for while one was being made: made once that one ends
        self._previewing_doc = self._previewed_doc = ""  # the order (JSON) of the preview being made, shown
        self.print_job: Any = None  # the print under way (ui/printing.PrintJob)
        # a preview shown is never silently old: marked at once when the order changes, made again a
        # moment after the last change when the export page is in view (else when it comes into view)
        self.preview_timer = QTimer(self)
        self.preview_timer.setSingleShot(True)
        self.preview_timer.setInterval(PREVIEW_MS)
        self.preview_timer.timeout.connect(self.preview)
        self.session_changed.connect(self._preview_out_of_date)
        self.page_changed.connect(
            lambda page_id: self._preview_out_of_date() if page_id == "export" else None
        )

    def _export_page(self) -> ExportPage:
        page = self.pages["export"]
        assert isinstance(page, ExportPage)
        return page

    def quote_number(self) -> str:
        s = self.session
        if s is None or s.draft_id is None:
            return _('(保存すると採番されます)')
        return str(self.store.info(s.draft_id).quote_number)

    def doc_options(self, draft: bool) -> Any:
        """The options of both documents: the font and date style of the settings, as on the command line
        (configurator.documents.export); the page's 和暦 box as --wareki."""
        from configurator.documents import export

        page = self._export_page()
        number = self.quote_number() if self.session and self.session.draft_id is not None else ""
        return export.options(draft=draft, wareki=page.wareki.isChecked(), number=number)

    def export_pdf(self, kind: str, path: str | None = None) -> None:
        s = self.session
        if s is None:
            return
        page = self._export_page()
        draft = page.draft.isChecked()
        if s.has_errors and not draft:
            page.message.setText(
                _('エラーがあるため出力できません。「確認」で直すか、下書きとして出力してください。')
            )
            return
        self.autosave()
        label = _('見積書') if kind == "quote" else _('申込書')
        if path is None:
            path = ask_save_file(
                self,
                _('{label}PDFを保存').format(label=label),
                f"{label}_{self.quote_number()}.pdf",
                "PDF (*.pdf)",
            )
        if not path:
            return
        try:
            options = self.doc_options(draft)
        except KnownError as exc:
            page.message.setText(error_text(exc))
            return
        page.message.setText(_('{label}を作成しています…').format(label=label))
        doc, book, target = json.loads(json.dumps(s.doc)), self.price_book, path
        self.background.run(
            lambda: export.export(kind, doc, target, options, book),
            success=lambda _data: self._export_done(kind, target, ""),
            failure=lambda error: self._export_done(kind, target, error),
            name=f"export-{kind}",
        )

    def issuer_changed(self) -> None:
        page = self._export_page()
        page.show_issuer()

    def _export_done(self, kind: str, path: str, error: str) -> None:
        page = self._export_page()
        label = _('見積書') if kind == "quote" else _('申込書')
        if error:
            page.message.setText(_('{label}を保存できませんでした: {error}').format(label=label, error=error))
        else:
            page.message.setText(_('{label}を保存しました: {path}').format(label=label, path=path))
            offer_open(self, path)  # 開く / フォルダを開く
            if self.session and self.session.draft_id is not None:
                self.store.mark_issued(self.session.draft_id, self.session.base_rev or 1)
        self.exported.emit(kind, path, error)

    def save_order_file(self, path: str | None = None) -> None:
        s = self.session
        if s is None:
            return
        if path is None:
            path = ask_save_file(
                self,
                _('注文ファイルを保存'),
                f"{s.doc.get('title') or 'order'}.iij-order.json",
                _('IIJ注文ファイル (*.iij-order.json)'),
            )
        if not path:
            return
        from configurator.order.document import save

        page = self._export_page()
        try:
            save(s.doc, path)
            page.message.setText(_('注文ファイルを保存しました: {path}').format(path=path))
        except OSError as exc:
            page.message.setText(
                _('保存できませんでした({strerror}): {path}').format(strerror=exc.strerror, path=path)
            )

    def preview(self) -> None:
        """Both documents built off the UI thread (a 1,000-site form takes a second or two), then shown
        in the export page; `previewed` when they are."""
        s = self.session
        if s is None:
            return
        page = self._export_page()
        try:
            options = self.doc_options(draft=s.has_errors or page.draft.isChecked())
        except KnownError as exc:
            page.message.setText(error_text(exc))
            return
        self.preview_timer.stop()
        if self.background.running("preview"):
            # one preview at a time: each build holds both documents (tens of MB on a large order), and
            # a long day of edits must not stack them up; the newest order is previewed when this ends
            self._preview_again = True
            return
        doc, book = json.loads(json.dumps(s.doc)), self.price_book
        self._previewing_doc = json.dumps(doc, sort_keys=True)
        page.message.setText(_('プレビューを作成しています…'))

        def work() -> list[bytes]:
            return [export.build(kind, doc, options, book) for kind in ("quote", "form")]

        token = self._preview_token = self._preview_token + 1
        self.background.run(
            work,
            success=lambda parts: self._preview_built(token, parts),
            failure=lambda error: self._preview_failed(token, error),
            name="preview",
        )

    def _preview_out_of_date(self) -> None:
        page = self.pages.get("export")
        if not isinstance(page, ExportPage) or not page.preview.has_content:
            return
        if not page.preview.stale and not self.session_changed_since_preview():
            return
        updating = self.current == "export"
        page.preview.mark_stale(updating)
        if updating:
            self.preview_timer.start()

    def session_changed_since_preview(self) -> bool:
        """Whether the order differs from the one the preview shows."""
        s = self.session
        return s is None or json.dumps(s.doc, sort_keys=True) != self._previewed_doc

    def _preview_built(self, token: int, parts: list[bytes]) -> None:
        if token != self._preview_token:
            return  # an earlier request, overtaken by a newer one
        if self._preview_again:  # the order changed while this one was made: make the newest instead
            self._preview_again = False
            self.preview()
            return
        page = self._export_page()
        page.preview.show_pdfs([(_('見積書'), parts[0]), (_('申込書'), parts[1])])
        self._previewed_doc = self._previewing_doc
        page.message.setText("")
        self.previewed.emit()

    def _preview_failed(self, token: int, error: str) -> None:
        if self._preview_again:
            self._preview_again = False
            self.preview()
            return
        if token == self._preview_token:
            page = self._export_page()
            page.message.setText(error)

    def print_documents(self) -> None:
        """The print dialog (which documents, which printer), then the documents built and sent off the
        UI thread with a progress dialog that can stop it (ui/printing.py); `printed(message)` at the end."""
        s = self.session
        if s is None or self.print_job is not None:
            return
        from ui import common
        from ui.printing import DocumentChoice, PrintJob

        page = self._export_page()
        try:
            options = self.doc_options(draft=s.has_errors or page.draft.isChecked())
        except KnownError as exc:
            page.message.setText(error_text(exc))
            return
        choice = DocumentChoice()
        printer = common.ask_printer(self, choice)
        if printer is None:
            return
        doc, book = json.loads(json.dumps(s.doc)), self.price_book
        number = self.quote_number() if s.draft_id is not None else ""
        job = self.print_job = PrintJob(
            self,
            self.background,
            printer,
            choice.kinds(),
            lambda kind: export.build(kind, doc, options, book),
            number,
        )
        job.done.connect(self._printed)
        job.start()

    def _printed(self, message: str) -> None:
        self.print_job = None
        page = self._export_page()
        page.message.setText(message or _('印刷に送りました。'))
        self.printed.emit(message)
