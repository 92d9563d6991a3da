"""Printing the quote and the application form: off the UI thread, with a progress dialog that can stop
it, each document as its own job titled with the document's name.

Where the documents go (route()):
- "cups": Linux and macOS with CUPS (an `lp` command and the printer chosen in the dialog): the PDF
  itself is handed to CUPS (`lp -d <printer> -t <title> -n <copies>`, the PDF on its standard input),
  so it prints as vectors at 100%, as the file would from a PDF viewer. A job of a few kilobytes
  where the raster path sent some 10 MB a page.
- "file": the dialog's "print to file" (PDF): the PDFs themselves, joined, written whole or not at all.
- "raster": everything else, Windows included: each page rendered by PDFium at the printer's resolution
  (at most 300 dpi) and drawn at its true size on the whole sheet (QPrinter full page, no shrinking),
  one page per event-loop turn so the window stays responsive. On Windows the better way is PDFium's
  own FPDF_RenderPage onto the printer's device context (vectors, the driver scales nothing); Qt does
  not hand out the printer's HDC, so that needs win32print/win32ui to open the printer and a DC of our
  own: not done here, the raster path is the fallback that works everywhere.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QProgressDialog, QRadioButton, QVBoxLayout, QWidget

from configurator.text.i18n import N_, _
from ui.common import plain_text
from ui.jobs import Jobs, Step

#: the documents of an order, in print order
DOCUMENTS = {"quote": N_('見積書'), "form": N_('申込書')}
RASTER_DPI = 300


def doc_label(kind: str) -> str:
    return _(DOCUMENTS[kind])


class DocumentChoice(QWidget):
    """The print dialog's tab that asks which documents to print (見積書, 申込書, both)."""

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle(_('印刷する書類'))  # the tab's title in the print dialog
        layout = QVBoxLayout(self)
        self.both = QRadioButton(_('見積書と申込書(&B)'))
        self.quote = QRadioButton(_('見積書だけ(&Q)'))
        self.form = QRadioButton(_('申込書だけ(&A)'))
        for b in (self.both, self.quote, self.form):
            b.setAccessibleName(plain_text(b.text()))  # in English it kept the "&" ("&Both")
            layout.addWidget(b)
        layout.addStretch(1)
        self.both.setChecked(True)

    def kinds(self) -> tuple[str, ...]:
        if self.quote.isChecked():
            return ("quote",)
        if self.form.isChecked():
            return ("form",)
        return ("quote", "form")


def route(printer: Any) -> str:
    """ "file", "cups" or "raster" (see the module's docstring)."""
    from PySide6.QtPrintSupport import QPrinter

    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName():
        return "file"
    if sys.platform != "win32" and printer.printerName() and shutil.which("lp"):
        return "cups"
    return "raster"


def lp_command(printer_name: str, title: str, copies: int) -> list[str]:
    lp = shutil.which("lp") or "lp"
    return [lp, "-d", printer_name, "-t", title, "-n", str(max(1, copies))]


