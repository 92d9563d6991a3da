"""The Qt bindings keep Python's reference counts: a binding that drops a reference to None on every
void call (PySide6 6.12.0 on Python 3.11) kills the app after a few thousand calls with
"Fatal Python error: none_dealloc" — filling a 1,000-site table was enough. pyproject.toml keeps such
a version out; this test proves the installed pair is sound."""

from __future__ import annotations

import sys
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QTableWidget, QTableWidgetItem


def test_void_calls_keep_the_reference_counts_of_none_and_the_booleans(qtbot: Any) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    table = QTableWidget(4, 4)
    qtbot.addWidget(table)
    combo = QComboBox()
    qtbot.addWidget(combo)
    item = QTableWidgetItem("x")

    def calls() -> None:
        label.setText("a")
        label.setEnabled(True)
        label.setVisible(False)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        item.setCheckState(Qt.CheckState.Checked)
        table.setItem(1, 1, QTableWidgetItem("y"))
        combo.setCurrentIndex(-1)

    calls()
    before = (sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False))
    for _ in range(2000):
        calls()
    after = (sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False))
    # unchanged within noise (other objects may take or drop a few references meanwhile)
    assert all(a - b > -50 for a, b in zip(after, before, strict=True)), (before, after)
