"""価格表 in the app: a bad book imports nothing and says why by row; a good one prices the open order."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import EXAMPLES
from tests.test_pricebook import real_book


def test_import_and_choose_a_price_book(qtbot: Any, window: Any, data_dir: Path, tmp_path: Path) -> None:
    window.open_path(str(EXAMPLES / "vpn.iij-order.json"))
    wiz = window.wizard
    assert "サンプル価格" in wiz.status.text()
    sample_total = wiz.session.quote().groups["initial"].total

    window.edit_price_books()
    dialog = window._price_book_dialog
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 0).text() == "★"  # the sample, in use

    bad = real_book()
    bad["rows"][0]["initial"] = -100
    bad["rows"][1]["monthly"] = 1.5
    (tmp_path / "bad.json").write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    assert not dialog.import_file(str(tmp_path / "bad.json"))
    text = dialog.message.toPlainText()
    assert "何も取り込んでいません" in text and "1行目: initial -100" in text and "2行目: monthly 1.5" in text
    assert dialog.table.rowCount() == 1 and not (data_dir / "pricebooks").exists()

    good = real_book()
    for row in good["rows"]:  # the real book costs double the sample
        for k in ("initial", "monthly", "one_time"):
            if isinstance(row.get(k), int):
                row[k] *= 2
    (tmp_path / "good.json").write_text(json.dumps(good, ensure_ascii=False), encoding="utf-8")
    with qtbot.waitSignal(dialog.activated, timeout=5000):
        assert dialog.import_file(str(tmp_path / "good.json"))
    assert dialog.table.rowCount() == 2 and dialog.table.item(1, 0).text() == "★"
    assert wiz.session.quote().price_book.version == "2026.12"
    assert wiz.session.quote().groups["initial"].total == 2 * sample_total
    assert "サンプル価格" not in wiz.status.text()

    dialog.table.selectRow(0)  # back to the sample book
    with qtbot.waitSignal(dialog.activated, timeout=5000):
        dialog.use_btn.click()
    assert wiz.session.quote().price_book.sample
    assert dialog.table.item(0, 0).text() == "★"


def test_a_bad_price_book_says_what_to_change_in_english_too(qtbot: Any, window: Any, tmp_path: Path) -> None:
    """In English a refused price book said only "Price book … refused (2 faults; nothing imported).": the
    problems by row, which the Japanese message lists, were left out; a spreadsheet saved as .json was told
    in Japanese."""
    from configurator.text import i18n
    from ui.pricebooks import PriceBookDialog

    bad = real_book()
    bad["rows"][0]["initial"] = -100
    (tmp_path / "bad.json").write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "sheet.json").write_text("版,価格\n1,2\n", encoding="utf-8")
    i18n.install("en")
    try:
        dialog = PriceBookDialog(window)
        qtbot.addWidget(dialog)
        assert not dialog.import_file(str(tmp_path / "bad.json"))
        text = dialog.message.toPlainText()
        assert "nothing was imported" in text and "(1 problem;" in text  # was "2 problems": the row twice
        assert "row 1: initial -100 is negative." in text and "missing price" not in text
        assert not dialog.import_file(str(tmp_path / "sheet.json"))
        text = dialog.message.toPlainText()
        assert "Not valid JSON (line 1" in text and "JSONとして" not in text
        assert not dialog.import_file(str(tmp_path / "missing.json"))
        assert "missing.json (" in dialog.message.toPlainText()  # and why it cannot be read
    finally:
        i18n.install("ja")


def test_the_app_refuses_a_misspelt_field_naming_the_field_meant(
    qtbot: Any, window: Any, tmp_path: Path
) -> None:
    """ファイル → 価格表… imported a book whose row 3 had "montly" for "monthly": the fee was dropped in
    silence and the book made the one in use."""
    from configurator.text import i18n
    from ui.pricebooks import PriceBookDialog

    book = real_book()
    book["rows"][2]["montly"] = book["rows"][2].pop("monthly")
    (tmp_path / "typo.json").write_text(json.dumps(book, ensure_ascii=False), encoding="utf-8")
    for lang, says in (
        ("ja", "3行目: 項目 'montly' はありません。'monthly' のことなら直してください。"),
        ("en", "row 3: there is no field 'montly'; if you meant 'monthly', correct it."),
    ):
        i18n.install(lang)
        try:
            dialog = PriceBookDialog(window)
            qtbot.addWidget(dialog)
            assert not dialog.import_file(str(tmp_path / "typo.json"))
            assert says in dialog.message.toPlainText()
            assert dialog.table.rowCount() == 1  # the sample alone: nothing was imported
        finally:
            i18n.install("ja")
