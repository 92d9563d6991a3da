"""Issue #18 row 2: the visits of the rule registry run their scope's rules inline (no run() per site);
the findings must be exactly those of run() per part, which the site memo of the wizard still uses.
Compared over the example orders, the invalid examples and documents mutated to break each site rule."""

from __future__ import annotations

import copy
from typing import Any

from configurator.errors import MalformedOrder
from configurator.order.document import parse
from configurator.tariff.checks.registry import ORDER, SiteMemo, check_scope
from configurator.tariff.rules import validate
from tests.benchmarks.orders import big_order
from tests.conftest import EXAMPLES


def _mutated() -> list[dict[str, Any]]:
    base = big_order(12, every_option=True)
    out = [base]
    edits = [
        ("device", "c1000_24t_4g_l"),
        ("device", "no_such_router"),
        ("device", None),
        ("term_years", 2),
        ("term_years", True),
        ("lan", ["8.8.8.0/24"]),
        ("lan", ["10.0.0.1/24", "fe80::/64", "not a subnet", "10.0.0.0/8"]),
        ("country", "US"),
        ("internet", {"provider": "other", "address": "2001:db8::1"}),
        ("internet", {"provider": "other", "name": "", "connection": "pppoe", "address": "x"}),
        ("internet", {"provider": "nobody"}),
        ("internet", None),
        ("options", {"private_switch": "isr4351", "sfp_module": 2, "vpn_module": True}),
        ("options", {"additional_license": True, "rack_mount_kit": True}),
    ]
    for n, (key, value) in enumerate(edits):
        doc = copy.deepcopy(base)
        kids = doc["vpn_networks"][0]["children"]
        for k in (n % 12, (n * 5 + 3) % 12):
            kids[k][key] = copy.deepcopy(value)
        out.append(doc)
    two = copy.deepcopy(base)  # a second network sharing a child and the parent's id
    second = copy.deepcopy(two["vpn_networks"][0])
    second["id"] = "net-2"
    second["children"] = second["children"][:3]
    second["children"][0]["id"] = two["vpn_networks"][0]["parent"]["id"]
    two["vpn_networks"].append(second)
    out.append(two)
    return out


def _documents() -> list[dict[str, Any]]:
    docs = []
    for path in sorted(EXAMPLES.glob("*.iij-order.json")) + sorted((EXAMPLES / "invalid").glob("*.json")):
        try:
            docs.append(parse(path.read_bytes()))
        except MalformedOrder:
            continue  # the rules run on documents that were read
    assert len(docs) >= 4
    return docs + _mutated()


def test_inline_visits_find_what_run_per_site_finds() -> None:
    found = 0
    for doc in _documents():
        inline = check_scope(ORDER, doc, "")
        per_part = check_scope(ORDER, doc, "", memo=SiteMemo())  # the memo's path: run() on each site
        assert inline == per_part
        assert validate(doc)[: len(inline)] == inline
        found += len(inline)
    assert found > 40  # the mutations are found, so the comparison compares findings
