"""What a user would see wrong on a screen, found by looking at the widgets (issue 14 item 6): text that
does not fit its label, button or check box, and controls laid over one another. Also the walk through
every screen of the app that the accessibility and layout tests share, and a script for the 200% run:

usage: python tests/helpers/layout.py LANG WIDTHxHEIGHT   (QT_SCALE_FACTOR=2 in its environment)
prints one JSON list of the problems found on every screen (the data folder from IIJ_CONFIGURATOR_DATA).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRect, Qt  # noqa: E402
from PySide6.QtGui import Qt as GuiQt  # noqa: E402
from PySide6.QtGui import QTextDocument  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QAbstractButton,
    QAbstractScrollArea,
    QCheckBox,
    QHeaderView,
    QLabel,
    QLayout,
    QPushButton,
    QRadioButton,
    QStyle,
    QStyleOptionButton,
    QTabBar,
    QWidget,
)

EXAMPLES = ROOT / "resources" / "examples"


def plain(text: str) -> str:
    """A widget's text as drawn: without the mnemonic marker (&& is a literal &)."""
    return re.sub(r"&(.)", r"\1", text)


def _label_cut(w: QLabel) -> str:
    text = plain(w.text()) if w.buddy() is not None else w.text()  # a buddy's label draws & as a mnemonic
    if not text or (w.pixmap() is not None and not w.pixmap().isNull()):
        return ""
    rect = w.contentsRect()
    margin = 2 * w.margin()
    width, height = rect.width() - margin, rect.height() - margin
    fm = w.fontMetrics()
    rich = w.textFormat() == Qt.TextFormat.RichText or (
        w.textFormat() == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(text)
    )
    if rich:
        doc = QTextDocument()
        doc.setDefaultFont(w.font())
        doc.setDocumentMargin(0)
        doc.setHtml(text)
        text = doc.toPlainText()
    lines = text.splitlines() or [""]
    if w.wordWrap():
        # the words that cannot break (Latin words; Japanese breaks anywhere) fit the width, and the
        # wrapped text fits the height the layout gave the label
        words = [word for line in lines for word in re.findall(r"[\x21-\x7e]+", line)]
        widest = max((fm.horizontalAdvance(word) for word in words), default=0)
        if widest > width + 1:
            return f"a word of {widest} px in {width} px"
        need = w.heightForWidth(w.width())
        if need > w.height() + 1:
            return f"wraps to {need} px in {w.height()} px"
        return ""
    widest = max(fm.horizontalAdvance(line) for line in lines)
    if widest > width + 1:
        return f"{widest} px in {width} px"
    if len(lines) * fm.height() > height + fm.leading() * len(lines) + 2:
        return f"{len(lines)} lines in {height} px"
    return ""


def _button_cut(w: QAbstractButton) -> str:
    text = plain(w.text())
    if not text:
        return ""
    fm = w.fontMetrics()
    style = w.style()
    need = max(fm.horizontalAdvance(line) for line in text.splitlines())
    if not w.icon().isNull():
        need += w.iconSize().width() + 4
    room = w.contentsRect().width()
    if isinstance(w, (QCheckBox, QRadioButton)):
        room -= style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, w) + style.pixelMetric(
            QStyle.PixelMetric.PM_CheckBoxLabelSpacing, None, w
        )
    elif isinstance(w, QPushButton):
        room -= 2 * style.pixelMetric(QStyle.PixelMetric.PM_ButtonMargin, None, w)
        # and with the focus on it: the app's focus frame (ui/app.FOCUS_STYLE) takes room of its own
        opt = QStyleOptionButton()
        opt.initFrom(w)
        opt.text = w.text()
        opt.state |= QStyle.StateFlag.State_HasFocus
        room = min(room, style.subElementRect(QStyle.SubElement.SE_PushButtonContents, opt, w).width())
    if need > room + 1:
        return f"{need} px in {room} px"
    return ""


def cut_headers(root: QWidget) -> list[str]:
    """Every column title of a table shown under `root` that its column is too narrow for (Qt draws it
    cut with "…")."""
    out = []
    for header in root.findChildren(QHeaderView):
        shown = header.isVisible() and header.model() is not None
        if header.orientation() != Qt.Orientation.Horizontal or not shown:
            continue
        fm = header.fontMetrics()
        margin = 2 * header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
        for section in range(header.count()):
            if header.isSectionHidden(section):
                continue
            text = header.model().headerData(section, Qt.Orientation.Horizontal)
            if not isinstance(text, str) or not text:
                continue
            need = max(fm.horizontalAdvance(line) for line in text.splitlines()) + margin
            if need > header.sectionSize(section) + 1:
                out.append(f"column {text!r}: {need} px in {header.sectionSize(section)} px")
    return out


