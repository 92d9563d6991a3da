"""インターネット接続 of a site after a change: IIJ's service, or another provider's line with its name,
connection type and (for static types) address. The choices come from the catalogue; the rules that
judge them (vpn.environment.disclosure, vpn.change.authority) run in configurator.lifecycle.rules."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from configurator.tariff.catalogue import catalogue
from configurator.text.i18n import _, pick
from ui.common import PROVIDERS


def internet_text(inet: Any) -> str:
    """One line for a table cell: IIJ, or the other provider's name, connection type and address."""
    if not isinstance(inet, dict) or not inet.get("provider"):
        return _('(未指定)')
    if inet.get("provider") == "iij":
        iij = PROVIDERS["iij"]
        return _(iij)
    types = catalogue().connection_types
    conn = types.get(str(inet.get("connection") or ""), {})
    parts = [str(inet.get("name") or _('(回線名なし)')), pick(conn.get("name", ""), conn.get("name_en", ""))]
    if inet.get("address"):
        parts.append(str(inet["address"]))
    return _('他社: ') + " / ".join(p for p in parts if p)


class InternetDialog(QDialog):
    """`chosen(dict)` with the connection as the order document holds it."""

    chosen = Signal(object)

    def __init__(self, site_name: str, inet: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_('インターネット接続(変更後): {site}').format(site=site_name))
        inet = inet if isinstance(inet, dict) else {}
        form = QFormLayout(self)
        self.provider = QComboBox()
        self.provider.setAccessibleName(_('接続事業者'))
        for key, label in PROVIDERS.items():
            self.provider.addItem(_(label), key)
        self.provider.setCurrentIndex(max(self.provider.findData(inet.get("provider") or "iij"), 0))
        self.name = QLineEdit(str(inet.get("name") or ""))
        self.name.setAccessibleName(_('他社回線名'))
        self.connection = QComboBox()
        self.connection.setAccessibleName(_('接続方式'))
        self.connection.addItem(_('(選んでください)'), None)
        for key, spec in catalogue().connection_types.items():
            self.connection.addItem(pick(spec["name"], spec["name_en"]), key)
        self.connection.setCurrentIndex(max(self.connection.findData(inet.get("connection")), 0))
        self.address = QLineEdit(str(inet.get("address") or ""))
        self.address.setAccessibleName(_('固定IPアドレス'))
        self.address.setPlaceholderText("203.0.113.10")
        form.addRow(_('接続事業者(&P)'), self.provider)
        form.addRow(_('他社回線名(&N)'), self.name)
        form.addRow(_('接続方式(&C)'), self.connection)
        form.addRow(_('固定IPアドレス(&A)'), self.address)
        note = QLabel(_('子拠点の設定の変更は、親拠点の契約者からのお申し込みに限られます。'))
        note.setWordWrap(True)
        form.addRow(note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.provider.currentIndexChanged.connect(lambda _i: self._enable())
        self._enable()

    def _enable(self) -> None:
        other = self.provider.currentData() == "other"
        for w in (self.name, self.connection, self.address):
            w.setEnabled(other)

    def value(self) -> dict[str, Any]:
        if self.provider.currentData() == "iij":
            return {"provider": "iij"}
        out: dict[str, Any] = {
            "provider": "other",
            "name": self.name.text().strip(),
            "connection": self.connection.currentData(),
        }
        if self.address.text().strip():
            out["address"] = self.address.text().strip()
        return out

    def _accept(self) -> None:
        self.chosen.emit(self.value())
        self.accept()
