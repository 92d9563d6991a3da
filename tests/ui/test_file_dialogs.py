"""File dialogs: wholly in Japanese in Japanese mode (Qt's own translations, dates in the Japanese style),
opening in the documents folder or the last one used, never in the app's folder; after a PDF is saved the
user can open it or its folder."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QStandardPaths, QUrl
from PySide6.QtWidgets import QAbstractButton, QApplication, QFileDialog, QFileSystemModel, QLabel

from tests.conftest import EXAMPLES


@pytest.fixture
def japanese_qt(qapp: QApplication) -> Iterator[None]:
    from ui import qtlang
    from ui.app import install_language

    before = QLocale()
    install_language(qapp, "ja")
    yield
    for t in qtlang._installed:
        QCoreApplication.removeTranslator(t)
    qtlang._installed.clear()
    QLocale.setDefault(before)


def english_words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z]{2,}", text.replace("&", ""))


@pytest.mark.skipif(os.name == "nt", reason="Windows shows its own (Japanese) dialog")
def test_the_file_dialog_has_no_english_in_japanese_mode(
    qtbot: Any, japanese_qt: None, data_dir: Path
) -> None:
    from ui.common import file_dialog

    dialog = file_dialog(None, "見積書PDFを保存", "PDF (*.pdf)", save=True, suggested="見積書.pdf")
    qtbot.addWidget(dialog)
    dialog.show()
    texts = [w.text() for w in dialog.findChildren(QLabel) if w.isVisible()]
    texts += [b.text() for b in dialog.findChildren(QAbstractButton) if b.isVisible()]
    assert "アドレス(&L):" in texts and "ファイルの種類(&T):" in texts  # "Look in:", "Files of type:" before
    assert [t for t in texts if english_words(t)] == []


def test_dates_in_the_file_dialog_read_the_japanese_way(
    qtbot: Any, japanese_qt: None, tmp_path: Path
) -> None:
    from ui.common import LocalDates

    (tmp_path / "見積書.pdf").write_bytes(b"%PDF-1.4\n")
    files = QFileSystemModel()
    dates = LocalDates()
    dates.setSourceModel(files)
    with qtbot.waitSignal(files.directoryLoaded, timeout=10000):
        root = files.setRootPath(str(tmp_path))
    row = files.index(str(tmp_path / "見積書.pdf"))
    shown = dates.mapFromSource(row.siblingAtColumn(LocalDates.DATE_COLUMN)).data()
    assert re.fullmatch(r"\d{4}/\d{2}/\d{2} \d{1,2}:\d{2}", shown), shown  # not "2 12 2026 12:42"
    assert root.isValid()


def test_dialogs_open_in_the_documents_folder_then_in_the_last_one_used(
    qtbot: Any, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.common import ask_save_file, file_dialog

    first = file_dialog(None, "開く", "PDF (*.pdf)")
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    assert Path(first.directory().absolutePath()) in (Path(docs), Path.home())
    assert Path(first.directory().absolutePath()) != Path.cwd()
    first.deleteLater()
    chosen = tmp_path / "お客様" / "見積書_Q1.pdf"
    chosen.parent.mkdir()
    offered: list[str] = []

    def the_user_picks(self: QFileDialog) -> int:  # the dialog, answered without a modal loop
        offered.extend(self.selectedFiles())
        self.selectFile(str(chosen))
        return QFileDialog.DialogCode.Accepted.value

    monkeypatch.setattr(QFileDialog, "exec", the_user_picks)
    assert ask_save_file(None, "見積書PDFを保存", "見積書_Q1.pdf", "PDF (*.pdf)") == str(chosen)  # type: ignore[arg-type]
    assert offered and Path(offered[0]).name == "見積書_Q1.pdf"  # the suggested name in the start folder
    again = file_dialog(None, "開く", "PDF (*.pdf)")
    assert Path(again.directory().absolutePath()) == chosen.parent  # remembered in the settings
    again.deleteLater()


def test_after_saving_a_pdf_it_or_its_folder_can_be_opened(
    qtbot: Any, window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ui.common

    opened: list[str] = []
    monkeypatch.setattr(ui.common, "open_url", lambda url: opened.append(QUrl(url).toLocalFile()) or True)
    window.open_path(str(EXAMPLES / "auth.iij-order.json"))
    wiz = window.wizard
    target = tmp_path / "見積書.pdf"
    with qtbot.waitSignal(wiz.exported, timeout=60000):
        wiz.export_pdf("quote", str(target))
    box = wiz._open_offer
    assert box.isVisible() and "見積書.pdf" in box.text()
    buttons = {b.text(): b for b in box.buttons()}
    assert set(buttons) == {"PDFを開く(&O)", "フォルダを開く(&F)", "閉じる"}
    buttons["PDFを開く(&O)"].click()
    assert opened == [str(target)]
    with qtbot.waitSignal(wiz.exported, timeout=60000):
        wiz.export_pdf("quote", str(target))
    second = wiz._open_offer
    assert second is not box  # one offer at a time
    {b.text(): b for b in second.buttons()}["フォルダを開く(&F)"].click()
    assert opened[-1] == str(tmp_path)


@pytest.mark.skipif(os.name == "nt", reason="Windows shows its own print dialog")
def test_the_print_dialog_asks_which_documents_in_japanese(qtbot: Any, japanese_qt: None) -> None:
    from PySide6.QtPrintSupport import QPrinter

    from ui.common import print_dialog
    from ui.printing import DocumentChoice

    choice = DocumentChoice()
    printer = QPrinter()
    dialog = print_dialog(None, printer, choice)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "印刷"
    assert choice.isVisible() and choice.both.isChecked()  # the choice is in front, not folded away
    texts = [w.text() for w in dialog.findChildren(QLabel) if w.isVisible()]
    texts += [b.text() for b in dialog.findChildren(QAbstractButton) if b.isVisible()]
    assert [t for t in texts if english_words(t.replace("PDF", ""))] == []
    choice.form.setChecked(True)
    assert choice.kinds() == ("form",)
