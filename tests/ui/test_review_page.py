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


def test_a_finding_goes_to_its_own_cell_and_the_list_does_not_jump(qtbot: Any, window: Any) -> None:
    """確認: 入力欄へ移動 is always there (disabled, saying why, while no finding is chosen), so choosing
    one does not shrink the list; double-click or Enter on a finding goes to it, and a proxy's 転送先
    finding lands on the 転送先 cell, not on the row's 名称."""
    from PySide6.QtCore import Qt

    window.open_path(str(EXAMPLES / "mixed.iij-order.json"))
    wiz = window.wizard
    wiz.session.set("/auth_units/0/proxies/0/destinations", [])
    wiz.show_page("review")
    page = wiz.pages["review"]
    assert "ダブルクリック" in page.helptext.text()
    page.tree.setCurrentItem(None)
    assert page.go_btn.isVisible() and not page.go_btn.isEnabled() and "選ぶ" in page.go_btn.toolTip()
    height = page.tree.height()
    found = [
        page.tree.topLevelItem(t).child(c)
        for t in range(page.tree.topLevelItemCount())
        for c in range(page.tree.topLevelItem(t).childCount())
    ]
    item = next(
        i for i in found if i.data(0, Qt.ItemDataRole.UserRole).path == "/auth_units/0/proxies/0/destinations"
    )
    page.tree.setCurrentItem(item)
    assert page.go_btn.isEnabled() and page.tree.height() == height
    page.tree.itemActivated.emit(item, 0)  # a double-click, or Enter
    assert wiz.current == "auth_units"
    auth = wiz.pages["auth_units"]
    table = auth.tables["proxies"]
    assert (table.currentRow(), table.currentColumn()) == (0, 1)


def test_ctrl_c_on_the_totals_copies_the_whole_summary_with_its_titles(qtbot: Any, window: Any) -> None:
    from PySide6.QtGui import QGuiApplication

    window.open_path(str(EXAMPLES / "vpn.iij-order.json"))
    wiz = window.wizard
    wiz.show_page("review")
    totals = wiz.pages["review"].totals
    assert totals.rowCount() >= 1
    totals.setFocus()
    QGuiApplication.clipboard().clear()
    qtbot.keySequence(totals, "Ctrl+C")  # the summary selects nothing: before, Ctrl+C copied nothing
    lines = QGuiApplication.clipboard().text().splitlines()
    assert lines[0].split("\t") == ["区分", "小計", "消費税", "合計"]
    assert len(lines) == 1 + totals.rowCount()
    first = [totals.item(0, c).text() for c in range(4)]
    assert lines[1].split("\t") == first and any("," in cell for cell in first)  # the amounts as shown
