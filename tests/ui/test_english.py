"""The app in English: every page of a new VPN + auth order shows no Japanese UI text."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QTableView,
    QTableWidget,
    QTreeWidget,
)

from configurator.text import i18n

ISSUER_FREE = True  # the data folder without the salesperson's (Japanese) issuer: tests/ui/conftest.py

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
# values and proper names that stay Japanese whatever the UI language: documents, addressee marks,
# the language menu's own name, the kana example, tariff article numbers (第N条) cited as references,
# the issuing company's name (the shipped default issuer)
ALLOWED = (
    "株式会社インターネットイニシアティブ",
    "御中",
    "様",
    "日本語",
    "カブシキガイシャサンプル",
    "ヤマダ タロウ",
    "第",
    "条",
    "項",
    "号",
    "別紙",
    "０１２３４５６７８９",
)


def japanese_in(text: str) -> bool:
    for word in ALLOWED:
        text = text.replace(word, "")
    return bool(JAPANESE.search(text))


def visible_texts(widget: Any) -> list[str]:
    out: list[str] = []
    for w in (
        widget.findChildren(QLabel) + widget.findChildren(QAbstractButton) + widget.findChildren(QGroupBox)
    ):
        if w.isVisible():
            out.append(w.text() if not isinstance(w, QGroupBox) else w.title())
            out.append(w.toolTip())
            out.append(w.accessibleName())
    for c in widget.findChildren(QComboBox):
        if c.isVisible():
            out.extend(c.itemText(i) for i in range(c.count()))
            out.append(c.accessibleName())
    for t in widget.findChildren(QTableView):
        if t.isVisible() and t.model() is not None:
            m = t.model()
            out.extend(str(m.headerData(i, Qt.Orientation.Horizontal)) for i in range(m.columnCount()))
            for r in range(min(m.rowCount(), 3)):
                for c in range(m.columnCount()):
                    for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                        value = m.data(m.index(r, c), role)
                        if isinstance(value, str):
                            out.append(value)
    for t in widget.findChildren(QTableWidget):
        if t.isVisible():
            out.extend(
                t.horizontalHeaderItem(i).text() for i in range(t.columnCount()) if t.horizontalHeaderItem(i)
            )
    for t in widget.findChildren(QTreeWidget):
        if t.isVisible():
            out.append(t.headerItem().text(0))
    return [x for x in out if x]


def test_every_page_in_english(qtbot: Any, window: Any) -> None:
    i18n.install("en")
    try:
        from ui.app import make_window

        w = make_window(window.store)
        qtbot.addWidget(w)
        w.resize(1280, 820)
        w.show()
        problems = [t for t in visible_texts(w.start) if japanese_in(t)]
        w.start.new_btn.click()
        wiz = w.wizard
        wiz.set_service("vpn", True)
        wiz.set_service("auth", True)
        wiz.add_child(0)
        wiz.add_auth_child(0, "vpdns")
        from configurator.session.order_session import DEFAULT_PARENT_NAME, default_network_name

        def without_names(text: str) -> str:  # the names the app gave are order data, Japanese in any UI
            return text.replace(default_network_name(1), "").replace(DEFAULT_PARENT_NAME, "")

        for page_id in wiz.pages:
            wiz.show_page(page_id)
            problems += [f"{page_id}: {t}" for t in visible_texts(wiz) if japanese_in(without_names(t))]
        assert wiz.next_btn.text() == "&Next"
        from ui.issuer import IssuerDialog

        dialog = IssuerDialog(w)
        qtbot.addWidget(dialog)
        dialog.show()
        problems += [f"issuer: {t}" for t in visible_texts(dialog) if japanese_in(t)]
        from ui.pricebooks import PriceBookDialog

        books = PriceBookDialog(w)
        qtbot.addWidget(books)
        books.show()
        problems += [f"price books: {t}" for t in visible_texts(books) if japanese_in(t)]
        from ui.history import HistoryDialog

        history = HistoryDialog(w.store, wiz.session.draft_id, None, w)
        qtbot.addWidget(history)
        history.show()
        problems += [f"history: {t}" for t in visible_texts(history) if japanese_in(t)]
        assert problems == [], "\n".join(problems)
    finally:
        i18n.install("ja")


def test_the_contract_screen_in_english(qtbot: Any, window: Any) -> None:
    from configurator.order.document import load
    from tests.conftest import EXAMPLES

    i18n.install("en")
    try:
        from ui.app import make_window

        w = make_window(window.store)
        qtbot.addWidget(w)
        w.show()
        draft = w.store.create(load(EXAMPLES / "contracted.iij-order.json")).draft_id
        w.open_lifecycle(draft)
        doc = load(EXAMPLES / "contracted.iij-order.json")
        data: list[str] = []

        def collect(node: Any) -> None:
            if isinstance(node, str):
                data.append(node)
            elif isinstance(node, dict):
                for v in node.values():
                    collect(v)
            elif isinstance(node, list):
                for v in node:
                    collect(v)

        collect(doc)
        data.sort(key=len, reverse=True)

        def without_data(text: str) -> str:
            for value in data:
                if value:
                    text = text.replace(value, "")
            return text

        problems = []
        for n in range(w.lifecycle.tabs.count()):
            w.lifecycle.tabs.setCurrentIndex(n)
            problems += [t for t in visible_texts(w.lifecycle) if japanese_in(without_data(t))]
        from ui.contract.change_table import INTERNET_COL

        w.lifecycle.tabs.setCurrentIndex(1)
        cells = [
            w.lifecycle.change_table.item(r, c)
            for r in range(w.lifecycle.change_table.rowCount())
            for c in (2, 3, INTERNET_COL)
        ]
        problems += [
            f"cell: {i.text()}" for i in cells if i is not None and japanese_in(without_data(i.text()))
        ]
        dialog = w.lifecycle.edit_internet(1)
        problems += [f"internet: {t}" for t in visible_texts(dialog) if japanese_in(without_data(t))]
        dialog.reject()
        labels = [
            w.lifecycle.targets.topLevelItem(0).text(0),
            w.lifecycle.targets.topLevelItem(0).child(0).text(0),
        ]
        assert labels[0].startswith("VPN network") and labels[1].startswith("Parent site")
        # names the customer gave (site and network names) stay as typed
        assert problems == [], "\n".join(problems)
    finally:
        i18n.install("ja")


def test_english_access_keys_have_a_space_before_the_bracket(qtbot: Any, window: Any) -> None:
    """「プロキシを追加(&P)」 in English read "Add Proxies(P)": a label given its access key in code took the
    Japanese form. Every button, check box and menu entry of a VPN + auth order: the letter marked in the
    words ("Add &Proxies"), or "Label (&X)" with a space when they lack it."""
    from PySide6.QtGui import QAction

    i18n.install("en")
    try:
        from ui.app import make_window

        w = make_window(window.store)
        qtbot.addWidget(w)
        w.show()
        w.start.new_btn.click()
        wiz = w.wizard
        wiz.set_service("vpn", True)
        wiz.set_service("auth", True)
        for page_id in wiz.pages:
            wiz.show_page(page_id)
        texts = [b.text() for b in w.findChildren(QAbstractButton)]
        texts += [a.text() for a in w.findChildren(QAction)]
        assert "Add a &proxy" in texts and "&Delete the selected rows" in texts
        cramped = sorted({t for t in texts if re.search(r"\S\(&", t)})
        assert cramped == []
    finally:
        i18n.install("ja")
