from __future__ import annotations

import copy
import json
import os
import sys
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

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "resources" / "examples"
SHARED = Path(os.environ.get("IIJ_SHARED_DIR", ROOT.parent / "shared"))


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