def send_to_cups(data: bytes, printer_name: str, title: str, copies: int) -> str:
    """Hand one PDF to CUPS; its request id ("queue-12"), or a RuntimeError with what lp said."""
    from configurator.errors import KnownError

    try:
        done = subprocess.run(
            lp_command(printer_name, title, copies), input=data, capture_output=True, timeout=120, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise KnownError(
            f"プリンタ {printer_name} に送れませんでした: {exc}",
            f"Could not send to the printer {printer_name}: {exc}",
        ) from exc
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip() or f"lp exit {done.returncode}"
        raise KnownError(
            f"プリンタ {printer_name} に送れませんでした: {said}",
            f"Could not send to the printer {printer_name}: {said}",
        )
    found = re.search(r"request id is (\S+)", done.stdout.decode("utf-8", "replace"))
    return found.group(1) if found else ""


def join_pdfs(parts: Sequence[bytes]) -> bytes:
    import io

    import pypdf

    writer = pypdf.PdfWriter()
    for data in parts:
        writer.append(pypdf.PdfReader(io.BytesIO(data)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


class PrintJob(QObject):
    """One print: the documents built on a worker thread (ui/jobs.py), then sent by the route of the
    printer; a progress dialog with 中止 the whole time. `done(message)` at the end: "" when printed,
    the reason otherwise (also when cancelled)."""

    done = Signal(str)

    def __init__(
        self,
        parent: QWidget,
        jobs: Jobs,
        printer: Any,
        kinds: Sequence[str],
        build: Callable[[str], bytes],
        number: str = "",
    ) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.jobs = jobs
        self.printer = printer
        self.kinds = tuple(kinds)
        self.build = build
        self.number = number
        self.route = route(printer)
        self.requests: list[str] = []  # the CUPS request ids
        self.token = 0
        self.cancelled = False
        self._pages: list[Any] = []
        self._painter: QPainter | None = None
        self._timer: QTimer | None = None
        self.progress = QProgressDialog(_('印刷の準備をしています…'), _('中止'), 0, 0, parent)
        self.progress.setWindowTitle(_('印刷'))
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(0)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        self.progress.canceled.connect(self.cancel)

    def title(self, kind: str) -> str:
        label = doc_label(kind)
        return f"{label} {self.number}" if self.number else label

    def start(self) -> None:
        self.progress.setMaximum(len(self.kinds))
        self.progress.setValue(0)
        self.progress.show()
        self.jobs.progress.connect(self._on_progress)
        kinds, build, how = self.kinds, self.build, self.route
        if how == "cups":
            name, copies = self.printer.printerName(), self.printer.copyCount()
            titles = {k: self.title(k) for k in kinds}

            def work(step: Step) -> Any:
                ids = []
                for i, kind in enumerate(kinds):
                    step.report(i, len(kinds))
                    data = build(kind)
                    step.check()
                    ids.append(send_to_cups(data, name, titles[kind], copies))
                return ids
        elif how == "file":
            target = self.printer.outputFileName()

            def work(step: Step) -> Any:
                from configurator.documents.common import write_pdf

                parts = []
                for i, kind in enumerate(kinds):
                    step.report(i, len(kinds))
                    parts.append(build(kind))
                step.check()
                write_pdf(target, parts[0] if len(parts) == 1 else join_pdfs(parts))
                return []
        else:

            def work(step: Step) -> Any:
                parts = []
                for i, kind in enumerate(kinds):
                    step.report(i, len(kinds))
                    parts.append(build(kind))
                return parts

        self.token = self.jobs.run_steps(
            work,
            success=self._built,
            failure=self._finish,
            cancelled=lambda: self._finish(_('印刷を中止しました。')),
            name="print",
        )

    def _on_progress(self, token: int, done: int, total: int) -> None:
        if token == self.token:
            self.progress.setLabelText(
                _('{label}を作成しています…({done}/{total})').format(
                    label=doc_label(self.kinds[done]), done=done + 1, total=total
                )
            )
            self.progress.setValue(done)

    def cancel(self) -> None:
        self.cancelled = True
        if self.jobs.cancel(self.token):
            return  # the worker stops at its next step; _finish follows
        if self._timer is not None:  # the raster pages being drawn
            self._timer.stop()
            self.printer.abort()
            self._end_painter()
            self._finish(_('印刷を中止しました。'))

    def _built(self, result: Any) -> None:
        if self.route != "raster":
            self.requests = list(result)
            self._finish("")
            return
        self._start_raster(list(result))

    # --- the raster fallback: one page per event-loop turn --------------------------------------

    def _start_raster(self, parts: list[bytes]) -> None:
        import pypdfium2 as pdfium

        self.printer.setDocName(_('・').join(self.title(k) for k in self.kinds))
        self.printer.setFullPage(True)  # the page drawn on the whole sheet at its own size
        self._docs = [pdfium.PdfDocument(data) for data in parts]
        self._pages = [(d, i) for d in self._docs for i in range(len(d))]
        self._next = 0
        self.progress.setMaximum(len(self._pages))
        self.progress.setValue(0)
        self._painter = QPainter()
        if not self._painter.begin(self.printer):
            self._painter = None
            self._close_docs()
            self._finish(_('プリンタを開けませんでした。'))
            return
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._raster_page)
        self._timer.start()

    def _raster_page(self) -> None:
        assert self._painter is not None and self._timer is not None
        doc, index = self._pages[self._next]
        if self._next:
            self.printer.newPage()
        dpi = min(RASTER_DPI, self.printer.resolution())
        page = doc[index]
        width_pt, height_pt = page.get_size()
        bitmap = page.render(scale=dpi / 72)
        fmt = (
            QImage.Format.Format_ARGB32 if bitmap.n_channels == 4 else QImage.Format.Format_BGR888
        )  # BGRA bytes
        image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, fmt)
        res = self.printer.resolution()
        target = image.rect()
        target.setSize(
            target.size().scaled(
                round(width_pt / 72 * res), round(height_pt / 72 * res), Qt.AspectRatioMode.IgnoreAspectRatio
            )
        )
        self._painter.drawImage(target, image)
        del image, bitmap
        page.close()
        self._next += 1
        self.progress.setLabelText(
            _('{done}/{total}ページを印刷しています…').format(done=self._next, total=len(self._pages))
        )
        self.progress.setValue(self._next)
        if self._next >= len(self._pages):
            self._timer.stop()
            self._end_painter()
            self._finish("")

    def _end_painter(self) -> None:
        if self._painter is not None:
            self._painter.end()
            self._painter = None
        self._close_docs()

    def _close_docs(self) -> None:
        for d in getattr(self, "_docs", []):
            d.close()
        self._docs = []
        self._pages = []

    def _finish(self, message: str) -> None:
        with contextlib.suppress(RuntimeError, TypeError):
            self.jobs.progress.disconnect(self._on_progress)
        self.progress.hide()
        self.progress.deleteLater()
        self.done.emit(message)
        self.deleteLater()
