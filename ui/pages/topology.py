"""VPN網と拠点: the networks, their sites, and sites pasted from a table or read from a CSV file."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QListWidget,
    QPushButton,
)

from configurator.session import edits
from configurator.session.order_session import all_ids
from configurator.session.sitecsv import SiteRows, parse_sites
from configurator.text.i18n import _
from ui import common
from ui.common import IssueLabel
from ui.pages.base import Wizard, form_row, register
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
        self.net_issue = IssueLabel()
        form.addRow(self.net_issue)
        self.top.addLayout(form)
        for text, slot, name in ((_('子拠点を追加(&D)'), self.add_child, _('子拠点を追加')),
                                 (_('選択した拠点を複製'), self.duplicate, _('選択した拠点を複製')),
                                 (_('選択した子拠点を削除'), self.remove, _('選択した子拠点を削除')),
                                 (_('表から貼り付け'), self.paste, _('表から貼り付け')),
                                 (_('CSVから取り込み(&I)…'), self.import_csv, _('CSVから取り込み'))):
            b = QPushButton(text)
            b.setAccessibleName(name)
            b.clicked.connect(slot)
            self.buttons.addWidget(b)
        self.buttons.addStretch(1)
        paste = QShortcut(QKeySequence.StandardKey.Paste, self.table)
        paste.setContext(Qt.ShortcutContext.WidgetShortcut)
        paste.activated.connect(self.paste)
        self.import_errors = QListWidget()
        self.import_errors.setAccessibleName(_('取り込めなかった行'))
        self.import_errors.setMaximumHeight(90)
        self.import_errors.hide()
        self.layout_.addWidget(self.import_errors)

    def _p(self, rel: str) -> str | None:
        base = self.net_ptr()
        return base + rel if base else None

    def on_changed(self) -> None:
        super().on_changed()
        base = self.net_ptr()
        if base:
            self.net_issue.show_issues([i for i in self.session.issues
                                        if i.path in (base + "/parent", base + "/children")])
        self.picker.refresh()

    def add_child(self) -> None:
        self.wizard.add_child(self.picker.index)
        self.table.setCurrentIndex(self.model.index(self.model.rowCount() - 1, 2))
        self.table.setFocus()

    def duplicate(self) -> None:
        ptrs = [self.model.site_pointer(r) for r in self.selected_rows()]
        self.apply(edits.duplicate_sites(self.session.doc, self.picker.index, ptrs))

    def remove(self) -> None:
        ptrs = [self.model.site_pointer(r) for r in self.selected_rows()]
        ptrs = [p for p in ptrs if "/children/" in p]
        if ptrs and common.confirm(
                self, _('子拠点の削除'),
                _('選択した子拠点 {v0}件を削除しますか?(元に戻すで戻せます)').format(v0=len(ptrs))):
            self.apply(edits.remove_sites(ptrs), refresh=True)

    def paste(self) -> None:
        text = QGuiApplication.clipboard().text()
        if text.strip():
            self.add_rows(parse_sites(text, all_ids(self.session.doc), tab="\t" in text))

    def import_csv(self) -> None:
        path = common.ask_open_file(self, _('拠点のCSVを取り込む'), "CSV (*.csv *.txt)")
        if not path:
            return
        try:
            with open(path, "rb") as fh:
                data = fh.read(20 * 1024 * 1024)
            self.add_rows(parse_sites(data, all_ids(self.session.doc)))
        except (OSError, ValueError) as exc:
            self.show_import_errors([_('読み込めません: {exc}').format(exc=exc)])

    def add_rows(self, result: SiteRows) -> None:
        if result.sites:
            self.apply(edits.add_sites(self.picker.index, result.sites))
        added = [_('{v0}拠点を追加しました。').format(v0=len(result.sites))] if result.sites else []
        self.show_import_errors(added + result.errors)

    def show_import_errors(self, lines: list[str]) -> None:
        self.import_errors.clear()
        self.import_errors.addItems(lines)
        self.import_errors.setVisible(bool(lines))
