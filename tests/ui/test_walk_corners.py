"""What a walk of the app as a new salesperson (Japanese, then English) found in its less-visited corners.
Each test fails on the code before."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from configurator.text import i18n
from tests.conftest import EXAMPLES
from tests.ui.test_walk_leftovers import in_language


def field_of(page: Any, ptr: str) -> tuple[Any, Any]:
    """The line edit of the field at `ptr` on a wizard page, and the label under it that tells its issues."""
    return next((w, issue) for p, w, _kind, issue in page.binder.fields if p() == ptr)


CONTROL_SAID = {"ja": "制御文字(U+0007)は入力できないため、取り除きました。",
                "en": "A control character (U+0007) cannot be entered and was taken out."}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_control_character_pasted_into_a_customer_field_is_taken_out_and_said(
    qtbot: Any, window: Any, lang: str
) -> None:
    """お客様名 pasted from another program with a U+0007 in it: the field kept it without a word (the table
    of sites refuses one with its reason); now the character is taken out, the field shows what is kept
    and the line under it says so. Enter (次へ from a field) stays for the message; Enter again goes on."""
    from PySide6.QtTest import QTest

    try:
        w = in_language(qtbot, window, lang)
        w.open_path(str(EXAMPLES / "vpn.iij-order.json"))
        wiz = w.wizard
        wiz.show_page("customer")
        page = wiz.pages["customer"]
        field, issue = field_of(page, "/customer/name")
        field.setFocus()
        field.selectAll()
        field.insert("株式会社\x07サンプル")  # what a paste does
        QTest.keyClick(field, Qt.Key.Key_Return)
        assert wiz.session.get("/customer/name") == "株式会社サンプル"
        assert field.text() == "株式会社サンプル"
        assert wiz.current == "customer" and issue.isVisible()
        assert CONTROL_SAID[lang] in issue.text()
        QTest.keyClick(field, Qt.Key.Key_Return)  # read: on to the next page as Enter goes
        assert wiz.current != "customer"
        # the character pasted again into a field that already holds the rest: still said
        wiz.show_page("customer")
        field.setFocus()
        field.insert("\x07")
        QTest.keyClick(field, Qt.Key.Key_Return)
        assert field.text() == "株式会社サンプル" and CONTROL_SAID[lang] in issue.text()
        assert wiz.current == "customer"
        assert "\x07" not in str(wiz.session.doc)
    finally:
        i18n.install("ja")


def test_an_auth_unit_added_by_mistake_can_be_deleted(qtbot: Any, window: Any) -> None:
    """認証の管理単位 had 管理単位を追加 and nothing to take a unit away but 元に戻す (VPN網と拠点 has
    このVPN網を削除): この管理単位を削除 removes the unit in view with its lists, one undo step."""
    window.open_path(str(EXAMPLES / "auth.iij-order.json"))
    wiz = window.wizard
    wiz.show_page("auth_units")
    page = wiz.pages["auth_units"]
    units = len(wiz.session.doc["auth_units"])
    before = [dict(u) for u in wiz.session.doc["auth_units"]]
    add = next(b for b in page.findChildren(QPushButton) if b.text() == "管理単位を追加(&A)")
    add.click()
    assert len(wiz.session.doc["auth_units"]) == units + 1
    page.units.setCurrentIndex(units)  # the new one
    assert page.remove_unit_btn.isEnabled() and page.remove_unit_btn.text() == "この管理単位を削除(&T)"
    page.remove_unit_btn.click()  # confirmed (the test's confirm says yes)
    assert wiz.session.doc["auth_units"] == before and page.units.count() == units
    assert window.undo_action.text().startswith("元に戻す(&U): 管理単位とその契約の削除")
    window.undo_action.trigger()
    assert len(wiz.session.doc["auth_units"]) == units + 1


def test_the_auth_lists_add_buttons_read_as_english(qtbot: Any, window: Any) -> None:
    """In English the auth lists' add buttons were made of the tab titles: "Add Clients", "Add Proxies"."""
    try:
        w = in_language(qtbot, window, "en")
        w.open_path(str(EXAMPLES / "auth.iij-order.json"))
        w.wizard.show_page("auth_units")
        page = w.wizard.pages["auth_units"]
        texts = {b.text() for b in page.findChildren(QPushButton)}
        assert {"Add a &client", "Add a &proxy", "Add a V&PDN", "Delete &this unit"} <= texts
    finally:
        i18n.install("ja")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_export_and_print_buttons_are_named_without_their_access_key(
    qtbot: Any, window: Any, lang: str
) -> None:
    """A screen reader read the English export buttons with their "&" ("Save &quote PDF…"): the name was the
    label cut at "(", which only the Japanese labels have."""
    from ui.printing import DocumentChoice

    try:
        w = in_language(qtbot, window, lang)
        w.open_path(str(EXAMPLES / "vpn.iij-order.json"))
        w.wizard.show_page("export")
        page = w.wizard.pages["export"]
        choice = DocumentChoice()
        qtbot.addWidget(choice)
        names = [b.accessibleName() for b in (page.quote_btn, page.print_btn, choice.both, choice.quote)]
        assert all(name and "&" not in name and "(" not in name for name in names), names
        assert names[0] == {"ja": "見積書PDFを保存", "en": "Save quote PDF"}[lang]
    finally:
        i18n.install("ja")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_issuer_line_is_not_cut_on_a_1024_screen(qtbot: Any, window: Any, lang: str) -> None:
    """出力 at 1,024×768: the issuer's words wrap onto a second line in English, and the row (as tall as the
    発行元の設定 button beside it) cut that line off; the row now takes the height its lines need."""
    try:
        w = in_language(qtbot, window, lang)
        w.resize(1024, 768)
        w.open_path(str(EXAMPLES / "vpn.iij-order.json"))
        w.wizard.show_page("export")
        label = w.wizard.pages["export"].issuer
        qtbot.waitUntil(lambda: label.isVisible() and label.width() > 0)
        assert "T7000012050002" in label.text()
        assert label.height() >= label.heightForWidth(label.width())
    finally:
        i18n.install("ja")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_issuer_with_a_pasted_control_character_is_not_saved(qtbot: Any, window: Any, lang: str) -> None:
    """発行元(自社)の設定 kept a company name pasted with a U+0007 in it (unseen in the field; the PDF left
    the character out): the save is refused, naming the field to enter again, and nothing is stored."""
    from configurator.store.issuer import Issuer
    from ui.issuer import IssuerDialog

    said = {
        "ja": "会社名に制御文字(U+0007)が含まれています",
        "en": "The company name holds a control character",
    }
    before = Issuer.load()
    try:
        w = in_language(qtbot, window, lang)
        dialog = IssuerDialog(w)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.edits["company"].setText("株式会社\x07サンプル商事")
        assert not dialog.save()
        assert said[lang] in dialog.message.text() and dialog.isVisible()
        assert Issuer.load() == before
    finally:
        i18n.install("ja")


