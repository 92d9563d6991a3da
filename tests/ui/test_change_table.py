"""The 変更 tab of a 1,000-site contract: every site is in the table, a row is worked out when it comes
into sight (not all 1,000 on opening), and an edit far down the table shows at once in its row and in
what the change costs."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from configurator.lifecycle import mark_contracted
from tests.benchmarks.orders import big_order


def test_a_1000_site_contract_opens_with_only_the_rows_in_sight_made(
    qtbot: Any, window: Any, store: Any
) -> None:
    draft = store.create(mark_contracted(big_order(1000), "2025-04-01", "株式会社サンプル")).draft_id
    window.resize(1280, 820)
    window.show()
    window.open_lifecycle(draft)
    view = window.lifecycle
    table = view.change_table
    assert table.rowCount() == 1001  # the parent and the 1,000 children
    qtbot.waitUntil(lambda: len(table.model_._rows) > 0)  # painted: the rows in sight are made
    assert len(table.model_._rows) < 100  # those, not the 1,000
    assert table.item(0, 0).text() == "本社"
    assert view.tabs.currentIndex() == 1 and "変更はまだありません" in view.change_report.toPlainText()

    # far down the table: site 901 (an ISR 4351) becomes a C1121-8P, shown in its row and in the report
    row = 902
    table.scrollTo(table.model_.index(row, 0))
    assert table.item(row, 0).text() == "拠点00901"
    assert table.item(row, 2).text().endswith("(変更なし)")
    view._set(table.model_.site_pointer(row) + "/device", "c1121_8p")
    assert table.item(row, 2).text() == "Cisco C1121-8P"
    assert [c.site for c in view.change_result.device_changes] == ["site-00901"]
    report = view.change_report.toPlainText()  # the site by its name, not the id the app gave it
    assert "機器種別の変更 拠点00901: " in report and "site-00901" not in report

    # a tick in the row: the VPN module the C1121-8P does not take is greyed out with its article
    from ui.contract.change_table import INTERNET_COL

    col = INTERNET_COL + 1 + [k for k, _h in view.option_columns].index("vpn_module")
    cell = table.item(row, col)
    assert not cell.flags() & Qt.ItemFlag.ItemIsEnabled and "第17条" in cell.toolTip()
    assert len(table.model_._rows) < 200  # still only what was shown


def test_the_change_table_shows_its_cells_whole(qtbot: Any, window: Any, store: Any) -> None:
    """Issue 14 item 8: no text cut. The fixed widths cut the switch after a change
    (「Cisco Catalyst 9300L-24T-4G-A(変…」), a LAN list and another provider's line."""
    import json

    from tests.conftest import EXAMPLES

    doc = json.loads((EXAMPLES / "mixed.iij-order.json").read_text(encoding="utf-8"))
    draft = store.create(mark_contracted(doc, "2025-04-01", "株式会社サンプル")).draft_id
    window.resize(1280, 800)
    window.show()
    window.open_lifecycle(draft)
    table = window.lifecycle.change_table
    qtbot.waitUntil(lambda: len(table.model_._rows) > 0)
    metrics = table.fontMetrics()
    checked = 0
    for row in range(table.rowCount()):
        for col in range(table.columnCount()):
            text = table.item(row, col).text()
            need = metrics.horizontalAdvance(text) + 12  # the cell's margins
            if text and need <= 380:
                assert need <= table.columnWidth(col), (row, col, text, table.columnWidth(col))
                checked += 1
    assert checked > 20
