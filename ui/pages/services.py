"""サービス: which of the two services the order is for."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
)

from configurator.session import flow
from configurator.text.i18n import _, pick
from ui.common import IssueLabel, with_mnemonic
from ui.pages.base import Wizard, WizardPage, register


@register("services")
class ServicesPage(WizardPage):
    def __init__(self, wizard: Wizard) -> None:
        super().__init__(wizard)
        from configurator.tariff.catalogue import catalogue

        cat = catalogue()
        vpn_name = pick(cat.tariff("vpn")["service_name"], cat.tariff("vpn")["service_name_en"])
        auth_name = pick(cat.tariff("auth")["service_name"], cat.tariff("auth")["service_name_en"])
        self.vpn = QCheckBox(with_mnemonic(vpn_name, "P"))
        self.vpn.setAccessibleName(vpn_name)
        self.auth = QCheckBox(with_mnemonic(auth_name, "A"))
        self.auth.setAccessibleName(auth_name)
        for box, text in ((self.vpn, _('拠点間をVPNで結びます。親拠点1つと子拠点で1つのVPN網を作ります。')),
                          (self.auth, _('RADIUS認証とモバイルの閉域接続(VPDN)を提供します。'))):
            self.layout_.addWidget(box)
            label = QLabel(text)
            label.setStyleSheet("color: #555; margin-left: 24px;")
            self.layout_.addWidget(label)
        self.vpn.clicked.connect(lambda checked: self.wizard.set_service("vpn", checked))
        self.auth.clicked.connect(lambda checked: self.wizard.set_service("auth", checked))
        self.issue = IssueLabel()
        self.layout_.addWidget(self.issue)
        self.layout_.addStretch(1)

    def refresh(self) -> None:
        services = flow.services_of(self.session.doc)
        self.vpn.setChecked("vpn" in services)
        self.auth.setChecked("auth" in services)
        self.on_changed()

    def on_changed(self) -> None:
        self.issue.show_issues([i for i in self.session.issues if i.path == ""])