def tab_stops(window: Any, start: Any) -> list[Any]:
    """The controls Tab goes through from `start`, once round the window (the focus chain, without what Tab
    skips: hidden, disabled or not taking focus by Tab)."""
    out = [start]
    w = start.nextInFocusChain()
    while w is not start and len(out) < 500:
        if w.isVisibleTo(window) and w.isEnabled() and w.focusPolicy() & Qt.FocusPolicy.TabFocus:
            out.append(w)
        w = w.nextInFocusChain()
    return out


def test_tab_goes_through_each_page_as_it_reads_then_to_the_page_list_and_next(
    qtbot: Any, window: Any
) -> None:
    """Keyboard only: on VPN網と拠点 Tab went from the page's buttons to the page list, 戻る and 次へ, and
    only then to the VPN網 list at the top of the page and the sites table; on 認証の管理単位 the unit list
    came last. Now each page is read top to bottom, then the page list, 戻る, 次へ."""
    window.open_path(str(EXAMPLES / "mixed.iij-order.json"))
    wiz = window.wizard
    wiz.show_page("vpn_topology")
    topo = wiz.pages["vpn_topology"]
    stops = tab_stops(window, topo.picker.combo)
    order = [topo.picker.combo, topo.name, topo.export_btn, topo.table, wiz.nav, wiz.back_btn, wiz.next_btn]
    assert [stops.index(w) for w in order] == sorted(stops.index(w) for w in order)
    wiz.show_page("auth_units")
    auth = wiz.pages["auth_units"]
    stops = tab_stops(window, auth.units)
    order = [auth.units, auth.remove_unit_btn, auth.tabs.tabBar(), auth.tables["clients"], wiz.nav]
    assert [stops.index(w) for w in order] == sorted(stops.index(w) for w in order)
    wiz.show_page("vpn_options")
    options = wiz.pages["vpn_options"]
    stops = tab_stops(window, options.picker.combo)
    assert stops.index(options.table) < stops.index(wiz.next_btn) < len(stops)


