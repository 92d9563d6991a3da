"""Desktop integration and the launcher: the window's names match the .desktop entry, the entry and the
MIME type install for the user and uninstall, `iij-configurator FILE` opens the file in the app, and an
error while starting the app is kept in a log whose path is told."""

from __future__ import annotations

import configparser
import io
import json
import os
import shutil
import subprocess
import sys
from contextlib import redirect_stderr
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES, ROOT, run_cli, write_issuer

DESKTOP = ROOT / "resources" / "desktop" / "iij-configurator.desktop"
MIME = ROOT / "resources" / "desktop" / "iij-configurator-mime.xml"


def _entry(text: str) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(text)
    return parser["Desktop Entry"]


def test_the_window_class_desktop_name_and_icon_match_the_desktop_entry(qapp: Any) -> None:
    from ui.app import prepare_app

    prepare_app(qapp)
    entry = _entry(DESKTOP.read_text(encoding="utf-8"))
    assert entry["StartupWMClass"] == qapp.applicationName() == "iij-configurator"
    assert qapp.desktopFileName() == DESKTOP.stem  # Wayland's app_id is the .desktop file's name
    assert not qapp.windowIcon().isNull() and entry["Icon"] == "iij-configurator"
    assert (ROOT / "resources" / "icons" / f"{entry['Icon']}.png").exists()
    assert entry["Exec"].endswith(" %f") and entry["Terminal"] == "false"
    assert "application/x-iij-order+json" in entry["MimeType"].split(";")
    mime = MIME.read_text(encoding="utf-8")
    assert 'type="application/x-iij-order+json"' in mime and 'pattern="*.iij-order.json"' in mime


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="freedesktop.org integration is for Linux")
def test_desktop_install_and_uninstall_for_the_user(tmp_path: Path) -> None:
    home = tmp_path / "share"
    env = {"XDG_DATA_HOME": str(home), "IIJ_CONFIGURATOR_DATA": str(write_issuer(tmp_path / "data"))}
    r = run_cli("desktop", "install", env=env)
    assert r.returncode == 0, r.stderr.decode()
    desktop = home / "applications" / "iij-configurator.desktop"
    icon = home / "icons" / "hicolor" / "256x256" / "apps" / "iij-configurator.png"
    mime = home / "mime" / "packages" / "iij-configurator.xml"
    for path in (desktop, icon, mime):
        assert str(path) in r.stdout.decode() and path.exists()
    exec_line = _entry(desktop.read_text(encoding="utf-8"))["Exec"]
    program = exec_line.split(" ")[0].strip("'")
    assert (
        os.path.isabs(program) and os.path.exists(program) and exec_line.endswith(" %f")
    )  # this installation
    if shutil.which("update-mime-database"):  # shared-mime-info: the database knows the order files now
        assert "*.iij-order.json" in (home / "mime" / "globs2").read_text(encoding="utf-8")
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(desktop)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
    r = run_cli("desktop", "uninstall", env=env)
    assert r.returncode == 0 and not desktop.exists() and not icon.exists() and not mime.exists()
    if shutil.which("update-mime-database"):
        assert "iij-order" not in (home / "mime" / "globs2").read_text(encoding="utf-8")
    assert "登録されていません" in run_cli("desktop", "uninstall", env=env).stdout.decode()


def _open_in_app(path: Path, data: Path) -> subprocess.CompletedProcess[bytes]:
    env = {
        **os.environ,
        "IIJ_CONFIGURATOR_DATA": str(data),
        "QT_QPA_PLATFORM": "offscreen",
        "IIJ_CONFIGURATOR_EXIT_AFTER_SHOW": "1",
    }
    return subprocess.run(
        [sys.executable, "-m", "configurator", str(path)], capture_output=True, cwd=ROOT, env=env, timeout=120
    )


def test_a_file_argument_opens_the_order_or_the_pdf_in_the_app(tmp_path: Path) -> None:
    data = write_issuer(tmp_path / "data")
    order = EXAMPLES / "vpn.iij-order.json"
    title = json.loads(order.read_text(encoding="utf-8"))["title"]
    r = _open_in_app(order, data)
    assert r.returncode == 0, r.stderr.decode()
    assert "選べない値" not in r.stderr.decode()
    pdf = tmp_path / "quote.pdf"
    assert (
        run_cli(
            "quote",
            str(order),
            "-o",
            str(pdf),
            "--date",
            "2026-11-22",
            env={"IIJ_CONFIGURATOR_DATA": str(data)},
        ).returncode
        == 0
    )
    r = _open_in_app(pdf, data)
    assert r.returncode == 0, r.stderr.decode()
    drafts = json.loads(run_cli("drafts", "list", "--json", env={"IIJ_CONFIGURATOR_DATA": str(data)}).stdout)
    assert [d["title"] for d in drafts] == [title, title]  # the order file, then the order inside the PDF


def test_an_error_starting_the_app_is_logged_and_told(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ui.app
    from configurator.__main__ import EXIT_BUG, start_app

    def broken(**_kw: Any) -> int:
        raise RuntimeError("simulated start-up bug")

    monkeypatch.setenv("IIJ_CONFIGURATOR_DATA", str(tmp_path))
    monkeypatch.setattr(ui.app, "run", broken)
    err = io.StringIO()
    with redirect_stderr(err):
        assert start_app() == EXIT_BUG
    logs = list((tmp_path / "logs").glob("error-*.txt"))
    assert len(logs) == 1 and str(logs[0]) in err.getvalue() and "Traceback" not in err.getvalue()
    assert "RuntimeError: simulated start-up bug" in logs[0].read_text(encoding="utf-8")
