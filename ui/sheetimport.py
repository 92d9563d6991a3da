"""Before rows from a spreadsheet are added: which column became which field, which columns were ignored,
which rows cannot be taken and why, and the warnings (issue 20). Reading and checking are
configurator.session.sheets' and sitecsv's; this dialog only shows the result and asks.

Hooked in by the site list page: `import_file(page, path, ids, page.add_rows)` from its
"取り込み" button and `import_text(page, text, ids, page.add_rows)` from its paste slot; the exports
`export_sites(page, doc, net)` and `export_quote(window, session)` from a button or menu entry."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from configurator.errors import KnownError
from configurator.session.sheets import (
    FILE_FILTER,
    order_sites,
    quote_xlsx,
    read_site_file,
    sites_xlsx,
    write_file,
)
from configurator.session.sitecsv import SiteRows, field_label, parse_sites
from configurator.text.i18n import _, error_text, ngettext
from ui.common import ask_save_file


class SheetImportDialog(QDialog):
    """Shows a SiteRows before it is added. `chosen(SiteRows)` when the user adds the rows; nothing is
    added on cancel. Opened with open() (window-modal), never exec()."""

    chosen = Signal(object)

    def __init__(
        self,
        result: SiteRows | None,
        parent: QWidget | None = None,
        *,
        title: str = "",
        error: str = "",
        fill: int = 0,
    ) -> None:
        """`fill`: the selected empty rows the first sites go into (a paste); the button says so."""
        super().__init__(parent)
        self.rows = result  # not `result`: that would hide QDialog.result()
        self.setWindowTitle(title or _('拠点の表を取り込む'))
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)
        self.summary = QLabel(error or (result.summary() if result else ""))
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(_('取り込みの結果'))
        layout.addWidget(self.summary)
        self.mapping = QTableWidget(0, 3)
        self.mapping.setAccessibleName(_('列の対応'))
        self.mapping.setHorizontalHeaderLabels([_('列'), _('見出し'), _('取り込む項目')])
        self.mapping.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.mapping.verticalHeader().hide()
        self.mapping.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.messages = QListWidget()
        self.messages.setAccessibleName(_('取り込めない行と注意'))
        self.messages.setWordWrap(True)  # a reason says what to change in a sentence: read whole
        if result is not None:
            how = QLabel("\n".join(filter(None, [result.source, (result.mapping_lines() or [""])[0]])))
            how.setWordWrap(True)
            layout.addWidget(how)
            self.mapping.setRowCount(len(result.columns))
            for r, col in enumerate(result.columns):
                field = (
                    field_label(col.field)
                    if col.field
                    else _('取り込みません({note})').format(note=col.note or _('見出しが分かりません'))
                )
                for c, text in enumerate((col.letter, col.header, field)):
                    self.mapping.setItem(r, c, QTableWidgetItem(text))
            layout.addWidget(self.mapping)
            self.messages.addItems(result.errors + result.warnings)
            if result.errors or result.warnings:
                layout.addWidget(QLabel(_('取り込めない行と注意:')))
                layout.addWidget(self.messages)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        n = len(result.sites) if result else 0
        self.add_button = self.buttons.addButton(add_text(n, fill), QDialogButtonBox.ButtonRole.AcceptRole)
        self.add_button.setAccessibleName(_('拠点を追加'))
        self.add_button.setEnabled(n > 0)
        if n == 0:
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_('閉じる'))
        self.buttons.accepted.connect(self._add)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _add(self) -> None:
        if self.rows is not None and self.rows.sites:
            self.chosen.emit(self.rows)
        self.accept()


def add_text(n: int, fill: int = 0) -> str:
    """The add button's words: how many empty rows the `n` sites fill (at most `fill`) and how many are
    added, e.g. 「3行に入力し、1拠点を追加」."""
    filled = min(n, fill)
    rows = ngettext('{n}行', '{n}行', filled).format(n=filled)
    sites = ngettext('{n}拠点', '{n}拠点', n - filled).format(n=n - filled)
    if filled and n > filled:
        return _('{rows}に入力し、{sites}を追加(&A)').format(rows=rows, sites=sites)
    if filled:
        return _('{rows}に入力(&A)').format(rows=rows)
    return _('{sites}を追加(&A)').format(sites=sites)


def _show(parent: QWidget, dialog: SheetImportDialog, add: Callable[[SiteRows], Any]) -> SheetImportDialog:
    dialog.chosen.connect(add)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog


def import_file(
    parent: QWidget, path: str, existing_ids: Iterable[str], add: Callable[[SiteRows], Any]
) -> SheetImportDialog:
    """Read a .xlsx/.ods/.csv site list and show what would be added; `add(result)` when the user agrees."""
    try:
        result = read_site_file(path, existing_ids)
    except KnownError as exc:
        return _show(parent, SheetImportDialog(None, parent, error=error_text(exc)), add)
    return _show(parent, SheetImportDialog(result, parent), add)


def import_text(
    parent: QWidget, text: str, existing_ids: Iterable[str], add: Callable[[SiteRows], Any], fill: int = 0
) -> SheetImportDialog:
    """Pasted rows (tab-separated from a spreadsheet, or CSV): the same mapping shown before they are
    added; the first ones go into the `fill` selected empty rows."""
    result = parse_sites(text, existing_ids)
    return _show(parent, SheetImportDialog(result, parent, title=_('表から貼り付け'), fill=fill), add)


def file_filter() -> str:
    return _('表') + FILE_FILTER.removeprefix("表")


XLSX_FILTER = "Excel (*.xlsx)"


def _export(parent: QWidget, title: str, suggested: str, make: Callable[[], bytes]) -> str:
    """Ask where, write whole or not at all; the message to show (written, or what went wrong), '' on
    cancel."""
    path = ask_save_file(parent, title, suggested, XLSX_FILTER)
    if not path:
        return ""
    if not path.lower().endswith(".xlsx"):
        path += ".xlsx"
    try:
        write_file(path, make())
    except KnownError as exc:
        return error_text(exc)
    return _('{path} に書き出しました。').format(path=path)


def export_sites(parent: QWidget, doc: dict[str, Any], network: int) -> str:
    """The child sites of VPN network `network` (0-based) to .xlsx, in the importer's columns."""
    return _export(
        parent,
        _('拠点の表を書き出す'),
        _('拠点一覧') + ".xlsx",
        lambda: sites_xlsx(order_sites(doc, network)),
    )


def export_quote(parent: QWidget, session: Any) -> str:
    """The quote's line items (品名・数量・単位・単価・金額, subtotals, tax) to .xlsx."""
    return _export(
        parent,
        _('見積明細を書き出す'),
        _('見積明細') + ".xlsx",
        lambda: quote_xlsx(session.quote(), session.doc),
    )
