"""The wizard's outputs: the quote and application form as PDF, the order file, the preview and printing.

WizardView (ui/wizard.py) is this widget plus the pages, the navigation and autosave: the slots that build
documents live here so that neither module grows past a reading. The documents are built off the UI thread
(ui/jobs.py) with the options of configurator.documents.export, the one export path.

- A quote is issued only with its issuer (発行元): asked for one before the first quote is exported,
  previewed or printed, the main window opens the issuer dialog (`issuer_requested`) and what was asked
  for goes on once it is saved (issuer_changed); cancelled, the page says what to set and offers a
  下書き (watermarked) preview (issuer_cancelled).
- The quote number carries its 版 from the draft store (DraftStore.issue_number): 版1 for the first quote
  issued, a new 版 only when an issued quote's content changed; an export or print that is not a draft
  marks its revision issued.
- A quote approved in the team (local data only) prints 承認済 (configurator.team.linked).
- What the documents cannot print as written (export.warning_texts, export.shortened_texts) is shown
  on the export page before and after an export, in the UI language."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QWidget

from configurator.documents import export
from configurator.errors import KnownError
from configurator.session.order_session import OrderSession
from configurator.store.drafts import next_edition
from configurator.text.i18n import _, error_text, pick
from ui.common import ask_save_file, offer_open
from ui.jobs import Jobs
from ui.pages import ExportPage, WizardPage
from ui.pages.export import named

PREVIEW_MS = 800  # a shown preview is made again this long after the last change of the order

class WizardOutput(QWidget):
    """Export, preview and print of the order being edited (the base of ui.wizard.WizardView)."""

    exported = Signal(str, str, str)  # kind, path, error
    previewed = Signal()  # both documents are shown in the export page
    printed = Signal(str)  # a print ended: "" when sent, else why not (cancelled, refused)
    issuer_requested = Signal()  # the issuer must be set (or the page's button): the main window's dialog
    session_changed = Signal()
    page_changed = Signal(str)
    approval_requested = Signal()  # the export page's 承認を依頼: the main window's team asks (ui/team)

    #: whether the export page offers 承認を依頼 (the main window says: a team is set up)
    approvals: Callable[[], bool]

    # what the wizard has (ui/wizard.py)
    session: OrderSession | None
    store: Any
    price_book: Any
    current: str
    pages: Mapping[str, WizardPage]  # ui/lazypages.LazyPages: built when first needed

    def autosave(self) -> None:
        raise NotImplementedError  # the wizard's

    def _init_output(self) -> None:
        self.approvals = lambda: False
        """After the pages are made."""
        self.background = Jobs(self)  # PDFs are built off the UI thread (ui/jobs.py)
        self._preview_token = 0  # the preview being made; an earlier one is overtaken
        self._preview_again = False  # asked for while one was being made: made once that one ends
        self._previewing_doc = self._previewed_doc = ""  # the order (JSON) of the preview being made, shown
        self._draft_preview = False  # the user chose a 下書き preview while the issuer is not set
        self._pending: tuple[Any, ...] | None = None  # what waits for the issuer: see _issuer_first
        # (draft id, revision) -> the number, the 版 the issued quotes reached and the last one's content
        self._number: tuple[Any, tuple[str, int, Any]] = (None, ("", 0, None))
        self.print_job: Any = None  # the print under way (ui/printing.PrintJob)
        # a preview shown is never silently old: marked at once when the order changes, made again a
        # moment after the last change when the export page is in view (else when it comes into view)
        self.preview_timer = QTimer(self)
        self.preview_timer.setSingleShot(True)
        self.preview_timer.setInterval(PREVIEW_MS)
        self.preview_timer.timeout.connect(lambda: self._make_preview(ask=False))
        self.session_changed.connect(self._preview_out_of_date)
        self.page_changed.connect(
            lambda page_id: self._preview_out_of_date() if page_id == "export" else None
        )

    def _export_page(self) -> ExportPage:
        page = self.pages["export"]
        assert isinstance(page, ExportPage)
        return page

    def quote_number(self) -> str:
        """見積番号 with its 版, as a quote issued now prints it (DraftStore.issue_number): 版1 for the first
        quote issued, a new 版 only when an issued quote's content changed; autosaves count for nothing."""
        s = self.session
        if s is None or s.draft_id is None:
            return _('(保存すると採番されます)')
        key = (s.draft_id, s.base_rev or 1)
        if self._number[0] != key:  # reads every issued revision: 50-65 ms at 1,000 sites and 5 issued
            try:
                reached, last = self.store.last_issued(s.draft_id)
                self._number = (key, (self.store.info(s.draft_id).number, reached, last))
            except KnownError:  # an issued revision that cannot be read: the number, without a 版 to trust
                return str(self.store.info(s.draft_id).number)
        number, reached, last = self._number[1]
        # the order as shown, not as last saved: an undo back to the issued content is that quote's 版
        return f"{number}-R{next_edition(reached, last, s.doc)}"

    def doc_options(self, draft: bool) -> Any:
        """The options of both documents: the font and date style of the settings, as on the command line
        (configurator.documents.export); the page's 和暦 box as --wareki; the number with its 版; 承認済
        when the revision is the approved one in the team (nothing without a team link)."""
        from configurator.team.linked import approval_stamp

        page = self._export_page()
        s = self.session
        saved = s is not None and s.draft_id is not None
        number = self.quote_number() if saved else ""
        approval = None
        if saved and not draft:
            assert s is not None and s.draft_id is not None
            # an edit not yet saved is not the approved revision (a preview does not save first)
            approval = None if s.dirty else approval_stamp(self.store, s.draft_id, s.base_rev)
        return export.options(draft=draft, wareki=page.wareki.isChecked(), number=number, approval=approval)

    # --- the issuer, asked for before the first quote ------------------------------------------------

    def issuer_gap(self) -> str:
        """Why a quote cannot be issued with the issuer settings, in the UI language ("" when it can): the
        fields not set (documents.quote.missing_issuer_fields decides which), or what is wrong with them."""
        from configurator.store.issuer import Issuer
        from ui.issuer import missing_text

        try:
            issuer = Issuer.load()
        except KnownError as exc:
            return error_text(exc)
        return missing_text(issuer)

    def waiting_for_issuer(self) -> bool:
        """Whether a quote waits for the issuer to be set (the dialog then says what it lacks)."""
        return self._pending is not None

    def _issuer_first(self, pending: tuple[Any, ...]) -> bool:
        """Whether the issuer must be set before `pending` (a quote to issue: ("export", kind, path),
        ("preview",) or ("print", printer, kinds)). Then the issuer dialog is asked for, and `pending`
        goes on once the issuer is saved."""
        gap = self.issuer_gap()
        if not gap:
            return False
        self._pending = pending
        page = self._export_page()
        page.offer_draft_preview(False)
        page.message.setText(gap + " " + _('発行元を設定すると、そのまま続けます。'))
        self.issuer_requested.emit()
        return True

    def issuer_changed(self) -> None:
        """The issuer was saved: shown on the export page, and what waited for it goes on."""
        page = self._export_page()
        page.show_issuer()
        page.refresh_notes()
        pending, self._pending = self._pending, None
        gap = self.issuer_gap()
        if gap:  # saved, but still without what a quote needs (e.g. no 担当者)
            if pending is not None:
                self._issuer_refused(gap)
            return
        page.offer_draft_preview(False)
        was_draft, self._draft_preview = self._draft_preview, False
        if pending is not None:
            self._resume(pending)
        elif was_draft and page.preview.has_content:  # the 下書き preview becomes the quote itself
            self._make_preview(ask=False)

    def issuer_cancelled(self) -> None:
        """The issuer dialog was closed without saving: what to set, and a 下書き preview offered."""
        pending, self._pending = self._pending, None
        if pending is None:
            return
        gap = self.issuer_gap()
        if not gap:
            self._resume(pending)
            return
        self._issuer_refused(gap)

    def _issuer_refused(self, gap: str) -> None:
        page = self._export_page()
        page.message.setText(
            gap
            + " "
            + _('「発行元の設定」で設定してください。下書き(透かし入り)としてならプレビューできます。')
        )
        page.offer_draft_preview(True)

    def _resume(self, pending: tuple[Any, ...]) -> None:
        what = pending[0]
        if what == "export":
            self.export_pdf(pending[1], pending[2])
        elif what == "preview":
            self.preview()
        elif what == "print":
            self._start_print(pending[1], pending[2])

    # --- export ------------------------------------------------------------------------------------

    def export_pdf(self, kind: str, path: str | None = None) -> None:
        s = self.session
        if s is None:
            return
        page = self._export_page()
        draft = page.draft.isChecked()
        if s.issue_stoppers(kind) and not draft:  # the 申込書 also by the errors of the form
            page.message.setText(
                _('エラーがあるため出力できません。「確認」で直すか、下書きとして出力してください。')
                if s.has_errors
                else _(
                    '申込書に必要な記入が足りないため、申込書は出力できません。'
                    '「確認」で直すか、下書きとして出力してください。'
                )
            )
            return
        if kind in export.QUOTE_KINDS and not draft and self._issuer_first(("export", kind, path)):
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
        # the revision written: marked issued once the file is there (a draft is never issued)
        issued = None if draft or s.draft_id is None else (s.draft_id, s.base_rev or 1)

        def work() -> list[tuple[str, str]]:
            export.export(kind, doc, target, options, book)
            return export.warning_texts(kind, doc, options) + export.shortened_texts()

        self.background.run(
            work,
            success=lambda notes: self._export_done(kind, target, "", notes, issued),
            failure=lambda error: self._export_done(kind, target, error),
            name=f"export-{kind}",
        )

    def _export_done(
        self,
        kind: str,
        path: str,
        error: str,
        notes: list[tuple[str, str]] | None = None,
        issued: tuple[int, int] | None = None,
    ) -> None:
        page = self._export_page()
        label = _('見積書') if kind == "quote" else _('申込書')
        if error:
            page.message.setText(_('{label}を保存できませんでした: {error}').format(label=label, error=error))
        else:
            page.message.setText(_('{label}を保存しました: {path}').format(label=label, path=path))
            page.show_notes(_('保存した{label}について:').format(label=label), self._notes(notes or []))
            offer_open(self, path)  # 開く / フォルダを開く
            if issued is not None:
                self.store.mark_issued(*issued)
                self._number = (None, ("", 0, None))
            page.number.setText(self.quote_number())
        self.exported.emit(kind, path, error)

    def _notes(self, notes: list[tuple[str, str]]) -> list[str]:
        """The notes of a document in the UI language, a field named as the wizard names it."""
        doc = self.session.doc if self.session is not None else {}
        return [named(doc, pick(ja, en)) for ja, en in notes]

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

    # --- preview -----------------------------------------------------------------------------------

    def preview(self) -> None:
        """Both documents built off the UI thread (a 1,000-site form takes a second or two), then shown
        in the export page; `previewed` when they are. Asked for by the user: the issuer first if unset."""
        self._make_preview(ask=True)

    def preview_draft(self) -> None:
        """The preview with the 下書き watermark, offered while the issuer is not set."""
        self._draft_preview = True
        self._export_page().offer_draft_preview(False)
        self._make_preview(ask=False)

    def _make_preview(self, ask: bool) -> None:
        """`ask`: the user asked (the issuer dialog may open); else a preview made again after a change,
        which is a 下書き while the issuer is not set."""
        s = self.session
        if s is None:
            return
        page = self._export_page()
        draft = s.has_errors or page.draft.isChecked() or self._draft_preview
        if not draft and self.issuer_gap():
            if ask:
                self._issuer_first(("preview",))
                return
            draft = True
        try:
            options = self.doc_options(draft=draft)
            # the 申込書 shown as it would be made: a 下書き while the form's errors stop it
            form_options = options if draft or not s.issue_stoppers("form") else self.doc_options(draft=True)
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

        def work() -> tuple[list[bytes], list[tuple[str, str]]]:
            parts, notes = [], export.warning_texts("quote", doc, options)
            for kind in ("quote", "form"):
                parts.append(export.build(kind, doc, options if kind == "quote" else form_options, book))
                name = "見積書" if kind == "quote" else "申込書"
                notes += [(f"{name}: {ja}", f"{name}: {en}") for ja, en in export.shortened_texts()]
            return parts, notes

        token = self._preview_token = self._preview_token + 1
        self.background.run(
            work,
            success=lambda result: self._preview_built(token, *result),
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

    def _preview_built(self, token: int, parts: list[bytes], notes: list[tuple[str, str]]) -> None:
        if token != self._preview_token:
            return  # an earlier request, overtaken by a newer one
        if self._preview_again:  # the order changed while this one was made: make the newest instead
            self._preview_again = False
            self._make_preview(ask=False)
            return
        page = self._export_page()
        page.preview.show_pdfs([(_('見積書'), parts[0]), (_('申込書'), parts[1])])
        self._previewed_doc = self._previewing_doc
        page.message.setText("")
        page.show_notes(_('プレビューの書類について:'), self._notes(notes))
        self.previewed.emit()

    def _preview_failed(self, token: int, error: str) -> None:
        if self._preview_again:
            self._preview_again = False
            self._make_preview(ask=False)
            return
        if token == self._preview_token:
            page = self._export_page()
            page.message.setText(error)

    # --- print -------------------------------------------------------------------------------------

    def print_documents(self) -> None:
        """The print dialog (which documents, which printer), then the issuer if a quote is printed
        without one, then the documents built and sent off the UI thread with a progress dialog that can
        stop it (ui/printing.py); `printed(message)` at the end."""
        s = self.session
        if s is None or self.print_job is not None:
            return
        from ui import common
        from ui.printing import DocumentChoice

        page = self._export_page()
        draft = s.has_errors or page.draft.isChecked()
        try:  # what stops the documents is said before the dialog (the issuer's own faults: see below)
            if not self.issuer_gap():
                self.doc_options(draft=draft)
        except KnownError as exc:
            page.message.setText(error_text(exc))
            return
        choice = DocumentChoice()
        printer = common.ask_printer(self, choice)
        if printer is None:
            return
        kinds = choice.kinds()
        if "quote" in kinds and not draft and self._issuer_first(("print", printer, kinds)):
            return
        self._start_print(printer, kinds)

    def _start_print(self, printer: Any, kinds: tuple[str, ...]) -> None:
        from ui.printing import PrintJob

        s = self.session
        if s is None or self.print_job is not None:
            return
        page = self._export_page()
        draft = s.has_errors or page.draft.isChecked()
        self.autosave()  # the revision printed is the one marked issued
        try:
            options = self.doc_options(draft=draft)
        except KnownError as exc:
            page.message.setText(error_text(exc))
            return
        # a 申込書 the form's errors stop is printed as a 下書き (the quote beside it is issued)
        as_draft = {k: options for k in kinds}
        if not draft and any(s.issue_stoppers(k) for k in kinds):
            as_draft.update({k: self.doc_options(draft=True) for k in kinds if s.issue_stoppers(k)})
        doc, book = json.loads(json.dumps(s.doc)), self.price_book
        number = self.quote_number() if s.draft_id is not None else ""
        issued = None if draft or s.draft_id is None else (s.draft_id, s.base_rev or 1)
        job = self.print_job = PrintJob(
            self,
            self.background,
            printer,
            kinds,
            lambda kind: export.build(kind, doc, as_draft.get(kind, options), book),
            number,
        )
        job.done.connect(lambda message: self._printed(message, issued))
        job.start()

    def _printed(self, message: str, issued: tuple[int, int] | None = None) -> None:
        self.print_job = None
        page = self._export_page()
        page.message.setText(message or _('印刷に送りました。'))
        if not message and issued is not None:
            self.store.mark_issued(*issued)
            self._number = (None, ("", 0, None))
            page.number.setText(self.quote_number())
        self.printed.emit(message)
