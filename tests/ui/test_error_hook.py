"""An exception nothing caught: the order is saved, the details logged, the user told in words."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from tests.conftest import EXAMPLES


def test_an_unexpected_error_saves_the_order_and_says_so(window: Any, store: Any, data_dir: Path,
                                                          monkeypatch: Any) -> None:
    import ui.common
    from ui.app import report_unexpected

    told: list[str] = []
    monkeypatch.setattr(ui.common, "inform", lambda _parent, _title, text: told.append(text))
    window.open_path(str(EXAMPLES / "vpn.iij-order.json"))
    wiz = window.wizard
    wiz.session.set("/title", "落ちる直前の件名")  # not yet autosaved
    try:
        raise RuntimeError("想定外")
    except RuntimeError:
        exc_type, exc, tb = sys.exc_info()
    assert exc_type is not None and exc is not None
    log = report_unexpected(window, exc_type, exc, tb)

    assert store.load(wiz.session.draft_id)[1]["title"] == "落ちる直前の件名"
    assert Path(log).parent == data_dir / "logs"
    details = Path(log).read_text(encoding="utf-8")
    assert "Traceback" in details and "RuntimeError: 想定外" in details
    [message] = told
    assert "アプリの不具合" in message and "下書きに保存しました" in message and log in message
    assert "Traceback" not in message and "File \"" not in message


def test_a_known_error_that_slipped_through_is_told_as_itself(window: Any, monkeypatch: Any) -> None:
    import ui.common
    from configurator.errors import KnownError
    from ui.app import report_unexpected

    told: list[str] = []
    monkeypatch.setattr(ui.common, "inform", lambda _parent, _title, text: told.append(text))
    err = KnownError("ディスクがいっぱいです。空きを作ってください。")
    report_unexpected(window, KnownError, err, None)
    assert told[0].startswith("ディスクがいっぱいです。空きを作ってください。")
    assert "編集中の注文はありません" in told[0]


def test_the_hook_is_installed_and_routes_to_the_report(window: Any, monkeypatch: Any) -> None:
    import ui.app

    seen: list[str] = []
    monkeypatch.setattr(ui.app, "report_unexpected", lambda _w, _t, exc, _tb: seen.append(str(exc)) or "")
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    ui.app.install_error_hook(window)
    sys.excepthook(ValueError, ValueError("x"), None)
    assert seen == ["x"]
