"""Small Qt helpers shared by the pages: fields bound to JSON pointers, issue markers, dialogs tests
can replace."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDir, QIdentityProxyModel, QLocale, QPoint, QRect, QSize, QStandardPaths, Qt, QUrl
from PySide6.QtGui import QColor, QIcon, QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QFileSystemModel,
    QFormLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QStyle,
    QTabBar,
    QTableWidget,
    QTableWidgetItem,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from configurator.session.flow import Counts
from configurator.session.order_session import OrderSession
from configurator.session.steps import Step
from configurator.tariff.choices import NoChoices, choices
from configurator.tariff.rules import Issue
from configurator.text.i18n import N_, _, issue_message, ngettext, pick, severity_label
from configurator.text.jpinput import without_control_characters

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

LAST_FOLDER = "last_folder"  # the settings key: the folder of the last file opened or saved


class LocalDates(QIdentityProxyModel):
    """The Qt file dialog's 更新日 column in the app's locale (2026/12/02 12:42), not the system's C
    locale ("2 12 2026"); see ui/qtlang.py."""

    DATE_COLUMN = 3

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.column() == self.DATE_COLUMN and role == Qt.ItemDataRole.DisplayRole:
            source = self.sourceModel()
            if isinstance(source, QFileSystemModel):
                modified = source.fileInfo(self.mapToSource(index)).lastModified()
                return QLocale().toString(modified, QLocale.FormatType.ShortFormat)
        return super().data(index, role)


def start_folder() -> str:
    """Where a file dialog opens: the folder used last (remembered in the settings), else the user's
    documents folder, else the home folder; never the folder the app was started from."""
    import os

    from configurator.store.settings import load_settings

    last = load_settings().get(LAST_FOLDER)
    if isinstance(last, str) and last and os.path.isdir(last):
        return last
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return docs if docs and os.path.isdir(docs) else QDir.homePath()


def remember_folder(path: str) -> None:
    """The folder of a file the user chose, for the next dialog (not when the settings file cannot be read:
    save_settings would move it aside for a preference the user did not ask to save)."""
    import os

    from configurator.store.settings import load_settings, save_settings, settings_readable

    folder = os.path.dirname(os.path.abspath(path))
    if not settings_readable():
        return
    settings = load_settings()
    if settings.get(LAST_FOLDER) != folder:
        settings[LAST_FOLDER] = folder
        with contextlib.suppress(OSError):  # a preference only: the file was chosen all the same
            save_settings(settings)


def file_dialog(
    parent: QWidget | None, title: str, filters: str, save: bool = False, suggested: str = ""
) -> QFileDialog:
    """A file dialog in the app's language starting in start_folder(): the platform's own on Windows and
    macOS (in the system's language), Qt's (translated, ui/qtlang.py) elsewhere."""
    import os
    import sys

    folder = start_folder()
    dialog = QFileDialog(parent, title, folder, filters)
    if sys.platform not in ("win32", "darwin"):
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setProxyModel(LocalDates(dialog))
    if save:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        if suggested:
            dialog.selectFile(suggested if os.path.isabs(suggested) else os.path.join(folder, suggested))
    else:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    return dialog


def _ask_file(dialog: QFileDialog) -> str:
    accepted = dialog.exec() == QFileDialog.DialogCode.Accepted
    files = dialog.selectedFiles() if accepted else []
    dialog.deleteLater()
    if not files:
        return ""
    remember_folder(files[0])
    return files[0]


def ask_open_file(parent: QWidget, title: str, filters: str) -> str:
    return _ask_file(file_dialog(parent, title, filters))


def ask_save_file(parent: QWidget, title: str, suggested: str, filters: str) -> str:
    return _ask_file(file_dialog(parent, title, filters, save=True, suggested=suggested))


def open_url(url: QUrl) -> bool:
    """Open a file or folder with the system's application (replaced in tests)."""
    from PySide6.QtGui import QDesktopServices

    return bool(QDesktopServices.openUrl(url))


def offer_open(parent: QWidget, path: str) -> QMessageBox:
    """After a PDF is saved: 開く or フォルダを開く, in a box that does not hold up the window (one at a
    time: the last one is closed)."""
    import os

    from shiboken6 import isValid

    old = getattr(parent, "_open_offer", None)
    if old is not None and isValid(old):
        old.close()
    box = QMessageBox(
        QMessageBox.Icon.Information,
        _('保存しました'),
        _('{name} を保存しました。').format(name=os.path.basename(path)),
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    box.setInformativeText(os.path.dirname(path))
    open_file = box.addButton(_('PDFを開く(&O)'), QMessageBox.ButtonRole.AcceptRole)
    open_folder = box.addButton(_('フォルダを開く(&F)'), QMessageBox.ButtonRole.ActionRole)
    box.addButton(_('閉じる'), QMessageBox.ButtonRole.RejectRole)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def clicked(button: Any) -> None:
        if button is open_file:
            open_url(QUrl.fromLocalFile(path))
        elif button is open_folder:
            open_url(QUrl.fromLocalFile(os.path.dirname(os.path.abspath(path))))

    box.buttonClicked.connect(clicked)
    parent._open_offer = box  # type: ignore[attr-defined]
    box.setWindowModality(Qt.WindowModality.NonModal)
    box.show()
    return box


def print_dialog(parent: QWidget | None, printer: Any, options: QWidget | None = None) -> Any:
    """The print dialog, in the app's language (Qt's translations, ui/qtlang.py), with `options` as an
    extra tab in front (which documents; the native Windows dialog shows no extra tab, then its
    defaults hold)."""
    from PySide6.QtPrintSupport import QPrintDialog

    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_('印刷'))
    if options is not None:
        dialog.setOptionTabs([options])
        _show_options(dialog, options)
    return dialog


def ask_printer(parent: QWidget, options: QWidget | None = None) -> QPrinter | None:
    """The print dialog (print_dialog); the chosen printer, or None when cancelled."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = print_dialog(parent, printer, options)
    accepted = dialog.exec() == QPrintDialog.DialogCode.Accepted
    if options is not None:
        options.setParent(None)  # the caller reads the choice after the dialog is gone
    dialog.deleteLater()  # the printer keeps the choices; the dialog is not kept per print
    return printer if accepted else None


def _show_options(dialog: QWidget, options: QWidget) -> None:
    """Qt's own print dialog (Linux) keeps its option tabs folded away behind "オプション >>": open them
    with the documents' tab in front, so the choice of documents is seen."""
    from PySide6.QtWidgets import QPushButton, QTabWidget

    for button in dialog.findChildren(QPushButton):
        if button.text().endswith(">>"):
            button.click()
    for tabs in dialog.findChildren(QTabWidget):
        if tabs.indexOf(options) >= 0:
            tabs.setCurrentWidget(options)


def with_mnemonic(text: str, letter: str) -> str:
    """A label made in code with its access key, as the catalogue writes them: 「追加(&A)」 in Japanese;
    in English the letter marked in the words ("&Add clients", at a word's start if one has it), or
    "Add (&A)" when the words lack it."""
    text = text.strip()
    if pick("ja", "en") == "en":
        found = re.search(rf"\b{re.escape(letter)}", text, re.IGNORECASE) or re.search(
            re.escape(letter), text, re.IGNORECASE
        )
        if found:
            return f"{text[: found.start()]}&{text[found.start() :]}"
        return f"{text} (&{letter})"
    return f"{text}(&{letter})"


def reading_order(root: QWidget) -> list[QWidget]:
    """The controls of `root` that Tab stops at, in the order its layouts place them (top to bottom, and
    left to right within a row): the order the page reads in, whatever order they were made in."""
    from PySide6.QtWidgets import QTabWidget

    out: list[QWidget] = []

    def visit_layout(layout: QLayout) -> None:
        for i in range(layout.count()):
            item = layout.itemAt(i)
            if item is None:
                continue
            widget, inner = item.widget(), item.layout()
            if widget is not None:
                visit(widget)
            elif inner is not None:
                visit_layout(inner)

    def visit(widget: QWidget) -> None:
        if isinstance(widget, QTabWidget):
            out.append(widget.tabBar())
            for tab in (widget.widget(i) for i in range(widget.count())):
                if tab is not None:
                    visit(tab)
        elif widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.focusProxy() is None:
            out.append(widget)  # a control (its own parts are its own: a spin box's line, a table's cells)
        elif (inner := widget.layout()) is not None:
            visit_layout(inner)

    if (layout := root.layout()) is not None:
        visit_layout(layout)
    return out


def plain_text(label: str) -> str:
    """A label without its access key, to read out: 「この住所を入れる(&J)」 → 「この住所を入れる」,
    "Make fu&ll-width" → "Make full-width" ("&&" stays one "&")."""
    return re.sub(r"\s?\(&[^&\s]\)", "", label).replace("&&", "\0").replace("&", "").replace("\0", "&")


def set_tip(widget: QWidget, text: str) -> None:
    """A control's tooltip, and the same words as its accessible description: a screen reader is told
    what the mouse shows (a reason it is disabled, the problem of its value)."""
    widget.setToolTip(text)
    widget.setAccessibleDescription(text)


def problem_icon(is_error: bool) -> QIcon:
    """The mark of a table cell with a problem: the platform's error or warning sign, seen whether the
    cell is selected or not (a selected cell's highlight hides its background colour)."""
    signs = QStyle.StandardPixmap
    sign = signs.SP_MessageBoxCritical if is_error else signs.SP_MessageBoxWarning
    return QApplication.style().standardIcon(sign)


def mark_cell(item: QTableWidgetItem, issues: Sequence[Issue]) -> None:
    """A table cell's problems: its colour, a sign that stays when it is selected, and the message as its
    tooltip (nothing when it has none)."""
    error = any(i.is_error for i in issues)
    item.setToolTip(issue_text(issues))
    item.setBackground(ERROR_BG if error else WARNING_BG if issues else QColor(Qt.GlobalColor.transparent))
    item.setIcon(problem_icon(error) if issues else QIcon())


def selection_text(view: QAbstractItemView) -> str:
    """The selected cells of a table as a spreadsheet takes them: a line per row, a tab between columns
    (the cells between selected ones empty); a check box as ✓, a combo box in a cell as its text."""
    indexes = view.selectedIndexes() or ([view.currentIndex()] if view.currentIndex().isValid() else [])
    if not indexes:
        return ""
    rows = sorted({i.row() for i in indexes})
    cols = sorted({i.column() for i in indexes})
    cells = {(i.row(), i.column()): i for i in indexes}

    def text(index: Any) -> str:
        if isinstance(view, QTableWidget):
            combo = view.cellWidget(index.row(), index.column())
            if isinstance(combo, QComboBox):
                return combo.currentText()
        shown = index.data(Qt.ItemDataRole.DisplayRole)
        if shown in (None, "") and index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked.value:
            return "✓"
        return _one_cell(shown)

    return "\n".join(
        "\t".join(text(cells[(r, c)]) if (r, c) in cells else "" for c in cols) for r in rows
    ) + "\n"


def allow_copy(view: QAbstractItemView) -> None:
    """Ctrl+C in a table copies its selected cells, as selection_text gives them (Qt alone copies the
    current cell); editable or read-only alike."""
    shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Copy), view)
    shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
    shortcut.activated.connect(lambda: QApplication.clipboard().setText(copied_text(view)))


