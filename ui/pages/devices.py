"""品目・機器・保守: each network's item, maintenance and closed monitoring; each site's device."""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QPushButton,
)

from configurator.session import edits
from configurator.text.i18n import _
from ui.common import IssueLabel, fill_choices, form_row
from ui.pages.base import Wizard, register
from ui.pages.sitetable import SitesPage
from ui.sites import DEVICES


@register("vpn_devices")
class VpnDevicesPage(SitesPage):
    columns = DEVICES

    def __init__(self, wizard: Wizard) -> None:
        super().__init__(wizard)
        form = QFormLayout()
        for rel, label, acc in (("/item", _('品目(&I)'), _('品目')),
                                ("/maintenance", _('保守種別(&M)'), _('保守種別'))):
            issue = IssueLabel()
            w = self.binder.choice(partial(self._p, rel), issue)
            form_row(form, label, w, issue, acc)
        issue = IssueLabel()
        self.cm = self.binder.check(lambda: self._p("/closed_monitoring/enabled"),
                                    _('クローズドモニタリングを利用する(&C)'), issue)
        self.cm.setAccessibleName(_('クローズドモニタリング'))
        form.addRow(self.cm)
        line_issue = IssueLabel()
        line = self.binder.line(lambda: self._p("/closed_monitoring/line"), line_issue,
                                _('当社指定場所への回線(回線種別・回線ID)'))
        form_row(form, _('閉域網回線(&L)'), line, line_issue, _('クローズドモニタリングの回線'))
        self.top.addLayout(form)
        self.bulk = QComboBox()
        self.bulk.setMinimumWidth(220)
        self.bulk.setAccessibleName(_('選択した拠点の機器'))
        bulk_label = QLabel(_('選択した拠点の機器をまとめて(&D)'))
        bulk_label.setBuddy(self.bulk)
        apply = QPushButton(_('設定(&S)'))
        apply.setAccessibleName(_('選択した拠点に機器を設定'))
        apply.clicked.connect(self.apply_bulk)
        self.buttons.addWidget(bulk_label)
        self.buttons.addWidget(self.bulk)
        self.buttons.addWidget(apply)

    def _p(self, rel: str) -> str | None:
        base = self.net_ptr()
        return base + rel if base else None

    def refresh(self) -> None:
        super().refresh()
        base = self.net_ptr()
        if base and self.model.rowCount():
            fill_choices(self.bulk, self.session.doc, self.model.site_pointer(0) + "/device", None)

    def apply_bulk(self) -> None:
        value = self.bulk.currentData()
        if value is None:
            return
        self.apply(edits.set_devices([self.model.site_pointer(r) for r in self.selected_rows()], value))
