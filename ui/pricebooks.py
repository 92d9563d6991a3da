"""価格表: the installed price books, importing a new one and choosing the one quotes use.

Checking, storing and choosing are configurator.pricing.books's (the same as `iij-configurator pricebook
import|list|use`); this only shows them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from configurator.errors import KnownError
from configurator.text.i18n import _, error_text, pick
from configurator.text.jpformat import display_date
from ui.common import ask_open_file, intro_label, name_buttons, pick_table


class PriceBookDialog(QDialog):
    """`activated(PriceBook)` when the price book quotes use has changed (imported or chosen)."""

    activated = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_('価格表'))
        self.resize(760, 460)
        v = QVBoxLayout(self)
        v.addWidget(
            intro_label(
                _(
                    '見積に使う価格表です。当社の正式な価格表を取り込むと、以後の見積はその価格になります。'
                    '取り込んだ版の内容は変えられません(見積書に記録された版を守るため)。'
                )
            )
        )
        self.table = pick_table(
            [_('使用中'), _('版'), _('名前'), _('適用開始日'), _('行数')],
            _('取り込み済みの価格表'),
            (60, 130, 320, 120, 60),
        )
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.itemDoubleClicked.connect(lambda _i: self.use_selected())
        v.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.import_btn = QPushButton(_('価格表を取り込む(&I)…'))
        self.import_btn.setAccessibleName(_('価格表を取り込む'))
        self.import_btn.clicked.connect(lambda: self.import_file())
        self.use_btn = QPushButton(_('この価格表を使う(&U)'))
        self.use_btn.setAccessibleName(_('選んだ価格表を使う'))
        self.use_btn.clicked.connect(self.use_selected)
        row.addWidget(self.import_btn)
        row.addWidget(self.use_btn)
        row.addStretch(1)
        v.addLayout(row)
        self.message = QPlainTextEdit()
        self.message.setReadOnly(True)
        self.message.setAccessibleName(_('取り込みの結果'))
        self.message.setMaximumHeight(140)
        v.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        v.addWidget(name_buttons(buttons))
        self.books: list[Any] = []
        self.reload()

    def reload(self) -> None:
        from configurator.pricing.books import active_version, installed_price_books

        active = active_version()
        self.books = installed_price_books()
        self.table.setRowCount(len(self.books))
        for r, book in enumerate(self.books):
            name = pick(book.name, "Sample price book") + _('(サンプル価格)') if book.sample else book.name
            cells = [
                "★" if book.version == active else "",
                book.version,
                name,
                display_date(book.effective_date),
                str(len(book.prices)),
            ]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c in (0, 4):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(r, c, item)
            if book.version == active:
                self.table.selectRow(r)
        self._selection_changed()

    def selected(self) -> Any:
        rows = self.table.selectionModel().selectedRows()
        return self.books[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        from configurator.pricing.books import active_version

        book = self.selected()
        self.use_btn.setEnabled(book is not None and book.version != active_version())

    def import_file(self, path: str | None = None) -> bool:
        path = path or ask_open_file(self, _('価格表を取り込む'), _('価格表 (*.json)'))
        if not path:
            return False
        from configurator.pricing.books import import_price_book

        try:
            book = import_price_book(path)
        except KnownError as exc:  # every fault by row; nothing was imported
            self.message.setPlainText(error_text(exc))
            return False
        self.message.setPlainText(
            _(
                '価格表「{name}」(版 {version}、適用開始 {date}、{rows}行)を取り込み、使用中にしました。'
            ).format(
                name=book.name,
                version=book.version,
                date=display_date(book.effective_date),
                rows=len(book.prices),
            )
        )
        self.reload()
        self.activated.emit(book)
        return True

    def use_selected(self) -> None:
        book = self.selected()
        if book is None:
            return
        from configurator.pricing.books import use_price_book

        try:
            chosen = use_price_book(book.version)
        except KnownError as exc:
            self.message.setPlainText(error_text(exc))
            return
        self.message.setPlainText(
            _('価格表「{name}」(版 {version})を使用中にしました。').format(
                name=chosen.name, version=chosen.version
            )
        )
        self.reload()
        self.activated.emit(chosen)
