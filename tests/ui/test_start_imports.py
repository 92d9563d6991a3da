"""Start-up (issue 18): what the start window needs, and nothing more, is loaded before it shows: not
the wizard and its pages, not ReportLab, not sqlite-utils (an existing store is read with the standard
library), not the rules; no regular expression of the app is compiled and no font parsed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

PROBE = """
import os, re, sys
ours = tuple(os.path.join(os.getcwd(), top) + os.sep for top in ("configurator", "ui"))
compiled = set()
_compile = re.compile
def spy(pattern, flags=0):
    where = sys._getframe(1).f_code.co_filename
    if where.startswith(ours):
        compiled.add(where)
    return _compile(pattern, flags)
re.compile = spy
from configurator.__main__ import main
code = main([])
tops = ("ui", "configurator", "reportlab", "sqlite_utils", "jsonschema", "jsonschema_rs", "PIL")
print("CODE", code)
print("LOADED", *sorted(m for m in sys.modules if m.split(".")[0] in tops))
print("COMPILED", *sorted(compiled))
"""


def _start(env: dict[str, str]) -> dict[str, list[str]]:
    r = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return {line.split()[0]: line.split()[1:] for line in r.stdout.splitlines() if line.strip()}


def test_the_start_window_shows_before_the_wizard_reportlab_or_sqlite_utils_is_loaded(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "IIJ_CONFIGURATOR_DATA": str(tmp_path),
        "QT_QPA_PLATFORM": "offscreen",
        "IIJ_CONFIGURATOR_EXIT_AFTER_SHOW": "1",
    }
    assert "sqlite_utils" in _start(env)["LOADED"]  # the first start makes the store (its migration)
    second = _start(env)
    loaded = set(second["LOADED"])
    assert second["CODE"] == ["0"]
    assert {"ui.app", "ui.start", "configurator.store.drafts"} <= loaded  # it did show the start window
    assert not loaded & {
        "ui.wizard",
        "ui.pages",
        "configurator.tariff.rules",
        "configurator.session.order_session",
        "configurator.team.sync",  # without team settings, no sync machinery
        "configurator.team.local",
    }
    assert not {m.split(".")[0] for m in loaded} & {"reportlab", "sqlite_utils", "jsonschema", "PIL"}
    assert "configurator.documents.fonts" not in loaded  # no font parsed
    assert second["COMPILED"] == []
