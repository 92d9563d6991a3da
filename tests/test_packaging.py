"""The PyInstaller one-folder build: built on this machine, then run headless (slow; CI runs it)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT, write_issuer


@pytest.mark.slow
def test_frozen_app_validates_and_exports_a_quote(tmp_path: Path) -> None:
    pyinstaller = Path(sys.executable).with_name("pyinstaller")
    build = subprocess.run(
        [
            str(pyinstaller),
            "--noconfirm",
            "--clean",
            "--distpath",
            str(tmp_path / "dist"),
            "--workpath",
            str(tmp_path / "build"),
            str(ROOT / "packaging" / "iij-configurator.spec"),
        ],
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert build.returncode == 0, build.stderr[-3000:]
    app = tmp_path / "dist" / "iij-configurator" / "iij-configurator"
    env = {k: v for k, v in os.environ.items() if not k.startswith("IIJ_CONFIGURATOR_RESOURCES")}
    env["IIJ_CONFIGURATOR_DATA"] = str(write_issuer(tmp_path / "data"))
    env["QT_QPA_PLATFORM"] = "offscreen"
    r = subprocess.run(
        [str(app), "validate", "--json", str(EXAMPLES / "mixed.iij-order.json")],
        capture_output=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr.decode()
    assert json.loads(r.stdout)["valid"] is True
    out = tmp_path / "q.pdf"
    r = subprocess.run(
        [str(app), "quote", str(EXAMPLES / "mixed.iij-order.json"), "-o", str(out), "--date", "2026-11-22"],
        capture_output=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr.decode()
    assert out.read_bytes().startswith(b"%PDF-")
    about = json.loads(
        subprocess.run(
            [str(app), "about", "--json"], capture_output=True, env=env, cwd=tmp_path, timeout=120
        ).stdout
    )
    assert about["pdf_font"]["source"] == "bundled" and about["pdf_font"]["embedded"]
    assert (Path(about["resources"]) / "fonts" / "licence").exists()
    english = subprocess.run(
        [str(app), "about"],
        capture_output=True,
        env={**env, "IIJ_CONFIGURATOR_LANG": "en"},
        cwd=tmp_path,
        timeout=120,
    )
    assert "PDF font:" in english.stdout.decode()  # the compiled English catalogue is in the bundle
    r = subprocess.run(
        [str(app)],
        env={**env, "IIJ_CONFIGURATOR_EXIT_AFTER_SHOW": "1"},
        capture_output=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr.decode()  # the desktop app starts and shows its first page
    r = subprocess.run(
        [str(app), str(EXAMPLES / "vpn.iij-order.json")],
        env={**env, "IIJ_CONFIGURATOR_EXIT_AFTER_SHOW": "1"},
        capture_output=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr.decode()  # a file given on the command line opens in the app
    assert (
        "2024-08-01"
        in subprocess.run(
            [str(app), "--version"], capture_output=True, env=env, cwd=tmp_path, timeout=120
        ).stdout.decode()
    )

    # lean: only the Babel locales and Qt translations the app uses, no GTK theme
    internal = app.parent / "_internal"
    assert {p.stem for p in (internal / "babel" / "locale-data").glob("*.dat")} == {"root", "ja", "ja_JP"}
    assert {p.name for p in (internal / "PySide6" / "Qt" / "translations").glob("*.qm")} == {
        "qtbase_ja.qm",
        "qt_ja.qm",
    }
    assert not list(internal.rglob("libqgtk3*")) and not list(internal.glob("libgtk-3*"))
    assert (internal / "resources" / "icons" / "iij-configurator.png").exists()
    size = sum(f.stat().st_size for f in app.parent.rglob("*") if f.is_file() and not f.is_symlink())
    print(f"bundle: {size / 1e6:.0f} MB")
