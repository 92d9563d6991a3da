"""オプション: each site's options, and one option on many sites at once."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QPushButton,
)

from configurator.session import edits
from configurator.text.i18n import _
from ui.pages.base import Wizard, register
from ui.pages.sitetable import SitesPage
from ui.sites import OPTIONS


@register("vpn_options")
class VpnOptionsPage(SitesPage):
    columns = OPTIONS

    def __init__(self, wizard: Wizard) -> None:
        super().__init__(wizard)
        self.bulk_option = QComboBox()
        self.bulk_option.setAccessibleName(_('まとめて設定するオプション'))
        for col in OPTIONS:
            if col.kind == "bool":
                self.bulk_option.addItem(_(col.title), col.key)
        label = QLabel(_('選択した拠点に(&S)'))
        label.setBuddy(self.bulk_option)
        on = QPushButton(_('付ける(&A)'))
        on.setAccessibleName(_('選択した拠点にオプションを付ける'))
        off = QPushButton(_('外す(&R)'))
        off.setAccessibleName(_('選択した拠点のオプションを外す'))
        on.clicked.connect(lambda: self.apply_bulk(True))
        off.clicked.connect(lambda: self.apply_bulk(False))
        self.bulk_result = QLabel()
        self.bulk_result.setWordWrap(True)
        for w in (label, self.bulk_option, on, off):
            self.buttons.addWidget(w)
        self.top.addWidget(self.bulk_result)

    def apply_bulk(self, value: bool) -> None:
        key = self.bulk_option.currentData()
        ptrs = [self.model.site_pointer(r) for r in self.selected_rows()]
        patch, skipped = edits.bulk_option(self.session.doc, ptrs, key, value)
        self.apply(patch)
        done = _('{v0}拠点に設定しました。').format(v0=len(ptrs) - len(skipped))
        not_done = _(' {v0}拠点は機器が対応しないため設定していません: ').format(v0=len(skipped))
        self.bulk_result.setText(done + (not_done + skipped[0] if skipped else ""))
