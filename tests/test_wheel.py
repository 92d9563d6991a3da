"""The Python packages: `python -m build` (the sdist, then the wheel built from the sdist) in a copy of
the checkout without compiled catalogues, the wheel installed alone in a clean venv, and the README's
commands run from another folder, in Japanese and English (slow; CI runs it: about a minute)."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT, write_issuer

IGNORE = shutil.ignore_patterns(
    ".git",
    ".venv",
    "build",
    "dist",
    "out",
    "*.egg-info",
    "__pycache__",
    "*.mo",
    ".*_cache",
    ".hypothesis",
    ".benchmarks",
)


def _bin(venv: Path, name: str) -> Path:
    return venv / ("Scripts" if os.name == "nt" else "bin") / (name + (".exe" if os.name == "nt" else ""))


def _build(src: Path, out: Path, tmp: Path, env: dict[str, str]) -> None:
    if importlib.util.find_spec("build") is None:  # a venv made before `build` joined the test extras
        tools = tmp / "build-tool"
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--target", str(tools), "build"],
            check=True,
            env=env,
            timeout=600,
        )
        env = {**env, "PYTHONPATH": str(tools)}
    r = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(src)],
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]


@pytest.mark.slow
def test_the_wheel_alone_in_a_clean_venv_does_the_readme_commands(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, ignore=IGNORE)
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "IIJ_CONFIGURATOR_RESOURCES", "VIRTUAL_ENV", "IIJ_CONFIGURATOR_LANG")
    }
    env["PIP_CONSTRAINT"] = str(ROOT / "constraints.txt")
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    dist = tmp_path / "dist"
    _build(src, dist, tmp_path, env)
    (wheel,) = dist.glob("*.whl")
    (sdist,) = dist.glob("*.tar.gz")

    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        meta = zf.read(next(n for n in names if n.endswith("/METADATA"))).decode()
        entry_points = zf.read(next(n for n in names if n.endswith("/entry_points.txt"))).decode()
    packages = {
        str(p.parent.relative_to(ROOT).as_posix())
        for top in ("configurator", "ui")
        for p in (ROOT / top).rglob("__init__.py")
    }
    assert {"configurator/documents", "configurator/store", "ui"} <= packages
    assert {p + "/__init__.py" for p in packages} <= names  # every subpackage
    resources = {
        "configurator/resources/" + p.relative_to(ROOT / "resources").as_posix()
        for p in (ROOT / "resources").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert resources <= names and "configurator/resources/catalogue.json" in names
    assert {
        "configurator/i18n/en/LC_MESSAGES/messages.mo",
        "configurator/i18n/ja/LC_MESSAGES/messages.mo",
    } <= names
    assert not any(n.startswith(("tests/", "resources/", "i18n/")) for n in names)
    assert "License-Expression: LicenseRef-Proprietary" in meta and "Classifier: " in meta
    assert "[gui_scripts]" in entry_points and "[console_scripts]" in entry_points
    with tarfile.open(sdist) as tf:
        in_sdist = {n.split("/", 1)[1] for n in tf.getnames() if "/" in n}
    assert {
        "setup.py",
        "pyproject.toml",
        "constraints.txt",
        "resources/catalogue.json",
        "i18n/en/LC_MESSAGES/messages.po",
        "configurator/documents/quote.py",
    } <= in_sdist
    assert not any(n.endswith(".mo") for n in in_sdist)  # compiled at build time, from the .po

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    r = subprocess.run(
        [str(_bin(venv, "python")), "-m", "pip", "install", "--quiet", str(wheel)],
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )
    assert r.returncode == 0, r.stderr[-3000:]

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {
        **env,
        "IIJ_CONFIGURATOR_DATA": str(write_issuer(tmp_path / "data")),
        "QT_QPA_PLATFORM": "offscreen",
        "IIJ_CONFIGURATOR_LANG": "ja",
    }
    app = str(_bin(venv, "iij-configurator"))

    def run(*args: str, **extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [app, *args], capture_output=True, text=True, cwd=elsewhere, env={**env, **extra}, timeout=300
        )

    about = json.loads(run("about", "--json").stdout)
    resources_dir = Path(about["resources"])
    assert resources_dir.is_relative_to(venv) and resources_dir.parts[-2:] == ("configurator", "resources")
    examples = resources_dir / "examples"
    version = run("--version")
    assert version.returncode == 0 and "2024-08-01" in version.stdout and "SAMPLE-2026.11" in version.stdout
    r = run("validate", "--json", str(examples / "mixed.iij-order.json"))
    assert r.returncode == 0 and json.loads(r.stdout)["valid"] is True, r.stderr
    r = run("validate", str(examples / "invalid" / "rule-errors.iij-order.json"))
    assert r.returncode == 1 and "エラー" in r.stdout
    assert (
        run(
            "choices",
            str(examples / "vpn.iij-order.json"),
            "/vpn_networks/0/children/1/options/additional_license",
        ).returncode
        == 0
    )
    r = run("quote", str(examples / "mixed.iij-order.json"), "-o", "q.pdf", "--date", "2026-11-22")
    assert r.returncode == 0, r.stderr
    fonts = subprocess.run(
        ["pdffonts", str(elsewhere / "q.pdf")], capture_output=True, text=True, timeout=60
    ).stdout
    font_rows = fonts.splitlines()[2:]
    assert font_rows and all(" yes " in row for row in font_rows), fonts  # every font embedded
    assert run("form", str(examples / "mixed.iij-order.json"), "-o", "f.pdf").returncode == 0
    change, cancel = str(examples / "change.iij-change.json"), str(examples / "cancel.iij-cancel.json")
    for args in (
        ("price", str(examples / "mixed.iij-order.json")),
        ("pricebook", "list"),
        ("calc", "cancellation", "--notice", "2026-04-01"),
        ("change", change),
        ("cancel", cancel),
        ("change-form", change, "-o", "c.pdf"),
        ("cancel-quote", cancel, "-o", "cq.pdf"),
        ("import", "q.pdf"),
        ("drafts", "list"),
    ):
        for lang in ("ja", "en"):
            r = run(*args, IIJ_CONFIGURATOR_LANG=lang)
            assert r.returncode == 0 and "Traceback" not in r.stderr, (args, lang, r.stderr)
    assert (
        "Price book:"
        in run("price", str(examples / "mixed.iij-order.json"), IIJ_CONFIGURATOR_LANG="en").stdout
    )
    english = run(
        "validate", str(examples / "invalid" / "rule-errors.iij-order.json"), IIJ_CONFIGURATOR_LANG="en"
    )
    assert english.returncode == 1 and "Order:" in english.stdout, (
        english.stdout
    )  # the compiled English catalogue
    assert "PDF font:" in run("about", IIJ_CONFIGURATOR_LANG="en").stdout
    assert "位置引数" in run("validate", "--help").stdout
    r = run(IIJ_CONFIGURATOR_EXIT_AFTER_SHOW="1")
    assert r.returncode == 0, r.stderr  # the desktop app starts and shows its first window
    r = run(str(examples / "vpn.iij-order.json"), IIJ_CONFIGURATOR_EXIT_AFTER_SHOW="1")
    assert r.returncode == 0, r.stderr
    drafts = json.loads(run("drafts", "list", "--json").stdout)
    assert len(drafts) == 1  # the file given on the command line was opened in the app
