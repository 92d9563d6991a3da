"""The wizard's outputs (issue 13, the UI part): the issuer asked for before the first quote, the 版 of
the quote number, 承認済 from the team's local data, and what the documents cannot print as written,
told on the export page in Japanese and English."""

from __future__ import annotations

import re
import subprocess
import uuid
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QDialogButtonBox
from shiboken6 import isValid

from configurator.text import i18n
from tests.conftest import EXAMPLES, ISSUER_SETTINGS, write_issuer

ISSUER_FREE = True  # the data folder starts with the shipped issuer only: company, nothing else


def text_of(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


def edition(pdf: Path) -> str:
    """The 見積番号 the quote prints, e.g. Q-2026-000001-R1."""
    m = re.search(r"Q-\d{4}-\d{6}-R\d+", text_of(pdf))
    assert m, text_of(pdf)
    return m.group(0)


def open_vpn(window: Any) -> Any:
    window.open_path(str(EXAMPLES / "vpn.iij-order.json"))
    wiz = window.wizard
    wiz.show_page("export")
    return wiz


def fill_issuer(dialog: Any) -> None:
    for key, value in ISSUER_SETTINGS.items():
        dialog.edits[key].setText(value)


def button(dialog: Any, which: Any) -> Any:
    return dialog.findChild(QDialogButtonBox).button(which)


def export(qtbot: Any, wiz: Any, path: Path) -> list[Any]:
    with qtbot.waitSignal(wiz.exported, timeout=60000) as blocker:
        wiz.export_pdf("quote", str(path))
    assert blocker.args[2] == "", blocker.args
    return list(blocker.args)


# --- 1. the issuer before the first quote ------------------------------------------------------------


def test_a_quote_without_issuer_asks_for_it_then_is_exported(qtbot: Any, window: Any, tmp_path: Path) -> None:
    wiz = open_vpn(window)
    page = wiz.pages["export"]
    target = tmp_path / "quote.pdf"
    wiz.export_pdf("quote", str(target))
    dialog = window._issuer_dialog
    assert dialog is not None and dialog.isVisible()  # asked, not refused
    assert not target.exists()
    said = page.message.text()
    assert "発行元が設定されていない" in said and "担当者" in said and "登録番号" in said
    assert "会社名" not in said  # the shipped company is set: only what is missing is named
    assert dialog.why.isVisible() and "担当者" in dialog.why.text()  # the dialog says why it opened
    fill_issuer(dialog)
    with qtbot.waitSignal(wiz.exported, timeout=60000) as blocker:
        button(dialog, QDialogButtonBox.StandardButton.Save).click()  # saving goes on with the export
    assert blocker.args == ["quote", str(target), ""]
    assert not isValid(dialog) or not dialog.isVisible()  # closed (and deleted)
    text = text_of(target)
    assert "営業部 佐藤 花子" in text and "T7000012050002" in text and "03-5205-6500" in text
    assert "下書き" not in text
    assert not page.draft_preview_btn.isVisible()


def test_the_issuer_prompt_follows_what_is_typed(qtbot: Any, window: Any, tmp_path: Path) -> None:
    """The 未設定 line names the fields still empty as they are filled, then says the quote can go on."""
    wiz = open_vpn(window)
    wiz.export_pdf("quote", str(tmp_path / "quote.pdf"))
    dialog = window._issuer_dialog
    assert "担当者" in dialog.why.text() and "電話番号" in dialog.why.text()
    dialog.edits["person"].setText("営業部 佐藤 花子")
    assert "担当者" not in dialog.why.text() and "電話番号" in dialog.why.text()
    fill_issuer(dialog)
    assert "未設定" not in dialog.why.text() and "そろいました" in dialog.why.text()
    dialog.edits["address"].setText("  ")
    assert "未設定: 住所。" in dialog.why.text()
    button(dialog, QDialogButtonBox.StandardButton.Cancel).click()


def test_a_form_needs_no_issuer(qtbot: Any, window: Any, tmp_path: Path) -> None:
    wiz = open_vpn(window)
    with qtbot.waitSignal(wiz.exported, timeout=60000) as blocker:
        wiz.export_pdf("form", str(tmp_path / "form.pdf"))
    assert blocker.args[2] == "" and window._issuer_dialog is None


def test_cancelled_it_says_what_to_set_and_offers_a_draft_preview(
    qtbot: Any, window: Any, tmp_path: Path
) -> None:
    wiz = open_vpn(window)
    page = wiz.pages["export"]
    target = tmp_path / "quote.pdf"
    page.quote_btn.click()  # the button asks for a file only once the issuer is there
    dialog = window._issuer_dialog
    assert dialog.isVisible()
    button(dialog, QDialogButtonBox.StandardButton.Cancel).click()
    assert (not isValid(dialog) or not dialog.isVisible()) and not target.exists()
    said = page.message.text()
    assert "未設定: 住所、電話番号、担当者、登録番号" in said and "発行元の設定" in said
    assert "下書き" in said
    assert page.draft_preview_btn.isVisible()
    with qtbot.waitSignal(wiz.previewed, timeout=60000):
        page.draft_preview_btn.click()
    assert "下書き" in page.preview.page_text(1)  # the watermarked quote, never an issued one
    assert not page.draft_preview_btn.isVisible()
    assert window._issuer_dialog is dialog  # not asked again for the draft


def test_saved_without_what_a_quote_needs_is_told_like_a_cancel(qtbot: Any, window: Any) -> None:
    wiz = open_vpn(window)
    page = wiz.pages["export"]
    wiz.export_pdf("quote", "/nonexistent/never-written.pdf")
    dialog = window._issuer_dialog
    dialog.edits["person"].setText("営業部 佐藤 花子")
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        button(dialog, QDialogButtonBox.StandardButton.Save).click()
    said = page.message.text()
    assert "未設定: 住所、電話番号、登録番号" in said and "担当者" not in said
    assert page.draft_preview_btn.isVisible()


def test_preview_and_print_ask_for_the_issuer_too(
    qtbot: Any, window: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    from PySide6.QtPrintSupport import QPrinter

    import ui.common

    wiz = open_vpn(window)
    page = wiz.pages["export"]
    page.preview_btn.click()
    dialog = window._issuer_dialog
    assert dialog.isVisible() and not page.preview.has_content
    fill_issuer(dialog)
    with qtbot.waitSignal(wiz.previewed, timeout=60000):
        button(dialog, QDialogButtonBox.StandardButton.Save).click()
    first = page.preview.page_text(1)
    assert "営業部 佐藤 花子" in first and "下書き" not in first

    # printing a quote: the printer is chosen first (a form alone needs no issuer), then the issuer
    (tmp_path / "data" / "settings.json").unlink()
    out = tmp_path / "printed.pdf"

    def printer_to_file(_parent: Any, _options: Any = None) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return printer

    monkeypatch.setattr(ui.common, "ask_printer", printer_to_file)
    wiz.print_documents()
    dialog = window._issuer_dialog
    assert dialog.isVisible() and wiz.print_job is None and not out.exists()
    fill_issuer(dialog)
    with qtbot.waitSignal(wiz.printed, timeout=60000) as blocker:
        button(dialog, QDialogButtonBox.StandardButton.Save).click()
    assert blocker.args == [""] and out.exists()


# --- 2. the 版 of the quote number ---------------------------------------------------------------------


def test_the_edition_counts_issued_quotes_not_saves(
    qtbot: Any, window: Any, store: Any, data_dir: Path, tmp_path: Path
) -> None:
    write_issuer(data_dir)
    wiz = open_vpn(window)
    page = wiz.pages["export"]
    s = wiz.session
    for n in range(20):  # a morning of autosaves before the first quote
        s.set("/title", f"拠点間VPN 案{n}")
        wiz.autosave()
    assert store.info(s.draft_id).rev >= 20
    export(qtbot, wiz, tmp_path / "a.pdf")
    first = edition(tmp_path / "a.pdf")
    assert first.endswith("-R1")
    assert page.number.text() == first

    export(qtbot, wiz, tmp_path / "b.pdf")  # unchanged: the same quote again
    assert edition(tmp_path / "b.pdf") == first

    s.set("/vpn_networks/0/children/0/name", "大阪第二支店")  # an item of the issued quote changes
    export(qtbot, wiz, tmp_path / "c.pdf")
    second = edition(tmp_path / "c.pdf")
    assert second == first[:-1] + "2"
    assert page.number.text() == second

    page.draft.setChecked(True)  # a draft shows the next 版 but issues none
    s.set("/title", "拠点間VPN 下書き")
    export(qtbot, wiz, tmp_path / "d.pdf")
    assert edition(tmp_path / "d.pdf") == first[:-1] + "3"
    s.set("/title", "拠点間VPN 決定版")  # changed again after the draft: still the third 版, not a fourth
    page.draft.setChecked(False)
    export(qtbot, wiz, tmp_path / "e.pdf")
    assert edition(tmp_path / "e.pdf") == first[:-1] + "3"


def test_the_number_shown_follows_undo(
    qtbot: Any, window: Any, store: Any, data_dir: Path, tmp_path: Path
) -> None:
    """Issue R1, change an item elsewhere: 出力 shows R2; 元に戻す back to the issued content shows R1
    again, saved or not yet; やり直す shows R2."""
    write_issuer(data_dir)
    wiz = open_vpn(window)
    page = wiz.pages["export"]
    export(qtbot, wiz, tmp_path / "a.pdf")
    first = edition(tmp_path / "a.pdf")
    assert page.number.text() == first
    wiz.show_page("vpn_topology")
    wiz.session.set("/vpn_networks/0/children/0/name", "大阪第二支店")
    wiz.show_page("export")
    second = first[:-1] + "2"
    assert page.number.text() == second
    wiz.undo()
    assert page.number.text() == first  # before the autosave
    wiz.autosave()
    assert page.number.text() == first
    wiz.redo()
    assert page.number.text() == second
    export(qtbot, wiz, tmp_path / "b.pdf")
    assert edition(tmp_path / "b.pdf") == second == page.number.text()


def test_the_edition_after_undo_redo_a_reopen_and_the_contract_is_the_issued_one(
    qtbot: Any, window: Any, store: Any, data_dir: Path, tmp_path: Path
) -> None:
    """Issue R1, 元に戻す×3 and やり直す×3 (back to what was issued), close and reopen: 出力 shows R1; marked
    contracted, the change form names the quote the customer holds, R1, never a 版 not issued."""
    write_issuer(data_dir)
    wiz = open_vpn(window)
    s = wiz.session
    s.set("/title", "拠点間VPN 決定")
    s.set("/vpn_networks/0/children/0/name", "大阪第二支店")
    s.set("/billing/name", "経理部")  # an edit that makes the object it writes in
    wiz.show_page("export")
    export(qtbot, wiz, tmp_path / "a.pdf")
    first = edition(tmp_path / "a.pdf")
    assert first.endswith("-R1")
    for step in (wiz.undo, wiz.undo, wiz.undo, wiz.redo, wiz.redo, wiz.redo):
        step()
        wiz.autosave()
    for _ in range(3):  # and changed after the quote, then undone: the empty object stays behind
        s.set("/delivery/note", "至急")
        wiz.undo()
        wiz.autosave()
    draft = s.draft_id
    window.go_home()
    window.open_draft(draft)
    window.wizard.show_page("export")
    assert window.wizard.pages["export"].number.text() == first

    window.open_lifecycle(draft)
    view = window.lifecycle
    view.start_all.setText("2026-04-01")
    view.contractor.setText("株式会社サンプル")
    view.save_contracted()
    assert first in view.title.text()
    view.requested_by.setText("株式会社サンプル")
    view._set(view._sites()[1][0] + "/device", "c1121_8p")
    assert view.change_result.valid, view.change_report
    out = tmp_path / "change.pdf"
    with qtbot.waitSignal(view.exported, timeout=60000):
        view.export("change-form", str(out))
    assert f"ご契約の見積番号: {first}" in text_of(out)


def test_the_status_line_says_saved_without_a_revision_number(
    qtbot: Any, window: Any, data_dir: Path
) -> None:
    wiz = open_vpn(window)
    for n in range(3):
        wiz.session.set("/title", f"案{n}")
        wiz.autosave()
    number = window.store.info(wiz.session.draft_id).number
    assert f"{number} に保存しました" in wiz.status.text()
    assert "-R" not in wiz.status.text()


# --- 3. 承認済 from the team's local data --------------------------------------------------------------


def approve_locally(store: Any, draft_id: int, rev: int, approver: str) -> None:
    """What a sync writes when the team approved revision `rev` (configurator.team.sync._apply)."""
    from configurator.team.local import TeamLocal

    local = TeamLocal(store)
    rev_uuid = str(uuid.uuid4())
    with local.write() as db:
        db.execute(
            "INSERT INTO team_revs(uuid, draft_id, rev, parent, pushed) VALUES(?, ?, ?, NULL, 1)",
            [rev_uuid, draft_id, rev],
        )
        db.execute(
            "INSERT INTO team_drafts(draft_id, uuid, owner, approval, approval_rev, approval_by, "
            "approval_at) VALUES(?, ?, 'sato', 'approved', ?, 'takahashi', '2026-11-21T03:00:00+00:00')",
            [draft_id, str(uuid.uuid4()), rev_uuid],
        )
        local.set(db, "member:takahashi", approver)


def test_an_approved_draft_prints_the_stamp_and_a_changed_one_does_not(
    qtbot: Any, window: Any, store: Any, data_dir: Path, tmp_path: Path
) -> None:
    from configurator.team.linked import linked

    write_issuer(data_dir)
    wiz = open_vpn(window)
    wiz.autosave()
    export(qtbot, wiz, tmp_path / "plain.pdf")
    assert "承認済" not in text_of(tmp_path / "plain.pdf")
    assert not linked(store)  # a laptop without a team: nothing was added to its store

    s = wiz.session
    approve_locally(store, s.draft_id, s.base_rev, "高橋課長")
    export(qtbot, wiz, tmp_path / "approved.pdf")
    text = text_of(tmp_path / "approved.pdf")
    assert "承認済" in text and "高橋課長" in text and "2026年11月21日" in text

    s.set("/title", "承認後に変えた件名")  # the approval was of the revision before
    export(qtbot, wiz, tmp_path / "changed.pdf")
    assert "承認済" not in text_of(tmp_path / "changed.pdf")


# --- 4. what the documents cannot print as written ------------------------------------------------------


def test_unprintable_characters_and_long_texts_are_told_before_and_after(
    qtbot: Any, window: Any, data_dir: Path, tmp_path: Path
) -> None:
    write_issuer(data_dir)
    wiz = open_vpn(window)
    page = wiz.pages["export"]
    assert page.notes.isHidden()  # nothing to tell about the example
    wiz.session.set("/customer/name", "株式会社ก商事")  # Thai: in no font here
    before = page.notes.text()
    assert not page.notes.isHidden()
    assert "「ก」(U+0E01)" in before and "〓" in before
    assert "お客様情報の「お客様名」の文字" in before and "/customer" not in before  # named, no pointer
    wiz.session.set("/title", "長い件名" * 200)
    export(qtbot, wiz, tmp_path / "q.pdf")
    after = page.notes.text()
    assert after.startswith("保存した見積書について:")
    assert "お客様情報の「お客様名」の文字 「ก」(U+0E01)" in after
    assert "「件名」は長いため" in after and "別添1" in after
    assert "別添1" in text_of(tmp_path / "q.pdf")

    with qtbot.waitSignal(wiz.previewed, timeout=60000):
        page.preview_btn.click()
    assert "見積書: 「件名」は長いため" in page.notes.text()

    i18n.install("en")
    page.refresh()
    assert "print as 〓" in page.notes.text() and "U+0E01" in page.notes.text()
    export(qtbot, wiz, tmp_path / "q-en.pdf")
    english = page.notes.text()
    assert english.startswith("Notes on the saved Quote:")
    assert "is too long for its place" in english and "別添1" in english


def test_the_issuer_prompt_in_english_has_its_buttons_named(qtbot: Any, window: Any) -> None:
    """Qt's own button texts were blank in English: the mnemonic helper of ui/qtlang.py answered every
    string it had nothing for with an empty translation."""
    from PySide6.QtCore import QCoreApplication, QLocale

    from ui import qtlang

    before = QLocale()
    try:
        i18n.install("en")
        qtlang.install("en")
        wiz = open_vpn(window)
        wiz.export_pdf("quote", "/nonexistent/never-written.pdf")
        dialog = window._issuer_dialog
        named = "Not set: Address, Phone number, Person in charge, Invoice registration number"
        assert named in dialog.why.text()  # as the dialog labels its fields
        assert button(dialog, QDialogButtonBox.StandardButton.Save).text() == "Save"
        assert button(dialog, QDialogButtonBox.StandardButton.Cancel).text() == "Cancel"
        qtlang.install("ja")  # an untranslated Qt string keeps its source text in Japanese too
        assert QCoreApplication.translate("QIssuerTest", "Nothing for this") == "Nothing for this"
        assert QCoreApplication.translate("QPlatformTheme", "Save") == "保存"
    finally:  # Qt's translators off again, as the other tests expect
        for t in qtlang._installed:
            QCoreApplication.removeTranslator(t)
        qtlang._installed.clear()
        QLocale.setDefault(before)


def test_the_save_order_button_asks_where_and_saves(
    qtbot: Any, window: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    """注文ファイルを保存(S)… on the export page asks for the file (its clicked(bool) once reached
    save_order_file as the path False, which quietly did nothing) and saves the order there."""
    import json

    import ui.wizard_output

    wiz = open_vpn(window)
    wiz.show_page("export")
    target = tmp_path / "saved.iij-order.json"
    asked: list[str] = []

    def ask(_parent: Any, title: str, name: str, _filter: str) -> str:
        asked.append(name)
        return str(target)

    monkeypatch.setattr(ui.wizard_output, "ask_save_file", ask)
    wiz.pages["export"].order_btn.click()
    assert asked and asked[0].endswith(".iij-order.json")
    assert json.loads(target.read_text(encoding="utf-8"))["title"] == wiz.session.doc["title"]
    assert "保存しました" in wiz.pages["export"].message.text()


def test_the_form_button_is_off_with_the_reason_while_the_form_lacks_what_stops_it(
    qtbot: Any, window: Any, data_dir: Path
) -> None:
    """Errors of the application form only (a site without its address): the 申込書 button is disabled
    and says why, the quote's stays on; as a 下書き the 申込書 can be made."""
    from configurator.session import edits

    write_issuer(data_dir)  # a salesperson with the issuer set: only the form's gap is left
    wiz = open_vpn(window)
    s = wiz.session
    assert s.issue_stoppers("quote") == [] and s.issue_stoppers("form") == []
    ptr = "/vpn_networks/0/children/0/address"
    page = wiz.pages["export"]
    page.apply(edits.bulk_set([ptr], ""))
    page.on_changed()
    assert s.issue_stoppers("quote") == [] and s.issue_stoppers("form") != []
    assert page.quote_btn.isEnabled()
    assert not page.form_btn.isEnabled() and "確認" in page.form_btn.toolTip()
    # the preview shows the 申込書 as it would be made: a 下書き; the quote is not one
    with qtbot.waitSignal(wiz.previewed, timeout=60000):
        page.preview_btn.click()
    texts = [page.preview.page_text(n) for n in range(1, len(page.preview._pages) + 1)]
    quote_pages = [t for t in texts if "御見積書" in t]
    form_pages = [t for t in texts if "申込書" in t and "御見積書" not in t]
    assert quote_pages and form_pages
    assert not any("下書き" in t for t in quote_pages)
    assert all("下書き" in t for t in form_pages)
    page.draft.setChecked(True)
    assert page.form_btn.isEnabled()