def copied_text(view: QAbstractItemView) -> str:
    """What Ctrl+C copies: the selected cells; from a table that selects nothing (a summary such as
    確認's totals) the whole table with its column titles, as a spreadsheet or a mail takes it."""
    if view.selectionMode() != QAbstractItemView.SelectionMode.NoSelection:
        return selection_text(view)
    model = view.model()
    cols = range(model.columnCount())
    head = "\t".join(_one_cell(model.headerData(c, Qt.Orientation.Horizontal)) for c in cols)
    rows = ["\t".join(_one_cell(model.index(r, c).data()) for c in cols) for r in range(model.rowCount())]
    return "\n".join([head, *rows]) + "\n"


def _one_cell(shown: Any) -> str:
    """A cell's text as one spreadsheet cell takes it: no tab or line break inside."""
    return "" if shown is None else str(shown).replace("\t", " ").replace("\n", " ")


#: the property of a control that only shows or moves (a network or unit picker, 入力欄へ移動): usable on a
#: read-only page
SHOWS_ONLY = "showsOnly"


def set_read_only(root: QWidget, read_only: bool) -> None:
    """A page shown without editing (a contracted order): its text fields read-only and its tables without
    editing (they still scroll, select and copy), its buttons, check boxes and combo boxes that edit
    disabled. Called again, it catches the controls made or enabled since. Back to editing, what it changed
    is put back (the page then works out which of its buttons apply)."""
    for w in root.findChildren(QWidget):
        if w.property(SHOWS_ONLY) or isinstance(w.parent(), (QComboBox, QAbstractSpinBox, QTabBar)):
            continue  # a combo box's or a spin box's own line edit, a tab bar's scroll buttons
        if isinstance(w, (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox)):
            if read_only and not w.isReadOnly():
                w.setProperty("madeReadOnly", True)
                w.setReadOnly(True)
            elif not read_only and w.property("madeReadOnly"):
                w.setProperty("madeReadOnly", None)
                w.setReadOnly(False)
        elif isinstance(w, QAbstractItemView):
            no_edit = QAbstractItemView.EditTrigger.NoEditTriggers
            if read_only and w.editTriggers() != no_edit:
                w.setProperty("editTriggersBefore", w.editTriggers())  # not "editTriggers": that is Qt's own
                w.setEditTriggers(no_edit)
            elif not read_only and w.property("editTriggersBefore") is not None:
                w.setEditTriggers(w.property("editTriggersBefore"))
                w.setProperty("editTriggersBefore", None)
        elif isinstance(w, (QAbstractButton, QComboBox)):
            disabled = w.testAttribute(Qt.WidgetAttribute.WA_ForceDisabled)
            if read_only and not disabled:
                w.setProperty("madeDisabled", True)
                w.setEnabled(False)
            elif not read_only and w.property("madeDisabled"):
                w.setProperty("madeDisabled", None)
                w.setEnabled(True)


