"""The app in a separate process, typing into 件名 without leaving the field, to be killed.

usage: python typing_app.py TEXT   (the data folder comes from IIJ_CONFIGURATOR_DATA)
Starts the window (offscreen), begins a new order, types TEXT into 件名 key by key with the focus
kept in the field, prints "saved DRAFT_ID SECONDS" once autosave has written it, then waits to be killed.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from ui.app import make_window

    app = QApplication([])
    window = make_window()
    window.show()
    window.start.new_btn.click()
    wiz = window.wizard
    edit = next(w for p, w, _k, _i in wiz.pages["customer"].binder.fields if p() == "/title")
    edit.setFocus()
    saved: list[int] = []
    wiz.saved.connect(lambda result: saved.append(result.draft_id))
    started = time.monotonic()
    for ch in sys.argv[1]:
        QTest.keyClicks(edit, ch) if ch.isascii() else (edit.insert(ch), edit.textEdited.emit(edit.text()))
    typed = time.monotonic()
    while not saved:
        QTest.qWait(20)
        if time.monotonic() - typed > 10:
            print("not saved within 10 s of the last keystroke", flush=True)
            break
    if not saved:
        return
    print(f"saved {saved[-1]} {time.monotonic() - typed:.2f} {typed - started:.2f}", flush=True)
    assert edit.hasFocus() or not app.focusWidget()  # the field was never left
    while True:  # wait for the kill, still running like the app
        QTest.qWait(50)


if __name__ == "__main__":
    main()
