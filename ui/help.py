"""ヘルプ: 利用の手引き (docs/guide.md, shown from the app's own files, never from the network) and
バージョン情報 (the app, the catalogue and tariffs, the price book in use: what `--version` prints)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

from configurator.text.i18n import _

GUIDE = Path(__file__).resolve().parents[1] / "docs" / "guide.md"


class GuideWindow(QDialog):
    """The user guide in a window of its own (not modal: the wizard stays usable beside it)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_('利用の手引き'))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(900, 700)
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setAccessibleName(_('利用の手引き'))
        self.browser.setOpenExternalLinks(False)  # offline: no link leaves the app
        self.browser.setOpenLinks(False)
        if GUIDE.is_file():
            self.browser.setSearchPaths([str(GUIDE.parent)])  # the guide's images, from docs/images
            self.browser.setMarkdown(GUIDE.read_text(encoding="utf-8"))
        else:
            self.browser.setPlainText(_('利用の手引きが見つかりません({path})。').format(path=GUIDE))
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)


def about_box(parent: QWidget | None = None) -> QDialog:
    """バージョン情報 as a small window (not modal), with the text `--version` prints."""
    from configurator.cli import version_text

    box = QDialog(parent)
    box.setWindowTitle(_('バージョン情報'))
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    layout = QVBoxLayout(box)
    title = QLabel(_('IIJ 注文構成ツール'))
    title.setStyleSheet("font-size: 14pt; font-weight: bold;")
    layout.addWidget(title)
    text = QLabel(version_text())
    text.setObjectName("versionText")
    text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    layout.addWidget(text)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(box.close)
    layout.addWidget(buttons)
    return box
