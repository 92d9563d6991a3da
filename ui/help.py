"""ヘルプ: 利用の手引き (docs/guide.md, shown from the app's own files, never from the network) and
バージョン情報 (the app, the catalogue and tariffs, the price book in use: what `--version` prints).

The guide's text shows at once; its screenshots (~1.9 MB of PNG, ~70 MB decoded at full size) follow,
decoded on a worker thread at the size they are shown (issue 22 item 5: QTextBrowser decoded them all on
the UI thread, for ~250 ms on first open and in pieces during the next steps as its lazy layout went on).
Each image's size is set in the document from its file's header before the text is laid out, so nothing
moves when the images arrive: a grey box stands in until then."""

from __future__ import annotations

import re
from collections import deque
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtGui import QColor, QHideEvent, QImage, QImageReader, QPixmap, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QStyle,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from configurator.text.i18n import _, pick

GUIDE = Path(__file__).resolve().parents[1] / "docs" / "guide.md"


def fit_images(document: QTextDocument, folder: Path, width: int) -> list[tuple[str, Path, QSize]]:
    """Give every image of `document` its size, no wider than `width` (a table's cell: its share of it),
    from its file's header, without decoding it; the images found (name, file, size shown), in the
    document's order. An image whose file cannot be read is left as it is (Qt shows its own mark)."""
    found: list[tuple[str, Path, QSize]] = []
    block = document.begin()
    while block.isValid():
        cursor = QTextCursor(block)
        table = cursor.currentTable()
        room = width
        if table is not None:
            look = table.format()
            room = int(width / max(1, table.columns()) - 2 * (look.cellPadding() + look.border()) - 8)
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            it += 1
            image = fragment.charFormat().toImageFormat()
            if not fragment.isValid() or not image.isValid() or not image.name():
                continue
            path = folder / image.name()
            natural = QImageReader(str(path)).size() if path.is_file() else QSize()
            if not natural.isValid() or natural.isEmpty():
                continue
            shown = (
                natural
                if natural.width() <= room
                else natural.scaled(max(1, room), natural.height(), Qt.AspectRatioMode.KeepAspectRatio)
            )
            image.setWidth(shown.width())
            image.setHeight(shown.height())
            cursor.setPosition(fragment.position())
            cursor.setPosition(fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor)
            cursor.setCharFormat(image)
            found.append((image.name(), path, shown))
        block = block.next()
    return found


def decode_images(images: list[tuple[str, Path, QSize]], out: deque[tuple[str, QImage]], step: Any) -> None:
    """On a worker thread: each image decoded and scaled to its size shown, appended to `out`, reported
    as it is done (QImage and QImageReader may be used off the UI thread; no QObject is made here)."""
    for n, (name, path, size) in enumerate(images, 1):
        step.check()
        reader = QImageReader(str(path))
        reader.setScaledSize(size)
        out.append((name, reader.read()))
        step.report(n, len(images))


#: a character of Japanese text (kana, kanji, full-width forms and punctuation)
_JAPANESE = r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]"
#: a line that starts a block of its own in Markdown (heading, list item, quote, table, image, fence)
_BLOCK_START = re.compile(r"\s*(#|[-*+] |\d+[.)] |>|\||!\[|```)")


def join_japanese_lines(markdown: str) -> str:
    """The guide's paragraphs are wrapped in the file; Markdown makes each line break a space, which in
    Japanese reads as a gap inside a sentence (「どおりの 御見積書」). A break between two Japanese
    characters is taken out; one next to Latin text stays a space; blocks and code are left as they are."""
    out: list[str] = []
    fenced = False
    for line in markdown.split("\n"):
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif (
            not fenced
            and out
            and line.strip()
            and not _BLOCK_START.match(line)
            and re.search(_JAPANESE + r"$", out[-1])
            and re.match(r"\s*" + _JAPANESE, line)
        ):
            out[-1] += line.strip()
            continue
        out.append(line)
    return "\n".join(out)


class GuideWindow(QDialog):
    """The user guide in a window of its own (not modal: the wizard stays usable beside it)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_('利用の手引き'))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(900, 700)
        layout = QVBoxLayout(self)
        if pick("ja", "en") != "ja":  # the guide is in Japanese only: said, not found out
            note = QLabel(_('この手引きは日本語だけです(画面の写真も日本語表示のものです)。'))
            note.setWordWrap(True)
            layout.addWidget(note)
            self.language_note: QLabel | None = note
        else:
            self.language_note = None
        self.browser = QTextBrowser()
        self.browser.setAccessibleName(_('利用の手引き'))
        self.browser.setOpenExternalLinks(False)  # offline: no link leaves the app
        self.browser.setOpenLinks(False)
        self._decoded: deque[tuple[str, QImage]] = deque()  # filled on the worker thread, taken on this one
        self._loader: Any = None
        self._token = 0
        if GUIDE.is_file():
            self.browser.setSearchPaths([str(GUIDE.parent)])  # the guide's images, from docs/images
            self.browser.setMarkdown(join_japanese_lines(GUIDE.read_text(encoding="utf-8")))
            self._load_images(layout)
        else:
            self.browser.setPlainText(_('利用の手引きが見つかりません({path})。').format(path=GUIDE))
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)

    def _load_images(self, layout: QVBoxLayout) -> None:
        """Sizes set, a grey box in each image's place, the decoding started on a worker thread."""
        from ui.jobs import Jobs

        margins = layout.contentsMargins()
        width = (
            self.width()
            - margins.left()
            - margins.right()
            - 2 * self.browser.frameWidth()
            - self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self.browser)
            - int(2 * self.browser.document().documentMargin())
            - 4
        )
        document = self.browser.document()
        images = fit_images(document, GUIDE.parent, width)
        if not images:
            return
        grey = QPixmap(1, 1)
        grey.fill(QColor("#e8e8e8"))
        for name, _path, _size in images:
            document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), grey)
        decoded = self._decoded  # not self: the worker holds no reference to the window
        self._loader = Jobs()  # no parent: it outlives the window while its job runs, and is told to stop
        # a method of this window, not a lambda: the reports, sent from the worker thread, are queued to this
        # one (a lambda would be called on the worker thread)
        self._loader.progress.connect(self._show_images)
        self._token = self._loader.run_steps(
            lambda step: decode_images(images, decoded, step),
            success=lambda _r: self._show_images(),
            failure=lambda _m: None,  # the grey boxes stay; the text is all there
            name="guide-images",
        )

    def _show_images(self, *_progress: Any) -> None:
        """The images decoded since last time, put in place of their grey boxes."""
        from shiboken6 import isValid

        if not isValid(self.browser):  # closed meanwhile
            return
        document = self.browser.document()
        while self._decoded:
            name, image = self._decoded.popleft()
            if not image.isNull():
                document.addResource(
                    QTextDocument.ResourceType.ImageResource, QUrl(name), QPixmap.fromImage(image)
                )
        self.browser.viewport().update()

    def hideEvent(self, event: QHideEvent) -> None:
        if self._loader is not None and not event.spontaneous():  # closed, not minimised
            self._loader.cancel(self._token)  # the images not decoded yet are not needed any more
        super().hideEvent(event)


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
