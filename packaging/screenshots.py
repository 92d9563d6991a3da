"""Screenshots of every screen of the app (offscreen Qt, Japanese font from the system), for looking at
them as a new user would and for the user guide: out/screens/NN-page.png

usage: .venv/bin/python packaging/screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["IIJ_CONFIGURATOR_DATA"] = tempfile.mkdtemp(prefix="iij-screens-")


def main() -> None:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from ui.app import make_window

    out = ROOT / "out" / "screens"
    out.mkdir(parents=True, exist_ok=True)
    w = make_window()
    w.resize(1280, 820)
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
            wiz.preview()
        app.processEvents()
        w.grab().save(str(out / f"{n:02d}-{page_id}.png"))
    w.close()
    print(out)


if __name__ == "__main__":
    main()