def test_the_contract_screens_names_pasted_with_a_control_character(
    qtbot: Any, window: Any, store: Any
) -> None:
    """契約・変更・解約: a 契約者 or 申込者 pasted with a U+0007 (unseen in the field) was kept without a word
    and printed without it; the 契約者 is not saved and says which field to enter again, the 申込者 is
    used without the character and the note under it says so."""
    from tests.conftest import example

    draft = store.create(example("mixed.iij-order.json")).draft_id
    window.open_lifecycle(draft)
    view = window.lifecycle
    view.start_all.setText("2025-04-01")
    view.contractor.setText("株式会社\x07サンプル")
    view.save_contracted()
    assert "契約者に制御文字(U+0007)が含まれています" in view.message.text()
    assert store.info(draft).status != "contracted"
    view.contractor.setText("株式会社サンプル")
    view.save_contracted()
    assert view.session.contracted
    view.requested_by.setText("山田\x07太郎")
    assert "制御文字(U+0007)は入力できないため、取り除きました。" in view.change_tab.applicant_note.text()
    assert view.session.applicant(view.requested_by.text()) == "山田太郎"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_contract_screen_fits_a_1024_screen_with_a_long_title(qtbot: Any, window: Any, lang: str) -> None:
    """契約・変更・解約's title (the order's title and quote number) on one line made the window wider than a
    1,024 px screen (in English with the sample order already): スタート画面へ went off the screen."""
    from configurator.lifecycle import mark_contracted
    from tests.conftest import example

    try:
        w = in_language(qtbot, window, lang)
        w.resize(1024, 728)
        doc = mark_contracted(example("mixed.iij-order.json"), "2025-04-01", "株式会社サンプル")
        doc["title"] = "株式会社サンプルホールディングス様 本社・全国支店間 拠点間VPNと認証 更改案件"
        w.open_lifecycle(w.store.create(doc).draft_id)
        qtbot.waitUntil(lambda: w.lifecycle.isVisible())
        assert w.centralWidget().minimumSizeHint().width() <= 1024
        assert w.width() <= 1024
    finally:
        i18n.install("ja")


TARIFF_SAID = {
    "ja": "「あした」は日付として読めません。"
    "適用日は 2026-04-01 のように入力してください(元の日付のままです)。",
    "en": "“あした” is not a date. Enter the tariff date like 2026-04-01 (the date before is kept).",
}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_tariff_date_that_is_not_a_date_is_refused_and_one_typed_with_slashes_is_taken(
    qtbot: Any, window: Any, lang: str, tmp_path: Any
) -> None:
    """期間と適用日: 「あした」 or 「2026/4/1」 were stored as typed without a word; the order file saved then
    was refused by the app itself (「値が不正です」). A date typed with slashes or in full width is stored as
    2026-04-01; what is not a date is refused, the field showing the date it had."""
    from PySide6.QtTest import QTest

    from configurator.order.document import load

    try:
        w = in_language(qtbot, window, lang)
        w.open_path(str(EXAMPLES / "vpn.iij-order.json"))
        wiz = w.wizard
        wiz.show_page("terms")
        field, issue = field_of(wiz.pages["terms"], "/tariff_date")
        field.setFocus()
        field.selectAll()
        field.insert("２０２６/4/1")
        QTest.keyClick(field, Qt.Key.Key_Return)
        assert wiz.session.get("/tariff_date") == "2026-04-01"
        wiz.show_page("terms")
        field.selectAll()
        field.insert("あした")
        QTest.keyClick(field, Qt.Key.Key_Return)
        assert wiz.current == "terms" and issue.isVisible() and issue.text() == TARIFF_SAID[lang]
        assert wiz.session.get("/tariff_date") == "2026-04-01" and field.text() == "2026-04-01"
        saved = tmp_path / "order.iij-order.json"
        wiz.save_order_file(str(saved))
        assert load(str(saved))["tariff_date"] == "2026-04-01"  # the app opens what it saved
    finally:
        i18n.install("ja")


