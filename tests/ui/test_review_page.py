"""確認 (ui/pages/review.py): findings broken into lines by one QTextLayout each, and the list not built
again when the page is shown again with the same findings (issue 22 item 5: 100-200 ms of the UI thread
on each visit of a small order's 確認, seconds for an order with a thousand findings)."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication

from tests.conftest import EXAMPLES


def test_findings_are_broken_into_lines_no_wider_than_the_column(qapp: Any) -> None:
    from ui.pages.review import wrap_text

    font = QApplication.font()
    fm = QFontMetrics(font)
    text = (
        "エラー: 東京本社: LANアドレス 10.0.0.0/24 が 大阪支店 のLANアドレス 10.0.0.0/24 と重なっています。"
        * 3
    )
    lines, wide, high = wrap_text(text, 300, font)
    assert len(lines) > 2
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")  # nothing lost, nothing added
    assert all(fm.horizontalAdvance(line) <= 300 for line in lines)
    assert wide <= 300 and high >= len(lines) * fm.height() - len(lines)
    assert not any(line.endswith(("10.0.", "10.0.0")) for line in lines)  # an address is never cut
    english = "The LAN address of the site overlaps another site's LAN address " * 4
    lines, _w, _h = wrap_text(english, 250, font)
    assert all(line == line.strip() and fm.horizontalAdvance(line) <= 250 for line in lines)
    assert {w for line in lines for w in line.split()} == set(english.split())  # broken between words


def test_review_shown_again_unchanged_is_not_built_again(qtbot: Any, window: Any) -> None:
    window.open_path(str(EXAMPLES / "vpn.iij-order.json"))
    wiz = window.wizard
    wiz.session.set("/vpn_networks/0/children/0/device", "c891fj")  # a finding to show
    wiz.show_page("review")
    review = wiz.pages["review"]
    first = review.tree.topLevelItem(0)
    assert first is not None and first.childCount()
    wiz.show_page("terms")
    wiz.show_page("review")
    assert review.tree.topLevelItem(0) is first  # the same items: nothing rebuilt
    wiz.session.set("/title", "変更後の件名")  # another version of the order: built again
    wiz.show_page("terms")
    wiz.show_page("review")
    assert review.tree.topLevelItem(0) is not first
    assert "オプション" in review.tree.topLevelItem(0).text(0)
