"""履歴: every saved revision of a draft, what each held, and bringing one back (as a new revision:
nothing is overwritten). The store keeps and restores; this only shows."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from configurator.errors import KnownError
from configurator.store.drafts import local_time
from configurator.text.i18n import _, error_text
from configurator.text.jpformat import display_yen
from ui.common import intro_label, name_buttons, pick_table


class HistoryDialog(QDialog):
    """`restored(draft_id)` after a revision has been made the newest again."""

    restored = Signal(int)

    def __init__(
        self, store: Any, draft_id: int, price_book: Any = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store, self.draft_id, self.price_book = store, draft_id, price_book
        info = store.info(draft_id)
        self.setWindowTitle(_('履歴: {title}({number})').format(title=info.title, number=info.number))
        self.resize(820, 480)
        v = QVBoxLayout(self)
        v.addWidget(
            intro_label(
                _(
                    '保存のたびに残る版です。版を選ぶと内容が表示されます。「この版に戻す」は、'
                    'その版を新しい版として'
                    '保存します(今の内容も履歴に残ります)。'
                )
            )
        )
        self.table = pick_table(
            [_('版'), _('保存日時'), _('メモ'), _('書類を出力')], _('保存された版'), (110, 150, 290, 220)
        )
        self.table.itemSelectionChanged.connect(self._show_selected)
        v.addWidget(self.table, 1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(_('選んだ版の内容'))
        v.addWidget(self.summary)
        row = QHBoxLayout()
        self.restore_btn = QPushButton(_('この版に戻す(&R)'))
        self.restore_btn.setAccessibleName(_('選んだ版に戻す'))
        self.restore_btn.clicked.connect(self.restore_selected)
        row.addWidget(self.restore_btn)
        row.addStretch(1)
        v.addLayout(row)
        self.message = QLabel()
        self.message.setWordWrap(True)
        v.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        v.addWidget(name_buttons(buttons))
        self.revisions: list[dict[str, Any]] = []
        self.reload()

    def reload(self) -> None:
        self.head = self.store.info(self.draft_id).rev
        self.revisions = self.store.history(self.draft_id)
        number = self.store.info(self.draft_id).number
        editions = self.store.issued_editions(self.draft_id)  # the 版 of each issued quote, in one pass
        self.table.setRowCount(len(self.revisions))
        for r, rev in enumerate(self.revisions):
            cells = [
                f"R{rev['rev']}" + (_('(最新)') if rev["rev"] == self.head else ""),
                local_time(rev["saved_at"]),
                rev["note"],
                # the quote's own number with its 版 (R counts issued quotes; the first column counts saves)
                _('出力済') + f" {number}-R{editions[rev['rev']]}" if rev["issued"] else "",
            ]
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        if self.revisions:
            self.table.selectRow(0)
        self._show_selected()

    def selected(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return int(self.revisions[rows[0].row()]["rev"]) if rows else None

    def _show_selected(self) -> None:
        from configurator.session.order_session import order_summary

        rev = self.selected()
        self.restore_btn.setEnabled(rev is not None and rev != self.head)
        if rev is None:
            self.summary.clear()
            return
        try:
            _info, doc = self.store.load(self.draft_id, rev)
        except KnownError as exc:  # a damaged revision: say so, and it cannot be brought back
            self.summary.setText(error_text(exc))
            self.restore_btn.setEnabled(False)
            return
        s = order_summary(doc, self.price_book)
        self.summary.setText(
            _(
                'R{rev}: 件名「{title}」 お客様「{customer}」 VPN網 {networks}・拠点 {sites} '
                '認証の管理単位 {units}・子たる契約 {children}'
                ' エラー {errors}件 初期費用 {initial} 月額 {monthly}(税込{sample})'
            ).format(
                rev=rev,
                title=s["title"],
                customer=s["customer"],
                networks=s["networks"],
                sites=s["sites"],
                units=s["auth_units"],
                children=s["auth_children"],
                errors=s["errors"],
                initial=display_yen(s["initial_total"]),
                monthly=display_yen(s["monthly_total"]),
                sample=_('・サンプル価格') if s["sample"] else "",
            )
        )

    def restore_selected(self) -> None:
        rev = self.selected()
        if rev is None or rev == self.head:
            return
        try:
            result = self.store.restore_revision(self.draft_id, rev)
        except KnownError as exc:
            self.message.setText(error_text(exc))
            return
        self.message.setText(_('R{rev} の内容を R{new} として保存しました。').format(rev=rev, new=result.rev))
        self.reload()
        self.restored.emit(self.draft_id)
