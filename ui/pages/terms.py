"""期間と適用日: each site's minimum term, and the date the tariff and prices apply from."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QPushButton,
)

from configurator.session import edits
from configurator.session.order_session import auth_terms_text
from configurator.text.i18n import _
from ui.common import IssueLabel
from ui.pages.base import Wizard, form_row, register
from ui.pages.sitetable import SitesPage
from ui.sites import TERMS


@register("terms")
class TermsPage(SitesPage):
    columns = TERMS

    def __init__(self, wizard: Wizard) -> None:
        super().__init__(wizard)
        form = QFormLayout()
        issue = IssueLabel()
        self.tariff_date = self.binder.line(lambda: "/tariff_date", issue, "YYYY-MM-DD")
        form_row(form, _('適用日(&D)'), self.tariff_date, issue, _('規程と価格表の適用日'))
        self.top.addLayout(form)
        self.auth_note = QLabel()
        self.auth_note.setWordWrap(True)
        self.top.addWidget(self.auth_note)
        for years in (1, 3):
            b = QPushButton(_('選択した拠点を{years}年に').format(years=years))
            b.setAccessibleName(_('選択した拠点の最低利用期間を{years}年にする').format(years=years))
            b.clicked.connect(lambda _=False, y=years: self.apply(
                edits.set_terms([self.model.site_pointer(r) for r in self.selected_rows()], y)))
            self.buttons.addWidget(b)
        self.buttons.addStretch(1)

    def refresh(self) -> None:
        super().refresh()
        vpn = bool(self.session.doc.get("vpn_networks"))
        self.table.setVisible(vpn)
        self.picker.setVisible(vpn)
        self.auth_note.setText(auth_terms_text() if self.session.doc.get("auth_units") else "")