def cut_tabs(root: QWidget) -> list[str]:
    """Every tab title shown under `root` narrower than the tab bar wants it (Qt elides it)."""
    out = []
    for bar in root.findChildren(QTabBar):
        if not bar.isVisible():
            continue
        for i in range(bar.count()):
            has, wants = bar.tabRect(i).width(), bar.tabSizeHint(i).width()
            if has + 1 < wants:
                out.append(f"tab {plain(bar.tabText(i))!r}: {has} px of {wants}")
    return out


def cut_text(root: QWidget) -> list[str]:
    """Every label, button and check box shown under `root` whose text does not fit it, and every table
    column title cut."""
    out = cut_headers(root) + cut_tabs(root)
    for w in root.findChildren(QLabel) + root.findChildren(QAbstractButton):
        if not w.isVisibleTo(root) or not w.isVisible() or w.width() <= 0:
            continue
        why = _label_cut(w) if isinstance(w, QLabel) else _button_cut(w)
        if why:
            out.append(f"{type(w).__name__} {plain(w.text())[:60]!r}: {why}")
    return out


def _laid_out(layout: QLayout | None) -> list[QWidget]:
    if layout is None:
        return []
    found: list[QWidget] = []
    for i in range(layout.count()):
        item = layout.itemAt(i)
        if item is None:
            continue
        if item.widget() is not None:
            found.append(item.widget())
        elif item.layout() is not None:
            found += _laid_out(item.layout())
    return found


def overlaps(root: QWidget) -> list[str]:
    """Widgets that a layout placed side by side but that cover one another (more than a pixel)."""
    out = []
    for parent in [root, *root.findChildren(QWidget)]:
        if not parent.isVisible() or isinstance(parent, QAbstractScrollArea):
            continue
        shown = [w for w in _laid_out(parent.layout()) if w.isVisible() and w.parentWidget() is parent]
        for i, a in enumerate(shown):
            for b in shown[i + 1 :]:
                common: QRect = a.geometry().intersected(b.geometry())
                if common.width() > 1 and common.height() > 1:
                    out.append(f"{_name(a)} and {_name(b)} overlap in {type(parent).__name__}")
    return out


def _name(w: QWidget) -> str:
    text = plain(w.text()) if isinstance(w, (QLabel, QAbstractButton)) else w.accessibleName()
    return f"{type(w).__name__} {text[:30]!r}"


def every_screen(window: Any, app: Any = None) -> Iterator[tuple[str, QWidget]]:
    """Each screen as a user sees it, in turn: (its name, the widget to look in). An order with problems
    (so the problem lines and disabled buttons show), both auth lists, the contract screen's tabs."""
    from configurator.order.document import load

    def settle() -> None:
        if app is not None:
            app.processEvents()

    draft = window.store.create(load(EXAMPLES / "mixed.iij-order.json")).draft_id
    window.go_home()
    window.start.offer_recovery(draft)  # the recovery banner too
    settle()
    yield "start", window.start
    for example in ("rule-errors", "mixed"):
        path = EXAMPLES / "invalid" / f"{example}.iij-order.json"
        window.open_path(str(path if path.exists() else EXAMPLES / f"{example}.iij-order.json"))
        wiz = window.wizard
        for page_id in wiz.pages:
            if page_id not in [
                wiz.nav.item(r).data(Qt.ItemDataRole.UserRole) for r in range(wiz.nav.count())
            ]:
                continue
            wiz.show_page(page_id)
            page = wiz.pages[page_id]
            tabs = getattr(page, "tabs", None)
            for n in range(tabs.count() if tabs is not None else 1):
                if tabs is not None:
                    tabs.setCurrentIndex(n)
                settle()
                yield f"{example} {page_id}" + (f" tab {n}" if tabs is not None else ""), wiz
    window.go_home()
    contract = window.store.create(load(EXAMPLES / "contracted.iij-order.json")).draft_id
    window.open_lifecycle(contract)
    view = window.lifecycle
    for n in range(view.tabs.count()):
        view.tabs.setCurrentIndex(n)
        settle()
        yield f"contract tab {n}", view


def main() -> None:
    import json

    from PySide6.QtWidgets import QApplication

    lang, size = sys.argv[1], sys.argv[2]
    app = QApplication([])
    from configurator.store.drafts import DraftStore
    from ui.app import install_language, make_window

    install_language(app, lang)
    window = make_window(DraftStore.open())
    width, height = (int(n) for n in size.split("x"))
    window.resize(width, height)
    window.show()
    problems = []
    for name, root in every_screen(window, app):
        problems += [f"{name}: {p}" for p in cut_text(root) + overlaps(root)]
    print(json.dumps({"scale": window.devicePixelRatio(), "problems": list(dict.fromkeys(problems))}))
    window.close()


if __name__ == "__main__":
    main()
