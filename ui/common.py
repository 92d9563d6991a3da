"""Small Qt helpers shared by the pages: fields bound to JSON pointers, issue markers, dialogs tests
can replace."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTableWidget,
    QWidget,
)

from configurator.session.order_session import OrderSession
from configurator.tariff.choices import NoChoices, choices
from configurator.tariff.rules import Issue
from configurator.text.i18n import N_, _, issue_message, pick, severity_label

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

#: how a site's internet provider kind reads in the UI (the order holds "iij" or "other")
PROVIDERS = {"iij": N_('IIJのサービス'), "other": N_('他社の回線')}

ERROR_BG = QColor("#fde2e4")
WARNING_BG = QColor("#fff4d6")
DISABLED_FG = QColor("#9a9a9a")

Pointer = Callable[[], str | None]


def at(ptr: str) -> Pointer:
    """The pointer of a field that is always the same one (the customer's name, the tariff date)."""
    return lambda: ptr


# --- dialogs (replaced in tests: never exec a modal dialog there) ---------------------------------

def ask_open_file(parent: QWidget, title: str, filters: str) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, title, "", filters)
    return path


def ask_save_file(parent: QWidget, title: str, suggested: str, filters: str) -> str:
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, filters)
    return path


def ask_printer(parent: QWidget, options: QWidget | None = None) -> QPrinter | None:
    """The print dialog, in the app's language (Qt's translations, ui/app.py), with `options` as an
    extra tab (which documents; the native Windows dialog shows no extra tab, then its defaults hold);
    the chosen printer, or None when cancelled."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_('印刷'))
    if options is not None:
        dialog.setOptionTabs([options])
    accepted = dialog.exec() == QPrintDialog.DialogCode.Accepted
    if options is not None:
        options.setParent(None)  # the caller reads the choice after the dialog is gone
    dialog.deleteLater()  # the printer keeps the choices; the dialog is not kept per print
    return printer if accepted else None


def confirm(parent: QWidget, title: str, text: str) -> bool:
    return QMessageBox.question(parent, title, text) == QMessageBox.StandardButton.Yes


def inform(parent: QWidget, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def pick_table(headers: list[str], name: str, widths: tuple[int, ...]) -> QTableWidget:
    """A read-only table to choose one row from (the history of a draft, the price books)."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    for c, w in enumerate(widths):
        table.setColumnWidth(c, w)
    return table


def intro_label(text: str) -> QLabel:
    """The sentence at the top of a dialog that says what it is for."""
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def issue_text(issues: Sequence[Issue]) -> str:
    return "\n".join(f"{severity_label(i)}: {issue_message(i)}({i.cite()})" for i in issues)


class IssueLabel(QLabel):
    """Shows the issues of one field beside it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_issues(self, issues: Sequence[Issue]) -> None:
        if not issues:
            self.clear()
            self.hide()
            return
        color = "#b00020" if any(i.is_error for i in issues) else "#8a5a00"
        self.setStyleSheet(f"color: {color};")
        self.setText(issue_text(issues))
        self.setAccessibleName(_('入力の問題: ') + issue_text(issues))
        self.show()


class Binder:
    """Keeps widgets and the order document in step: widget edits become session edits; refresh()
    puts document values back into the widgets (after undo, or when the selection changes)."""

    def __init__(self, session_getter: Callable[[], OrderSession | None]) -> None:
        self._session = session_getter
        self.fields: list[tuple[Pointer, QWidget, str, IssueLabel | None]] = []
        self._loading = False

    @property
    def session(self) -> OrderSession | None:
        return self._session()

    def line(self, ptr: Pointer, issue: IssueLabel | None = None, placeholder: str = "",
             to_value: Callable[[str], Any] = lambda s: s,
             from_value: Callable[[Any], str] | None = None) -> QLineEdit:
        w = QLineEdit()
        w.setPlaceholderText(placeholder)
        w.setProperty("from_value", from_value)

        def commit() -> None:
            p = ptr()
            if self._loading or p is None or self.session is None:
                return
            self.session.set(p, to_value(w.text()))

        w.editingFinished.connect(commit)
        self.fields.append((ptr, w, "line", issue))
        return w

    def check(self, ptr: Pointer, text: str, issue: IssueLabel | None = None) -> QCheckBox:
        w = QCheckBox(text)

        def commit(state: int) -> None:
            p = ptr()
            if self._loading or p is None or self.session is None:
                return
            self.session.set(p, w.isChecked())

        w.stateChanged.connect(commit)
        self.fields.append((ptr, w, "check", issue))
        return w

    def choice(self, ptr: Pointer, issue: IssueLabel | None = None) -> QComboBox:
        w = QComboBox()

        def commit(index: int) -> None:
            p = ptr()
            if self._loading or p is None or self.session is None or index < 0:
                return
            value = w.itemData(index, Qt.ItemDataRole.UserRole)
            self.session.set(p, value)

        w.activated.connect(commit)
        self.fields.append((ptr, w, "choice", issue))
        return w

    def refresh(self) -> None:
        s = self.session
        if s is None:
            return
        self._loading = True
        try:
            for ptr, w, _kind, issue in self.fields:
                p = ptr()
                w.setEnabled(p is not None)
                if p is None:
                    continue
                value = s.get(p)
                if isinstance(w, QLineEdit):  # kind "line"
                    conv = w.property("from_value")
                    text = conv(value) if conv else ("" if value is None else str(value))
                    if w.text() != text:
                        w.setText(text)
                elif isinstance(w, QCheckBox):  # kind "check"
                    w.setChecked(bool(value))
                elif isinstance(w, QComboBox):  # kind "choice"
                    fill_choices(w, s.doc, p, value)
                if issue is not None:
                    issue.show_issues(s.issues_at(p))
        finally:
            self._loading = False

    def show_issues(self) -> None:
        s = self.session
        if s is None:
            return
        for ptr, _w, _kind, issue in self.fields:
            p = ptr()
            if issue is not None and p is not None:
                issue.show_issues(s.issues_at(p))


def combo_item(combo: QComboBox, row: int) -> QStandardItem | None:
    """The item of a combo box's row (its default model holds QStandardItems), to grey it out or ask
    whether it is enabled."""
    model = combo.model()
    return model.item(row) if isinstance(model, QStandardItemModel) else None


def fill_choices(combo: QComboBox, doc: dict[str, Any], ptr: str, current: Any) -> None:
    """Fill a combo box from the engine's choices: disallowed values stay visible, greyed out,
    with the rule's reason and article as their tooltip."""
    try:
        result = choices(doc, ptr)
    except NoChoices:
        return
    combo.blockSignals(True)
    combo.clear()
    selected = -1
    if current is None or all(c.value != current for c in result):
        label = (_('(選んでください)') if current is None
                 else _('{current}(選べない値)').format(current=current))
        combo.addItem(label, current)
        selected = 0
    for c in result:
        combo.addItem(pick(c.label, c.label_en), c.value)
        row = combo.count() - 1
        item = combo_item(combo, row)
        if not c.allowed and item is not None:
            item.setEnabled(False)
            item.setToolTip(f"{pick(c.reason or '', c.reason_en or '')}({c.citation})")
        elif c.consequences and item is not None:
            item.setToolTip(_('選ぶと: ') + " / ".join(issue_message(q) for q in c.consequences))
        if c.value == current and selected < 0:
            selected = row
    combo.setCurrentIndex(max(selected, 0))
    combo.blockSignals(False)
