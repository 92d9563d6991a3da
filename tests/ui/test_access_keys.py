"""Access keys (Alt+letter): on every screen a letter is used once, the menu bar's included. A page's
button with the menu's letter takes Alt+letter for itself (the menu cannot be opened from the keyboard)
and two controls with one letter make Alt+letter step between them instead of acting."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QGroupBox,
    QLabel,
    QTabBar,
    QTabWidget,
    QWidget,
)

from configurator.text import i18n

EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "examples"


def access_key(text: str) -> str | None:
    m = re.search(r"&([^&\s])", text.replace("&&", ""))
    return m.group(1).upper() if m else None


def keys_of(root: QWidget) -> list[tuple[str, str]]:
    """(letter, text) of the controls shown in `root` that an Alt+letter reaches."""
    found: list[tuple[str, str]] = []

    def add(text: str) -> None:
        key = access_key(text)
        if key:
            found.append((key, text))

    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root) or (isinstance(w, QDialog) and w is not root):
            continue
        if not w.isEnabledTo(root) and not (isinstance(w, QLabel) and w.buddy() is not None):
            continue  # a disabled control's Alt+letter does nothing (a read-only page's buttons)
        if isinstance(w, QAbstractButton) or (isinstance(w, QLabel) and w.buddy() is not None):
            add(w.text())
        elif isinstance(w, QGroupBox) and w.isCheckable():
            add(w.title())
        elif isinstance(w, QTabBar):
            for i in range(w.count()):
                if w.isTabEnabled(i):
                    add(w.tabText(i))
    return found


def menu_keys(window: Any) -> list[tuple[str, str]]:
    """The menu bar's letters, チーム(&G) among them: the team menu is there once a team is set up."""
    out = [("G", "チーム(&G)")]
    for action in window.menuBar().actions():
        key = access_key(action.text())
        if key and action.isVisible() and key != "G":
            out.append((key, action.text()))
    return out


def clashes(found: list[tuple[str, str]]) -> dict[str, list[str]]:
    count = Counter(k for k, _t in found)
    return {k: [t for kk, t in found if kk == k] for k, n in count.items() if n > 1}


def tab_states(root: QWidget) -> list[tuple[QTabWidget, int]]:
    return [(t, i) for t in root.findChildren(QTabWidget) if t.isVisibleTo(root) for i in range(t.count())]


