"""出力: the quote and application form as PDF, the order file, printing and the preview."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
)

from configurator.errors import KnownError
from configurator.order.places import describe
from configurator.session import flow
from configurator.tariff.checks.printing import RULE_ID as UNPRINTABLE
from configurator.text.i18n import _, error_text, issue_message, pick
from ui import common
from ui.common import FlowLayout, WrappedLabel, plain_text
from ui.pages.base import Wizard, WizardPage, register


def named(doc: dict[str, Any], text: str) -> str:
    """A note about a field (it starts with the field's JSON pointer, as the core writes it) with the field
    named as the wizard names it: 「/customer/name の文字…」 -> 「お客様情報の「お客様名」の文字…」."""
    pointer = text.split(" ", 1)[0].split(":", 1)[0]
    if not pointer.startswith("/"):
        return text
    rest = text[len(pointer) :]
    return describe(doc, pointer) + (rest[1:] if rest.startswith(" の") else rest)


@register("export")
class ExportPage(WizardPage):
    def __init__(self, wizard: Wizard) -> None:
        super().__init__(wizard)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.layout_.addWidget(self.state)
        # what the documents cannot print as written (characters no font has, the font, long texts moved
        # to 別添): before an export from the order, after one from the documents made
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setAccessibleName(_('書類についての注意'))
        self.notes.setStyleSheet("color: #8a5a00;")
        self.notes.hide()
        self.layout_.addWidget(self.notes)
        self._font_note = ""
        form = QFormLayout()
        self.number = QLineEdit()
        self.number.setReadOnly(True)
        self.number.setAccessibleName(_('見積番号'))
        number_label = QLabel(_('見積番号(&U)'))
        number_label.setBuddy(self.number)
        form.addRow(number_label, self.number)
        self.wareki = QCheckBox(_('日付を和暦で表示する(&W)'))
        self.wareki.setAccessibleName(_('日付を和暦で表示'))
        form.addRow(self.wareki)
        self.draft = QCheckBox(_('エラーがあっても下書きとして出力する(&R)'))
        self.draft.setAccessibleName(_('下書きとして出力'))
        form.addRow(self.draft)
        issuer_row = QHBoxLayout()
        self.issuer = WrappedLabel()
        self.issuer.setAccessibleName(_('発行元'))
        self.issuer_btn = QPushButton(_('発行元の設定(&I)…'))
        self.issuer_btn.setAccessibleName(_('発行元の設定'))
        self.issuer_btn.clicked.connect(self.wizard.issuer_requested)
        issuer_row.addWidget(self.issuer, 1)
        issuer_row.addWidget(self.issuer_btn)
        form.addRow(_('発行元'), issuer_row)
        self.layout_.addLayout(form)
        row = FlowLayout()  # wraps when the window is narrow (long English labels)
        self.quote_btn = QPushButton(_('見積書PDFを保存(&Q)…'))
        self.form_btn = QPushButton(_('申込書PDFを保存(&A)…'))
        self.order_btn = QPushButton(_('注文ファイルを保存(&S)…'))
        self.print_btn = QPushButton(_('印刷(&P)…'))
        self.preview_btn = QPushButton(_('プレビューを更新(&T)'))
        self.items_btn = QPushButton(_('見積明細をExcelに書き出し(&X)…'))
        # with a team only (ui/team): the draft, saved, sent to the team's approvers
        self.approval_btn = QPushButton(_('承認を依頼(&L)…'))
        self.approval_btn.setToolTip(_('この下書きを保存して、チームの承認者に承認を依頼します。'))
        self.approval_btn.clicked.connect(self.wizard.approval_requested)
        self.approval_btn.setVisible(self.wizard.approvals())
        for b in (
            self.quote_btn,
            self.form_btn,
            self.items_btn,
            self.order_btn,
            self.print_btn,
            self.preview_btn,
            self.approval_btn,
        ):
            b.setAccessibleName(plain_text(b.text()).rstrip("…"))  # in English it kept the "&"
            row.addWidget(b)
        self.layout_.addLayout(row)
        # offered when a quote was asked for and the issuer dialog was closed without what a quote needs
        self.draft_preview_btn = QPushButton(_('下書きとしてプレビュー(&D)'))
        self.draft_preview_btn.setAccessibleName(_('下書きとしてプレビュー'))
        self.draft_preview_btn.clicked.connect(lambda: self.wizard.preview_draft())
        self.draft_preview_btn.hide()
        draft_row = QHBoxLayout()
        draft_row.addWidget(self.draft_preview_btn)
        draft_row.addStretch(1)
        self.layout_.addLayout(draft_row)
        self.quote_btn.clicked.connect(lambda: self.wizard.export_pdf("quote"))
        self.form_btn.clicked.connect(lambda: self.wizard.export_pdf("form"))
        self.order_btn.clicked.connect(lambda: self.wizard.save_order_file())  # clicked(bool) is no path
        self.print_btn.clicked.connect(self.wizard.print_documents)
        self.preview_btn.clicked.connect(self.wizard.preview)
        self.items_btn.clicked.connect(self.export_items)
        self.draft.toggled.connect(lambda _checked: self.on_changed())
        from ui.preview import PdfPreview

        self.preview = PdfPreview()
        self.layout_.addWidget(self.preview, 1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.layout_.addWidget(self.message)

    def export_items(self) -> None:
        """The quote's line items (品名・数量・単位・単価・金額, subtotals, tax) to .xlsx (issue 20 item
        6)."""
        from ui.sheetimport import export_quote

        message = export_quote(self, self.session)
        if message:
            self.message.setText(message)

    def refresh(self) -> None:
        self.approval_btn.setVisible(self.wizard.approvals())
        self.number.setText(self.wizard.quote_number())
        self.show_issuer()
        self.refresh_notes()
        self.on_changed()

    def refresh_notes(self) -> None:
        """The font the documents will be set in, from the settings: said before an export if it is not
        embedded (export.font_warning)."""
        from configurator.documents import export

        try:
            warning = export.font_warning(export.options(draft=True))
        except KnownError:  # unreadable settings or issuer: told beside 発行元
            warning = None
        self._font_note = pick(warning, export.FONT_WARNING_EN) if warning else ""

    def offer_draft_preview(self, on: bool) -> None:
        self.draft_preview_btn.setVisible(on)

    def show_notes(self, title: str, lines: list[str]) -> None:
        """What to tell about the documents (none: nothing shown)."""
        self.notes.setText("\n".join([title, *(f"・{line}" for line in lines)]) if lines else "")
        self.notes.setVisible(bool(lines))

    def order_notes(self) -> list[str]:
        """Before an export: the font, and the characters of the order no font prints (shown as 〓)."""
        s = self.session
        unprintable = [i for i in s.issues if i.rule == UNPRINTABLE]
        return [
            *([self._font_note] if self._font_note else []),
            *(named(s.doc, issue_message(i)) for i in unprintable),
        ]

    def show_issuer(self) -> None:
        """Who the quote will say issued it, so a salesperson sees a missing name before printing."""
        from configurator.store.issuer import Issuer

        try:
            iss = Issuer.load()
        except KnownError as exc:
            self.issuer.setStyleSheet("color: #b00020;")
            self.issuer.setText(error_text(exc))
            return
        parts = [
            iss.company or _('(会社名なし)'),
            _('担当 {person}').format(person=iss.person) if iss.person else _('担当者が未設定です'),
            (
                _('登録番号 {number}').format(number=iss.registration_number)
                if iss.registration_number
                else ""
            ),
            _('角印あり') if iss.seal_image else "",
        ]
        self.issuer.setStyleSheet("" if iss.person else "color: #8a5a00;")
        self.issuer.setText(_('、').join(p for p in parts if p))

    def on_changed(self) -> None:
        s = self.session
        errors = [i for i in s.issues if i.is_error]
        # what stops each document (the 申込書: the form's errors too), the core's answer
        # (OrderSession.issue_stoppers), unless it is made as a 下書き
        draft = self.draft.isChecked()
        stop = {kind: [] if draft else s.issue_stoppers(kind) for kind in ("quote", "form")}
        for b, kind in (
            (self.quote_btn, "quote"),
            (self.form_btn, "form"),
            (self.items_btn, "quote"),
            (self.print_btn, "quote"),  # a 申込書 with errors of the form is printed as a 下書き
        ):
            stoppers = stop[kind]
            b.setEnabled(not stoppers)
            common.set_tip(
                b,
                _(
                    'エラーが{v0}件あるため出力できません。「確認」で直すか、下書きとして出力してください。'
                ).format(v0=len(stoppers))
                if stoppers
                else "",
            )
        state = (
            _(
                'エラーが{v0}件あります。見積書・申込書は下書きとしてだけ出力できます。'
                '注文ファイルはいつでも保存できます。'
            ).format(v0=len(errors))
            if errors
            else _('規程の確認は済んでいます。見積書・申込書を出力できます。')
        )
        notes = [text for _ptr, text in flow.export_notes(s.doc)]
        notes += [f"{describe(s.doc, i.path)}: {issue_message(i)}" for i in s.form_issues]
        self.state.setText("\n".join([state, *notes]))
        self.state.setStyleSheet("color: #8a5a00;" if notes and not errors else "")
        self.show_notes(_('書類について:'), self.order_notes())
