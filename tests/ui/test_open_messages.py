"""What opening a damaged file tells the user, in the language of the UI."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from configurator.text import i18n
from tests.ui.test_english import japanese_in


def test_a_damaged_order_file_is_told_in_english(qtbot: Any, window: Any, tmp_path: Path) -> None:
    bad = tmp_path / "bad.iij-order.json"
    bad.write_bytes('{"format": "iij-order/1", "title": "株式会社サンプル"'.encode())
    i18n.install("en")
    try:
        from ui.app import make_window

        w = make_window(window.store)
        qtbot.addWidget(w)
        w.open_path(str(bad))
        text = w.start.message.text()
    finally:
        i18n.install("ja")
    assert text.startswith("Cannot open:")
    assert "JSON" in text and not japanese_in(text.replace(str(bad), ""))
    assert w.stack.currentWidget() is w.start


def test_a_too_large_file_is_named_once(qtbot: Any, window: Any, tmp_path: Path) -> None:
    from configurator.order.document import MAX_BYTES

    big = tmp_path / "big.iij-order.json"
    with open(big, "wb") as fh:
        fh.truncate(MAX_BYTES + 1)
    window.open_path(str(big))
    text = window.start.message.text()
    assert "大きすぎます" in text and text.count(str(big)) == 1, text
    i18n.install("en")
    try:
        window.open_path(str(big))
        text = window.start.message.text()
    finally:
        i18n.install("ja")
    assert "too large" in text and text.count(str(big)) == 1, text