def _window_in(qtbot: Any, window: Any, lang: str) -> Any:
    """The test's window in Japanese; in another language (installed first) a window made in it."""
    from ui.app import make_window

    if lang == "ja":
        return window
    w = make_window(window.store)
    qtbot.addWidget(w)
    w.resize(1280, 820)
    w.show()
    return w


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_no_access_key_twice_on_any_screen(qtbot: Any, window: Any, lang: str) -> None:
    i18n.install(lang)
    try:
        w = _window_in(qtbot, window, lang)
        menu = menu_keys(w)
        assert len(menu) >= 4 and not clashes(menu), menu
        problems: dict[str, dict[str, list[str]]] = {}

        def check(where: str) -> None:
            central = w.centralWidget()
            bad = clashes(menu + keys_of(central))
            if bad:
                problems[where] = bad

        check("start")
        w.open_path(str(EXAMPLES / "mixed.iij-order.json"))
        wiz = w.wizard
        for row in range(wiz.nav.count()):
            pid = wiz.nav.item(row).data(0x0100)
            wiz.show_page(pid)
            page = wiz.pages[pid]
            seen = False
            for tabs, i in tab_states(page):
                tabs.setCurrentIndex(i)
                check(f"{pid} tab {tabs.tabText(i)}")
                seen = True
            if not seen:
                check(pid)
        # 契約・変更・解約 of a contracted order: its three tabs
        import json

        from configurator.lifecycle import mark_contracted

        doc = json.loads((EXAMPLES / "mixed.iij-order.json").read_text(encoding="utf-8"))
        contracted = w.store.create(mark_contracted(doc, "2025-04-01", "株式会社サンプル")).draft_id
        w.open_lifecycle(contracted)
        view = w.lifecycle
        for i in range(view.tabs.count()):
            view.tabs.setCurrentIndex(i)
            check(f"契約・変更・解約 tab {view.tabs.tabText(i)}")
        assert not problems, "\n".join(f"{k}: {v}" for k, v in problems.items())
    finally:
        i18n.install("ja")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_no_access_key_twice_in_dialogs(qtbot: Any, window: Any, lang: str) -> None:
    """The issuer dialog's letters once each; the print dialog's documents tab uses none of the letters of
    Qt's own print dialog around it (Qt's own between themselves are Qt's)."""
    from PySide6.QtCore import QCoreApplication, QLocale
    from PySide6.QtPrintSupport import QPrinter

    from ui import qtlang
    from ui.common import print_dialog

    locale = QLocale()
    i18n.install(lang)
    qtlang.install(lang)  # Qt's own words in the print dialog, as the app shows them
    try:
        from ui.issuer import IssuerDialog
        from ui.printing import DocumentChoice

        issuer = IssuerDialog(window)
        qtbot.addWidget(issuer)
        issuer.show()
        assert not clashes(keys_of(issuer)), keys_of(issuer)
        choice = DocumentChoice()
        printer = QPrinter()
        dialog = print_dialog(window, printer, choice)
        qtbot.addWidget(dialog)
        dialog.show()
        mine = keys_of(choice)
        assert len(mine) == 3
        theirs = [kt for kt in keys_of(dialog) if kt not in mine]
        assert not {k for k, _t in mine} & {k for k, _t in theirs}, (mine, theirs)
    finally:
        i18n.install("ja")
        for installed in qtlang._installed:  # as the other tests find Qt: without its catalogues
            QCoreApplication.removeTranslator(installed)
        qtlang._installed.clear()
        QLocale.setDefault(locale)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_no_access_key_twice_on_a_contracted_orders_pages(qtbot: Any, window: Any, lang: str) -> None:
    """A contracted order in the wizard: its pages read-only (their fields still reached by Alt+letter, to
    read and copy) under the banner's 契約・変更・解約を開く and 複製して新しい注文にする."""
    import json

    from configurator.lifecycle import mark_contracted

    i18n.install(lang)
    try:
        w = _window_in(qtbot, window, lang)
        menu = menu_keys(w)
        doc = json.loads((EXAMPLES / "mixed.iij-order.json").read_text(encoding="utf-8"))
        w.open_draft(w.store.create(mark_contracted(doc, "2025-04-01", "株式会社サンプル")).draft_id)
        wiz = w.wizard
        assert wiz.contracted_banner.isVisible()
        problems: dict[str, dict[str, list[str]]] = {}
        for row in range(wiz.nav.count()):
            pid = wiz.nav.item(row).data(0x0100)
            wiz.show_page(pid)
            page = wiz.pages[pid]
            for tabs, i in tab_states(page) or [(None, 0)]:
                if tabs is not None:
                    tabs.setCurrentIndex(i)
                bad = clashes(menu + keys_of(w.centralWidget()))
                if bad:
                    problems[f"{pid} {tabs.tabText(i) if tabs is not None else ''}"] = bad
        assert not problems, "\n".join(f"{k}: {v}" for k, v in problems.items())
    finally:
        i18n.install("ja")


def without_key(root: QWidget) -> list[str]:
    """The buttons shown in `root` that no Alt+letter reaches: those with words but no access key. Qt's own
    buttons of a dialog's button box (Enter and Esc press them) and a button of a sign only (−, +, ◀, ▶:
    their shortcut is in the tooltip) aside."""
    from PySide6.QtWidgets import QDialogButtonBox

    NO_BUTTON = QDialogButtonBox.StandardButton.NoButton
    out = []
    for b in root.findChildren(QAbstractButton):
        if not b.isVisibleTo(root) or not re.search(r"\w", b.text()):
            continue
        box = b.parent()
        if isinstance(box, QDialogButtonBox) and box.standardButton(b) != NO_BUTTON:
            continue
        if access_key(b.text()) is None:
            out.append(b.text())
    return out


