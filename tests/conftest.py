from __future__ import annotations

import atexit
import copy
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Properties are judged on their results, never on time: a loaded CI machine must not turn a slow
# example into a failure (speed is measured by tests/benchmarks).
settings.register_profile("project", deadline=None)
settings.load_profile("project")
os.environ.setdefault("IIJ_CONFIGURATOR_LANG", "ja")  # the tests read Japanese; test_i18n switches
# the fonts' coverage table (configurator/documents/coverage.py) is cached in a folder of this run only
if "IIJ_CONFIGURATOR_CACHE" not in os.environ:
    os.environ["IIJ_CONFIGURATOR_CACHE"] = _cache = tempfile.mkdtemp(prefix="iij-configurator-cache-")
    atexit.register(shutil.rmtree, _cache, ignore_errors=True)  # not left behind in the temp folder

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "resources" / "examples"
SHARED = Path(os.environ.get("IIJ_SHARED_DIR", ROOT.parent / "shared"))


#: a salesperson's complete issuer block: a quote is issued only with one (issue 13 B); the tests that
#: make quotes run in a data folder that has it, unless they set their own
ISSUER_SETTINGS = {
    "company": "株式会社インターネットイニシアティブ",
    "address": "東京都千代田区富士見2-10-2",
    "phone": "03-5205-6500",
    "person": "営業部 佐藤 花子",
    "registration_number": "T7000012050002",
}


def write_issuer(data_dir: Path) -> Path:
    """A data folder whose settings.json holds ISSUER_SETTINGS (merged into what is there)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / "settings.json"
    current = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    current["issuer"] = {**ISSUER_SETTINGS, **(current.get("issuer") or {})}
    path.write_text(json.dumps(current, ensure_ascii=False), encoding="utf-8")
    return data_dir


@pytest.fixture(autouse=True)
def _japanese_after_each_test() -> Iterator[None]:
    """A test that switches the UI language to English never leaves it on for the next one."""
    yield
    from configurator.text import i18n

    i18n.install("ja")  # also after a monkeypatched translation object is put back by its teardown


@pytest.fixture(autouse=True)
def _data_folder_with_an_issuer(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every test runs in its own data folder with a complete issuer, never the user's own folder."""
    monkeypatch.setenv("IIJ_CONFIGURATOR_DATA", str(write_issuer(tmp_path_factory.mktemp("data"))))


def example(name: str) -> dict[str, Any]:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


@pytest.fixture
def mixed() -> dict[str, Any]:
    return example("mixed.iij-order.json")


@pytest.fixture
def vpn_order() -> dict[str, Any]:
    return example("vpn.iij-order.json")


@pytest.fixture
def auth_order() -> dict[str, Any]:
    return example("auth.iij-order.json")


def run_cli(*args: str, stdin: bytes | None = None, env: dict[str, str] | None = None) -> Any:
    import subprocess

    return subprocess.run(
        [sys.executable, "-m", "configurator", *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


def clone(doc: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(doc)
