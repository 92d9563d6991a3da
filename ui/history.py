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
from ui.common import errors_text, intro_label, name_buttons, pick_table


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
                    '保存のたびに内容が残ります。行を選ぶと、その時の内容が表示されます。「この内容に戻す」は、'
                    '選んだ内容を新しい保存として残します(今の内容も履歴に残ります)。保存番号は保存の回数で、'
                    '見積書の版(見積番号の末尾の -R1、-R2…)とは別です。'
                )
            )
        )
        headers = [_('保存番号'), _('保存日時'), _('メモ'), _('出力した見積書')]
        self.table = pick_table(headers, _('保存の履歴'), (100, 150, 250, 280))
        self.table.verticalHeader().hide()  # row numbers 1, 2… beside save numbers 6, 5…: a third count
        self.table.itemSelectionChanged.connect(self._show_selected)
        v.addWidget(self.table, 1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(_('選んだ保存の内容'))
        v.addWidget(self.summary)
        row = QHBoxLayout()
        self.restore_btn = QPushButton(_('この内容に戻す(&R)'))
        self.restore_btn.setAccessibleName(_('選んだ保存の内容に戻す'))
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
            edition = editions.get(rev["rev"], 0)
            cells = [
                # the count of saves, plainly a number: not the quote's 版, which its own column names
                str(rev["rev"]) + (_('(最新)') if rev["rev"] == self.head else ""),
                local_time(rev["saved_at"]),
                rev["note"],
                _('出力済 {number}(第{edition}版)').format(number=f"{number}-R{edition}", edition=edition)
                if rev["issued"]
                else "",
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
                '保存番号 {rev}: 件名「{title}」 お客様「{customer}」 VPN網 {networks}・拠点 {sites} '
                '認証の管理単位 {units}・子たる契約 {children}'
                ' {errors} 初期費用 {initial} 月額 {monthly}(税込{sample})'
            ).format(
                rev=rev,
                title=s["title"],
                customer=s["customer"],
                networks=s["networks"],
                sites=s["sites"],
                units=s["auth_units"],
                children=s["auth_children"],
                errors=errors_text(s["errors"]),
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
        said = _('保存番号 {rev} の内容を、保存番号 {new} として保存しました。')
        self.message.setText(said.format(rev=rev, new=result.rev))
        self.reload()
        self.restored.emit(self.draft_id)
