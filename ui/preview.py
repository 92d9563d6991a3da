"""A preview of PDFs inside the app: pages rendered with PDFium (pypdfium2), with zoom (Ctrl+wheel, Ctrl++,
Ctrl+-, 幅に合わせる), page navigation, text search, and a notice when the order has changed since.

Only the pages in view (and a few either side) hold a picture; the others are blank frames of the right
size. A day of previews keeps the pictures of a screenful, whatever the number of pages or of previews.
Pages are rendered one per event-loop turn, those in view first; after a zoom the old picture is shown
scaled until the new one is made (issue 22 item 5: a zoom step no longer holds the UI thread for a
screenful of pages)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QShortcut, QWheelEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from configurator.text.i18n import _
from ui.common import set_tip

MAX_PREVIEW_PAGES = 20
# percent; 100% = the paper's size at 96 dpi. Up to 200%: one A4 page at 400% took 200-370 ms to draw
ZOOMS = (25, 33, 50, 67, 75, 90, 100, 125, 150, 175, 200)
DEFAULT_ZOOM = 90
KEEP_RENDERED = 3  # pages kept rendered on each side of the ones in view, at most,
PICTURE_BUDGET_MB = 32  # and only while all the pictures kept fit in this (those in view are always kept):
# an A4 page is 3.6 MB at 100% but 14 MB at 200%, and seven of them were kept whatever the zoom


def render_pages(data: bytes, scale: float = 1.2, limit: int = MAX_PREVIEW_PAGES) -> list[QImage]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    images = []
    try:
        for i in range(min(len(pdf), limit)):
            images.append(_render(pdf[i], scale))
    finally:
        pdf.close()
    return images


def _render(page: Any, scale: float) -> QImage:
    bitmap = page.render(scale=scale)
    # BGRA bytes are Qt's ARGB32 on the little-endian machines the app runs on (Format_BGRA8888 does not
    # exist before Qt 6.8)
    fmt = QImage.Format.Format_ARGB32 if bitmap.n_channels == 4 else QImage.Format.Format_BGR888
    return QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, fmt).copy()  # one copy, ours


class _Page(QLabel):
    def __init__(self, doc: int, index: int, size_pt: tuple[float, float]) -> None:
        super().__init__()
        self.doc, self.index, self.size_pt = doc, index, size_pt
        self.rendered_at = 0.0  # the scale of the picture it holds; 0 when blank
        # after a zoom, the picture at the old scale is shown scaled until the new one is made
        self.setScaledContents(True)
        self.setStyleSheet("border: 1px solid #bbb; background: white;")
        self.setAccessibleName(_('{index}ページ').format(index=index + 1))
        self.mark = QLabel(self)  # the search hit, drawn over the page
        self.mark.setStyleSheet("background: rgba(255, 200, 0, 110); border: 1px solid #e09000;")
        self.mark.hide()


class PdfPreview(QWidget):
    """`show_pdfs([(title, bytes), …])` shows documents; `mark_stale()` says they are out of date."""

    rendered = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName(_('PDFのプレビュー'))
        self.shown = 0  # pages in the preview
        self.zoom: float = DEFAULT_ZOOM
        self.fit = False  # the zoom follows the width of the view
        self.stale = False
        self.hits: list[tuple[int, int, tuple[float, float, float, float]]] = []  # doc, page, box (pt)
        self.hit = -1
        self._docs: list[Any] = []  # pypdfium2 documents, open while shown
        self._pages: list[_Page] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.zoom_out_btn = QPushButton("−")
        self.zoom_out_btn.setAccessibleName(_('縮小'))
        set_tip(self.zoom_out_btn, _('縮小(Ctrl+-)'))
        self.zoom_label = QLabel()
        self.zoom_label.setAccessibleName(_('倍率'))
        self.zoom_in_btn = QPushButton("+")
        self.zoom_in_btn.setAccessibleName(_('拡大'))
        set_tip(self.zoom_in_btn, _('拡大(Ctrl++)'))
        self.fit_btn = QPushButton(_('幅に合わせる(&D)'))
        set_tip(self.fit_btn, _('幅に合わせる(Ctrl+0)'))
        self.fit_btn.setAccessibleName(_('幅に合わせる'))
        self.prev_btn = QPushButton("◀")
        self.prev_btn.setAccessibleName(_('前のページ'))
        self.page_box = QSpinBox()
        self.page_box.setAccessibleName(_('ページ番号'))
        self.page_box.lineEdit().setAccessibleName(_('ページ番号'))
        self.page_box.setMinimum(1)
        self.page_count = QLabel()
        self.next_btn = QPushButton("▶")
        self.next_btn.setAccessibleName(_('次のページ'))
        self.search = QLineEdit()
        self.search.setPlaceholderText(_('プレビュー内を検索'))
        self.search.setAccessibleName(_('プレビュー内を検索'))
        self.search.setClearButtonEnabled(True)
        self.find_btn = QPushButton(_('次を検索(&K)'))
        self.find_btn.setAccessibleName(_('次を検索'))
        self.found = QLabel()
        self.found.setAccessibleName(_('検索の結果'))
        for b in (self.zoom_out_btn, self.zoom_in_btn, self.prev_btn, self.next_btn):
            b.setFixedWidth(b.fontMetrics().horizontalAdvance("MM") + 16)
        for w in (
            self.zoom_out_btn,
            self.zoom_label,
            self.zoom_in_btn,
            self.fit_btn,
            self.prev_btn,
            self.page_box,
            self.page_count,
            self.next_btn,
        ):
            bar.addWidget(w)
        bar.addStretch(1)
        for tail in (self.search, self.find_btn, self.found):
            bar.addWidget(tail)
        outer.addLayout(bar)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(
            "background: #fff4d6; color: #6a4500; padding: 4px; border: 1px solid #e0c070;"
        )
        self.notice.setAccessibleName(_('プレビューの状態'))
        self.notice.hide()
        outer.addWidget(self.notice)
        self.area = QScrollArea()
        self.area.setWidgetResizable(True)
        self.area.setAccessibleName(_('PDFのページ'))
        outer.addWidget(self.area, 1)
        self.zoom_out_btn.clicked.connect(self.zoom_out)
        self.zoom_in_btn.clicked.connect(self.zoom_in)
        self.fit_btn.clicked.connect(self.fit_width)
        self.prev_btn.clicked.connect(lambda: self.go_to_page(self.current_page() - 1))
        self.next_btn.clicked.connect(lambda: self.go_to_page(self.current_page() + 1))
        self.page_box.editingFinished.connect(lambda: self.go_to_page(self.page_box.value()))
        self.search.returnPressed.connect(self.find_next)
        self.search.textChanged.connect(lambda _t: self._clear_hits())
        self.find_btn.clicked.connect(self.find_next)
        self.area.verticalScrollBar().valueChanged.connect(lambda _v: self._schedule())
        self.area.viewport().installEventFilter(self)
        for seq, slot in (
            (QKeySequence.StandardKey.ZoomIn, self.zoom_in),
            (QKeySequence("Ctrl+="), self.zoom_in),
            (QKeySequence.StandardKey.ZoomOut, self.zoom_out),
            (QKeySequence("Ctrl+0"), self.fit_width),
            (QKeySequence.StandardKey.Find, self.search.setFocus),
        ):
            sc = QShortcut(seq, self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)
        self._render_timer = QTimer(self)
        self._render_timer.setSingleShot(True)
        self._render_timer.setInterval(0)
        self._render_timer.timeout.connect(self._render_visible)
        self._set_body([QLabel(_('「プレビューを更新」で見積書と申込書をここに表示します。'))])
        self._update_bar()

    # --- content --------------------------------------------------------------------------------

    def _set_body(self, widgets: list[QWidget]) -> None:
        body = QWidget()
        layout = QVBoxLayout(body)
        for w in widgets:
            layout.addWidget(w, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        self.area.setWidget(body)  # the old body, its pages and their pictures are deleted by the scroll area

    def _layout(self) -> None:
        """Place the pages now (their positions are read right after a change of zoom)."""
        body = self.area.widget()
        layout = body.layout() if body is not None else None
        if body is not None and layout is not None:
            layout.activate()
            body.adjustSize()

    def _close_docs(self) -> None:
        for d in self._docs:
            d.close()
        self._docs = []

    def show_pdfs(self, docs: list[tuple[str, bytes]]) -> None:
        import pypdfium2 as pdfium

        self._close_docs()
        self._pages = []
        self._clear_hits()
        widgets: list[QWidget] = []
        for d, (title, data) in enumerate(docs):
            head = QLabel(title)
            head.setStyleSheet("font-weight: bold; margin-top: 8px;")
            widgets.append(head)
            pdf = pdfium.PdfDocument(data)
            self._docs.append(pdf)
            for i in range(min(len(pdf), MAX_PREVIEW_PAGES)):
                page = _Page(d, i, pdf[i].get_size())
                self._pages.append(page)
                widgets.append(page)
            if len(pdf) > MAX_PREVIEW_PAGES:
                widgets.append(
                    QLabel(
                        _('(先頭の{MAX_PREVIEW_PAGES}ページを表示しています)').format(
                            MAX_PREVIEW_PAGES=MAX_PREVIEW_PAGES
                        )
                    )
                )
        self.shown = len(self._pages)
        self._set_body(widgets)
        self.stale = False
        self.notice.hide()
        self._apply_zoom()

    @property
    def has_content(self) -> bool:
        return bool(self._pages)

    def rendered_pages(self) -> int:
        """How many pages hold a picture now (the others are blank frames)."""
        return sum(1 for p in self._pages if p.rendered_at)

    def page_text(self, number: int) -> str:
        """The text of page `number` (1-based, over all documents), as the search sees it."""
        page = self._pages[number - 1]
        textpage = self._docs[page.doc][page.index].get_textpage()
        try:
            return str(textpage.get_text_range())
        finally:
            textpage.close()

    # --- out of date ------------------------------------------------------------------------------

    def mark_stale(self, updating: bool) -> None:
        """The order changed after this preview was made: say so above the pages."""
        if not self.has_content:
            return
        self.stale = True
        self.notice.setText(
            _('注文が変わりました。このプレビューは変更前の内容です。更新しています…')
            if updating
            else _(
                '注文が変わりました。このプレビューは変更前の内容です。「プレビューを更新」で作り直します。'
            )
        )
        self.notice.show()

    # --- zoom -----------------------------------------------------------------------------------

    def scale(self) -> float:
        """PDFium's scale (1.0 = 72 dpi) of the current zoom."""
        return self.zoom / 100 * 96 / 72 * self.devicePixelRatioF()

    def set_zoom(self, percent: float, fit: bool = False) -> None:
        self.zoom = max(ZOOMS[0], min(ZOOMS[-1], percent))
        self.fit = fit
        self._apply_zoom()

    def zoom_in(self) -> None:
        self.set_zoom(next((z for z in ZOOMS if z > self.zoom), ZOOMS[-1]))

    def zoom_out(self) -> None:
        self.set_zoom(next((z for z in reversed(ZOOMS) if z < self.zoom), ZOOMS[0]))

    def fit_width(self) -> None:
        if not self._pages:
            return
        width_pt = max(p.size_pt[0] for p in self._pages)
        room = self.area.viewport().width() - 40
        # a fraction of a percent: a whole percent of an A4 page is 8 px, and the page would miss the width
        self.set_zoom(max(ZOOMS[0], room / (width_pt * 96 / 72) * 100), fit=True)

    def _apply_zoom(self) -> None:
        page = self.current_page()
        factor = self.zoom / 100 * 96 / 72
        for p in self._pages:  # a picture already made stays, scaled, until it is made again at this zoom
            p.setFixedSize(round(p.size_pt[0] * factor), round(p.size_pt[1] * factor))
        self._place_hit()
        self._update_bar()
        if self._pages:
            self._layout()
            self.go_to_page(page)
        self._schedule()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.area.viewport():
            if (
                event.type() == QEvent.Type.Wheel
                and isinstance(event, QWheelEvent)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier
            ):
                if event.angleDelta().y() > 0:
                    self.zoom_in()
                elif event.angleDelta().y() < 0:
                    self.zoom_out()
                return True
            if event.type() == QEvent.Type.Resize:
                if self.fit:
                    QTimer.singleShot(0, self, self.fit_width)
                self._schedule()
        return super().eventFilter(watched, event)

    # --- pages ----------------------------------------------------------------------------------

    def current_page(self) -> int:
        """The page at the top of the view, 1-based (1 when none)."""
        top = self.area.verticalScrollBar().value()
        current = 1
        for n, p in enumerate(self._pages, 1):
            if p.y() + p.height() > top + 10:
                return n
            current = n
        return current

    def go_to_page(self, number: int) -> None:
        if not self._pages:
            return
        number = max(1, min(len(self._pages), number))
        self._layout()
        self.area.verticalScrollBar().setValue(max(0, self._pages[number - 1].y() - 6))
        self._update_bar(number)
        self._schedule()

    def _update_bar(self, page: int | None = None) -> None:
        n = len(self._pages)
        for w in (
            self.zoom_in_btn,
            self.zoom_out_btn,
            self.fit_btn,
            self.prev_btn,
            self.next_btn,
            self.page_box,
            self.search,
            self.find_btn,
        ):
            w.setEnabled(n > 0)
        self.zoom_label.setText(f"{round(self.zoom)}%")
        self.page_box.blockSignals(True)
        self.page_box.setMaximum(max(1, n))
        self.page_box.setValue(page or self.current_page())
        self.page_box.blockSignals(False)
        self.page_count.setText(_('/ {n}ページ').format(n=n))

    def _schedule(self) -> None:
        self._render_timer.start()

    def _render_visible(self) -> None:
        """Render the pages in view (and a few either side) at the current zoom; let go of the others."""
        if not self._pages:
            return
        top = self.area.verticalScrollBar().value()
        bottom = top + self.area.viewport().height()
        visible = [n for n, p in enumerate(self._pages) if p.y() + p.height() >= top and p.y() <= bottom] or [
            0
        ]
        scale = self.scale()
        keep = self._keep(visible, scale)
        for n, p in enumerate(self._pages):
            if n not in keep and p.rendered_at:
                p.clear()
                p.rendered_at = 0.0
        # one page per event-loop turn, those in view first (a zoom or scroll step stays short: a page
        # takes 5-35 ms; the old picture is shown scaled meanwhile)
        order = visible + [n for n in keep if n not in visible]
        waiting = [self._pages[n] for n in order if self._pages[n].rendered_at != scale]
        if waiting:
            self._render_page(waiting[0], scale)
            if len(waiting) > 1:
                self._schedule()
                return
        if not self.page_box.hasFocus():
            self._update_bar()
        self.rendered.emit()

    def _keep(self, visible: list[int], scale: float) -> list[int]:
        """The pages to hold a picture: those in view, then their neighbours (after, before, one further
        each time) while the pictures fit in PICTURE_BUDGET_MB."""

        def size(n: int) -> int:
            w, h = self._pages[n].size_pt
            return round(w * scale) * round(h * scale) * 4

        keep = list(visible)
        used = sum(size(n) for n in visible)
        for d in range(1, KEEP_RENDERED + 1):
            for n in (visible[-1] + d, visible[0] - d):
                if 0 <= n < len(self._pages):
                    used += size(n)
                    if used > PICTURE_BUDGET_MB * 2**20:
                        return keep
                    keep.append(n)
        return keep

    def _render_page(self, p: _Page, scale: float) -> None:
        if p.rendered_at == scale:
            return
        pix = QPixmap.fromImage(_render(self._docs[p.doc][p.index], scale))
        pix.setDevicePixelRatio(self.devicePixelRatioF())
        p.setPixmap(pix)
        p.rendered_at = scale

    # --- search ---------------------------------------------------------------------------------

    def _clear_hits(self) -> None:
        self.hits = []
        self.hit = -1
        self.found.clear()
        for p in self._pages:
            p.mark.hide()

    def find_next(self) -> int:
        """Go to the next place the search text appears; the number of places (0 when none)."""
        text = self.search.text().strip()
        if not text or not self._pages:
            self._clear_hits()
            return 0
        if not self.hits:
            self._find_all(text)
            self.hit = -1
        if not self.hits:
            self.found.setText(_('見つかりません'))
            self.found.setStyleSheet("color: #b00020;")
            return 0
        self.hit = (self.hit + 1) % len(self.hits)
        self.found.setStyleSheet("")
        self.found.setText(_('{n}/{total}件').format(n=self.hit + 1, total=len(self.hits)))
        self._place_hit()
        return len(self.hits)

    def _find_all(self, text: str) -> None:
        self.hits = []
        for page in self._pages:
            textpage = self._docs[page.doc][page.index].get_textpage()
            try:
                searcher = textpage.search(text, match_case=False)
                while (found := searcher.get_next()) is not None:
                    start, count = found
                    boxes = [textpage.get_charbox(i) for i in range(start, start + count)]
                    self.hits.append(
                        (
                            page.doc,
                            page.index,
                            (
                                min(b[0] for b in boxes),
                                min(b[1] for b in boxes),
                                max(b[2] for b in boxes),
                                max(b[3] for b in boxes),
                            ),
                        )
                    )
                searcher.close()
            finally:
                textpage.close()

    def _place_hit(self) -> None:
        for p in self._pages:
            p.mark.hide()
        if self.hit < 0 or self.hit >= len(self.hits):
            return
        doc, index, (left, bottom, right, top) = self.hits[self.hit]
        page = next(p for p in self._pages if p.doc == doc and p.index == index)
        factor = self.zoom / 100 * 96 / 72
        height = page.size_pt[1]
        box = QRectF(left * factor, (height - top) * factor, (right - left) * factor, (top - bottom) * factor)
        page.mark.setGeometry(box.toAlignedRect().adjusted(-2, -2, 2, 2))
        page.mark.show()
        self._layout()
        self.area.ensureVisible(page.x() + int(box.center().x()), page.y() + int(box.center().y()), 60, 120)
        self._schedule()
