"""The desktop app's entry point.

For now: a start window that opens an order file and lists every issue the rule engine reports,
with its citation. The wizard of issue #6 replaces the body of this window.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from configurator.errors import KnownError
from configurator.order import load
from configurator.rules import has_errors, validate


class StartWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("IIJ 注文構成ツール")
        self.resize(900, 600)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        heading = QLabel("IIJマネージドVPN PRO / IIJ認証アウトソース 注文構成ツール")
        heading.setStyleSheet("font-size: 16pt; font-weight: bold;")
        layout.addWidget(heading)
        self.status = QLabel("注文ファイル(.iij-order.json)を開くと、規程の全ルールで検査します。")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.open_button = QPushButton("注文ファイルを開く(&O)…")
        self.open_button.setAccessibleName("注文ファイルを開く")
        self.open_button.clicked.connect(self.choose_file)
        layout.addWidget(self.open_button, alignment=Qt.AlignmentFlag.AlignLeft)
        self.issues = QListWidget()
        self.issues.setAccessibleName("検査結果")
        self.issues.setWordWrap(True)
        layout.addWidget(self.issues, 1)
        self.setCentralWidget(body)

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "注文ファイルを開く", str(Path.home()),
                                              "IIJ注文ファイル (*.iij-order.json *.json)")
        if path:
            self.open_order(path)

    def open_order(self, path: str) -> None:
        self.issues.clear()
        try:
            doc = load(path)
        except KnownError as exc:
            self.status.setText(f"読み込めません: {exc}")
            return
        found = validate(doc)
        title = doc.get("title") or Path(path).name
        if not found:
            self.status.setText(f"「{title}」: 問題はありません。")
        else:
            errors = sum(1 for i in found if i.is_error)
            self.status.setText(
                f"「{title}」: エラー {errors}件、警告 {len(found) - errors}件"
                + ("(エラーを直すまで見積書・申込書は作成できません)" if has_errors(found) else "")
            )
        for issue in found:
            mark = "エラー" if issue.is_error else "警告"
            item = QListWidgetItem(f"[{mark}] {issue.message}\n    {issue.path}  根拠: {issue.cite()}")
            item.setData(Qt.ItemDataRole.UserRole, issue.path)
            self.issues.addItem(item)


def run(argv: list[str] | None = None) -> int:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    window = StartWindow()
    window.show()
    return int(app.exec())
