"""VPN網と拠点: the networks, their sites, and sites pasted from a table or read from a CSV file."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QWidget,
)

from configurator.order.patch import get
from configurator.session import edits
from configurator.session.order_session import all_ids
from configurator.session.sitecsv import SiteRows
from configurator.text.i18n import _, ngettext
from ui import common, sheetimport
from ui.common import SHOWS_ONLY, IssueLabel, form_row
from ui.pages.base import RowAction, Wizard, register
from ui.pages.sitetable import SitesPage
from ui.sites import TOPOLOGY


@register("vpn_topology")
class VpnTopologyPage(SitesPage):
    columns = TOPOLOGY
    editable_networks = True

    def __init__(self, wizard: Wizard) -> None:
        super().__init__(wizard)
        form = QFormLayout()
        issue = IssueLabel()
        self.name = self.binder.line(lambda: self._p("/name"), issue, _('例: 本社-支店VPN'))
        form_row(form, _('VPN網の名前(&M)'), self.name, issue, _('VPN網の名前'))
        self.top.addLayout(form)
        # the network's own problems (no parent, no child) under its table: above the buttons, a line kept
        # for them was an empty band (issue 14)
        self.net_issue = IssueLabel()
        self.layout_.insertWidget(self.layout_.indexOf(self.cell_issue) + 1, self.net_issue)
        for text, slot, name in (
            (_('子拠点を追加(&D)'), self.add_child, _('子拠点を追加')),
            (_('選択した拠点を複製(&C)'), self.duplicate, _('選択した拠点を複製')),
            (_('選択した子拠点を削除(&L)'), self.remove, _('選択した子拠点を削除')),
            (_('表から貼り付け(&P)'), self.paste, _('表から貼り付け')),
            (_('CSVから取り込み(&I)…'), self.import_csv, _('CSVから取り込み')),
            (_('表に書き出し(&X)…'), self.export_sites, _('表に書き出し')),
        ):
            b = QPushButton(text)
            b.setAccessibleName(name)
            b.clicked.connect(slot)
            self.buttons.addWidget(b)
            if slot == self.duplicate:
                self.duplicate_btn = b
            elif slot == self.remove:
                self.remove_btn = b
            self.export_btn = b  # the last: enabled while the network has sites
        self.export_btn.setProperty(SHOWS_ONLY, True)  # a contracted order's sites can be written out
        # 選択した拠点を複製・選択した子拠点を削除 as 行の複製・行の削除: greyed with the reason while they
        # cannot act (with nothing selected they did nothing, without a word)
        self.rows_changed.connect(self._enable_site_buttons)
        paste = QShortcut(QKeySequence.StandardKey.Paste, self.table)
        paste.setContext(Qt.ShortcutContext.WidgetShortcut)
        paste.activated.connect(self.paste)
        # the postal code lookup of the customer page, for the site whose 郵便番号 is the current cell
        self.postal = QWidget()
        row = QHBoxLayout(self.postal)
        row.setContentsMargins(0, 0, 0, 0)
        self.postal_text = QLabel()
        self.postal_text.setStyleSheet("color: #1f5f8b;")
        self.postal_btn = QPushButton(_('この住所を入れる(&J)'))
        self.postal_btn.setAccessibleName(_('郵便番号の住所を設置場所の住所に入れる'))
        self.postal_btn.clicked.connect(self.apply_postal_address)
        row.addWidget(self.postal_text, 1)
        row.addWidget(self.postal_btn)
        self.postal.hide()
        self.postal_target: tuple[str, str] | None = None
        self.layout_.addWidget(self.postal)
        self.table.selectionModel().currentChanged.connect(lambda *_: self.update_postal())
        self.import_errors = QListWidget()
        self.import_errors.setAccessibleName(_('取り込めなかった行'))
        self.import_errors.setMaximumHeight(90)
        self.import_errors.hide()
        self.layout_.addWidget(self.import_errors)

    def update_postal(self) -> None:
        """Offer the address of the current site's postal code when its address does not start with it
        (applied only when the button is pressed, as on the customer page)."""
        from configurator.text import jpinput

        self.postal_target = None
        index = self.table.currentIndex()
        postal = index.isValid() and self.model.columns[index.column()].key in ("/postal_code", "/address")
        if postal and not self.session.read_only:  # a contracted order is not edited
            site = self.model.site_pointer(index.row())
            code = self.session.get(site + "/postal_code") or ""
            found = jpinput.address_for(str(code)) if code else None
            current = str(self.session.get(site + "/address") or "")
            if found and found.value and not current.startswith(found.value):
                self.postal_target = (site + "/address", found.value)
                self.postal_text.setText(found.message)
        self.postal.setVisible(self.postal_target is not None)

    def apply_postal_address(self) -> None:
        if self.postal_target is None:
            return
        ptr, value = self.postal_target
        if self.session.get(ptr) and not common.confirm(
            self, _('住所を置き換える'), _('入力済みの住所を「{value}」に置き換えますか?').format(value=value)
        ):
            return
        self.session.set(ptr, value)
        self.update_postal()

    def after_undo(self) -> None:
        """An undo or redo: what the last paste or import said no longer applies."""
        self.show_import_errors([])

    def _p(self, rel: str) -> str | None:
        base = self.net_ptr()
        return base + rel if base else None

    def on_changed(self) -> None:
        super().on_changed()
        self.update_postal()
        base = self.net_ptr()
        if base:
            self.net_issue.show_issues(
                [i for i in self.session.issues if i.path in (base + "/parent", base + "/children")]
            )
        self.picker.refresh()
        self.enable_buttons()

    def refresh(self) -> None:
        super().refresh()
        self.enable_buttons()

    def enable_buttons(self) -> None:
        """An action that cannot apply is disabled with the reason (adding and pasting make a network when
        there is none, so they stay enabled)."""
        base = self.net_ptr()
        has_sites = bool(base and self.session.get(base + "/children"))
        self.export_btn.setEnabled(has_sites)
        common.set_tip(self.export_btn, "" if has_sites else _('書き出す子拠点がありません。'))

    def add_child(self) -> None:
        nets = len(self.session.doc.get("vpn_networks") or [])
        self.wizard.add_child(self.picker.index)
        if len(self.session.doc.get("vpn_networks") or []) != nets:
            self.refresh()  # the order had no network: the site went into a new one
        self.table.setCurrentIndex(self.model.index(self.model.rowCount() - 1, 2))
        self.table.setFocus()

    def row_actions(self) -> dict[str, RowAction]:
        """行の追加 adds a child site (a network too when there is none); 行の複製 and 行の削除 act on the
        selected rows, as the page's buttons do."""
        rows = [r for r in self.selected_rows() if 0 <= r < self.model.rowCount()]
        children = [r for r in rows if "/children/" in self.model.site_pointer(r)]
        if not rows:
            dup = RowAction(None, _('複製する拠点を表で選んでください。'))
        else:
            dup = RowAction(self.duplicate)
        if children:
            remove = RowAction(self.remove)
        elif rows:
            remove = RowAction(None, _('親拠点は削除できません(VPN網ごと削除するには「このVPN網を削除」)。'))
        else:
            remove = RowAction(None, _('削除する子拠点を表で選んでください。'))
        return {"add": RowAction(self.add_child), "duplicate": dup, "remove": remove}

    def _enable_site_buttons(self) -> None:
        actions = self.row_actions()
        for button, key in ((self.duplicate_btn, "duplicate"), (self.remove_btn, "remove")):
            usable = actions[key].run is not None
            button.setEnabled(usable)
            common.set_tip(button, "" if usable else actions[key].why_not)

    def duplicate(self) -> None:
        """Copies of the selected sites at the end of the network; the copies are then selected."""
        ptrs = [self.model.site_pointer(r) for r in self.selected_rows()]
        patch = edits.duplicate_sites(self.session.doc, self.picker.index, ptrs)
        self.apply(patch)
        copies = sum(1 for op in patch.ops if op["path"].endswith("/children/-"))
        rows = self.model.rowCount()
        self.select_rows(range(rows - copies, rows))

    def remove(self) -> None:
        ptrs = [self.model.site_pointer(r) for r in self.selected_rows()]
        ptrs = [p for p in ptrs if "/children/" in p]
        if ptrs and common.confirm(
            self,
            _('子拠点の削除'),
            _('選択した子拠点 {v0}件を削除しますか?(元に戻すで戻せます)').format(v0=len(ptrs)),
        ):
            self.apply(edits.remove_sites(ptrs), refresh=True)

    def paste(self) -> sheetimport.SheetImportDialog | None:
        """Rows from the clipboard: the column mapping, refused rows and warnings are shown before they are
        added (ui.sheetimport); the dialog, or None when the clipboard holds no text."""
        text = QGuiApplication.clipboard().text()
        if not text.strip() or self.session.read_only:  # a contracted order is not edited
            return None
        if self._paste_into_cell(text):
            return None
        targets = self.blank_rows()  # the selected empty rows are filled first, the rest appended
        ids = all_ids(self.session.doc) - {str(self.session.get(p + "/id")) for p in targets}
        return sheetimport.import_text(
            self, text, ids, partial(self.add_rows, targets=targets), fill=len(targets)
        )

    def _paste_into_cell(self, text: str) -> bool:
        """One value (no tab, no line break) goes into the current cell, as a spreadsheet does, when that
        cell is typed into (a name, address, LAN list or count); True when it did."""
        value = text.strip("\r\n")
        index = self.table.currentIndex()
        if "\t" in value or "\n" in value or "\r" in value or not index.isValid():
            return False
        if not index.flags() & Qt.ItemFlag.ItemIsEditable:
            return False
        if self.model.columns[index.column()].kind not in ("text", "list", "count"):
            return False  # a choice is made from its list (the row paste explains what it cannot read)
        return bool(self.model.setData(index, value, Qt.ItemDataRole.EditRole))

    def blank_rows(self) -> list[str]:
        """The selected child sites nothing was entered into (pointers, in table order)."""
        doc = self.session.doc
        ptrs = [self.model.site_pointer(r) for r in self.selected_rows() if r < self.model.rowCount()]
        return [p for p in ptrs if "/children/" in p and edits.is_blank_site(get(doc, p))]

    def import_csv(self) -> sheetimport.SheetImportDialog | None:
        """A .csv/.xlsx/.xls/.ods site list, shown as the paste is; the dialog, or None on cancel."""
        path = common.ask_open_file(self, _('拠点の表を取り込む'), sheetimport.file_filter())
        if not path:
            return None
        return self.import_path(path)

    def import_path(self, path: str) -> sheetimport.SheetImportDialog:
        """A site list chosen with CSVから取り込み or dropped on the window (ui.app), shown as a paste is."""
        return sheetimport.import_file(self, path, all_ids(self.session.doc), self.add_rows)

    def export_sites(self) -> None:
        """The network's child sites to .xlsx, in the columns the importer reads."""
        message = sheetimport.export_sites(self, self.session.doc, self.picker.index)
        if message:
            self.show_import_errors([message])

    def add_rows(self, result: SiteRows, targets: Sequence[str] = ()) -> None:
        """Add the sites read; pasted onto selected empty rows (`targets`), they fill those rows first."""
        if self.wizard.session is None:
            return  # the order was closed while the dialog was open
        nets = len(self.session.doc.get("vpn_networks") or [])
        filled = 0
        if result.sites:
            doc = self.session.doc
            slots = [p for p in targets if edits.is_blank_site(get(doc, p))]
            filled = min(len(slots), len(result.sites))
            patch = (
                edits.paste_sites(doc, self.picker.index, slots, result.sites)
                if filled
                else edits.add_sites(self.picker.index, result.sites, doc)
            )
            self.apply(patch, refresh=nets == 0)  # no network before: the sites went into a new one
        added = len(result.sites) - filled
        said: list[str] = []
        if filled:
            put = ngettext(
                '選択した空の行に{v0}拠点を入れました。', '選択した空の行に{v0}拠点を入れました。', filled
            )
            said.append(put.format(v0=filled))
        if added:
            more = ngettext('{v0}拠点を追加しました。', '{v0}拠点を追加しました。', added)
            said.append(more.format(v0=added))
        self.show_import_errors(said + result.errors + result.warnings)

    def show_import_errors(self, lines: list[str]) -> None:
        self.import_errors.clear()
        self.import_errors.addItems(lines)
        self.import_errors.setVisible(bool(lines))
