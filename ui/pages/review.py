"""確認: the rule check's findings by page, with their repairs, and the quote's totals."""

from __future__ import annotations

import weakref

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QFont, QKeyEvent, QTextLayout, QTextOption
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
)

from configurator.order.places import describe, name_pointers
from configurator.session import edits, flow
from configurator.session.order_session import OrderSession
from configurator.text.i18n import _, issue_message, pick, severity_label
from ui.common import SHOWS_ONLY, allow_copy, errors_text, set_tip, warnings_text
from ui.pages.base import Wizard, WizardPage, register

_FULL_TEXT = Qt.ItemDataRole.UserRole + 1
_WRAPPED_AT = Qt.ItemDataRole.UserRole + 2  # the width the finding was last broken into lines for


def wrap_text(text: str, width: int, font: QFont) -> tuple[list[str], int, int]:
    """`text` in lines no wider than `width` as drawn in `font`, broken where Unicode allows a line break
    (at a space, between two Japanese characters, never inside a run of ASCII letters or digits, nor
    before 。 or 、), else anywhere; with the widest line's width and the lines' height. One QTextLayout
    for the whole text: measuring the line again for each character it grew by (QFontMetrics, ~10,000
    calls for the findings of a small order) held the UI thread 100-200 ms on each visit of 確認."""
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    lines: list[str] = []
    wide, high = 0.0, 0.0
    for paragraph in text.split("\n"):
        layout = QTextLayout(paragraph or " ", font)
        layout.setTextOption(option)
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            lines.append(paragraph[line.textStart() : line.textStart() + line.textLength()].rstrip())
            wide = max(wide, line.naturalTextWidth())
            high += line.height()
        layout.endLayout()
    return lines, int(wide + 0.999), int(high + 0.999)


def text_height(lines: list[str], font: QFont) -> int:
    """The height the lines take as drawn: each line as tall as the tallest font it uses (a Japanese
    name in an English finding comes from a taller fallback font than the view's own)."""
    total = 0.0
    for line in lines:
        layout = QTextLayout(line or " ", font)
        layout.beginLayout()
        row = layout.createLine()
        row.setLineWidth(1_000_000)
        layout.endLayout()
        total += row.height()
    return int(total + 0.999)


