"""期間と適用日: each site's minimum term, and the date the tariff and prices apply from."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QPushButton,
)

from configurator.session import edits, flow
from configurator.session.order_session import auth_terms_text
from configurator.text.i18n import _
from ui.common import IssueLabel, form_row
from ui.pages.base import Wizard, register
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
        self.term_buttons: list[QPushButton] = []
        labels = {1: (_('選択した拠点を1年に(&1)'), _('選択した拠点の最低利用期間を1年にする')),
                  3: (_('選択した拠点を3年に(&3)'), _('選択した拠点の最低利用期間を3年にする'))}
        for years, (text, accessible) in labels.items():
            b = QPushButton(text)
            b.setAccessibleName(accessible)
            b.clicked.connect(lambda _=False, y=years: self.apply(
                edits.set_terms([self.model.site_pointer(r) for r in self.selected_rows()], y)))
            self.buttons.addWidget(b)
            self.term_buttons.append(b)
        self.row_buttons.extend(self.term_buttons)
        self._enable_row_buttons()
        # with the sites table hidden (an auth-only order) the rest stays together at the top
        self.layout_.addStretch(0)

    def refresh(self) -> None:
        super().refresh()
        vpn = bool(self.session.doc.get("vpn_networks"))
        for w in (self.table, self.picker, self.cell_issue, *self.term_buttons):
            if w.isVisibleTo(self) != vpn:  # set only when it changes: each call lays the page out again
                w.setVisible(vpn)  # an auth-only order has no sites: no site controls, no gaps
        self._show_hint(vpn)
        self.helptext.setText(_(flow.page("terms").help) if vpn else _(
            '規程と価格表を適用する日を確認します。認証アウトソースの最低利用期間は下のとおりです。'))
        self.auth_note.setText(auth_terms_text() if self.session.doc.get("auth_units") else "")
