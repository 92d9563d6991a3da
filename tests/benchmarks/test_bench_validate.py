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
