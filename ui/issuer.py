"""発行元の設定: the salesperson's own issuer block on the quote (company, address, phone, person in
charge, 登録番号, 角印). Checking and storing are configurator.store.issuer's; this only shows them."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from configurator.errors import KnownError
from configurator.store.issuer import (
    FIELDS,
    Issuer,
    normalise_registration_number,
    registration_number_ok,
    save_issuer,
)
from configurator.text.i18n import N_, _, error_text
from configurator.text.jpinput import phone_problem
from ui.common import ask_open_file, name_buttons

#: the issuer's fields as the UI names them (which ones a quote needs is documents.quote's to say)
ISSUER_LABELS = {
    "company": N_('会社名'),
    "address": N_('住所'),
    "phone": N_('電話番号'),
    "person": N_('担当者'),
    "registration_number": N_('登録番号'),
}


def missing_text(issuer: Issuer) -> str:
    """Why a quote cannot be issued by `issuer`: the fields it needs that are not set, in the UI language
    ("" when none is missing; documents.quote.missing_issuer_fields decides which are needed)."""
    from configurator.documents.quote import ISSUER_FIELDS, missing_issuer_fields

    missing = set(missing_issuer_fields(issuer))
    if not missing:
        return ""
    names = [_(ISSUER_LABELS.get(key, label)) for key, label in ISSUER_FIELDS if label in missing]
    return _('発行元が設定されていないため、見積書を発行できません。未設定: {fields}。').format(
        fields=_('、').join(names)
    )


WHY_STYLE = "color: #8a5a00; font-weight: bold;"


class IssuerDialog(QDialog):
    """Edits the issuer block. `saved(Issuer)` after a successful save; the dialog stays open with
    the reason when something must change, and nothing is stored then."""

    saved = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_('発行元(自社)の設定'))
        self.setMinimumWidth(560)
        v = QVBoxLayout(self)
        intro = QLabel(
            _(
                '見積書の右上に載る発行元です。営業担当ごとにこのパソコンへ保存され、次の見積書から使われます。'
            )
        )
        intro.setWordWrap(True)
        v.addWidget(intro)
        self.why = QLabel()  # why it was opened, when a quote waits for it (tell)
        self.why.setWordWrap(True)
        self.why.setAccessibleName(_('発行元が必要な理由'))
        self.why.setStyleSheet(WHY_STYLE)
        self.why.hide()
        v.addWidget(self.why)
        form = QFormLayout()
        self.edits: dict[str, QLineEdit] = {}
        labels = {
            "company": _('会社名(&C)'),
            "address": _('住所(&A)'),
            "phone": _('電話番号(&P)'),
            "person": _('担当者(&N)'),
            "registration_number": _('登録番号(インボイス)(&R)'),
            "seal_image": _('角印の画像(&S)'),
        }
        hints = {
            "phone": "03-1234-5678",
            "registration_number": "T9234567890123",  # a well-formed example (check digit 9)
            "seal_image": _('PNGまたはJPEG(任意)'),
        }
        for key in FIELDS:
            edit = QLineEdit()
            edit.setAccessibleName(labels[key].split("(&")[0])
            edit.setPlaceholderText(hints.get(key, ""))
            self.edits[key] = edit
            if key == "seal_image":
                row = QHBoxLayout()
                row.addWidget(edit, 1)
                browse = QPushButton(_('参照(&B)…'))
                browse.setAccessibleName(_('角印の画像を選ぶ'))
                browse.clicked.connect(self.choose_seal)
                clear = QPushButton(_('使わない(&D)'))
                clear.setAccessibleName(_('角印を使わない'))
                clear.clicked.connect(lambda: self.edits["seal_image"].clear())
                row.addWidget(browse)
                row.addWidget(clear)
                label = QLabel(labels[key])
                label.setBuddy(edit)  # a row of widgets: the mnemonic needs an explicit buddy
                form.addRow(label, row)
            else:
                form.addRow(labels[key], edit)
        v.addLayout(form)
        self.seal_preview = QLabel()
        self.seal_preview.setAccessibleName(_('角印のプレビュー'))
        v.addWidget(self.seal_preview)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setAccessibleName(_('入力の確認'))
        v.addWidget(self.hint)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.setAccessibleName(_('保存できない理由'))
        v.addWidget(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        v.addWidget(name_buttons(buttons))
        self._waiting = False  # a quote waits for the issuer: the why line follows the fields
        for edit in self.edits.values():
            edit.textChanged.connect(self.check_live)
        self.load()

    def tell(self, text: str) -> None:
        """Say why the dialog is open (a quote waits for the issuer: what it lacks); from then on the line
        follows what is typed (未設定 names the fields still empty)."""
        self._waiting = bool(text)
        self.why.setText(text)
        self.why.setVisible(bool(text))
        self.why.setStyleSheet(WHY_STYLE)

    def update_why(self, invalid: bool = False) -> None:
        """While a quote waits: the fields still missing, or a field to correct (`invalid`: the problem
        itself is said once, below the fields), or that the quote can go ahead once saved."""
        if not self._waiting:
            return
        gap = missing_text(Issuer(**{k: v.strip() for k, v in self.values().items()}))
        if not gap and invalid:
            gap = _('入力に直すところがあります(下の注意)。直してから保存してください。')
        self.why.setText(gap or _('見積書に必要な項目はそろいました。保存すると続けます。'))
        self.why.setStyleSheet(WHY_STYLE if gap else "color: #1f6f3f; font-weight: bold;")

    def load(self) -> None:
        bad = ""
        try:
            issuer = Issuer.load()
        except KnownError as exc:  # a stored value went bad (e.g. the seal file was removed): show it
            bad = error_text(exc)
            issuer = Issuer.load_unchecked()
        for key in FIELDS:
            self.edits[key].setText(getattr(issuer, key))
        self.check_live()
        self.message.setText(bad)

    def values(self) -> dict[str, str]:
        return {k: e.text() for k, e in self.edits.items()}

    def check_live(self) -> None:
        """Hints while typing; the save checks again, fully. A refused save's reason goes once the fields
        change (the live hints say what is still wrong)."""
        self.message.clear()
        notes = []
        number = normalise_registration_number(self.edits["registration_number"].text())
        if number and not registration_number_ok(number):
            notes.append(
                _('登録番号は T と13桁の数字です(先頭の数字はチェックデジット)。今の入力では一致しません。')
            )
        problem = phone_problem(self.edits["phone"].text().strip())
        if problem:
            notes.append(problem)
        self.update_why(invalid=bool(notes))
        self.hint.setText("\n".join(notes))
        self.hint.setStyleSheet("color: #8a5a00;" if notes else "")
        seal = self.edits["seal_image"].text().strip()
        pix = QPixmap(seal) if seal else QPixmap()
        if pix.isNull():
            self.seal_preview.clear()
        else:
            self.seal_preview.setPixmap(pix.scaledToHeight(64))

    def choose_seal(self) -> None:
        path = ask_open_file(self, _('角印の画像を選ぶ'), _('画像 (*.png *.jpg *.jpeg)'))
        if path:
            self.edits["seal_image"].setText(path)

    def save(self) -> bool:
        try:
            issuer = save_issuer(self.values())
        except KnownError as exc:
            self.hint.clear()  # the reason said once: the refusal replaces the live hint of the same fault
            self.message.setText(error_text(exc))
            return False
        self.message.clear()
        for key in FIELDS:  # what was stored: the normalised number, the copied seal
            self.edits[key].setText(getattr(issuer, key))
        self.saved.emit(issuer)
        self.accept()
        return True
