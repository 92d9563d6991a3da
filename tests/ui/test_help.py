"""利用の手引き (ui/help.py): the text at once, the screenshots decoded on a worker thread at the size shown
(issue 22 item 5: QTextBrowser decoded ~1.9 MB of PNG on the UI thread when the guide opened and in the
steps after it)."""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument


def images_of(document: QTextDocument) -> list[tuple[str, float, float]]:
    """Every image of the document: name, width and height as laid out (0 when not set)."""
    found = []
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            image = it.fragment().charFormat().toImageFormat()
            if image.isValid() and image.name():
                found.append((image.name(), image.width(), image.height()))
            it += 1
        block = block.next()
    return found


def test_guide_shows_its_text_at_once_and_its_images_decoded_off_the_ui_thread(
    qtbot: Any, monkeypatch: Any
) -> None:
    import ui.help as help_

    threads: list[threading.Thread] = []
    real = help_.decode_images

    def decode(*args: Any) -> None:
        threads.append(threading.current_thread())
        real(*args)

    monkeypatch.setattr(help_, "decode_images", decode)
    loads: list[str] = []  # what QTextBrowser reads itself (on the UI thread): nothing
    browse = help_.QTextBrowser.loadResource
    monkeypatch.setattr(
        help_.QTextBrowser,
        "loadResource",
        lambda self, kind, url: loads.append(url.toString()) or browse(self, kind, url),
    )
    guide = help_.GuideWindow()
    qtbot.addWidget(guide)
    guide.show()
    document = guide.browser.document()
    assert "注文構成ツール" in document.toPlainText()
    images = images_of(document)
    assert len(images) >= 10
    room = guide.browser.viewport().width()
    # every image sized from its file before anything is decoded, none wider than the window shows
    assert all(0 < width <= room and height > 0 for _n, width, height in images), (room, images)
    assert any(
        width < 1000 for name, width, _h in images if "00-start" in name
    )  # a 1280 px screenshot, fitted
    resource = document.resource
    kind = QTextDocument.ResourceType.ImageResource
    qtbot.waitUntil(lambda: not guide._loader.busy, timeout=30_000)
    for name, width, height in images:
        shown = resource(kind, QUrl(name))
        assert (shown.width(), shown.height()) == (int(width), int(height)), name
    assert threads and all(t is not threading.main_thread() for t in threads)
    assert loads == []


def test_guide_closed_before_its_images_are_decoded(qtbot: Any, monkeypatch: Any) -> None:
    """Closed while the worker has not begun: it stops before decoding anything, and nothing is put into
    the deleted window."""
    from shiboken6 import isValid

    import ui.help as help_

    go = threading.Event()
    real = help_.decode_images

    def decode(images: Any, out: Any, step: Any) -> None:
        go.wait(30)
        real(images, out, step)

    monkeypatch.setattr(help_, "decode_images", decode)
    guide = help_.GuideWindow()
    guide.show()
    loader, decoded = guide._loader, guide._decoded
    guide.close()  # WA_DeleteOnClose
    go.set()
    qtbot.waitUntil(lambda: not loader.busy, timeout=30_000)
    assert len(decoded) == 0  # stopped at the first image
    qtbot.waitUntil(lambda: not isValid(guide))


def test_the_guides_japanese_reads_without_gaps_and_english_is_told_it_is_japanese(qtbot: Any) -> None:
    """The guide's wrapped lines became spaces inside Japanese sentences (「個別規程どおりの 御見積書」);
    and in English the whole guide opened in Japanese without a word."""
    from configurator.text import i18n
    from ui.help import GuideWindow

    guide = GuideWindow()
    qtbot.addWidget(guide)
    text = guide.browser.toPlainText()
    assert "個別規程どおりの御見積書と利用申込書" in text and "使えます。画面は" in text
    assert "から起動します。注文ファイル" in text
    assert guide.language_note is None
    i18n.install("en")
    try:
        english = GuideWindow()
        qtbot.addWidget(english)
        english.show()
        assert english.language_note is not None and english.language_note.isVisible()
        assert "written in Japanese" in english.language_note.text()
    finally:
        i18n.install("ja")