def test_a_text_longer_than_the_order_format_holds_is_refused(qtbot: Any, window: Any, tmp_path: Any) -> None:
    """A whole document pasted into 件名 (20,000 characters) was stored, and the order file saved then was
    refused by the app itself (the format holds 10,000): the field keeps its text and says why."""
    from PySide6.QtTest import QTest

    from configurator.order.document import load

    window.open_path(str(EXAMPLES / "vpn.iij-order.json"))
    wiz = window.wizard
    wiz.show_page("customer")
    field, issue = field_of(wiz.pages["customer"], "/title")
    before = field.text()
    field.setFocus()
    field.selectAll()
    field.insert("長" * 20_000)
    QTest.keyClick(field, Qt.Key.Key_Return)
    assert issue.text() == "長すぎます(20,000文字。10,000文字までにしてください)。元のままです。"
    assert field.text() == before and wiz.session.get("/title") == before and wiz.current == "customer"
    saved = tmp_path / "order.iij-order.json"
    wiz.save_order_file(str(saved))
    assert load(str(saved))["title"] == before


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_an_empty_list_of_drafts_says_what_to_do(qtbot: Any, window: Any, lang: str) -> None:
    """A new salesperson's first start showed an empty grid and nothing else; a search that finds nothing,
    or the empty trash, looked the same. The line under the list says which it is and what to do."""
    said = {
        "ja": (
            "下書きはまだありません。「新しい注文」で始めるか",
            "「該当なし」に当てはまる下書きはありません。",
            "ごみ箱は空です。",
        ),
        "en": ("There are no drafts yet.", "No draft matches “該当なし”.", "The trash is empty."),
    }[lang]
    try:
        w = in_language(qtbot, window, lang)
        start = w.start
        start.reload()
        assert start.empty_note.isVisible() and start.empty_note.text().startswith(said[0])
        start.search.setText("該当なし")
        assert start.empty_note.text().startswith(said[1])
        start.search.clear()
        start.trash.setChecked(True)
        assert start.empty_note.text() == said[2]
        start.trash.setChecked(False)
        w.open_path(str(EXAMPLES / "vpn.iij-order.json"))
        w.go_home()
        assert start.model.rows and not start.empty_note.isVisible()
    finally:
        i18n.install("ja")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_finding_without_an_article_reads_without_brackets_in_brackets(lang: str) -> None:
    """「注文が空です。…(条項なし(技術上・書式上の確認))」, in English "(No article (technical or format
    check))": a bracket inside a bracket at the end of every such finding."""
    from configurator.tariff.checks.registry import Issue
    from ui.common import issue_text

    i18n.install(lang)
    try:
        issue = Issue("order.empty", "error", "", "注文が空です。", "The order is empty.", "—", None)
        text = issue_text([issue])
        assert text.count("(") == 1, text
        assert text.endswith({"ja": "(技術上・書式上の確認。規程の条項なし)",
                              "en": "(a technical or format check, not a tariff article)"}[lang])
    finally:
        i18n.install("ja")


def test_the_site_buttons_say_why_they_cannot_act(qtbot: Any, window: Any) -> None:
    """VPN網と拠点: 選択した拠点を複製 and 選択した子拠点を削除 with nothing selected (or the parent only, for
    削除) did nothing when pressed, without a word; they are greyed with the reason, as 編集's 行の複製 and
    行の削除 are, and act once a child site is selected."""
    from PySide6.QtCore import QItemSelectionModel

    window.open_path(str(EXAMPLES / "vpn.iij-order.json"))
    wiz = window.wizard
    wiz.show_page("vpn_topology")
    topo = wiz.pages["vpn_topology"]
    topo.table.setCurrentIndex(topo.model.index(-1, -1))
    topo.table.clearSelection()
    assert not topo.duplicate_btn.isEnabled() and not topo.remove_btn.isEnabled()
    assert topo.duplicate_btn.toolTip() == "複製する拠点を表で選んでください。"
    assert topo.remove_btn.toolTip() == "削除する子拠点を表で選んでください。"
    select = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    topo.table.selectionModel().setCurrentIndex(topo.model.index(0, 1), select)  # the parent
    assert topo.duplicate_btn.isEnabled() and not topo.remove_btn.isEnabled()
    assert topo.remove_btn.toolTip().startswith("親拠点は削除できません")
    topo.table.selectionModel().setCurrentIndex(topo.model.index(1, 1), select)  # a child
    assert topo.remove_btn.isEnabled() and topo.remove_btn.toolTip() == ""


def test_the_auth_lists_remove_button_says_why_it_cannot_act(qtbot: Any, window: Any) -> None:
    """認証の管理単位: 選択行を削除 with no row selected did nothing when pressed, without a word."""
    window.open_path(str(EXAMPLES / "auth.iij-order.json"))
    wiz = window.wizard
    wiz.show_page("auth_units")
    auth = wiz.pages["auth_units"]
    table, button = auth.tables["clients"], auth.remove_buttons["clients"]
    assert table.currentRow() == -1 and not table.selectedItems()  # as the page opens: nothing chosen
    assert not button.isEnabled() and button.toolTip() == "表でクライアントの行を選んでください。"
    table.setCurrentCell(0, 0)
    assert button.isEnabled() and button.toolTip() == ""


def test_autosave_while_a_date_is_being_typed_leaves_it_as_typed(qtbot: Any, window: Any) -> None:
    """Autosave commits what is being typed without waiting for the field to be left: 「2026/」 on the way
    to a date must stay as typed (not refused and put back under the user's fingers); leaving the field
    judges it."""
    from PySide6.QtTest import QTest

    window.open_path(str(EXAMPLES / "vpn.iij-order.json"))
    wiz = window.wizard
    wiz.show_page("terms")
    field, issue = field_of(wiz.pages["terms"], "/tariff_date")
    before = wiz.session.get("/tariff_date")
    field.setFocus()
    field.selectAll()
    QTest.keyClicks(field, "2026/")
    wiz.autosave()
    assert field.text() == "2026/" and wiz.session.get("/tariff_date") == before and not issue.text()
    QTest.keyClicks(field, "4/1")
    wiz.autosave()
    assert wiz.session.get("/tariff_date") == "2026-04-01"
