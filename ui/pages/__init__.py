"""The wizard's pages, one module each. Each page class registers as the widget of its flow page
(configurator.session.flow.PAGES) with @register; importing this package imports them all and checks
that every flow page has its widget, so the wizard builds its pages from the flow alone."""

from __future__ import annotations

from ui.pages.auth import AuthUnitsPage
from ui.pages.base import Wizard, WizardPage, check_registry, register, widget_class
from ui.pages.customer import CustomerPage
from ui.pages.devices import VpnDevicesPage
from ui.pages.export import ExportPage
from ui.pages.options import VpnOptionsPage
from ui.pages.review import ReviewPage
from ui.pages.services import ServicesPage
from ui.pages.terms import TermsPage
from ui.pages.topology import VpnTopologyPage

check_registry()

__all__ = [
    "AuthUnitsPage",
    "CustomerPage",
    "ExportPage",
    "ReviewPage",
    "ServicesPage",
    "TermsPage",
    "VpnDevicesPage",
    "VpnOptionsPage",
    "VpnTopologyPage",
    "Wizard",
    "WizardPage",
    "check_registry",
    "register",
    "widget_class",
]
