"""The contract screen's PDFs take the font and the date style of the settings, as the command line's do
(before the one export path they were always IPAex Gothic and western dates)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from configurator.order.document import load
from configurator.store.settings import save_settings
from tests.conftest import EXAMPLES, ISSUER_SETTINGS
from tests.test_documents import pdffonts, pdftotext

MINCHO = Path("/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf")


@pytest.mark.skipif(not MINCHO.exists(), reason="needs fonts-ipaexfont-mincho")
@pytest.mark.parametrize("kind", ["change-form", "cancel-quote"])
def test_the_contract_screen_exports_with_the_configured_font_and_wareki(
    kind: str, qtbot: Any, window: Any, store: Any, data_dir: Path, tmp_path: Path
) -> None:
    save_settings({"pdf_font": str(MINCHO), "date_style": "wareki", "issuer": ISSUER_SETTINGS})
    draft = store.create(load(EXAMPLES / "contracted.iij-order.json")).draft_id
    window.open_lifecycle(draft)
    view = window.lifecycle
    if kind == "change-form":
        view.requested_by.setText("株式会社サンプル")
        view._set(view._sites()[2][0] + "/device", "c1121_8p")
        assert view.change_result.valid
    else:
        view.set_target("/vpn_networks/0/children/0")
        assert view.cancel_result is not None and view.cancel_result.valid
    out = tmp_path / f"{kind}.pdf"
    with qtbot.waitSignal(view.exported, timeout=60000) as blocker:
        view.export(kind, str(out))
    assert blocker.args == [kind, str(out)]
    data = out.read_bytes()
    assert {row[0].split("+")[-1] for row in pdffonts(data, tmp_path) if row} == {"IPAexMincho"}
    text = pdftotext(data, tmp_path)
    # the change form prints its 申込日; the cancellation quote is a quote: its date is the 発行日 (issue 13
    # D)
    assert re.search(r"申込日:\s*令和\d+年" if kind == "change-form" else r"発行日\s*令和\d+年", text), text[
        :300
    ]


@pytest.mark.skipif(not MINCHO.exists(), reason="needs fonts-ipaexfont-mincho")
def test_the_wizard_exports_with_the_configured_font_and_wareki(
    qtbot: Any, window: Any, data_dir: Path, tmp_path: Path
) -> None:
    """The wizard's 和暦 box stays unticked: the settings' date style applies, as `quote` does without
    --wareki (before, the wizard ignored the settings' font and date style)."""
    save_settings({"pdf_font": str(MINCHO), "date_style": "wareki", "issuer": ISSUER_SETTINGS})
    window.open_path(str(EXAMPLES / "mixed.iij-order.json"))
    wiz = window.wizard
    wiz.show_page("export")
    assert not wiz.pages["export"].wareki.isChecked()
    out = tmp_path / "quote.pdf"
    with qtbot.waitSignal(wiz.exported, timeout=60000) as blocker:
        wiz.export_pdf("quote", str(out))
    assert blocker.args[2] == ""
    data = out.read_bytes()
    assert {row[0].split("+")[-1] for row in pdffonts(data, tmp_path) if row} == {"IPAexMincho"}
    assert re.search(r"発行日\s*令和\d+年", pdftotext(data, tmp_path))


def test_a_price_book_chosen_while_the_screen_is_open_is_used(qtbot: Any, window: Any, store: Any) -> None:
    from configurator.pricing.books import sample_price_book

    draft = store.create(load(EXAMPLES / "contracted.iij-order.json")).draft_id
    window.open_lifecycle(draft)
    view = window.lifecycle
    book = sample_price_book()
    view.price_book = book  # what the main window does when another book is made active
    assert view.session.price_book is book
    window.open_lifecycle(draft)
    assert view.session.price_book is book


def test_a_change_form_dated_after_its_change_date_is_saved_with_the_warning_shown(
    qtbot: Any, window: Any, store: Any, tmp_path: Path
) -> None:
    """The form records 申込日 (today) after the 変更日 typed: the PDF is made, as the command line makes it
    with a warning, and the screen says which dates are out of order (it said only 保存しました)."""
    draft = store.create(load(EXAMPLES / "contracted.iij-order.json")).draft_id
    window.open_lifecycle(draft)
    view = window.lifecycle
    view.change_date.setText("2020-01-01")
    view.change_tab.recompute()
    view._set(view._sites()[2][0] + "/device", "c1121_8p")
    assert view.change_result.valid
    out = tmp_path / "change.pdf"
    with qtbot.waitSignal(view.exported, timeout=60000):
        view.export("change-form", str(out))
    assert out.exists()
    text = view.message.text()
    assert "変更申込書を保存しました" in text
    assert "変更日(2020-01-01)" in text and "以前の日にしてください" in text
