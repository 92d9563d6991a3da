"""Screenshots of every screen of the app (offscreen Qt, Japanese font from the system), for looking at
them as a new user would and for the user guide: out/screens/NN-page.png

usage: .venv/bin/python packaging/screenshots.py [WIDTHxHEIGHT]
  the window size (default 1280x800, the smallest laptop screen the app is made for); another size
  goes to out/screens[-LANG]-WIDTHxHEIGHT. IIJ_CONFIGURATOR_LANG=en for the English screens.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def change_date(today: dt.date) -> dt.date:
    """The 変更日 the 変更 screen shows: the first day of the month after next, always after the 申込日
    (today) the screen judges it against, so the guide never shows a warning a fixed date would raise
    once it has passed."""
    year, month = divmod(today.month + 1, 12)
    return dt.date(today.year + year, month + 1, 1)


def main() -> None:
    # set here, not on import: a test reading change_date keeps its own data folder
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["IIJ_CONFIGURATOR_DATA"] = tempfile.mkdtemp(prefix="iij-screens-")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from ui.app import install_language, make_window

    lang = install_language(app)  # $IIJ_CONFIGURATOR_LANG=en for the English screens
    size = sys.argv[1] if len(sys.argv) > 1 else "1280x800"
    try:
        width, height = (int(n) for n in size.lower().split("x"))
    except ValueError:
        sys.exit(__doc__)  # --help, or a size not written WIDTHxHEIGHT: the usage, exit 1
    name = "screens" if lang == "ja" else f"screens-{lang}"
    out = ROOT / "out" / (name if size == "1280x800" else f"{name}-{size}")
    out.mkdir(parents=True, exist_ok=True)
    w = make_window()
    w.resize(width, height)
    w.show()
    w.open_path(str(ROOT / "resources/examples/mixed.iij-order.json"))
    w.go_home()
    app.processEvents()
    w.grab().save(str(out / "00-start.png"))
    w.open_path(str(ROOT / "resources/examples/invalid/rule-errors.iij-order.json"))
    wiz = w.wizard
    for n, page_id in enumerate(wiz.pages, start=1):
        wiz.show_page(page_id)
        if page_id == "export":
            wiz.pages["export"].draft.setChecked(True)
            shown: list[bool] = []
            wiz.previewed.connect(lambda done=shown: done.append(True))
            wiz.preview()
            while not shown:  # built off the UI thread
                app.processEvents()
        app.processEvents()
        w.grab().save(str(out / f"{n:02d}-{page_id}.png"))
    # 契約・変更・解約 on the contracted example
    from configurator.order.document import load
    from configurator.text.jpformat import today_tokyo

    res = w.store.create(load(ROOT / "resources/examples/contracted.iij-order.json"))
    w.open_lifecycle(res.draft_id)
    view = w.lifecycle
    view.requested_by.setText("株式会社サンプル")
    view.change_date.setText(change_date(today_tokyo()).isoformat())
    view._set(view._sites()[2][0] + "/device", "c1121_8p")
    for n, tab in enumerate(("contract", "change", "cancel")):
        view.tabs.setCurrentIndex(n)
        if tab == "cancel":
            view.set_target("/vpn_networks/0/children/2")
            view.set_target("/auth_units/0/management")
        app.processEvents()
        w.grab().save(str(out / f"{10 + n}-lifecycle-{tab}.png"))
    # 発行元の設定 (File menu, or the export page)
    w.edit_issuer()
    dialog = w._issuer_dialog
    dialog.edits["person"].setText("営業部 佐藤 花子")
    dialog.edits["phone"].setText("03-5205-6500")
    dialog.edits["registration_number"].setText("T7000012050003")
    app.processEvents()
    dialog.grab().save(str(out / "13-issuer.png"))
    dialog.reject()
    w.edit_price_books()
    books = w._price_book_dialog
    app.processEvents()
    books.grab().save(str(out / "14-pricebooks.png"))
    books.reject()
    w.go_home()
    w.start.table.selectRow(0)
    w.start.history_btn.click()
    history = w.start.history_dialog
    if history.table.rowCount() > 1:
        history.table.selectRow(history.table.rowCount() - 1)
    app.processEvents()
    history.grab().save(str(out / "15-history.png"))
    history.reject()
    w.close()
    print(out)


if __name__ == "__main__":
    main()