def form_row(
    form: QFormLayout, label: str, widget: QWidget, issue: QWidget, accessible: str = ""
) -> None:
    """A form row: the field with the label of its problems under it (in a box, so the row takes the
    height its text needs), the row's label the field's buddy for its access key."""
    lab = QLabel(label)
    lab.setBuddy(widget)
    if accessible:
        widget.setAccessibleName(accessible)
    box = QVBoxLayout()
    box.setSpacing(1)
    box.addWidget(widget)
    box.addWidget(issue)
    form.addRow(lab, box)


def name_buttons(box: QDialogButtonBox) -> QDialogButtonBox:
    """A dialog's standard buttons (保存, キャンセル, 閉じる) named for a screen reader by their words."""
    for button in box.buttons():
        button.setAccessibleName(button.text().replace("&", ""))
    return box


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
    for c, w in enumerate(widths):  # never narrower than its title ("Documents issued" was cut)
        table.setColumnWidth(c, max(w, table.horizontalHeader().sectionSizeFromContents(c).width()))
    return table


def intro_label(text: str) -> QLabel:
    """The sentence at the top of a dialog that says what it is for."""
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def issue_text(issues: Sequence[Issue]) -> str:
    return "\n".join(f"{severity_label(i)}: {issue_message(i)}{pick('', ' ')}({i.cite()})" for i in issues)


