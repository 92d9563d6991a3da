"""A preview of a PDF inside the app: pages rendered with PDFium (pypdfium2) into a scroll area."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from configurator.text.i18n import _

MAX_PREVIEW_PAGES = 20


def render_pages(data: bytes, scale: float = 1.2, limit: int = MAX_PREVIEW_PAGES) -> list[QImage]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    images = []
    try:
        for i in range(min(len(pdf), limit)):
            bitmap = pdf[i].render(scale=scale)
            # BGRA bytes are Qt's ARGB32 on the little-endian machines the app runs on (Format_BGRA8888
            # does not exist before Qt 6.8)
            fmt = QImage.Format.Format_ARGB32 if bitmap.n_channels == 4 else QImage.Format.Format_BGR888
            img = QImage(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride, fmt)
            images.append(img.copy())
    finally:
        pdf.close()
    return images


class PdfPreview(QScrollArea):
    def __init__(self) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setAccessibleName(_('PDFのプレビュー'))
        self.shown = 0
        self._set_body([QLabel(_('「プレビューを更新」で見積書と申込書をここに表示します。'))])

    def _set_body(self, widgets: list[QWidget]) -> None:
        body = QWidget()
        layout = QVBoxLayout(body)
        for w in widgets:
            layout.addWidget(w, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        self.setWidget(body)  # the old body is deleted by the scroll area

    def show_pdfs(self, docs: list[tuple[str, bytes]]) -> None:
        widgets: list[QWidget] = []
        self.shown = 0
        for title, data in docs:
            head = QLabel(title)
            head.setStyleSheet("font-weight: bold; margin-top: 8px;")
            widgets.append(head)
            images = render_pages(data)
            for img in images:
                lab = QLabel()
                pix = QPixmap.fromImage(img)
                lab.setPixmap(pix)
                lab.setFixedSize(pix.size())
                lab.setStyleSheet("border: 1px solid #bbb; background: white;")
                widgets.append(lab)
                self.shown += 1
            if len(images) == MAX_PREVIEW_PAGES:
                widgets.append(QLabel(_('(先頭の{MAX_PREVIEW_PAGES}ページを表示しています)').format(MAX_PREVIEW_PAGES=MAX_PREVIEW_PAGES)))
        self._set_body(widgets)
