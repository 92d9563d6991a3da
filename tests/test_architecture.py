"""configurator/ is the domain and never imports Qt; ui/ holds no tariff facts."""

from __future__ import annotations

import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import configurator

ROOT = Path(__file__).resolve().parent.parent


def test_configurator_never_imports_qt() -> None:
    mods = [m.name for m in pkgutil.walk_packages(configurator.__path__, "configurator.") if m.name != "configurator.__main__"]
    code = "import sys\n" + "".join(f"import {m}\n" for m in mods) + (
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'PySide6', 'shiboken6', 'ui'}))"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert r.stdout.strip() == "[]"
    assert len(mods) >= 8


def test_ui_cites_no_article_and_holds_no_price() -> None:
    for path in (ROOT / "ui").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"第[0-9０-９]+条", text), path
        assert not re.search(r"\d[\d,]*円", text), path
