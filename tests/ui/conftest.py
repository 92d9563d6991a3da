from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _collector_walks_all_again() -> Any:
    """The app leaves what it keeps out of the collector's walks once its wizard is built (gc.freeze,
    once per process); the tests make many windows in one process: each test's are collectable again."""
    import gc

    yield
    gc.unfreeze()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Path:
    """The app's data folder, with a salesperson's complete issuer (a quote is issued only with one),
    unless the test module says ISSUER_FREE = True (the issuer settings tests)."""
    from tests.conftest import write_issuer

    d = tmp_path / "data"
    if not getattr(request.module, "ISSUER_FREE", False):
        write_issuer(d)
    monkeypatch.setenv("IIJ_CONFIGURATOR_DATA", str(d))
    return d


@pytest.fixture
def store(data_dir: Path) -> Any:
    from configurator.store.drafts import DraftStore

    s = DraftStore.open(data_dir)
    yield s
    s.close()


@pytest.fixture
def window(qtbot: Any, store: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    import ui.common
    import ui.pages
    import ui.wizard
    from ui.app import make_window

    # never a modal dialog in a test
    for mod in (ui.common, ui.pages, ui.wizard):
        if hasattr(mod, "confirm"):
            monkeypatch.setattr(mod, "confirm", lambda *a, **k: True)
        if hasattr(mod, "inform"):
            monkeypatch.setattr(mod, "inform", lambda *a, **k: None)
    w = make_window(store)
    qtbot.addWidget(w)
    w.resize(1280, 820)
    w.show()
    return w
