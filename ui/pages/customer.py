"""お客様情報: the customer's name and contact, with the Japanese input helpers beside the fields."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from configurator.text.i18n import _
from ui import common
from ui.common import IssueLabel, at, form_row, plain_text, with_mnemonic
from ui.pages.base import Wizard, WizardPage, register


@register("customer")
class CustomerPage(WizardPage):
    def __init__(self, wizard: Wizard) -> None:
        super().__init__(wizard)
        form = QFormLayout()
        self.layout_.addLayout(form)
        fields = [
            ("/title", _('件名(&T)'), _('件名'), _('例: 株式会社サンプル様 拠点間VPN')),
            ("/customer/name", _('お客様名(&O)'), _('お客様名'), _('会社名、または個人のお名前')),
            (
                "/customer/name_kana",
                _('フリガナ(&K)'),
                _('お客様名のフリガナ'),
                _('カブシキガイシャサンプル'),
            ),
            ("/customer/department", _('部署(&D)'), _('部署'), _('情報システム部')),
            ("/customer/contact", _('ご担当者(&C)'), _('ご担当者'), _('山田 太郎')),
            (
                "/customer/contact_kana",
                _('ご担当者フリガナ(&R)'),
                _('ご担当者のフリガナ'),
                _('ヤマダ タロウ'),
            ),
            ("/customer/email", _('メール(&M)'), _('メールアドレス'), "yamada@example.co.jp"),
            ("/customer/phone", _('電話(&P)'), _('電話番号'), "03-1234-5678"),
            ("/customer/postal_code", _('郵便番号(&S)'), _('郵便番号'), "100-0001"),
            ("/customer/address", _('住所(&A)'), _('住所'), _('東京都千代田区千代田1-1')),
        ]
        self.kind = self.binder.choice(lambda: None)  # placeholder replaced below
        self.binder.fields.pop()
        self.helpers: dict[str, HelperRow] = {}
        for ptr, label, acc, hint in fields:
            issue = IssueLabel()
            w = self.binder.line(at(ptr), issue, hint)
            form_row(form, label, w, issue, acc)
            if ptr in HelperRow.FIELDS:
                helper = HelperRow(self, ptr, w)
                self.helpers[ptr] = helper
                form.addRow("", helper)
            if ptr == "/customer/name":
                self.kind = QComboBox()
                self.kind.addItem(_('法人・団体(宛名に「御中」)'), "company")
                self.kind.addItem(_('個人(宛名に「様」)'), "person")
                self.kind.activated.connect(
                    lambda i: self.session.set("/customer/kind", self.kind.itemData(i))
                )
                # with the line for its problems under it, as every field has: the rows evenly spaced
                self.kind_issue = IssueLabel()
                form_row(form, _('宛名の区分(&U)'), self.kind, self.kind_issue, _('宛名の区分'))
        self.layout_.addStretch(1)

    def refresh(self) -> None:
        super().refresh()
        kind = self.session.get("/customer/kind") or "company"
        self.kind.setCurrentIndex(max(self.kind.findData(kind), 0))
        at_kind = "/customer/kind"
        self.kind_issue.show_issues([*self.session.issues_at(at_kind), *self.session.form_issues_at(at_kind)])
        for helper in self.helpers.values():
            helper.update_from(self.session.get(helper.ptr) or "")


class HelperRow(QWidget):
    """A suggestion from the Japanese input helpers beside a field: it is applied only when the
    user presses its button, never by itself."""

    FIELDS = (
        "/customer/postal_code",
        "/customer/name_kana",
        "/customer/contact_kana",
        "/customer/phone",
        "/customer/email",
    )

    def __init__(self, page: CustomerPage, ptr: str, field: QLineEdit) -> None:
        super().__init__()
        self.page, self.ptr, self.field = page, ptr, field
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.text = QLabel()
        self.text.setStyleSheet("color: #1f5f8b;")
        self.text.setWordWrap(True)
        self.button = QPushButton()
        self.button.clicked.connect(self.apply)
        row.addWidget(self.text, 1)
        row.addWidget(self.button)
        self.target: tuple[str, str] | None = None
        field.editingFinished.connect(lambda: self.update_from(field.text()))
        self.hide()

    def update_from(self, value: str) -> None:
        from configurator.text import jpinput

        self.target = None
        message = ""
        if self.ptr == "/customer/postal_code":
            s = jpinput.address_for(value)
            current = self.page.session.get("/customer/address") or ""
            if s and s.value and not current.startswith(s.value):
                message, self.target = s.message, ("/customer/address", s.value)
                self.button.setText(_('この住所を入れる(&J)'))
        elif self.ptr.endswith("_kana"):
            s = jpinput.kana_suggestion(value)
            if s:
                message, self.target = s.message, (self.ptr, s.value)
                # both kana fields may offer it at once: a letter each (L: お客様名, W: ご担当者)
                letter = "L" if self.ptr == "/customer/name_kana" else "W"
                self.button.setText(with_mnemonic(_('全角カタカナにする'), letter))
        elif self.ptr == "/customer/phone":
            message = jpinput.phone_problem(value) or ""
        elif self.ptr == "/customer/email":
            message = jpinput.email_problem(value) or ""
        self.text.setText(message)
        self.button.setVisible(self.target is not None)
        self.button.setAccessibleName(plain_text(self.button.text()) + f": {message}")
        self.setVisible(bool(message))

    def apply(self) -> None:
        if self.target is None:
            return
        ptr, value = self.target
        if (
            ptr == "/customer/address"
            and self.page.session.get(ptr)
            and not common.confirm(
                self,
                _('住所を置き換える'),
                _('入力済みの住所を「{value}」に置き換えますか?').format(value=value),
            )
        ):
            return
        self.page.session.set(ptr, value)
        self.page.refresh()