def menu_items_without_key(window: Any) -> list[str]:
    out = []

    def walk(menu: Any, where: str) -> None:
        for action in menu.actions():
            if action.isSeparator() or not action.isVisible():
                continue
            text = action.text().split("\t")[0]
            if access_key(text) is None:
                out.append(f"{where} > {text}")
            if action.menu() is not None:
                walk(action.menu(), f"{where} > {text}")

    for top in window.menuBar().actions():
        if top.menu() is not None:
            walk(top.menu(), top.text())
    return out


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_button_and_menu_item_has_an_access_key(qtbot: Any, window: Any, lang: str) -> None:
    """Each button on every screen and dialog, and each menu item, has its Alt+letter (ごみ箱へ移す, the
    sites page's 選択した拠点を複製・表から貼り付け…, 複製して新しい注文にする, the preview's 幅に合わせる and
    次を検索, the language menu had none); the kana helpers' buttons shown at once have a letter each."""
    import json

    from configurator.lifecycle import mark_contracted

    i18n.install(lang)
    try:
        w = _window_in(qtbot, window, lang)
        missing: dict[str, list[str]] = {}

        def check(where: str, root: QWidget) -> None:
            found = without_key(root)
            if found:
                missing[where] = found

        menus = menu_items_without_key(w)
        check("start", w.centralWidget())
        w.open_path(str(EXAMPLES / "mixed.iij-order.json"))
        wiz = w.wizard
        for row in range(wiz.nav.count()):
            pid = wiz.nav.item(row).data(0x0100)
            wiz.show_page(pid)
            for tabs, i in tab_states(wiz.pages[pid]) or [(None, 0)]:
                if tabs is not None:
                    tabs.setCurrentIndex(i)
                check(pid, w.centralWidget())
        # both kana helpers offering 全角カタカナにする at once: a letter each, and none another control's
        wiz.show_page("customer")
        customer = wiz.pages["customer"]
        for ptr in ("/customer/name_kana", "/customer/contact_kana"):
            wiz.session.set(ptr, "ｶﾌﾞｼｷｶﾞｲｼｬ")
        customer.refresh()
        assert all(h.button.isVisibleTo(customer) for p, h in customer.helpers.items() if p.endswith("_kana"))
        check("customer with kana helpers", w.centralWidget())
        assert not clashes(menu_keys(w) + keys_of(w.centralWidget())), keys_of(w.centralWidget())
        doc = json.loads((EXAMPLES / "mixed.iij-order.json").read_text(encoding="utf-8"))
        contracted = w.store.create(mark_contracted(doc, "2025-04-01", "株式会社サンプル")).draft_id
        w.open_draft(contracted)
        check("a contracted order", w.centralWidget())
        w.open_lifecycle(contracted)
        for i in range(w.lifecycle.tabs.count()):
            w.lifecycle.tabs.setCurrentIndex(i)
            check(f"契約・変更・解約 {i}", w.centralWidget())
        w.go_home()
        check("start with drafts", w.centralWidget())
        from ui.issuer import IssuerDialog
        from ui.pricebooks import PriceBookDialog

        for dialog in (IssuerDialog(w), PriceBookDialog(w)):
            qtbot.addWidget(dialog)
            dialog.show()
            check(type(dialog).__name__, dialog)
            assert not clashes(keys_of(dialog)), keys_of(dialog)
        assert not menus, menus
        assert not missing, "\n".join(f"{k}: {v}" for k, v in missing.items())
    finally:
        i18n.install("ja")