@register("review")
class ReviewPage(WizardPage):
    def __init__(self, wizard: Wizard) -> None:
        super().__init__(wizard)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.layout_.addWidget(self.summary)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([_('問題'), _('根拠')])
        self.tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setUniformRowHeights(False)
        # rows are measured again at the new width, so a wrapped finding gets its lines: once after the
        # column's resizes of one turn of the event loop (a list just built is resized two or three times)
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(0)
        self._refit.timeout.connect(self._fit_rows)
        self.tree.header().sectionResized.connect(lambda col, _old, _new: col == 0 and self._refit.start())
        self.tree.setAccessibleName(_('確認結果の一覧'))
        self.tree.itemActivated.connect(self._go)
        self.tree.installEventFilter(self)  # Enter on a finding does what 入力欄へ移動 does, nothing more
        self.tree.currentItemChanged.connect(lambda *_: self._show_fixes())
        self.layout_.addWidget(self.tree, 2)
        self.fixes = QHBoxLayout()
        # always there (disabled while no finding is chosen): the list above keeps its height
        self.go_btn = QPushButton(_('入力欄へ移動(&T)'))
        self.go_btn.setAccessibleName(_('入力欄へ移動'))
        self.go_btn.setProperty(SHOWS_ONLY, True)  # a contracted order's findings can be gone to
        self.go_btn.clicked.connect(lambda: self._go(self.tree.currentItem()))
        self.fixes.addWidget(self.go_btn)
        self.layout_.addLayout(self.fixes)
        self.totals = QTableWidget(0, 4)
        self.totals.setHorizontalHeaderLabels([_('区分'), _('小計'), _('消費税'), _('合計')])
        self.totals.setAccessibleName(_('見積の合計'))
        # a summary to show a customer: no row numbers, no grid, no editing, amounts right-aligned
        self.totals.verticalHeader().hide()
        self.totals.setShowGrid(False)
        self.totals.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.totals.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        allow_copy(self.totals)  # Ctrl+C: the whole summary, for a mail or a spreadsheet
        self.totals.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.totals.setSizeAdjustPolicy(QTableWidget.SizeAdjustPolicy.AdjustToContents)
        self.totals.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.totals.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        head = self.totals.horizontalHeader()
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c, title in ((1, _('小計')), (2, _('消費税')), (3, _('合計'))):
            head.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
            item = QTableWidgetItem(title)
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.totals.setHorizontalHeaderItem(c, item)
        self.layout_.addWidget(self.totals)
        self.price_note = QLabel()
        self.price_note.setWordWrap(True)
        self.layout_.addWidget(self.price_note)
        self.layout_.addStretch(0)  # the list hidden (no findings): the lines stay at the top, not spread out
        # the order and its version shown: shown again unchanged, the list is not built again
        self._shown_for: tuple[weakref.ref[OrderSession], int] | None = None

    def refresh(self) -> None:
        s = self.session
        if self._shown_for is not None and self._shown_for[0]() is s and self._shown_for[1] == s.version:
            # shown again with the same findings (back and forth between the pages): nothing to rebuild,
            # which took ~350 ms of the UI thread for an order with a thousand findings
            self._fit_rows()
            return
        self.on_changed()

    def on_changed(self) -> None:
        s = self.session
        self._shown_for = (weakref.ref(s), s.version)
        errors = sum(1 for i in s.issues if i.is_error)
        warnings = len(s.issues) - errors
        blocked = pick("", " ") + _(
            'エラーを直すまで見積書・申込書は出力できません(下書きとしては出力・保存できます)。'
        )
        self.summary.setText(
            _('問題はありません。見積書・申込書を出力できます。')
            if not s.issues
            else _('{errors}、{warnings}。').format(
                errors=errors_text(errors), warnings=warnings_text(warnings)
            )
            + (blocked if errors else "")
        )
        self.tree.clear()
        self.tree.setVisible(bool(s.all_issues))  # no large empty list when there is nothing to say
        if s.form_issues:
            lacking = sum(1 for i in s.form_issues if i.is_error)
            self.summary.setText(
                self.summary.text()
                + pick("", " ")
                + _('申込書に必要な記入が{v0}件足りません(うち申込書を受け付けられないもの{v1}件)。').format(
                    v0=len(s.form_issues), v1=lacking
                )
            )
        for page_id, issues in flow.issues_by_page(s.all_issues).items():
            if not issues:
                continue
            title = _('{title}({v1}件)').format(title=_(flow.page(page_id).title), v1=len(issues))
            top = QTreeWidgetItem([title, ""])
            top.setData(0, Qt.ItemDataRole.UserRole, None)
            self.tree.addTopLevelItem(top)
            for issue in issues:
                place = describe(s.doc, issue.path)
                label = _('申込書の記入') if issue.rule.startswith("form.") else severity_label(issue)
                message = name_pointers(s.doc, issue_message(issue))  # a message may cite another field
                item = QTreeWidgetItem([f"{label}: {place}: {message}", issue.cite()])
                item.setData(0, Qt.ItemDataRole.UserRole, issue)
                tip = _('{message}\n{v1}\n({rule} {path})\nEnter またはダブルクリックで入力欄へ移動')
                item.setToolTip(
                    0, tip.format(message=issue_message(issue), v1=issue.cite(), rule=issue.rule, path=place)
                )
                top.addChild(item)
            top.setExpanded(True)
        # the columns sized for the new rows first (the 根拠 column to its contents): broken into lines at the
        # width of before, the findings were broken again a moment later (~100 ms for a thousand)
        self.tree.header().resizeSections()
        self._fit_rows()
        self._show_fixes()
        self._show_totals()

    def _fit_rows(self) -> None:
        """Each finding broken into lines at the column's width, so it is read whole, never cut with
        "…" (the item view neither wraps Japanese nor sizes its rows for wrapped text by itself)."""
        width = self.tree.columnWidth(0) - 2 * self.tree.indentation() - 24
        bar = self.tree.verticalScrollBar()
        if not bar.isVisible():
            # as wide as with the scroll bar a long list gets once laid out: the lines are not broken again
            # when it appears (~160 ms of the UI thread for a thousand findings)
            width -= self.tree.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, bar)
        if width <= 80:
            return
        font = self.tree.font()
        changed = False
        # the view is not told of each row (a thousand findings: ~200 ms of relayouts as their text and size
        # changed one by one), it lays out all of them once at the end
        model = self.tree.model()
        model.blockSignals(True)
        for t in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(t)
            for c in range(top.childCount() if top is not None else 0):
                item = top.child(c) if top is not None else None
                if item is None:
                    continue
                if item.data(0, _WRAPPED_AT) == width:
                    continue  # broken into lines at this width already (the column resized, then not)
                full = item.data(0, _FULL_TEXT)
                if full is None:
                    full = item.text(0)
                    item.setData(0, _FULL_TEXT, full)
                lines, wide, high = wrap_text(full, width, font)
                item.setText(0, "\n".join(lines))
                item.setData(0, _WRAPPED_AT, width)
                # the row as tall as its lines are drawn, each line as tall as the fonts it uses: sized from
                # the view's font alone, the last line of an English finding naming a site in Japanese was cut
                item.setSizeHint(0, QSize(wide + 8, high + 6))
                changed = True
        model.blockSignals(False)
        if changed:
            self.tree.doItemsLayout()  # the rows measured again for their new number of lines

    def _show_totals(self) -> None:
        from configurator.text.jpformat import display_yen as format_yen

        q = self.session.quote()
        groups = list(q.groups.values())
        self.totals.setRowCount(len(groups) + 1)
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for r, g in enumerate(groups):
            cells = [_(g.label), format_yen(g.subtotal), format_yen(g.tax), format_yen(g.total)]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(right)
                self.totals.setItem(r, c, item)
        last = len(groups)
        self.totals.setItem(last, 0, QTableWidgetItem(_('最低利用期間の総額(税抜)')))
        for c in (1, 2):
            self.totals.setItem(last, c, QTableWidgetItem(""))
        total = QTableWidgetItem(format_yen(q.commitment))
        total.setTextAlignment(right)
        font = total.font()
        font.setBold(True)
        total.setFont(font)
        self.totals.setItem(last, 3, total)
        self.totals.resizeRowsToContents()
        self.totals.setFixedHeight(
            self.totals.horizontalHeader().height()
            + 4
            + sum(self.totals.rowHeight(r) for r in range(self.totals.rowCount()))
        )
        notes = [_('価格表: {label}').format(label=q.price_book.label), *(_(n) for n in q.notes)]
        if q.unpriced:
            notes.append(
                pick(
                    "価格を付けられない項目: "
                    + "、".join(name_pointers(self.session.doc, u) for u in q.unpriced[:5]),
                    f"Items that could not be priced: {len(q.unpriced)} (choose their item and device)",
                )
            )
        self.price_note.setText("\n".join(notes))

    def _show_fixes(self) -> None:
        while self.fixes.count() > 1:  # the repairs of the finding before; 入力欄へ移動 stays
            taken = self.fixes.takeAt(1)
            w = taken.widget() if taken is not None else None
            if w:
                w.deleteLater()
        item = self.tree.currentItem()
        issue = item.data(0, Qt.ItemDataRole.UserRole) if item else None
        self.go_btn.setEnabled(issue is not None)
        set_tip(
            self.go_btn,
            _('選んだ問題の入力欄へ移ります(ダブルクリックか Enter でも)。')
            if issue is not None
            else _('一覧で問題を選ぶと使えます。'),
        )
        if issue is None:
            self.fixes.addStretch(1)
            return
        for s in issue.suggestions:
            b = QPushButton(_('修正案: {label}').format(label=pick(s.label, s.label_en)))
            b.setAccessibleName(_('修正案: {label}').format(label=pick(s.label, s.label_en)))
            b.clicked.connect(lambda _=False, sug=s: self.apply(edits.apply_suggestion(sug), refresh=True))
            b.setEnabled(not self.session.read_only)  # a contracted order is not edited
            self.fixes.addWidget(b)
        self.fixes.addStretch(1)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.tree
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            item = self.tree.currentItem()
            if item is not None:
                self._go(item)
            return True  # never also the wizard's Enter (次へ)
        return super().eventFilter(watched, event)

    def _go(self, item: QTreeWidgetItem | None) -> None:
        issue = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        if issue is not None:
            self.wizard.go_to_pointer(issue.path)
