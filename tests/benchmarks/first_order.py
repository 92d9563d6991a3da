"""One fresh app process: the start screen shown, then the first 新しい注文 timed (wall clock and the UI
thread's CPU time), printed as JSON. `cold`: at once; `warm`: after the app's idle preparation
(MainWindow.prepare_when_idle: caches warmed on a worker thread, the wizard built a page at a time) has
ended, as when the user reads the start screen for a moment first. Run by test_bench_steps.py."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import sys
import tempfile
import time


def main(mode: str) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["IIJ_CONFIGURATOR_DATA"] = data = tempfile.mkdtemp(prefix="iij-bench-")
    atexit.register(shutil.rmtree, data, ignore_errors=True)
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from ui.app import make_window

    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = make_window()
    window.resize(1280, 820)
    window.show()
    app.processEvents()
    if mode == "warm":
        window.prepare_when_idle(0)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and (
            window.wizard is None or len(window.wizard.pages.built()) < len(window.wizard.pages)
        ):
            QTest.qWait(20)
    wall, cpu = time.perf_counter(), time.thread_time()
    window.new_order()
    app.processEvents()
    wall, cpu = time.perf_counter() - wall, time.thread_time() - cpu
    print(json.dumps({"wall_ms": 1000 * wall, "cpu_ms": 1000 * cpu}))
    window.wizard.autosave_timer.stop()
    window.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "cold")
