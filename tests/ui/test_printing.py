"""印刷 from the export page: off the UI thread with a progress dialog that can stop it, the documents the
user chose in the print dialog, and (where CUPS is) the PDF itself handed to `lp` with the document's name
as the job title, so it prints as vectors at 100% (a fake `lp` on PATH records what it was given)."""

from __future__ import annotations

import io
import json
import os
import stat
import sys
import threading
from pathlib import Path
from typing import Any

import pypdf
import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QPushButton

from tests.conftest import EXAMPLES

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the CUPS route is for Linux and macOS")


@pytest.fixture
def fake_lp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An `lp` that records its arguments and its standard input, one file each per call."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "lp-calls"
    log.mkdir()
    script = bin_dir / "lp"
    script.write_text(
        f"#!{sys.executable}\n"
        "import json, sys, pathlib\n"
        f"log = pathlib.Path({str(log)!r})\n"
        "n = len(list(log.glob('*.json'))) + 1\n"
        "(log / f'{n}.json').write_text(json.dumps(sys.argv[1:]))\n"
        "(log / f'{n}.in').write_bytes(sys.stdin.buffer.read())\n"
        "print(f'request id is Office-{n} (0 file(s))')\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    return log


class OfficeQueue(QPrinter):
    """The printer a user picks in the dialog: a CUPS queue named Office, two copies."""

    def printerName(self) -> str:
        return "Office"

    def copyCount(self) -> int:
        return 2


def choose(monkeypatch: pytest.MonkeyPatch, printer: Any, which: str) -> list[Any]:
    """Answer the print dialog: `printer`, and the document choice of its extra tab."""
    import ui.common

    seen: list[Any] = []

    def dialog(_parent: Any, options: Any = None) -> Any:
        seen.append(options)
        getattr(options, which).setChecked(True)
        return printer

    monkeypatch.setattr(ui.common, "ask_printer", dialog)
    return seen


def calls(log: Path) -> list[tuple[list[str], bytes]]:
    return [(json.loads((log / f"{n}.json").read_text()), (log / f"{n}.in").read_bytes())
            for n in range(1, len(list(log.glob("*.json"))) + 1)]


def test_the_quote_goes_to_cups_as_the_pdf_itself_titled_with_its_name(
        qtbot: Any, window: Any, fake_lp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window.open_path(str(EXAMPLES / "auth.iij-order.json"))
    wiz = window.wizard
    offered = choose(monkeypatch, OfficeQueue(), "quote")
    with qtbot.waitSignal(wiz.printed, timeout=60000) as blocker:
        wiz.print_documents()
        # the window is not held while the documents are made: the job runs, its progress shows
        assert wiz.print_job is not None and wiz.background.running("print")
        assert wiz.print_job.progress.isVisible() and wiz.print_job.route == "cups"
    assert blocker.args == [""]
    assert [b.text() for b in (offered[0].both, offered[0].quote, offered[0].form)] == [
        "見積書と申込書(&B)", "見積書だけ(&Q)", "申込書だけ(&A)"]
    sent = calls(fake_lp)
    assert len(sent) == 1  # only the quote, as chosen
    args, data = sent[0]
    assert args[args.index("-d") + 1] == "Office"
    assert args[args.index("-t") + 1].startswith("見積書")
    assert args[args.index("-n") + 1] == "2"
    # the job is the PDF, not pictures of it: text on its pages, no image on any page, a few kB
    assert data.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert "御見積書" in reader.pages[0].extract_text().replace(" ", "")
    assert all(not page.images for page in reader.pages)
    assert len(data) < 200_000
    assert "印刷に送りました" in wiz.pages["export"].message.text()


def test_both_documents_are_two_jobs_each_named(qtbot: Any, window: Any, fake_lp: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    window.open_path(str(EXAMPLES / "auth.iij-order.json"))
    wiz = window.wizard
    choose(monkeypatch, OfficeQueue(), "both")
    with qtbot.waitSignal(wiz.printed, timeout=60000):
        wiz.print_documents()
    titles = [args[args.index("-t") + 1].split()[0] for args, _data in calls(fake_lp)]
    assert titles == ["見積書", "申込書"]
    assert wiz.print_job is None


def test_a_print_can_be_stopped_before_anything_is_sent(qtbot: Any, window: Any, fake_lp: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from configurator.documents import export

    window.open_path(str(EXAMPLES / "auth.iij-order.json"))
    wiz = window.wizard
    choose(monkeypatch, OfficeQueue(), "both")
    go = threading.Event()
    real_build = export.build

    def slow_build(*a: Any, **k: Any) -> bytes:
        go.wait(30)  # a big order: the user presses 中止 while it is being made
        return real_build(*a, **k)

    monkeypatch.setattr(export, "build", slow_build)
    with qtbot.waitSignal(wiz.printed, timeout=60000) as blocker:
        wiz.print_documents()
        stop = wiz.print_job.progress.findChild(QPushButton)
        assert stop.text() == "中止"
        stop.click()
        go.set()
    assert "中止" in blocker.args[0]
    assert calls(fake_lp) == []
    assert "中止" in wiz.pages["export"].message.text()


def test_without_cups_each_page_is_drawn_at_its_true_size(qtbot: Any, window: Any, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The fallback (Windows, no lp): pages rendered and drawn on the whole sheet, not shrunk."""
    import ui.printing

    out = tmp_path / "raster.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    monkeypatch.setattr(ui.printing, "route", lambda _printer: "raster")
    window.open_path(str(EXAMPLES / "auth.iij-order.json"))
    wiz = window.wizard
    choose(monkeypatch, printer, "form")
    with qtbot.waitSignal(wiz.printed, timeout=60000) as blocker:
        wiz.print_documents()
    assert blocker.args == [""]
    reader = pypdf.PdfReader(str(out))
    assert len(reader.pages) == 2  # the application form only
    page = reader.pages[0]
    assert page.images  # a picture of the page ...
    assert abs(float(page.mediabox.width) - 595.3) < 2 and abs(float(page.mediabox.height) - 841.9) < 2
