"""A preview of a PDF inside the app: pages rendered with PDFium (pypdfium2) into a scroll area."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

MAX_PREVIEW_PAGES = 20


def render_pages(data: bytes, scale: float = 1.2, limit: int = MAX_PREVIEW_PAGES) -> list[QImage]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    images = []
    try:
        for i in range(min(len(pdf), limit)):
            bitmap = pdf[i].render(scale=scale)
            arr = bitmap.buffer
            img = QImage(bytes(arr), bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_BGRA8888
                         if bitmap.n_channels == 4 else QImage.Format.Format_BGR888)
            images.append(img.copy())
    finally:
        pdf.close()
    return images


class PdfPreview(QScrollArea):
    def __init__(self) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setAccessibleName("PDFのプレビュー")
        self.body = QWidget()
        self.pages = QVBoxLayout(self.body)
        self.pages.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.setWidget(self.body)
        self.shown = 0
        self.note = QLabel("「プレビューを更新」で見積書と申込書をここに表示します。")
        self.pages.addWidget(self.note)

    def show_pdfs(self, docs: list[tuple[str, bytes]]) -> None:
        while self.pages.count():
            w = self.pages.takeAt(0).widget()
            if w:
                w.deleteLater()
        self.shown = 0
        for title, data in docs:
            head = QLabel(title)
            head.setStyleSheet("font-weight: bold; margin-top: 8px;")
            self.pages.addWidget(head)
            images = render_pages(data)
            for img in images:
                lab = QLabel()
                lab.setPixmap(QPixmap.fromImage(img))
                lab.setStyleSheet("border: 1px solid #bbb; background: white;")
                self.pages.addWidget(lab)
                self.shown += 1
            if len(images) == MAX_PREVIEW_PAGES:
                self.pages.addWidget(QLabel(f"(先頭の{MAX_PREVIEW_PAGES}ページを表示しています)"))