class WrappedLabel(QLabel):
    """A word-wrapped label that keeps the height its lines need at its width, also beside a button in a
    form's row (the row took the button's height: at 1,024 px the English issuer's second line was cut)."""

    def __init__(self, text: str = "") -> None:
        super().__init__(text)
        self.setWordWrap(True)

    def _fit(self) -> None:
        need = self.heightForWidth(self.width())
        if need > 0 and need != self.minimumHeight():
            self.setMinimumHeight(need)

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fit()

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._fit()


class IssueLabel(QLabel):
    """Shows the issues of one field beside it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # a line is kept for the message even when there is none, so the fields and buttons below do
        # not move as a problem comes and goes (under the mouse, while typing)
        self.setText("警告 Wg")
        self.setMinimumHeight(self.heightForWidth(400))
        self.clear()

    def show_issues(self, issues: Sequence[Issue]) -> None:
        # called on every edit for every field: what is already shown is not set again (clearing an
        # empty label, or setting its style sheet, lays out and repaints the whole page: 5 ms a time
        # on a 1,000-site table)
        if not issues:
            if self.text():
                self.clear()
            if self.accessibleName():
                self.setAccessibleName("")
            return
        color = "#b00020" if any(i.is_error for i in issues) else "#8a5a00"
        if self.styleSheet() != f"color: {color};":
            self.setStyleSheet(f"color: {color};")
        self.setText(issue_text(issues))
        self.setAccessibleName(_('入力の問題: ') + issue_text(issues))
        self.show()

    def show_refusal(self, text: str) -> None:
        """What was typed and not taken (the field keeps what it had), said until the next issue shown."""
        self.setStyleSheet("color: #b00020;")
        self.setText(text)
        self.setAccessibleName(_('入力の問題: ') + text)
        self.show()


class Binder:
    """Keeps widgets and the order document in step: widget edits become session edits; refresh()
    puts document values back into the widgets (after undo, or when the selection changes)."""

    def __init__(self, session_getter: Callable[[], OrderSession | None]) -> None:
        self._session = session_getter
        self.fields: list[tuple[Pointer, QWidget, str, IssueLabel | None]] = []
        self._loading = False
        #: called on every keystroke in a text field (the wizard restarts its autosave timer)
        self.typed: Callable[[], None] | None = None
        #: the last field committed said something under it (a control character taken out, a value
        #: refused): Enter, which goes on to the next page, stays for the message to be read
        self.told = False

    @property
    def session(self) -> OrderSession | None:
        return self._session()

    def line(
        self,
        ptr: Pointer,
        issue: IssueLabel | None = None,
        placeholder: str = "",
        to_value: Callable[[str], Any] = lambda s: s,
        from_value: Callable[[Any], str] | None = None,
    ) -> QLineEdit:
        w = QLineEdit()
        w.setPlaceholderText(placeholder)
        w.setProperty("from_value", from_value)

        def commit(final: bool = True) -> None:
            p = ptr()
            if self._loading or p is None or self.session is None:
                return
            # a control character pasted from another program (U+0007) cannot be seen to be taken out:
            # it is taken out here, and said under the field (as a table's cell refuses it)
            text, said = without_control_characters(w.text())
            refused = self.session.refusal(p, to_value(text)) if text != w.property("shown") else None
            if not final and (said is not None or refused is not None):
                return  # autosave while typing ("2026/" on the way to a date): judged when the field is left
            if said is not None:
                w.setText(text)
            if refused is not None:  # e.g. a 適用日 that is not a date: the field shows what it had
                said = refused
                w.setText(w.property("shown") or "")
                w.setModified(False)
            elif text != w.property("shown"):  # else nothing typed since the field was filled: leaving it
                w.setModified(False)  # never writes back an old value
                w.setProperty("shown", text)
                self.session.set(p, to_value(text))
            self.told = said is not None
            if said is not None and issue is not None:
                issue.show_refusal(said)

        def typed(_text: str) -> None:
            if self.typed is not None:
                self.typed()

        w.editingFinished.connect(commit)
        w.textEdited.connect(typed)
        w.setProperty("commit", commit)
        self.fields.append((ptr, w, "line", issue))
        return w

    def flush(self) -> None:
        """Commit what is being typed (text fields edited since their last commit) without waiting
        for the focus to leave them: autosave calls this, so no keystroke waits for a Tab."""
        for _ptr, w, kind, _issue in self.fields:
            if kind == "line" and isinstance(w, QLineEdit) and w.isModified():
                commit = w.property("commit")
                if callable(commit):
                    commit(False)  # what is not yet a value is left as typed, for the user to finish

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
                    w.setProperty("shown", text)
                elif isinstance(w, QCheckBox):  # kind "check"
                    w.setChecked(bool(value))
                elif isinstance(w, QComboBox):  # kind "choice"
                    fill_choices(w, s.doc, p, value)
                if issue is not None:
                    issue.show_issues([*s.issues_at(p), *s.form_issues_at(p)])
        finally:
            self._loading = False

    def show_issues(self) -> None:
        s = self.session
        if s is None:
            return
        for ptr, _w, _kind, issue in self.fields:
            p = ptr()
            if issue is not None and p is not None:
                issue.show_issues([*s.issues_at(p), *s.form_issues_at(p)])


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
        label = (
            _('(選んでください)') if current is None else _('{current}(選べない値)').format(current=current)
        )
        combo.addItem(label, current)
        selected = 0
    for c in result:
        combo.addItem(pick(c.label, c.label_en), c.value)
        row = combo.count() - 1
        item = combo_item(combo, row)
        if not c.allowed and item is not None:
            item.setEnabled(False)
            item.setToolTip(f"{pick(c.reason or '', c.reason_en or '')}{pick('', ' ')}({c.citation})")
        elif c.consequences and item is not None:
            item.setToolTip(_('選ぶと: ') + " / ".join(issue_message(q) for q in c.consequences))
        if c.value == current and selected < 0:
            selected = row
    combo.setCurrentIndex(max(selected, 0))
    combo.blockSignals(False)


class FlowLayout(QLayout):
    """A row of buttons that wraps onto a second line when the window is too narrow for it (a long
    English label, a 1024 px screen), instead of making the whole window wider; left-aligned, so a
    trailing stretch is not needed. The Qt flow layout example, for widgets of one row height."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        #: heightForWidth by width until the layout changes: a layout pass asks it hundreds of times
        #: (the enclosing layouts negotiate), each a walk of the buttons in Python (~0.1 ms)
        self._heights: dict[int, int] = {}
        self.setContentsMargins(0, 0, 0, 0)

    def invalidate(self) -> None:
        self._heights.clear()
        super().invalidate()

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)
        self._heights.clear()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        self._heights.clear()
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        height = self._heights.get(width)
        if height is None:
            height = self._heights[width] = self._arrange(QRect(0, 0, width, 0), move=False)
        return height

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        """All on one line."""
        visible = [i.sizeHint() for i in self._items if not i.isEmpty()]
        width = sum(s.width() for s in visible) + self._gap() * max(len(visible) - 1, 0)
        height = max((s.height() for s in visible), default=0)
        m = self.contentsMargins()
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def minimumSize(self) -> QSize:
        """The widest item: anything wider wraps."""
        size = QSize()
        for item in self._items:
            if not item.isEmpty():
                size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _gap(self) -> int:
        if self.spacing() >= 0:
            return self.spacing()
        parent = self.parentWidget()
        style = parent.style() if parent is not None else QApplication.style()
        return max(style.pixelMetric(QStyle.PixelMetric.PM_LayoutHorizontalSpacing), 6)

    def _arrange(self, rect: QRect, move: bool) -> int:
        """Lay the items out in `rect`, each line's items centred on the line (only measure unless
        `move`); the height they take."""
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        gap = self._gap()
        lines: list[list[tuple[QLayoutItem, QSize]]] = [[]]
        x = area.x()
        for item in self._items:
            if item.isEmpty():
                continue
            hint = item.sizeHint()
            if lines[-1] and x + hint.width() > area.right() + 1:
                lines.append([])
                x = area.x()
            lines[-1].append((item, hint))
            x += hint.width() + gap
        y = area.y()
        for n, line in enumerate(lines):
            height = max((hint.height() for _item, hint in line), default=0)
            x = area.x()
            for item, hint in line:
                if move:
                    item.setGeometry(QRect(QPoint(x, y + (height - hint.height()) // 2), hint))
                x += hint.width() + gap
            y += height + (gap if n < len(lines) - 1 else 0)
        return y - rect.y() + m.bottom()


def count_text(n: Counts) -> str:
    """「エラー 2件(うち申込書の記入 1件) / 警告 1件」: each count says how many of its own are the
    application form's, so the share never exceeds what it qualifies; English says "1 error", "2 errors"."""
    errors = errors_text(n.errors, n.form_errors)
    warnings = warnings_text(n.warnings, n.form_warnings)
    return _('{errors} / {warnings}').format(errors=errors, warnings=warnings)


def errors_text(n: int, form: int = 0) -> str:
    """「エラー 2件」, "2 errors"; with the application form's share of them when there is one."""
    if form:
        return ngettext(
            'エラー {n}件(うち申込書の記入 {form}件)', 'エラー {n}件(うち申込書の記入 {form}件)', n
        ).format(n=n, form=form)
    return ngettext('エラー {n}件', 'エラー {n}件', n).format(n=n)


def warnings_text(n: int, form: int = 0) -> str:
    """「警告 1件」, "1 warning"; with the application form's share of them when there is one."""
    if form:
        return ngettext(
            '警告 {n}件(うち申込書の記入 {form}件)', '警告 {n}件(うち申込書の記入 {form}件)', n
        ).format(n=n, form=form)
    return ngettext('警告 {n}件', '警告 {n}件', n).format(n=n)


def step_text(step: Step) -> str:
    """What an undo step did, as 元に戻す・やり直し and the status line say it: 「拠点名の変更」,
    "change site name", 「3拠点の貼り付け」, "paste 3 sites" (configurator.session.steps)."""
    n, field = step.n, pick(*step.field)
    if step.kind == "change":
        if n > 1:
            return ngettext('{field}の変更({n}行)', '{field}の変更({n}行)', n).format(field=field, n=n)
        return _('{field}の変更').format(field=field)
    if step.kind == "add_sites":
        return ngettext('{n}拠点の追加', '{n}拠点の追加', n).format(n=n)
    if step.kind == "paste_sites":
        return ngettext('{n}拠点の貼り付け', '{n}拠点の貼り付け', n).format(n=n)
    if step.kind == "duplicate_sites":
        return ngettext('{n}拠点の複製', '{n}拠点の複製', n).format(n=n)
    if step.kind == "remove_sites":
        return ngettext('{n}拠点の削除', '{n}拠点の削除', n).format(n=n)
    if step.kind == "add_contract":
        return _('{field}契約の追加').format(field=field)
    if step.kind == "duplicate_contracts":
        return ngettext('{field}契約の複製({n}件)', '{field}契約の複製({n}件)', n).format(field=field, n=n)
    if step.kind == "remove_contracts":
        return ngettext('{field}契約の削除({n}件)', '{field}契約の削除({n}件)', n).format(field=field, n=n)
    if step.kind == "repair":
        return _('修正案の適用: {repair}').format(repair=pick(*step.detail))
    return _(STEP_TEXTS.get(step.kind, STEP_TEXTS["edit"]))


#: the steps told without a count or a field (step_text)
STEP_TEXTS = {
    "services": N_('サービスの選択・解除'),
    "add_network": N_('VPN網の追加'),
    "remove_network": N_('VPN網とその拠点の削除'),
    "add_site": N_('子拠点の追加'),
    "add_unit": N_('管理単位の追加'),
    "remove_unit": N_('管理単位とその契約の削除'),
    "edit": N_('編集'),
}
