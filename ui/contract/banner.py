"""The line on top of the wizard when the order shown is a contracted one (status 契約済): the wizard shows it
read-only, since a contract changes only by a change order (契約・変更・解約); a copy as a new order is
offered for what is a new application (e.g. a site added)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

from configurator.text.i18n import _


class ContractedBanner(QFrame):
    lifecycle_requested = Signal()  # 契約・変更・解約を開く
    copy_requested = Signal()  # 複製して新しい注文にする

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("contractedBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#contractedBanner { background: #fff4ce; border: 1px solid #c9a227; }")
        row = QHBoxLayout(self)
        self.text = QLabel(
            _(
                'この注文は契約済みです。ここでは見るだけで、編集はできません。内容の変更は'
                '「契約・変更・解約」で変更申込として、拠点の追加などは複製した新しい注文で申し込みます。'
            )
        )
        self.text.setWordWrap(True)
        self.text.setAccessibleName(_('契約済みの注文'))
        # the pages' fields stay reachable by their letters on a contracted order (read-only, to read and
        # copy): J and Y are the letters no page, tab or menu of the wizard uses (ご担当者フリガナ gave up Y)
        self.lifecycle = QPushButton(_('契約・変更・解約を開く(&J)'))
        self.lifecycle.setAccessibleName(_('契約・変更・解約を開く'))
        self.copy = QPushButton(_('複製して新しい注文にする(&Y)'))
        self.copy.setAccessibleName(_('複製して新しい注文にする'))
        self.lifecycle.clicked.connect(self.lifecycle_requested.emit)
        self.copy.clicked.connect(self.copy_requested.emit)
        row.addWidget(self.text, 1)
        row.addWidget(self.lifecycle)
        row.addWidget(self.copy)
        self.hide()
