"""Validation speed (issue #2): 1,000 sites ≤ 10 ms, 10,000 sites ≤ 100 ms, CLI validate < 0.3 s wall.

Run with `make bench`; report the medians. Nothing here asserts on time.
"cold" clears the parsed-address caches before every round (an order opened for the first time);
"warm" keeps them (the wizard revalidating after an edit, where most addresses are unchanged).
"""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from configurator.tariff.catalogue import catalogue
from configurator.tariff.rules import _address, _subnet, validate
from tests.benchmarks.orders import big_order
from tests.conftest import EXAMPLES, ROOT


def _cold_validate(doc: dict[str, Any]) -> Any:
    _subnet.cache_clear()
    _address.cache_clear()
    return validate(doc)


@pytest.mark.parametrize("cache", ["cold", "warm"])
@pytest.mark.parametrize("sites", [1000, 10000])
def test_validate_one_network(benchmark: Any, sites: int, cache: str) -> None:
    doc = big_order(sites)
    validate(doc)
    issues = benchmark(_cold_validate if cache == "cold" else validate, doc)
    expected = {"vpn.child.max"} if sites > catalogue().max_child_sites else set()
    assert {i.rule for i in issues} == expected


def test_cli_validate_small_order_wall(benchmark: Any) -> None:
    cmd = [sys.executable, "-m", "configurator", "validate", str(EXAMPLES / "mixed.iij-order.json")]

    def run() -> int:
        return subprocess.run(cmd, cwd=ROOT, capture_output=True, check=False).returncode

    assert benchmark.pedantic(run, rounds=15, iterations=1, warmup_rounds=1) == 0


@pytest.mark.parametrize("sites", [1000, 5000])
def test_load_and_schema_check(benchmark: Any, sites: int) -> None:
    """Issue #18: load + schema check of a 1,000-site order file, in process, <= 20 ms (was ~300 ms)."""
    import json

    from configurator.order.document import parse

    text = json.dumps(big_order(sites, every_option=True), ensure_ascii=False).encode("utf-8")
    parse(text)
    doc = benchmark(parse, text)
    assert len(doc["vpn_networks"][0]["children"]) == sites


@pytest.mark.parametrize("sites", [10, 5000])
def test_cli_validate_wall_by_size(benchmark: Any, sites: int, tmp_path: Any) -> None:
    """Issue #18: whole-process validate of a 5,000-site file vs a 10-site file, target <= 1.5x."""
    import json

    path = tmp_path / f"big-{sites}.iij-order.json"
    path.write_text(json.dumps(big_order(sites), ensure_ascii=False), encoding="utf-8")
    cmd = [sys.executable, "-m", "configurator", "validate", str(path)]

    def run() -> int:
        return subprocess.run(cmd, cwd=ROOT, capture_output=True, check=False).returncode

    assert benchmark.pedantic(run, rounds=7, iterations=1, warmup_rounds=1) in (0, 1)
